// What every post-processing rule knows about the cursor, computed once per completion: its
// line, the text after it, and (on first use) which brackets and blocks are open there and
// which of them the code after the cursor already closes.
import { currentLine, indentWidth, restOfLine } from "../blockSyntax.ts";
import { lex, lexiconFor } from "../codeLexer.ts";
import type { Lexicon } from "../codeLexer.ts";

export interface Context {
  prefix: string;
  prefixKnown: boolean;
  suffix: string;
  languageId: string | undefined;
  /** The cursor's line up to the cursor. */
  cursorLine: string;
  /** The cursor's line after the cursor. */
  restOfLine: string;
  lexicon: Lexicon;
  /** The brackets and blocks open at the cursor, lexed on first use. */
  structure(): CursorStructure;
}

export type Rule = (text: string, context: Context) => string;

/** A bracket or block keyword opened before the cursor and not closed before it. */
export interface OpenBlock {
  /** What closes it: `)`, `]`, `}`, `end`, `until`. */
  closer: string;
  /** The indentation of the line it was opened on. */
  indent: number;
  /** The code after the cursor closes it (so a completion that closes it again duplicates that). */
  suffixClosed: boolean;
}

export interface CursorStructure {
  /** Outermost first. */
  open: OpenBlock[];
  /** The string the cursor is inside, if any. */
  quote: string | undefined;
  /** The cursor is inside a comment (as far as the lexer can tell). */
  inComment: boolean;
  /** The text after the cursor closes the string the cursor is inside. */
  suffixClosesQuote: boolean;
}

/** Prose: brackets, quotes and indentation there say nothing about code structure. */
export const PROSE = new Set(["plaintext", "markdown", "mdx", "latex", "tex", "restructuredtext"]);

export function makeContext(prefix: string, prefixKnown: boolean, suffix: string, languageId: string | undefined): Context {
  let structure: CursorStructure | undefined;
  const context: Context = {
    prefix,
    prefixKnown,
    suffix,
    languageId,
    cursorLine: currentLine(prefix),
    restOfLine: restOfLine(suffix),
    lexicon: lexiconFor(languageId),
    structure: () => (structure ??= cursorStructure(context)),
  };
  return context;
}

export function documentContains(context: Context, token: string): boolean {
  return context.prefix.includes(token) || context.suffix.includes(token);
}

/** The first `count` non-blank lines after the cursor's line. */
export function nextLinesAfterCursor(suffix: string, count: number): string[] {
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

/** How many `(`/`[` are open at the top of the stack: keywords in them are not block keywords. */
export function bracketDepthAt(open: readonly OpenBlock[]): number {
  let depth = 0;
  for (let i = open.length - 1; i >= 0 && (open[i]?.closer === ")" || open[i]?.closer === "]"); i -= 1) depth += 1;
  return depth;
}

function cursorStructure(context: Context): CursorStructure {
  const { prefix, lexicon } = context;
  const stack: { closer: string; index: number }[] = [];
  const prefixEnd = lex(prefix, lexicon, undefined, (kind, closer, index) => {
    if (kind === "open") stack.push({ closer, index });
    else {
      // A closer closes the nearest block of its kind and anything left open inside it.
      for (let at = stack.length - 1; at >= 0; at -= 1) {
        if (stack[at]?.closer === closer) {
          stack.length = at;
          break;
        }
      }
    }
    return true;
  });
  const open: OpenBlock[] = stack.map(({ closer, index }) => ({
    closer,
    indent: indentWidth(prefix.slice(prefix.lastIndexOf("\n", index - 1) + 1, index + 1)),
    suffixClosed: false,
  }));
  let suffixClosesQuote = false;
  if (!prefixEnd.inComment) {
    matchSuffixClosers(context, open, prefixEnd.quote, () => (suffixClosesQuote = true));
  }
  return { open, quote: prefixEnd.quote, inComment: prefixEnd.inComment, suffixClosesQuote };
}

/**
 * Marks the open blocks that the text after the cursor closes. A closer at the start of its line
 * closes the block opened on a line of its indentation (so the `}` of a class is not taken for
 * the `}` of the method being written); one indented deeper than every block of its kind closes
 * something the completion is expected to open; one between two blocks' indentations closes the
 * innermost block opened less indented than itself; any other closer closes the nearest of its
 * kind. Blocks above the one a closer closes stay open: the completion is expected to close them.
 */
function matchSuffixClosers(context: Context, open: OpenBlock[], quote: string | undefined, onQuoteClose: () => void): void {
  const { suffix, cursorLine } = context;
  let pointer = open.length;
  const local: string[] = [];
  lex(
    suffix,
    context.lexicon,
    { quote, bracketDepth: bracketDepthAt(open) },
    (kind, closer, index) => {
      if (kind === "open") {
        local.push(closer);
        return true;
      }
      if (local.length > 0) {
        const at = local.lastIndexOf(closer);
        local.length = at >= 0 ? at : local.length - 1;
        return true;
      }
      const lineStart = suffix.lastIndexOf("\n", index - 1) + 1;
      const before = lineStart === 0 ? cursorLine + suffix.slice(0, index) : suffix.slice(lineStart, index);
      const target = closedBlock(open, pointer, closer, before.trim() === "" ? indentWidth(before) : undefined);
      if (target !== undefined) {
        (open[target] as OpenBlock).suffixClosed = true;
        pointer = target;
      }
      // Once the outermost block is accounted for, the rest of the suffix says nothing more.
      return pointer > 0;
    },
    onQuoteClose,
  );
}

function closedBlock(open: readonly OpenBlock[], below: number, closer: string, lineIndent: number | undefined): number | undefined {
  let topmost: number | undefined;
  let topmostLessIndented: number | undefined;
  let deepest = -1;
  for (let at = below - 1; at >= 0; at -= 1) {
    const block = open[at] as OpenBlock;
    if (block.closer !== closer) continue;
    if (lineIndent === undefined || block.indent === lineIndent) return at;
    topmost ??= at;
    if (block.indent < lineIndent) topmostLessIndented ??= at;
    deepest = Math.max(deepest, block.indent);
  }
  if (topmost === undefined || lineIndent === undefined) return topmost;
  if (lineIndent > deepest) return undefined;
  return topmostLessIndented ?? topmost;
}
