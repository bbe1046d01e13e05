// What is left of a raw model answer once it is fit to show as ghost text. Pure and fast: it
// runs on every completion, after the stream ends.
import { currentLine, isInComment, isInLineComment, lex, lexiconFor, previousNonBlankLine, restOfLine } from "./completionMode.ts";
import { ALL_SPECIAL_TOKENS } from "./fimTemplates.ts";

export interface PostProcessInput {
  /**
   * The text before the cursor (its window is enough). Without it, every closer the completion
   * types beyond its own brackets is taken to close a bracket opened before the cursor.
   */
  prefix?: string;
  /** The text after the cursor (its window is enough). */
  suffix: string;
  /** VS Code language id: comment syntax, quote characters, prose languages. */
  languageId?: string;
  /** The document's line ending; by default the one the prefix or suffix uses. */
  lineEnding?: "\n" | "\r\n";
}

interface Context {
  prefix: string;
  prefixKnown: boolean;
  suffix: string;
  languageId: string | undefined;
  /** The cursor's line up to the cursor. */
  cursorLine: string;
  /** The cursor's line after the cursor. */
  restOfLine: string;
}

type Rule = (text: string, context: Context) => string;

/**
 * The rules, in the order they run. Each takes the text the previous one left; the order
 * matters where noted.
 *  1. stripThinking — `<think>…</think>` blocks (and an unterminated one) of reasoning models.
 *  2. unwrapMarkdownFence — an instruct model's ```fences``` and the chatter around them
 *     (before token cutting, because chatter often follows the closing fence).
 *  3. cutAtSpecialTokens — any supported family's control tokens: leading ones are dropped, the
 *     answer ends at the first other one (`<|endoftext|>`, `<|file_sep|>`, `<EOT>` …).
 *  4. singleLineInComment — after a line comment, only the rest of that line.
 *  5. collapseBlankLines — no leading blank lines, at most one blank line in a row (two in Python).
 *  6. cutAtRepeatedSuffix — the answer ends where it starts repeating the text after the cursor:
 *     the rest of the cursor's line, the next line, or everything after the cursor.
 *  7. dropTrailingDuplicateLines — trailing lines equal to the next non-blank lines after the cursor.
 *  8. balanceBrackets — closers (and a closing quote) that the text after the cursor already
 *     has are dropped, with everything after them (after 6–7, which remove whole repeats first).
 *  9. trimTrailingWhitespace — none at line ends; no trailing newline when the text after the
 *     cursor starts on a new line, one (with its indentation) when the completion ends before
 *     text already on the cursor's line.
 * 10. dropUseless — blank answers and answers that only repeat the previous line.
 * Line endings are "\n" throughout and become the document's at the end.
 */
const RULES: readonly Rule[] = [
  stripThinking,
  unwrapMarkdownFence,
  cutAtSpecialTokens,
  singleLineInComment,
  collapseBlankLines,
  cutAtRepeatedSuffix,
  dropTrailingDuplicateLines,
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
  const prefix = rawPrefix.replace(/\r\n/g, "\n");
  const suffix = rawSuffix.replace(/\r\n/g, "\n");
  const context: Context = {
    prefix,
    prefixKnown: input.prefix !== undefined,
    suffix,
    languageId: input.languageId,
    cursorLine: currentLine(prefix),
    restOfLine: restOfLine(suffix),
  };
  let text = raw.replace(/\r\n?/g, "\n");
  for (const rule of RULES) {
    text = rule(text, context);
    if (text === "") return "";
  }
  const lineEnding = input.lineEnding ?? (rawPrefix.includes("\r\n") || rawSuffix.includes("\r\n") ? "\r\n" : "\n");
  return lineEnding === "\r\n" ? text.replace(/\n/g, "\r\n") : text;
}

// ── 1. reasoning blocks ──

function stripThinking(text: string, context: Context): string {
  if (!text.includes("think>") || documentContains(context, "<think>") || documentContains(context, "</think>")) return text;
  let result = text.replace(/<think>[\s\S]*?<\/think>/g, "");
  // The model's template opened the block; only its end is in the answer.
  const orphanEnd = result.indexOf("</think>");
  if (orphanEnd >= 0) result = result.slice(orphanEnd + "</think>".length);
  // Cut off mid-thought (the stream ended first): nothing after it is code.
  const unterminated = result.indexOf("<think>");
  if (unterminated >= 0) result = result.slice(0, unterminated);
  // The answer after a leading block starts on fresh lines of its own.
  return /^\s*<think>/u.test(text) || text.includes("</think>") ? result.replace(/^\s*\n/u, "") : result;
}

// ── 2. markdown fences ──

