import * as vscode from "vscode";
import { QUICK_REFACTORS, ledgerEntry } from "../../core/index.ts";
import { wordLedgerNote, wordRefusal, wordRouteReasons, wordStayedLocal } from "../../words/index.ts";
import type { Decision, LedgerNote, LedgerRequest } from "../../core/index.ts";
import { ledgerPort } from "../ledgerPort.ts";
import { executeRefactor, prepareRefactor, rerouteRefactor } from "./refactorFlow.ts";
import type { PreparedRefactor, RefactorDeps, RefactorInput, RefactorOutcome } from "./refactorFlow.ts";
import { pickRefactorFiles } from "./relatedFiles.ts";

const HISTORY_KEY = "junction.refactor.instructionHistory";
const HISTORY_LENGTH = 20;

/** What scripts, keybindings and tests may pass instead of answering the prompts. */
interface RefactorCommandArgs {
  instruction?: string;
  /**
   * Force a side ("local" / "cloud": a forced cloud route on private code is refused, never run
   * locally instead), or "auto" to take the router's choice without asking.
   */
  route?: "local" | "cloud" | "auto";
  /** File URIs for Refactor Across Files. */
  files?: string[];
  /** Apply the edit directly instead of showing VS Code's Refactor Preview. */
  applyWithoutPreview?: boolean;
}

export interface RefactorCommandDeps extends RefactorDeps {
  history: vscode.Memento;
  showLog: () => void;
  /** Requests in flight, so "Cancel Running Refactor" can abort them like the notification's Cancel. */
  running: Set<AbortController>;
}

/** `Junction: Cancel Running Refactor` — the keyboard route to the progress notification's Cancel. */
export function cancelRefactorCommand(deps: Pick<RefactorCommandDeps, "running">) {
  return (): number => {
    const count = deps.running.size;
    for (const controller of deps.running) controller.abort();
    return count;
  };
}

/** `Junction: Refactor Selection…` */
export function refactorSelectionCommand(deps: RefactorCommandDeps) {
  return async (rawArgs?: unknown): Promise<RefactorOutcome | undefined> => {
    const args = toArgs(rawArgs);
    const editor = vscode.window.activeTextEditor;
    if (!editor) {
      void vscode.window.showInformationMessage(vscode.l10n.t("Open a file and select the code to refactor first."));
      return undefined;
    }
    const instruction = args.instruction ?? (await pickInstruction(deps.history, editor.selection.isEmpty));
    if (!instruction) return undefined;
    const selection = editor.selection.isEmpty ? undefined : new vscode.Range(editor.selection.start, editor.selection.end);
    return run(deps, { instruction, targets: [{ document: editor.document, ...(selection ? { selection } : {}) }] }, args);
  };
}

/** `Junction: Refactor Across Files…` */
export function refactorAcrossFilesCommand(deps: RefactorCommandDeps) {
  return async (rawArgs?: unknown): Promise<RefactorOutcome | undefined> => {
    const args = toArgs(rawArgs);
    let uris: vscode.Uri[] | undefined = args.files?.map((file) => vscode.Uri.parse(file));
    if (!uris) {
      const active = vscode.window.activeTextEditor?.document;
      if (!active) {
        void vscode.window.showInformationMessage(vscode.l10n.t("Open one of the files to refactor first."));
        return undefined;
      }
      uris = await pickRefactorFiles(active);
    }
    if (!uris || uris.length === 0) return undefined;
    const documents = await Promise.all(uris.map((uri) => vscode.workspace.openTextDocument(uri)));
    const instruction = args.instruction ?? (await pickInstruction(deps.history, true));
    if (!instruction) return undefined;
    return run(deps, { instruction, targets: documents.map((document) => ({ document })) }, args);
  };
}

