// The refactor edit format's first pass (the format and its reading rules: editFormat.ts): an
// answer's lines become file blocks — markers recognised leniently, prose kept as notes, fences
// dropped — or a FormatError naming the line. editFormat.ts validates the blocks against the request.
import type { SearchReplace } from "./editFormat.ts";
import type { TokenProblem } from "./refactorCodes.ts";

type Marker = { type: "file"; path: string; tag: string | undefined } | { type: "search" | "separator" | "replace" | "end" };

const FILE_HEADER = /^<{3,}\s*FILE\b:?\s*(.*)$/i;
// One whitespace character, not `\s+`: a run of spaces inside a long header would make the
// unanchored `\s+\(` backtrack quadratically. The path is trimmed afterwards anyway.
const TAG = /\s\((\w+)(?: file)?\)$/i;
const FENCE = /^(`{3,}|~{3,})[^`]*$/;

function markerOf(line: string): Marker | undefined {
  const trimmed = line.trim();
  if (trimmed === "===") return { type: "separator" };
  if (!/^(?:<{3}|>{3})/.test(trimmed)) return undefined;
  const header = FILE_HEADER.exec(trimmed);
  if (header !== null) {
    const rest = header[1] ?? "";
    const tag = TAG.exec(rest);
    return { type: "file", path: unquote(tag === null ? rest : rest.slice(0, tag.index)), tag: tag?.[1]?.toLowerCase() };
  }
  if (/^<{3,}\s*SEARCH$/i.test(trimmed)) return { type: "search" };
  if (/^>{3,}\s*REPLACE$/i.test(trimmed)) return { type: "replace" };
  if (/^>{3,}\s*END$/i.test(trimmed)) return { type: "end" };
  return undefined;
}

