// Where the cursor is decides how much the model may write: the rest of a line, or a block.
// Both decisions are pure functions of the text around the cursor, cheap enough to run on every
// streamed chunk.
import { commentSyntaxFor } from "./fimPrompt.ts";

export type CompletionMode = "single-line" | "multi-line";

export interface CursorContext {
  /** The text before the cursor (its window is enough). */
  prefix: string;
  /** The text after the cursor (its window is enough). */
  suffix: string;
  languageId?: string;
}

/** Columns a tab counts for when comparing indentation. */
const TAB_WIDTH = 4;

/** Languages whose blocks open with a trailing ":" (Python's `def f():`). */
const COLON_BLOCKS = new Set(["python", "nim", "coffeescript", "yaml"]);
/** Languages whose blocks open with a trailing keyword (`do`, `then`, …). */
const KEYWORD_BLOCKS = new Set(["ruby", "lua", "shellscript", "elixir", "julia", "vb"]);
const BLOCK_KEYWORD = /(?:^|\s)(?:do|then|else|begin)(?:\s*\|[^|]*\|)?$/;

/** A line that only closes a block: `}`, `});`, `]`, `end`, `fi` … */
const CLOSING_LINE = /^\s*(?:[)\]}][)\]};,]*|end\b[^\n]*|fi|done|esac)\s*$/;

/**
 * "multi-line" when the user is starting something: the cursor is on an empty line, or right
 * after a block opener (`{`, `(`, `[`, Python's `:`, Ruby's `do` …) with nothing but closers
 * after it on the line; never inside a comment. Everywhere else the user is in the middle of a
 * line, and only the rest of that line is wanted.
 */
export function completionMode(context: CursorContext): CompletionMode {
  const line = currentLine(context.prefix);
  const rest = restOfLine(context.suffix);
  if (isInComment(context.prefix, context.languageId)) return "single-line";
  if (line.trim() === "" && rest.trim() === "") return "multi-line";
  if (opensBlock(line, context.languageId) && /^[\s)\]}]*[;,]?\s*$/u.test(rest)) return "multi-line";
  return "single-line";
}

/**
 * Where a stream should be cut, given all the text received so far: an index into the text
 * (the completion is `text.slice(0, index)`), or undefined to keep reading.
 *
 * - single-line: at the first newline.
 * - multi-line (lines after the first; indentation measured with tabs as four columns):
 *   1. a line indented less than the block being written ends it: a closing line (`}`, `end`) is
 *      kept, any other line (`} else {`, the next `def`) is cut off with the blank lines before it;
 *   2. a blank line followed by a line indented less than the line before the blank;
 *   3. at the top level, a blank line followed by another top-level line (one declaration at a time).
 *   Beyond that, `num_predict` ends the stream.
 * A decision about a line waits until its first non-blank character (or, for a closing line,
 * its end) has arrived; at the end of a stream, call it once more with "\n" appended.
 */
export function createStopPredicate(mode: CompletionMode, context: { prefix: string; languageId?: string }): (textSoFar: string) => number | undefined {
  if (mode === "single-line") {
    return (text) => {
      const newline = text.indexOf("\n");
      return newline >= 0 ? newline : undefined;
    };
  }
  const cursorLine = currentLine(context.prefix);
  const bodyIndent = blockBodyIndent(context.prefix, context.languageId);
  return (text) => cutMultiLine(text, cursorLine, bodyIndent);
}

