/**
 * Finds every place in a text where one of many values occurs, in one pass that skips ahead
 * (Wu–Manber): a table says, for each 4-character block, how far the text may move before a
 * value could end its leading window there, so most positions are never read. A regex
 * alternation of thousands of literals is tried at every position, and one indexOf per value is
 * quadratic in a file full of assignments.
 */

/** A context-found value shorter than this is redacted where found, not searched for elsewhere: it would match too much. */
export const MIN_COPY_LENGTH = 6;
const MAX_WINDOW = 16;
const BLOCK = 4;
const TABLE_MASK = (1 << 20) - 1;
/** Shift per block hash; reset on every call (1 MB, a fraction of a millisecond). */
const SHIFT = new Uint8Array(TABLE_MASK + 1);

function blockHash(text: string, end: number): number {
  const hash =
    Math.imul(Math.imul(Math.imul(text.charCodeAt(end - 3), 1031) + text.charCodeAt(end - 2), 1031) + text.charCodeAt(end - 1), 1031) + text.charCodeAt(end);
  return (hash ^ (hash >>> 15)) & TABLE_MASK;
}

/** Calls `onCopy(value, at)` for each occurrence of a value, the longest value first where several start at one place. */
export function findCopies(text: string, values: readonly string[], onCopy: (value: string, at: number) => void): void {
  const searched = values.filter((value) => value.length >= MIN_COPY_LENGTH).sort((a, b) => b.length - a.length);
  if (searched.length === 0) return;
  let window = MAX_WINDOW;
  for (const value of searched) window = Math.min(window, value.length);
  const longestShift = window - BLOCK + 1;
  SHIFT.fill(longestShift);
  /** Values by the hash of the block that ends their leading window. */
  const endingWith = new Map<number, string[]>();
  for (const value of searched) {
    for (let end = BLOCK - 1; end < window; end += 1) {
      const hash = blockHash(value, end);
      const shift = window - 1 - end;
      if (shift < (SHIFT[hash] ?? longestShift)) SHIFT[hash] = shift;
      if (shift === 0) {
        const list = endingWith.get(hash);
        if (list === undefined) endingWith.set(hash, [value]);
        else list.push(value);
      }
    }
  }
  for (let end = window - 1; end < text.length;) {
    const hash = blockHash(text, end);
    const shift = SHIFT[hash] ?? 0;
    if (shift > 0) {
      end += shift;
      continue;
    }
    const at = end - window + 1;
    for (const value of endingWith.get(hash) ?? []) {
      if (text.startsWith(value, at)) {
        onCopy(value, at);
        break;
      }
    }
    end += 1;
  }
}
