export interface PostProcessInput {
  /** Text right after the cursor, to the end of the document (or its window). */
  suffix: string;
}

const OPENERS = "([{";
const CLOSERS = ")]}";

/**
 * Cleans a raw model completion before it is shown as ghost text: no trailing blank lines or
 * whitespace, and no closing text that the editor already has right after the cursor.
 * Returns "" when nothing useful is left.
 */
export function postProcessCompletion(raw: string, input: PostProcessInput): string {
  let text = raw.replace(/\s+$/u, "");
  if (text.trim() === "") return "";
  text = dropDuplicatedRestOfLine(text, input.suffix);
  return text.trim() === "" ? "" : text;
}

/**
 * Models often re-type what follows the cursor on the same line (`foo(a, b)` when `)` is already
 * there). The duplicate is removed only when it closes brackets the completion did not open,
 * so a balanced `bar()` before an outer `)` is kept.
 */
function dropDuplicatedRestOfLine(text: string, suffix: string): string {
  const restOfLine = (suffix.split("\n", 1)[0] ?? "").trim();
  if (restOfLine === "") return text;
  if (!text.endsWith(restOfLine)) return dropDuplicatedClosers(text, restOfLine);
  const head = text.slice(0, text.length - restOfLine.length);
  const closesOuter = unmatchedClosers(text) > unmatchedClosers(head);
  const isPureClosing = [...restOfLine].every((char) => CLOSERS.includes(char) || ";,".includes(char));
  if (isPureClosing && !closesOuter) return text;
  return head.replace(/\s+$/u, "");
}

/**
 * Models also re-type only the closers that begin the rest of the line (`a, b)` when `);` is
 * already there). Drops the longest such run in which every closer closes a bracket the
 * completion did not open, so `bar()` before `);` is kept.
 */
function dropDuplicatedClosers(text: string, restOfLine: string): string {
  const leading = /^[)\]}]+/u.exec(restOfLine)?.[0] ?? "";
  for (let length = leading.length; length > 0; length -= 1) {
    if (!text.endsWith(leading.slice(0, length))) continue;
    const head = text.slice(0, text.length - length);
    if (unmatchedClosers(text) - unmatchedClosers(head) === length) return head.replace(/\s+$/u, "");
  }
  return text;
}

function unmatchedClosers(text: string): number {
  let depth = 0;
  let unmatched = 0;
  for (const char of text) {
    if (OPENERS.includes(char)) depth += 1;
    else if (CLOSERS.includes(char)) {
      if (depth > 0) depth -= 1;
      else unmatched += 1;
    }
  }
  return unmatched;
}
