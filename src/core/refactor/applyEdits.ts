import type { Result } from "../result.ts";
import type { FileEdit, SearchReplace } from "./editFormat.ts";
import type { EditSpan, PlanProblem, RefactorPlanError, RefactorPlanErrorKind } from "./refactorCodes.ts";

export type { PlanProblem, RefactorError, RefactorErrorKind, RefactorPlanError, RefactorPlanErrorKind } from "./refactorCodes.ts";

/**
 * Turns parsed edits into exact text replacements against the documents as they are now
 * (DESIGN §1: shown in the Refactor Preview, applied as one undoable edit). Pure: the host passes
 * the documents' text and versions and turns the result into a `WorkspaceEdit`.
 *
 * - All or nothing: one search text that is missing or ambiguous, or two edits that overlap, and
 *   no file is changed. Stale files are the exception: a document whose version differs from the
 *   one sent is left out and listed in `stale`, and the other files' edits still apply.
 * - Every search text is looked up in the document as it is now, not after the other edits, so a
 *   file's replacements never depend on each other's order.
 * - Matching: first the exact text (its `\n` turned into the document's line ending), which must
 *   occur exactly once. Only if it does not occur at all, a whole-line match that ignores
 *   trailing whitespace and `\r` on every line (models drop trailing spaces and CRLF); that too
 *   must be unique. Indentation and blank lines are never ignored: a fuzzier match could edit the
 *   wrong place.
 * - Placeholders (`<<JUNCTION_SECRET_n>>`) are restored with `restore` before matching, so the
 *   user's secret values are searched for and written back. A placeholder left after restoring,
 *   which the document does not contain itself, is refused: it would replace a value with junk.
 * - An empty replacement of whole lines deletes their line break too, so no blank line is left.
 * - Replacements that change nothing are dropped, and so are files left without any.
 */

export interface DocumentSnapshot {
  text: string;
  /** The editor's document version (VS Code `TextDocument.version`). */
  version: number;
}

export interface Replacement {
  /** Offsets in the document's current text. */
  start: number;
  end: number;
  text: string;
}

export interface PlannedFile {
  path: string;
  newText: string;
  /** Sorted by `start`, never overlapping. A new file has one insertion at 0. */
  replacements: Replacement[];
  /** The file does not exist yet: the host asks the user to confirm creating it. */
  isNew: boolean;
}

export type PlanResult = Result<{ files: PlannedFile[]; stale: string[] }, RefactorPlanError>;

export interface PlanOptions {
  /** Puts redacted secrets back (`Redaction.restore`); identity when nothing was redacted. */
  restore?: (text: string) => string;
}

/** A replacement with where it came from, for messages. */
interface Located extends Replacement {
  answerLine: number;
}

/** Thrown out of the planning loops, caught by planEdits; the message is the code, for a stack trace only. */
class PlanFailure extends Error {
  readonly error: RefactorPlanError;
  constructor(error: RefactorPlanError) {
    super(error.detail.code);
    this.error = error;
  }
}

const PLACEHOLDER = /<<JUNCTION_SECRET_\d+>>/g;

/**
 * @param documents current text and version of every existing file the edits touch, keyed by request path
 * @param sentVersions the version of each file when its content was sent, keyed by request path
 */
