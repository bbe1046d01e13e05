// route (DESIGN §2–§3): where one request goes and why. Privacy is a hard limit checked first;
// then the user's override, the task kind and its complexity, the budget, and provider health.
import { test } from "node:test";
import assert from "node:assert/strict";
import { isDeepStrictEqual } from "node:util";
import { FALLBACK_PRICE, costUsd, priceFor, quoteCost } from "../../src/core/pricing.ts";
import type { PriceQuote } from "../../src/core/pricing.ts";
import type { PrivacyReason } from "../../src/core/privacy/privacyReasons.ts";
import { REASONING_ALLOWANCE_TOKENS } from "../../src/core/providers/modelParameters.ts";
import { route } from "../../src/core/routing/router.ts";
import type { Decision, RouteContext, RouteFile, RouteRequest } from "../../src/core/routing/router.ts";
import type { ComplexitySignal, RouteReason, RouteReasonCode } from "../../src/core/routing/routeReasons.ts";
import { wordRouteReason } from "../../src/words/routeWords.ts";

const LOCAL_MODEL = "qwen2.5-coder:7b-instruct";
const CLOUD_MODEL = "gpt-4.1";
const CLOUD_PRICE: PriceQuote = price(CLOUD_MODEL);
const LOCAL_DOWN = "Ollama is not running at http://127.0.0.1:11434; start Ollama";
const CLOUD_DOWN = "the cloud model answered 503 Service Unavailable";

// ── builders ──

function price(model: string): PriceQuote {
  const found = priceFor(model);
  assert.ok(found, `${model} is in the price catalog`);
  return found;
}

/** An edited file in a public folder: cloud-allowed, 1,000 tokens, no secrets. */
function aFile(overrides: Partial<RouteFile> = {}): RouteFile {
  return {
    path: "src/cart.ts",
    role: "edited",
    cloudAllowed: true,
    privacyReasons: [{ code: "folder", name: "shop", classification: "public", evidence: [] }, { code: "no-local-only-pattern" }, { code: "not-git-ignored" }],
    tokens: 1_000,
    secrets: 0,
    ...overrides,
  };
}

const BILLING_PRIVATE: PrivacyReason = { code: "folder", name: "billing", classification: "private", evidence: [] };

function aPrivateFile(overrides: Partial<RouteFile> = {}): RouteFile {
  return aFile({ path: "src/billing.ts", cloudAllowed: false, privacyReasons: [BILLING_PRIVATE], ...overrides });
}

function aContextFile(overrides: Partial<RouteFile> = {}): RouteFile {
  return aFile({ path: "src/types.ts", role: "context", tokens: 500, ...overrides });
}

/** `.env` as context: local-only by the default patterns. */
function aLocalOnlyContextFile(overrides: Partial<RouteFile> = {}): RouteFile {
  return aContextFile({
    path: ".env",
    cloudAllowed: false,
    privacyReasons: [{ code: "local-only-pattern", pattern: ".env" }],
    tokens: 40,
    ...overrides,
  });
}

/** A simple single-file refactor of a public file: scores 0, so it stays local. */
function aRequest(overrides: Partial<RouteRequest> = {}): RouteRequest {
  return {
    kind: "refactor",
    files: [aFile()],
    instruction: "extract the discount calculation into a function",
    instructionTokens: 50,
    selectionTokens: 200,
    crossFileReferences: 0,
    maxOutputTokens: 2_000,
    ...overrides,
  };
}

/** Five public files, two of them edited: complex by default, so cloud-bound. */
function aMultiFileRequest(overrides: Partial<RouteRequest> = {}): RouteRequest {
  return aRequest({
    kind: "multi-file refactor",
    files: [
      aFile({ path: "src/cart.ts" }),
      aFile({ path: "src/checkout.ts" }),
      aContextFile({ path: "src/types.ts" }),
      aContextFile({ path: "src/money.ts" }),
      aContextFile({ path: "src/api.ts" }),
    ],
    instruction: "move the tax rules out of the cart",
    ...overrides,
  });
}

function aCompletion(overrides: Partial<RouteRequest> = {}): RouteRequest {
  return {
    kind: "completion",
    files: [aFile({ tokens: 1_200 }), aContextFile({ tokens: 300 })],
    maxOutputTokens: 128,
    ...overrides,
  };
}

interface ContextOverrides extends Partial<Omit<RouteContext, "local" | "cloud" | "budget">> {
  local?: Partial<RouteContext["local"]>;
  cloud?: Partial<RouteContext["cloud"]>;
  budget?: Partial<RouteContext["budget"]>;
}