function cutMultiLine(text: string, cursorLine: string, bodyIndent: number): number | undefined {
  let lineStart = text.indexOf("\n");
  if (lineStart < 0) return undefined;
  // The completion's first line continues the cursor's line.
  const firstLine = cursorLine + text.slice(0, lineStart);
  let hasContent = firstLine.trim() !== "";
  let lastContentEnd = lineStart;
  let lastContentIndent = hasContent ? indentWidth(firstLine) : 0;
  let blankSinceContent = false;
  while (lineStart >= 0) {
    const start = lineStart + 1;
    const end = text.indexOf("\n", start);
    const line = end >= 0 ? text.slice(start, end) : text.slice(start);
    if (line.trim() === "") {
      if (end < 0) return undefined; // the line may still get code
      blankSinceContent = hasContent;
      lineStart = end;
      continue;
    }
    const indent = indentWidth(line);
    if (indent < bodyIndent) {
      if (!CLOSING_LINE.test(line)) return lastContentEnd;
      if (end < 0) return undefined; // `}` may yet become `} else {`
      return end;
    }
    if (blankSinceContent && (indent < lastContentIndent || bodyIndent === 0)) return lastContentEnd;
    if (end < 0) return undefined;
    hasContent = true;
    lastContentEnd = end;
    lastContentIndent = indent;
    blankSinceContent = false;
    lineStart = end;
  }
  return undefined;
}

/**
 * The least indentation a line of the block being written has: the cursor's column on an
 * empty line; one more than the opener's line right after an opener; on an empty line at
 * column 0, the previous line's (one more if that line opened a block).
 */
function blockBodyIndent(prefix: string, languageId: string | undefined): number {
  const line = currentLine(prefix);
  if (line.trim() !== "") return indentWidth(line) + 1;
  if (line.length > 0) return indentWidth(line);
  const previous = previousNonBlankLine(prefix);
  if (previous === undefined) return 0;
  return indentWidth(previous) + (opensBlock(previous, languageId) ? 1 : 0);
}

