import * as z from "zod/mini";
import type { Result } from "../result.ts";
import { checkPathSyntax } from "./pathSafety.ts";
import { tokenise, FormatError, wholeFileText } from "./editTokens.ts";
import type { RawFileBlock } from "./editTokens.ts";
import type { ParseProblem, RefactorParseError, RefactorParseErrorKind } from "./refactorCodes.ts";

export type { ParseProblem, RefactorParseError, RefactorParseErrorKind } from "./refactorCodes.ts";

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

export type ParseRefactorResult = Result<{ edits: FileEdit[]; notes: string }, RefactorParseError>;

export interface ParseRefactorOptions {
  /** Request paths of the files the request included. */
  files: readonly string[];
}

// ── validation ──

// Zod carries an issue's data in `params`; the issue's message is unused (the words are refactorWords.ts's).
interface IssueParams {
  kind: RefactorParseErrorKind;
  detail: ParseProblem;
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
      const fail = (kind: RefactorParseErrorKind, line: number, detail: ParseProblem): void =>
        ctx.addIssue({ code: "custom", message: detail.code, params: { kind, detail, line, path: block.path } satisfies IssueParams });
      const { line } = block;
      const syntax = checkPathSyntax(block.path);
      if (!syntax.ok) return fail("unsafe-path", line, { code: "unsafe-path", line, rejection: syntax.error });
      const { path } = syntax;
      const included = requested.has(path);
      if (block.mode === "new" && included) return fail("new-file-exists", line, { code: "new-file-was-sent", line, path });
      if (block.mode !== "new" && !included) return fail("unknown-file", line, { code: "not-requested", line, path, sent: [...requested] });
      if (block.mode !== "search-replace") return;
      if (block.blocks.length === 0) return fail("malformed", line, { code: "no-pairs", line, path, hasProse: block.proseLine !== undefined });
      const empty = block.blocks.find((pair) => pair.search.trim() === "");
      if (empty !== undefined) return fail("empty-search", empty.line, { code: "empty-search", line: empty.line, path });
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
        ctx.addIssue({ code: "custom", message: "no-file-blocks", params: { kind: "no-edits", detail: { code: "no-file-blocks" } } satisfies IssueParams });
      const seen = new Map<string, FileEdit>();
      for (const edit of edits) {
        const earlier = seen.get(edit.path);
        if (earlier !== undefined && (earlier.mode !== "search-replace" || edit.mode !== "search-replace")) {
          const detail: ParseProblem = { code: "conflicting-edits", path: edit.path, firstLine: earlier.line, line: edit.line };
          ctx.addIssue({
            code: "custom",
            message: detail.code,
            params: { kind: "conflicting-edits", detail, path: edit.path, line: edit.line } satisfies IssueParams,
          });
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
  if (answer.trim() === "") return { ok: false, error: { kind: "no-edits", detail: { code: "empty-answer" } } };
  let tokens: { files: RawFileBlock[]; notes: string };
  try {
    tokens = tokenise(answer);
  } catch (error) {
    if (!(error instanceof FormatError)) throw error;
    return { ok: false, error: { kind: "malformed", detail: error.problem, line: error.line, ...(error.path === undefined ? {} : { path: error.path }) } };
  }

  const requested = new Set(options.files.map(normalisedPath));
  const parsed = parseSchema(requested).safeParse(tokens.files);
  if (parsed.success) return { ok: true, edits: parsed.data, notes: tokens.notes };

  const [issue] = parsed.error.issues;
  const params = (issue?.code === "custom" ? issue.params : undefined) as IssueParams | undefined;
  const error: RefactorParseError =
    params !== undefined
      ? { kind: params.kind, detail: params.detail }
      : { kind: "malformed", detail: issue === undefined ? { code: "unreadable" } : { code: "unreadable", issue: issue.message } };
  if (params?.path !== undefined) error.path = params.path;
  if (params?.line !== undefined) error.line = params.line;
  return { ok: false, error };
}
