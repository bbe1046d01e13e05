import type OpenAI from "openai";
import * as z from "zod/mini";
import { ProviderError } from "../errors.ts";
import type { ProviderSide } from "../errors.ts";
import type { Clock, Logger } from "../ports.ts";
import { systemClock } from "../ports.ts";
import { loadCloudClient } from "./cloudClientLoader.ts";
import type { CloudClientModule } from "./cloudClientLoader.ts";
import type { ClientSettings } from "./cloudEndpoints.ts";
import { chatParameters, isReasoningModel, ParameterMemory, REASONING_ALLOWANCE_TOKENS, rejectedParameter } from "./modelParameters.ts";
import type { AdaptableParameter, ChatParameters } from "./modelParameters.ts";
import { guardedFetch, REFUSAL_HEADER } from "../privacy/guardedFetch.ts";
import type { GuardedFetch, InspectBody } from "../privacy/guardedFetch.ts";
import { streamOpenAiChat } from "../chat/openAiChat.ts";
import type { OpenAiChatStreamRequest, StreamedChatResult } from "../chat/chatStream.ts";
import type { FimRequest, CompletionResult, ChatRequest, ChatUsage, ChatResult, CloudModelProvider, ListedModel } from "./providerTypes.ts";
import { estimateUsage } from "../tokens.ts";
import { badResponseError, isDeadline, statusError, stoppedError, unreachableError } from "./providerFailures.ts";

export interface OpenAiProviderOptions {
  /** Base URL including the API version path, e.g. `https://api.openai.com/v1`. */
  endpoint: string;
  apiKey: string;
  side: ProviderSide;
  /** Whole-request limit; the client's default is 10 minutes, far too long for an editor. */
  timeoutMs?: number;
  /** Retries on connection errors, 408/409/429/5xx (honouring `retry-after`). */
  maxRetries?: number;
  /** What this endpoint rejected before; share one across providers of the same endpoint. */
  parameters?: ParameterMemory;
  logger?: Logger;
  clock?: Clock;
  /**
   * The egress guard, for a server that is not private (the cloud, an untrusted self-hosted one):
   * it sees every request body before it is sent and may refuse it.
   */
  inspectEgress?: InspectBody;
}

const DEFAULT_TIMEOUT_MS = 120_000;
const DEFAULT_MAX_RETRIES = 2;
/** Junction's simulated cloud marks its listing so; see test/fakes/cloud. */
export const SIMULATED_OWNER = "junction-simulated";

/** OpenRouter's `/models` entry (openrouter.ai/docs/api-reference/list-available-models): prices are USD per token, as strings. */
const listedModelSchema = z.object({
  id: z.string(),
  owned_by: z.optional(z.string()),
  context_length: z.optional(z.number().check(z.int(), z.positive())),
  pricing: z.optional(z.object({ prompt: z.string(), completion: z.string(), input_cache_read: z.optional(z.string()) })),
  supported_parameters: z.optional(z.array(z.string())),
});

/** Any OpenAI-compatible chat API: OpenAI, OpenRouter, Azure, Anthropic's and Gemini's compatibility layers, vLLM, llama.cpp. */
export class OpenAiCompatibleProvider implements CloudModelProvider {
  readonly endpoint: string;
  readonly side: ProviderSide;
  readonly #clientSettings: ClientSettings;
  /** Created on the first request, so that constructing a provider (at activation) loads no `openai` code. */
  #client: { openai: OpenAI; module: CloudClientModule } | undefined;
  readonly #clock: Clock;
  readonly #guarded: GuardedFetch | undefined;
  readonly #parameters: ParameterMemory;
  readonly #logger: Logger | undefined;

  constructor(options: OpenAiProviderOptions) {
    this.endpoint = options.endpoint;
    this.side = options.side;
    this.#clock = options.clock ?? systemClock;
    this.#guarded = options.inspectEgress ? guardedFetch(options.inspectEgress, "answer") : undefined;
    this.#parameters = options.parameters ?? new ParameterMemory();
    this.#logger = options.logger;
    this.#clientSettings = {
      endpoint: options.endpoint,
      apiKey: options.apiKey,
      timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      maxRetries: options.maxRetries ?? DEFAULT_MAX_RETRIES,
      ...(this.#guarded ? { fetch: this.#guarded.fetch } : {}),
    };
  }

