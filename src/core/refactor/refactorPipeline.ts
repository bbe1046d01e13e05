// One refactor, from the files the user chose to the model's answer: the route facts of the files
// (privacy, secrets in each and in the instruction, size, how they import one another), the
// route, the request to the side chosen (redacted for the cloud) within its deadline, the ledger
// row, and a fallback to the other side when the server failed and the privacy rules allow it.
// The host gathers the documents and applies the answer; these rules run in plain Node.
import { withDeadline } from "../deadline.ts";
import { ProviderError } from "../errors.ts";
import { ledgerEntry } from "../ledger/ledgerEntry.ts";
import type { LedgerDraft, LedgerRequest } from "../ledger/ledgerEntry.ts";
import type { Logger } from "../ports.ts";
import { withKnownSecrets } from "../privacy/knownSecrets.ts";
import type { PrivacyReason } from "../privacy/privacyReasons.ts";
import { findSecrets } from "../privacy/secrets.ts";
import type { CloudModelProvider } from "../providers/providerTypes.ts";
import type { ChatMessage, LocalModelProvider } from "../providers/providerTypes.ts";
import { route } from "../routing/router.ts";
import type { Decision, RouteContext, RouteFile } from "../routing/router.ts";
import { findRelativeImports, importCandidates } from "./imports.ts";
import { buildRefactorMessages, estimateRefactorTokens, redactRefactorMessages } from "./refactorPrompt.ts";
import type { RefactorFile } from "./refactorPrompt.ts";

export type SecretsPolicy = "redact" | "route-local";

/** A file of the refactor as the workspace's privacy rules see it. */
export interface RefactorSource extends RefactorFile {
  cloudAllowed: boolean;
  reasons: readonly PrivacyReason[];
  secretsPolicy: SecretsPolicy;
}

export interface RefactorAsk {
  instruction: string;
  sources: readonly RefactorSource[];
  languageId?: string;
  /** The user chose the side; a fallback never overrides that choice. */
  override?: "local" | "cloud";
}

export interface RefactorPorts {
  settings(): { localTimeoutSeconds: number; cloudTimeoutSeconds: number };
  /** The router's view of this moment, for the refactor model. */
  routeContext(secretsPolicy: SecretsPolicy, refactorModel: { model: string; remote: boolean }): RouteContext;
  local: { readonly provider: LocalModelProvider; readonly refactorModel: string; reportFailure(error: unknown): void };
  cloud: { provider(): CloudModelProvider | undefined; status(): { endpoint: string }; reportFailure(error: unknown): void };
  /** What the egress guard knows: secrets seen in any open document count wherever they appear. */
  egress: { knownSecrets(): readonly string[]; refresh(): Promise<void> };
  /** The host words each draft (ledgerWords.ts) and records it. */
  ledger: { record(entry: LedgerDraft): unknown };
  logger: Logger;
  /** The user's words for a failed request. */
  describeFailure(error: unknown, model: string | undefined): string;
  now?: () => number;
}

export interface PlannedRefactor {
  ask: RefactorAsk;
  kind: "refactor" | "multi-file refactor";
  decision: Decision;
  messages: ChatMessage[];
  inputTokens: number;
  maxOutputTokens: number;
}

/**
 * How sending ended. `planned` is what answered: the other side's plan after a fallback. A
 * refusal is the decision that made it, for the host to word (routeWords.ts wordRefusal).
 */
export type RefactorAnswer =
  | { status: "answered"; planned: PlannedRefactor; text: string; restore: (text: string) => string }
  | { status: "cancelled" }
  | { status: "refused"; decision: Decision }
  | { status: "failed"; message: string };

export interface RefactorSendOptions {
  signal: AbortSignal;
  /** The answer so far, while it streams. */
  onText?: (soFar: string, model: string) => void;
  /** The side that failed and the model standing in for it. */
  onFallback?: (failedModel: string, standIn: PlannedRefactor) => void;
}

/** The route facts of the files and the instruction, and the route; nothing is sent. */
export async function planRefactor(ask: RefactorAsk, ports: RefactorPorts): Promise<PlannedRefactor> {
  await ports.egress.refresh();
  const known = ports.egress.knownSecrets();
  const promptFiles: RefactorFile[] = ask.sources.map(({ path, text, selection }) => ({ path, text, ...(selection ? { selection } : {}) }));
  const promptInput = { instruction: ask.instruction, files: promptFiles, ...(ask.languageId ? { languageId: ask.languageId } : {}) };
  const messages = buildRefactorMessages(promptInput);
  const estimate = estimateRefactorTokens(promptInput, messages);
  const perFile = Math.ceil(estimate.inputTokens / Math.max(1, ask.sources.length));
  const files: RouteFile[] = ask.sources.map((source) => ({
    path: source.path,
    role: "edited",
    cloudAllowed: source.cloudAllowed,
    privacyReasons: [...source.reasons],
    tokens: perFile,
    secrets: withKnownSecrets(findSecrets(source.text), source.text, known).length,
  }));
  const strictSecrets: SecretsPolicy = ask.sources.some((source) => source.secretsPolicy === "route-local") ? "route-local" : "redact";
  const kind = ask.sources.length > 1 ? "multi-file refactor" : "refactor";
  const model = ports.local.refactorModel;
  const info = await ports.local.provider.modelInfo(model).catch(() => undefined);
  const decision = route(
    {
      kind,
      files,
      instruction: ask.instruction,
      instructionTokens: 0,
      // The instruction is sent too: a key typed into it counts like one in a file.
      instructionSecrets: withKnownSecrets(findSecrets(ask.instruction), ask.instruction, known).length,
      selectionTokens: estimate.selectionTokens,
      crossFileReferences: countCrossReferences(promptFiles, ask.languageId ?? ""),
      maxOutputTokens: estimate.maxOutputTokens,
      ...(ask.override ? { override: ask.override } : {}),
    },
    ports.routeContext(strictSecrets, { model, remote: info?.isRemote ?? false }),
  );
  return { ask, kind, decision, messages, inputTokens: estimate.inputTokens, maxOutputTokens: estimate.maxOutputTokens };
}

