import { dirname } from "node:path";
import * as l10n from "@vscode/l10n";
import * as vscode from "vscode";
import { CostLedger, heldResources, preparePriceCatalog, systemClock } from "../core/index.ts";
import type { HeldResources, JunctionConfig, LocalHealth, WorkspacePrivacy } from "../core/index.ts";
import type { PanelState, PrivacyState } from "../shared/protocol.ts";
import { ActiveFileRouteTracker } from "./routing/activeFileRoute.ts";
import { CloudModel } from "./models/cloudModel.ts";
import { COMMANDS } from "./commandIds.ts";
import { registerCommands } from "./commandTable.ts";
import { CompletionSwitch } from "./completion/completionSwitch.ts";
import { budgetWarningHook } from "./views/costCommands.ts";
import { competingCompletionProviders, noticeCompletionNeighbours } from "./completion/completionNeighbours.ts";
import { InlineCompletionService } from "./completion/inlineCompletionProvider.ts";
import { LocalModelMonitor } from "./models/localModel.ts";
import { EgressKnowledge } from "./privacy/egress.ts";
import { registerChatModel } from "./chat/chatModel.ts";
import { JunctionPanel } from "./views/panel.ts";
import { toLocalStatus, toPrivacyState, toRequestRow } from "./views/panelState.ts";
import { SettingsReader } from "./settings.ts";
import { JunctionStatusBar } from "./views/statusBar.ts";
import type { StatusBarSnapshot } from "./views/statusBar.ts";
import { WorkspacePrivacyService } from "./privacy/workspacePrivacy.ts";

/** The documents inline completions are offered in. */
export const COMPLETION_DOCUMENTS: vscode.DocumentFilter[] = [{ scheme: "file" }, { scheme: "untitled" }, { scheme: "vscode-notebook-cell" }];

/** What `activate` returns: read-only views for other extensions and the extension-host tests. */
export interface JunctionApi {
  localHealth(): LocalHealth;
  workspacePrivacy(): Promise<WorkspacePrivacy>;
  /** Whether the cloud side has an API key (never the key itself). */
  hasCloudKey(): boolean;
  /** The settings in effect after validation and the user-only rules (no secrets in it). */
  effectiveSettings(): JunctionConfig;
  isPanelOpen(): boolean;
  panelState(): PanelState;
  /** What the status bar item shows now (text, tooltip, accessible label). */
  statusBar(): StatusBarSnapshot;
  /** The folder VS Code writes this window's extension logs to (Junction's log is in it). */
  logDirectory(): string;
  /** The provider VS Code calls for ghost text, for tools that drive completions themselves. */
  inlineCompletionProvider: vscode.InlineCompletionItemProvider;
  /** Other installed extensions whose inline completions are on (GitHub Copilot, Tabnine …). */
  competingCompletionProviders(): Promise<string[]>;
  /** Timers and requests Junction's requests hold right now (none once every request has settled). */
  heldResources(): HeldResources;
  /** What VS Code's chat model picker shows of "Junction (routed)" now; refreshed on the call. */
  chatModelInformation(): Promise<vscode.LanguageModelChatInformation>;
}