/** A trusted workspace, both models up, a priced cloud model and an untouched budget. */
function aContext(overrides: ContextOverrides = {}): RouteContext {
  const { local, cloud, budget, ...rest } = overrides;
  return {
    trusted: true,
    completionRoute: "local",
    cloudThreshold: 0.6,
    secretsPolicy: "redact",
    local: { available: true, model: LOCAL_MODEL, endpoint: "http://127.0.0.1:11434", contextTokens: 32_768, remote: false, ...local },
    cloud: { available: true, configured: true, model: CLOUD_MODEL, price: CLOUD_PRICE, ...cloud },
    budget: { sessionUsd: 2, sessionSpentUsd: 0, monthlyUsd: 30, monthSpentUsd: 0, ...budget },
    ...rest,
  };
}

const localDown = { available: false, problem: LOCAL_DOWN };
const cloudDown = { available: false, problem: CLOUD_DOWN };

/** Worst-case cost of sending `inputTokens` and getting `outputTokens` back from the cloud model. */
function cloudCost(inputTokens: number, outputTokens: number): number {
  return quoteCost(CLOUD_PRICE, { input: inputTokens, output: outputTokens });
}

/** A reason with this code whose given parameters are equal to these (the others may be anything). */
function assertReason(decision: Decision, expected: { code: RouteReasonCode } & Record<string, unknown>): void {
  const fits = (reason: RouteReason) => Object.entries(expected).every(([key, value]) => isDeepStrictEqual((reason as Record<string, unknown>)[key], value));
  assert.ok(
    decision.reasons.some(fits),
    `expected a reason like ${JSON.stringify(expected)}, got:\n  ${decision.reasons.map((r) => JSON.stringify(r)).join("\n  ")}`,
  );
}

function assertNoReason(decision: Decision, code: RouteReasonCode): void {
  assert.ok(
    !decision.reasons.some((reason) => reason.code === code),
    `expected no reason ${code}, got:\n  ${decision.reasons.map((r) => r.code).join("\n  ")}`,
  );
}

function complexitySignals(decision: Decision): ComplexitySignal[] {
  const reason = decision.reasons.find((r) => r.code === "complexity");
  assert.ok(reason?.code === "complexity", "no complexity reason");
  return [...reason.signals];
}

const reported = (text: string) => ({ code: "reported", text });

// ── privacy: a hard limit, checked before everything else ──

test("a private edited file never goes to the cloud, even when the user forces it", () => {
  const request = aMultiFileRequest({ files: [aFile(), aPrivateFile()], override: "cloud" });
  const decision = route(request, aContext());
  assert.equal(decision.target, "local");
  assert.equal(decision.model, LOCAL_MODEL);
  assertReason(decision, { code: "privacy-file-local-only", path: "src/billing.ts", why: [BILLING_PRIVATE] });
  assertReason(decision, { code: "asked-cloud-refused" });
  assert.deepEqual(decision.droppedContext, []);
  assert.deepEqual(decision.redactions, []);
  assert.deepEqual(decision.estimate, { inputTokens: 50 + 1_000 + 1_000, outputTokens: 2_000, usd: 0 });
});

test("a complex refactor touching a private file stays on the local model", () => {
  const request = aMultiFileRequest({ files: [aFile(), aPrivateFile(), aContextFile()] });
  const decision = route(request, aContext());
  assert.equal(decision.target, "local");
  assert.equal(decision.model, LOCAL_MODEL);
  assert.ok((decision.complexity ?? 0) >= 0.6, "the refactor is complex");
  assertReason(decision, { code: "privacy-file-local-only", path: "src/billing.ts" });
  assertReason(decision, { code: "complexity", score: 0.6, threshold: 0.6 });
});

test("a private file without recorded reasons is still named as private", () => {
  const decision = route(aRequest({ files: [aPrivateFile({ privacyReasons: [] })] }), aContext());
  assert.equal(decision.target, "local");
  assertReason(decision, { code: "privacy-file-local-only", path: "src/billing.ts", why: [] });
});

test("a local-only context file is dropped from a cloud-bound request, never sent", () => {
  const request = aMultiFileRequest({ files: [aFile(), aFile({ path: "src/checkout.ts" }), aContextFile(), aLocalOnlyContextFile()] });
  const decision = route(request, aContext());
  assert.equal(decision.target, "cloud");
  assert.equal(decision.model, CLOUD_MODEL);
  assert.deepEqual(decision.droppedContext, [".env"]);
  assertReason(decision, { code: "context-left-out", paths: [".env"] });
  // Its tokens are not in the estimate, because it is not sent.
  const sent = 50 + 1_000 + 1_000 + 500;
  assert.deepEqual(decision.estimate, { inputTokens: sent, outputTokens: 2_000, usd: cloudCost(sent, 2_000) });
});

test("a local-only context file does not keep an otherwise cloud-allowed request local", () => {
  const request = aMultiFileRequest({ files: [aFile(), aFile({ path: "src/checkout.ts" }), aLocalOnlyContextFile()] });
  const decision = route(request, aContext());
  assert.equal(decision.target, "cloud");
  assertReason(decision, { code: "privacy-cloud-allowed" });
});

