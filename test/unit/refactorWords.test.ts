// The words of a refused refactor answer (src/core/refactor/refactorWords.ts): the English a user
// reads in the error notification and the log. The reader's, validator's and planner's own tests
// assert codes; these pin the sentence each code becomes, so a reworded message is a deliberate change.
import { test } from "node:test";
import assert from "node:assert/strict";
import { planEdits } from "../../src/core/refactor/applyEdits.ts";
import { parseRefactorEdits } from "../../src/core/refactor/editFormat.ts";
import { checkPathSyntax } from "../../src/core/refactor/pathSafety.ts";
import type { PathRejection } from "../../src/core/refactor/pathSafety.ts";
import type { ParseProblem, PlanProblem } from "../../src/core/refactor/refactorCodes.ts";
import { describeRefactorError, isRefactorError, refactorErrorDetail, wordParseProblem, wordPlanProblem } from "../../src/words/refactorWords.ts";
import { CART } from "../fixtures/refactorValues.ts";

function rejection(path: string): PathRejection {
  const syntax = checkPathSyntax(path);
  assert.ok(!syntax.ok, `${path} is refused`);
  return syntax.error;
}

const PARSE_WORDS: ReadonlyArray<[ParseProblem, string]> = [
  [{ code: "header-without-path", line: 3 }, "the <<<FILE header on line 3 names no file"],
  [
    { code: "header-path-too-long", line: 1, length: 5242880, maxLength: 1024 },
    "the <<<FILE header on line 1 names a path of 5242880 characters; paths longer than 1024 characters are refused",
  ],
  [
    { code: "header-unknown-tag", line: 1, tag: "modify" },
    "the <<<FILE header on line 1 has the unknown tag (modify); use (new) or (replace), or no tag for SEARCH/REPLACE pairs",
  ],
  [{ code: "marker-outside-file", marker: "search", line: 1 }, "<<<SEARCH on line 1 is outside a <<<FILE block"],
  [{ code: "marker-outside-file", marker: "end", line: 4 }, ">>>END on line 4 is outside a <<<FILE block"],
  [
    { code: "whole-file-interrupted", path: "src/money.ts", blockLine: 1, next: "file", line: 5 },
    "the <<<FILE block for src/money.ts (line 1) holds whole-file content, but another <<<FILE header follows on line 5 before its >>>END",
  ],
  [
    { code: "whole-file-interrupted", path: "src/money.ts", blockLine: 1, next: "search", line: 3 },
    "the <<<FILE block for src/money.ts (line 1) holds whole-file content, but <<<SEARCH follows on line 3 before its >>>END",
  ],
  [
    { code: "no-end-before-header", path: "src/cart.ts", blockLine: 1, line: 7 },
    "the <<<FILE block for src/cart.ts (line 1) has no >>>END before the next <<<FILE header on line 7",
  ],
  [{ code: "marker-before-search", marker: "separator", line: 2 }, "=== on line 2 has no <<<SEARCH before it"],
  [{ code: "marker-before-search", marker: "replace", line: 2 }, ">>>REPLACE on line 2 has no <<<SEARCH before it"],
  [
    { code: "search-without-separator", path: "src/cart.ts", searchLine: 2, line: 5 },
    "the SEARCH on line 2 for src/cart.ts has no === line before its >>>REPLACE on line 5",
  ],
  [
    { code: "search-interrupted", path: "src/cart.ts", searchLine: 2, next: "file", line: 4 },
    "the SEARCH on line 2 for src/cart.ts is unfinished: a <<<FILE header on line 4 comes before its === and >>>REPLACE",
  ],
  [
    { code: "search-interrupted", path: "src/cart.ts", searchLine: 2, next: "end", line: 4 },
    "the SEARCH on line 2 for src/cart.ts is unfinished: >>>END on line 4 comes before its === and >>>REPLACE",
  ],
  [
    { code: "second-separator", path: "src/cart.ts", searchLine: 2, line: 6 },
    "the SEARCH on line 2 for src/cart.ts has a second === on line 6, so where its search text ends is ambiguous",
  ],
  [
    { code: "replacement-interrupted", path: "src/cart.ts", searchLine: 2, next: "file", line: 6 },
    "the replacement for the SEARCH on line 2 in src/cart.ts has no >>>REPLACE before a <<<FILE header on line 6",
  ],
  [
    { code: "replacement-interrupted", path: "src/cart.ts", searchLine: 2, next: "search", line: 6 },
    "the replacement for the SEARCH on line 2 in src/cart.ts has no >>>REPLACE before <<<SEARCH on line 6",
  ],
  [
    { code: "cut-off-in-block", path: "src/cart.ts", blockLine: 1 },
    "the answer ends inside the <<<FILE block for src/cart.ts (line 1) without its >>>END; it may have been cut off",
  ],
  [
    { code: "cut-off-in-search", path: "src/cart.ts", blockLine: 1, searchLine: 7 },
    "the answer ends inside the <<<FILE block for src/cart.ts (line 1) without the === of the SEARCH on line 7; it may have been cut off",
  ],
  [
    { code: "cut-off-in-replacement", path: "src/cart.ts", blockLine: 1, searchLine: 7 },
    "the answer ends inside the <<<FILE block for src/cart.ts (line 1) without >>>REPLACE for the SEARCH on line 7; it may have been cut off",
  ],
  [{ code: "empty-answer" }, "the answer is empty"],
  [{ code: "no-file-blocks" }, "the answer contains no <<<FILE blocks in Junction's edit format"],
  [
    { code: "unsafe-path", line: 4, rejection: rejection("../x.ts") },
    'the block on line 4: "../x.ts" contains a .. segment; edits must stay inside the workspace',
  ],
  [
    { code: "new-file-was-sent", line: 1, path: "src/cart.ts" },
    "the block on line 1 marks src/cart.ts as (new), but it is one of the files the request sent; edit it with SEARCH/REPLACE or (replace)",
  ],
  [
    { code: "not-requested", line: 1, path: "src/checkout.ts", sent: ["src/cart.ts", "src/money.ts"] },
    "the block on line 1 edits src/checkout.ts, which the request did not include (it sent src/cart.ts, src/money.ts); a file that does not exist yet must be marked (new)",
  ],
  [
    { code: "not-requested", line: 1, path: "src/checkout.ts", sent: [] },
    "the block on line 1 edits src/checkout.ts, which the request did not include (it sent no files); a file that does not exist yet must be marked (new)",
  ],
  [
    { code: "no-pairs", line: 1, path: "src/cart.ts", hasProse: true },
    "the <<<FILE block for src/cart.ts on line 1 has no SEARCH/REPLACE pairs; to give the file's whole content, mark the header (replace)",
  ],
  [{ code: "no-pairs", line: 1, path: "src/cart.ts", hasProse: false }, "the <<<FILE block for src/cart.ts on line 1 has no SEARCH/REPLACE pairs"],
  [
    { code: "empty-search", line: 2, path: "src/cart.ts" },
    "the SEARCH on line 2 for src/cart.ts is empty; search for the lines next to the change, or use (new) for a new file",
  ],
  [
    { code: "conflicting-edits", path: "src/cart.ts", firstLine: 1, line: 8 },
    "src/cart.ts has a whole-file block and another block (lines 1 and 8); give either its whole content or SEARCH/REPLACE pairs",
  ],
  [{ code: "unreadable" }, "the answer could not be read"],
  [{ code: "unreadable", issue: "Invalid input" }, "Invalid input"],
];

