// What is left of a raw model answer once it is fit to show as ghost text. Pure and fast: it
// runs on every completion, after the stream ends. The rules live in ./postProcess/; this file
// is their order.
import { cutAtSpecialTokens, dropPromptFurniture, stripThinking, unwrapMarkdownFence } from "./postProcess/answerWrapping.ts";
import { balanceBrackets } from "./postProcess/brackets.ts";
import { makeContext } from "./postProcess/context.ts";
import type { Rule } from "./postProcess/context.ts";
import { cutRepetition } from "./postProcess/repetition.ts";
import { cutAfterExit, limitScope } from "./postProcess/scope.ts";
import { cutAtRepeatedSuffix, dropTrailingDuplicateLines, trimTagCloser } from "./postProcess/suffixOverlap.ts";
import { collapseBlankLines, collapseDoubleSpace, dropUseless, singleLineInComment, trimTrailingWhitespace } from "./postProcess/whitespace.ts";

export interface PostProcessInput {
  /**
   * The text before the cursor (its window is enough). Without it, every closer the completion
   * types beyond its own brackets is taken to close a bracket opened before the cursor.
   */
  prefix?: string;
  /** The text after the cursor (its window is enough). */
  suffix: string;
  /** VS Code language id: comment syntax, quote characters, block keywords, prose languages. */
  languageId?: string;
  /** The document's line ending; by default the one the prefix or suffix uses. */
  lineEnding?: "\n" | "\r\n";
}

/**
 * The rules, in the order they run. Each takes the text the previous one left; the order
 * matters where noted.
 *  1. stripThinking — `<think>…</think>` blocks (and an unterminated one) of reasoning models.
 *  2. unwrapMarkdownFence — an instruct model's ```fences``` and the chatter around them
 *     (before token cutting, because chatter often follows the closing fence).
 *  3. cutAtSpecialTokens — any supported family's control tokens: leading ones are dropped, the
 *     answer ends at the first other one (`<|endoftext|>`, `<|file_sep|>`, `<EOT>` …).
 *  4. dropPromptFurniture — the prompt's own headers (`// Path: …`, `File: …`): leading ones are
 *     dropped, the answer ends before a later one (the model started another file).
 *  5. singleLineInComment — after a line comment, only the rest of that line.
 *  6. collapseBlankLines — no leading blank lines, at most one blank line in a row (two in Python).
 *  7. collapseDoubleSpace — no second space after a cursor that follows one.
 *  8. cutRepetition — a line or block repeated in a loop is kept once (before 9–10, so a loop
 *     that re-types the suffix is judged by its first copy).
 *  9. cutAtRepeatedSuffix — the answer ends where it starts repeating the text after the cursor:
 *     the next line (also when only `;` or closers follow the cursor), the rest of the cursor's
 *     line, or everything after the cursor.
 * 10. dropTrailingDuplicateLines — trailing lines equal to the next non-blank lines after the cursor.
 * 11. trimTagCloser — in HTML/JSX, a `>` or `/>` the editor already has after the cursor.
 * 12. limitScope — by indentation: a Python-like block ends at its dedent; a branch (`} else {`,
 *     `elif …:`) stays only where the editor's block ends right after the cursor (before 14,
 *     which then judges the closer left in front of a removed branch).
 * 13. cutAfterExit — statements after a `return`/`throw`/`break` at the same level.
 * 14. balanceBrackets — bracket kinds and `do … end` keywords against the blocks open at the
 *     cursor: closers (and a closing quote) the text after the cursor already has are dropped
 *     with everything after them, a branch (`} else {`) opens its block again, and the answer
 *     ends with the line that closes the block it was written in (after 9–10, which remove
 *     whole repeats first).
 * 15. trimTrailingWhitespace — none at line ends; no trailing newline when the text after the
 *     cursor starts on a new line, one (with its indentation) when the completion ends before
 *     text already on the cursor's line.
 * 16. dropUseless — blank answers and answers that only repeat the previous line (a closing
 *     line such as a second `end` is left to 14).
 * Line endings are "\n" throughout and become the document's at the end.
 */
const RULES: readonly Rule[] = [
  stripThinking,
  unwrapMarkdownFence,
  cutAtSpecialTokens,
  dropPromptFurniture,
  singleLineInComment,
  collapseBlankLines,
  collapseDoubleSpace,
  cutRepetition,
  cutAtRepeatedSuffix,
  dropTrailingDuplicateLines,
  trimTagCloser,
  limitScope,
  cutAfterExit,
  balanceBrackets,
  trimTrailingWhitespace,
  dropUseless,
];

/**
 * How much of the text around the cursor the rules look at. A prompt window is smaller; a
 * caller that passes the whole document must not make every completion cost a scan of it.
 */
const CONTEXT_CHARS = 10_000;

/** The text to insert at the cursor for a raw model answer; "" when nothing useful is left. */
export function postProcessCompletion(raw: string, input: PostProcessInput): string {
  const rawPrefix = (input.prefix ?? "").slice(-CONTEXT_CHARS);
  const rawSuffix = input.suffix.slice(0, CONTEXT_CHARS);
  const crlf = rawPrefix.includes("\r\n") || rawSuffix.includes("\r\n");
  const prefix = crlf ? rawPrefix.replace(/\r\n/g, "\n") : rawPrefix;
  const suffix = crlf ? rawSuffix.replace(/\r\n/g, "\n") : rawSuffix;
  const context = makeContext(prefix, input.prefix !== undefined, suffix, input.languageId);
  let text = raw.includes("\r") ? raw.replace(/\r\n?/g, "\n") : raw;
  for (const rule of RULES) {
    text = rule(text, context);
    if (text === "") return "";
  }
  const lineEnding = input.lineEnding ?? (crlf ? "\r\n" : "\n");
  return lineEnding === "\r\n" ? text.replace(/\n/g, "\r\n") : text;
}
