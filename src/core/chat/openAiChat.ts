import type { ChatCompletionChunk, ChatCompletionCreateParamsStreaming } from "openai/resources/chat/completions/completions";
import type { CompletionUsage } from "openai/resources/completions";
import { ProviderError } from "../errors.ts";
import type { Clock, Logger } from "../ports.ts";
import { chatParameters, REASONING_ALLOWANCE_TOKENS, rejectedParameter } from "../providers/modelParameters.ts";
import type { AdaptableParameter, ChatParameters, ParameterMemory } from "../providers/modelParameters.ts";
import type { ChatUsage } from "../providers/providerTypes.ts";
import { estimateUsage } from "../tokens.ts";
import { newToolCallId } from "./chatStream.ts";
import type { OpenAiChatStreamRequest, StreamedChatResult } from "./chatStream.ts";
import { OpenAiToolCallAssembler } from "./chatWire.ts";

/**
 * A streamed `chat.completions` request with tools, for any OpenAI-compatible endpoint. The
 * parameters follow the model's family and what the endpoint rejected before (modelParameters.ts);
 * a 400 naming a parameter, which always comes before any output, has the request sent again
 * without it, as for refactors. Text pieces are passed on as they come; tool calls arrive in
 * pieces and are passed on whole once the stream ends (chatWire.ts OpenAiToolCallAssembler).
 */

export interface OpenAiChatDeps {
  endpoint: string;
  clock: Clock;
  parameters: ParameterMemory;
  logger?: Logger;
  open(body: ChatCompletionCreateParamsStreaming): PromiseLike<AsyncIterable<ChatCompletionChunk>>;
  toProviderError(error: unknown): ProviderError;
  usageOf(raw: CompletionUsage): ChatUsage;
}

export async function streamOpenAiChat(request: OpenAiChatStreamRequest, deps: OpenAiChatDeps): Promise<StreamedChatResult> {
  const started = deps.clock.now();
  const withdrawn = new Set<AdaptableParameter>();
  for (;;) {
    const rejected = new Set([...deps.parameters.rejected(deps.endpoint, request.model), ...withdrawn]);
    const params = chatParameters({
      model: request.model,
      temperature: request.temperature,
      maxTokens: request.maxTokens,
      reasoningAllowance: REASONING_ALLOWANCE_TOKENS,
      rejected,
      ...(request.stop ? { stop: request.stop } : {}),
    });
    let emitted = false;
    try {
      const answer = await streamOnce(request, params, deps, () => (emitted = true));
      return { ...answer, latencyMs: deps.clock.now() - started, adapted: [...rejected] };
    } catch (error) {
      const parameter = !emitted && ProviderError.is(error, "bad-request") && !request.signal.aborted ? rejectedParameter(error, params) : undefined;
      if (parameter === undefined || withdrawn.has(parameter)) throw error;
      withdrawn.add(parameter);
      deps.parameters.learn(deps.endpoint, request.model, parameter);
      deps.logger?.warn(
        `${deps.endpoint} rejected "${parameter}" for ${request.model} (${error instanceof Error ? error.message : String(error)}); sending again without it, and from now on for this model`,
      );
    }
  }
}

async function streamOnce(
  request: OpenAiChatStreamRequest,
  params: ChatParameters,
  deps: OpenAiChatDeps,
  onEmit: () => void,
): Promise<Omit<StreamedChatResult, "latencyMs">> {
  const calls = new OpenAiToolCallAssembler(newToolCallId);
  let text = "";
  let usage: ChatUsage | undefined;
  let finishReason: string | undefined;
  const tools = request.tools && request.tools.length > 0 ? { tools: request.tools, ...(request.toolChoice ? { tool_choice: request.toolChoice } : {}) } : {};
  try {
    const stream = await deps.open({ model: request.model, messages: request.messages, stream: true, ...params, ...tools });
    for await (const chunk of stream) {
      const choice = chunk.choices[0];
      const piece = choice?.delta?.content ?? "";
      if (piece !== "") {
        text += piece;
        onEmit();
        request.onText(piece);
      }
      if (choice?.delta?.tool_calls) calls.add(choice.delta.tool_calls);
      if (choice?.finish_reason) finishReason = choice.finish_reason;
      if (chunk.usage) usage = deps.usageOf(chunk.usage);
    }
    // Once streaming, an abort ends the loop quietly instead of throwing.
    if (request.signal.aborted) throw request.signal.reason;
    for (const call of calls.finish()) {
      onEmit();
      request.onToolCall(call);
    }
  } catch (error) {
    // Arguments that are not an object (ToolArgumentsError) come out as a "bad-response".
    throw deps.toProviderError(error);
  }
  const prompt = request.messages.map((message) => (typeof message.content === "string" ? message.content : "")).join("\n");
  return { usage: usage ?? estimateUsage(prompt, text), finishReason };
}
