import { charsForTokens, estimateTokens } from "../tokens.ts";

/** Code from another open file, already cleared by the privacy rules for this target. */
export interface PromptSnippet {
  path: string;
  text: string;
}

export interface FimPromptInput {
  /** The whole document text. */
  text: string;
  /** Cursor position as a character offset into `text`. */
  offset: number;
  /** Prompt budget in tokens for everything the prompt carries (header, snippets, windows). */
  budgetTokens: number;
  /** The edited file's workspace-relative path, written as a comment line above its code. */
  filePath?: string;
  /** VS Code language id: chooses the comment syntax of the header and snippets. */
  languageId?: string;
  /**
   * Other open files of the same language, most recently used first, already filtered by the
   * privacy rules for the chosen target: every one given here may be sent.
   */
  snippets?: readonly PromptSnippet[];
}

export interface FimPrompt {
  /** What the model sees before the cursor: snippets and the file path as comments, then `window`. */
  prefix: string;
  /** The code after the cursor, within the budget. */
  suffix: string;
  /** The code right before the cursor alone (post-processing compares the answer with it). */
  window: string;
  /** Estimated tokens of the two cursor windows: the edited file's share, for routing. */
  tokens: number;
  /** Estimated tokens of everything sent (header, snippets, windows), for sizing `num_ctx`. */
  promptTokens: number;
  /** Paths of the snippets that fit in the budget, in the order given. */
  snippetPaths: string[];
}

/** The code before the cursor predicts more than the code after it. */
const PREFIX_SHARE = 0.75;
/**
 * The start of a prefix window that does not reach the top of the file moves in steps of this
 * share of the window, not with every keystroke: a local model's KV cache is reused only for the
 * part of a prompt equal to the previous prompt's beginning (llama.cpp `cache_prompt`), so a start
 * that slid with the cursor would make the model evaluate nearly the whole prompt again each time.
 * Each step costs one evaluation of the whole window; at about one request per ten characters
 * typed, a step of half the window (about 1,100 characters at the default budget) spreads that
 * over a hundred requests, a few percent of what each request evaluates anyway, while the window
 * keeps at least half (on average three quarters) of what it may use.
 */
const ANCHOR_STEP_SHARE = 1 / 2;
/**
 * Lines of code after the cursor sent at most. A prefix-first FIM prompt puts them after the
 * cursor's text, so they are evaluated again on every request: they are the cost floor of a
 * completion on a CPU, and the nearest lines carry most of what the model needs from them.
 */
const SUFFIX_MAX_LINES = 16;
/** A small file's windows reserve their size in steps of this many characters, so the snippets' share changes rarely. */
const RESERVE_STEP_CHARS = 512;
/**
 * When there are snippets, the cursor windows may use at most this share of the budget, so that
 * in a large file (where the windows alone would fill any budget) related code still gets in.
 * Windows that need less leave the rest to snippets.
 */
const WINDOW_SHARE_WITH_SNIPPETS = 0.6;
/** The least room a snippet is offered, even when many share the budget. */
const MIN_SNIPPET_SHARE_CHARS = 400;
/** A snippet cut to fewer lines than this says too little to be worth its tokens. */
const MIN_SNIPPET_LINES = 3;

export interface CommentSyntax {
  /** Line comment token, e.g. "//" or "#". */
  line?: string;
  /** Block comment delimiters, for languages without line comments (HTML, CSS). */
  block?: readonly [string, string];
}

const SLASHES: CommentSyntax = { line: "//" };
const HASH: CommentSyntax = { line: "#" };
const DASHES: CommentSyntax = { line: "--" };
const SEMICOLON: CommentSyntax = { line: ";" };
const PERCENT: CommentSyntax = { line: "%" };
const HTML: CommentSyntax = { block: ["<!--", "-->"] };
const CSS: CommentSyntax = { block: ["/*", "*/"] };

