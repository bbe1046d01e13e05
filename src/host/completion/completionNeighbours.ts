import * as vscode from "vscode";
import type { Logger } from "../../core/index.ts";

/**
 * Other extensions that offer inline completions. Two providers fight over the ghost text (VS Code
 * shows one, and which one is not the user's choice), so Junction says once which are there and
 * lets the user pick who owns inline completions. It never changes another extension's settings
 * without that click.
 */
interface Neighbour {
  id: string;
  name: string;
  /** Whether its inline completions are on, where its settings say so. */
  completionsOn?: () => boolean;
  /** Built into VS Code: present for everyone, so it competes only once the user signed in to it. */
  builtIn?: { authenticationProvider: string };
}

const copilotOn = (): boolean => {
  if (vscode.workspace.getConfiguration("chat").get<boolean>("disableAIFeatures") === true) return false;
  const enable = vscode.workspace.getConfiguration("github.copilot").get<Record<string, boolean>>("enable");
  return enable?.["*"] !== false;
};

const KNOWN: readonly Neighbour[] = [
  // Copilot's completions moved into the Copilot Chat extension in 2025; older installs have both.
  { id: "GitHub.copilot", name: "GitHub Copilot", completionsOn: copilotOn },
  { id: "GitHub.copilot-chat", name: "GitHub Copilot", completionsOn: copilotOn, builtIn: { authenticationProvider: "github" } },
  { id: "Codeium.codeium", name: "Windsurf (Codeium)" },
  { id: "TabNine.tabnine-vscode", name: "Tabnine" },
  { id: "Continue.continue", name: "Continue" },
  { id: "supermaven.supermaven", name: "Supermaven" },
  { id: "sourcegraph.cody-ai", name: "Cody" },
  { id: "AmazonWebServices.amazon-q-vscode", name: "Amazon Q" },
  { id: "rjmacarthy.twinny", name: "Twinny" },
  { id: "ggml-org.llama-vscode", name: "llama.vscode" },
];

const NOTICE_KEY = "junction.completionNeighbours.noticed";

/** Installed extensions whose inline completions compete with Junction's, by display name. */
export async function competingCompletionProviders(): Promise<string[]> {
  const names: string[] = [];
  for (const neighbour of KNOWN) {
    if (!vscode.extensions.getExtension(neighbour.id) || !(neighbour.completionsOn?.() ?? true)) continue;
    if (neighbour.builtIn && !(await signedIn(neighbour.builtIn.authenticationProvider))) continue;
    names.push(neighbour.name);
  }
  return [...new Set(names)];
}

/** Whether the user is signed in to the provider; asks nothing of the user. */
async function signedIn(providerId: string): Promise<boolean> {
  try {
    return (await vscode.authentication.getAccounts(providerId)).length > 0;
  } catch {
    return false;
  }
}

export type CompletionOwner = "junction" | "other";

/**
 * `Junction: Choose Who Offers Inline Completions` — "junction" turns Copilot's off
 * (`github.copilot.enable`, user settings, other languages' entries kept); "other" turns Junction's off.
 */
export function chooseCompletionOwnerCommand(logger: Logger) {
  return async (owner?: unknown): Promise<CompletionOwner | undefined> => {
    const choice = owner === "junction" || owner === "other" ? owner : await pickOwner();
    if (!choice) return undefined;
    if (choice === "other") {
      await vscode.workspace.getConfiguration("junction").update("completion.enabled", false, vscode.ConfigurationTarget.Global);
      logger.info("Inline completions: left to the other extension; Junction's are off (junction.completion.enabled)");
      return choice;
    }
    if (copilotOn() && KNOWN.some((neighbour) => neighbour.completionsOn === copilotOn && vscode.extensions.getExtension(neighbour.id))) {
      const copilot = vscode.workspace.getConfiguration("github.copilot");
      const current = copilot.inspect<Record<string, boolean>>("enable")?.globalValue ?? {};
      try {
        // Its other languages' entries are the user's choices: only "*" changes.
        await copilot.update("enable", { ...current, "*": false }, vscode.ConfigurationTarget.Global);
        logger.info("Inline completions: GitHub Copilot's turned off (github.copilot.enable)");
      } catch (error) {
        logger.warn(`Could not turn GitHub Copilot's inline completions off: ${String(error)}`);
        void vscode.window.showWarningMessage(
          vscode.l10n.t("Junction could not change github.copilot.enable. Turn Copilot's inline suggestions off from its status bar menu."),
        );
      }
    }
    await vscode.workspace.getConfiguration("junction").update("completion.enabled", true, vscode.ConfigurationTarget.Global);
    logger.info("Inline completions: Junction offers them");
    return choice;
  };
}

async function pickOwner(): Promise<CompletionOwner | undefined> {
  const picked = await vscode.window.showQuickPick(
    [
      {
        label: vscode.l10n.t("Junction"),
        description: vscode.l10n.t("local and private; turns GitHub Copilot's inline completions off"),
        owner: "junction" as const,
      },
      {
        label: vscode.l10n.t("The other extension"),
        description: vscode.l10n.t("turns Junction's inline completions off; its refactors and panel stay"),
        owner: "other" as const,
      },
    ],
    { title: vscode.l10n.t("Junction: who should offer inline completions?") },
  );
  return picked?.owner;
}

/** Once per set of neighbours: says who else offers ghost text, with the choice as buttons. */
export async function noticeCompletionNeighbours(memento: vscode.Memento, logger: Logger): Promise<void> {
  const names = await competingCompletionProviders();
  if (names.length === 0) return;
  const key = names.join(", ");
  if (memento.get<string>(NOTICE_KEY) === key) return;
  await memento.update(NOTICE_KEY, key);
  logger.info(`Other inline completion providers are installed and on: ${key}`);
  const junction = vscode.l10n.t("Use Junction's");
  const other = vscode.l10n.t("Use {0}'s", names[0] ?? "");
  const answer = await vscode.window.showInformationMessage(
    vscode.l10n.t(
      "{0} also offers inline completions, so two providers compete for the ghost text. Which should offer them? Junction's refactors and panel work either way.",
      key,
    ),
    junction,
    other,
  );
  if (answer === junction) await vscode.commands.executeCommand("junction.chooseCompletionOwner", "junction");
  if (answer === other) await vscode.commands.executeCommand("junction.chooseCompletionOwner", "other");
}
