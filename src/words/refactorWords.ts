// The words for a refused refactor answer (refactorCodes.ts's codes, and pathSafety.ts's through
// pathWords.ts), through l10n: the one place a parse or plan error becomes a sentence, for the
// host's error message and the log. Without a bundle (the unit tests) l10n.t gives the English;
// each switch is exhaustive, so a new code without words does not compile.
import * as l10n from "@vscode/l10n";
import { wordPathRejection } from "./pathWords.ts";
import type { EditSpan, MarkerName, ParseProblem, PlanProblem, RefactorError, RefactorErrorKind } from "../core/refactor/refactorCodes.ts";

/** The format's markers as the model writes them; literal syntax, so not translated. */
const MARKER_TEXT: Record<Exclude<MarkerName, "file">, string> = { search: "<<<SEARCH", separator: "===", replace: ">>>REPLACE", end: ">>>END" };

export function wordParseProblem(problem: ParseProblem): string {
  switch (problem.code) {
    case "header-without-path":
      return l10n.t("the <<<FILE header on line {0} names no file", problem.line);
    case "header-path-too-long":
      return l10n.t(
        "the <<<FILE header on line {0} names a path of {1} characters; paths longer than {2} characters are refused",
        problem.line,
        problem.length,
        problem.maxLength,
      );
    case "header-unknown-tag":
      return l10n.t(
        "the <<<FILE header on line {0} has the unknown tag ({1}); use (new) or (replace), or no tag for SEARCH/REPLACE pairs",
        problem.line,
        problem.tag,
      );
    case "marker-outside-file":
      return l10n.t("{0} on line {1} is outside a <<<FILE block", MARKER_TEXT[problem.marker], problem.line);
    case "whole-file-interrupted":
      return problem.next === "file"
        ? l10n.t(
            "the <<<FILE block for {0} (line {1}) holds whole-file content, but another <<<FILE header follows on line {2} before its >>>END",
            problem.path,
            problem.blockLine,
            problem.line,
          )
        : l10n.t(
            "the <<<FILE block for {0} (line {1}) holds whole-file content, but {2} follows on line {3} before its >>>END",
            problem.path,
            problem.blockLine,
            MARKER_TEXT[problem.next],
            problem.line,
          );
    case "no-end-before-header":
      return l10n.t(
        "the <<<FILE block for {0} (line {1}) has no >>>END before the next <<<FILE header on line {2}",
        problem.path,
        problem.blockLine,
        problem.line,
      );
    case "marker-before-search":
      return l10n.t("{0} on line {1} has no <<<SEARCH before it", MARKER_TEXT[problem.marker], problem.line);
    case "search-without-separator":
      return l10n.t("the SEARCH on line {0} for {1} has no === line before its >>>REPLACE on line {2}", problem.searchLine, problem.path, problem.line);
    case "search-interrupted":
      return problem.next === "file"
        ? l10n.t(
            "the SEARCH on line {0} for {1} is unfinished: a <<<FILE header on line {2} comes before its === and >>>REPLACE",
            problem.searchLine,
            problem.path,
            problem.line,
          )
        : l10n.t(
            "the SEARCH on line {0} for {1} is unfinished: {2} on line {3} comes before its === and >>>REPLACE",
            problem.searchLine,
            problem.path,
            MARKER_TEXT[problem.next],
            problem.line,
          );
    case "second-separator":
      return l10n.t(
        "the SEARCH on line {0} for {1} has a second === on line {2}, so where its search text ends is ambiguous",
        problem.searchLine,
        problem.path,
        problem.line,
      );
    case "replacement-interrupted":
      return problem.next === "file"
        ? l10n.t(
            "the replacement for the SEARCH on line {0} in {1} has no >>>REPLACE before a <<<FILE header on line {2}",
            problem.searchLine,
            problem.path,
            problem.line,
          )
        : l10n.t(
            "the replacement for the SEARCH on line {0} in {1} has no >>>REPLACE before {2} on line {3}",
            problem.searchLine,
            problem.path,
            MARKER_TEXT[problem.next],
            problem.line,
          );
    case "cut-off-in-block":
      return l10n.t(
        "the answer ends inside the <<<FILE block for {0} (line {1}) without its >>>END; it may have been cut off",
        problem.path,
        problem.blockLine,
      );
    case "cut-off-in-search":
      return l10n.t(
        "the answer ends inside the <<<FILE block for {0} (line {1}) without the === of the SEARCH on line {2}; it may have been cut off",
        problem.path,
        problem.blockLine,
        problem.searchLine,
      );
    case "cut-off-in-replacement":
      return l10n.t(
        "the answer ends inside the <<<FILE block for {0} (line {1}) without >>>REPLACE for the SEARCH on line {2}; it may have been cut off",
        problem.path,
        problem.blockLine,
        problem.searchLine,
      );
    case "empty-answer":
      return l10n.t("the answer is empty");
    case "no-file-blocks":
      return l10n.t("the answer contains no <<<FILE blocks in Junction's edit format");
    case "unsafe-path":
      return l10n.t("the block on line {0}: {1}", problem.line, wordPathRejection(problem.rejection));
    case "new-file-was-sent":
      return l10n.t(
        "the block on line {0} marks {1} as (new), but it is one of the files the request sent; edit it with SEARCH/REPLACE or (replace)",
        problem.line,
        problem.path,
      );
    case "not-requested":
      return problem.sent.length === 0
        ? l10n.t(
            "the block on line {0} edits {1}, which the request did not include (it sent no files); a file that does not exist yet must be marked (new)",
            problem.line,
            problem.path,
          )
        : l10n.t(
            "the block on line {0} edits {1}, which the request did not include (it sent {2}); a file that does not exist yet must be marked (new)",
            problem.line,
            problem.path,
            problem.sent.join(", "),
          );
    case "no-pairs":
      return problem.hasProse
        ? l10n.t(
            "the <<<FILE block for {0} on line {1} has no SEARCH/REPLACE pairs; to give the file's whole content, mark the header (replace)",
            problem.path,
            problem.line,
          )
        : l10n.t("the <<<FILE block for {0} on line {1} has no SEARCH/REPLACE pairs", problem.path, problem.line);
    case "empty-search":
      return l10n.t(
        "the SEARCH on line {0} for {1} is empty; search for the lines next to the change, or use (new) for a new file",
        problem.line,
        problem.path,
      );
    case "conflicting-edits":
      return l10n.t(
        "{0} has a whole-file block and another block (lines {1} and {2}); give either its whole content or SEARCH/REPLACE pairs",
        problem.path,
        problem.firstLine,
        problem.line,
      );
    case "unreadable":
      return problem.issue ?? l10n.t("the answer could not be read");
  }
}