/** Failures after which the other side may stand in: the server, not the request, is the problem. */
const FALLBACK_KINDS: ReadonlySet<string> = new Set(["unreachable", "server-error", "rate-limited", "timeout"]);

/** Sends the planned request and books it; after a server failure, tries the other side once where allowed. */
export async function sendRefactor(planned: PlannedRefactor, ports: RefactorPorts, options: RefactorSendOptions): Promise<RefactorAnswer> {
  const { decision } = planned;
  const model = decision.model;
  if (decision.target === "none" || !model) return { status: "refused", decision };
  const cloud = decision.target === "cloud";
  // The guard must know every open document's secrets and local-only text before the body goes out.
  if (cloud) await ports.egress.refresh();
  const redaction = cloud
    ? redactRefactorMessages(planned.messages, ports.egress.knownSecrets())
    : { messages: planned.messages, restore: (text: string) => text, redactedSecrets: 0 };
  const now = ports.now ?? Date.now;
  const started = now();
  const paths = planned.ask.sources.map((source) => source.path);
  const request: LedgerRequest = {
    time: started,
    kind: planned.kind,
    decision: { ...decision, model },
    localKind: ports.local.provider.kind,
    files: paths.length,
    file: paths.join(", "),
  };
  try {
    const provider = cloud ? ports.cloud.provider() : ports.local.provider;
    if (!provider) throw new ProviderError({ kind: "unauthorized", side: "cloud", endpoint: ports.cloud.status().endpoint, problem: { code: "no-cloud-key" } });
    const settings = ports.settings();
    const timeoutSeconds = cloud ? settings.cloudTimeoutSeconds : settings.localTimeoutSeconds;
    const result = await withDeadline(options.signal, timeoutSeconds * 1000, (signal) =>
      provider.chat({
        model,
        messages: redaction.messages,
        maxTokens: planned.maxOutputTokens,
        temperature: 0.1,
        signal,
        onText: (soFar) => {
          options.onText?.(soFar, model);
          return true;
        },
      }),
    );
    ports.ledger.record(ledgerEntry(request, { usage: result.usage, latencyMs: result.latencyMs, outcome: "ok" }));
    return { status: "answered", planned, text: result.text, restore: redaction.restore };
  } catch (error) {
    const cancelled = ProviderError.is(error, "aborted");
    const message = error instanceof Error ? error.message : String(error);
    ports.ledger.record(
      ledgerEntry(request, {
        usage: { inputTokens: planned.inputTokens, outputTokens: 0, estimated: true },
        latencyMs: now() - started,
        outcome: cancelled ? "cancelled" : "failed",
        reasons: [cancelled ? { code: "cancelled" } : { code: "failed", message }],
      }),
    );
    if (cancelled) return { status: "cancelled" };
    if (cloud) ports.cloud.reportFailure(error);
    else ports.local.reportFailure(error);
    const described = ports.describeFailure(error, model);
    ports.logger.warn(`Refactor with ${model} failed: ${described}`);
    const standIn =
      !planned.ask.override && FALLBACK_KINDS.has(ProviderError.is(error) ? error.kind : "bad-response") ? await otherSide(planned, ports) : undefined;
    if (!standIn) return { status: "failed", message: described };
    // DESIGN §3 health: the other side stands in, and only where the privacy rules allow it.
    ports.logger.info(`Refactor falls back to the ${standIn.decision.target} model ${standIn.decision.model ?? ""}`);
    options.onFallback?.(model, standIn);
    return sendRefactor(standIn, ports, options);
  }
}

/** The same refactor routed to the other side, when the router (privacy first) allows it. */
async function otherSide(planned: PlannedRefactor, ports: RefactorPorts): Promise<PlannedRefactor | undefined> {
  const other = planned.decision.target === "cloud" ? "local" : "cloud";
  // The override stays on the retry's ask, so it never falls back a second time.
  const rerouted = await planRefactor({ ...planned.ask, override: other }, ports);
  return rerouted.decision.target === other ? rerouted : undefined;
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