const FENCE_LINE = /^[ \t]*(`{3,}|~{3,})[ \t]*([\w+#.-]*)[ \t]*$/;

function unwrapMarkdownFence(text: string, context: Context): string {
  if (!text.includes("```") && !text.includes("~~~")) return text;
  if (context.languageId === "markdown" || context.languageId === "mdx" || insideFence(context.prefix)) return text;
  const lines = text.split("\n");
  const opening = lines.findIndex((line) => FENCE_LINE.test(line));
  if (opening < 0) return text;
  const [, fence = "```", tag = ""] = FENCE_LINE.exec(lines[opening] ?? "") ?? [];
  const before = lines.slice(0, opening).filter((line) => line.trim() !== "");
  // A fence opens a block when it comes first, names a language, or follows "Here is the code:".
  const opens = before.length === 0 || tag !== "" || /:\s*$/u.test(before.at(-1) ?? "");
  if (!opens) return lines.slice(0, opening).join("\n"); // code, then a closing fence and chatter
  const closing = lines.findIndex((line, index) => index > opening && line.trim().startsWith(fence.slice(0, 3)) && FENCE_LINE.test(line));
  return lines.slice(opening + 1, closing < 0 ? undefined : closing).join("\n");
}

/** Is the cursor inside an open fenced block (the user is writing markdown in a docstring)? */
function insideFence(prefix: string): boolean {
  return (prefix.match(/^[ \t]*(?:```|~~~)/gm)?.length ?? 0) % 2 === 1;
}

// ── 3. control tokens ──

/** Junction's own cursor marker in cloud prompts: a chat model may echo it. */
const JUNCTION_TOKENS = ["<|cursor|>"];
const TOKENS = [...ALL_SPECIAL_TOKENS, ...JUNCTION_TOKENS];

/** Languages where `<s>…</s>` is markup (strikethrough), not Mistral's sentence tokens. */
const MARKUP = new Set(["html", "xml", "markdown", "mdx", "vue", "svelte", "javascriptreact", "typescriptreact", "php", "astro"]);

/** Is this token, in this document, more likely text than a leaked control token? */
function isText(token: string, context: Context): boolean {
  // A token the document itself contains is code there (this very file, a tokenizer test).
  if (documentContains(context, token)) return true;
  if ((token === "<s>" || token === "</s>") && MARKUP.has(context.languageId ?? "")) return true;
  // `[PREFIX]` is also `opts[PREFIX]` where the code has a PREFIX of its own.
  const word = /^\[(\w+)\]$/u.exec(token)?.[1];
  return word !== undefined && new RegExp(String.raw`\b${word}\b`, "u").test(context.prefix + context.suffix);
}

function cutAtSpecialTokens(text: string, context: Context): string {
  if (!text.includes("<") && !text.includes("[")) return text;
  const tokens = TOKENS.filter((token) => text.includes(token) && !isText(token, context));
  if (tokens.length === 0) return text;
  let result = text;
  for (let stripped = true; stripped; ) {
    stripped = false;
    const start = result.length - result.trimStart().length;
    for (const token of tokens) {
      if (result.startsWith(token, start)) {
        result = result.slice(0, start) + result.slice(start + token.length);
        stripped = true;
      }
    }
  }
  const cut = Math.min(...tokens.map((token) => result.indexOf(token)).filter((index) => index >= 0));
  return Number.isFinite(cut) ? result.slice(0, cut) : result;
}

// ── 4. comments ──

function singleLineInComment(text: string, context: Context): string {
  if (!isInLineComment(context.cursorLine, context.languageId)) return text;
  const newline = text.indexOf("\n");
  return newline >= 0 ? text.slice(0, newline) : text;
}

// ── 5. blank lines ──

function collapseBlankLines(text: string, context: Context): string {
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

// ── 6. repeating what follows the cursor ──

/** Lines too common to mean "the model is re-typing the code after the cursor". */
const GENERIC_LINE = /^(?:return|break|continue|pass|else|end|try|finally|default|do)\b[\s;:{]*$/;

function cutAtRepeatedSuffix(text: string, context: Context): string {
  const rest = context.restOfLine.trim();
  const firstLineEnd = text.indexOf("\n");
  const firstLine = firstLineEnd >= 0 ? text.slice(0, firstLineEnd) : text;

  // a) The completion's first line ends with the rest of the cursor's line (brackets and quotes
  //    alone are left to balanceBrackets, which knows whether the completion opened them).
  if (rest !== "" && (/\w/u.test(rest) || /^[;,]+$/u.test(rest)) && firstLine.trimEnd().endsWith(rest)) {
    let cut = firstLine.trimEnd().length - rest.length;
    const lead = /^\s*/u.exec(context.restOfLine)?.[0] ?? "";
    if (lead !== "" && text.slice(0, cut).endsWith(lead)) cut -= lead.length;
    return text.slice(0, cut);
  }

  const lines = text.split("\n");
  const next = nextLinesAfterCursor(context.suffix, 1)[0];
  // b) A later line of the completion is the next line after the cursor, indentation and all.
  if (next !== undefined && context.restOfLine.trim() === "" && isDistinctive(next)) {
    let offset = 0;
    for (let index = 0; index < lines.length; index += 1) {
      const line = index === 0 ? context.cursorLine + (lines[0] ?? "") : (lines[index] ?? "");
      if (line.trimEnd() === next.trimEnd()) return text.slice(0, offset);
      offset += (lines[index] ?? "").length + 1;
    }
  }

  // c) From a line start on, the completion is a copy of the start of the suffix (whitespace
  //    aside), covering at least the suffix's first line.
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
      if (tailLength >= minimum && tailLength <= suffixHead.length && suffixHead.startsWith(whole.slice(compactOffset)) && /\w/u.test(whole.slice(compactOffset))) {
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

// ── 7. trailing duplicates ──

const CLOSING_ONLY = /^[)\]}>;,'"`\s]*$/;

function dropTrailingDuplicateLines(text: string, context: Context): string {
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

/** The first `count` non-blank lines after the cursor's line. */
function nextLinesAfterCursor(suffix: string, count: number): string[] {
  const lines: string[] = [];
  let start = suffix.indexOf("\n");
  while (start >= 0 && lines.length < count) {
    const end = suffix.indexOf("\n", start + 1);
    const line = end >= 0 ? suffix.slice(start + 1, end) : suffix.slice(start + 1);
    if (line.trim() !== "") lines.push(line);
    start = end;
  }
  return lines;
}

// ── 8. brackets and quotes ──

const PAIRS: Readonly<Record<string, string>> = { ")": "(", "]": "[", "}": "{" };
/** Prose: brackets and apostrophes there say nothing about code structure. */
const PROSE = new Set(["plaintext", "markdown", "mdx", "latex", "tex", "restructuredtext"]);

/**
 * Closers the completion types beyond its own openers close brackets opened before the cursor;
 * when the text after the cursor already closes those, the completion must not close them too.
 * The completion ends before the first such closer. Likewise a string opened before the cursor
 * and closed after it: a completion that closes it (and does not open another) ends there.
 */
function balanceBrackets(text: string, context: Context): string {
  if (PROSE.has(context.languageId ?? "")) return text;
  const lexicon = lexiconFor(context.languageId);
  const open: string[] = [];
  const prefixEnd = lex(context.prefix, lexicon, undefined, (kind, char) => {
    if (kind === "open") open.push(char);
    else {
      const at = open.lastIndexOf(PAIRS[char] as string);
      if (at >= 0) open.length = at;
    }
    return true;
  });
  if (prefixEnd.inComment || isInComment(context.prefix, context.languageId)) return text;
  const startQuote = prefixEnd.quote;

  let suffixDepth = 0;
  let suffixCloses = 0;
  let suffixClosesQuote = false;
  lex(
    context.suffix,
    lexicon,
    startQuote,
    (kind) => {
      if (kind === "open") suffixDepth += 1;
      else if (suffixDepth > 0) suffixDepth -= 1;
      else suffixCloses += 1;
      return true;
    },
    () => (suffixClosesQuote = true),
  );
  const openBefore = context.prefixKnown ? Math.max(open.length, suffixCloses) : suffixCloses;
  const allowed = openBefore - suffixCloses;

  let depth = 0;
  let outerCloses = 0;
  let quoteClosedAt: number | undefined;
  const end = lex(
    text,
    lexicon,
    startQuote,
    (kind) => {
      if (kind === "open") depth += 1;
      else if (depth > 0) depth -= 1;
      else {
        outerCloses += 1;
        if (outerCloses > allowed) return false;
      }
      return true;
    },
    (index) => (quoteClosedAt = index),
  );
  let result = end.stoppedAt !== undefined ? text.slice(0, end.stoppedAt) : text;
  const endsOutsideString = end.stoppedAt !== undefined || end.quote === undefined;
  if (suffixClosesQuote && quoteClosedAt !== undefined && quoteClosedAt < result.length && endsOutsideString) result = result.slice(0, quoteClosedAt);
  return result;
}

// ── 9. whitespace at the end ──

function trimTrailingWhitespace(text: string, context: Context): string {
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

// ── 10. nothing useful ──

function dropUseless(text: string, context: Context): string {
  if (text.trim() === "") return "";
  // The lines the completion writes: the cursor's line only if it adds something to it.
  const lines = (context.cursorLine + text).split("\n");
  const written = lines.map((line, index) => ({ line, index })).filter(({ line, index }) => line.trim() !== "" && (index > 0 || /\S/u.test(text.split("\n", 1)[0] ?? "")));
  if (written.length !== 1) return text;
  const { line, index } = written[0] as { line: string; index: number };
  const above = lines.slice(0, index).reverse().find((candidate) => candidate.trim() !== "") ?? previousNonBlankLine(context.prefix) ?? "";
  return line.trimEnd() === above.trimEnd() ? "" : text;
}

function documentContains(context: Context, token: string): boolean {
  return context.prefix.includes(token) || context.suffix.includes(token);
}
