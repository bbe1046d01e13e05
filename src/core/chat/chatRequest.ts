import { withDeadline } from "../deadline.ts";
import { ProviderError } from "../errors.ts";
import type { LedgerInput, LedgerUsage } from "../ledger/costLedger.ts";
import { ledgerEntry } from "../ledger/ledgerEntry.ts";
import type { LedgerDraft, LedgerNote, LedgerRequest } from "../ledger/ledgerEntry.ts";
import { planChat } from "../models/localContext.ts";
import type { Clock, Logger } from "../ports.ts";
import type { EgressRefusal } from "../privacy/egressGuard.ts";
import { OpenAiLocalProvider } from "../providers/localProvider.ts";
import type { LocalModelProvider } from "../providers/providerTypes.ts";
import { OllamaProvider } from "../providers/ollamaProvider.ts";
import type { CloudModelProvider } from "../providers/providerTypes.ts";
import type { SideProblem } from "../routing/routeReasons.ts";
import type { Decision, RouteContext } from "../routing/router.ts";
import type { ChatEvent, ChatTool, ChatTurn } from "./chatMessages.ts";
import { everyText, mapStrings } from "./chatMessages.ts";
import type { ChatOptions } from "./chatOptions.ts";
import type { PathCandidates } from "./chatPaths.ts";
import { findPathCandidates } from "./chatPaths.ts";
import { StreamRestorer, redactChat } from "./chatRedaction.ts";
import type { RedactedChat } from "./chatRedaction.ts";
import { routeChat } from "./chatRoute.ts";
import type { ChatRoute, ChatRouteInput, NamedFile } from "./chatRoute.ts";
import type { ChatStance, LocalChatModel } from "./chatStance.ts";
import { CLOUD_CHAT_MAX_OUTPUT_TOKENS, canCallTools, localChatBudget } from "./chatStance.ts";
import type { StreamedChatCallbacks, StreamedChatResult } from "./chatStream.ts";
import { toOllamaMessages, toOllamaTools, toOpenAiMessages, toOpenAiTools } from "./chatWire.ts";

/**
 * One request of VS Code's chat, from messages to a ledger row: gather the files it names and
 * their privacy, redact what the cloud would read, route (chatRoute.ts), let the egress guard judge
 * the cloud body before anything is sent, stream the answer back part by part (placeholders
 * restored), fall back to the other side once when a server fails before answering, and record
 * the request with its tokens, cost, route and reasons.
 */

/** What the chat model knows of this moment: the stance the picker shows and what routing needs. */
export interface ChatFacts {
  stance: ChatStance;
  /** The local chat model (junction.local.refactorModel). */
  local: LocalChatModel;
  /** The strictest of the folders' junction.privacy.secrets: chat text cannot be traced to one folder. */
  secretsPolicy: "redact" | "route-local";
  /** Ollama runs the local chat model elsewhere (as opposed to the server not being private). */
  modelRemote: boolean;
}

export interface ChatServices {
  logger: Logger;
  clock: Clock;
  facts(): Promise<ChatFacts>;
  /** The named files that exist, classified; files outside the workspace only when they hold credentials. */
  namedFiles(candidates: PathCandidates): Promise<NamedFile[]>;
  routeContext(facts: ChatFacts): RouteContext;
  egress: {
    refresh(): Promise<void>;
    knownSecrets(): string[];
    inspect(body: string, url: string): EgressRefusal | undefined;
  };
  local: { provider(): LocalModelProvider; timeoutMs(): number; reportFailure(error: unknown): void };
  cloud: { provider(): CloudModelProvider | undefined; endpoint(): string; timeoutMs(): number; reportFailure(error: unknown): void };
  /** The host words each draft (ledgerWords.ts) and records it. */
  record(entry: LedgerDraft): void;
}

export interface ChatRequestInput {
  turns: ChatTurn[];
  tools: ChatTool[];
  toolMode: "auto" | "required";
  options: ChatOptions;
  signal: AbortSignal;
  /** Every part of the answer, in order. */
  emit(event: ChatEvent): void;
}

export type ChatOutcome =
  | { status: "answered"; decision: Decision }
  | { status: "cancelled"; decision: Decision }
  /** Nothing was sent: privacy keeps the request here and the local model cannot take it; the host words the decision's refusal. */
  | { status: "refused"; decision: Decision }
  | { status: "failed"; decision: Decision; error: unknown };

/** Failures after which the other side may stand in: the server, not the request, is the problem. */
const FALLBACK_KINDS: ReadonlySet<string> = new Set(["unreachable", "server-error", "rate-limited", "timeout"]);