async function run(deps: RefactorCommandDeps, input: RefactorInput, args: RefactorCommandArgs): Promise<RefactorOutcome | undefined> {
  await remember(deps.history, input.instruction);
  const override = args.route === "local" || args.route === "cloud" ? args.route : undefined;
  const preparing = await prepareRefactor(deps, { ...input, ...(override ? { override } : {}) });
  if (!preparing.ok) {
    void vscode.window.showErrorMessage(preparing.error.message);
    return { status: "failed", message: preparing.error.message };
  }
  let { prepared } = preparing;
  if (!args.route) {
    const choice = await pickRoute(deps, prepared);
    if (!choice) return undefined;
    prepared = choice;
  }
  const { decision } = prepared;
  if (args.route === "cloud" && decision.target !== "cloud") {
    recordRefusal(deps, prepared, { code: "cloud-choice-refused" });
    return refuse(decision);
  }
  if (decision.target === "none") {
    const message = wordRefusal(decision);
    recordRefusal(deps, prepared, { code: "refusal", action: decision.action, reasons: decision.reasons });
    void vscode.window.showErrorMessage(vscode.l10n.t("Junction cannot run this refactor: {0}", message));
    return { status: "failed", message };
  }
  const ready = prepared;
  const outcome = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: progressTitle(deps, ready), cancellable: true },
    (progress, token) => {
      const controller = new AbortController();
      deps.running.add(controller);
      const subscription = token.onCancellationRequested(() => controller.abort());
      return executeRefactor(deps, ready, { progress, signal: controller.signal, applyWithoutPreview: args.applyWithoutPreview === true }).finally(() => {
        subscription.dispose();
        deps.running.delete(controller);
      });
    },
  );
  report(deps, outcome, decision.stayedLocal && wordStayedLocal(decision.stayedLocal));
  return outcome;
}

/**
 * Where the refactor runs, said in the notification itself: a request that wanted the cloud and
 * stays local says why, and Junction's simulated cloud says it is simulated.
 */
function progressTitle(deps: RefactorCommandDeps, prepared: PreparedRefactor): string {
  const { decision, kind } = prepared;
  const model = decision.model ?? "";
  if (decision.target === "local" && decision.stayedLocal)
    return vscode.l10n.t("Junction: {0} with the local model {1}, because {2}", kind, model, wordStayedLocal(decision.stayedLocal));
  if (decision.target === "cloud" && deps.cloud.status().simulated) return vscode.l10n.t("Junction: {0} with {1} (simulated cloud)", kind, model);
  return vscode.l10n.t("Junction: {0} with {1}", kind, model);
}

/** A refactor that was not sent still shows in the ledger and the panel, with why. */
function recordRefusal(deps: RefactorCommandDeps, prepared: PreparedRefactor, why: LedgerNote): void {
  deps.logger.warn(`Refactor not sent: ${wordLedgerNote(why)}`);
  const decision = { ...prepared.decision, target: "none", model: undefined } as const;
  const request: LedgerRequest = {
    kind: prepared.kind,
    decision,
    localKind: deps.local.provider.kind,
    files: prepared.documents.size,
    file: [...prepared.documents.keys()].join(", "),
  };
  ledgerPort(deps.ledger).record(ledgerEntry(request, { outcome: "refused", reasons: [why] }));
}

function refuse(decision: Decision): RefactorOutcome {
  const why = wordRouteReasons(decision.privacyReasons).join("; ");
  const message = vscode.l10n.t("Junction refused the cloud model for this request: {0}", why);
  void vscode.window.showWarningMessage(message);
  return { status: "failed", message };
}

function report(deps: RefactorCommandDeps, outcome: RefactorOutcome, stayedLocal: string | undefined): void {
  switch (outcome.status) {
    case "applied":
      void vscode.window.showInformationMessage(
        stayedLocal
          ? vscode.l10n.t(
              "Junction changed {0} with the local model: it stayed local because {1}. Undo (Ctrl+Z) restores everything.",
              outcome.files.join(", "),
              stayedLocal,
            )
          : vscode.l10n.t("Junction changed {0}. Undo (Ctrl+Z) restores everything.", outcome.files.join(", ")),
      );
      break;
    case "declined":
      break;
    case "cancelled":
      void vscode.window.showInformationMessage(vscode.l10n.t("Junction: refactor cancelled; nothing was changed."));
      break;
    case "failed": {
      const showLog = vscode.l10n.t("Show Log");
      void vscode.window.showErrorMessage(outcome.message, showLog).then((choice) => {
        if (choice === showLog) deps.showLog();
      });
      break;
    }
  }
  if ((outcome.status === "applied" || outcome.status === "declined") && outcome.stale.length > 0) {
    void vscode.window.showWarningMessage(
      vscode.l10n.t("{0} changed while the model was answering, so its edits were not applied. Run the refactor again.", outcome.stale.join(", ")),
    );
  }
}