/** Comment syntax per VS Code language id; anything not listed uses `//`. */
const COMMENT_SYNTAX: Readonly<Record<string, CommentSyntax>> = {
  python: HASH,
  ruby: HASH,
  shellscript: HASH,
  perl: HASH,
  r: HASH,
  yaml: HASH,
  toml: HASH,
  dockerfile: HASH,
  makefile: HASH,
  powershell: HASH,
  elixir: HASH,
  julia: HASH,
  coffeescript: HASH,
  nim: HASH,
  cmake: HASH,
  properties: HASH,
  graphql: HASH,
  sql: DASHES,
  lua: DASHES,
  haskell: DASHES,
  elm: DASHES,
  ada: DASHES,
  clojure: SEMICOLON,
  lisp: SEMICOLON,
  scheme: SEMICOLON,
  ini: SEMICOLON,
  latex: PERCENT,
  tex: PERCENT,
  erlang: PERCENT,
  matlab: PERCENT,
  vb: { line: "'" },
  bat: { line: "REM" },
  html: HTML,
  xml: HTML,
  markdown: HTML,
  vue: HTML,
  svelte: HTML,
  css: CSS,
};

export function commentSyntaxFor(languageId: string | undefined): CommentSyntax {
  return (languageId !== undefined ? COMMENT_SYNTAX[languageId] : undefined) ?? SLASHES;
}

/** `text` as a comment in the language (every line commented, or one block around it), ending in a newline. */
export function asComment(text: string, languageId: string | undefined): string {
  const syntax = commentSyntaxFor(languageId);
  const lines = text.replace(/\r\n/g, "\n").split("\n");
  if (syntax.line !== undefined) return lines.map((line) => (line === "" ? syntax.line : `${syntax.line} ${line}`)).join("\n") + "\n";
  const [open, close] = syntax.block ?? ["/*", "*/"];
  // A block comment must not be closed early by the text it wraps.
  const safe = lines.map((line) => line.replaceAll(close, close.split("").join(" ")));
  return `${open} ${safe.join("\n")} ${close}\n`;
}

/**
 * Builds the prompt around the cursor within a token budget: the cursor windows first (cut at
 * line boundaries so the model never sees half a line at the edges), then the snippets in the
 * order given, as comments, sharing whatever budget is left. The file path comment sits right above
 * the edited file's code, after the snippets, so every block of code is labelled by the path
 * line before it — the layout code models see in repository-level training data.
 *
 * Consecutive prompts of a typing session share their beginning, so a local model's KV cache can
 * reuse it: the snippets' share depends on the document's size, not the cursor; the prefix
 * window's start moves in steps, not per keystroke; the suffix is a few lines.
 */
export function buildFimPrompt(input: FimPromptInput): FimPrompt {
  // NaN would compare false with every length and let the whole document through.
  const budgetChars = Number.isFinite(input.budgetTokens) ? Math.max(0, charsForTokens(input.budgetTokens)) : 0;
  const pathComment = input.filePath ? asComment(`Path: ${input.filePath}`, input.languageId) : "";
  // A path longer than the whole budget is left out rather than overrun it.
  const header = pathComment.length <= budgetChars ? pathComment : "";
  const available = Math.max(0, budgetChars - header.length);
  const snippets = input.snippets ?? [];
  const windowChars = snippets.length > 0 ? Math.floor(available * WINDOW_SHARE_WITH_SNIPPETS) : available;
  let { prefix: window, suffix } = cutWindows(input.text, input.offset, windowChars);

  // What the snippets may use depends on the document's size, not on where the cursor is: the
  // snippet block then stays byte for byte the same from one keystroke to the next.
  const reserved = Math.min(windowChars, Math.ceil(input.text.length / RESERVE_STEP_CHARS) * RESERVE_STEP_CHARS);
  let remaining = available - reserved;
  let context = "";
  const snippetPaths: string[] = [];
  for (const [index, snippet] of snippets.entries()) {
    // An even share of what is left, so one long file does not crowd out the others; what a
    // short snippet leaves over goes to the ones after it.
    const share = Math.max(Math.floor(remaining / (snippets.length - index)), MIN_SNIPPET_SHARE_CHARS);
    const block = fitSnippet(snippet, input.languageId, Math.min(share, remaining));
    if (block === undefined) break;
    context += block;
    remaining -= block.length;
    snippetPaths.push(snippet.path);
  }
  // No snippet fits even in the share kept for them: the windows take the whole budget back.
  if (snippetPaths.length === 0 && windowChars < available) ({ prefix: window, suffix } = cutWindows(input.text, input.offset, available));

  const prefix = context + header + window;
  return {
    prefix,
    suffix,
    window,
    // Counted as one text, as the budget was cut: two roundings up could overrun it by one.
    tokens: estimateTokens(window + suffix),
    promptTokens: estimateTokens(prefix + suffix),
    snippetPaths,
  };
}