export function wordPlanProblem(problem: PlanProblem): string {
  switch (problem.code) {
    case "new-file-exists":
      return l10n.t("the block on line {0} creates {1}, which already exists", problem.line, problem.path);
    case "created-twice":
      return l10n.t("{0} is created twice (the second time on line {1})", problem.path, problem.line);
    case "not-sent":
      return l10n.t("the block on line {0} edits {1}, which the request did not include", problem.line, problem.path);
    case "created-and-edited":
      return l10n.t("{0} is both created and edited", problem.path);
    case "search-not-found":
      return l10n.t('the SEARCH on line {0} for {1} was not found in the file (it begins "{2}")', problem.line, problem.path, problem.begins);
    case "search-ambiguous":
      return l10n.t(
        "the SEARCH on line {0} for {1} matches {2} places in the file (lines {3}); it must match exactly one",
        problem.line,
        problem.path,
        problem.count,
        problem.lines.join(", ") + (problem.count > problem.lines.length ? ", …" : ""),
      );
    case "overlapping-edits":
      return l10n.t(
        "two edits in {0} change overlapping text: the one on answer line {1} ({2}) and the one on answer line {3} ({4})",
        problem.path,
        problem.first.answerLine,
        wordSpan(problem.first),
        problem.second.answerLine,
        wordSpan(problem.second),
      );
    case "unknown-placeholder":
      return l10n.t(
        "the edit on line {0} for {1} writes {2}, a placeholder Junction cannot turn back into a value; applying it would replace your value with the placeholder",
        problem.line,
        problem.path,
        problem.placeholder,
      );
  }
}

