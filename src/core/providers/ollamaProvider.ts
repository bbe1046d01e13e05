import { Ollama } from "ollama";
import { ProviderError } from "../errors.ts";
import { EgressRefusedError, guardedFetch } from "../privacy/guardedFetch.ts";
import type { InspectBody } from "../privacy/guardedFetch.ts";
import { PromiseCache } from "./promiseCache.ts";
import type { Clock } from "../ports.ts";
import { systemClock } from "../ports.ts";
import { DEFAULT_LOCAL_CONTEXT_TOKENS, contextWindowFor, planChat } from "../models/localContext.ts";
import { isOllamaCloudName } from "../models/ollamaModelRef.ts";
import { streamOllamaChat } from "../chat/ollamaChat.ts";
import type { OllamaChatStreamRequest, StreamedChatResult } from "../chat/chatStream.ts";
import type {
  ModelInfo,
  ServerInfo,
  FimRequest,
  Usage,
  PullProgress,
  CompletionResult,
  ChatRequest,
  ChatResult,
  LocalModelListing,
  LocalModelProvider,
} from "./providerTypes.ts";
import { METADATA_TIMEOUT_MS } from "./providerTypes.ts";
import { estimateTokens, estimateUsage } from "../tokens.ts";
import { badResponseError, isDeadline, statusError, stoppedError, unreachableError } from "./providerFailures.ts";

/** Keeps the completion model loaded between keystrokes, as users of local completion expect. */
const KEEP_ALIVE = "30m";
/** What a chat template adds around each message. */
const MESSAGE_TOKENS = 8;

/** A model Ollama runs elsewhere by its name alone: nothing needs asking, and asking would itself go to the cloud. */
function cloudModelInfo(model: string): ModelInfo {
  return { name: model, supportsInsert: false, isRemote: true, capabilities: [] };
}

export interface OllamaProviderOptions {
  endpoint: string;
  clock?: Clock;
  /** `junction.local.contextTokens`: the window every model gets, capped at what it was trained on. */
  contextTokens?: number;
  /** Told after each generation how long Ollama spent loading the model for it (its `load_duration`). */
  onGeneration?: (event: { model: string; loadMs: number }) => void;
  /**
   * The egress guard: sees every request body before it is sent and may refuse it. The host's
   * guard passes what goes to a private local model and judges what goes to a cloud one.
   */
  inspectEgress?: InspectBody;
}

export class OllamaProvider implements LocalModelProvider {
  readonly kind = "ollama" as const;
  readonly endpoint: string;
  readonly #clock: Clock;
  readonly #contextTokens: number;
  readonly #onGeneration: OllamaProviderOptions["onGeneration"];
  readonly #fetch: typeof globalThis.fetch;
  readonly #modelInfo = new PromiseCache<string, ModelInfo>();

  constructor(options: OllamaProviderOptions) {
    this.endpoint = options.endpoint;
    this.#clock = options.clock ?? systemClock;
    this.#contextTokens = options.contextTokens ?? DEFAULT_LOCAL_CONTEXT_TOKENS;
    this.#onGeneration = options.onGeneration;
    this.#fetch = options.inspectEgress ? guardedFetch(options.inspectEgress, "throw").fetch : globalThis.fetch;
  }

  /**
   * The one `num_ctx` this provider sends for `model`: the configured window, capped at the
   * model's trained context. It changes only with the settings (a new provider).
   */
  async contextWindow(model: string): Promise<number> {
    const info = await this.modelInfo(model).catch(() => undefined);
    return contextWindowFor(this.#contextTokens, info?.contextLength);
  }

  /** What Ollama has loaded now (`/api/ps`): names and the context each runs with. */
  async loadedModels(signal: AbortSignal): Promise<Array<{ name: string; contextLength: number | undefined }>> {
    try {
      const reply = await this.#client(signal).ps();
      return reply.models.map((model) => {
        const contextLength = (model as { context_length?: unknown }).context_length;
        return { name: model.name, contextLength: typeof contextLength === "number" ? contextLength : undefined };
      });
    } catch (error) {
      throw this.#toProviderError(error, undefined, signal);
    }
  }

  async serverInfo(): Promise<ServerInfo> {
    const client = this.#client(AbortSignal.timeout(METADATA_TIMEOUT_MS));
    try {
      const reply = (await client.version()) as { version?: unknown; simulated?: unknown };
      // No version is data too: the host words it ("unknown") where it shows the server.
      const version = reply.version === undefined || reply.version === null ? undefined : String(reply.version);
      return { product: "ollama", version, simulated: reply.simulated === true };
    } catch (error) {
      throw this.#toProviderError(error);
    }
  }

  /**
   * Cached per model: capabilities do not change while a model stays installed. A health check
   * asks with `refresh`, so a model removed or pulled since is noticed.
   */
  modelInfo(model: string, options: { refresh?: boolean } = {}): Promise<ModelInfo> {
    // Ollama forwards even /api/show for a cloud name to ollama.com (routes.go ShowHandler).
    if (isOllamaCloudName(model)) return Promise.resolve(cloudModelInfo(model));
    return this.#modelInfo.get(model, () => this.#fetchModelInfo(model), options);
  }

  async #fetchModelInfo(model: string): Promise<ModelInfo> {
    const client = this.#client(AbortSignal.timeout(METADATA_TIMEOUT_MS));
    try {
      const reply = (await client.show({ model })) as { capabilities?: unknown; remote_host?: unknown; model_info?: unknown };
      const capabilities = Array.isArray(reply.capabilities) ? reply.capabilities : [];
      const contextLength = trainedContext(reply.model_info);
      return {
        name: model,
        supportsInsert: capabilities.includes("insert"),
        // A model made FROM a cloud model has a plain name; its manifest says where it runs.
        isRemote: typeof reply.remote_host === "string",
        capabilities: capabilities.filter((capability): capability is string => typeof capability === "string"),
        ...(contextLength !== undefined ? { contextLength } : {}),
      };
    } catch (error) {
      throw this.#toProviderError(error, model);
    }
  }

