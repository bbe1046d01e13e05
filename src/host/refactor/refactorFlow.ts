import { constants } from "node:fs";
import { access, lstat, realpath } from "node:fs/promises";
import * as vscode from "vscode";
import { estimateTokens, parseRefactorEdits, planEdits, planRefactor, resolveEditPath, sendRefactor, workspaceRelativePath } from "../../core/index.ts";
import { describeRefactorError } from "../../words/index.ts";
import { failure } from "../../core/index.ts";
import { wordRefusal } from "../../words/index.ts";
import type { PlannedFile, PlannedRefactor, RefactorPorts, RefactorSource, Result, WorkspaceFolderRoot } from "../../core/index.ts";
import { ledgerPort } from "../ledgerPort.ts";
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

/** The core's plan, with the documents it was made from. */
export interface PreparedRefactor extends PlannedRefactor {
  input: RefactorInput;
  /** Request path → the document, and its version when the request was prepared. */
  documents: Map<string, { document: vscode.TextDocument; version: number }>;
  folders: WorkspaceFolderRoot[];
}

export type RefactorOutcome =
  { status: "applied" | "declined"; files: string[]; stale: string[]; notes: string } | { status: "failed"; message: string } | { status: "cancelled" };

/** Gathers and classifies the documents of a refactor; the core routes it. Nothing is sent yet. */
/** Why a refactor cannot be prepared; `message` says what to do. */
export interface PrepareError {
  kind: "notebook-cell" | "untitled" | "outside-workspace" | "read-only";
  message: string;
}

export async function prepareRefactor(deps: RefactorDeps, input: RefactorInput): Promise<Result<{ prepared: PreparedRefactor }, PrepareError>> {
  const folders: WorkspaceFolderRoot[] = (vscode.workspace.workspaceFolders ?? []).map((folder) => ({ name: folder.name, root: folder.uri.path }));
  const documents = new Map<string, { document: vscode.TextDocument; version: number }>();
  const sources: RefactorSource[] = [];
  for (const target of input.targets) {
    const { document } = target;
    const path = document.uri.scheme === "file" ? workspaceRelativePath(document.uri.path, folders) : undefined;
    if (!path) {
      const name = vscode.workspace.asRelativePath(document.uri);
      if (document.uri.scheme === "vscode-notebook-cell")
        return failure({
          kind: "notebook-cell",
          message: vscode.l10n.t("Junction does not refactor notebook cells ({0}); copy the code into a file of the workspace to refactor it.", name),
        });
      if (document.isUntitled)
        return failure({ kind: "untitled", message: vscode.l10n.t("{0} is not saved; save it in a workspace folder first, then refactor it.", name) });
      return failure({
        kind: "outside-workspace",
        message: vscode.l10n.t("{0} is not inside a workspace folder; Junction only edits files of the open folders.", name),
      });
    }
    if (!(await isWritable(document.uri.fsPath))) {
      return failure({
        kind: "read-only",
        message: vscode.l10n.t("{0} is read-only, so Junction will not refactor it. Make it writable and try again.", path),
      });
    }
    const selection =
      target.selection && !target.selection.isEmpty
        ? { start: document.offsetAt(target.selection.start), end: document.offsetAt(target.selection.end) }
        : undefined;
    const privacy = await deps.privacy.classifyDocument(document.uri);
    documents.set(path, { document, version: document.version });
    sources.push({
      path,
      text: document.getText(),
      ...(selection ? { selection } : {}),
      cloudAllowed: privacy.cloudAllowed,
      reasons: privacy.reasons,
      secretsPolicy: privacy.secretsPolicy,
    });
  }
  const languageId = input.targets[0]?.document.languageId;
  const planned = await planRefactor(
    { instruction: input.instruction, sources, ...(languageId ? { languageId } : {}), ...(input.override ? { override: input.override } : {}) },
    refactorPorts(deps),
  );
  return { ok: true, prepared: { ...planned, input, documents, folders } };
}

/** The same refactor routed to `side` from the texts already gathered (the documents are not read again). */
export async function rerouteRefactor(deps: RefactorDeps, prepared: PreparedRefactor, side: "local" | "cloud"): Promise<PreparedRefactor> {
  const planned = await planRefactor({ ...prepared.ask, override: side }, refactorPorts(deps));
  return { ...prepared, ...planned, input: { ...prepared.input, override: side } };
}

/** The host's services as the refactor pipeline's ports. */
function refactorPorts(deps: RefactorDeps): RefactorPorts {
  return {
    settings: () => ({
      localTimeoutSeconds: deps.settings.current["local.timeoutSeconds"],
      cloudTimeoutSeconds: deps.settings.current["cloud.timeoutSeconds"],
    }),
    routeContext: (secretsPolicy, refactorModel) => currentRouteContext(deps, secretsPolicy, refactorModel),
    local: deps.local,
    cloud: deps.cloud,
    egress: deps.egress,
    ledger: ledgerPort(deps.ledger),
    logger: deps.logger,
    describeFailure: describeProviderFailure,
  };
}

async function isWritable(path: string): Promise<boolean> {
  try {
    await access(path, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * Sends the prepared request, then parses, checks and applies the answer as one WorkspaceEdit
 * (shown in VS Code's Refactor Preview unless `applyWithoutPreview`). Nothing is applied when any
 * part of the answer is invalid; a file changed since it was sent is left alone and reported.
 */
export async function executeRefactor(
  deps: RefactorDeps,
  prepared: PreparedRefactor,
  options: { applyWithoutPreview?: boolean; progress?: vscode.Progress<{ message?: string }>; signal: AbortSignal },
): Promise<RefactorOutcome> {
  const { progress } = options;
  if (prepared.decision.model) progress?.report({ message: vscode.l10n.t("waiting for {0}…", prepared.decision.model) });
  const answer = await sendRefactor(prepared, refactorPorts(deps), {
    signal: options.signal,
    onText: (soFar, model) => progress?.report({ message: vscode.l10n.t("received {0} tokens from {1}", formatCount(estimateTokens(soFar)), model) }),
    onFallback: (failedModel, standIn) => progress?.report({ message: vscode.l10n.t("{0} failed; trying {1}…", failedModel, standIn.decision.model ?? "") }),
  });
  if (answer.status === "refused") return { status: "failed", message: wordRefusal(answer.decision) };
  if (answer.status !== "answered") return answer;
  return applyAnswer(deps, { ...prepared, ...answer.planned }, answer.text, answer.restore, options.applyWithoutPreview === true);
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
    if (!safe.ok) return fail(describeRefactorError(safe.error));
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
