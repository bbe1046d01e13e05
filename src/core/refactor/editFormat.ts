import * as l10n from "@vscode/l10n";
import * as z from "zod/mini";
import type { Result } from "../result.ts";
import { checkPathSyntax } from "./pathSafety.ts";

/**
 * Junction's refactor edit format (DESIGN §1, refactor commands). A model answers with one
 * block per file; a file block holds search/replace pairs, or the whole content of the file:
 *
 *     <<<FILE src/cart.ts
 *     <<<SEARCH
 *     exact lines from the current file
 *     ===
 *     the lines that replace them
 *     >>>REPLACE
 *     >>>END
 *
 *     <<<FILE src/money.ts (new)          ← or (replace) to rewrite an existing file
 *     the complete content of the file
 *     >>>END
 *
 * Why this shape: line-oriented markers that never occur in real code, search text copied from
 * the file instead of line numbers (models miscount lines; they copy text well), and an explicit
 * end marker so an answer cut off by the token limit is recognised instead of half applied.
 *
 * Reading rules, so chatty answers still parse:
 * - Line endings are normalised to `\n` first (CRLF answers); marker lines are recognised with any
 *   whitespace around them, and the keywords case-insensitively (`<<<` / `>>>` may be longer).
 * - Everything outside file blocks is prose, returned as `notes` (code fence lines dropped), so
 *   fences wrapped around blocks and explanations before, between and after them do no harm.
 *   Inside a search/replace file block, lines between pairs are prose too.
 * - The separator is exactly `===` on its own line. A second `===` before `>>>REPLACE` makes the
 *   pair ambiguous and the answer is refused, rather than guessing where the search text ends.
 * - Whole-file content wrapped in one code fence has the fence removed.
 * - Search and replacement texts are their lines joined by `\n`, without a final newline.
 *
 * Refused (nothing is applied): no file block at all; a marker out of place; a block without its
 * `>>>END` (a cut-off answer); an empty search text; a path that is unsafe or names a file the
 * request did not include, unless the block creates it with `(new)`; `(new)` for a file the request
 * sent; a whole-file block and any other block for the same file. The format cannot express a file
 * line that is exactly `>>>END` inside whole-file content, or `===` inside a search text.
 */

/** The instructions put in the system prompt; the parser accepts what they describe. */
export const EDIT_FORMAT_INSTRUCTIONS = `Answer with your edits in this exact format:

<<<FILE path/of/the/file.ts
<<<SEARCH
lines copied exactly from the current file
===
the lines that replace them
>>>REPLACE
>>>END

Rules:
- Use file paths exactly as they were given to you. Write one <<<FILE block per file; it may hold several SEARCH/REPLACE pairs, in the order they appear in the file.
- Copy SEARCH text character for character from the file: same indentation, no line numbers, no "..." for omitted lines. It must match exactly one place in the file, so include a few unchanged lines around the change when needed.
- Every SEARCH text is looked up in the file as it is now, before any of your edits, so pairs in one file must not overlap. Merge neighbouring changes into one pair.
- To delete lines, leave the replacement empty. To insert lines, SEARCH for the lines next to the insertion point and repeat them in the replacement together with the new lines.
- To create a file that does not exist yet, or to rewrite a file completely, give its whole content instead of SEARCH/REPLACE pairs and mark the header with (new) or (replace):

<<<FILE path/of/new/file.ts (new)
the complete content of the file
>>>END

- Create new files only when the task needs them, with paths relative to the project (no "..", no absolute paths).
- Do not put code fences inside the blocks. A short explanation before the first block is fine; keep it brief.
- Placeholders such as <<JUNCTION_SECRET_1>> stand for values hidden from you: copy them exactly where the code keeps them, and never invent new ones.`;

export interface SearchReplace {
  search: string;
  replace: string;
  /** Line of `<<<SEARCH` in the answer (1-based), for messages. */
  line: number;
}

export type FileEdit =
  | { mode: "search-replace"; path: string; line: number; blocks: SearchReplace[] }
  /** `text` ends with a newline; the planner adapts it to the document's line endings. */
  | { mode: "replace"; path: string; line: number; text: string }
  | { mode: "new"; path: string; line: number; text: string };