test("a request that stays local drops no context: the local model sees every file", () => {
  const request = aRequest({ files: [aFile(), aLocalOnlyContextFile()] });
  const decision = route(request, aContext());
  assert.equal(decision.target, "local");
  assert.deepEqual(decision.droppedContext, []);
  assert.equal(decision.estimate.inputTokens, 50 + 1_000 + 40);
  assertNoReason(decision, "context-left-out");
});

test("an untrusted workspace never reaches the cloud, even when the user forces it", () => {
  const decision = route(aMultiFileRequest({ override: "cloud" }), aContext({ trusted: false }));
  assert.equal(decision.target, "local");
  assert.equal(decision.model, LOCAL_MODEL);
  assertReason(decision, { code: "privacy-untrusted" });
  assertReason(decision, { code: "asked-cloud-refused" });
});

test("an untrusted workspace keeps a complex refactor local", () => {
  const decision = route(aMultiFileRequest(), aContext({ trusted: false }));
  assert.equal(decision.target, "local");
  assertReason(decision, { code: "privacy-untrusted" });
});

test("secrets in cloud-bound content are redacted when junction.privacy.secrets is redact", () => {
  const request = aMultiFileRequest({
    files: [aFile({ secrets: 2 }), aFile({ path: "src/checkout.ts" }), aContextFile({ path: "src/config.ts", secrets: 1 })],
  });
  const decision = route(request, aContext({ secretsPolicy: "redact" }));
  assert.equal(decision.target, "cloud");
  assert.deepEqual(decision.redactions, [
    { path: "src/cart.ts", secrets: 2 },
    { path: "src/config.ts", secrets: 1 },
  ]);
  assertReason(decision, { code: "secrets-redacted", count: 3 });
});

test("secrets in cloud-bound content keep the request local when junction.privacy.secrets is route-local", () => {
  const request = aMultiFileRequest({ files: [aFile(), aFile({ path: "src/config.ts", secrets: 1 })] });
  const decision = route(request, aContext({ secretsPolicy: "route-local" }));
  assert.equal(decision.target, "local");
  assert.equal(decision.model, LOCAL_MODEL);
  assert.deepEqual(decision.redactions, []);
  assertReason(decision, { code: "privacy-secrets-route-local", sources: [{ path: "src/config.ts" }] });
});

test("a secret typed into the instruction keeps the request local when junction.privacy.secrets is route-local", () => {
  const request = aMultiFileRequest({ files: [aFile(), aFile({ path: "src/checkout.ts" })], instructionSecrets: 1 });
  const decision = route(request, aContext({ secretsPolicy: "route-local" }));
  assert.equal(decision.target, "local");
  assertReason(decision, { code: "privacy-secrets-route-local", sources: [{ instruction: true }] });
});

test("a secret in the instruction is counted for redaction like one in a file", () => {
  const decision = route(
    aMultiFileRequest({ files: [aFile(), aFile({ path: "src/checkout.ts" })], instructionSecrets: 2 }),
    aContext({ secretsPolicy: "redact" }),
  );
  assert.equal(decision.target, "cloud");
  assert.deepEqual(decision.redactions, [{ instruction: true, secrets: 2 }]);
});

test("secrets only in a dropped context file neither block nor need redacting: they are never sent", () => {
  const request = aMultiFileRequest({ files: [aFile(), aFile({ path: "src/checkout.ts" }), aLocalOnlyContextFile({ secrets: 3 })] });
  const decision = route(request, aContext({ secretsPolicy: "route-local" }));
  assert.equal(decision.target, "cloud");
  assert.deepEqual(decision.droppedContext, [".env"]);
  assert.deepEqual(decision.redactions, []);
  assertNoReason(decision, "secrets-redacted");
  assertNoReason(decision, "privacy-secrets-route-local");
});

test("a local model that Ollama proxies to a remote service never receives a private request", () => {
  const decision = route(aRequest({ files: [aPrivateFile()] }), aContext({ local: { model: "gpt-oss:120b-cloud", remote: true } }));
  assert.equal(decision.target, "none");
  assert.equal(decision.model, undefined);
  assert.deepEqual(decision.action, { problem: { code: "local-model-remote", model: "gpt-oss:120b-cloud" }, mayNotLeave: true });
  assertReason(decision, { code: "local-problem", problem: { code: "local-model-remote", model: "gpt-oss:120b-cloud" } });
});

test("a remote-proxied local model may take a request that is allowed to leave the machine", () => {
  const decision = route(aRequest(), aContext({ local: { model: "gpt-oss:120b-cloud", remote: true } }));
  assert.equal(decision.target, "local");
  assert.equal(decision.model, "gpt-oss:120b-cloud");
});

test("a remote-proxied local model that is down is reported by its real problem, not as remote", () => {
  // The request may leave the machine, so the remote proxy is no obstacle: the fix is to start Ollama.
  const context = aContext({ local: { model: "gpt-oss:120b-cloud", remote: true, ...localDown }, cloud: cloudDown });
  const decision = route(aRequest(), context);
  assert.equal(decision.target, "none");
  assert.deepEqual(decision.action?.problem, reported(LOCAL_DOWN));
});

