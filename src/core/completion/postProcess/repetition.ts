// Repetition loops: a small model that has lost its way writes the same line, or the same few
// lines, over and over until the token limit; only the first copy is worth showing.
import type { Context } from "./context.ts";

/** The longest group of lines looked for as a repeated block. */
const MAX_PERIOD = 20;
/** A line repeated this often in a row is a loop, not code (`i++; i++;` is code). */
const LINE_REPEATS = 3;
/** A block of several lines written twice in a row is a loop; in markup, rows of cells repeat. */
const BLOCK_REPEATS = 2;
const MARKUP_BLOCK_REPEATS = 3;
const MARKUP = new Set(["html", "xml", "vue", "svelte", "astro", "javascriptreact", "typescriptreact", "php"]);
/** Data languages, where the same `key: value` twice in a row is a duplicate key. */
const DATA = new Set(["yaml", "json", "jsonc", "toml", "ini", "properties", "dotenv"]);
const KEY_VALUE = /^\s*["']?[\w.-]+["']?\s*[:=]/u;

/** A line with something of its own: not blank, not only closers and punctuation. */
function isDistinctive(line: string): boolean {
  return /\w/u.test(line) && !/^[\s)\]}>;,'"`]*$/u.test(line);
}

/**
 * The answer ends after the first copy of a line repeated LINE_REPEATS times in a row, of a
 * block of 2–MAX_PERIOD lines repeated BLOCK_REPEATS times in a row (blank lines included, so
 * paragraphs repeat as blocks), or of a `key: value` line doubled in a data file. A last line
 * that ends in a short unit typed over and over (`0, 0, 0, …`) is dropped.
 */
export function cutRepetition(text: string, context: Context): string {
  const lines = text.split("\n");
  const cut = repeatedFrom(lines, context);
  const kept = cut !== undefined ? lines.slice(0, cut) : lines;
  let last = kept.length - 1;
  while (last > 0 && (kept[last] ?? "").trim() === "") last -= 1;
  if (last >= 0 && endsInRepeatedUnit(kept[last] ?? "")) return kept.slice(0, last).join("\n");
  return cut !== undefined ? kept.join("\n") : text;
}

/** The line index after the first copy of the earliest repetition, if there is one. */
function repeatedFrom(rawLines: readonly string[], context: Context): number | undefined {
  const count = rawLines.length;
  if (count < 2) return undefined;
  // Lines as numbers, so blocks compare cheaply; the first line is whole with the cursor's line.
  const ids = new Int32Array(count);
  const seen = new Map<string, number>();
  const distinctive: boolean[] = [];
  for (let index = 0; index < count; index += 1) {
    const line = (index === 0 ? context.cursorLine + (rawLines[0] ?? "") : (rawLines[index] ?? "")).trimEnd();
    let id = seen.get(line);
    if (id === undefined) {
      id = seen.size;
      seen.set(line, id);
    }
    ids[index] = id;
    distinctive[index] = isDistinctive(line);
  }
  const blockRepeats = MARKUP.has(context.languageId ?? "") ? MARKUP_BLOCK_REPEATS : BLOCK_REPEATS;
  const data = DATA.has(context.languageId ?? "");
  for (let start = 0; start < count - 1; start += 1) {
    for (let period = 1; period <= MAX_PERIOD && start + 2 * period <= count; period += 1) {
      if (ids[start] !== ids[start + period] || !sameBlock(ids, start, start + period, period)) continue;
      if (!distinctive.slice(start, start + period).some(Boolean)) continue;
      let copies = 2;
      while (start + (copies + 1) * period <= count && sameBlock(ids, start, start + copies * period, period)) copies += 1;
      const needed = period === 1 ? (data && KEY_VALUE.test(rawLines[start] ?? "") ? 2 : LINE_REPEATS) : blockRepeats;
      if (copies >= needed) return start + period;
    }
  }
  return undefined;
}

function sameBlock(ids: Int32Array, first: number, second: number, period: number): boolean {
  for (let offset = 0; offset < period; offset += 1) if (ids[first + offset] !== ids[second + offset]) return false;
  return true;
}

/** Units of up to this many characters are looked for at the end of the last line. */
const MAX_UNIT = 20;
const MIN_UNIT_REPEATS = 8;
const MIN_REPEATED_CHARS = 40;

/** Does the line end in one short unit with a word character typed MIN_UNIT_REPEATS times or more? */
function endsInRepeatedUnit(line: string): boolean {
  const text = line.trimEnd();
  for (let unit = 2; unit <= MAX_UNIT && unit * MIN_UNIT_REPEATS <= text.length; unit += 1) {
    const end = text.length;
    const tail = text.slice(end - unit);
    let repeats = 1;
    while (end - (repeats + 1) * unit >= 0 && text.startsWith(tail, end - (repeats + 1) * unit)) repeats += 1;
    if (repeats >= MIN_UNIT_REPEATS && repeats * unit >= MIN_REPEATED_CHARS && /\w/u.test(tail)) return true;
  }
  return false;
}
