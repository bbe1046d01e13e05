import type { Message, Ollama, Tool } from "ollama";
import type { ProviderError } from "../errors.ts";
import type { Clock } from "../ports.ts";
import { estimateUsage } from "../tokens.ts";
import type { Usage } from "../providers/providerTypes.ts";
import { newToolCallId } from "./chatStream.ts";
import type { OllamaChatStreamRequest, StreamedChatResult } from "./chatStream.ts";
import { ollamaToolCallEvents } from "./chatWire.ts";

/**
 * A streamed `/api/chat` with tools. `num_ctx` is the model's one window, the same as every other
 * request to it gets, or Ollama reloads the model (server/sched.go needsReload); the caller has
 * fitted the request to it. Text pieces are passed on as they come; Ollama parses a tool call out
 * of the model's output and sends it whole, in a chunk of its own (server/routes.go ChatHandler,
 * tools.Parser), so each one is passed on as it arrives.
 */

export interface OllamaChatDeps {
  clock: Clock;
  keepAlive: string;
  window(): Promise<number>;
  /** A client whose requests end with the request's signal. */
  client(): Ollama;
  toProviderError(error: unknown): ProviderError;
  onGeneration(loadMs: number): void;
}

export async function streamOllamaChat(request: OllamaChatStreamRequest, deps: OllamaChatDeps): Promise<StreamedChatResult> {
  const started = deps.clock.now();
  const window = await deps.window();
  let text = "";
  let usage: Usage | undefined;
  let finishReason: string | undefined;
  try {
    const stream = await deps.client().chat({
      model: request.model,
      // The wire messages carry tool call ids and tool_call_id (Ollama 0.12 on), which the client's types predate.
      messages: request.messages as Message[],
      ...(request.tools && request.tools.length > 0 ? { tools: request.tools as Tool[] } : {}),
      stream: true,
      keep_alive: deps.keepAlive,
      options: {
        num_ctx: window,
        num_predict: request.maxTokens,
        ...(request.temperature !== undefined ? { temperature: request.temperature } : {}),
        ...(request.topP !== undefined ? { top_p: request.topP } : {}),
        ...(request.stop && request.stop.length > 0 ? { stop: request.stop } : {}),
      },
    });
    for await (const chunk of stream) {
      const piece = chunk.message?.content ?? "";
      if (piece !== "") {
        text += piece;
        request.onText(piece);
      }
      const calls = chunk.message?.tool_calls;
      if (calls && calls.length > 0) for (const call of ollamaToolCallEvents(calls, newToolCallId)) request.onToolCall(call);
      if (chunk.done) {
        // Ollama leaves out a count that is zero (omitempty).
        usage = { inputTokens: chunk.prompt_eval_count ?? 0, outputTokens: chunk.eval_count ?? 0, estimated: false };
        finishReason = chunk.done_reason;
        deps.onGeneration((chunk.load_duration ?? 0) / 1e6);
      }
    }
  } catch (error) {
    // Arguments that are not an object (ToolArgumentsError) come out as a "bad-response".
    throw deps.toProviderError(error);
  }
  const prompt = request.messages.map((message) => message.content).join("\n");
  return { usage: usage ?? estimateUsage(prompt, text), latencyMs: deps.clock.now() - started, finishReason };
}