  /**
   * The installed models with size and, from /api/show, capabilities. A model whose details
   * cannot be read is still listed, without capabilities.
   */
  async listModels(signal: AbortSignal): Promise<LocalModelListing[]> {
    const client = this.#client(signal);
    let listed: Array<{ name: string; size?: number; details?: { parameter_size?: string }; remote_host?: unknown }>;
    try {
      listed = (await client.list()).models;
    } catch (error) {
      throw this.#toProviderError(error, undefined, signal);
    }
    return Promise.all(
      listed.map(async (model): Promise<LocalModelListing> => {
        const remote = isOllamaCloudName(model.name) || typeof model.remote_host === "string";
        const info = remote ? undefined : await this.modelInfo(model.name).catch(() => undefined);
        return {
          name: model.name,
          sizeBytes: typeof model.size === "number" ? model.size : undefined,
          parameterSize: model.details?.parameter_size || undefined,
          capabilities: info?.capabilities,
          remote: remote || info?.isRemote === true,
        };
      }),
    );
  }

  /** Streams a fill-in-the-middle completion: Ollama's own `suffix` handling, or a raw FIM prompt. */
  async generateFim(request: FimRequest): Promise<CompletionResult> {
    const started = this.#clock.now();
    const client = this.#client(request.signal);
    let text = "";
    let usage: Usage | undefined;
    try {
      const stream = await client.generate({
        model: request.model,
        prompt: request.prefix,
        ...(request.raw ? { raw: true } : { suffix: request.suffix }),
        stream: true,
        keep_alive: KEEP_ALIVE,
        options: {
          num_ctx: request.contextTokens,
          num_predict: request.maxTokens,
          temperature: request.temperature,
          // An empty list would replace the model's own stop parameters rather than add none.
          ...(request.stop.length > 0 ? { stop: request.stop } : {}),
        },
      });
      for await (const chunk of stream) {
        text += chunk.response;
        if (chunk.done) {
          usage = reportedUsage(chunk);
          this.#onGeneration?.({ model: request.model, loadMs: (chunk.load_duration ?? 0) / 1e6 });
        } else if (request.onText && !request.onText(text)) {
          stream.abort();
          break;
        }
      }
    } catch (error) {
      throw this.#toProviderError(error, request.model, request.signal);
    }
    return {
      text,
      model: request.model,
      usage: usage ?? estimateUsage(request.raw ? request.prefix : request.prefix + request.suffix, text),
      latencyMs: this.#clock.now() - started,
    };
  }