const PLAN_WORDS: ReadonlyArray<[PlanProblem, string]> = [
  [{ code: "new-file-exists", line: 1, path: "src/cart.ts" }, "the block on line 1 creates src/cart.ts, which already exists"],
  [{ code: "created-twice", line: 9, path: "src/prices.ts" }, "src/prices.ts is created twice (the second time on line 9)"],
  [{ code: "not-sent", line: 1, path: "src/cart.ts" }, "the block on line 1 edits src/cart.ts, which the request did not include"],
  [{ code: "created-and-edited", path: "src/prices.ts" }, "src/prices.ts is both created and edited"],
  [
    { code: "search-not-found", line: 7, path: "src/cart.ts", begins: "let total = 0;" },
    'the SEARCH on line 7 for src/cart.ts was not found in the file (it begins "let total = 0;")',
  ],
  [
    { code: "search-ambiguous", line: 2, path: "src/cart.ts", count: 2, lines: [1, 3] },
    "the SEARCH on line 2 for src/cart.ts matches 2 places in the file (lines 1, 3); it must match exactly one",
  ],
  [
    { code: "search-ambiguous", line: 2, path: "src/cart.ts", count: 5, lines: [1, 3, 5] },
    "the SEARCH on line 2 for src/cart.ts matches 5 places in the file (lines 1, 3, 5, …); it must match exactly one",
  ],
  [
    {
      code: "overlapping-edits",
      path: "src/cart.ts",
      first: { answerLine: 2, firstLine: 4, lastLine: 5 },
      second: { answerLine: 7, firstLine: 5, lastLine: 5 },
    },
    "two edits in src/cart.ts change overlapping text: the one on answer line 2 (file lines 4–5) and the one on answer line 7 (file line 5)",
  ],
  [
    { code: "unknown-placeholder", line: 2, path: "src/config.ts", placeholder: "<<JUNCTION_SECRET_9>>" },
    "the edit on line 2 for src/config.ts writes <<JUNCTION_SECRET_9>>, a placeholder Junction cannot turn back into a value; applying it would replace your value with the placeholder",
  ],
];