test("a local server that is not trusted names itself as the obstacle for a private request", () => {
  const why =
    "the local endpoint gpu-box.lan:8000 is not on this machine and not listed in junction.privacy.trustedEndpoints, so private code is never sent to it";
  const decision = route(aRequest({ files: [aPrivateFile()] }), aContext({ local: { remote: true, remoteReason: why } }));
  assert.equal(decision.target, "none");
  assert.deepEqual(decision.action, { problem: reported(why), mayNotLeave: true });
  assertReason(decision, { code: "local-problem", problem: reported(why) });
});

test("a remote local side never receives secrets, even where the cloud may see them redacted", () => {
  const request = aRequest({ files: [aFile({ secrets: 2 })] });
  const decision = route(request, aContext({ local: { remote: true, remoteReason: "the local endpoint x is not trusted" } }));
  assert.notEqual(decision.target, "local");
  const onlyLocal = route(request, aContext({ local: { remote: true, remoteReason: "the local endpoint x is not trusted" }, cloud: cloudDown }));
  assert.equal(onlyLocal.target, "none");
  assert.deepEqual(onlyLocal.action?.problem, { code: "remote-with-private-content", remote: reported("the local endpoint x is not trusted") });
});

test("a remote local side never receives local-only context files", () => {
  const decision = route(aRequest({ kind: "refactor", files: [aFile(), aLocalOnlyContextFile()], override: "local" }), aContext({ local: { remote: true } }));
  assert.equal(decision.target, "none");
});

// ── the user's explicit choice ──

test("the user's choice of the cloud model is honoured where privacy allows, even for a simple refactor", () => {
  const decision = route(aRequest({ override: "cloud" }), aContext());
  assert.equal(decision.target, "cloud");
  assert.equal(decision.model, CLOUD_MODEL);
  assertReason(decision, { code: "asked-cloud" });
  assertReason(decision, { code: "routed-to-cloud" });
  assert.equal(decision.complexity, undefined, "an override is not scored");
});

test("the user's choice of the local model is honoured even for a complex refactor", () => {
  const decision = route(aMultiFileRequest({ override: "local" }), aContext());
  assert.equal(decision.target, "local");
  assert.equal(decision.model, LOCAL_MODEL);
  assertReason(decision, { code: "asked-local" });
});

test("the user's choice of the cloud model still respects the budget", () => {
  const decision = route(aRequest({ override: "cloud" }), aContext({ budget: { sessionUsd: 2, sessionSpentUsd: 2 } }));
  assert.equal(decision.target, "local");
  assertReason(decision, { code: "budget-exceeded", period: "session" });
});

test("the user's choice of the cloud model falls back to the local model, with the reason, when the cloud is down", () => {
  const decision = route(aRequest({ override: "cloud" }), aContext({ cloud: cloudDown }));
  assert.equal(decision.target, "local");
  assertReason(decision, { code: "cloud-problem", problem: reported(CLOUD_DOWN) });
});

// ── completions ──

test("completions go to the local model by default", () => {
  const decision = route(aCompletion(), aContext());
  assert.equal(decision.target, "local");
  assert.equal(decision.model, LOCAL_MODEL);
  assertReason(decision, { code: "completion-local" });
  assert.deepEqual(decision.estimate, { inputTokens: 1_500, outputTokens: 128, usd: 0 });
  assert.equal(decision.complexity, undefined, "completions are not scored");
});

test("completions go to the cloud when junction.completion.route is cloud and privacy allows it", () => {
  const decision = route(aCompletion(), aContext({ completionRoute: "cloud" }));
  assert.equal(decision.target, "cloud");
  assert.equal(decision.model, CLOUD_MODEL);
  assertReason(decision, { code: "completion-route-cloud" });
  assert.deepEqual(decision.estimate, { inputTokens: 1_500, outputTokens: 128, usd: cloudCost(1_500, 128) });
});

test("completions of a private file stay local even when junction.completion.route is cloud", () => {
  const decision = route(aCompletion({ files: [aPrivateFile()] }), aContext({ completionRoute: "cloud" }));
  assert.equal(decision.target, "local");
  assertReason(decision, { code: "privacy-file-local-only", path: "src/billing.ts" });
});

test("with junction.completion.route auto, completions use the local model while it is up", () => {
  const decision = route(aCompletion(), aContext({ completionRoute: "auto" }));
  assert.equal(decision.target, "local");
});

test("with junction.completion.route auto, the cloud model stands in for completions only when the local model is down", () => {
  const decision = route(aCompletion(), aContext({ completionRoute: "auto", local: localDown }));
  assert.equal(decision.target, "cloud");
  assert.equal(decision.model, CLOUD_MODEL);
  assertReason(decision, { code: "local-problem", problem: reported(LOCAL_DOWN) });
  assertReason(decision, { code: "completion-auto-cloud-stands-in" });
});

