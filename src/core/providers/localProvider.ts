import { ProviderError } from "../errors.ts";
import type { InspectBody } from "../privacy/guardedFetch.ts";
import type { Clock } from "../ports.ts";
import { OpenAiCompatibleProvider } from "./openAiProvider.ts";
import { PromiseCache } from "./promiseCache.ts";
import { DEFAULT_LOCAL_CONTEXT_TOKENS } from "../models/localContext.ts";
import { isOllamaCloudName } from "../models/ollamaModelRef.ts";
import type { OpenAiChatStreamRequest, StreamedChatResult } from "../chat/chatStream.ts";
import type { ModelInfo, ServerInfo, FimRequest, CompletionResult, ChatRequest, ChatResult, LocalModelListing, LocalModelProvider } from "./providerTypes.ts";
import { METADATA_TIMEOUT_MS } from "./providerTypes.ts";

/**
 * Self-hosted servers mostly run without authentication but the client always sends a bearer
 * token. This placeholder is what they receive — never the cloud key.
 */
const NO_KEY = "junction-local-no-key";

/**
 * A self-hosted OpenAI-compatible server as the local side. Completions use `/v1/completions`
 * with the model family's own FIM tokens (none of these servers takes a `suffix`), so a model
 * whose family Junction does not know cannot complete; refactors use chat completions.
 * Ollama's `/v1` is one of these servers, and it forwards a request for a cloud name
 * (`qwen3-coder:cloud`, `gpt-oss:120b-cloud`) to ollama.com: such a model is remote here too. No
 * other server names its models that way, so the rule is applied whatever the server.
 */
export class OpenAiLocalProvider implements LocalModelProvider {
  readonly kind = "openai-compatible" as const;
  readonly endpoint: string;
  readonly #api: OpenAiCompatibleProvider;
  readonly #contextTokens: number;
  /** The one listing of served models, under a single key. */
  readonly #served = new PromiseCache<"served", string[]>();

  /** `inspectEgress`: the egress guard, judging what goes to a server or model that is not private. */
  constructor(options: { endpoint: string; timeoutMs?: number; clock?: Clock; contextTokens?: number; inspectEgress?: InspectBody }) {
    this.endpoint = options.endpoint;
    this.#contextTokens = options.contextTokens ?? DEFAULT_LOCAL_CONTEXT_TOKENS;
    // No retries: a completion retried after a stall is stale by the time it answers.
    this.#api = new OpenAiCompatibleProvider({
      endpoint: options.endpoint,
      apiKey: NO_KEY,
      side: "local",
      timeoutMs: options.timeoutMs,
      maxRetries: 0,
      clock: options.clock,
      ...(options.inspectEgress ? { inspectEgress: options.inspectEgress } : {}),
    });
  }

  async serverInfo(): Promise<ServerInfo> {
    await this.#servedModels(true);
    // These servers report no version; the host words the product where it shows it.
    return { product: "openai-compatible", version: undefined, simulated: false };
  }

  async modelInfo(model: string, options: { refresh?: boolean } = {}): Promise<ModelInfo> {
    const served = await this.#servedModels(options.refresh === true);
    if (!served.includes(model)) {
      const problem = { code: "model-not-served", model, endpoint: this.endpoint, served } as const;
      throw new ProviderError({ kind: "model-not-found", side: "local", endpoint: this.endpoint, model, problem });
    }
    return { name: model, supportsInsert: false, isRemote: isOllamaCloudName(model), capabilities: [] };
  }

  /**
   * These servers fix their context when they start (vLLM `--max-model-len`, llama.cpp `-c`) and
   * take none per request; the setting sizes what Junction sends.
   */
  contextWindow(): Promise<number> {
    return Promise.resolve(this.#contextTokens);
  }

  async listModels(signal: AbortSignal): Promise<LocalModelListing[]> {
    const names = await this.#api.listModels(signal);
    return names.map((name) => ({ name, sizeBytes: undefined, parameterSize: undefined, capabilities: undefined, remote: isOllamaCloudName(name) }));
  }

  generateFim(request: FimRequest): Promise<CompletionResult> {
    return this.#api.completeRaw(request);
  }

  chat(request: ChatRequest): Promise<ChatResult> {
    return this.#api.chat(request);
  }

  /** A chat with tools (VS Code's chat) through the server's `/v1/chat/completions`. */
  streamChat(request: OpenAiChatStreamRequest): Promise<StreamedChatResult> {
    return this.#api.streamChat(request);
  }

  #servedModels(refresh: boolean): Promise<string[]> {
    return this.#served.get("served", () => this.#api.listModels(AbortSignal.timeout(METADATA_TIMEOUT_MS)), { refresh });
  }
}