/** Models decorate paths: `src/a.ts`, "src/a.ts", **src/a.ts**. */
function unquote(path: string): string {
  // The end is stripped by a loop over indices: an unanchored `(?:…)+$` is quadratic on a long run of quotes.
  const text = path.trim().replace(/^(?:\*\*|[`"'])+/, "");
  let end = text.length;
  for (;;) {
    if (end >= 2 && text.startsWith("**", end - 2)) end -= 2;
    else if (end >= 1 && "`\"'".includes(text.charAt(end - 1))) end -= 1;
    else break;
  }
  return text.slice(0, end).trim();
}

/** A file block as read, before validation. */
export interface RawFileBlock {
  mode: string;
  path: string;
  line: number;
  blocks: SearchReplace[];
  contentLines: string[];
  /** First prose line inside a search/replace block, if any. */
  proseLine: number | undefined;
}

/** Longer than any real file path; quoting such a "path" in every message would bury the message. */
export const MAX_PATH_CHARS = 1024;

/** Thrown out of the reader's loop, caught by parseRefactorEdits; the message is the code, for a stack trace only. */
export class FormatError extends Error {
  readonly problem: TokenProblem;
  readonly line: number;
  readonly path: string | undefined;
  constructor(problem: TokenProblem, line: number, path?: string) {
    super(problem.code);
    this.problem = problem;
    this.line = line;
    this.path = path;
  }
}

export function tokenise(answer: string): { files: RawFileBlock[]; notes: string } {
  const lines = answer.replace(/\r\n?/g, "\n").split("\n");
  const files: RawFileBlock[] = [];
  const notes: string[] = [];
  let file: RawFileBlock | undefined;
  let pair: { search: string[]; replace: string[] | undefined; line: number } | undefined;

  lines.forEach((text, index) => {
    const lineNo = index + 1;
    const marker = markerOf(text);
    if (file === undefined) {
      if (marker?.type === "file") {
        if (marker.path === "") throw new FormatError({ code: "header-without-path", line: lineNo }, lineNo);
        if (marker.path.length > MAX_PATH_CHARS) {
          throw new FormatError({ code: "header-path-too-long", line: lineNo, length: marker.path.length, maxLength: MAX_PATH_CHARS }, lineNo);
        }
        const mode = marker.tag === undefined ? "search-replace" : marker.tag;
        if (mode !== "new" && mode !== "replace" && mode !== "search-replace") {
          throw new FormatError({ code: "header-unknown-tag", line: lineNo, tag: mode }, lineNo, marker.path);
        }
        file = { mode, path: marker.path, line: lineNo, blocks: [], contentLines: [], proseLine: undefined };
      } else if (marker !== undefined && marker.type !== "separator") {
        throw new FormatError({ code: "marker-outside-file", marker: marker.type, line: lineNo }, lineNo);
      } else if (!FENCE.test(text.trim())) {
        notes.push(text);
      }
      return;
    }

    const current = file;
    if (current.mode !== "search-replace") {
      if (marker?.type === "end") {
        files.push(current);
        file = undefined;
      } else if (marker?.type === "file" || marker?.type === "search" || marker?.type === "replace") {
        const problem: TokenProblem = { code: "whole-file-interrupted", path: current.path, blockLine: current.line, next: marker.type, line: lineNo };
        throw new FormatError(problem, lineNo, current.path);
      } else {
        current.contentLines.push(text);
      }
      return;
    }

    if (pair === undefined) {
      if (marker?.type === "search") pair = { search: [], replace: undefined, line: lineNo };
      else if (marker?.type === "end") {
        files.push(current);
        file = undefined;
      } else if (marker?.type === "file") {
        throw new FormatError({ code: "no-end-before-header", path: current.path, blockLine: current.line, line: lineNo }, lineNo, current.path);
      } else if (marker !== undefined) {
        throw new FormatError({ code: "marker-before-search", marker: marker.type, line: lineNo }, lineNo, current.path);
      } else if (!FENCE.test(text.trim())) {
        if (text.trim() !== "") current.proseLine ??= lineNo;
        notes.push(text);
      }
      return;
    }

    const open = pair;
    if (open.replace === undefined) {
      if (marker === undefined) open.search.push(text);
      else if (marker.type === "separator") open.replace = [];
      else if (marker.type === "replace")
        throw new FormatError({ code: "search-without-separator", path: current.path, searchLine: open.line, line: lineNo }, lineNo, current.path);
      else {
        const problem: TokenProblem = { code: "search-interrupted", path: current.path, searchLine: open.line, next: marker.type, line: lineNo };
        throw new FormatError(problem, lineNo, current.path);
      }
      return;
    }
    if (marker === undefined) open.replace.push(text);
    else if (marker.type === "replace") {
      current.blocks.push({ search: open.search.join("\n"), replace: open.replace.join("\n"), line: open.line });
      pair = undefined;
    } else if (marker.type === "separator") {
      throw new FormatError({ code: "second-separator", path: current.path, searchLine: open.line, line: lineNo }, lineNo, current.path);
    } else {
      const problem: TokenProblem = { code: "replacement-interrupted", path: current.path, searchLine: open.line, next: marker.type, line: lineNo };
      throw new FormatError(problem, lineNo, current.path);
    }
  });

  if (file !== undefined) {
    const where = { path: file.path, blockLine: file.line };
    const problem: TokenProblem =
      pair === undefined
        ? { code: "cut-off-in-block", ...where }
        : { code: pair.replace === undefined ? "cut-off-in-search" : "cut-off-in-replacement", ...where, searchLine: pair.line };
    throw new FormatError(problem, file.line, file.path);
  }
  return {
    files,
    notes: notes
      .join("\n")
      .replace(/\n{3,}/g, "\n\n")
      .trim(),
  };
}

/** Whole-file content: a fence around all of it is the model's decoration, not the file's. */
export function wholeFileText(lines: readonly string[]): string {
  let first = 0;
  let last = lines.length - 1;
  while (first <= last && lines[first]?.trim() === "") first += 1;
  while (last >= first && lines[last]?.trim() === "") last -= 1;
  let content = lines;
  const opener = FENCE.exec(lines[first]?.trim() ?? "");
  const closer = /^(`{3,}|~{3,})$/.exec(lines[last]?.trim() ?? "");
  if (last > first && opener !== null && closer !== null && closer[1]?.[0] === opener[1]?.[0] && (closer[1]?.length ?? 0) >= (opener[1]?.length ?? 0)) {
    content = lines.slice(first + 1, last);
  }
  const text = content.join("\n");
  return text.trim() === "" ? "" : `${text.replace(/\n+$/, "")}\n`;
}
