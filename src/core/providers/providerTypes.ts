import type { OpenAiChatStreamRequest, StreamedChatResult } from "../chat/chatStream.ts";
// The types the model providers share — requests, results, usage, what a server and its models
// are — in a module of their own, so that no provider imports another for its types.
import type { ModelPrice } from "../pricing.ts";
import type { AdaptableParameter } from "./modelParameters.ts";

/** What Junction needs to know about a local model before prompting it. */
export interface ModelInfo {
  name: string;
  /** Ollama's `insert` capability: the model accepts a `suffix` (fill in the middle). */
  supportsInsert: boolean;
  /** Ollama proxies this model to a remote service: for the privacy rules it is a cloud model. */
  isRemote: boolean;
  /** As the server reports them ("completion", "insert", "tools" …); empty when it does not say. */
  capabilities: readonly string[];
  /** The context the model was trained with (Ollama's `<arch>.context_length`), when the server says. */
  contextLength?: number;
}

/** Which kind of server answers; the host words it ("Ollama", "OpenAI-compatible server"). */
export type ServerProduct = "ollama" | "openai-compatible";

export interface ServerInfo {
  product: ServerProduct;
  /** As the server reports it; undefined when Ollama does not say, and always for OpenAI-compatible servers, which have no version call. */
  version: string | undefined;
  /** Junction's own simulated model server (the demo) says so; a real Ollama never does. */
  simulated: boolean;
}

export interface FimRequest {
  model: string;
  /** The code before the cursor; in raw mode, the whole prompt in the model's own FIM format. */
  prefix: string;
  /** The code after the cursor; never sent in raw mode (it is inside `prefix` there). */
  suffix: string;
  /**
   * Raw mode, for a model without Ollama's "insert" capability: Ollama applies no template and
   * Junction has written the FIM tokens itself. No `suffix` is sent, because Ollama rejects a
   * non-empty suffix for such a model even when raw is set.
   */
  raw?: boolean;
  maxTokens: number;
  /**
   * The model's context window (`num_ctx`): always `provider.contextWindow(model)`, the same for
   * every request to the model, or Ollama reloads it.
   */
  contextTokens: number;
  temperature: number;
  stop: string[];
  signal: AbortSignal;
  /** Called for every streamed piece; return false to stop reading early. */
  onText?: (textSoFar: string) => boolean;
}

export interface Usage {
  inputTokens: number;
  outputTokens: number;
  /** True when the stream ended before the provider reported its counts. */
  estimated: boolean;
}

export interface PullProgress {
  /** Ollama's words: "pulling manifest", "downloading …", "verifying sha256 digest", "success". */
  status: string;
  /** 0–1 of the current layer, when Ollama reports sizes. */
  share?: number;
}

export interface CompletionResult {
  text: string;
  model: string;
  usage: Usage;
  latencyMs: number;
}

export type LocalProviderKind = "ollama" | "openai-compatible";

/** One model a local server offers, as the model pickers show it. */
export interface LocalModelListing {
  name: string;
  /** On disk, when the server says (Ollama does; OpenAI-compatible servers do not). */
  sizeBytes: number | undefined;
  /** "1.5B", "7.6B" … when the server says. */
  parameterSize: string | undefined;
  /** Ollama's capabilities ("completion", "insert", "tools" …); undefined when the server does not say. */
  capabilities: readonly string[] | undefined;
  /** Ollama proxies this model to a remote service: for the privacy rules it is a cloud model. */
  remote: boolean;
}

/**
 * The local side of Junction: Ollama, or a self-hosted OpenAI-compatible server (vLLM,
 * llama.cpp's server, LM Studio). Completions, refactors, the health check and the model picker
 * use only this.
 */
export interface LocalModelProvider {
  readonly kind: LocalProviderKind;
  readonly endpoint: string;
  serverInfo(): Promise<ServerInfo>;
  /** Cached per model; `refresh` asks the server again. */
  modelInfo(model: string, options?: { refresh?: boolean }): Promise<ModelInfo>;
  /** The context window a model gets, the same for every request while the settings stay (prompt budgets derive from it). */
  contextWindow(model: string): Promise<number>;
  listModels(signal: AbortSignal): Promise<LocalModelListing[]>;
  generateFim(request: FimRequest): Promise<CompletionResult>;
  chat(request: ChatRequest): Promise<ChatResult>;
}

/**
 * The cloud side: any server speaking OpenAI's chat-completions API with an API key. Whether a
 * request may go there is the router's and the egress guard's business, never the provider's.
 */
export interface CloudModelProvider {
  readonly endpoint: string;
  listModels(signal: AbortSignal): Promise<string[]>;
  listModelDetails(signal: AbortSignal): Promise<ListedModel[]>;
  chat(request: ChatRequest): Promise<ChatResult>;
  /** Chat in the server's own wire format, tool calls included (VS Code's chat). */
  streamChat(request: OpenAiChatStreamRequest): Promise<StreamedChatResult>;
}

/** Metadata calls must not hang the status bar on a black-holed endpoint. */
export const METADATA_TIMEOUT_MS = 5_000;

export interface ChatMessage {
  role: "system" | "user" | "assistant";
  content: string;
}

export interface ChatRequest {
  model: string;
  messages: ChatMessage[];
  /** The answer's budget; a model that reasons gets `reasoningTokens` more (modelParameters.ts). */
  maxTokens: number;
  /** Reasoning allowed on top of maxTokens, for models that reason; default REASONING_ALLOWANCE_TOKENS. */
  reasoningTokens?: number;
  /** The temperature wanted; models that accept only their default get none (modelParameters.ts). */
  temperature: number;
  signal: AbortSignal;
  stop?: string[];
  /** Called for every streamed piece; return false to stop reading early. */
  onText?: (textSoFar: string) => boolean;
}

/** Provider-reported usage, with what OpenAI-style APIs break out of it. */
export interface ChatUsage extends Usage {
  /** Part of the input read from the provider's prompt cache (`prompt_tokens_details.cached_tokens`). */
  cachedInputTokens?: number;
  /** Part of the output spent thinking (`completion_tokens_details.reasoning_tokens`). */
  reasoningTokens?: number;
  /** What the provider says it charged (OpenRouter `usage.cost`). */
  costUsd?: number;
}

export interface ChatResult {
  text: string;
  model: string;
  usage: ChatUsage;
  latencyMs: number;
  finishReason: string | undefined;
  /** Parameters left out because the endpoint rejected them for this model (cloud and OpenAI-compatible local servers). */
  adapted?: AdaptableParameter[];
}

/** One model an endpoint lists, with the facts the endpoint itself gives (OpenRouter's `/models` gives many). */
export interface ListedModel {
  id: string;
  contextTokens?: number;
  /** The endpoint's own price per million tokens. */
  price?: ModelPrice;
  /** The endpoint says the model reasons (OpenRouter `supported_parameters` has "reasoning"), or its family does. */
  reasoning: boolean;
  /** Junction's own simulated cloud (the demo) lists its models as such; a real endpoint never does. */
  simulated: boolean;
}