export type RefactorParseErrorKind =
  /** The answer holds no file block. */
  | "no-edits"
  /** Markers out of place, missing or ambiguous; includes a cut-off answer. */
  | "malformed"
  /** An edit to a file the request did not include, not marked (new). */
  | "unknown-file"
  /** A path that could reach outside the workspace or is otherwise refused by its spelling. */
  | "unsafe-path"
  | "empty-search"
  /** A whole-file block together with another block for the same file. */
  | "conflicting-edits"
  /** `(new)` for a file the request sent. */
  | "new-file-exists";

export interface RefactorParseError {
  kind: RefactorParseErrorKind;
  /** What went wrong, with the file and the answer's line where there is one. */
  message: string;
  path?: string;
  /** 1-based line in the answer. */
  line?: number;
}

export type ParseRefactorResult = Result<{ edits: FileEdit[]; notes: string }, RefactorParseError>;

export interface ParseRefactorOptions {
  /** Request paths of the files the request included. */
  files: readonly string[];
}

// ── tokenising ──

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

const MARKER_TEXT: Record<Exclude<Marker["type"], "file">, string> = { search: "<<<SEARCH", separator: "===", replace: ">>>REPLACE", end: ">>>END" };

/** A file block as read, before validation. */
interface RawFileBlock {
  mode: string;
  path: string;
  line: number;
  blocks: SearchReplace[];
  contentLines: string[];
  /** First prose line inside a search/replace block, if any. */
  proseLine: number | undefined;
}

/** Longer than any real file path; quoting such a "path" in every message would bury the message. */
const MAX_PATH_CHARS = 1024;

class FormatError extends Error {
  readonly line: number;
  readonly path: string | undefined;
  constructor(message: string, line: number, path?: string) {
    super(message);
    this.line = line;
    this.path = path;
  }
}

