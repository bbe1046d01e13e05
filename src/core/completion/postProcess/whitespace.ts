// Lines and spaces: comments that may only finish their line, blank lines, a space the cursor
// already has, whitespace at the end, and answers with nothing left worth showing.
import { previousNonBlankLine } from "../blockSyntax.ts";
import { isInLineComment } from "../completionMode.ts";
import type { Context } from "./context.ts";

// ── comments ──

export function singleLineInComment(text: string, context: Context): string {
  if (!isInLineComment(context.cursorLine, context.languageId)) return text;
  const newline = text.indexOf("\n");
  return newline >= 0 ? text.slice(0, newline) : text;
}

// ── blank lines ──

export function collapseBlankLines(text: string, context: Context): string {
  let result = text;
  if (context.cursorLine.trim() === "" && /^[ \t]*\n/u.test(result)) {
    // The cursor is already on a fresh line: leading blank lines are extra, and the first line's
    // indentation is already there.
    result = result.replace(/^(?:[ \t]*\n)+/u, "");
    if (context.cursorLine !== "" && result.startsWith(context.cursorLine)) result = result.slice(context.cursorLine.length);
  } else {
    result = result.replace(/^\n(?:[ \t]*\n)+/u, "\n");
  }
  const maxBlank = context.languageId === "python" ? 2 : 1;
  const run = new RegExp(String.raw`\n(?:[ \t]*\n){${maxBlank + 1},}`, "g");
  return result.replace(run, "\n".repeat(maxBlank + 1));
}

// ── a space the cursor already has ──

/**
 * After `x = ` the answer ` 1` would make `x =  1`: after code, leading spaces go; on a line of
 * indentation alone only a single space (a tokenizer's ` AND`), since deeper indentation is meant.
 * Inside a string the spaces are the user's text and stay.
 */
export function collapseDoubleSpace(text: string, context: Context): string {
  if (!/^[ \t]/u.test(text) || !/[ \t]$/u.test(context.cursorLine)) return text;
  if (context.structure().quote !== undefined) return text;
  if (context.cursorLine.trim() !== "") return text.replace(/^[ \t]+/u, "");
  return /^ [^\s]/u.test(text) ? text.slice(1) : text;
}

// ── whitespace at the end ──

export function trimTrailingWhitespace(text: string, context: Context): string {
  const body = text.replace(/[ \t]+$/gm, "").replace(/\s+$/u, "");
  if (body.trim() === "") return "";
  if (context.restOfLine.trim() === "") return body;
  // Text already on the cursor's line goes after the completion. When the completion ends on a
  // fresh line of its own, that line break and indentation put the text where the model meant.
  const tail = /\n([ \t]*)$/u.exec(text);
  if (tail !== null && (body.includes("\n") || context.cursorLine.trim() === "")) return `${body}\n${tail[1] ?? ""}`;
  // Spaces before that text separate the completion from it, unless it brings its own.
  const spaces = /\S([ \t]+)$/u.exec(text)?.[1];
  return spaces !== undefined && !/^\s/u.test(context.restOfLine) ? body + spaces : body;
}

// ── nothing useful ──

/** A closing line (`}`, `end`) is judged by the bracket rules, not by what the line above says. */
const CLOSER_ONLY_LINE = /^\s*(?:[)\]}][)\]};,]*|end[)\]};,.]*|fi|done|esac|until\b.*)\s*$/;

export function dropUseless(text: string, context: Context): string {
  if (text.trim() === "") return "";
  // The lines the completion writes: the cursor's line only if it adds something to it.
  const lines = (context.cursorLine + text).split("\n");
  const written = lines
    .map((line, index) => ({ line, index }))
    .filter(({ line, index }) => line.trim() !== "" && (index > 0 || /\S/u.test(text.split("\n", 1)[0] ?? "")));
  if (written.length !== 1) return text;
  const { line, index } = written[0] as { line: string; index: number };
  // Two `end`s in a row close two blocks (Julia modules are not indented, so they even line up).
  if (CLOSER_ONLY_LINE.test(line)) return text;
  const above =
    lines
      .slice(0, index)
      .reverse()
      .find((candidate) => candidate.trim() !== "") ??
    previousNonBlankLine(context.prefix) ??
    "";
  return line.trimEnd() === above.trimEnd() ? "" : text;
}
