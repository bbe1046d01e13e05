import * as vscode from "vscode";
import { wordPrivacyReasons } from "../../words/index.ts";
import type { FolderPrivacy } from "../../core/index.ts";

/** How a folder is classified now, to show before the user chooses. */
export type FolderPrivacyLookup = (folder: vscode.WorkspaceFolder) => Promise<FolderPrivacy | undefined>;

/**
 * `junction.setFolderPrivacyMode` (the panel's "Keep this folder local-only" / "Allow cloud for
 * this folder"): writes `junction.privacy.mode` in the folder's settings. Allowing the cloud asks
 * first, and only in a trusted workspace, where DESIGN §2 lets folder settings loosen privacy.
 */
export function setFolderPrivacyModeCommand(lookup: FolderPrivacyLookup) {
  return async (folderUri?: unknown, mode?: unknown): Promise<boolean> => {
    const folder = typeof folderUri === "string" ? vscode.workspace.getWorkspaceFolder(vscode.Uri.parse(folderUri)) : await pickFolder();
    if (!folder) return false;
    const target = mode === "cloud-allowed" || mode === "local-only" ? mode : await pickMode(folder, await lookup(folder).catch(() => undefined));
    if (!target) return false;
    const section = vscode.workspace.getConfiguration("junction", folder.uri);
    if (target === "cloud-allowed") {
      if (!vscode.workspace.isTrusted) {
        void vscode.window.showWarningMessage(
          vscode.l10n.t("Junction keeps {0} local-only: this workspace is not trusted. Trust it first (Workspace Trust), then allow the cloud.", folder.name),
        );
        return false;
      }
      const allow = vscode.l10n.t("Allow Cloud");
      const choice = await vscode.window.showWarningMessage(
        vscode.l10n.t("Allow the cloud model for {0}?", folder.name),
        {
          modal: true,
          detail: vscode.l10n.t(
            'Complex requests from this folder may then be sent to {0}. Local-only files, git-ignored files and secrets still stay on this machine. This writes junction.privacy.mode = "cloud-allowed" to the folder\'s settings.',
            section.get<string>("cloud.endpoint") ?? "the cloud endpoint",
          ),
        },
        allow,
      );
      if (choice !== allow) return false;
    }
    await section.update("privacy.mode", target, vscode.ConfigurationTarget.WorkspaceFolder);
    // Ticks the walkthrough's step once the stance is chosen, not when the command starts: the
    // walkthrough redraws when a step ticks, and a redraw under the open picks closed them.
    void vscode.commands.executeCommand("setContext", "junction.privacyStanceChosen", true);
    const userMode = section.inspect<string>("privacy.mode")?.globalValue;
    if (target === "cloud-allowed" && userMode === "local-only") {
      void vscode.window.showInformationMessage(
        vscode.l10n.t("{0} is set to cloud-allowed, but your user settings say local-only, and the stricter value wins.", folder.name),
      );
    }
    return true;
  };
}

async function pickFolder(): Promise<vscode.WorkspaceFolder | undefined> {
  const folders = vscode.workspace.workspaceFolders ?? [];
  // One folder: there is nothing to choose between.
  if (folders.length === 1) return folders[0];
  return openedAgainIfClosedAtOnce(() =>
    vscode.window.showWorkspaceFolderPick({ placeHolder: vscode.l10n.t("Which folder's privacy stance?"), ignoreFocusOut: true }),
  );
}

/** Faster than anyone answers a pick: a pick closed this soon was closed by the workbench. */
const CLOSED_AT_ONCE_MS = 500;

/**
 * Opened from the walkthrough, a pick can be closed by the walkthrough redrawing itself right after
 * the click (it resolves with nothing, as if dismissed); such a pick is opened again, once.
 */
async function openedAgainIfClosedAtOnce<T>(show: () => Thenable<T | undefined>): Promise<T | undefined> {
  const shown = Date.now();
  const answer = await show();
  return answer === undefined && Date.now() - shown < CLOSED_AT_ONCE_MS ? show() : answer;
}

async function pickMode(folder: vscode.WorkspaceFolder, now: FolderPrivacy | undefined): Promise<"local-only" | "cloud-allowed" | undefined> {
  // The classification and its reasons come first: the choice is informed, not blind.
  const current = now
    ? vscode.l10n.t(
        "Now: {0} — {1}",
        now.cloudAllowed ? vscode.l10n.t("cloud allowed") : vscode.l10n.t("local-only"),
        wordPrivacyReasons(now.reasons).join("; "),
      )
    : undefined;
  const picked = await openedAgainIfClosedAtOnce(() =>
    vscode.window.showQuickPick(
      [
        {
          label: vscode.l10n.t("Keep {0} local-only", folder.name),
          detail: vscode.l10n.t("Nothing from this folder leaves the machine."),
          mode: "local-only" as const,
        },
        {
          label: vscode.l10n.t("Allow the cloud model for {0}", folder.name),
          detail: vscode.l10n.t("Complex requests may go to the cloud model; local-only files, git-ignored files and secrets still stay here."),
          mode: "cloud-allowed" as const,
        },
      ],
      {
        title: vscode.l10n.t("Privacy stance for {0}", folder.name),
        placeHolder: current ?? vscode.l10n.t("Privacy stance for {0}", folder.name),
        ignoreFocusOut: true,
      },
    ),
  );
  return picked?.mode;
}