export async function answerChat(services: ChatServices, input: ChatRequestInput): Promise<ChatOutcome> {
  const [facts] = await Promise.all([services.facts(), services.egress.refresh()]);
  const candidates = findPathCandidates(everyText(input.turns));
  const namedFiles = await services.namedFiles(candidates);
  const redacted = redactChat(input.turns, services.egress.knownSecrets());
  const maxOutputTokens = Math.min(input.options.maxTokens ?? CLOUD_CHAT_MAX_OUTPUT_TOKENS, CLOUD_CHAT_MAX_OUTPUT_TOKENS);
  let routeInput: ChatRouteInput = {
    turns: input.turns,
    tools: input.tools,
    stance: facts.stance,
    namedFiles,
    unchecked: candidates.overflow,
    secrets: redacted.secrets,
    local: { window: facts.local.window, supportsTools: canCallTools(facts.local) },
    maxOutputTokens,
  };
  const context = services.routeContext(facts);
  let chat = routeChat(routeInput, context);
  if (chat.decision.target === "cloud") {
    // The guard sees what the cloud would read before it is sent, so a refusal can still go local.
    const body = JSON.stringify({ messages: toOpenAiMessages(redacted.turns), tools: toOpenAiTools(input.tools) });
    const refusal = services.egress.inspect(body, services.cloud.endpoint());
    if (refusal) {
      // Kept for a fallback too: the refused body must not be offered to the cloud again.
      routeInput = { ...routeInput, refusal };
      chat = routeChat(routeInput, context);
    }
  }
  const attempt = new Attempt(services, input, facts.local, redacted, namedFiles, maxOutputTokens);
  return attempt.run(chat, routeInput, context);
}

/** One request's sending: the answer's parts counted as they go, so a fallback never repeats what was shown. */
class Attempt {
  readonly services: ChatServices;
  readonly input: ChatRequestInput;
  readonly local: LocalChatModel;
  readonly redacted: RedactedChat;
  readonly namedFiles: readonly NamedFile[];
  readonly maxOutputTokens: number;
  #emitted = 0;

  constructor(
    services: ChatServices,
    input: ChatRequestInput,
    local: LocalChatModel,
    redacted: RedactedChat,
    namedFiles: readonly NamedFile[],
    maxOutputTokens: number,
  ) {
    this.services = services;
    this.input = input;
    this.local = local;
    this.redacted = redacted;
    this.namedFiles = namedFiles;
    this.maxOutputTokens = maxOutputTokens;
  }

