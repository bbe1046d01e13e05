// BASELINE ONLY — how Junction built local completion requests before the prompt was made
// cache-friendly, kept so bench/typingSession.bench.ts can run today's strategy and the old one in
// the same process. Not used by the product. The old rules, as they were:
//  - the prefix window was the last 75 % of the budget before the cursor, moved to the next line
//    start: its start slid with every keystroke (so the KV cache lost the prompt's beginning);
//  - the suffix took all the budget the prefix left over;
//  - the snippets shared what the windows left, so their block changed as the windows grew;
//  - num_ctx was sized per request: prompt estimate + template + answer + headroom (a reload each
//    time it changed, server/sched.go needsReload).
import { asComment } from "../src/core/completion/fimPrompt.ts";
import type { PromptSnippet } from "../src/core/completion/fimPrompt.ts";
import { estimateTokens } from "../src/core/index.ts";

const CHARS_PER_TOKEN = 3.5;
const PREFIX_SHARE = 0.75;
const WINDOW_SHARE_WITH_SNIPPETS = 0.6;
const MIN_SNIPPET_SHARE_CHARS = 400;
const CONTEXT_HEADROOM_TOKENS = 256;
const TEMPLATE_TOKENS = 16;

export interface BaselinePrompt {
  prefix: string;
  suffix: string;
  window: string;
  /** The num_ctx the old code asked for with this prompt. */
  numCtx: number;
}

export function baselineFimPrompt(input: {
  text: string;
  offset: number;
  budgetTokens: number;
  maxTokens: number;
  filePath: string;
  languageId: string;
  snippets: readonly PromptSnippet[];
}): BaselinePrompt {
  const budgetChars = Math.floor(input.budgetTokens * CHARS_PER_TOKEN);
  const header = asComment(`Path: ${input.filePath}`, input.languageId);
  const available = Math.max(0, budgetChars - header.length);
  const windowChars = input.snippets.length > 0 ? Math.floor(available * WINDOW_SHARE_WITH_SNIPPETS) : available;
  let { prefix: window, suffix } = slidingWindows(input.text, input.offset, windowChars);
  let remaining = available - window.length - suffix.length;
  let context = "";
  let fitted = 0;
  for (const [index, snippet] of input.snippets.entries()) {
    const share = Math.max(Math.floor(remaining / (input.snippets.length - index)), MIN_SNIPPET_SHARE_CHARS);
    const block = fitSnippet(snippet, input.languageId, Math.min(share, remaining));
    if (block === undefined) break;
    context += block;
    remaining -= block.length;
    fitted++;
  }
  if (fitted === 0 && windowChars < available) ({ prefix: window, suffix } = slidingWindows(input.text, input.offset, available));
  const prefix = context + header + window;
  const promptTokens = estimateTokens(prefix) + estimateTokens(suffix);
  return { prefix, suffix, window, numCtx: promptTokens + TEMPLATE_TOKENS + input.maxTokens + CONTEXT_HEADROOM_TOKENS };
}

function slidingWindows(text: string, offset: number, budgetChars: number): { prefix: string; suffix: string } {
  const prefixChars = Math.floor(budgetChars * PREFIX_SHARE);
  let prefix = text.slice(0, offset);
  if (prefix.length > prefixChars) {
    prefix = prefix.slice(prefix.length - prefixChars);
    const lineStart = prefix.indexOf("\n");
    if (lineStart >= 0 && lineStart < prefix.length - 1) prefix = prefix.slice(lineStart + 1);
  }
  let suffix = text.slice(offset);
  const suffixChars = budgetChars - prefix.length;
  if (suffix.length > suffixChars) {
    suffix = suffix.slice(0, Math.max(0, suffixChars));
    const lineEnd = suffix.lastIndexOf("\n");
    if (lineEnd > 0) suffix = suffix.slice(0, lineEnd + 1);
  }
  return { prefix, suffix };
}

function fitSnippet(snippet: PromptSnippet, languageId: string, budgetChars: number): string | undefined {
  if (budgetChars <= 0) return undefined;
  const lines = snippet.text.replace(/\s+$/u, "").split("\n");
  for (let count = lines.length; count >= 3; count--) {
    const block = asComment(`Path: ${snippet.path}\n${lines.slice(0, count).join("\n")}\n`, languageId);
    if (block.length <= budgetChars) return block;
  }
  return undefined;
}