test("with junction.completion.route auto, a private completion with the local model down gets none, never the cloud", () => {
  const decision = route(aCompletion({ files: [aPrivateFile()] }), aContext({ completionRoute: "auto", local: localDown }));
  assert.equal(decision.target, "none");
  assert.deepEqual(decision.action, { problem: reported(LOCAL_DOWN), mayNotLeave: true });
});

test("with junction.completion.route local, completions never go to the cloud; a down local model gives none with the fix", () => {
  const decision = route(aCompletion(), aContext({ completionRoute: "local", local: localDown }));
  assert.equal(decision.target, "none");
  assert.equal(decision.model, undefined);
  assert.deepEqual(decision.action, { problem: reported(LOCAL_DOWN), mayNotLeave: false });
});

test("with junction.completion.route cloud and the cloud model down, completions use the local model", () => {
  const decision = route(aCompletion(), aContext({ completionRoute: "cloud", cloud: cloudDown }));
  assert.equal(decision.target, "local");
  assertReason(decision, { code: "cloud-problem", problem: reported(CLOUD_DOWN) });
});

// ── refactors: complexity ──

test("a multi-file refactor qualifies for the cloud by default", () => {
  const decision = route(aMultiFileRequest(), aContext());
  assert.equal(decision.target, "cloud");
  assert.equal(decision.model, CLOUD_MODEL);
  assert.equal(decision.complexity, 0.6);
  assertReason(decision, { code: "complexity", score: 0.6, threshold: 0.6 });
  assert.deepEqual(complexitySignals(decision)[0], { code: "multi-file", files: 2, points: 0.6 });
  assertReason(decision, { code: "routed-to-cloud" });
});

test("a simple single-file refactor stays on the local model", () => {
  const decision = route(aRequest(), aContext());
  assert.equal(decision.target, "local");
  assert.equal(decision.model, LOCAL_MODEL);
  assert.equal(decision.complexity, 0);
  assertReason(decision, { code: "complexity", score: 0, threshold: 0.6, signals: [] });
});

test("a single-file refactor that fills the local model's window and asks for structural work goes to the cloud", () => {
  const request = aRequest({ files: [aFile({ tokens: 30_000 })], instruction: "migrate this module to the new router API" });
  const decision = route(request, aContext());
  assert.equal(decision.target, "cloud");
  assert.equal(decision.complexity, 0.8);
  const signals = complexitySignals(decision);
  assert.ok(signals.some((signal) => signal.code === "context-fills-window" && signal.windowTokens === 32_768));
  assert.ok(signals.some((signal) => signal.code === "structural-instruction" && signal.cue === "migrate"));
});

test("junction.routing.cloudThreshold decides: a score at the threshold goes to the cloud, below it stays local", () => {
  const request = aRequest({ instruction: "restructure the checkout flow" }); // scores 0.3
  assert.equal(route(request, aContext({ cloudThreshold: 0.3 })).target, "cloud");
  assert.equal(route(request, aContext({ cloudThreshold: 0.31 })).target, "local");
  assert.equal(route(aMultiFileRequest(), aContext({ cloudThreshold: 0.9 })).target, "local");
});

// ── budget ──

test("a refactor whose worst-case cost exceeds what is left of the session budget goes local, with that reason", () => {
  const decision = route(aMultiFileRequest(), aContext({ budget: { sessionUsd: 2, sessionSpentUsd: 1.99 } }));
  assert.equal(decision.target, "local");
  assert.equal(decision.model, LOCAL_MODEL);
  const worst = cloudCost(50 + 2 * 1_000 + 3 * 500, 2_000);
  assertReason(decision, { code: "budget-exceeded", period: "session", worstUsd: worst, spentUsd: 1.99, budgetUsd: 2 });
});

test("a refactor whose worst-case cost exceeds what is left of the monthly budget goes local, with that reason", () => {
  const decision = route(aMultiFileRequest(), aContext({ budget: { monthlyUsd: 30, monthSpentUsd: 29.99 } }));
  assert.equal(decision.target, "local");
  assertReason(decision, { code: "budget-exceeded", period: "month", spentUsd: 29.99, budgetUsd: 30 });
});

test("the worst case counts the most output the request may produce", () => {
  // Input alone fits the remaining $0.01; the 2,000 output tokens ($0.016) do not.
  const request = aMultiFileRequest({ maxOutputTokens: 2_000 });
  assert.equal(route(request, aContext({ budget: { sessionSpentUsd: 1.99 } })).target, "local");
  assert.equal(route({ ...request, maxOutputTokens: 100 }, aContext({ budget: { sessionSpentUsd: 1.99 } })).target, "cloud");
});

