// Where the cursor is decides how much the model may write: the rest of a line, or a block.
// Both decisions are pure functions of the text around the cursor, cheap enough to run on every
// streamed chunk.
import {
  blockBodyIndent,
  blockEndsAfterCursor,
  blockOpenerIndent,
  CLOSING_LINE,
  closesWithBraces,
  continuesBlock,
  currentLine,
  indentWidth,
  isContinuation,
  opensBlock,
  restOfLine,
} from "./blockSyntax.ts";
import { commentSyntaxFor } from "./fimPrompt.ts";

export type CompletionMode = "single-line" | "multi-line";

export interface CursorContext {
  /** The text before the cursor (its window is enough). */
  prefix: string;
  /** The text after the cursor (its window is enough). */
  suffix: string;
  languageId?: string;
}

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
 *   When the suffix is given and the block ends right after the cursor (see
 *   blockEndsAfterCursor), a continuation of the block at its opener's indentation (`} else {`,
 *   `elif …:`, `rescue`, and an Allman `}` followed by `else`) does not end it: the model may
 *   write the branch the editor does not have yet.
 * A decision about a line waits until its first non-blank character (or, for a closing line or
 * a line that may continue the block, its end) has arrived; at the end of a stream, call it once
 * more with "\n" appended.
 */
export function createStopPredicate(
  mode: CompletionMode,
  context: { prefix: string; suffix?: string; languageId?: string },
): (textSoFar: string) => number | undefined {
  if (mode === "single-line") {
    return (text) => {
      const newline = text.indexOf("\n");
      return newline >= 0 ? newline : undefined;
    };
  }
  const cursorLine = currentLine(context.prefix);
  const bodyIndent = blockBodyIndent(context.prefix, context.languageId);
  const continuing =
    context.suffix !== undefined && blockEndsAfterCursor(context.suffix, bodyIndent, context.languageId)
      ? { openerIndent: blockOpenerIndent(context.prefix, bodyIndent), languageId: context.languageId }
      : undefined;
  return (text) => cutMultiLine(text, cursorLine, bodyIndent, continuing);
}

interface Continuing {
  /** Continuations sit at the indentation of the block's opener (or deeper). */
  openerIndent: number;
  languageId: string | undefined;
}

function cutMultiLine(text: string, cursorLine: string, bodyIndent: number, continuing: Continuing | undefined): number | undefined {
  let lineStart = text.indexOf("\n");
  if (lineStart < 0) return undefined;
  // The completion's first line continues the cursor's line.
  const firstLine = cursorLine + text.slice(0, lineStart);
  let hasContent = firstLine.trim() !== "";
  let lastContentEnd = lineStart;
  let lastContentIndent = hasContent ? indentWidth(firstLine) : 0;
  let blankSinceContent = false;
  let afterContinuation = false;
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
    const wasContinuation = afterContinuation;
    afterContinuation = false;
    if (indent < bodyIndent) {
      const continues = continuing !== undefined && indent >= continuing.openerIndent ? branchContinues(text, end, line, continuing, wasContinuation) : false;
      if (continues === undefined) return undefined;
      if (!continues) {
        if (!CLOSING_LINE.test(line)) return lastContentEnd;
        if (end < 0) return undefined; // `}` may yet become `} else {`
        return end;
      }
      afterContinuation = line.trim() !== "{";
    } else if (blankSinceContent && (indent < lastContentIndent || bodyIndent === 0)) return lastContentEnd;
    if (end < 0) return undefined;
    hasContent = true;
    lastContentEnd = end;
    lastContentIndent = indent;
    blankSinceContent = false;
    lineStart = end;
  }
  return undefined;
}

/** Does this dedented line continue the block? Undefined while the line, or the one an Allman `}` needs, is incomplete. */
function branchContinues(text: string, end: number, line: string, continuing: Continuing, afterContinuation: boolean): boolean | undefined {
  if (end < 0) return undefined; // `} el` may yet become `} else {`
  return continuesBlock(line, continuing.languageId, afterContinuation) || allmanContinuation(text, end, line, continuing.languageId);
}

/**
 * A lone `}` followed by an `else`/`catch`/`finally` line at its indentation (Allman style):
 * true or false once that next line is complete, undefined while it has not arrived.
 */
function allmanContinuation(text: string, lineEnd: number, line: string, languageId: string | undefined): boolean | undefined {
  if (!closesWithBraces(languageId) || line.trim() !== "}") return false;
  let start = lineEnd;
  while (start >= 0) {
    const end = text.indexOf("\n", start + 1);
    if (end < 0) return undefined;
    const next = text.slice(start + 1, end);
    if (next.trim() !== "") return indentWidth(next) === indentWidth(line) && isContinuation(next, languageId);
    start = end;
  }
  return undefined;
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
