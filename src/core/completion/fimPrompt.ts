import { estimateTokens } from "../providers/ollamaProvider.ts";

export interface FimPromptInput {
  /** The whole document text. */
  text: string;
  /** Cursor position as a character offset into `text`. */
  offset: number;
  /** Prompt budget in tokens for prefix and suffix together. */
  budgetTokens: number;
}

export interface FimPrompt {
  prefix: string;
  suffix: string;
  /** Estimated prompt tokens, for choosing `num_ctx`. */
  tokens: number;
}

/** Characters per token assumed when cutting windows; deliberately conservative for code. */
const CHARS_PER_TOKEN = 3.5;
/** The code before the cursor predicts more than the code after it. */
const PREFIX_SHARE = 0.75;

/**
 * Builds the prefix/suffix windows around the cursor within a token budget. Windows are cut at
 * line boundaries so the model never sees half a line at the edges.
 */
export function buildFimPrompt(input: FimPromptInput): FimPrompt {
  const offset = Math.max(0, Math.min(input.offset, input.text.length));
  const budgetChars = Math.max(0, Math.floor(input.budgetTokens * CHARS_PER_TOKEN));
  const prefixChars = Math.floor(budgetChars * PREFIX_SHARE);
  const before = input.text.slice(0, offset);
  const after = input.text.slice(offset);

  let prefix = before;
  if (prefix.length > prefixChars) {
    prefix = prefix.slice(prefix.length - prefixChars);
    const lineStart = prefix.indexOf("\n");
    // Start at a line boundary; when no boundary is in the window (one very long line, as in
    // minified code) keep the line's tail: the budget wins over whole lines.
    if (lineStart >= 0 && lineStart < prefix.length - 1) prefix = prefix.slice(lineStart + 1);
  }

  let suffix = after;
  const suffixChars = budgetChars - prefix.length;
  if (suffix.length > suffixChars) {
    suffix = suffix.slice(0, Math.max(0, suffixChars));
    const lineEnd = suffix.lastIndexOf("\n");
    if (lineEnd > 0) suffix = suffix.slice(0, lineEnd + 1);
  }
  return { prefix, suffix, tokens: estimateTokens(prefix) + estimateTokens(suffix) };
}
