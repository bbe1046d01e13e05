// scoreComplexity (DESIGN §3): how hard a refactor is, 0–1, with one signal (a code and its points) per
// contribution; test/unit/routeWords.test.ts checks their words.
// A score at or above junction.routing.cloudThreshold (default 0.6) is cloud-bound where privacy allows.
import { test } from "node:test";
import assert from "node:assert/strict";
import { scoreComplexity } from "../../src/core/routing/complexity.ts";
import type { ComplexityInput } from "../../src/core/routing/complexity.ts";

// ── builders ──

/** A small single-file refactor with a plain instruction: every contribution is zero. */
function anInput(overrides: Partial<ComplexityInput> = {}): ComplexityInput {
  return {
    multiFile: false,
    editedFiles: 1,
    contextTokens: 2_000,
    localContextTokens: 32_768,
    crossFileReferences: 0,
    instruction: "extract the discount calculation into a function",
    selectionTokens: 200,
    ...overrides,
  };
}

function scoreOf(instruction: string): number {
  return scoreComplexity(anInput({ instruction })).score;
}

// ── contributions ──

test("a small single-file refactor with a plain instruction scores 0, with no signals", () => {
  assert.deepEqual(scoreComplexity(anInput()), { score: 0, signals: [] });
});

test("a multi-file refactor scores 0.6 on its own, enough for the default threshold", () => {
  assert.deepEqual(scoreComplexity(anInput({ multiFile: true, editedFiles: 3 })), { score: 0.6, signals: [{ code: "multi-file", files: 3, points: 0.6 }] });
});

test("editing more than one file counts as multi-file even when the request kind does not say so", () => {
  assert.deepEqual(scoreComplexity(anInput({ editedFiles: 2 })), { score: 0.6, signals: [{ code: "multi-file", files: 2, points: 0.6 }] });
});

test("a multi-file request naming fewer than two edited files is reported as two files", () => {
  assert.deepEqual(scoreComplexity(anInput({ multiFile: true, editedFiles: 1 })).signals, [{ code: "multi-file", files: 2, points: 0.6 }]);
});

test("context filling more than 80 % of the local model's window adds 0.5", () => {
  const result = scoreComplexity(anInput({ contextTokens: 27_000, localContextTokens: 32_768 }));
  assert.deepEqual(result, {
    score: 0.5,
    signals: [{ code: "context-fills-window", tokens: 27_000, percent: 82, windowTokens: 32_768, points: 0.5 }],
  });
});

test("context over half the local model's window adds 0.2", () => {
  const result = scoreComplexity(anInput({ contextTokens: 20_000, localContextTokens: 32_768 }));
  assert.deepEqual(result, { score: 0.2, signals: [{ code: "context-over-half-window", tokens: 20_000, points: 0.2 }] });
});

test("context at exactly half or 80 % of the window falls in the lower band", () => {
  assert.equal(scoreComplexity(anInput({ contextTokens: 5_000, localContextTokens: 10_000 })).score, 0);
  assert.equal(scoreComplexity(anInput({ contextTokens: 8_000, localContextTokens: 10_000 })).score, 0.2);
  assert.equal(scoreComplexity(anInput({ contextTokens: 8_001, localContextTokens: 10_000 })).score, 0.5);
});

test("an unknown local context window (0) counts as full", () => {
  assert.equal(scoreComplexity(anInput({ contextTokens: 100, localContextTokens: 0 })).score, 0.5);
});

test("three or more cross-file references add 0.2; fewer add nothing", () => {
  assert.deepEqual(scoreComplexity(anInput({ crossFileReferences: 3 })), { score: 0.2, signals: [{ code: "cross-file-references", count: 3, points: 0.2 }] });
  assert.equal(scoreComplexity(anInput({ crossFileReferences: 2 })).score, 0);
});

test("an instruction asking for structural work adds 0.3 and quotes the cue", () => {
  assert.deepEqual(scoreComplexity(anInput({ instruction: "Migrate the store to Redux Toolkit" })), {
    score: 0.3,
    signals: [{ code: "structural-instruction", cue: "Migrate", points: 0.3 }],
  });
});

test("a selection over 1,500 tokens adds 0.2; over 400 adds 0.1; up to 400 adds nothing", () => {
  assert.deepEqual(scoreComplexity(anInput({ selectionTokens: 1_501 })), { score: 0.2, signals: [{ code: "large-selection", tokens: 1_501, points: 0.2 }] });
  assert.deepEqual(scoreComplexity(anInput({ selectionTokens: 1_500 })), { score: 0.1, signals: [{ code: "medium-selection", tokens: 1_500, points: 0.1 }] });
  assert.deepEqual(scoreComplexity(anInput({ selectionTokens: 401 })), { score: 0.1, signals: [{ code: "medium-selection", tokens: 401, points: 0.1 }] });
  assert.deepEqual(scoreComplexity(anInput({ selectionTokens: 400 })), { score: 0, signals: [] });
});

test("contributions add up, one signal each, in a fixed order", () => {
  const result = scoreComplexity(anInput({ contextTokens: 20_000, crossFileReferences: 4, instruction: "restructure the checkout", selectionTokens: 500 }));
  assert.equal(result.score, 0.8);
  assert.deepEqual(
    result.signals.map((signal) => signal.code),
    ["context-over-half-window", "cross-file-references", "structural-instruction", "medium-selection"],
  );
});

test("sums are rounded to two decimals, so 0.1 + 0.2 scores exactly 0.3", () => {
  const result = scoreComplexity(anInput({ crossFileReferences: 3, selectionTokens: 500 }));
  assert.equal(result.score, 0.3);
});

test("the score is clamped to 1 when every contribution applies, and every signal is still given", () => {
  const result = scoreComplexity({
    multiFile: true,
    editedFiles: 6,
    contextTokens: 30_000,
    localContextTokens: 32_768,
    crossFileReferences: 12,
    instruction: "rename Customer to Account across the codebase",
    selectionTokens: 3_000,
  });
  assert.equal(result.score, 1);
  assert.equal(result.signals.length, 5);
});

// ── instruction cues ──

test("instruction cues for structural work are recognised", () => {
  const cues = [
    "rename userId across all services",
    "rename getUser everywhere",
    "rename the prop in all components",
    "migrate from Express to Fastify",
    "Migration to the new API",
    "restructure the payments module",
    "re-architect the plugin loader",
    "rearchitect the cache",
    "redesign the event bus",
    "split the god class into three services",
    "apply this change across all files",
    "update the logging across these modules",
    "convert the class components to hooks",
    "Convert callbacks to promises",
    "port the parser to Rust",
    "extract the auth code into its own module",
    "extract a billing service",
    "introduce dependency injection for the repositories",
    "turn the connection handling into a state machine",
  ];
  for (const instruction of cues) assert.equal(scoreOf(instruction), 0.3, instruction);
});

test("ordinary local refactor instructions are not cues", () => {
  const plain = [
    "",
    "extract function",
    "add types",
    "add docs to this function",
    "simplify this loop",
    "rename this variable",
    "rename foo to bar",
    "rename the callback",
    "fix the off-by-one error",
    "handle the immigration form validation",
    "transport the value to the caller",
    "support the report totals",
    "the converter to CSV is slow; make it faster",
    "extract the modulo check",
  ];
  for (const instruction of plain) assert.equal(scoreOf(instruction), 0, JSON.stringify(instruction));
});