// Keyed by every code, so a code added without a pinned sentence fails to compile here.
const PARSE_CODES: Record<ParseProblem["code"], true> = {
  "header-without-path": true,
  "header-path-too-long": true,
  "header-unknown-tag": true,
  "marker-outside-file": true,
  "whole-file-interrupted": true,
  "no-end-before-header": true,
  "marker-before-search": true,
  "search-without-separator": true,
  "search-interrupted": true,
  "second-separator": true,
  "replacement-interrupted": true,
  "cut-off-in-block": true,
  "cut-off-in-search": true,
  "cut-off-in-replacement": true,
  "empty-answer": true,
  "no-file-blocks": true,
  "unsafe-path": true,
  "new-file-was-sent": true,
  "not-requested": true,
  "no-pairs": true,
  "empty-search": true,
  "conflicting-edits": true,
  unreadable: true,
};
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

test("every parse code is worded as today's English", () => {
  for (const [problem, english] of PARSE_WORDS) assert.equal(wordParseProblem(problem), english, problem.code);
  assert.deepEqual(new Set(PARSE_WORDS.map(([problem]) => problem.code)), new Set(Object.keys(PARSE_CODES)), "each code is pinned at least once");
});

test("every plan code is worded as today's English", () => {
  for (const [problem, english] of PLAN_WORDS) assert.equal(wordPlanProblem(problem), english, problem.code);
  assert.deepEqual(new Set(PLAN_WORDS.map(([problem]) => problem.code)), new Set(Object.keys(PLAN_CODES)), "each code is pinned at least once");
});

test("refactorErrorDetail words a parse error, a plan error and a path rejection alike", () => {
  assert.equal(refactorErrorDetail({ kind: "no-edits", detail: { code: "empty-answer" } }), "the answer is empty");
  assert.equal(
    refactorErrorDetail({ kind: "unknown-file", detail: { code: "not-sent", line: 1, path: "src/cart.ts" }, path: "src/cart.ts", line: 1 }),
    "the block on line 1 edits src/cart.ts, which the request did not include",
  );
  assert.equal(refactorErrorDetail(rejection("/etc/passwd")), '"/etc/passwd" is absolute; paths must be relative to the workspace');
});

