import { constants } from "node:fs";
import { access, lstat, realpath } from "node:fs/promises";
import * as vscode from "vscode";
import {
  estimateTokens,
  ledgerEntry,
  ProviderError,
  buildRefactorMessages,
  describeRefactorError,
  estimateRefactorTokens,
  findRelativeImports,
  findSecrets,
  importCandidates,
  withKnownSecrets,
  parseRefactorEdits,
  planEdits,
  redactRefactorMessages,
  resolveEditPath,
  route,
  withDeadline,
  workspaceRelativePath,
} from "../../core/index.ts";
import type { ChatMessage, Decision, LedgerRequest, PlannedFile, RefactorFile, RouteFile, WorkspaceFolderRoot } from "../../core/index.ts";
import { describeProviderFailure } from "../models/failureMessages.ts";
import { currentRouteContext } from "../routing/routing.ts";
import type { ModelServices } from "../routing/routing.ts";
import { formatCount } from "../../shared/format.ts";

export type RefactorDeps = ModelServices;

export interface RefactorTarget {
  document: vscode.TextDocument;
  /** The selected range; undefined or empty for the whole file. */
  selection?: vscode.Range;
}

export interface RefactorInput {
  instruction: string;
  targets: readonly RefactorTarget[];
  override?: "local" | "cloud";
}

export interface PreparedRefactor {
  input: RefactorInput;
  kind: "refactor" | "multi-file refactor";
  decision: Decision;
  messages: ChatMessage[];
  /** Request path → the document, and its version when the request was prepared. */
  documents: Map<string, { document: vscode.TextDocument; version: number }>;
  folders: WorkspaceFolderRoot[];
  inputTokens: number;
  maxOutputTokens: number;
}

export type RefactorOutcome =
  { status: "applied" | "declined"; files: string[]; stale: string[]; notes: string } | { status: "failed"; message: string } | { status: "cancelled" };

/** Gathers, classifies and routes a refactor; nothing is sent yet. */
export async function prepareRefactor(deps: RefactorDeps, input: RefactorInput): Promise<PreparedRefactor | { error: string }> {
  const folders: WorkspaceFolderRoot[] = (vscode.workspace.workspaceFolders ?? []).map((folder) => ({ name: folder.name, root: folder.uri.path }));
  const documents = new Map<string, { document: vscode.TextDocument; version: number }>();
  const promptFiles: RefactorFile[] = [];
  // Secrets seen in any open document count wherever they appear in this request.
  await deps.egress.refresh();
  const routeFiles: RouteFile[] = [];
  let strictSecrets: "redact" | "route-local" = "redact";
  for (const target of input.targets) {
    const { document } = target;
    const path = document.uri.scheme === "file" ? workspaceRelativePath(document.uri.path, folders) : undefined;
    if (!path) {
      const name = vscode.workspace.asRelativePath(document.uri);
      if (document.uri.scheme === "vscode-notebook-cell")
        return { error: vscode.l10n.t("Junction does not refactor notebook cells ({0}); copy the code into a file of the workspace to refactor it.", name) };
      if (document.isUntitled) return { error: vscode.l10n.t("{0} is not saved; save it in a workspace folder first, then refactor it.", name) };
      return { error: vscode.l10n.t("{0} is not inside a workspace folder; Junction only edits files of the open folders.", name) };
    }
    if (!(await isWritable(document.uri.fsPath))) {
      return { error: vscode.l10n.t("{0} is read-only, so Junction will not refactor it. Make it writable and try again.", path) };
    }
    const text = document.getText();
    const selection =
      target.selection && !target.selection.isEmpty
        ? { start: document.offsetAt(target.selection.start), end: document.offsetAt(target.selection.end) }
        : undefined;
    const filePrivacy = await deps.privacy.classifyDocument(document.uri);
    if (filePrivacy.secretsPolicy === "route-local") strictSecrets = "route-local";
    documents.set(path, { document, version: document.version });
    promptFiles.push({ path, text, ...(selection ? { selection } : {}) });
    routeFiles.push({
      path,
      role: "edited",
      cloudAllowed: filePrivacy.cloudAllowed,
      privacyReasons: filePrivacy.reasons,
      tokens: 0,
      secrets: withKnownSecrets(findSecrets(text), text, deps.egress.knownSecrets()).length,
    });
  }
  const languageId = input.targets[0]?.document.languageId;
  const promptInput = { instruction: input.instruction, files: promptFiles, ...(languageId ? { languageId } : {}) };
  const messages = buildRefactorMessages(promptInput);
  const estimate = estimateRefactorTokens(promptInput, messages);
  const perFile = Math.ceil(estimate.inputTokens / Math.max(1, routeFiles.length));
  for (const file of routeFiles) file.tokens = perFile;
  const kind = input.targets.length > 1 ? "multi-file refactor" : "refactor";
  const refactorModel = deps.local.refactorModel;
  const info = await deps.local.provider.modelInfo(refactorModel).catch(() => undefined);
  const decision = route(
    {
      kind,
      files: routeFiles,
      instruction: input.instruction,
      instructionTokens: 0,
      // The instruction is sent too: a key typed into it counts like one in a file.
      instructionSecrets: withKnownSecrets(findSecrets(input.instruction), input.instruction, deps.egress.knownSecrets()).length,
      selectionTokens: estimate.selectionTokens,
      crossFileReferences: countCrossReferences(promptFiles, languageId ?? ""),
      maxOutputTokens: estimate.maxOutputTokens,
      ...(input.override ? { override: input.override } : {}),
    },
    currentRouteContext(deps, strictSecrets, { model: refactorModel, remote: info?.isRemote ?? false }),
  );
  return { input, kind, decision, messages, documents, folders, inputTokens: estimate.inputTokens, maxOutputTokens: estimate.maxOutputTokens };
}