  /** Streams a chat answer (refactors on the local side), with the same shape as the cloud provider's. */
  async chat(request: ChatRequest): Promise<ChatResult> {
    const started = this.#clock.now();
    const prompt = request.messages.map((message) => message.content).join("\n");
    // The model's one window, as for completions: a chat sized to its prompt would reload the model.
    const window = await this.contextWindow(request.model);
    const fit = planChat(window, estimateTokens(prompt) + MESSAGE_TOKENS * request.messages.length, request.maxTokens);
    if (!fit) {
      const problem = { code: "prompt-too-long", model: request.model, promptTokens: estimateTokens(prompt), windowTokens: window } as const;
      throw new ProviderError({ kind: "bad-request", side: "local", endpoint: this.endpoint, model: request.model, problem });
    }
    const client = this.#client(request.signal);
    let text = "";
    let usage: Usage | undefined;
    let finishReason: string | undefined;
    try {
      const stream = await client.chat({
        model: request.model,
        messages: request.messages,
        stream: true,
        keep_alive: KEEP_ALIVE,
        options: {
          num_ctx: window,
          num_predict: fit.maxTokens,
          temperature: request.temperature,
          ...(request.stop && request.stop.length > 0 ? { stop: request.stop } : {}),
        },
      });
      for await (const chunk of stream) {
        text += chunk.message.content;
        if (chunk.done) {
          usage = reportedUsage(chunk);
          finishReason = chunk.done_reason;
          this.#onGeneration?.({ model: request.model, loadMs: (chunk.load_duration ?? 0) / 1e6 });
        } else if (request.onText && !request.onText(text)) {
          stream.abort();
          break;
        }
      }
    } catch (error) {
      throw this.#toProviderError(error, request.model, request.signal);
    }
    return { text, model: request.model, usage: usage ?? estimateUsage(prompt, text), latencyMs: this.#clock.now() - started, finishReason };
  }

  /** Streams a chat with tools (VS Code's chat), in the model's one window; see chat/ollamaChat.ts. */
  streamChat(request: OllamaChatStreamRequest): Promise<StreamedChatResult> {
    return streamOllamaChat(request, {
      clock: this.#clock,
      keepAlive: KEEP_ALIVE,
      window: () => this.contextWindow(request.model),
      client: () => this.#client(request.signal),
      toProviderError: (error) => this.#toProviderError(error, request.model, request.signal),
      onGeneration: (loadMs) => this.#onGeneration?.({ model: request.model, loadMs }),
    });
  }

  /**
   * Downloads a model (`ollama pull`), reporting progress as a share from 0 to 1 when Ollama
   * says how much there is. Resolves when Ollama reports success.
   */
  async pull(model: string, onProgress: (progress: PullProgress) => void, signal: AbortSignal): Promise<void> {
    const client = this.#client(signal);
    let succeeded = false;
    try {
      const stream = await client.pull({ model, stream: true });
      for await (const part of stream) {
        const share = part.total ? Math.min(1, (part.completed ?? 0) / part.total) : undefined;
        onProgress({ status: part.status, ...(share !== undefined ? { share } : {}) });
        if (part.status === "success") succeeded = true;
      }
    } catch (error) {
      throw this.#toProviderError(error, model, signal);
    }
    this.#modelInfo.forget(model);
    if (!succeeded)
      throw new ProviderError({
        kind: "bad-response",
        side: "local",
        endpoint: this.endpoint,
        model,
        problem: { code: "pull-unfinished", model },
      });
  }

  /** One client per call, so aborting one request never touches another. */
  #client(signal: AbortSignal): Ollama {
    return new Ollama({
      host: this.endpoint,
      fetch: (input, init) => this.#fetch(input, { ...init, signal: init?.signal ? AbortSignal.any([init.signal, signal]) : signal }),
    });
  }

  #toProviderError(error: unknown, model?: string, signal?: AbortSignal): ProviderError {
    const base = { side: "local" as const, endpoint: this.endpoint, model, cause: error };
    if (error instanceof EgressRefusedError) {
      const { rule, source } = error.refusal;
      return new ProviderError({ ...base, kind: "egress-refused", refusal: error.refusal, problem: { code: "egress-refused", rule, source } });
    }
    if (signal?.aborted || isAbortError(error)) return stoppedError(base, isDeadline(error) || isDeadline(signal?.reason));
    const status = (error as { status_code?: unknown })?.status_code;
    if (typeof status === "number") return statusError(base, status, error instanceof Error ? error.message : String(error));
    if (isConnectionFailure(error)) return unreachableError(base);
    return badResponseError(base, error);
  }
}

function isAbortError(error: unknown): boolean {
  const name = (error as { name?: unknown })?.name;
  return name === "AbortError" || name === "TimeoutError";
}

const CONNECTION_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "ENOTFOUND", "EHOSTUNREACH", "ENETUNREACH", "EAI_AGAIN"]);

function isConnectionFailure(error: unknown): boolean {
  const cause = (error as { cause?: { code?: unknown } })?.cause;
  return error instanceof TypeError && (CONNECTION_CODES.has(String(cause?.code)) || /fetch failed/i.test(error.message));
}

/** The counts of Ollama's final record; Ollama leaves out a count that is zero (omitempty). */
function reportedUsage(chunk: { prompt_eval_count?: number; eval_count?: number }): Usage {
  return { inputTokens: chunk.prompt_eval_count ?? 0, outputTokens: chunk.eval_count ?? 0, estimated: false };
}

/** `<arch>.context_length` from /api/show's model_info (e.g. "qwen2.context_length": 32768). */
function trainedContext(modelInfo: unknown): number | undefined {
  if (typeof modelInfo !== "object" || modelInfo === null) return undefined;
  const info = modelInfo as Record<string, unknown>;
  const architecture = info["general.architecture"];
  const value = typeof architecture === "string" ? info[`${architecture}.context_length`] : undefined;
  return typeof value === "number" && value > 0 ? value : undefined;
}