test("describeRefactorError says what went wrong, where, and that nothing was changed", () => {
  const plan = planEdits(
    [{ mode: "search-replace", path: "src/cart.ts", line: 1, blocks: [{ search: "missing();", replace: "x", line: 2 }] }],
    new Map([["src/cart.ts", { text: CART, version: 1 }]]),
    new Map([["src/cart.ts", 1]]),
  );
  assert.ok(!plan.ok);
  assert.equal(
    describeRefactorError(plan.error),
    `The model's answer does not match the current file: the SEARCH on line 2 for src/cart.ts was not found in the file (it begins "missing();"). Nothing was changed.`,
  );
  const parseResult = parseRefactorEdits("<<<FILE ../x (new)\nx\n>>>END", { files: [] });
  assert.ok(!parseResult.ok);
  assert.equal(
    describeRefactorError(parseResult.error),
    `The model's answer names a path Junction will not write to: the block on line 1: "../x" contains a .. segment; edits must stay inside the workspace. Nothing was changed.`,
  );
});

test("each kind of refactor error has its lead", () => {
  const leads: ReadonlyArray<[Parameters<typeof describeRefactorError>[0], string]> = [
    [{ kind: "no-edits", detail: { code: "no-file-blocks" } }, "The model's answer held no edits Junction could read"],
    [{ kind: "malformed", detail: { code: "unreadable" } }, "The model's answer is not in Junction's edit format"],
    [{ kind: "unknown-file", detail: { code: "not-sent", line: 1, path: "a.ts" } }, "The model's answer edits a file the request did not include"],
    [
      { kind: "unsafe-path", detail: { code: "unsafe-path", line: 1, rejection: rejection("../a.ts") } },
      "The model's answer names a path Junction will not write to",
    ],
    [{ kind: "empty-search", detail: { code: "empty-search", line: 2, path: "a.ts" } }, "The model's answer has an edit with nothing to search for"],
    [
      { kind: "conflicting-edits", detail: { code: "conflicting-edits", path: "a.ts", firstLine: 1, line: 8 } },
      "The model's answer edits one file in two conflicting ways",
    ],
    [{ kind: "overlapping-edits", detail: { code: "created-and-edited", path: "a.ts" } }, "The model's answer has edits that overlap"],
    [{ kind: "new-file-exists", detail: { code: "new-file-exists", line: 1, path: "a.ts" } }, "The model's answer creates a file that already exists"],
    [
      { kind: "search-not-found", detail: { code: "search-not-found", line: 2, path: "a.ts", begins: "x" } },
      "The model's answer does not match the current file",
    ],
    [
      { kind: "search-ambiguous", detail: { code: "search-ambiguous", line: 2, path: "a.ts", count: 2, lines: [1, 2] } },
      "The model's answer has an edit that matches more than one place",
    ],
    [
      { kind: "unknown-placeholder", detail: { code: "unknown-placeholder", line: 2, path: "a.ts", placeholder: "<<JUNCTION_SECRET_2>>" } },
      "The model's answer contains a secret placeholder Junction did not send",
    ],
    [{ kind: "not-requested", path: "b.ts", problem: { code: "not-requested" } }, "The model's answer edits a file the request did not include"],
    [{ kind: "symlink-escape", path: "b.ts", problem: { code: "symlink-escape" } }, "The model's answer names a path Junction will not write to"],
    [{ kind: "unresolvable", path: "b.ts", problem: { code: "no-longer-exists" } }, "Junction could not check where an edit would be written"],
  ];
  for (const [error, lead] of leads) {
    assert.equal(describeRefactorError(error), `${lead}: ${refactorErrorDetail(error)}. Nothing was changed.`, error.kind);
  }
});

test("isRefactorError recognises the core's refactor errors and nothing else", () => {
  assert.equal(isRefactorError({ kind: "search-ambiguous", detail: { code: "search-ambiguous", line: 2, path: "a.ts", count: 2, lines: [1, 2] } }), true);
  assert.equal(isRefactorError({ kind: "symlink-escape", path: "x", problem: { code: "symlink-escape" } }), true);
  assert.equal(isRefactorError({ kind: "search-ambiguous", message: "m" }), false, "words without a code are not one");
  assert.equal(isRefactorError({ kind: "toString", detail: { code: "unreadable" } }), false);
  assert.equal(isRefactorError(new Error("search-not-found")), false);
  assert.equal(isRefactorError(null), false);
});
