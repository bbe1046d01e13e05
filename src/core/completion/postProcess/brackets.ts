// Brackets and block keywords: the answer must not close what the editor already closes after
// the cursor, must close each block with its own kind of closer, and ends with the block it was
// written in (code after that block's end is another scope's business).
import { isInComment } from "../completionMode.ts";
import { lex } from "../codeLexer.ts";
import { bracketDepthAt, PROSE } from "./context.ts";
import type { Context, OpenBlock } from "./context.ts";

interface BracketEvent {
  kind: "open" | "close";
  closer: string;
  index: number;
  length: number;
}

/** After a block's closer, these words continue it (`} else {`, `}\ncatch (e)\n{`): the block opens again. */
const CONTINUES_BLOCK = /^\s*(?:else|catch|finally)\b/u;

/**
 * Walks the answer's brackets (and `do … end` style keywords) against the blocks open at the
 * cursor, outermost first. A closer beyond the answer's own openers closes the innermost block
 * still open at the cursor; the answer ends before it when
 *  - that block is of another kind (`}` while a `(` is open),
 *  - there is no such block (nothing is open, or the window does not show it), or
 *  - the text after the cursor already closes that block,
 * except when `else`/`catch`/`finally` follows the closer: then the answer writes a branch of the
 * block, which opens again at the answer's next opener of its kind. A closer that closes a block
 * the suffix does not close ends the block's scope: the answer ends with that line, unless the
 * line opens something new that stays open (`) {`) or the next line is an Allman `{`. A string
 * opened before the cursor and closed after it: an answer that closes it (and does not open
 * another) ends there too.
 */
export function balanceBrackets(text: string, context: Context): string {
  if (PROSE.has(context.languageId ?? "")) return text;
  const structure = context.structure();
  if (structure.inComment || isInComment(context.prefix, context.languageId)) return text;

  const events: BracketEvent[] = [];
  let quoteClosedAt: number | undefined;
  const end = lex(
    text,
    context.lexicon,
    { quote: structure.quote, bracketDepth: bracketDepthAt(structure.open) },
    (kind, closer, index, length) => {
      events.push({ kind, closer, index, length });
      return true;
    },
    (index) => (quoteClosedAt = index),
  );
  const cut = bracketCut(text, events, structure.open);
  let result = cut !== undefined ? text.slice(0, cut) : text;
  const endsOutsideString = cut !== undefined || end.quote === undefined;
  if (structure.suffixClosesQuote && quoteClosedAt !== undefined && quoteClosedAt < result.length && endsOutsideString) result = result.slice(0, quoteClosedAt);
  return result;
}

/** Where the answer must end by its brackets, if anywhere. */
function bracketCut(text: string, events: readonly BracketEvent[], open: readonly OpenBlock[]): number | undefined {
  let depth = open.length; // blocks of the cursor still open, from the answer's point of view
  const own: string[] = []; // closers the answer's own openers expect
  let reopening: { block: OpenBlock; closerAt: number } | undefined;
  let scopeEndAt: number | undefined;
  for (const event of events) {
    if (scopeEndAt !== undefined && text.lastIndexOf("\n", event.index) >= scopeEndAt) {
      // The line opened a block of its own (`) {`), or the next line is an Allman `{`: the scope goes on.
      if (own.length === 0 && !opensNextLine(text, scopeEndAt, event)) return lineEnd(text, scopeEndAt);
      scopeEndAt = undefined;
    }
    if (event.kind === "open") {
      if (reopening !== undefined && own.length === 0 && event.closer === reopening.block.closer) {
        depth += 1;
        reopening = undefined;
      } else own.push(event.closer);
      continue;
    }
    if (own.length > 0) {
      const at = own.lastIndexOf(event.closer);
      own.length = at >= 0 ? at : own.length - 1;
      continue;
    }
    const block = depth > 0 ? open[depth - 1] : undefined;
    if (block === undefined || block.closer !== event.closer || reopening !== undefined) return event.index;
    const continues = block.closer === "}" && CONTINUES_BLOCK.test(text.slice(event.index + event.length, event.index + event.length + 40));
    if (block.suffixClosed && !continues) return event.index;
    depth -= 1;
    if (continues) reopening = { block, closerAt: event.index };
    else scopeEndAt ??= event.index;
  }
  // A branch that never opened: its closer still duplicates the one after the cursor.
  if (reopening?.block.suffixClosed === true) return reopening.closerAt;
  if (scopeEndAt !== undefined && own.length === 0) return lineEnd(text, scopeEndAt);
  return undefined;
}

/**
 * Is `event` a `{` that starts the line right after the one holding `index`, which ends without
 * `,` or `;` (an Allman body, not the next element of a list)?
 */
function opensNextLine(text: string, index: number, event: BracketEvent): boolean {
  if (event.kind !== "open" || event.closer !== "}") return false;
  const end = lineEnd(text, index);
  return text.slice(end, event.index).trim() === "" && !/[,;]\s*$/u.test(text.slice(index, end));
}

function lineEnd(text: string, index: number): number {
  const newline = text.indexOf("\n", index);
  return newline >= 0 ? newline : text.length;
}