function tokenise(answer: string): { files: RawFileBlock[]; notes: string } {
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
        if (marker.path === "") throw new FormatError(l10n.t("the <<<FILE header on line {0} names no file", lineNo), lineNo);
        if (marker.path.length > MAX_PATH_CHARS) {
          throw new FormatError(
            l10n.t(
              "the <<<FILE header on line {0} names a path of {1} characters; paths longer than {2} characters are refused",
              lineNo,
              marker.path.length,
              MAX_PATH_CHARS,
            ),
            lineNo,
          );
        }
        const mode = marker.tag === undefined ? "search-replace" : marker.tag;
        if (mode !== "new" && mode !== "replace" && mode !== "search-replace") {
          throw new FormatError(
            l10n.t("the <<<FILE header on line {0} has the unknown tag ({1}); use (new) or (replace), or no tag for SEARCH/REPLACE pairs", lineNo, mode),
            lineNo,
            marker.path,
          );
        }
        file = { mode, path: marker.path, line: lineNo, blocks: [], contentLines: [], proseLine: undefined };
      } else if (marker !== undefined && marker.type !== "separator") {
        throw new FormatError(l10n.t("{0} on line {1} is outside a <<<FILE block", MARKER_TEXT[marker.type], lineNo), lineNo);
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
        const message =
          marker.type === "file"
            ? l10n.t(
                "the <<<FILE block for {0} (line {1}) holds whole-file content, but another <<<FILE header follows on line {2} before its >>>END",
                current.path,
                current.line,
                lineNo,
              )
            : l10n.t(
                "the <<<FILE block for {0} (line {1}) holds whole-file content, but {2} follows on line {3} before its >>>END",
                current.path,
                current.line,
                MARKER_TEXT[marker.type],
                lineNo,
              );
        throw new FormatError(message, lineNo, current.path);
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
        throw new FormatError(
          l10n.t("the <<<FILE block for {0} (line {1}) has no >>>END before the next <<<FILE header on line {2}", current.path, current.line, lineNo),
          lineNo,
          current.path,
        );
      } else if (marker !== undefined) {
        throw new FormatError(l10n.t("{0} on line {1} has no <<<SEARCH before it", MARKER_TEXT[marker.type], lineNo), lineNo, current.path);
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
        throw new FormatError(
          l10n.t("the SEARCH on line {0} for {1} has no === line before its >>>REPLACE on line {2}", open.line, current.path, lineNo),
          lineNo,
          current.path,
        );
      else {
        const message =
          marker.type === "file"
            ? l10n.t(
                "the SEARCH on line {0} for {1} is unfinished: a <<<FILE header on line {2} comes before its === and >>>REPLACE",
                open.line,
                current.path,
                lineNo,
              )
            : l10n.t(
                "the SEARCH on line {0} for {1} is unfinished: {2} on line {3} comes before its === and >>>REPLACE",
                open.line,
                current.path,
                MARKER_TEXT[marker.type],
                lineNo,
              );
        throw new FormatError(message, lineNo, current.path);
      }
      return;
    }
    if (marker === undefined) open.replace.push(text);
    else if (marker.type === "replace") {
      current.blocks.push({ search: open.search.join("\n"), replace: open.replace.join("\n"), line: open.line });
      pair = undefined;
    } else if (marker.type === "separator") {
      throw new FormatError(
        l10n.t("the SEARCH on line {0} for {1} has a second === on line {2}, so where its search text ends is ambiguous", open.line, current.path, lineNo),
        lineNo,
        current.path,
      );
    } else {
      const message =
        marker.type === "file"
          ? l10n.t("the replacement for the SEARCH on line {0} in {1} has no >>>REPLACE before a <<<FILE header on line {2}", open.line, current.path, lineNo)
          : l10n.t(
              "the replacement for the SEARCH on line {0} in {1} has no >>>REPLACE before {2} on line {3}",
              open.line,
              current.path,
              MARKER_TEXT[marker.type],
              lineNo,
            );
      throw new FormatError(message, lineNo, current.path);
    }
  });

  if (file !== undefined) {
    const message =
      pair === undefined
        ? l10n.t("the answer ends inside the <<<FILE block for {0} (line {1}) without its >>>END; it may have been cut off", file.path, file.line)
        : pair.replace === undefined
          ? l10n.t(
              "the answer ends inside the <<<FILE block for {0} (line {1}) without the === of the SEARCH on line {2}; it may have been cut off",
              file.path,
              file.line,
              pair.line,
            )
          : l10n.t(
              "the answer ends inside the <<<FILE block for {0} (line {1}) without >>>REPLACE for the SEARCH on line {2}; it may have been cut off",
              file.path,
              file.line,
              pair.line,
            );
    throw new FormatError(message, file.line, file.path);
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
function wholeFileText(lines: readonly string[]): string {
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

// ── validation ──

interface IssueParams {
  kind: RefactorParseErrorKind;
  path?: string;
  line?: number;
}

function parseSchema(requested: ReadonlySet<string>) {
  const lineNumber = z.number().check(z.int(), z.positive());
  const common = { path: z.string(), line: lineNumber };
  const rawBlock = z.discriminatedUnion("mode", [
    z.object({
      mode: z.literal("search-replace"),
      ...common,
      blocks: z.array(z.object({ search: z.string(), replace: z.string(), line: lineNumber })),
      proseLine: z.optional(z.number()),
    }),
    z.object({ mode: z.literal("replace"), ...common, contentLines: z.array(z.string()) }),
    z.object({ mode: z.literal("new"), ...common, contentLines: z.array(z.string()) }),
  ]);

  const checkedBlock = rawBlock.check(
    z.superRefine((block, ctx) => {
      const fail = (params: IssueParams, message: string): void =>
        ctx.addIssue({ code: "custom", message, params: { ...params, path: params.path ?? block.path } });
      const syntax = checkPathSyntax(block.path);
      if (!syntax.ok) return fail({ kind: "unsafe-path", line: block.line }, l10n.t("the block on line {0}: {1}", block.line, syntax.error.message));
      const included = requested.has(syntax.path);
      if (block.mode === "new" && included) {
        return fail(
          { kind: "new-file-exists", line: block.line },
          l10n.t(
            "the block on line {0} marks {1} as (new), but it is one of the files the request sent; edit it with SEARCH/REPLACE or (replace)",
            block.line,
            syntax.path,
          ),
        );
      }
      if (block.mode !== "new" && !included) {
        const sent = [...requested].join(", ");
        const message =
          sent === ""
            ? l10n.t(
                "the block on line {0} edits {1}, which the request did not include (it sent no files); a file that does not exist yet must be marked (new)",
                block.line,
                syntax.path,
              )
            : l10n.t(
                "the block on line {0} edits {1}, which the request did not include (it sent {2}); a file that does not exist yet must be marked (new)",
                block.line,
                syntax.path,
                sent,
              );
        return fail({ kind: "unknown-file", line: block.line }, message);
      }
      if (block.mode !== "search-replace") return;
      if (block.blocks.length === 0) {
        const message =
          block.proseLine === undefined
            ? l10n.t("the <<<FILE block for {0} on line {1} has no SEARCH/REPLACE pairs", syntax.path, block.line)
            : l10n.t(
                "the <<<FILE block for {0} on line {1} has no SEARCH/REPLACE pairs; to give the file's whole content, mark the header (replace)",
                syntax.path,
                block.line,
              );
        return fail({ kind: "malformed", line: block.line }, message);
      }
      const empty = block.blocks.find((pair) => pair.search.trim() === "");
      if (empty !== undefined) {
        return fail(
          { kind: "empty-search", line: empty.line },
          l10n.t("the SEARCH on line {0} for {1} is empty; search for the lines next to the change, or use (new) for a new file", empty.line, syntax.path),
        );
      }
    }),
  );
  const fileEdit = z.pipe(
    checkedBlock,
    z.transform((block: z.output<typeof rawBlock>): FileEdit => {
      const path = normalisedPath(block.path);
      if (block.mode === "search-replace") return { mode: block.mode, path, line: block.line, blocks: block.blocks };
      return { mode: block.mode, path, line: block.line, text: wholeFileText(block.contentLines) };
    }),
  );

  const checkedEdits = z.array(fileEdit).check(
    z.superRefine((edits, ctx) => {
      if (edits.length === 0)
        ctx.addIssue({
          code: "custom",
          message: l10n.t("the answer contains no <<<FILE blocks in Junction's edit format"),
          params: { kind: "no-edits" } satisfies IssueParams,
        });
      const seen = new Map<string, FileEdit>();
      for (const edit of edits) {
        const earlier = seen.get(edit.path);
        if (earlier !== undefined && (earlier.mode !== "search-replace" || edit.mode !== "search-replace")) {
          const message = l10n.t(
            "{0} has a whole-file block and another block (lines {1} and {2}); give either its whole content or SEARCH/REPLACE pairs",
            edit.path,
            earlier.line,
            edit.line,
          );
          ctx.addIssue({ code: "custom", message, params: { kind: "conflicting-edits", path: edit.path, line: edit.line } satisfies IssueParams });
          return;
        }
        seen.set(edit.path, edit);
      }
    }),
  );
  return z.pipe(checkedEdits, z.transform(mergeByFile));
}

function normalisedPath(path: string): string {
  const syntax = checkPathSyntax(path);
  return syntax.ok ? syntax.path : path;
}

/** Models sometimes open a second block for the same file: its pairs join the first one's. */
function mergeByFile(edits: FileEdit[]): FileEdit[] {
  const merged: FileEdit[] = [];
  const byPath = new Map<string, FileEdit & { mode: "search-replace" }>();
  for (const edit of edits) {
    const first = byPath.get(edit.path);
    if (first !== undefined && edit.mode === "search-replace") {
      // One push per pair: spreading a long list into push() overflows the call stack (~100,000 pairs).
      for (const pair of edit.blocks) first.blocks.push(pair);
      continue;
    }
    const copy = edit.mode === "search-replace" ? { ...edit, blocks: [...edit.blocks] } : edit;
    if (copy.mode === "search-replace") byPath.set(copy.path, copy);
    merged.push(copy);
  }
  return merged;
}

/**
 * Reads a model's answer into file edits, or says precisely why it cannot be used. Pure: nothing
 * is resolved against the file system or the documents here (see `planEdits`, `resolveEditPath`).
 */
export function parseRefactorEdits(answer: string, options: ParseRefactorOptions): ParseRefactorResult {
  if (answer.trim() === "") return { ok: false, error: { kind: "no-edits", message: l10n.t("the answer is empty") } };
  let tokens: { files: RawFileBlock[]; notes: string };
  try {
    tokens = tokenise(answer);
  } catch (error) {
    if (!(error instanceof FormatError)) throw error;
    return { ok: false, error: { kind: "malformed", message: error.message, line: error.line, ...(error.path === undefined ? {} : { path: error.path }) } };
  }

  const requested = new Set(options.files.map(normalisedPath));
  const parsed = parseSchema(requested).safeParse(tokens.files);
  if (parsed.success) return { ok: true, edits: parsed.data, notes: tokens.notes };

  const [issue] = parsed.error.issues;
  const params = (issue?.code === "custom" ? issue.params : undefined) as IssueParams | undefined;
  const error: RefactorParseError = { kind: params?.kind ?? "malformed", message: issue?.message ?? l10n.t("the answer could not be read") };
  if (params?.path !== undefined) error.path = params.path;
  if (params?.line !== undefined) error.line = params.line;
  return { ok: false, error };
}
