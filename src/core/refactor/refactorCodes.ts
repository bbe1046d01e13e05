// Why a model's refactor answer is refused, as codes with their parameters (issue #15: decisions
// are data). The reader (editTokens.ts), the validator (editFormat.ts) and the planner
// (applyEdits.ts) return these; refactorWords.ts is the one place they become sentences, so tests
// assert codes and the host and the log word them in the user's language. Each detail carries
// everything its sentence needs, so it can be worded without the answer or the documents.
import type { PathRejection, PathRejectionKind } from "./pathSafety.ts";

/** A marker line of the edit format; `file` is a `<<<FILE` header. */
export type MarkerName = "file" | "search" | "separator" | "replace" | "end";

/**
 * The first pass over the answer (editTokens.ts): markers out of place, missing or ambiguous.
 * `line` is where the reader stopped; `blockLine` the `<<<FILE` header, `searchLine` the `<<<SEARCH`.
 */
export type TokenProblem =
  | { code: "header-without-path"; line: number }
  | { code: "header-path-too-long"; line: number; length: number; maxLength: number }
  | { code: "header-unknown-tag"; line: number; tag: string }
  | { code: "marker-outside-file"; marker: Exclude<MarkerName, "file" | "separator">; line: number }
  /** A whole-file block met another marker before its `>>>END`. */
  | { code: "whole-file-interrupted"; path: string; blockLine: number; next: "file" | "search" | "replace"; line: number }
  | { code: "no-end-before-header"; path: string; blockLine: number; line: number }
  | { code: "marker-before-search"; marker: "separator" | "replace"; line: number }
  | { code: "search-without-separator"; path: string; searchLine: number; line: number }
  /** A search text met a marker other than `===` or `>>>REPLACE`. */
  | { code: "search-interrupted"; path: string; searchLine: number; next: "file" | "search" | "end"; line: number }
  | { code: "second-separator"; path: string; searchLine: number; line: number }
  /** A replacement met a marker other than `>>>REPLACE`. */
  | { code: "replacement-interrupted"; path: string; searchLine: number; next: "file" | "search" | "end"; line: number }
  /** The answer ended inside a block (it may have been cut off): between pairs, or inside a pair's search or replacement. */
  | { code: "cut-off-in-block"; path: string; blockLine: number }
  | { code: "cut-off-in-search"; path: string; blockLine: number; searchLine: number }
  | { code: "cut-off-in-replacement"; path: string; blockLine: number; searchLine: number };

/** Validating the blocks against the request (editFormat.ts), and the answer as a whole. */
export type ParseProblem =
  | TokenProblem
  | { code: "empty-answer" }
  | { code: "no-file-blocks" }
  /** The rejection is kept as data; refactorWords.ts words it inside "the block on line …". */
  | { code: "unsafe-path"; line: number; rejection: PathRejection }
  | { code: "new-file-was-sent"; line: number; path: string }
  /** `sent`: the request paths, in the request's order (empty when it sent none). */
  | { code: "not-requested"; line: number; path: string; sent: readonly string[] }
  /** `hasProse`: prose inside the block suggests whole-file content without a (replace) tag. */
  | { code: "no-pairs"; line: number; path: string; hasProse: boolean }
  | { code: "empty-search"; line: number; path: string }
  | { code: "conflicting-edits"; path: string; firstLine: number; line: number }
  /** A validation issue that is not one of Junction's own (a defect, not the model's): zod's own words, if it gave any. */
  | { code: "unreadable"; issue?: string };

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
  /** The coarse kind, for the message's lead and for tests. */
  kind: RefactorParseErrorKind;
  /** What went wrong, with its parameters. */
  detail: ParseProblem;
  path?: string;
  /** 1-based line in the answer. */
  line?: number;
}

/** Where an edit landed in the file, for a message about overlapping edits. */
export interface EditSpan {
  /** Line of the edit in the answer. */
  answerLine: number;
  /** First and last line of the file it changes (equal for one line). */
  firstLine: number;
  lastLine: number;
}

/** Planning the edits against the documents (applyEdits.ts). */
export type PlanProblem =
  | { code: "new-file-exists"; line: number; path: string }
  | { code: "created-twice"; line: number; path: string }
  /** An existing-file edit the request did not send (editFormat.ts checks this first; the planner too). */
  | { code: "not-sent"; line: number; path: string }
  | { code: "created-and-edited"; path: string }
  /** `begins`: the first line of the model's search text (shortened), never a restored secret. */
  | { code: "search-not-found"; line: number; path: string; begins: string }
  /** `lines`: the file lines of the first matches (three at most); `count`: how many there are. */
  | { code: "search-ambiguous"; line: number; path: string; count: number; lines: readonly number[] }
  /** `first` is the edit earlier in the answer. */
  | { code: "overlapping-edits"; path: string; first: EditSpan; second: EditSpan }
  | { code: "unknown-placeholder"; line: number; path: string; placeholder: string };

export type RefactorPlanErrorKind =
  | "search-not-found"
  | "search-ambiguous"
  | "overlapping-edits"
  /** An existing-file edit for a path the request did not send. */
  | "unknown-file"
  /** A new-file edit for a path that is among the documents. */
  | "new-file-exists"
  | "unknown-placeholder";

export interface RefactorPlanError {
  kind: RefactorPlanErrorKind;
  detail: PlanProblem;
  path?: string;
  /** 1-based line in the answer. */
  line?: number;
}

/** Any refusal of a refactor answer: parsing it, planning it, or resolving a path on disk. */
export type RefactorError = RefactorParseError | RefactorPlanError | PathRejection;
export type RefactorErrorKind = RefactorParseErrorKind | RefactorPlanErrorKind | PathRejectionKind;