async function isWritable(path: string): Promise<boolean> {
  try {
    await access(path, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

/** How many of the refactor's files import one another. */
function countCrossReferences(files: readonly RefactorFile[], languageId: string): number {
  const paths = new Set(files.map((file) => file.path.replace(/^[^/]+\//, "")).concat(files.map((file) => file.path)));
  let references = 0;
  for (const file of files) {
    for (const specifier of findRelativeImports(file.text, languageId)) {
      if (importCandidates(file.path, specifier, languageId).some((candidate) => paths.has(candidate))) references += 1;
    }
  }
  return references;
}

/**
 * Sends the prepared request, then parses, checks and applies the answer as one WorkspaceEdit
 * (shown in VS Code's Refactor Preview unless `applyWithoutPreview`). Nothing is applied when any
 * part of the answer is invalid; a file changed since it was sent is left alone and reported.
 */
export async function executeRefactor(
  deps: RefactorDeps,
  prepared: PreparedRefactor,
  options: { applyWithoutPreview?: boolean; progress?: vscode.Progress<{ message?: string }>; signal: AbortSignal; fallback?: boolean },
): Promise<RefactorOutcome> {
  const { decision } = prepared;
  const model = decision.model;
  if (decision.target === "none" || !model) return { status: "failed", message: decision.action ?? decision.reasons.join("; ") };
  const cloud = decision.target === "cloud";
  // The guard must know every open document's secrets and local-only text before the body goes out.
  if (cloud) await deps.egress.refresh();
  const redaction = cloud
    ? redactRefactorMessages(prepared.messages, deps.egress.knownSecrets())
    : { messages: prepared.messages, restore: (text: string) => text, redactedSecrets: 0 };
  const started = Date.now();
  const paths = [...prepared.documents.keys()];
  const request: LedgerRequest = {
    time: started,
    kind: prepared.kind,
    decision: { ...decision, model },
    localKind: deps.local.provider.kind,
    files: paths.length,
    file: paths.join(", "),
  };
  options.progress?.report({ message: vscode.l10n.t("waiting for {0}…", model) });
  let answer: string;
  try {
    const provider = cloud ? deps.cloud.provider() : deps.local.provider;
    if (!provider)
      throw new ProviderError({
        kind: "unauthorized",
        side: "cloud",
        endpoint: deps.cloud.status().endpoint,
        message: vscode.l10n.t("no cloud API key is set"),
      });
    const timeoutSeconds = deps.settings.current[cloud ? "cloud.timeoutSeconds" : "local.timeoutSeconds"];
    const result = await withDeadline(options.signal, timeoutSeconds * 1000, (signal) =>
      provider.chat({
        model,
        messages: redaction.messages,
        maxTokens: prepared.maxOutputTokens,
        temperature: 0.1,
        signal,
        onText: (soFar) => {
          options.progress?.report({ message: vscode.l10n.t("received {0} tokens from {1}", formatCount(estimateTokens(soFar)), model) });
          return true;
        },
      }),
    );
    deps.ledger.record(ledgerEntry(request, { usage: result.usage, latencyMs: result.latencyMs, outcome: "ok" }));
    answer = result.text;
  } catch (error) {
    const cancelled = ProviderError.is(error, "aborted");
    const message = error instanceof Error ? error.message : String(error);
    deps.ledger.record(
      ledgerEntry(request, {
        usage: { inputTokens: prepared.inputTokens, outputTokens: 0, estimated: true },
        latencyMs: Date.now() - started,
        outcome: cancelled ? "cancelled" : "failed",
        reasons: [cancelled ? vscode.l10n.t("cancelled") : vscode.l10n.t("failed: {0}", message)],
      }),
    );
    if (cancelled) return { status: "cancelled" };
    if (cloud) deps.cloud.reportFailure(error);
    else deps.local.reportFailure(error);
    const described = describeProviderFailure(error, model);
    deps.logger.warn(`Refactor with ${model} failed: ${described}`);
    const fallback =
      options.fallback !== false && !prepared.input.override && FALLBACK_KINDS.has(ProviderError.is(error) ? error.kind : "bad-response")
        ? await otherSide(deps, prepared)
        : undefined;
    if (fallback) {
      // DESIGN §3 health: the other side stands in, and only where the privacy rules allow it.
      deps.logger.info(`Refactor falls back to the ${fallback.decision.target} model ${fallback.decision.model ?? ""}`);
      options.progress?.report({ message: vscode.l10n.t("{0} failed; trying {1}…", model, fallback.decision.model ?? "") });
      return executeRefactor(deps, fallback, { ...options, fallback: false });
    }
    return { status: "failed", message: described };
  }
  return applyAnswer(deps, prepared, answer, redaction.restore, options.applyWithoutPreview === true);
}

/** Failures after which the other side may stand in: the server, not the request, is the problem. */
const FALLBACK_KINDS: ReadonlySet<string> = new Set(["unreachable", "server-error", "rate-limited", "timeout"]);

/** The same refactor routed to the other side, when the router (privacy first) allows it. */
async function otherSide(deps: RefactorDeps, prepared: PreparedRefactor): Promise<PreparedRefactor | undefined> {
  const other = prepared.decision.target === "cloud" ? "local" : "cloud";
  const rerouted = await prepareRefactor(deps, { ...prepared.input, override: other });
  // The override stays on the retry's input, so it never falls back a second time.
  return "error" in rerouted || rerouted.decision.target !== other ? undefined : rerouted;
}

async function applyAnswer(
  deps: RefactorDeps,
  prepared: PreparedRefactor,
  answer: string,
  restore: (text: string) => string,
  applyWithoutPreview: boolean,
): Promise<RefactorOutcome> {
  const paths = [...prepared.documents.keys()];
  const fail = (message: string): RefactorOutcome => {
    // The raw answer goes to the log only when something is wrong, so the user can see why.
    deps.logger.warn(`Refactor answer not applied: ${message}\n--- answer from ${prepared.decision.model} ---\n${answer}\n--- end of answer ---`);
    return { status: "failed", message: `${message} ${vscode.l10n.t("The model's answer is in the Junction log.")}` };
  };
  const parsed = parseRefactorEdits(answer, { files: paths });
  if (!parsed.ok) return fail(describeRefactorError(parsed.error));
  const current = new Map([...prepared.documents].map(([path, entry]) => [path, { text: entry.document.getText(), version: entry.document.version }]));
  const sent = new Map([...prepared.documents].map(([path, entry]) => [path, entry.version]));
  const plan = planEdits(parsed.edits, current, sent, { restore });
  if (!plan.ok) return fail(describeRefactorError(plan.error));
  const edit = new vscode.WorkspaceEdit();
  const metadata: vscode.WorkspaceEditEntryMetadata = {
    needsConfirmation: !applyWithoutPreview,
    label: vscode.l10n.t("Junction: {0}", truncate(prepared.input.instruction, 80)),
    description: prepared.decision.model ?? "",
  };
  for (const file of plan.files) {
    const safe = await resolveEditPath(file.path, prepared.folders, { requestedPaths: paths, isNew: file.isNew, realpath, lstat });
    if (!safe.ok) return fail(describeRefactorError(safe.reason));
    addToEdit(edit, file, prepared, vscode.Uri.file(safe.absolute), metadata);
  }
  const applied = plan.files.length > 0 ? await vscode.workspace.applyEdit(edit, { isRefactoring: true }) : false;
  return { status: applied ? "applied" : "declined", files: plan.files.map((file) => file.path), stale: plan.stale, notes: parsed.notes };
}

function addToEdit(
  edit: vscode.WorkspaceEdit,
  file: PlannedFile,
  prepared: PreparedRefactor,
  uri: vscode.Uri,
  metadata: vscode.WorkspaceEditEntryMetadata,
): void {
  if (file.isNew) {
    edit.createFile(
      uri,
      { ignoreIfExists: false, contents: new TextEncoder().encode(file.newText) },
      { ...metadata, label: vscode.l10n.t("Junction: create {0}", file.path) },
    );
    return;
  }
  const document = prepared.documents.get(file.path)?.document;
  if (!document) return;
  for (const replacement of file.replacements) {
    edit.replace(uri, new vscode.Range(document.positionAt(replacement.start), document.positionAt(replacement.end)), replacement.text, metadata);
  }
}

function truncate(text: string, length: number): string {
  const line = text.replace(/\s+/g, " ").trim();
  return line.length > length ? `${line.slice(0, length - 1)}…` : line;
}
