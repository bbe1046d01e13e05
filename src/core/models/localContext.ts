// One context window per local model, fixed for as long as the settings do not change. Ollama
// keeps a loaded model's runner only while requests ask for the options it was started with: a
// request with another `num_ctx` reloads the model (server/sched.go needsReload), which takes
// seconds and can evict the other loaded model. So Junction never sizes `num_ctx` per request: it
// picks the window once, and cuts what it sends to fit the window.

/** `junction.local.contextTokens` by default: room for a completion prompt and a mid-sized refactor, light on memory. */
export const DEFAULT_LOCAL_CONTEXT_TOKENS = 8192;

/** What a template and special tokens add to a prompt, generously. */
const TEMPLATE_TOKENS = 32;
/**
 * Junction counts tokens roughly; real tokenizers split dense code finer. What is kept free of
 * the estimate so a prompt that "fits" really does.
 */
const ESTIMATE_MARGIN_TOKENS = 256;
/** A refactor answer shorter than this is not worth asking for. */
const MIN_CHAT_ANSWER_TOKENS = 256;

/**
 * The window for a model: the setting, but never more than the model was trained on — Ollama
 * caps `num_ctx` there itself (sched.go effectiveContext), so a larger budget would only be cut.
 */
export function contextWindowFor(configuredTokens: number, trainedTokens: number | undefined): number {
  const configured = Math.max(1, Math.floor(configuredTokens));
  return trainedTokens !== undefined && trainedTokens > 0 ? Math.min(configured, trainedTokens) : configured;
}

/**
 * How a completion shares the window: the answer first (at most half of it), the prompt gets the
 * rest, up to the prompt budget the user set.
 */
export function planCompletion(window: number, promptTokens: number, maxTokens: number): { promptTokens: number; maxTokens: number } {
  const usable = Math.max(0, window - TEMPLATE_TOKENS - ESTIMATE_MARGIN_TOKENS);
  const answer = Math.max(1, Math.min(maxTokens, Math.floor(usable / 2)));
  return { promptTokens: Math.max(0, Math.min(promptTokens, usable - answer)), maxTokens: answer };
}

/**
 * How a chat (a local refactor) fits the window: the answer may use what the prompt leaves.
 * Undefined when the prompt leaves too little: sending it anyway would have Ollama drop part of
 * the prompt (the runner truncates what does not fit) or reload the model with a larger window.
 */
export function planChat(window: number, promptTokens: number, maxTokens: number): { maxTokens: number } | undefined {
  const left = window - promptTokens - TEMPLATE_TOKENS - ESTIMATE_MARGIN_TOKENS;
  if (left < Math.min(MIN_CHAT_ANSWER_TOKENS, maxTokens)) return undefined;
  return { maxTokens: Math.min(maxTokens, left) };
}
