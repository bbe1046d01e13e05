// The words of the router's codes (src/core/routing/routeWords.ts): the English a user reads in the ledger,
// Explain Route, the refactor notifications and chat refusals. The router's own tests assert codes;
// these pin the sentences those codes become, so a reworded reason is a deliberate change.
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  wordBudgetWarning,
  wordComplexitySignal,
  wordRefusal,
  wordRouteAction,
  wordRouteReason,
  wordSideProblem,
  wordStayedLocal,
} from "../../src/words/routeWords.ts";
import type { RouteReason } from "../../src/core/routing/routeReasons.ts";

test("a local-only file is named with the classifier's reasons, or as private when it gave none", () => {
  assert.equal(
    wordRouteReason({
      code: "privacy-file-local-only",
      path: "src/billing.ts",
      why: [
        { code: "local-only-pattern", pattern: "src/billing/**" },
        { code: "ai-ignore-pattern", pattern: "billing/", file: ".aiignore", line: 3 },
      ],
    }),
    "privacy: src/billing.ts is local-only: matches junction.privacy.localOnlyFiles pattern src/billing/**; matches billing/ in .aiignore, line 3",
  );
  assert.equal(wordRouteReason({ code: "privacy-file-local-only", path: "notes.md", why: [] }), "privacy: notes.md is local-only: private");
});

test("secrets that keep a request local name each place they were found, the instruction included", () => {
  assert.equal(
    wordRouteReason({ code: "privacy-secrets-route-local", sources: [{ path: "src/config.ts" }, { instruction: true }] }),
    'privacy: secrets found in src/config.ts, the instruction and junction.privacy.secrets is "route-local"',
  );
});

test("a remote local side with private content says both what it is and why that matters", () => {
  const problem = wordSideProblem({ code: "remote-with-private-content", remote: { code: "local-model-remote", model: "gpt-oss:120b-cloud" } });
  assert.equal(
    problem,
    "the local model gpt-oss:120b-cloud runs on a remote service through Ollama; choose a model that runs on this machine, and the request holds secrets or local-only context",
  );
  assert.equal(wordSideProblem({ code: "reported", text: "Ollama is not running" }), "Ollama is not running");
});

test("an action says the request may not leave, and first why the cloud could not take it", () => {
  const notRunning = { code: "reported", text: "Ollama is not running" } as const;
  assert.equal(wordRouteAction({ problem: notRunning, mayNotLeave: true }), "This request may not leave the machine and Ollama is not running.");
  assert.equal(wordRouteAction({ problem: notRunning, mayNotLeave: false }), "Ollama is not running");
  assert.equal(
    wordRouteAction({ problem: notRunning, mayNotLeave: false, because: { code: "cloud-cannot-take-it", problem: { code: "cloud-unavailable" } } }),
    "The cloud model cannot take it: the cloud model is unavailable. Ollama is not running",
  );
  assert.equal(
    wordRouteAction({ problem: notRunning, mayNotLeave: false, because: { code: "over-budget" } }),
    "The cloud budget does not allow it. Ollama is not running",
  );
  assert.equal(wordStayedLocal({ code: "over-budget" }), "the cloud budget does not allow it");
});

test("a refusal words the action when there is one, else the reasons", () => {
  const reasons: RouteReason[] = [{ code: "privacy-untrusted" }, { code: "asked-cloud-refused" }];
  assert.equal(
    wordRefusal({ action: undefined, reasons }),
    "privacy: the workspace is not trusted (Workspace Trust), so it is local-only; you asked for the cloud model: refused, because privacy forbids it",
  );
  assert.equal(
    wordRefusal({ action: { problem: { code: "cloud-not-configured" }, mayNotLeave: false }, reasons }),
    wordSideProblem({ code: "cloud-not-configured" }),
  );
});

