// The runner's KV cache as llama-server keeps it with `cache_prompt: true` (llm/llama_server.go
// Completion): the longest common beginning of the new prompt and what the slot holds (the last
// prompt and the tokens generated after it) is reused; only the rest is evaluated, and the request
// reports `prompt_eval_count` = cached + new (llamaServerTimings.promptEvalCount). A prompt longer
// than the context is cut the way completionPromptForRequest does it: keep num_keep tokens, drop the
// middle, keep the end.

/**
 * The tokenizer stand-in: one token per 4 characters from the start of the text. Crude, but the
 * same for every prompt, so cache hits and misses compare honestly between strategies.
 */
export const CHARS_PER_TOKEN = 4;

export function tokenCount(text: string): number {
  return Math.ceil(text.length / CHARS_PER_TOKEN);
}

/** api.DefaultOptions NumKeep: the tokens a truncated prompt always keeps from its start. */
const NUM_KEEP = 4;

export interface PromptEvaluation {
  /** The prompt as the runner holds it (after truncation). */
  text: string;
  /** All prompt tokens: what Ollama reports as prompt_eval_count. */
  promptTokens: number;
  /** Tokens found in the cache. */
  cachedTokens: number;
  /** Tokens that must be evaluated now: the time is spent on these. */
  evaluatedTokens: number;
  /** The prompt did not fit the context and lost its middle. */
  truncated: boolean;
}

/** One llama-server slot: what its KV cache holds. */
export class KvSlot {
  #cached = "";
  busy = false;

  get cachedText(): string {
    return this.#cached;
  }

  /** How the prompt would be evaluated in this slot, without changing it. */
  evaluate(prompt: string, numCtx: number): PromptEvaluation {
    const { text, truncated } = fitContext(prompt, numCtx);
    const promptTokens = tokenCount(text);
    const common = commonPrefixLength(this.#cached, text);
    // llama-server always evaluates at least the last prompt token, to have its logits.
    const cachedTokens = Math.min(Math.floor(common / CHARS_PER_TOKEN), Math.max(0, promptTokens - 1));
    return { text, promptTokens, cachedTokens, evaluatedTokens: promptTokens - cachedTokens, truncated };
  }

  /** The slot now holds the prompt's first `tokens` tokens (all of them once evaluation completes). */
  hold(evaluation: PromptEvaluation, tokens = evaluation.promptTokens): void {
    this.#cached = evaluation.text.slice(0, Math.min(evaluation.text.length, tokens * CHARS_PER_TOKEN));
  }

  /** Generated text joins the cache after the prompt. */
  append(generated: string): void {
    this.#cached += generated;
  }

  /** The similarity llama-server picks a free slot by: the shared beginning with the new prompt. */
  affinity(prompt: string): number {
    return commonPrefixLength(this.#cached, prompt);
  }
}

function fitContext(prompt: string, numCtx: number): { text: string; truncated: boolean } {
  const tokens = tokenCount(prompt);
  if (numCtx <= 1 || tokens <= numCtx - 1) return { text: prompt, truncated: false };
  // contextShiftPromptLimit: keep num_keep, free about half of the rest.
  const limit = numCtx - Math.max(Math.floor((numCtx - NUM_KEEP) / 2), 1);
  const head = prompt.slice(0, NUM_KEEP * CHARS_PER_TOKEN);
  const tail = prompt.slice(prompt.length - (limit - NUM_KEEP) * CHARS_PER_TOKEN);
  return { text: head + tail, truncated: true };
}

function commonPrefixLength(a: string, b: string): number {
  const max = Math.min(a.length, b.length);
  let i = 0;
  while (i < max && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  return i;
}