function opensBlock(line: string, languageId: string | undefined): boolean {
  const code = line.replace(/\s+$/u, "");
  if (/[{([]$/u.test(code) || code.endsWith("=>")) return true;
  if (code.endsWith(":") && (languageId === undefined || COLON_BLOCKS.has(languageId))) return true;
  return (languageId === undefined || KEYWORD_BLOCKS.has(languageId)) && BLOCK_KEYWORD.test(code);
}

/** Is the cursor inside a comment: after a line comment on its line, or in an open block comment or docstring? */
export function isInComment(prefix: string, languageId: string | undefined): boolean {
  if (isInLineComment(currentLine(prefix), languageId)) return true;
  const syntax = commentSyntaxFor(languageId);
  if (syntax.line === "//" || syntax.block?.[0] === "/*") return prefix.lastIndexOf("/*") > prefix.lastIndexOf("*/");
  if (syntax.block?.[0] === "<!--") return prefix.lastIndexOf("<!--") > prefix.lastIndexOf("-->");
  if (languageId === "python") return (prefix.split('"""').length - 1) % 2 === 1 || (prefix.split("'''").length - 1) % 2 === 1;
  return false;
}

/** Does this line (the text before the cursor on it) contain a line comment outside any string? */
export function isInLineComment(lineBeforeCursor: string, languageId: string | undefined): boolean {
  const token = commentSyntaxFor(languageId).line;
  if (token === undefined) return false;
  let quote: string | undefined;
  for (let i = 0; i < lineBeforeCursor.length; i += 1) {
    const char = lineBeforeCursor[i] as string;
    if (quote !== undefined) {
      if (char === "\\") i += 1;
      else if (char === quote) quote = undefined;
    } else if (lineBeforeCursor.startsWith(token, i)) {
      return true;
    } else if ((char === '"' || char === "'" || char === "`") && char !== token) {
      quote = char;
    }
  }
  return false;
}

export function currentLine(prefix: string): string {
  return prefix.slice(prefix.lastIndexOf("\n") + 1);
}

export function restOfLine(suffix: string): string {
  const newline = suffix.indexOf("\n");
  return (newline >= 0 ? suffix.slice(0, newline) : suffix).replace(/\r$/u, "");
}

export function indentWidth(line: string): number {
  let width = 0;
  for (const char of line) {
    if (char === " ") width += 1;
    else if (char === "\t") width += TAB_WIDTH;
    else break;
  }
  return width;
}

/** The last non-blank line before the cursor's line. */
export function previousNonBlankLine(prefix: string): string | undefined {
  let end = prefix.lastIndexOf("\n");
  while (end > 0) {
    const start = prefix.lastIndexOf("\n", end - 1) + 1;
    const line = prefix.slice(start, end).replace(/\r$/u, "");
    if (line.trim() !== "") return line;
    end = start - 1;
  }
  return undefined;
}

// ── a small lexer: brackets outside strings and comments ──

const OPENERS = "([{";
const CLOSERS = ")]}";

export interface Lexicon {
  line: string | undefined;
  block: readonly [string, string] | undefined;
  quotes: string;
  triple: boolean;
}

export function lexiconFor(languageId: string | undefined): Lexicon {
  const syntax = commentSyntaxFor(languageId);
  const block = syntax.block ?? (syntax.line === "//" ? (["/*", "*/"] as const) : undefined);
  // Rust lifetimes and Lisp quotes are not strings; in VB `'` starts a comment.
  const quotes = languageId === "rust" || languageId === "clojure" || languageId === "lisp" || languageId === "scheme" || languageId === "vb" ? '"' : languageId === "python" ? "\"'" : "\"'`";
  return { line: syntax.line, block, quotes, triple: languageId === "python" || languageId === undefined || ["kotlin", "swift", "java", "scala", "julia"].includes(languageId) };
}

export interface LexEnd {
  /** The string the text ends inside, if any ("`", '"', '"""' …). */
  quote: string | undefined;
  /** The text ends inside a comment. */
  inComment: boolean;
  /** Where the visitor stopped the scan. */
  stoppedAt: number | undefined;
}

/**
 * Walks code, skipping comments and string contents, and reports brackets to `visit` (which
 * returns false to stop). `startQuote` starts the walk inside that string; `onQuoteClose` hears
 * where that string ends. One-quote strings end at a newline, as an unterminated string does.
 */
export function lex(
  text: string,
  lexicon: Lexicon,
  startQuote: string | undefined,
  visit: (kind: "open" | "close", char: string, index: number) => boolean,
  onQuoteClose?: (index: number) => void,
): LexEnd {
  let quote = startQuote;
  let inStartQuote = startQuote !== undefined;
  let blockEnd: string | undefined;
  let i = 0;
  while (i < text.length) {
    const char = text[i] as string;
    if (quote !== undefined) {
      if (char === "\\") i += 2;
      else if (quote.length === 3 ? text.startsWith(quote, i) : char === quote) {
        if (inStartQuote) onQuoteClose?.(i);
        inStartQuote = false;
        i += quote.length;
        quote = undefined;
      } else {
        if (char === "\n" && quote.length === 1 && quote !== "`") {
          quote = undefined;
          inStartQuote = false;
        }
        i += 1;
      }
      continue;
    }
    if (blockEnd !== undefined) {
      if (text.startsWith(blockEnd, i)) {
        i += blockEnd.length;
        blockEnd = undefined;
      } else i += 1;
      continue;
    }
    if (lexicon.line !== undefined && text.startsWith(lexicon.line, i)) {
      const newline = text.indexOf("\n", i);
      if (newline < 0) return { quote: undefined, inComment: true, stoppedAt: undefined };
      i = newline;
      continue;
    }
    if (lexicon.block !== undefined && text.startsWith(lexicon.block[0], i)) {
      blockEnd = lexicon.block[1];
      i += lexicon.block[0].length;
      continue;
    }
    if (lexicon.quotes.includes(char)) {
      quote = lexicon.triple && text.startsWith(char.repeat(3), i) ? char.repeat(3) : char;
      i += quote.length;
      continue;
    }
    if (OPENERS.includes(char) || CLOSERS.includes(char)) {
      if (!visit(OPENERS.includes(char) ? "open" : "close", char, i)) return { quote, inComment: false, stoppedAt: i };
    }
    i += 1;
  }
  return { quote, inComment: blockEnd !== undefined, stoppedAt: undefined };
}
