// A small lexer for the code around the cursor: where brackets and block keywords open and close,
// outside strings and comments. It runs over the whole prompt window after every completion, so
// it looks at most characters once through a lookup table and allocates nothing per character.
import { commentSyntaxFor } from "./fimPrompt.ts";

/** Block keywords of languages whose blocks close with a word (`def … end`, `repeat … until`). */
export interface KeywordBlocks {
  /** Words that open a block, each with the word that closes it. */
  readonly openers: ReadonlyMap<string, string>;
  readonly closers: ReadonlySet<string>;
  /** Openers that are modifiers unless they start a statement (Ruby's `retry if failed`). */
  readonly statementOnly: ReadonlySet<string>;
  /** Loop openers whose own `do` may follow on their line (`while x do`): that `do` opens nothing. */
  readonly loopHeaders: ReadonlySet<string>;
  /** Inside `()` and `[]` these words are not block keywords (Julia's `a[end]`, generators). */
  readonly notInBrackets: boolean;
}

export interface Lexicon {
  readonly line: string | undefined;
  readonly block: readonly [string, string] | undefined;
  readonly quotes: string;
  /** `"""` and `'''` open strings that span lines. */
  readonly triple: boolean;
  /** `'x'` is a character, and a lone `'` is not a string (Rust lifetimes, Julia's transpose). */
  readonly charLiterals: boolean;
  /** `/\(/` is a regular expression literal whose brackets do not count (JavaScript). */
  readonly regexLiterals: boolean;
  readonly keywords: KeywordBlocks | undefined;
  /** What each ASCII character may start (the FLAG_ bits); 0 for most. */
  readonly table: Uint8Array;
}

