// Lines, indentation and block shapes around the cursor, shared by the stream's stop predicate
// and the post-processing rules: where the block being written starts and ends, and which lines
// continue it (`} else {`, `elif …:`, `rescue`) instead of ending it.

/** Columns a tab counts for when comparing indentation. */
const TAB_WIDTH = 4;

/** Languages whose blocks open with a trailing ":" (Python's `def f():`). */
const COLON_BLOCKS = new Set(["python", "nim", "coffeescript", "yaml"]);
/** Languages whose blocks open with a trailing keyword (`do`, `then`, …). */
const KEYWORD_BLOCKS = new Set(["ruby", "lua", "shellscript", "elixir", "julia", "vb"]);
const BLOCK_KEYWORD = /(?:^|\s)(?:do|then|else|begin)(?:\s*\|[^|]*\|)?$/;

/** Languages whose blocks are their indentation: a line indented less than a block ends it. */
export const INDENTATION_LANGUAGES = new Set(["python", "nim", "coffeescript", "yaml"]);

/** A line that only closes a block: `}`, `});`, `]`, `end`, `fi` … */
export const CLOSING_LINE = /^\s*(?:[)\]}][)\]};,]*|end\b[^\n]*|fi|done|esac)\s*$/;

/**
 * Lines that continue the block above them rather than end it, per language family; the
 * default is the brace languages' `else`/`catch`/`finally`, after a `}` or on a line of their own.
 */
const CONTINUATIONS: Readonly<Record<string, RegExp>> = {
  python: /^\s*(?:elif\b.*|else\s*|except\b.*|finally\s*|case\b.*):\s*(?:#.*)?$/,
  ruby: /^\s*(?:else|elsif|when|in|rescue|ensure)\b/,
  lua: /^\s*(?:else|elseif)\b/,
  julia: /^\s*(?:else|elseif|catch|finally)\b/,
  elixir: /^\s*(?:else|rescue|catch|after)\b/,
  shellscript: /^\s*(?:else|elif)\b/,
};
const BRACE_CONTINUATION = /^\s*(?:\}\s*)?(?:else|catch|finally)\b/;

export function isContinuation(line: string, languageId: string | undefined): boolean {
  return (CONTINUATIONS[languageId ?? ""] ?? BRACE_CONTINUATION).test(line);
}

/** A continuation, or the Allman `{` on its own line that opens the branch the line before named. */
export function continuesBlock(line: string, languageId: string | undefined, afterContinuation: boolean): boolean {
  return isContinuation(line, languageId) || (afterContinuation && line.trim() === "{");
}

/** Do blocks there close with `}`, so that a `}` line may be followed by an `else` of its own (Allman style)? */
export function closesWithBraces(languageId: string | undefined): boolean {
  const id = languageId ?? "";
  return !INDENTATION_LANGUAGES.has(id) && !KEYWORD_BLOCKS.has(id);
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

/** The first non-blank line after the cursor's line, if the window has one. */
export function nextNonBlankLine(suffix: string): string | undefined {
  let start = suffix.indexOf("\n");
  while (start >= 0) {
    const end = suffix.indexOf("\n", start + 1);
    const line = end >= 0 ? suffix.slice(start + 1, end) : suffix.slice(start + 1);
    if (line.trim() !== "") return line;
    start = end;
  }
  return undefined;
}

export function opensBlock(line: string, languageId: string | undefined): boolean {
  const code = line.replace(/\s+$/u, "");
  if (/[{([]$/u.test(code) || code.endsWith("=>")) return true;
  if (code.endsWith(":") && (languageId === undefined || COLON_BLOCKS.has(languageId))) return true;
  return (languageId === undefined || KEYWORD_BLOCKS.has(languageId)) && BLOCK_KEYWORD.test(code);
}

/**
 * The least indentation a line of the block being written has: the cursor's column on an
 * empty line; one more than the opener's line right after an opener; on an empty line at
 * column 0, the previous line's (one more if that line opened a block).
 */
export function blockBodyIndent(prefix: string, languageId: string | undefined): number {
  const line = currentLine(prefix);
  if (line.trim() !== "") return indentWidth(line) + 1;
  if (line.length > 0) return indentWidth(line);
  const previous = previousNonBlankLine(prefix);
  if (previous === undefined) return 0;
  return indentWidth(previous) + (opensBlock(previous, languageId) ? 1 : 0);
}

/**
 * The indentation of the line that opened the block being written: the cursor's line when it
 * opens that block (its code is indented less than the body), else the nearest line above
 * indented less than the block's body.
 */
export function blockOpenerIndent(prefix: string, bodyIndent: number): number {
  const line = currentLine(prefix);
  if (line.trim() !== "" && indentWidth(line) < bodyIndent) return indentWidth(line);
  let end = prefix.length - line.length - 1;
  // Bounded: a few hundred lines of a prompt window at most.
  while (end > 0) {
    const start = prefix.lastIndexOf("\n", end - 1) + 1;
    const candidate = prefix.slice(start, end);
    if (candidate.trim() !== "" && indentWidth(candidate) < bodyIndent) return indentWidth(candidate);
    end = start - 1;
  }
  return 0;
}

/**
 * Does the block being written end right after the cursor (the editor already has its `}`, its
 * `end` or its dedent there), so that a continuation the model writes (`} else {`, `elif …:`)
 * goes where the suffix does not already have one? An empty window after the cursor counts too.
 */
export function blockEndsAfterCursor(suffix: string, bodyIndent: number, languageId: string | undefined): boolean {
  const rest = restOfLine(suffix);
  if (rest.trim() !== "") return /^\s*(?:[)\]}]|end\b)/u.test(rest) && !isContinuation(rest, languageId);
  const next = nextNonBlankLine(suffix);
  return next === undefined || (indentWidth(next) < bodyIndent && !isContinuation(next, languageId));
}