  /** The client, loading `openai` on first use (cloudClientLoader.ts); called inside each request's error handling. */
  #openai(): OpenAI {
    if (!this.#client) {
      const module = loadCloudClient();
      this.#client = { openai: module.createClient(this.#clientSettings), module };
    }
    return this.#client.openai;
  }

  async listModels(signal: AbortSignal): Promise<string[]> {
    return (await this.listModelDetails(signal)).map((model) => model.id);
  }

  async listModelDetails(signal: AbortSignal): Promise<ListedModel[]> {
    try {
      const models: ListedModel[] = [];
      for await (const raw of this.#openai().models.list({ signal })) {
        const parsed = listedModelSchema.safeParse(raw);
        if (parsed.success) models.push(toListedModel(parsed.data));
      }
      return models;
    } catch (error) {
      throw this.#toProviderError(error, undefined, signal);
    }
  }

  /**
   * Streams a plain text completion (`/v1/completions`) of a prompt Junction wrote in the model's
   * own FIM format: self-hosted servers (vLLM, llama.cpp, LM Studio) serve it for base models,
   * and none of them agrees on a `suffix` parameter, so the suffix is always inside the prompt.
   * (The legacy completions API has only `max_tokens`.)
   */
  async completeRaw(request: FimRequest): Promise<CompletionResult> {
    const started = this.#clock.now();
    const { text, usage } = await this.#readStream(
      request,
      () =>
        this.#openai().completions.create(
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

  /**
   * A streamed chat answer with the parameters the model's family accepts. When the server still
   * rejects one by name (a 400 naming it), the request is sent again without it and the endpoint's
   * answer is remembered for this model. Each parameter is withdrawn at most once per request, so
   * the retries end: a request is sent at most once more than the parameters it can shed.
   */
  async chat(request: ChatRequest): Promise<ChatResult> {
    const started = this.#clock.now();
    const withdrawn = new Set<AdaptableParameter>();
    for (;;) {
      const rejected = new Set([...this.#parameters.rejected(this.endpoint, request.model), ...withdrawn]);
      const params = chatParameters({
        model: request.model,
        temperature: request.temperature,
        maxTokens: request.maxTokens,
        reasoningAllowance: request.reasoningTokens ?? REASONING_ALLOWANCE_TOKENS,
        rejected,
        ...(request.stop ? { stop: request.stop } : {}),
      });
      try {
        return { ...(await this.#streamChat(request, params, started)), adapted: [...rejected] };
      } catch (error) {
        const parameter = ProviderError.is(error, "bad-request") && !request.signal.aborted ? rejectedParameter(error, params) : undefined;
        if (parameter === undefined || withdrawn.has(parameter)) throw error;
        withdrawn.add(parameter);
        this.#parameters.learn(this.endpoint, request.model, parameter);
        this.#logger?.warn(
          `${this.endpoint} rejected "${parameter}" for ${request.model} (${error instanceof Error ? error.message : String(error)}); sending again without it, and from now on for this model`,
        );
      }
    }
  }

  /** Streams a chat with tools (VS Code's chat), with the parameters adapted as for `chat`; see chat/openAiChat.ts. */
  streamChat(request: OpenAiChatStreamRequest): Promise<StreamedChatResult> {
    return streamOpenAiChat(request, {
      endpoint: this.endpoint,
      clock: this.#clock,
      parameters: this.#parameters,
      ...(this.#logger ? { logger: this.#logger } : {}),
      open: (body) => this.#openai().chat.completions.create(body, { signal: request.signal }),
      toProviderError: (error) => this.#toProviderError(error, request.model, request.signal),
      usageOf,
    });
  }

  async #streamChat(request: ChatRequest, params: ChatParameters, started: number): Promise<ChatResult> {
    let finishReason: string | undefined;
    const { text, usage } = await this.#readStream(
      request,
      () => this.#openai().chat.completions.create({ model: request.model, messages: request.messages, stream: true, ...params }, { signal: request.signal }),
      (chunk) => {
        const choice = chunk.choices[0];
        if (choice?.finish_reason) finishReason = choice.finish_reason;
        return choice?.delta?.content ?? "";
      },
    );
    const prompt = request.messages.map((message) => message.content).join("\n");
    return { text, model: request.model, usage: usage ?? estimateUsage(prompt, text), latencyMs: this.#clock.now() - started, finishReason };
  }

  /**
   * Reads a streamed answer of either API: its text pieces, the usage chunk with its cached and
   * reasoning details and the cost OpenRouter adds, an early stop asked for by `onText`; failures
   * become ProviderErrors.
   */
  async #readStream<Chunk extends { usage?: OpenAI.CompletionUsage | null }>(
    request: { model: string; signal: AbortSignal; onText?: (textSoFar: string) => boolean },
    open: () => Promise<AsyncIterable<Chunk> & { controller: AbortController }>,
    pieceOf: (chunk: Chunk) => string,
  ): Promise<{ text: string; usage: ChatUsage | undefined }> {
    let text = "";
    let usage: ChatUsage | undefined;
    let stoppedEarly = false;
    try {
      const stream = await open();
      for await (const chunk of stream) {
        const piece = pieceOf(chunk);
        text += piece;
        if (chunk.usage) usage = usageOf(chunk.usage);
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
    return { text, usage };
  }

  #toProviderError(error: unknown, model: string | undefined, signal: AbortSignal): ProviderError {
    const base = { side: this.side, endpoint: this.endpoint, model, cause: error };
    // Without a client no request was sent, so the error is none of the client's.
    const failure = this.#client?.module.clientFailure(error);
    if (failure?.kind === "aborted" || signal.aborted) return stoppedError(base, isDeadline(signal.reason));
    if (failure?.kind === "timeout") return stoppedError(base, true);
    if (failure?.kind === "unreachable") return unreachableError(base);
    if (failure?.kind === "api") {
      const refusal = this.#guarded?.refusalFor(failure.headers?.get(REFUSAL_HEADER));
      if (refusal)
        return new ProviderError({
          ...base,
          kind: "egress-refused",
          refusal,
          problem: { code: "egress-refused", rule: refusal.rule, source: refusal.source },
        });
      if (failure.status !== undefined) {
        const { status, message, code, param } = failure;
        return statusError(base, status, message, { ...(code ? { code } : {}), ...(param ? { param } : {}) });
      }
    }
    return badResponseError(base, error);
  }
}

function usageOf(raw: OpenAI.CompletionUsage): ChatUsage {
  const extra = raw as OpenAI.CompletionUsage & { cost?: unknown };
  const cached = raw.prompt_tokens_details?.cached_tokens;
  const reasoning = raw.completion_tokens_details?.reasoning_tokens;
  return {
    inputTokens: raw.prompt_tokens,
    outputTokens: raw.completion_tokens,
    estimated: false,
    ...(typeof cached === "number" && cached > 0 ? { cachedInputTokens: cached } : {}),
    ...(typeof reasoning === "number" && reasoning > 0 ? { reasoningTokens: reasoning } : {}),
    ...(typeof extra.cost === "number" && Number.isFinite(extra.cost) ? { costUsd: extra.cost } : {}),
  };
}

function toListedModel(raw: z.infer<typeof listedModelSchema>): ListedModel {
  const perMillion = (perToken: string | undefined): number | undefined => {
    const value = perToken === undefined ? Number.NaN : Number(perToken) * 1_000_000;
    // OpenRouter lists "-1" for routers whose price depends on the model they pick: no price.
    return Number.isFinite(value) && value >= 0 ? Math.round(value * 1e6) / 1e6 : undefined;
  };
  const input = perMillion(raw.pricing?.prompt);
  const output = perMillion(raw.pricing?.completion);
  const cached = perMillion(raw.pricing?.input_cache_read);
  const price =
    input !== undefined && output !== undefined
      ? { inputUsdPerMTok: input, outputUsdPerMTok: output, ...(cached !== undefined ? { cachedInputUsdPerMTok: cached } : {}) }
      : undefined;
  return {
    id: raw.id,
    ...(raw.context_length !== undefined ? { contextTokens: raw.context_length } : {}),
    ...(price ? { price } : {}),
    reasoning: raw.supported_parameters ? raw.supported_parameters.includes("reasoning") : isReasoningModel(raw.id),
    simulated: raw.owned_by === SIMULATED_OWNER,
  };
}