test("a cloud request that brings spend to 80 % of the session budget carries a warning", () => {
  // $1.58 spent + up to $0.0231 for this request = $1.6031, just over 80 % of $2.
  const decision = route(aMultiFileRequest(), aContext({ budget: { sessionUsd: 2, sessionSpentUsd: 1.58 } }));
  assert.equal(decision.target, "cloud");
  assert.deepEqual(decision.budgetWarning, { period: "session", percent: 80, budgetUsd: 2 });
  const justUnder = route(aMultiFileRequest(), aContext({ budget: { sessionUsd: 2, sessionSpentUsd: 1.57 } }));
  assert.equal(justUnder.budgetWarning, undefined, "$1.5931 is under 80 %");
});

test("a cloud request that brings spend to 80 % of the monthly budget carries a warning", () => {
  const decision = route(aMultiFileRequest(), aContext({ budget: { monthlyUsd: 30, monthSpentUsd: 25 } }));
  assert.equal(decision.target, "cloud");
  assert.deepEqual(decision.budgetWarning, { period: "month", percent: 83, budgetUsd: 30 });
});

test("a cloud request well within both budgets carries no warning", () => {
  const decision = route(aMultiFileRequest(), aContext({ budget: { sessionSpentUsd: 1, monthSpentUsd: 10 } }));
  assert.equal(decision.target, "cloud");
  assert.equal(decision.budgetWarning, undefined);
});

test("a local decision carries no budget warning, however much has been spent", () => {
  const decision = route(aRequest(), aContext({ budget: { sessionSpentUsd: 1.9 } }));
  assert.equal(decision.target, "local");
  assert.equal(decision.budgetWarning, undefined);
});

test("a model nobody prices still takes the complex refactor: unknown cost, budgeted at the stated fallback rate", () => {
  const decision = route(aMultiFileRequest(), aContext({ cloud: { model: "acme-coder-xl", price: undefined } }));
  assert.equal(decision.target, "cloud");
  assert.equal(decision.model, "acme-coder-xl");
  const assumed = costUsd(FALLBACK_PRICE, { input: 3_550, output: 2_000 });
  assert.deepEqual(decision.estimate, { inputTokens: 3_550, outputTokens: 2_000, usd: undefined, assumedUsd: assumed });
  assertReason(decision, { code: "budget-price-unknown", model: "acme-coder-xl", worstUsd: assumed, inputUsdPerMTok: 15, outputUsdPerMTok: 75 });
  assertReason(decision, { code: "routed-to-cloud" });
});

test("an unknown price is budgeted at the fallback rate: a request it would push over the budget stays local, and says so", () => {
  // The fallback worst case of this request is $0.2032 (3,550 in, 2,000 out); at gpt-4.1's real price ($0.0231) it would fit.
  const decision = route(
    aMultiFileRequest(),
    aContext({ cloud: { model: "acme-coder-xl", price: undefined }, budget: { sessionUsd: 2, sessionSpentUsd: 1.9 } }),
  );
  assert.equal(decision.target, "local");
  assert.deepEqual(decision.stayedLocal, { code: "over-budget" });
  const overBudget = decision.reasons.find((reason) => reason.code === "budget-exceeded");
  assert.equal(overBudget?.code === "budget-exceeded" && overBudget.worstUsd.toFixed(4), "0.2032");
});

test("the user's explicit choice of a model nobody prices goes to the cloud, with the same reason", () => {
  const decision = route(aRequest({ override: "cloud" }), aContext({ cloud: { model: "acme-coder-xl", price: undefined } }));
  assert.equal(decision.target, "cloud");
  assertReason(decision, { code: "budget-price-unknown", model: "acme-coder-xl" });
});

test("a complex refactor that stays local because the cloud is down says why, for the notification", () => {
  const decision = route(aMultiFileRequest(), aContext({ cloud: cloudDown }));
  assert.equal(decision.target, "local");
  assert.deepEqual(decision.stayedLocal, { code: "cloud-cannot-take-it", problem: reported(CLOUD_DOWN) });
});

test("a request that never wanted the cloud carries no stayed-local sentence", () => {
  assert.equal(route(aRequest(), aContext()).stayedLocal, undefined);
  assert.equal(route(aMultiFileRequest(), aContext()).stayedLocal, undefined);
});

// ── provider health ──

test("when the local model is down and privacy allows it, the cloud model stands in, with the reason", () => {
  const decision = route(aRequest(), aContext({ local: localDown }));
  assert.equal(decision.target, "cloud");
  assert.equal(decision.model, CLOUD_MODEL);
  assertReason(decision, { code: "local-problem", problem: reported(LOCAL_DOWN) });
  assertReason(decision, { code: "cloud-stands-in" });
});

test("when the cloud model is down, a complex refactor goes to the local model, with the reason", () => {
  const decision = route(aMultiFileRequest(), aContext({ cloud: cloudDown }));
  assert.equal(decision.target, "local");
  assert.equal(decision.model, LOCAL_MODEL);
  assertReason(decision, { code: "cloud-problem", problem: reported(CLOUD_DOWN) });
});

