import * as vscode from "vscode";
import type { JunctionApi } from "../../src/host/extension.ts";

export const EXTENSION_ID = "junction-dev.junction";

export async function activateJunction(): Promise<JunctionApi> {
  const extension = vscode.extensions.getExtension<JunctionApi>(EXTENSION_ID);
  if (!extension) throw new Error(`${EXTENSION_ID} is not installed in this extension host`);
  return extension.activate();
}

/** Polls until `condition` holds; fails with `what` after `timeoutMs`. Bounded, never spins forever. */
export async function waitFor(what: string, condition: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await condition()) return;
    await sleep(50);
  }
  throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Sets a user-level Junction setting for the test, returning a function that restores it. */
export async function setUserSetting(key: string, value: unknown): Promise<() => Promise<void>> {
  const section = vscode.workspace.getConfiguration("junction");
  const previous = section.inspect(key)?.globalValue;
  await section.update(key, value, vscode.ConfigurationTarget.Global);
  return async () => {
    await vscode.workspace.getConfiguration("junction").update(key, previous, vscode.ConfigurationTarget.Global);
  };
}

export function workspaceFile(relativePath: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error("the suite needs a workspace folder (the demo workspace)");
  return vscode.Uri.joinPath(folder.uri, relativePath);
}

export async function closeAllEditors(): Promise<void> {
  await vscode.commands.executeCommand("workbench.action.closeAllEditors");
}