export function planEdits(
  edits: readonly FileEdit[],
  documents: ReadonlyMap<string, DocumentSnapshot>,
  sentVersions: ReadonlyMap<string, number>,
  options: PlanOptions = {},
): PlanResult {
  const restore = options.restore ?? ((text: string) => text);
  const byPath = new Map<string, { isNew: boolean; text: string; ranges: Located[] }>();
  const stale = new Set<string>();
  try {
    for (const edit of edits) {
      const { path, line } = edit;
      const fail = (kind: RefactorPlanErrorKind, detail: PlanProblem): never => {
        throw new PlanFailure({ kind, detail, path, line });
      };
      if (edit.mode === "new") {
        if (documents.has(path) || sentVersions.has(path)) fail("new-file-exists", { code: "new-file-exists", line, path });
        if (byPath.has(path)) fail("overlapping-edits", { code: "created-twice", line, path });
        const text = restore(edit.text);
        checkPlaceholders(text, "", edit.path, edit.line);
        byPath.set(edit.path, { isNew: true, text: "", ranges: [{ start: 0, end: 0, text, answerLine: edit.line }] });
        continue;
      }

      const sent = sentVersions.get(edit.path);
      if (sent === undefined) fail("unknown-file", { code: "not-sent", line, path });
      const document = documents.get(edit.path);
      if (document === undefined || document.version !== sent || stale.has(edit.path)) {
        stale.add(edit.path);
        byPath.delete(edit.path);
        continue;
      }
      const file = byPath.get(edit.path) ?? { isNew: false, text: document.text, ranges: [] };
      if (file.isNew) fail("overlapping-edits", { code: "created-and-edited", path });
      byPath.set(edit.path, file);
      if (edit.mode === "replace") file.ranges.push(wholeFile(document.text, restore(edit.text), edit));
      else for (const pair of edit.blocks) file.ranges.push(locate(document.text, pair, restore, edit.path));
    }

    const files: PlannedFile[] = [];
    for (const [path, file] of byPath) {
      const sorted = checkOverlaps(file.ranges, file.text, path);
      const replacements = sorted
        .filter((range) => file.isNew || file.text.slice(range.start, range.end) !== range.text)
        .map(({ start, end, text }) => ({ start, end, text }));
      if (replacements.length > 0) files.push({ path, newText: applyReplacements(file.text, replacements), replacements, isNew: file.isNew });
    }
    return { ok: true, files, stale: [...stale] };
  } catch (error) {
    if (error instanceof PlanFailure) return { ok: false, error: error.error };
    throw error;
  }
}

function wholeFile(current: string, text: string, edit: FileEdit): Located {
  checkPlaceholders(text, current, edit.path, edit.line);
  const eol = lineEnding(current);
  let replacement = text.replaceAll("\n", eol);
  // Keep the file's own choice about a final newline.
  if (current !== "" && !/\r?\n$/.test(current) && replacement.endsWith(eol)) replacement = replacement.slice(0, -eol.length);
  return { start: 0, end: current.length, text: replacement, answerLine: edit.line };
}

function locate(text: string, pair: SearchReplace, restore: (text: string) => string, path: string): Located {
  const eol = lineEnding(text);
  const search = restore(pair.search);
  const replacement = restore(pair.replace);
  checkPlaceholders(replacement, text, path, pair.line);

  let matches = exactMatches(text, search.replaceAll("\n", eol));
  if (matches.length === 0) matches = looseMatches(text, search);
  if (matches.length === 0) {
    // The model's text, not the restored one: messages are logged and must not carry secrets.
    const detail: PlanProblem = { code: "search-not-found", line: pair.line, path, begins: preview(pair.search) };
    throw new PlanFailure({ kind: "search-not-found", detail, path, line: pair.line });
  }
  const [match] = matches;
  if (matches.length > 1 || match === undefined) {
    const lines = matches.slice(0, 3).map((found) => lineOf(text, found.start));
    const detail: PlanProblem = { code: "search-ambiguous", line: pair.line, path, count: matches.length, lines };
    throw new PlanFailure({ kind: "search-ambiguous", detail, path, line: pair.line });
  }
  return { ...swallowDeletedLineBreak(text, match, replacement), text: replacement.replaceAll("\n", eol), answerLine: pair.line };
}

function exactMatches(text: string, needle: string): Array<{ start: number; end: number }> {
  const found: Array<{ start: number; end: number }> = [];
  for (let at = text.indexOf(needle); at !== -1; at = text.indexOf(needle, at + 1)) found.push({ start: at, end: at + needle.length });
  return found;
}