test("when no cloud model is configured, a complex refactor goes to the local model, with the reason", () => {
  const decision = route(aMultiFileRequest(), aContext({ cloud: { configured: false } }));
  assert.equal(decision.target, "local");
  assertReason(decision, { code: "cloud-problem", problem: { code: "cloud-not-configured" } });
});

test("a private request with the local model down gets none with the local problem as the action, never the cloud", () => {
  const decision = route(aMultiFileRequest({ files: [aPrivateFile()] }), aContext({ local: localDown }));
  assert.equal(decision.target, "none");
  assert.equal(decision.model, undefined);
  assert.deepEqual(decision.action, { problem: reported(LOCAL_DOWN), mayNotLeave: true });
  assertReason(decision, { code: "local-problem", problem: reported(LOCAL_DOWN) });
  assert.deepEqual(decision.estimate, { inputTokens: 0, outputTokens: 0, usd: 0 });
  assert.deepEqual(decision.droppedContext, []);
  assert.deepEqual(decision.redactions, []);
});

test("a private request with the local model down gets none even when the user forces the cloud", () => {
  const decision = route(aRequest({ files: [aPrivateFile()], override: "cloud" }), aContext({ local: localDown }));
  assert.equal(decision.target, "none");
  assert.deepEqual(decision.action, { problem: reported(LOCAL_DOWN), mayNotLeave: true });
});

test("a local model reported down without a problem is named by its endpoint", () => {
  const decision = route(aRequest({ files: [aPrivateFile()] }), aContext({ local: { available: false } }));
  assert.equal(decision.target, "none");
  assert.deepEqual(decision.action?.problem, { code: "local-unavailable", endpoint: "http://127.0.0.1:11434" });
});

test("with both models down, a complex refactor gets none with both problems in the action", () => {
  const decision = route(aMultiFileRequest(), aContext({ local: localDown, cloud: cloudDown }));
  assert.equal(decision.target, "none");
  assert.deepEqual(decision.action, {
    problem: reported(LOCAL_DOWN),
    mayNotLeave: false,
    because: { code: "cloud-cannot-take-it", problem: reported(CLOUD_DOWN) },
  });
});

test("with the local model down and no budget left, a complex refactor gets none that names the budget", () => {
  const decision = route(aMultiFileRequest(), aContext({ local: localDown, budget: { sessionSpentUsd: 2 } }));
  assert.equal(decision.target, "none");
  assert.deepEqual(decision.action, { problem: reported(LOCAL_DOWN), mayNotLeave: false, because: { code: "over-budget" } });
  assertReason(decision, { code: "budget-exceeded", period: "session" });
});

// ── the estimate ──

test("a cloud estimate sums the instruction and every file sent, with the worst-case output priced from the table", () => {
  const decision = route(aMultiFileRequest(), aContext());
  assert.equal(decision.target, "cloud");
  // 50 instruction + 2 × 1,000 edited + 3 × 500 context; gpt-4.1 is $2 in / $8 out per million.
  assert.deepEqual(decision.estimate, { inputTokens: 3_550, outputTokens: 2_000, usd: (3_550 * 2 + 2_000 * 8) / 1_000_000 });
});

test("a reasoning cloud model's worst case counts the reasoning it may do on top of the answer", () => {
  const quote = price("gpt-5-mini");
  const decision = route(aMultiFileRequest(), aContext({ cloud: { model: "gpt-5-mini", price: quote } }));
  assert.equal(decision.target, "cloud");
  assert.equal(decision.estimate.outputTokens, 2_000 + REASONING_ALLOWANCE_TOKENS);
  assert.equal(decision.estimate.usd, quoteCost(quote, { input: 3_550, output: 2_000 + REASONING_ALLOWANCE_TOKENS }));
});

test("a local estimate counts the same tokens and costs nothing", () => {
  const decision = route(aMultiFileRequest({ override: "local" }), aContext());
  assert.deepEqual(decision.estimate, { inputTokens: 3_550, outputTokens: 2_000, usd: 0 });
});

test("a request without instruction tokens counts its files only", () => {
  const decision = route(aRequest({ instructionTokens: undefined }), aContext());
  assert.equal(decision.estimate.inputTokens, 1_000);
});

// ── properties of every decision ──

