// The English of an invalid setting (src/core/settingsWords.ts): each of Junction's checks, zod's
// own words kept as they came, zod's layout of the issues, the count of the rest, the bound on the
// length, and what Junction uses instead. config.test.ts and badInput.settings.test.ts assert the
// codes parseConfig gives; this pins the sentences the log and the notification show.
import { test } from "node:test";
import assert from "node:assert/strict";
import { parseConfig } from "../../src/core/config.ts";
import type { SettingIssue, SettingOutcome, SettingProblem } from "../../src/core/config.ts";
import { describeSettingProblems, wordSettingIssue, wordSettingProblem, wordSettingProblems } from "../../src/words/settingsWords.ts";

function aProblem(issues: SettingIssue[], outcome: SettingOutcome = { code: "fallback" }, more = 0): SettingProblem {
  return { key: "junction.local.endpoint", issues, more, outcome };
}

const SENTENCES: [SettingIssue, string][] = [
  [{ path: [], code: "url-too-long", maxLength: 2048 }, "must be an http:// or https:// URL of at most 2048 characters"],
  [{ path: [], code: "not-http-url" }, "must be an http:// or https:// URL"],
  [
    { path: [], code: "url-credentials" },
    "must not contain a user name or password (URLs are written to the log); remove the part before @ and set the cloud API key with the command Junction: Set Cloud API Key",
  ],
  [{ path: [], code: "empty" }, "must not be empty"],
  [{ path: [], code: "name-too-long", maxLength: 256 }, "must be a model name of at most 256 characters"],
  [{ path: [], code: "pattern-too-long", maxLength: 1024 }, "must be a pattern of at most 1024 characters"],
  [{ path: [], code: "negative" }, "must be zero or more"],
  [{ path: [], code: "zod", message: "Invalid input: expected boolean, received string" }, "Invalid input: expected boolean, received string"],
];

for (const [issue, sentence] of SENTENCES) {
  test(`the ${issue.code} check says "${sentence.slice(0, 40)}…", as zod's ✖ bullet`, () => {
    assert.equal(wordSettingIssue(issue), sentence);
    assert.deepEqual(wordSettingProblem(aProblem([issue])), { key: "junction.local.endpoint", message: `✖ ${sentence}` });
  });
}

test("issues keep zod's layout: where each one is, the shortest paths first", () => {
  const problem = aProblem([
    { path: ["gpt-5", "inputUsdPerMTok"], code: "negative" },
    { path: [], code: "zod", message: "Invalid input" },
    { path: [3], code: "empty" },
    { path: ["a model"], code: "zod", message: "Invalid input: expected object, received number" },
  ]);
  assert.equal(
    wordSettingProblem(problem).message,
    [
      "✖ Invalid input",
      "✖ must not be empty",
      "  → at [3]",
      "✖ Invalid input: expected object, received number",
      '  → at ["a model"]',
      "✖ must be zero or more",
      '  → at ["gpt-5"].inputUsdPerMTok',
    ].join("\n"),
  );
});

test("the issues beyond those shown are counted, one and many", () => {
  const issue: SettingIssue = { path: [0], code: "empty" };
  assert.equal(wordSettingProblem(aProblem([issue], { code: "fallback" }, 1)).message, "✖ must not be empty\n  → at [0]\n✖ and 1 more problem like these");
  assert.equal(
    wordSettingProblem(aProblem([issue], { code: "fallback" }, 99_997)).message,
    "✖ must not be empty\n  → at [0]\n✖ and 99997 more problems like these",
  );
});

test("the issues' text is cut at 500 characters, before what Junction uses instead", () => {
  const issue: SettingIssue = { path: ["x".repeat(1_000)], code: "negative" };
  const issues = wordSettingProblem(aProblem([issue])).message;
  assert.equal(issues.length, 500);
  assert.ok(issues.endsWith("…"));
  const kept = wordSettingProblem(aProblem([issue], { code: "valid-entries", kept: 2, withDefaults: false })).message;
  assert.equal(kept, `${issues}; invalid entries are skipped, the 2 valid entries are kept`);
});

test("an endpoint used without its credentials says which one", () => {
  const problem = aProblem([{ path: [], code: "url-credentials" }], { code: "without-credentials", endpoint: "https://models.example.com/v1" });
  assert.match(
    wordSettingProblem(problem).message,
    /^✖ must not contain a user name or password .*; until then Junction uses https:\/\/models\.example\.com\/v1$/,
  );
});

const KEPT: [kept: number, withDefaults: boolean, ending: string][] = [
  [0, false, "invalid entries are skipped, no entry is valid"],
  [1, false, "invalid entries are skipped, the 1 valid entry is kept"],
  [5, false, "invalid entries are skipped, the 5 valid entries are kept"],
  [0, true, "invalid entries are skipped, no entry is valid together with the default patterns"],
  [1, true, "invalid entries are skipped, the 1 valid entry is kept together with the default patterns"],
  [5, true, "invalid entries are skipped, the 5 valid entries are kept together with the default patterns"],
];

for (const [kept, withDefaults, ending] of KEPT) {
  test(`a privacy list keeping ${kept} entries${withDefaults ? " and the defaults" : ""} says "${ending}"`, () => {
    const problem = aProblem([{ path: [1], code: "empty" }], { code: "valid-entries", kept, withDefaults });
    assert.equal(wordSettingProblem(problem).message, `✖ must not be empty\n  → at [1]; ${ending}`);
  });
}

test("parsed and worded: a list with an empty pattern, the sentence the user reads", () => {
  const { problems } = parseConfig({ "privacy.localOnlyFiles": ["fixtures/**", ""] });
  assert.deepEqual(wordSettingProblems(problems), [
    {
      key: "junction.privacy.localOnlyFiles",
      message: "✖ must not be empty\n  → at [1]; invalid entries are skipped, the 1 valid entry is kept together with the default patterns",
    },
  ]);
});

test("describeSettingProblems joins the worded problems on one line, each named by its key", () => {
  assert.equal(
    describeSettingProblems([
      { key: "junction.budget.sessionUsd", message: "✖ must be zero or more" },
      { key: "junction.pricing.models", message: "✖ must be zero or more\n  → at gpt-5.inputUsdPerMTok" },
    ]),
    "junction.budget.sessionUsd: ✖ must be zero or more; junction.pricing.models: ✖ must be zero or more   → at gpt-5.inputUsdPerMTok",
  );
});
