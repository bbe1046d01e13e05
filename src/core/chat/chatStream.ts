import type { ChatCompletionFunctionTool, ChatCompletionMessageParam } from "openai/resources/chat/completions/completions";
import type { AdaptableParameter } from "../providers/modelParameters.ts";
import type { ChatUsage } from "../providers/providerTypes.ts";
import type { ChatToolCall } from "./chatMessages.ts";
import type { OllamaWireMessage, OllamaWireTool } from "./chatWire.ts";

/**
 * What the providers' streamed chat with tools takes and returns (OllamaProvider.streamChat,
 * OpenAiCompatibleProvider.streamChat): messages already in the provider's wire format, and a
 * callback for every text piece and tool call as it arrives.
 */

export interface StreamedChatCallbacks {
  onText(piece: string): void;
  onToolCall(call: ChatToolCall): void;
}

interface StreamedChatBase extends StreamedChatCallbacks {
  model: string;
  /** The answer's cap; it counts tool calls too. */
  maxTokens: number;
  stop?: string[];
  signal: AbortSignal;
}

export interface OllamaChatStreamRequest extends StreamedChatBase {
  messages: OllamaWireMessage[];
  tools?: OllamaWireTool[];
  /** Undefined: the model's own (Modelfile) value. */
  temperature?: number;
  topP?: number;
}

export interface OpenAiChatStreamRequest extends StreamedChatBase {
  messages: ChatCompletionMessageParam[];
  tools?: ChatCompletionFunctionTool[];
  /** "required": the model must call a tool (VS Code's LanguageModelChatToolMode.Required). */
  toolChoice?: "auto" | "required";
  temperature: number;
}

export interface StreamedChatResult {
  usage: ChatUsage;
  latencyMs: number;
  finishReason: string | undefined;
  /** Parameters left out because the endpoint rejected them for this model. */
  adapted?: AdaptableParameter[];
}

/** An id for a tool call the server sent without one (Ollama before 0.12): unique within the conversation. */
export function newToolCallId(): string {
  return `call_${crypto.randomUUID().replace(/-/g, "").slice(0, 16)}`;
}
