// Text the editor already has after the cursor: an answer that goes on to type it again ends
// where the repeat begins — the rest of the line, the next line, a run of lines, a tag's `>`.
import { nextLinesAfterCursor, PROSE } from "./context.ts";
import type { Context } from "./context.ts";

/** Lines too common to mean "the model is re-typing the code after the cursor". */
const GENERIC_LINE = /^(?:return|break|continue|pass|else|end|try|finally|default|do)\b[\s;:{]*$/;
const CLOSING_ONLY = /^[)\]}>;,'"`\s]*$/;
/** What may follow the cursor on its line while the answer still writes a whole next line. */
const TERMINATORS_ONLY = /^[\s)\]};,]*$/;

/**
 * a) A later line of the answer (or its first, completed by the cursor's line) is the next line
 *    after the cursor, indentation and all; when only `;`, `,` or closers follow the cursor, the
 *    first line counts with or without them.
 * b) The answer's first line ends with the rest of the cursor's line (brackets and quotes alone
 *    are left to balanceBrackets, which knows whether the answer opened them).
 * c) From a line start on, the answer is a copy of the start of the suffix (whitespace aside),
 *    covering at least the suffix's first line.
 */
export function cutAtRepeatedSuffix(text: string, context: Context): string {
  const rest = context.restOfLine.trim();
  const lines = text.split("\n");
  const next = nextLinesAfterCursor(context.suffix, 1)[0];

  if (next !== undefined && TERMINATORS_ONLY.test(context.restOfLine) && isDistinctive(next)) {
    const wanted = next.trimEnd();
    let offset = 0;
    for (let index = 0; index < lines.length; index += 1) {
      const line = index === 0 ? context.cursorLine + (lines[0] ?? "") : (lines[index] ?? "");
      const repeats = line.trimEnd() === wanted || (index === 0 && rest !== "" && (line + rest).trimEnd() === wanted);
      if (repeats && (index === 0 || rest === "")) return text.slice(0, offset);
      offset += (lines[index] ?? "").length + 1;
    }
  }

  const firstLineEnd = text.indexOf("\n");
  const firstLine = firstLineEnd >= 0 ? text.slice(0, firstLineEnd) : text;
  if (rest !== "" && (/\w/u.test(rest) || /^[;,]+$/u.test(rest)) && firstLine.trimEnd().endsWith(rest)) {
    let cut = firstLine.trimEnd().length - rest.length;
    const lead = /^\s*/u.exec(context.restOfLine)?.[0] ?? "";
    if (lead !== "" && text.slice(0, cut).endsWith(lead)) cut -= lead.length;
    return text.slice(0, cut);
  }

  const firstSuffixLine = rest !== "" ? rest : next?.trim();
  if (firstSuffixLine === undefined) return text;
  const suffixHead = compact(context.suffix.slice(0, 2 * text.length + 200));
  const minimum = compact(firstSuffixLine).length;
  // Compacted once; each line start's tail is a slice of it (a tail per line would be quadratic).
  const compactLines = lines.map(compact);
  const whole = compactLines.join("");
  let offset = 0;
  let compactOffset = 0;
  for (let index = 0; index < lines.length; index += 1) {
    if (index === 0 || rest === "") {
      const tailLength = whole.length - compactOffset;
      if (
        tailLength >= minimum &&
        tailLength <= suffixHead.length &&
        suffixHead.startsWith(whole.slice(compactOffset)) &&
        /\w/u.test(whole.slice(compactOffset))
      ) {
        return text.slice(0, offset);
      }
    }
    offset += (lines[index] ?? "").length + 1;
    compactOffset += (compactLines[index] ?? "").length;
  }
  return text;
}

function isDistinctive(line: string): boolean {
  const code = line.trim();
  return code.length >= 4 && /\w/u.test(code) && !GENERIC_LINE.test(code) && !CLOSING_ONLY.test(code);
}

function compact(text: string): string {
  return text.replace(/\s+/g, "");
}

/** Trailing lines equal to the next non-blank lines after the cursor are dropped. */
export function dropTrailingDuplicateLines(text: string, context: Context): string {
  const lines = text.replace(/\s+$/u, "").split("\n");
  if (lines.length < 2) return text;
  const upcoming = nextLinesAfterCursor(context.suffix, lines.length);
  for (let count = Math.min(lines.length - 1, upcoming.length); count > 0; count -= 1) {
    const tail = lines.slice(lines.length - count);
    const matches = tail.every((line, index) => line.trimEnd() === upcoming[index]?.trimEnd() && !CLOSING_ONLY.test(line));
    if (matches) return lines.slice(0, lines.length - count).join("\n") + "\n";
  }
  return text;
}

// ── tag closers ──

/** How far back an open tag (attributes on several lines) is looked for. */
const TAG_LOOKBACK_CHARS = 2_000;

/**
 * In `<App |/>` the answer `message={m} />` types the `/>` the editor has, and in
 * `Map<str|>` the answer `ing, number>` its `>`: the answer ends before its own closer of the
 * tag or type argument list the cursor is in, when the rest of the cursor's line starts with
 * `/>` or `>`.
 */
export function trimTagCloser(text: string, context: Context): string {
  if (PROSE.has(context.languageId ?? "")) return text;
  const rest = context.restOfLine.trimStart();
  if (!rest.startsWith(">") && !rest.startsWith("/>")) return text;
  if (scanAngles(context.prefix.slice(-TAG_LOOKBACK_CHARS), 0).depth === 0) return text;
  const end = scanAngles(text, 1).closedAt;
  return end !== undefined ? text.slice(0, end) : text;
}

/**
 * Follows `<name …>` tags and type arguments through `text`, starting `depth` deep: quotes,
 * `{…}` expressions, `=>`/`->` arrows and `>=` aside. Reports how deep it ends, and where the level
 * it started in is closed (at the `>`, or the `/` of `/>`).
 */
function scanAngles(text: string, depth: number): { depth: number; closedAt: number | undefined } {
  let level = depth;
  let braces = 0;
  let quote: string | undefined;
  for (let i = 0; i < text.length; i += 1) {
    const char = text[i] as string;
    if (level === 0) {
      if (char === "<" && /[A-Za-z/]/u.test(text[i + 1] ?? "")) level = 1;
      continue;
    }
    if (quote !== undefined) {
      if (char === quote) quote = undefined;
    } else if (char === '"' || char === "'") quote = char;
    else if (char === "{") braces += 1;
    else if (char === "}") braces = Math.max(0, braces - 1);
    else if (braces === 0 && char === "<" && /[A-Za-z]/u.test(text[i + 1] ?? "")) level += 1;
    else if (braces === 0 && char === ">" && text[i - 1] !== "=" && text[i - 1] !== "-" && text[i + 1] !== "=") {
      level -= 1;
      if (depth > 0 && level === 0) return { depth: 0, closedAt: text[i - 1] === "/" ? i - 1 : i };
      if (level === 0) quote = undefined;
    }
  }
  return { depth: level, closedAt: undefined };
}