test("budget warnings and the budget reasons carry dollars with fixed decimals", () => {
  assert.equal(wordBudgetWarning({ period: "session", percent: 80, budgetUsd: 2 }), "cloud spend reaches 80 % of the session budget ($2.00)");
  assert.equal(wordBudgetWarning({ period: "month", percent: 83, budgetUsd: 30 }), "cloud spend reaches 83 % of the monthly budget ($30.00)");
  assert.equal(
    wordRouteReason({ code: "budget-exceeded", period: "session", worstUsd: 0.12345, spentUsd: 1.9, budgetUsd: 2 }),
    "budget: up to $0.1235 would exceed the session budget ($1.90 of $2.00 spent)",
  );
  assert.equal(
    wordRouteReason({ code: "budget-price-unknown", model: "acme-coder-xl", worstUsd: 0.6, inputUsdPerMTok: 15, outputUsdPerMTok: 75 }),
    "budget: no price is known for acme-coder-xl, so its cost shows as unknown and the budget counts up to $0.6000 at a conservative $15 in / $75 out per million tokens (set its price in junction.pricing.models)",
  );
});

test("complexity is worded as score against threshold with each signal and its points", () => {
  assert.equal(
    wordRouteReason({ code: "complexity", score: 0.6, threshold: 0.6, signals: [{ code: "multi-file", files: 2, points: 0.6 }] }),
    "complexity 0.60 ≥ threshold 0.60: multi-file change (2 files) (+0.6)",
  );
  assert.equal(wordRouteReason({ code: "complexity", score: 0, threshold: 0.6, signals: [] }), "complexity 0.00 < threshold 0.60");
  assert.equal(
    wordComplexitySignal({ code: "context-fills-window", tokens: 27_000, percent: 82, windowTokens: 32_768, points: 0.5 }),
    "context of 27000 tokens fills 82 % of the local model's 32768-token window (+0.5)",
  );
  assert.equal(
    wordComplexitySignal({ code: "structural-instruction", cue: "Migrate", points: 0.3 }),
    'the instruction asks for structural work ("Migrate") (+0.3)',
  );
});

test("every reason code has words (the switch is exhaustive; none is empty)", () => {
  const problem = { code: "cloud-unavailable" } as const;
  const every: RouteReason[] = [
    { code: "privacy-untrusted" },
    { code: "privacy-file-local-only", path: "a.ts", why: [] },
    { code: "privacy-secrets-route-local", sources: [{ path: "a.ts" }] },
    { code: "privacy-cloud-allowed" },
    { code: "context-left-out", paths: ["b.ts"] },
    { code: "secrets-redacted", count: 2 },
    { code: "local-problem", problem },
    { code: "cloud-problem", problem },
    { code: "budget-price-unknown", model: "m", worstUsd: 1, inputUsdPerMTok: 1, outputUsdPerMTok: 1 },
    { code: "budget-exceeded", period: "month", worstUsd: 1, spentUsd: 1, budgetUsd: 1 },
    { code: "routed-to-cloud" },
    { code: "asked-cloud-refused" },
    { code: "asked-cloud" },
    { code: "asked-local" },
    { code: "completion-route-cloud" },
    { code: "completion-local" },
    { code: "completion-auto-cloud-stands-in" },
    { code: "complexity", score: 0.7, threshold: 0.6, signals: [] },
    { code: "cloud-stands-in" },
    { code: "chat-oldest-left-out", count: 3 },
    { code: "chat-tools-left-out", count: 40, model: "deepseek-coder" },
  ];
  const words = every.map(wordRouteReason);
  for (const [index, sentence] of words.entries()) assert.ok(sentence.length > 10, `${every[index]?.code}: ${sentence}`);
  assert.equal(new Set(words).size, words.length, "two codes share their words");
  assert.equal(wordRouteReason({ code: "cloud-problem", problem }), "cloud: the cloud model is unavailable; using the local model");
  assert.equal(
    wordRouteReason({ code: "chat-tools-left-out", count: 40, model: "deepseek-coder" }),
    "sent without its 40 tools, since deepseek-coder cannot call tools",
  );
});
