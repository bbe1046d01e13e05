// The scope the answer was asked for, by indentation: a Python-like block ends at its dedent,
// a branch (`} else {`, `elif …:`) is only written where the editor's block ends right after the
// cursor, and statements after a `return` at the same level are dead code.
import {
  blockBodyIndent,
  blockEndsAfterCursor,
  blockOpenerIndent,
  CLOSING_LINE,
  continuesBlock,
  indentWidth,
  INDENTATION_LANGUAGES,
  opensBlock,
} from "../blockSyntax.ts";
import { PROSE } from "./context.ts";
import type { Context } from "./context.ts";

/**
 * The least indentation of the lines the answer writes after its first: on an empty line as the
 * stop predicate sees it (the cursor's column, or the line above's), one more than the cursor's
 * line when that line, completed by the answer's first, opens a block (`def area(r` + `):`), and
 * otherwise the cursor line's own (the next statement, the next YAML key are welcome).
 */
function scopeIndent(context: Context, firstLine: string): number {
  const line = context.cursorLine;
  if (line.trim() === "") return blockBodyIndent(context.prefix, context.languageId);
  return indentWidth(line) + (opensBlock(line + firstLine, context.languageId) ? 1 : 0);
}

/**
 * Walks the lines after the first. A line indented less than the scope:
 *  - a continuation of the block (`} else {`, `elif …:`, `rescue`, an Allman `{` after one) stays
 *    when the editor's block ends right after the cursor and the line is at its opener's
 *    indentation; otherwise the answer ends before it;
 *  - in an indentation language, a closing line (`)`, `]`) is kept and ends the answer, any other
 *    line ends it before itself and the blank lines above it;
 *  - elsewhere brackets decide (balanceBrackets).
 */
export function limitScope(text: string, context: Context): string {
  if (PROSE.has(context.languageId ?? "") || !context.prefixKnown || !text.includes("\n")) return text;
  const lines = text.split("\n");
  const firstLine = lines[0] ?? "";
  const bodyIndent = scopeIndent(context, firstLine);
  if (bodyIndent === 0) return text;
  const byIndentation = INDENTATION_LANGUAGES.has(context.languageId ?? "");
  let continuationsAllowed: boolean | undefined;
  let offset = firstLine.length + 1;
  let lastContentEnd = firstLine.length;
  let afterContinuation = false;
  for (let index = 1; index < lines.length; index += 1) {
    const line = lines[index] ?? "";
    if (line.trim() !== "") {
      const indent = indentWidth(line);
      const wasContinuation = afterContinuation;
      afterContinuation = false;
      if (indent < bodyIndent) {
        if (continuesBlock(line, context.languageId, wasContinuation)) {
          continuationsAllowed ??= blockEndsAfterCursor(context.suffix, bodyIndent, context.languageId);
          if (!continuationsAllowed || indent < blockOpenerIndent(context.prefix, bodyIndent)) return text.slice(0, lastContentEnd);
          afterContinuation = line.trim() !== "{";
        } else if (byIndentation) {
          return CLOSING_LINE.test(line) ? text.slice(0, offset + line.length) : text.slice(0, lastContentEnd);
        }
      }
      lastContentEnd = offset + line.length;
    }
    offset += line.length + 1;
  }
  return text;
}

const EXIT = /^\s*(?:return|throw|raise|break|continue)\b/u;
/** Languages where `return if done` is conditional. */
const CONDITIONAL_MODIFIERS = new Set(["ruby", "crystal", "perl", "coffeescript"]);
/**
 * A line after an exit that control can still reach: another case, a branch, a label, a closer,
 * a JavaScript function declaration (hoisted, so callable from above the return).
 */
const STILL_REACHABLE =
  /^\s*(?:case\b|default\b|when\b|else\b|elif\b|elsif\b|elseif\b|except\b|catch\b|finally\b|rescue\b|ensure\b|end\b|[)\]}]|[A-Za-z_]\w*:\s*$|(?:async\s+)?function\b)/u;
/** The exit goes on on the next line (`return a +`, `return (`, `throw new Error(`). */
const CONTINUES_ON_NEXT_LINE = /(?:[,([{+\-*/%&|^=<>?:.\\]|\band|\bor|\bnot)\s*$/u;

function isCompleteExit(line: string, languageId: string | undefined): boolean {
  const code = line.trimEnd();
  if (CONTINUES_ON_NEXT_LINE.test(code)) return false;
  if (CONDITIONAL_MODIFIERS.has(languageId ?? "") && /\b(?:if|unless)\b/u.test(code)) return false;
  let depth = 0;
  for (const char of code) {
    if (char === "(" || char === "[" || char === "{") depth += 1;
    else if (char === ")" || char === "]" || char === "}") depth -= 1;
  }
  return depth <= 0;
}

/**
 * Statements after a `return`/`throw`/`raise`/`break`/`continue` at the same indentation can
 * never run: they are dropped, up to the line that leaves that level (a closer, a dedented
 * line), which stays for the bracket and scope rules to judge.
 */
export function cutAfterExit(text: string, context: Context): string {
  if (PROSE.has(context.languageId ?? "") || !text.includes("\n")) return text;
  const lines = text.split("\n");
  for (let index = 0; index < lines.length - 1; index += 1) {
    const line = index === 0 ? context.cursorLine + (lines[0] ?? "") : (lines[index] ?? "");
    if (!EXIT.test(line) || !isCompleteExit(line, context.languageId)) continue;
    const level = indentWidth(line);
    const next = lines.findIndex((candidate, at) => at > index && candidate.trim() !== "");
    if (next < 0 || indentWidth(lines[next] ?? "") !== level || STILL_REACHABLE.test(lines[next] ?? "")) continue;
    const leaves = lines.findIndex((candidate, at) => at > next && candidate.trim() !== "" && indentWidth(candidate) < level);
    const kept = lines.slice(0, index + 1);
    return (leaves < 0 ? kept : [...kept, ...lines.slice(leaves)]).join("\n");
  }
  return text;
}