export function activate(context: vscode.ExtensionContext): JunctionApi {
  const log = vscode.window.createOutputChannel("Junction", { log: true });
  context.subscriptions.push(log);
  // The core words its reasons and refusals with @vscode/l10n (it has no vscode module): give it the
  // bundle VS Code loaded for the display language. Without one (English) it keeps its own text.
  if (vscode.l10n.bundle) l10n.config({ contents: vscode.l10n.bundle });

  const settings = new SettingsReader(log);
  const ledger = new CostLedger({
    store: context.globalState,
    clock: systemClock,
    pricing: () => ({
      cloudModel: settings.current["cloud.model"],
      overrides: settings.current["pricing.models"],
      localUsdPerHour: settings.current["pricing.localUsdPerHour"],
      priceOf: (model) => cloud.priceOf(model),
    }),
    logger: log,
  });
  const privacy = new WorkspacePrivacyService(settings, log);
  const egress = new EgressKnowledge(privacy, log);
  const local = new LocalModelMonitor(settings, log, egress.inspect);
  const cloud = new CloudModel(settings, context.secrets, log, egress.inspect);
  const statusBar = new JunctionStatusBar(COMMANDS.showPanel, local.health);
  const activeRoute = new ActiveFileRouteTracker(privacy, log);
  const completions = new CompletionSwitch(settings, log);
  const stateChanged = new vscode.EventEmitter<void>();
  context.subscriptions.push(settings, local, cloud, privacy, egress, statusBar, activeRoute, completions, stateChanged, {
    dispose: () => void ledger.flush(),
  });
  statusBar.update({ completions: completions.state });
  void cloud.loadKey().catch((error: unknown) => log.error(`Reading the cloud API key from secret storage failed: ${String(error)}`));

  let busyRequests = 0;
  let privacyState: PrivacyState = { trusted: vscode.workspace.isTrusted, folders: [] };
  const refreshPrivacy = () =>
    privacy.workspace().then(
      (workspace) => {
        privacyState = toPrivacyState(workspace);
        stateChanged.fire();
      },
      (error: unknown) => log.error(`Classifying the workspace failed: ${String(error)}`),
    );
  const panelState = (): PanelState => ({
    local: toLocalStatus(local.health),
    privacy: privacyState,
    requests: ledger.entries().map(toRequestRow),
    totals: ledger.totals(),
    budget: ledger.budget(settings.current["budget.sessionUsd"], settings.current["budget.monthlyUsd"]),
    pricing: cloud.pricingInfo(),
  });
  const panel = new JunctionPanel({
    extensionUri: context.extensionUri,
    getState: panelState,
    // Budgets and the baseline's model are settings: the panel shows their change at once.
    onStateChange: (listener, thisArgs, disposables) => {
      const subscriptions = [stateChanged.event(listener, thisArgs), settings.onDidChange(() => listener.call(thisArgs))];
      const subscription = vscode.Disposable.from(...subscriptions);
      disposables?.push(subscription);
      return subscription;
    },
    openLog: () => log.show(),
    recheckLocalModel: () => void local.check(),
    setFolderMode: (folderUri, mode) => void vscode.commands.executeCommand(COMMANDS.setFolderPrivacyMode, folderUri, mode),
    openPrivacySettings: () => void vscode.commands.executeCommand("workbench.action.openSettings", "junction.privacy"),
    openSettings: (section) => void vscode.commands.executeCommand("workbench.action.openSettings", `junction.${section}`),
    clearSession: () => void vscode.commands.executeCommand(COMMANDS.clearSession),
    exportSession: () => void vscode.commands.executeCommand(COMMANDS.exportSessionCosts),
    logger: log,
  });
  const inlineCompletions = new InlineCompletionService({
    settings,
    local,
    cloud,
    privacy,
    egress,
    ledger,
    logger: log,
    onBusyChange: (busy) => {
      busyRequests += busy ? 1 : -1;
      statusBar.update({ busy: busyRequests > 0 });
    },
    onOutcome: (lastFailure) => statusBar.update({ lastFailure }),
    paused: (document) => completions.paused(document),
  });
  const refactorDeps = {
    settings,
    local,
    cloud,
    privacy,
    egress,
    ledger,
    logger: log,
    history: context.globalState,
    showLog: () => log.show(),
    running: new Set<AbortController>(),
  };
  const chat = registerChatModel({
    settings,
    local,
    cloud,
    privacy,
    egress,
    ledger,
    logger: log,
    secrets: context.secrets,
    version: context.extension.packageJSON.version as string,
  });
  context.subscriptions.push(
    panel,
    cloud.noticeUnknownPrices(ledger),
    local.onDidChange((health) => {
      statusBar.update({ health });
      stateChanged.fire();
    }),
    completions.onDidChange((state) => statusBar.update({ completions: state })),
    ledger.onDidChange(() => {
      statusBar.update({ sessionUsd: ledger.totals().session.cloudUsd });
      stateChanged.fire();
    }),
    activeRoute.onDidChange((route) => statusBar.update({ route })),
    inlineCompletions,
    chat.model,
    chat.registration,
    // Files, untitled editors and notebook cells. Not VS Code's own inputs — the commit message box
    // (vscode-scm), comment threads, the chat input, the debug console, output, the settings and
    // keybindings editors (vscode-userdata) — where ghost text gets in the way of writing prose.
    vscode.languages.registerInlineCompletionItemProvider(COMPLETION_DOCUMENTS, inlineCompletions),
    ...registerCommands({ log, settings, ledger, privacy, local, cloud, completions, panel, refactorDeps, extensionId: context.extension.id }),
    ledger.onDidChange(
      budgetWarningHook({
        ledger,
        budgets: () => ({ sessionUsd: settings.current["budget.sessionUsd"], monthlyUsd: settings.current["budget.monthlyUsd"] }),
        openPanel: () => panel.show(),
        openBudgetSettings: () => void vscode.commands.executeCommand("workbench.action.openSettings", "junction.budget"),
      }),
    ),
    privacy.onDidChange(() => void refreshPrivacy()),
  );

  // The first checks start just after activate() returns, not inside it, so that they do not hold
  // up the activation: classifying the workspace reads settings and compiles the local-only globs,
  // the first health check is the extension host's first request (for which VS Code's network
  // support reads the system's certificates, 100–200 ms on a slow machine), and the price catalog
  // takes some milliseconds to load (pricing.ts). All of them were asynchronous already: what
  // needs their answers awaits them, as it did.
  const firstChecks = setTimeout(() => {
    void refreshPrivacy();
    activeRoute.refresh();
    void local.check();
    preparePriceCatalog();
  }, 0);
  context.subscriptions.push({ dispose: () => clearTimeout(firstChecks) });
  void noticeCompletionNeighbours(context.globalState, log).catch((error: unknown) =>
    log.error(`Looking for other completion providers failed: ${String(error)}`),
  );
  // The e2e driver waits for this before typing: the provider is registered from here on.
  void vscode.commands.executeCommand("setContext", "junction.ready", true);
  log.info(`Junction ${context.extension.packageJSON.version as string} activated; inline completions from ${local.provider.endpoint}`);

  return {
    localHealth: () => local.health,
    workspacePrivacy: () => privacy.workspace(),
    hasCloudKey: () => cloud.hasKey,
    effectiveSettings: () => settings.current,
    isPanelOpen: () => panel.isOpen,
    panelState,
    statusBar: () => statusBar.snapshot(),
    logDirectory: () => dirname(context.logUri.fsPath),
    inlineCompletionProvider: inlineCompletions,
    heldResources,
    competingCompletionProviders,
    chatModelInformation: () => chat.model.refresh(),
  };
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
