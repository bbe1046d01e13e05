import * as vscode from "vscode";
import type { LocalHealth } from "../core/index.ts";
import { describeLocalProblem } from "./localModelMessages.ts";

/** The `$(shield) Junction` item: local model state at a glance; a click opens the panel. */
export class JunctionStatusBar implements vscode.Disposable {
  readonly #item: vscode.StatusBarItem;

  constructor(openPanelCommand: string) {
    this.#item = vscode.window.createStatusBarItem("junction.status", vscode.StatusBarAlignment.Right, 100);
    this.#item.name = "Junction";
    this.#item.command = openPanelCommand;
    this.#item.text = "$(shield) Junction";
    this.#item.show();
  }

  show(health: LocalHealth, busy = false): void {
    const item = this.#item;
    const tooltip = new vscode.MarkdownString(undefined, true);
    tooltip.appendMarkdown(`**Junction** — ${vscode.l10n.t("local model endpoint")} \`${health.endpoint}\`\n\n`);
    item.backgroundColor = undefined;
    switch (health.state) {
      case "checking":
        item.text = "$(loading~spin) Junction";
        tooltip.appendMarkdown(vscode.l10n.t("Checking the local model…"));
        break;
      case "ready":
        item.text = `${busy ? "$(loading~spin)" : "$(shield)"} Junction${health.simulated ? ` · ${vscode.l10n.t("simulated models")}` : ""}`;
        if (health.simulated) {
          tooltip.appendMarkdown(vscode.l10n.t("Completions come from Junction's **simulated** model server (no Ollama was found). Start Ollama and reload to use a real model."));
          tooltip.appendMarkdown("\n\n");
        }
        tooltip.appendMarkdown(vscode.l10n.t("Completions: {0} on Ollama {1}, on this machine.", `\`${health.model}\``, health.version));
        break;
      case "unavailable":
        item.text = `$(warning) Junction: ${shortProblem(health.problem)}`;
        item.backgroundColor = new vscode.ThemeColor("statusBarItem.warningBackground");
        tooltip.appendMarkdown(describeLocalProblem(health));
        break;
    }
    tooltip.appendMarkdown(`\n\n${vscode.l10n.t("Click to open the Junction panel.")}`);
    item.tooltip = tooltip;
    item.accessibilityInformation = { label: `Junction: ${accessibleState(health)}` };
  }

  dispose(): void {
    this.#item.dispose();
  }
}

function shortProblem(problem: Extract<LocalHealth, { state: "unavailable" }>["problem"]): string {
  switch (problem) {
    case "unreachable":
      return vscode.l10n.t("Ollama offline");
    case "model-not-found":
      return vscode.l10n.t("model missing");
    case "model-lacks-insert":
      return vscode.l10n.t("model can't fill in the middle");
    case "model-is-remote":
      return vscode.l10n.t("model is remote");
    default:
      return vscode.l10n.t("local model error");
  }
}

function accessibleState(health: LocalHealth): string {
  if (health.state === "unavailable") return describeLocalProblem(health);
  if (health.state === "ready" && health.simulated) return `ready (${vscode.l10n.t("simulated models")})`;
  return health.state;
}