/**
 * The prefix/suffix windows around the cursor in at most `budgetChars` characters. The suffix is
 * at most SUFFIX_MAX_LINES whole lines; the prefix may use what those leave (at least its share),
 * from an anchor that moves in steps (ANCHOR_STEP_SHARE of its share) to the first line start after it.
 */
function cutWindows(text: string, rawOffset: number, budgetChars: number): { prefix: string; suffix: string } {
  let offset = Math.max(0, Math.min(rawOffset, text.length));
  // An offset between the two halves of a surrogate pair (an emoji) moves before the character.
  if (isHighSurrogate(text.charCodeAt(offset - 1)) && isLowSurrogate(text.charCodeAt(offset))) offset -= 1;
  const after = text.slice(offset);
  const wantedSuffix = after.slice(0, nthLineEnd(after, SUFFIX_MAX_LINES));
  const prefixShare = Math.floor(budgetChars * PREFIX_SHARE);
  const prefixChars = Math.max(prefixShare, budgetChars - wantedSuffix.length);
  const prefix = text.slice(prefixStart(text, offset, prefixChars, Math.max(1, Math.floor(prefixShare * ANCHOR_STEP_SHARE))), offset);

  let suffix = wantedSuffix;
  const suffixChars = budgetChars - prefix.length;
  if (suffix.length > suffixChars) {
    suffix = suffix.slice(0, Math.max(0, suffixChars));
    const lineEnd = suffix.lastIndexOf("\n");
    if (lineEnd > 0) suffix = suffix.slice(0, lineEnd + 1);
    else if (isHighSurrogate(suffix.charCodeAt(suffix.length - 1))) suffix = suffix.slice(0, -1);
  }
  return { prefix, suffix };
}

/** Where the prefix window starts: the top of the file when it fits, else the line start after the anchor. */
function prefixStart(text: string, offset: number, prefixChars: number, step: number): number {
  if (offset <= prefixChars) return 0;
  const anchor = Math.ceil((offset - prefixChars) / step) * step;
  if (text[anchor - 1] === "\n") return anchor;
  const lineEnd = text.indexOf("\n", anchor);
  // Start at a line boundary; when none lies between the anchor and the cursor (one very long
  // line, as in minified code) keep the line's tail: the budget wins over whole lines.
  if (lineEnd >= 0 && lineEnd < offset - 1) return lineEnd + 1;
  // Never half a character at the edge: a lone surrogate reaches the model as garbage.
  return isLowSurrogate(text.charCodeAt(anchor)) ? anchor + 1 : anchor;
}

/** The length of `text` up to and including its `lines`-th line break (all of it when it has fewer). */
function nthLineEnd(text: string, lines: number): number {
  let at = -1;
  for (let line = 0; line < lines; line++) {
    at = text.indexOf("\n", at + 1);
    if (at < 0) return text.length;
  }
  return at + 1;
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}

/**
 * The snippet as a commented block (a path line, its code, a blank comment line) in at most
 * `budgetChars`, cut to whole lines from its start; undefined when too little of it fits.
 */
function fitSnippet(snippet: PromptSnippet, languageId: string | undefined, budgetChars: number): string | undefined {
  if (budgetChars <= 0) return undefined;
  const code = snippet.text.replace(/\r\n/g, "\n").replace(/\s+$/u, "");
  const whole = asComment(`Path: ${snippet.path}\n${code}\n`, languageId);
  if (whole.length <= budgetChars) return whole;
  const lines = code.split("\n");
  // Binary search for the most lines that fit: snippets can be long and this runs per keystroke.
  let low = 0;
  let high = lines.length;
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    const block = asComment(`Path: ${snippet.path}\n${lines.slice(0, mid).join("\n")}\n`, languageId);
    if (block.length <= budgetChars) low = mid;
    else high = mid - 1;
  }
  if (low < Math.min(MIN_SNIPPET_LINES, lines.length)) return undefined;
  return asComment(`Path: ${snippet.path}\n${lines.slice(0, low).join("\n")}\n`, languageId);
}
