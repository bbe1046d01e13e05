// The one token estimate Junction uses: for budgets (how much text fits a window) and for counts a
// provider did not report. Code runs to about 3–4 characters per token in the tokenizers of the
// models Junction serves; 3.5 errs towards fitting, so a window cut by it does not overflow.
import type { Usage } from "./providers/providerTypes.ts";

export const CHARS_PER_TOKEN = 3.5;

/** Tokens a text takes, roughly. */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / CHARS_PER_TOKEN);
}

/** Characters that fit a budget of tokens, roughly. */
export function charsForTokens(tokens: number): number {
  return Math.floor(tokens * CHARS_PER_TOKEN);
}

/** Usage counted from the text itself, for a stream that ended before the provider reported it. */
export function estimateUsage(prompt: string, output: string): Usage {
  return { inputTokens: estimateTokens(prompt), outputTokens: estimateTokens(output), estimated: true };
}