/** The route choice, with estimated tokens and cost, the recommended side first. */
async function pickRoute(deps: RefactorCommandDeps, prepared: PreparedRefactor): Promise<PreparedRefactor | undefined> {
  const recommended = prepared.decision;
  const otherSide = recommended.target === "cloud" ? "local" : "cloud";
  const alternative = await rerouteRefactor(deps, prepared, otherSide);
  const describe = (decision: Decision, side: "local" | "cloud"): vscode.QuickPickItem & { side: "local" | "cloud" } => {
    const refused = decision.target !== side;
    const tokens = vscode.l10n.t(
      "~{0} tokens in, ≤ {1} out",
      decision.estimate.inputTokens || prepared.inputTokens,
      decision.estimate.outputTokens || prepared.maxOutputTokens,
    );
    const cost =
      side === "local"
        ? vscode.l10n.t("free, on this machine")
        : decision.estimate.usd === undefined
          ? vscode.l10n.t("unknown price (budgeted at ≤ ${0})", (decision.estimate.assumedUsd ?? 0).toFixed(4))
          : `≤ $${decision.estimate.usd.toFixed(4)}`;
    return {
      side,
      label: `${side === "local" ? "$(shield)" : refused ? "$(lock)" : "$(cloud)"} ${side === "local" ? vscode.l10n.t("Local model") : vscode.l10n.t("Cloud model")}${decision.model && !refused ? ` — ${decision.model}` : ""}`,
      description: refused ? vscode.l10n.t("not available") : `${cost} · ${tokens}${decision === recommended ? ` · ${vscode.l10n.t("recommended")}` : ""}`,
      detail: wordRouteReasons(decision.reasons).join(" · "),
    };
  };
  const items = [describe(recommended, recommended.target === "cloud" ? "cloud" : "local")];
  items.push(describe(alternative.decision, otherSide));
  const picked = await vscode.window.showQuickPick(items, {
    title: vscode.l10n.t("Junction: where should this {0} run?", prepared.kind),
    placeHolder: vscode.l10n.t("The recommended route is first"),
    matchOnDetail: true,
  });
  if (!picked) return undefined;
  if (picked === items[0]) return prepared;
  if (picked.side === "cloud" && alternative.decision.target !== "cloud") {
    refuse(alternative.decision);
    return undefined;
  }
  return alternative;
}

/** Quick refactors, recent instructions, or free text typed into the same box. */
async function pickInstruction(history: vscode.Memento, wholeFile: boolean): Promise<string | undefined> {
  const quickPick = vscode.window.createQuickPick<vscode.QuickPickItem & { instruction?: string }>();
  const recent = history.get<string[]>(HISTORY_KEY, []);
  const fixed = [
    ...QUICK_REFACTORS.map((refactor) => ({ label: refactor.label, detail: refactor.detail, instruction: refactor.instruction })),
    ...(recent.length > 0 ? [{ label: vscode.l10n.t("Recent"), kind: vscode.QuickPickItemKind.Separator }] : []),
    ...recent.map((instruction) => ({ label: `$(history) ${instruction}`, instruction })),
  ];
  quickPick.title = wholeFile ? vscode.l10n.t("Junction: what should change (no selection: the whole file)?") : vscode.l10n.t("Junction: what should change?");
  quickPick.placeholder = vscode.l10n.t("Pick a refactor, or type an instruction and press Enter");
  quickPick.items = fixed;
  quickPick.matchOnDetail = true;
  quickPick.onDidChangeValue((value) => {
    // The typed text sits in the description, which is not matched: quick refactors that match
    // what is typed stay first, and the typed instruction is always there to pick.
    const typed = value.trim();
    quickPick.items = typed
      ? [...fixed, { label: `$(edit) ${vscode.l10n.t("Use this instruction")}`, description: typed, instruction: typed, alwaysShow: true }]
      : fixed;
  });
  const choice = await new Promise<string | undefined>((resolve) => {
    quickPick.onDidAccept(() => {
      resolve(quickPick.selectedItems[0]?.instruction ?? (quickPick.value.trim() || undefined));
      quickPick.hide();
    });
    quickPick.onDidHide(() => resolve(undefined));
    quickPick.show();
  });
  quickPick.dispose();
  return choice;
}

async function remember(history: vscode.Memento, instruction: string): Promise<void> {
  if (QUICK_REFACTORS.some((refactor) => refactor.instruction === instruction)) return;
  const recent = history.get<string[]>(HISTORY_KEY, []).filter((entry) => entry !== instruction);
  await history.update(HISTORY_KEY, [instruction, ...recent].slice(0, HISTORY_LENGTH));
}

function toArgs(raw: unknown): RefactorCommandArgs {
  if (typeof raw !== "object" || raw === null) return {};
  const value = raw as Record<string, unknown>;
  return {
    ...(typeof value.instruction === "string" && value.instruction.trim() ? { instruction: value.instruction } : {}),
    ...(value.route === "local" || value.route === "cloud" || value.route === "auto" ? { route: value.route } : {}),
    ...(Array.isArray(value.files) ? { files: value.files.filter((file): file is string => typeof file === "string") } : {}),
    ...(value.applyWithoutPreview === true ? { applyWithoutPreview: true } : {}),
  };
}