export interface LexStart {
  /** The text starts inside this string (`"`, `'''` …). */
  quote?: string;
  /** The text starts this many `(`/`[` deep (for keywords that do not count inside brackets). */
  bracketDepth?: number;
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
 * Hears each bracket or block keyword: `closer` is what closes the block (`)`, `]`, `}`, `end`,
 * `until`) for an opening and the token itself for a closing. Returns false to stop the scan.
 */
export type LexVisitor = (kind: "open" | "close", closer: string, index: number, length: number) => boolean;

const FLAG_BRACKET = 1;
const FLAG_QUOTE = 2;
const FLAG_COMMENT = 4;
const FLAG_WORD = 8;

const CLOSER_OF: Readonly<Record<string, string>> = { "(": ")", "[": "]", "{": "}" };

const KEYWORDS: Readonly<Record<string, KeywordBlocks>> = {
  ruby: keywordBlocks(["def", "class", "module", "if", "unless", "while", "until", "case", "begin", "for", "do"], {
    statementOnly: ["if", "unless", "while", "until"],
    loopHeaders: ["while", "until", "for"],
  }),
  lua: keywordBlocks(["function", "if", "for", "while", "do"], { loopHeaders: ["while", "for"], extra: [["repeat", "until"]] }),
  julia: keywordBlocks(
    ["function", "if", "for", "while", "begin", "let", "struct", "module", "baremodule", "macro", "quote", "try", "do", "abstract", "primitive"],
    {
      notInBrackets: true,
    },
  ),
  elixir: keywordBlocks(["do", "fn"], {}),
};

function keywordBlocks(
  openers: readonly string[],
  options: { statementOnly?: readonly string[]; loopHeaders?: readonly string[]; notInBrackets?: boolean; extra?: readonly (readonly [string, string])[] },
): KeywordBlocks {
  const map = new Map<string, string>(openers.map((word) => [word, "end"]));
  for (const [open, close] of options.extra ?? []) map.set(open, close);
  return {
    openers: map,
    closers: new Set(map.values()),
    statementOnly: new Set(options.statementOnly ?? []),
    loopHeaders: new Set(options.loopHeaders ?? []),
    notInBrackets: options.notInBrackets ?? false,
  };
}

/** Block comments the prompt's comment table leaves out, because its header uses line comments. */
const EXTRA_BLOCK_COMMENTS: Readonly<Record<string, readonly [string, string]>> = {
  lua: ["--[[", "]]"],
  julia: ["#=", "=#"],
  haskell: ["{-", "-}"],
  elm: ["{-", "-}"],
  ocaml: ["(*", "*)"],
  fsharp: ["(*", "*)"],
};

/** `'` is a character literal or part of a name there, never a string. */
const CHAR_LITERAL_LANGUAGES = new Set(["rust", "julia", "haskell", "elm", "ocaml", "fsharp"]);
/** Lisp quotes and VB comments are `'`; only `"` opens a string. */
const DOUBLE_QUOTE_ONLY = new Set(["rust", "clojure", "lisp", "scheme", "vb", "julia", "haskell", "elm", "ocaml", "fsharp"]);
const TRIPLE_QUOTE_LANGUAGES = new Set(["python", "kotlin", "swift", "java", "scala", "julia"]);
const REGEX_LITERAL_LANGUAGES = new Set(["javascript", "typescript", "javascriptreact", "typescriptreact"]);

const lexicons = new Map<string, Lexicon>();

export function lexiconFor(languageId: string | undefined): Lexicon {
  const key = languageId ?? "";
  let lexicon = lexicons.get(key);
  if (lexicon === undefined) {
    lexicon = buildLexicon(languageId);
    lexicons.set(key, lexicon);
  }
  return lexicon;
}

function buildLexicon(languageId: string | undefined): Lexicon {
  const syntax = commentSyntaxFor(languageId);
  const id = languageId ?? "";
  const block = EXTRA_BLOCK_COMMENTS[id] ?? syntax.block ?? (syntax.line === "//" ? (["/*", "*/"] as const) : undefined);
  const quotes = DOUBLE_QUOTE_ONLY.has(id) ? (id === "julia" ? '"`' : '"') : languageId === "python" ? "\"'" : "\"'`";
  const keywords = KEYWORDS[id];
  const table = new Uint8Array(128);
  const mark = (char: string, flag: number): void => {
    const code = char.charCodeAt(0);
    if (code < 128) table[code] = (table[code] ?? 0) | flag;
  };
  for (const char of "()[]{}") mark(char, FLAG_BRACKET);
  for (const char of quotes) mark(char, FLAG_QUOTE);
  if (CHAR_LITERAL_LANGUAGES.has(id)) mark("'", FLAG_QUOTE);
  if (syntax.line !== undefined) mark(syntax.line, FLAG_COMMENT);
  if (block !== undefined) mark(block[0], FLAG_COMMENT);
  if (keywords !== undefined) for (const char of "abcdefghijklmnopqrstuvwxyz") mark(char, FLAG_WORD);
  return {
    line: syntax.line,
    block,
    quotes,
    triple: languageId === undefined || TRIPLE_QUOTE_LANGUAGES.has(id),
    charLiterals: CHAR_LITERAL_LANGUAGES.has(id),
    regexLiterals: REGEX_LITERAL_LANGUAGES.has(id),
    keywords,
    table,
  };
}

function isWordCode(code: number): boolean {
  return (code >= 97 && code <= 122) || (code >= 65 && code <= 90) || (code >= 48 && code <= 57) || code === 95;
}

/**
 * Walks code, skipping comments and string contents, and reports brackets and block keywords to
 * `visit`. `start.quote` starts the walk inside that string; `onQuoteClose` hears where that
 * string ends. One-quote strings end at a newline, as an unterminated string does.
 */
export function lex(text: string, lexicon: Lexicon, start: LexStart | undefined, visit: LexVisitor, onQuoteClose?: (index: number) => void): LexEnd {
  const { table, keywords } = lexicon;
  const length = text.length;
  let i = 0;
  let bracketDepth = start?.bracketDepth ?? 0;
  // The line where a loop header opened: its `do` belongs to it.
  let loopLineStart = -1;
  if (start?.quote !== undefined) {
    const end = skipString(text, 0, start.quote);
    if (end.closed) onQuoteClose?.(end.next - start.quote.length);
    if (end.next >= length && end.closed === false && !end.endedAtNewline) return { quote: start.quote, inComment: false, stoppedAt: undefined };
    i = end.next;
  }
  while (i < length) {
    const code = text.charCodeAt(i);
    const flags = code < 128 ? (table[code] as number) : 0;
    if (flags === 0) {
      i += 1;
      continue;
    }
    if ((flags & FLAG_COMMENT) !== 0) {
      const block = lexicon.block;
      if (block !== undefined && text.startsWith(block[0], i)) {
        const close = text.indexOf(block[1], i + block[0].length);
        if (close < 0) return { quote: undefined, inComment: true, stoppedAt: undefined };
        i = close + block[1].length;
        continue;
      }
      if (lexicon.line !== undefined && text.startsWith(lexicon.line, i)) {
        const newline = text.indexOf("\n", i);
        if (newline < 0) return { quote: undefined, inComment: true, stoppedAt: undefined };
        i = newline;
        continue;
      }
      if (lexicon.regexLiterals && code === 47) {
        const end = regexLiteralEnd(text, i);
        if (end !== undefined) {
          i = end;
          continue;
        }
      }
    }
    if ((flags & FLAG_QUOTE) !== 0) {
      if (code === 39 && lexicon.charLiterals) {
        i = skipCharLiteral(text, i);
        continue;
      }
      const char = text[i] as string;
      const quote = lexicon.triple && text.startsWith(char.repeat(3), i) ? char.repeat(3) : char;
      const end = skipString(text, i + quote.length, quote);
      if (!end.closed && !end.endedAtNewline) return { quote, inComment: false, stoppedAt: undefined };
      i = end.next;
      continue;
    }
    if ((flags & FLAG_BRACKET) !== 0) {
      const char = text[i] as string;
      const closer = CLOSER_OF[char];
      if (closer !== undefined) {
        if (code !== 123) bracketDepth += 1;
        if (!visit("open", closer, i, 1)) return { quote: undefined, inComment: false, stoppedAt: i };
      } else {
        if (code !== 125 && bracketDepth > 0) bracketDepth -= 1;
        if (!visit("close", char, i, 1)) return { quote: undefined, inComment: false, stoppedAt: i };
      }
      i += 1;
      continue;
    }
    if ((flags & FLAG_WORD) !== 0 && keywords !== undefined) {
      let end = i + 1;
      while (end < length && isWordCode(text.charCodeAt(end))) end += 1;
      if (i > 0 && isWordCode(text.charCodeAt(i - 1))) {
        i = end;
        continue;
      }
      const event = keywordEvent(text, i, end, keywords, bracketDepth, loopLineStart);
      if (event !== undefined) {
        if (event.kind === "open" && keywords.loopHeaders.has(text.slice(i, end))) loopLineStart = text.lastIndexOf("\n", i) + 1;
        if (!visit(event.kind, event.closer, i, end - i)) return { quote: undefined, inComment: false, stoppedAt: i };
      }
      i = end;
      continue;
    }
    i += 1;
  }
  return { quote: undefined, inComment: false, stoppedAt: undefined };
}

/** Longest block keyword, so most words are rejected before a substring is made. */
const MAX_KEYWORD = 10;

function keywordEvent(
  text: string,
  start: number,
  end: number,
  keywords: KeywordBlocks,
  bracketDepth: number,
  loopLineStart: number,
): { kind: "open" | "close"; closer: string } | undefined {
  if (end - start > MAX_KEYWORD || end - start < 2) return undefined;
  if (keywords.notInBrackets && bracketDepth > 0) return undefined;
  const before = start > 0 ? text.charCodeAt(start - 1) : 10;
  // `x.end`, `:end`, `@end`, `$end` are names; `do:` and `if:` are keyword arguments; `end?` a method.
  if (before === 46 || before === 58 || before === 64 || before === 36) return undefined;
  const after = end < text.length ? text.charCodeAt(end) : 10;
  if ((after === 58 && text.charCodeAt(end + 1) !== 58) || after === 63 || after === 33) return undefined;
  const word = text.slice(start, end);
  if (keywords.closers.has(word)) return { kind: "close", closer: word };
  const closer = keywords.openers.get(word);
  if (closer === undefined) return undefined;
  if (keywords.statementOnly.has(word) && !startsStatement(text, start)) return undefined;
  if (word === "do" && loopLineStart >= 0 && text.lastIndexOf("\n", start) + 1 === loopLineStart) return undefined;
  return { kind: "open", closer };
}

/** Only space, or an operator that takes a value (`x = if …`, `(if …`), comes before it on its line. */
function startsStatement(text: string, index: number): boolean {
  let i = index - 1;
  while (i >= 0 && (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9)) i -= 1;
  if (i < 0 || text.charCodeAt(i) === 10) return true;
  return "=(,;[{|&!".includes(text[i] as string);
}

/**
 * After these a `/` starts a regular expression, not a division (`(a) / 2`, `x / y`); `<`, `>`
 * and `}` are left out, since in JSX they come before the `/` of `</a>` and `/>`.
 */
const BEFORE_REGEX = "(,=:[!&|?{;+-*%~^";

/** The end of a regular expression literal starting at `index`, or undefined when the `/` divides. */
function regexLiteralEnd(text: string, index: number): number | undefined {
  let before = index - 1;
  while (before >= 0 && (text.charCodeAt(before) === 32 || text.charCodeAt(before) === 9)) before -= 1;
  const previous = before >= 0 ? (text[before] as string) : "\n";
  if (previous !== "\n" && !BEFORE_REGEX.includes(previous) && !/\breturn$/u.test(text.slice(Math.max(0, before - 6), before + 1))) return undefined;
  let inClass = false;
  for (let i = index + 1; i < text.length; i += 1) {
    const code = text.charCodeAt(i);
    if (code === 92) i += 1;
    else if (code === 10) return undefined;
    else if (code === 91) inClass = true;
    else if (code === 93) inClass = false;
    else if (code === 47 && !inClass) {
      let end = i + 1;
      while (end < text.length && isWordCode(text.charCodeAt(end))) end += 1;
      return end;
    }
  }
  return undefined;
}

function skipCharLiteral(text: string, index: number): number {
  if (text.charCodeAt(index + 1) === 92 && text.charCodeAt(index + 3) === 39) return index + 4;
  if (text.charCodeAt(index + 2) === 39 && text.charCodeAt(index + 1) !== 10) return index + 3;
  return index + 1; // a lifetime, a transpose, a prime: not a string
}

interface StringEnd {
  /** Where scanning resumes. */
  next: number;
  closed: boolean;
  /** A one-quote string that a newline ended (an unterminated string on its line). */
  endedAtNewline: boolean;
}

function skipString(text: string, from: number, quote: string): StringEnd {
  const quoteCode = quote.charCodeAt(0);
  const triple = quote.length === 3;
  const spansLines = triple || quote === "`";
  for (let i = from; i < text.length; i += 1) {
    const code = text.charCodeAt(i);
    if (code === 92) i += 1;
    else if (code === quoteCode && (!triple || text.startsWith(quote, i))) return { next: i + quote.length, closed: true, endedAtNewline: false };
    else if (code === 10 && !spansLines) return { next: i, closed: false, endedAtNewline: true };
  }
  return { next: text.length, closed: false, endedAtNewline: false };
}
