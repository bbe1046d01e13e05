import * as l10n from "@vscode/l10n";
import OpenAI, { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from "openai";
import { ProviderError } from "../errors.ts";
import type { ProviderErrorKind, ProviderSide } from "../errors.ts";
import type { Clock } from "../ports.ts";
import { systemClock } from "../ports.ts";
import { estimateUsage } from "./ollamaProvider.ts";
import { guardedFetch, REFUSAL_HEADER } from "../privacy/guardedFetch.ts";
import type { GuardedFetch, InspectBody } from "../privacy/guardedFetch.ts";
import type { CompletionResult, FimRequest, Usage } from "./ollamaProvider.ts";

export interface ChatMessage {
  role: "system" | "user" | "assistant";
  content: string;
}

export interface ChatRequest {
  model: string;
  messages: ChatMessage[];
  maxTokens: number;
  temperature: number;
  signal: AbortSignal;
  stop?: string[];
  /** Called for every streamed piece; return false to stop reading early. */
  onText?: (textSoFar: string) => boolean;
}

export interface ChatResult {
  text: string;
  model: string;
  /** Provider-reported usage; `costUsd` when the provider reports a price (OpenRouter `usage.cost`). */
  usage: Usage & { costUsd?: number };
  latencyMs: number;
  finishReason: string | undefined;
}

export interface OpenAiProviderOptions {
  /** Base URL including the API version path, e.g. `https://api.openai.com/v1`. */
  endpoint: string;
  apiKey: string;
  side: ProviderSide;
  /** Whole-request limit; the client's default is 10 minutes, far too long for an editor. */
  timeoutMs?: number;
  /** Retries on connection errors, 408/409/429/5xx (honouring `retry-after`). */
  maxRetries?: number;
  clock?: Clock;
  /**
   * The egress guard, for a server that is not private (the cloud, an untrusted self-hosted one):
   * it sees every request body before it is sent and may refuse it.
   */
  inspectEgress?: InspectBody;
}

const DEFAULT_TIMEOUT_MS = 120_000;
const DEFAULT_MAX_RETRIES = 2;

/** Any OpenAI-compatible chat API: OpenAI, OpenRouter, Azure, vLLM, llama.cpp, LM Studio. */
export class OpenAiCompatibleProvider {
  readonly endpoint: string;
  readonly side: ProviderSide;
  readonly #client: OpenAI;
  readonly #clock: Clock;
  readonly #guarded: GuardedFetch | undefined;

  constructor(options: OpenAiProviderOptions) {
    this.endpoint = options.endpoint;
    this.side = options.side;
    this.#clock = options.clock ?? systemClock;
    this.#guarded = options.inspectEgress ? guardedFetch(options.inspectEgress, "answer") : undefined;
    // Key and base URL are always explicit: the client would otherwise read OPENAI_API_KEY / OPENAI_BASE_URL.
    this.#client = new OpenAI({
      apiKey: options.apiKey,
      baseURL: options.endpoint,
      timeout: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      maxRetries: options.maxRetries ?? DEFAULT_MAX_RETRIES,
      dangerouslyAllowBrowser: false,
      ...(this.#guarded ? { fetch: this.#guarded.fetch } : {}),
    });
  }

  async listModels(signal: AbortSignal): Promise<string[]> {
    try {
      const models: string[] = [];
      for await (const model of this.#client.models.list({ signal })) models.push(model.id);
      return models;
    } catch (error) {
      throw this.#toProviderError(error, undefined, signal);
    }
  }

  /**
   * Streams a plain text completion (`/v1/completions`) of a prompt Junction wrote in the model's
   * own FIM format: self-hosted servers (vLLM, llama.cpp, LM Studio) serve it for base models,
   * and none of them agrees on a `suffix` parameter, so the suffix is always inside the prompt.
   */
  async completeRaw(request: FimRequest): Promise<CompletionResult> {
    const started = this.#clock.now();
    const { text, usage } = await this.#readStream(
      request,
      () =>
        this.#client.completions.create(
          {
            model: request.model,
            prompt: request.prefix,
            max_tokens: request.maxTokens,
            temperature: request.temperature,
            stream: true,
            stream_options: { include_usage: true },
            ...(request.stop.length > 0 ? { stop: request.stop } : {}),
          },
          { signal: request.signal },
        ),
      (chunk) => chunk.choices[0]?.text ?? "",
    );
    return { text, model: request.model, usage: usage ?? estimateUsage(request.prefix, text), latencyMs: this.#clock.now() - started };
  }

  async chat(request: ChatRequest): Promise<ChatResult> {
    const started = this.#clock.now();
    let finishReason: string | undefined;
    const { text, usage, costUsd } = await this.#readStream(
      request,
      () =>
        this.#client.chat.completions.create(
          {
            model: request.model,
            messages: request.messages,
            // OpenAI deprecated max_tokens for chat; self-hosted servers do not all know its successor.
            ...(this.side === "local" ? { max_tokens: request.maxTokens } : { max_completion_tokens: request.maxTokens }),
            temperature: request.temperature,
            stream: true,
            stream_options: { include_usage: true },
            ...(request.stop && request.stop.length > 0 ? { stop: request.stop } : {}),
          },
          { signal: request.signal },
        ),
      (chunk) => {
        const choice = chunk.choices[0];
        if (choice?.finish_reason) finishReason = choice.finish_reason;
        return choice?.delta?.content ?? "";
      },
    );
    const prompt = request.messages.map((message) => message.content).join("\n");
    const reported = usage && costUsd !== undefined ? { ...usage, costUsd } : usage;
    return { text, model: request.model, usage: reported ?? estimateUsage(prompt, text), latencyMs: this.#clock.now() - started, finishReason };
  }

  /**
   * Reads a streamed answer of either API: its text pieces, the usage chunk and the cost
   * OpenRouter adds to it, an early stop asked for by `onText`; failures become ProviderErrors.
   */
  async #readStream<Chunk extends { usage?: OpenAI.CompletionUsage | null }>(
    request: { model: string; signal: AbortSignal; onText?: (textSoFar: string) => boolean },
    open: () => Promise<AsyncIterable<Chunk> & { controller: AbortController }>,
    pieceOf: (chunk: Chunk) => string,
  ): Promise<{ text: string; usage: Usage | undefined; costUsd: number | undefined }> {
    let text = "";
    let usage: Usage | undefined;
    let costUsd: number | undefined;
    let stoppedEarly = false;
    try {
      const stream = await open();
      for await (const chunk of stream) {
        const piece = pieceOf(chunk);
        text += piece;
        if (chunk.usage) {
          const cost = (chunk.usage as { cost?: unknown }).cost;
          usage = { inputTokens: chunk.usage.prompt_tokens, outputTokens: chunk.usage.completion_tokens, estimated: false };
          costUsd = typeof cost === "number" ? cost : undefined;
        }
        if (piece && request.onText && !request.onText(text)) {
          stoppedEarly = true;
          stream.controller.abort();
          break;
        }
      }
    } catch (error) {
      throw this.#toProviderError(error, request.model, request.signal);
    }
    // Once streaming, an abort ends the loop quietly instead of throwing.
    if (request.signal.aborted && !stoppedEarly) throw this.#toProviderError(request.signal.reason, request.model, request.signal);
    return { text, usage, costUsd };
  }

  #toProviderError(error: unknown, model: string | undefined, signal: AbortSignal): ProviderError {
    const base = { side: this.side, endpoint: this.endpoint, model, cause: error };
    if (error instanceof APIUserAbortError || signal.aborted) {
      // A deadline the caller set (AbortSignal.timeout) is a timeout, not the user cancelling.
      if ((signal.reason as { name?: unknown } | undefined)?.name === "TimeoutError") {
        return new ProviderError({ ...base, kind: "timeout", message: l10n.t("no answer from {0} in time", this.endpoint) });
      }
      return new ProviderError({ ...base, kind: "aborted", message: l10n.t("request cancelled") });
    }
    if (error instanceof APIConnectionTimeoutError) {
      return new ProviderError({ ...base, kind: "timeout", message: l10n.t("no answer from {0} in time", this.endpoint) });
    }
    if (error instanceof APIConnectionError) {
      return new ProviderError({ ...base, kind: "unreachable", message: l10n.t("nothing answers at {0}", this.endpoint) });
    }
    const refusal = error instanceof APIError ? this.#guarded?.refusalFor(error.headers?.get(REFUSAL_HEADER)) : undefined;
    if (refusal) return new ProviderError({ ...base, kind: "egress-refused", refusal, message: l10n.t("the egress guard stopped the request ({0}: {1})", refusal.rule, refusal.source) });
    if (error instanceof APIError && typeof error.status === "number") {
      return new ProviderError({ ...base, kind: kindForStatus(error.status), status: error.status, message: error.message });
    }
    const message = error instanceof Error ? error.message : String(error);
    return new ProviderError({ ...base, kind: "bad-response", message });
  }
}

function kindForStatus(status: number): ProviderErrorKind {
  if (status === 401 || status === 403) return "unauthorized";
  if (status === 404) return "model-not-found";
  if (status === 429) return "rate-limited";
  if (status >= 500) return "server-error";
  return "bad-request";
}
