import { ProviderError } from "../errors.ts";
import type { CompletionResult, OllamaProvider } from "../providers/ollamaProvider.ts";
import { buildFimPrompt } from "./fimPrompt.ts";
import { postProcessCompletion } from "./postProcess.ts";

export interface InlineCompletionRequest {
  text: string;
  offset: number;
  model: string;
  promptTokens: number;
  maxTokens: number;
  signal: AbortSignal;
}

export interface InlineCompletion {
  /** The text to insert at the cursor; "" when the model had nothing useful. */
  insertText: string;
  result: CompletionResult;
}

/** Room for the answer on top of the prompt when sizing the model's context window. */
const CONTEXT_HEADROOM_TOKENS = 256;

/**
 * Asks the local model to fill in the middle at the cursor. Refuses before sending anything when
 * the model cannot fill in the middle or is proxied to a remote service.
 */
export async function requestInlineCompletion(
  provider: OllamaProvider,
  request: InlineCompletionRequest,
): Promise<InlineCompletion> {
  const info = await provider.modelInfo(request.model);
  const base = { side: "local" as const, endpoint: provider.endpoint, model: request.model };
  if (info.isRemote) {
    throw new ProviderError({ ...base, kind: "model-is-remote", message: `${request.model} runs on a remote service` });
  }
  if (!info.supportsInsert) {
    throw new ProviderError({ ...base, kind: "model-lacks-insert", message: `${request.model} cannot fill in the middle` });
  }
  const prompt = buildFimPrompt({ text: request.text, offset: request.offset, budgetTokens: request.promptTokens });
  const result = await provider.generateFim({
    model: request.model,
    prefix: prompt.prefix,
    suffix: prompt.suffix,
    maxTokens: request.maxTokens,
    contextTokens: prompt.tokens + request.maxTokens + CONTEXT_HEADROOM_TOKENS,
    temperature: 0.2,
    stop: [],
    signal: request.signal,
  });
  return { insertText: postProcessCompletion(result.text, { suffix: prompt.suffix }), result };
}