  async run(chat: ChatRoute, routeInput: ChatRouteInput, context: RouteContext, fallback = true): Promise<ChatOutcome> {
    const { decision } = chat;
    const started = this.services.clock.now();
    if (decision.target === "none" || !decision.model) {
      const refusal: LedgerNote = { code: "refusal", action: decision.action, reasons: decision.reasons };
      this.#record(decision, { inputTokens: chat.promptTokens, outputTokens: 0, estimated: true }, 0, "refused", [refusal]);
      return { status: "refused", decision };
    }
    const cloud = decision.target === "cloud";
    try {
      const result = await withDeadline(this.input.signal, (cloud ? this.services.cloud : this.services.local).timeoutMs(), (signal) =>
        cloud ? this.#sendCloud(decision.model!, signal) : this.#sendLocal(chat, decision.model!, signal),
      );
      this.#record(decision, result.usage, result.latencyMs, this.#emitted > 0 ? "ok" : "empty", []);
      return { status: "answered", decision };
    } catch (error) {
      const latency = this.services.clock.now() - started;
      const usage = { inputTokens: chat.promptTokens, outputTokens: 0, estimated: true };
      if (ProviderError.is(error, "aborted")) {
        this.#record(decision, usage, latency, "cancelled", [{ code: "cancelled" }]);
        return { status: "cancelled", decision };
      }
      const message = error instanceof Error ? error.message : String(error);
      this.#record(decision, usage, latency, "failed", [{ code: "failed", message }]);
      (cloud ? this.services.cloud : this.services.local).reportFailure(error);
      const kind = ProviderError.is(error) ? error.kind : "bad-response";
      if (!fallback || this.#emitted > 0 || !FALLBACK_KINDS.has(kind)) return { status: "failed", decision, error };
      // DESIGN §3 health: the other side stands in, only where the privacy rules allow it.
      const problem: SideProblem = { code: "failed-just-now", kind };
      const rerouted = cloud
        ? { ...context, cloud: { ...context.cloud, available: false, problem } }
        : { ...context, local: { ...context.local, available: false, problem } };
      const other = routeChat(routeInput, rerouted);
      if (other.decision.target === "none" || other.decision.target === decision.target) return { status: "failed", decision, error };
      this.services.logger.info(`Chat request falls back to the ${other.decision.target} model ${other.decision.model ?? ""}`);
      return this.run(other, routeInput, rerouted, false);
    }
  }

  /** The local model reads the conversation as it is: it may read everything. */
  async #sendLocal(chat: ChatRoute, model: string, signal: AbortSignal): Promise<StreamedChatResult> {
    const provider = this.services.local.provider();
    const { options, toolMode } = this.input;
    const tools = chat.localTools ? this.input.tools : [];
    const budget = localChatBudget(this.local.window);
    const fit = planChat(this.local.window, chat.promptTokens, Math.min(options.maxTokens ?? budget.maxOutputTokens, budget.maxOutputTokens));
    if (!fit)
      throw new ProviderError({
        kind: "bad-request",
        side: "local",
        endpoint: provider.endpoint,
        model,
        problem: { code: "conversation-over-window" },
      });
    const callbacks = this.#callbacks((text) => text);
    const stop = options.stop ? { stop: options.stop } : {};
    if (provider instanceof OllamaProvider) {
      return provider.streamChat({
        model,
        messages: toOllamaMessages(chat.localTurns),
        tools: toOllamaTools(tools),
        maxTokens: fit.maxTokens,
        ...stop,
        signal,
        ...callbacks,
        ...(options.temperature !== undefined ? { temperature: options.temperature } : {}),
        ...(options.topP !== undefined ? { topP: options.topP } : {}),
      });
    }
    if (provider instanceof OpenAiLocalProvider) {
      return provider.streamChat({
        model,
        messages: toOpenAiMessages(chat.localTurns),
        tools: toOpenAiTools(tools),
        toolChoice: toolMode,
        maxTokens: fit.maxTokens,
        temperature: options.temperature ?? 1,
        ...stop,
        signal,
        ...callbacks,
      });
    }
    throw new ProviderError({ kind: "bad-request", side: "local", endpoint: provider.endpoint, model, problem: { code: "no-chat-with-tools" } });
  }

  /** The cloud reads the redacted conversation; placeholders in the answer get their values back. */
  async #sendCloud(model: string, signal: AbortSignal): Promise<StreamedChatResult> {
    const provider = this.services.cloud.provider();
    if (!provider)
      throw new ProviderError({
        kind: "unauthorized",
        side: "cloud",
        endpoint: this.services.cloud.endpoint(),
        model,
        problem: { code: "no-cloud-key" },
      });
    await this.services.egress.refresh();
    const restorer = new StreamRestorer(this.redacted.restore);
    const callbacks = this.#callbacks((text) => restorer.push(text), this.redacted.restore);
    const { options, toolMode } = this.input;
    const result = await provider.streamChat({
      model,
      messages: toOpenAiMessages(this.redacted.turns),
      tools: toOpenAiTools(this.input.tools),
      toolChoice: toolMode,
      maxTokens: this.maxOutputTokens,
      // OpenAI's documented default: sending it changes nothing for a caller who set none.
      temperature: options.temperature ?? 1,
      ...(options.stop ? { stop: options.stop } : {}),
      signal,
      onText: callbacks.onText,
      onToolCall: (call) => {
        const rest = restorer.flush();
        if (rest !== "") this.#emit({ type: "text", text: rest });
        callbacks.onToolCall(call);
      },
    });
    const rest = restorer.flush();
    if (rest !== "") this.#emit({ type: "text", text: rest });
    return result;
  }

  #callbacks(text: (piece: string) => string, restore: (text: string) => string = (value) => value): StreamedChatCallbacks {
    return {
      onText: (piece) => {
        const shown = text(piece);
        if (shown !== "") this.#emit({ type: "text", text: shown });
      },
      onToolCall: (call) => this.#emit({ ...call, input: mapStrings(call.input, restore) }),
    };
  }

  #emit(event: ChatEvent): void {
    this.#emitted += 1;
    this.input.emit(event);
  }

  #record(decision: Decision, usage: LedgerUsage, latencyMs: number, outcome: LedgerInput["outcome"], extra: LedgerNote[]): void {
    const request: LedgerRequest = {
      kind: "chat",
      decision,
      localKind: this.services.local.provider().kind,
      files: this.namedFiles.length,
      file: this.namedFiles.map((file) => file.path).join(", "),
    };
    this.services.record(ledgerEntry(request, { usage, latencyMs, outcome, reasons: extra }));
  }
}