function wordSpan(span: EditSpan): string {
  return span.firstLine === span.lastLine ? l10n.t("file line {0}", span.firstLine) : l10n.t("file lines {0}–{1}", span.firstLine, span.lastLine);
}

/** Functions, not strings: each runs when a message is shown, after the host has loaded the translations. */
const unsafePath = (): string => l10n.t("The model's answer names a path Junction will not write to");
const notIncluded = (): string => l10n.t("The model's answer edits a file the request did not include");

const LEAD: Record<RefactorErrorKind, () => string> = {
  "no-edits": () => l10n.t("The model's answer held no edits Junction could read"),
  malformed: () => l10n.t("The model's answer is not in Junction's edit format"),
  "unknown-file": notIncluded,
  "not-requested": notIncluded,
  "unsafe-path": unsafePath,
  empty: unsafePath,
  "not-a-file": unsafePath,
  "control-character": unsafePath,
  absolute: unsafePath,
  "windows-path": unsafePath,
  "parent-segment": unsafePath,
  protected: unsafePath,
  "outside-workspace": unsafePath,
  "symlink-escape": unsafePath,
  unresolvable: () => l10n.t("Junction could not check where an edit would be written"),
  "empty-search": () => l10n.t("The model's answer has an edit with nothing to search for"),
  "conflicting-edits": () => l10n.t("The model's answer edits one file in two conflicting ways"),
  "overlapping-edits": () => l10n.t("The model's answer has edits that overlap"),
  "new-file-exists": () => l10n.t("The model's answer creates a file that already exists"),
  "search-not-found": () => l10n.t("The model's answer does not match the current file"),
  "search-ambiguous": () => l10n.t("The model's answer has an edit that matches more than one place"),
  "unknown-placeholder": () => l10n.t("The model's answer contains a secret placeholder Junction did not send"),
};

/** One sentence for the user: what went wrong, where, and that nothing was changed. */
export function describeRefactorError(error: RefactorError): string {
  return l10n.t("{0}: {1}. Nothing was changed.", LEAD[error.kind](), refactorErrorDetail(error));
}

/** What went wrong, where, without the lead: for the log and for test diagnostics. */
export function refactorErrorDetail(error: RefactorError): string {
  if ("problem" in error) return wordPathRejection(error);
  // A plan error's kind is one of the plan's; a parse error's detail is a parse code.
  return isPlanProblem(error.detail) ? wordPlanProblem(error.detail) : wordParseProblem(error.detail);
}

// Keyed by every plan code, so a new one cannot be forgotten here; parse and plan codes are
// disjoint (checked below), so the code alone says which switch words a detail.
const PLAN_CODES: Record<PlanProblem["code"], true> = {
  "new-file-exists": true,
  "created-twice": true,
  "not-sent": true,
  "created-and-edited": true,
  "search-not-found": true,
  "search-ambiguous": true,
  "overlapping-edits": true,
  "unknown-placeholder": true,
};
const CODES_DISJOINT: [Extract<ParseProblem["code"], PlanProblem["code"]>] extends [never] ? true : never = true;
void CODES_DISJOINT;

function isPlanProblem(detail: ParseProblem | PlanProblem): detail is PlanProblem {
  return Object.hasOwn(PLAN_CODES, detail.code);
}

/** A refactor error from the core: a known kind with its code (a parse or plan detail, or a path problem). */
export function isRefactorError(value: unknown): value is RefactorError {
  if (typeof value !== "object" || value === null) return false;
  const { kind, detail, problem } = value as { kind?: unknown; detail?: unknown; problem?: unknown };
  const coded = (part: unknown): boolean => typeof part === "object" && part !== null && typeof (part as { code?: unknown }).code === "string";
  return typeof kind === "string" && Object.hasOwn(LEAD, kind) && (coded(detail) || coded(problem));
}