/** Whole lines, compared without trailing whitespace (which includes a stray `\r`). */
function looseMatches(text: string, search: string): Array<{ start: number; end: number }> {
  const wanted = search.split("\n").map((line) => line.trimEnd());
  const lines: Array<{ start: number; end: number; trimmed: string }> = [];
  for (let start = 0; start <= text.length;) {
    const newline = text.indexOf("\n", start);
    const end = newline === -1 ? text.length : newline;
    const content = text.slice(start, end).replace(/\r$/, "");
    lines.push({ start, end: start + content.length, trimmed: content.trimEnd() });
    if (newline === -1) break;
    start = newline + 1;
  }
  const found: Array<{ start: number; end: number }> = [];
  for (let first = 0; first + wanted.length <= lines.length; first += 1) {
    if (wanted.every((line, offset) => lines[first + offset]?.trimmed === line)) {
      const last = lines[first + wanted.length - 1];
      const head = lines[first];
      if (head !== undefined && last !== undefined) found.push({ start: head.start, end: last.end });
    }
  }
  return found;
}

/** Deleting whole lines takes one line break with them (the following one, or at the end the preceding one). */
function swallowDeletedLineBreak(text: string, range: { start: number; end: number }, replacement: string): { start: number; end: number } {
  if (replacement !== "") return range;
  const startsLine = range.start === 0 || text[range.start - 1] === "\n";
  const following = text.startsWith("\r\n", range.end) ? 2 : text[range.end] === "\n" ? 1 : 0;
  const endsLine = following > 0 || range.end === text.length;
  if (!startsLine || !endsLine) return range;
  if (following > 0) return { start: range.start, end: range.end + following };
  if (range.start === 0) return range;
  const preceding = text.slice(0, range.start).endsWith("\r\n") ? 2 : 1;
  return { start: range.start - preceding, end: range.end };
}

function checkOverlaps(ranges: readonly Located[], text: string, path: string): Located[] {
  const sorted = [...ranges].sort((a, b) => a.start - b.start || a.end - b.end);
  for (let index = 1; index < sorted.length; index += 1) {
    const previous = sorted[index - 1];
    const current = sorted[index];
    if (previous === undefined || current === undefined) continue;
    if (current.start < previous.end || current.start === previous.start) {
      const span = (range: Located): EditSpan => ({
        answerLine: range.answerLine,
        firstLine: lineOf(text, range.start),
        lastLine: lineOf(text, Math.max(range.start, range.end - 1)),
      });
      const [a, b] = previous.answerLine <= current.answerLine ? [previous, current] : [current, previous];
      throw new PlanFailure({
        kind: "overlapping-edits",
        detail: { code: "overlapping-edits", path, first: span(a), second: span(b) },
        path,
        line: b.answerLine,
      });
    }
  }
  return sorted;
}

function checkPlaceholders(text: string, current: string, path: string, line: number): void {
  for (const [placeholder] of text.matchAll(PLACEHOLDER)) {
    if (current.includes(placeholder)) continue;
    throw new PlanFailure({ kind: "unknown-placeholder", detail: { code: "unknown-placeholder", line, path, placeholder }, path, line });
  }
}

function applyReplacements(text: string, sorted: readonly Replacement[]): string {
  const parts: string[] = [];
  let cursor = 0;
  for (const replacement of sorted) {
    parts.push(text.slice(cursor, replacement.start), replacement.text);
    cursor = replacement.end;
  }
  parts.push(text.slice(cursor));
  return parts.join("");
}

function lineEnding(text: string): string {
  const newline = text.indexOf("\n");
  return newline > 0 && text[newline - 1] === "\r" ? "\r\n" : "\n";
}

function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let at = text.indexOf("\n"); at !== -1 && at < offset; at = text.indexOf("\n", at + 1)) line += 1;
  return line;
}

function preview(search: string): string {
  const firstLine =
    search
      .split("\n")
      .find((line) => line.trim() !== "")
      ?.trim() ?? "";
  return firstLine.length > 60 ? `${firstLine.slice(0, 57)}…` : firstLine;
}
