import * as vscode from "vscode";
import type { LocalHealth } from "../../core/index.ts";

export const WALKTHROUGH_ID = "gettingStarted";

/** Problems that mean the server answered: it is found, only the model is wrong. */
const SERVER_ANSWERED: ReadonlySet<string> = new Set(["model-not-found", "model-lacks-insert", "model-is-remote", "bad-request"]);

/**
 * The walkthrough's first two steps complete on context keys, set after the user's own check or
 * pull. Not on every health change: VS Code registers a walkthrough's completion events when it
 * first shows it, and an `onContext` expression already true then never completes its step.
 */
export function updateWalkthroughContext(health: LocalHealth): void {
  const found = health.state === "ready" || (health.state === "unavailable" && SERVER_ANSWERED.has(health.problem));
  void vscode.commands.executeCommand("setContext", "junction.localServerFound", found);
  void vscode.commands.executeCommand("setContext", "junction.localModelReady", health.state === "ready");
}

/** `Junction: Get Started` — the walkthrough, also reachable from Help → Welcome. */
export function openWalkthroughCommand(extensionId: string) {
  return async (): Promise<void> => {
    await vscode.commands.executeCommand("workbench.action.openWalkthrough", `${extensionId}#${WALKTHROUGH_ID}`, false);
  };
}

const PRACTICE_TEXT = [
  "// Junction practice file",
  "// Wait a moment after `return ` below: the local model's suggestion appears as grey ghost",
  "// text. Tab accepts it, Esc dismisses it. Untitled files never leave this machine.",
  "",
  "interface LineItem {",
  "  name: string;",
  "  unitPrice: number;",
  "  quantity: number;",
  "}",
  "",
  "export function orderTotal(items: LineItem[]): number {",
  "  return ",
  "}",
  "",
].join("\n");

/**
 * `Junction: Open a Practice File` — an untitled TypeScript file with the cursor where a
 * completion is obvious: the walkthrough's last step ends on ghost text, not on reading.
 */
export function openPracticeFileCommand() {
  return async (): Promise<vscode.TextEditor> => {
    const document = await vscode.workspace.openTextDocument({ language: "typescript", content: PRACTICE_TEXT });
    const editor = await vscode.window.showTextDocument(document, { preview: false });
    const line = document.lineAt(PRACTICE_TEXT.split("\n").indexOf("  return "));
    editor.selection = new vscode.Selection(line.range.end, line.range.end);
    await vscode.commands.executeCommand("editor.action.inlineSuggest.trigger");
    return editor;
  };
}
