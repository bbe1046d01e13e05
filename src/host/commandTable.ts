// Every command Junction contributes, in one table: its id (commandIds.ts, held equal to
// package.json by a unit test) and how its handler is made from the host's services. The type
// makes the table name each command exactly once; registerCommands registers them in a loop and
// hands back the registrations for whoever disposes.
import * as vscode from "vscode";
import { wordServer } from "../words/index.ts";
import type { CostLedger } from "../core/index.ts";
import { clearCloudApiKeyCommand, setCloudApiKeyCommand } from "./models/cloudModel.ts";
import type { CloudModel } from "./models/cloudModel.ts";
import { setUpCloudModelCommand, testCloudConnectionCommand } from "./models/cloudSetup.ts";
import { COMMANDS } from "./commandIds.ts";
import type { CommandName } from "./commandIds.ts";
import { chooseCompletionOwnerCommand } from "./completion/completionNeighbours.ts";
import { snoozeInlineCompletionsCommand, toggleInlineCompletionsCommand } from "./completion/completionSwitch.ts";
import type { CompletionSwitch } from "./completion/completionSwitch.ts";
import { clearSessionCommand, exportSessionCostsCommand } from "./views/costCommands.ts";
import { explainRouteCommand } from "./routing/explainRoute.ts";
import type { LocalModelMonitor } from "./models/localModel.ts";
import { describeLocalProblem } from "./models/localModelMessages.ts";
import { selectCloudModelCommand, selectLocalModelCommand } from "./models/modelPickers.ts";
import { openPracticeFileCommand, openWalkthroughCommand, updateWalkthroughContext } from "./models/onboarding.ts";
import type { JunctionPanel } from "./views/panel.ts";
import { setFolderPrivacyModeCommand } from "./privacy/privacyCommands.ts";
import { pullLocalModelCommand } from "./models/pullModel.ts";
import { cancelRefactorCommand, refactorAcrossFilesCommand, refactorSelectionCommand } from "./refactor/refactorCommands.ts";
import type { RefactorCommandDeps } from "./refactor/refactorCommands.ts";
import type { SettingsReader } from "./settings.ts";
import type { WorkspacePrivacyService } from "./privacy/workspacePrivacy.ts";

/** The services the commands are made from. */
export interface CommandContext {
  log: vscode.LogOutputChannel;
  settings: SettingsReader;
  ledger: CostLedger;
  privacy: WorkspacePrivacyService;
  local: LocalModelMonitor;
  cloud: CloudModel;
  completions: CompletionSwitch;
  panel: JunctionPanel;
  refactorDeps: RefactorCommandDeps;
  extensionId: string;
}

// why `never[]`: each handler takes its own arguments (VS Code passes what the caller gave).
type CommandHandler = (...args: never[]) => unknown;

const COMMAND_TABLE: { readonly [name in CommandName]: (ctx: CommandContext) => CommandHandler } = {
  showPanel: (ctx) => () => ctx.panel.show(),
  showLog: (ctx) => () => ctx.log.show(),
  checkLocalModel: (ctx) => checkLocalModelCommand(ctx.local),
  setCloudApiKey: (ctx) => setCloudApiKeyCommand(ctx.cloud),
  clearCloudApiKey: (ctx) => clearCloudApiKeyCommand(ctx.cloud),
  explainRoute: (ctx) => explainRouteCommand({ settings: ctx.settings, local: ctx.local, cloud: ctx.cloud, privacy: ctx.privacy, ledger: ctx.ledger }),
  setFolderPrivacyMode: (ctx) => setFolderPrivacyModeCommand(async (folder) => (await ctx.privacy.workspace()).folders[folder.index]),
  refactorSelection: (ctx) => refactorSelectionCommand(ctx.refactorDeps),
  refactorAcrossFiles: (ctx) => refactorAcrossFilesCommand(ctx.refactorDeps),
  cancelRefactor: (ctx) => cancelRefactorCommand(ctx.refactorDeps),
  pullLocalModel: (ctx) => pullLocalModelCommand(ctx.local),
  exportSessionCosts: (ctx) => exportSessionCostsCommand({ ledger: ctx.ledger }),
  clearSession: (ctx) => clearSessionCommand({ ledger: ctx.ledger }),
  selectLocalModel: (ctx) => selectLocalModelCommand(ctx.local, ctx.log),
  selectCloudModel: (ctx) => selectCloudModelCommand(ctx.cloud, ctx.settings, ctx.log),
  setUpCloudModel: (ctx) => setUpCloudModelCommand(ctx.cloud, ctx.settings, ctx.log),
  testCloudConnection: (ctx) => testCloudConnectionCommand(ctx.cloud, ctx.settings, ctx.log),
  toggleInlineCompletions: (ctx) => toggleInlineCompletionsCommand(ctx.completions),
  snoozeInlineCompletions: (ctx) => snoozeInlineCompletionsCommand(ctx.completions),
  openPracticeFile: () => openPracticeFileCommand(),
  openWalkthrough: (ctx) => openWalkthroughCommand(ctx.extensionId),
  chooseCompletionOwner: (ctx) => chooseCompletionOwnerCommand(ctx.log),
};

export function registerCommands(ctx: CommandContext): vscode.Disposable[] {
  return (Object.keys(COMMAND_TABLE) as CommandName[]).map((name) =>
    vscode.commands.registerCommand(COMMANDS[name], COMMAND_TABLE[name](ctx) as (...args: unknown[]) => unknown),
  );
}

/** `Junction: Check Local Model`: asks again, and says what to do when the model cannot be reached. */
function checkLocalModelCommand(local: LocalModelMonitor) {
  return async (): Promise<void> => {
    const health = await local.check();
    updateWalkthroughContext(health);
    if (health.state === "unavailable" && health.problem === "unreachable" && local.provider.kind === "ollama") {
      const download = vscode.l10n.t("Download Ollama");
      const again = vscode.l10n.t("Check Again");
      const answer = await vscode.window.showWarningMessage(describeLocalProblem(health), download, again);
      if (answer === download) void vscode.env.openExternal(vscode.Uri.parse("https://ollama.com/download"));
      if (answer === again) void vscode.commands.executeCommand(COMMANDS.checkLocalModel);
    } else if (health.state === "unavailable") void vscode.window.showWarningMessage(describeLocalProblem(health));
    else if (health.state === "ready")
      void vscode.window.showInformationMessage(vscode.l10n.t("Junction: {0} is ready on {1}.", health.model, wordServer(health.server)));
  };
}