/** Every combination of the facts the router weighs, each a named scenario. */
function scenarios(): Array<{ name: string; request: RouteRequest; context: RouteContext }> {
  const requests: Record<string, RouteRequest> = {
    "public completion": aCompletion(),
    "private completion": aCompletion({ files: [aPrivateFile()] }),
    "simple refactor": aRequest(),
    "private refactor": aRequest({ files: [aPrivateFile()] }),
    "multi-file refactor": aMultiFileRequest(),
    "multi-file with .env context": aMultiFileRequest({ files: [aFile(), aFile({ path: "src/checkout.ts" }), aLocalOnlyContextFile({ secrets: 1 })] }),
    "multi-file with secrets": aMultiFileRequest({ files: [aFile({ secrets: 1 }), aFile({ path: "src/checkout.ts" })] }),
    "private multi-file": aMultiFileRequest({ files: [aFile(), aPrivateFile()] }),
  };
  const contexts: Record<string, ContextOverrides> = {
    "all up": {},
    untrusted: { trusted: false },
    "local down": { local: localDown },
    "cloud down": { cloud: cloudDown },
    "both down": { local: localDown, cloud: cloudDown },
    "no cloud configured": { cloud: { configured: false } },
    "remote local model": { local: { remote: true } },
    "remote local model down": { local: { remote: true, ...localDown } },
    "unknown price": { cloud: { price: undefined } },
    "budget spent": { budget: { sessionSpentUsd: 2 } },
    "route-local secrets": { secretsPolicy: "route-local" },
    "completion route cloud": { completionRoute: "cloud" },
    "completion route auto, local down": { completionRoute: "auto", local: localDown },
  };
  const all: Array<{ name: string; request: RouteRequest; context: RouteContext }> = [];
  for (const [requestName, request] of Object.entries(requests)) {
    for (const [contextName, context] of Object.entries(contexts)) {
      for (const override of [undefined, "local", "cloud"] as const) {
        all.push({ name: `${requestName} / ${contextName} / override ${override ?? "none"}`, request: { ...request, override }, context: aContext(context) });
      }
    }
  }
  return all;
}

test("the same request and context always give a deep-equal decision", () => {
  for (const { name, request, context } of scenarios()) {
    const first = route(request, context);
    const again = route(structuredClone(request), structuredClone(context));
    assert.deepEqual(again, first, name);
  }
});

test("routing does not change the request or the context it is given", () => {
  for (const { name, request, context } of scenarios()) {
    const requestBefore = structuredClone(request);
    const contextBefore = structuredClone(context);
    route(request, context);
    assert.deepEqual(request, requestBefore, name);
    assert.deepEqual(context, contextBefore, name);
  }
});

test("every decision has at least one reason, and a none decision says what to do", () => {
  for (const { name, request, context } of scenarios()) {
    const decision = route(request, context);
    assert.ok(decision.reasons.length >= 1, `${name}: no reason`);
    assert.ok(
      decision.reasons.every((reason) => wordRouteReason(reason).trim().length > 0),
      `${name}: an empty reason`,
    );
    if (decision.target === "none") {
      assert.ok(decision.action, `${name}: none without an action`);
      assert.equal(decision.model, undefined, name);
    } else {
      assert.equal(decision.action, undefined, name);
      assert.ok(decision.model, `${name}: no model`);
    }
  }
});

test("no combination of facts sends private code to the cloud or to a remote-proxied local model", () => {
  for (const { name, request, context } of scenarios()) {
    const decision = route(request, context);
    const sendsPrivate =
      !context.trusted ||
      request.files.some((file) => file.role === "edited" && !file.cloudAllowed) ||
      (context.secretsPolicy === "route-local" && request.files.some((file) => file.cloudAllowed && file.secrets > 0));
    if (sendsPrivate) {
      assert.notEqual(decision.target, "cloud", name);
      if (context.local.remote) assert.notEqual(decision.target, "local", name);
    }
    if (context.local.remote && decision.target === "local") {
      assert.ok(
        request.files.every((file) => file.cloudAllowed && file.secrets === 0),
        `${name}: a remote local side got a secret or a local-only file`,
      );
    }
    if (decision.target === "cloud") {
      const notAllowed = request.files.filter((file) => !file.cloudAllowed).map((file) => file.path);
      assert.deepEqual(decision.droppedContext, notAllowed, `${name}: every file that may not leave is dropped`);
      assert.ok(
        context.cloud.price ? decision.estimate.usd !== undefined : decision.estimate.assumedUsd !== undefined && decision.estimate.assumedUsd > 0,
        `${name}: a cloud decision without a cost or a fallback estimate`,
      );
    } else {
      assert.deepEqual(decision.droppedContext, [], name);
      assert.deepEqual(decision.redactions, [], name);
      assert.equal(decision.budgetWarning, undefined, name);
    }
  }
});

test("privacyReasons carries the privacy step's reasons as data, never empty, for the refusal to quote", () => {
  for (const request of [aMultiFileRequest(), aMultiFileRequest({ files: [aFile(), aPrivateFile()], override: "cloud" }), aCompletion()]) {
    for (const context of [aContext(), aContext({ trusted: false })]) {
      const decision = route(request, context);
      assert.ok(decision.privacyReasons.length > 0);
      assert.deepEqual(
        decision.privacyReasons,
        decision.reasons.filter((reason) => reason.code.startsWith("privacy-")),
      );
    }
  }
});
