// checkLocalHealth and healthAfterFailure: what the status bar learns about the local model.
import { test } from "node:test";
import assert from "node:assert/strict";
import { ProviderError } from "../../src/core/errors.ts";
import type { ProviderProblem } from "../../src/core/errors.ts";
import { checkLocalHealth, healthAfterFailure } from "../../src/core/health.ts";
import { OllamaProvider } from "../../src/core/providers/ollamaProvider.ts";
import { startFakeOllama } from "../fakes/fakeOllama.ts";
import type { FakeOllamaOptions } from "../fakes/fakeOllama.ts";

const CODE_MODEL = "qwen2.5-coder:1.5b-base";
const INSTRUCT_MODEL = "qwen2.5-coder:7b-instruct";
const CLOUD_MODEL = "gpt-oss:120b-cloud";
const ENDPOINT = "http://127.0.0.1:11434";

async function setup(t: { after(fn: () => Promise<void>): void }, options: FakeOllamaOptions = {}) {
  const fake = await startFakeOllama(options);
  t.after(() => fake.stop());
  return { fake, provider: new OllamaProvider({ endpoint: fake.url }) };
}

function providerError(kind: ProviderError["kind"], problem: ProviderProblem = { code: "server-said", text: `failed: ${kind}` }): ProviderError {
  return new ProviderError({ kind, side: "local", endpoint: ENDPOINT, model: CODE_MODEL, problem });
}

// ── checkLocalHealth ──

test("a server with a fill-in-the-middle model is ready, with its version and simulated flag", async (t) => {
  const { fake, provider } = await setup(t, { version: "0.12.9", simulated: true });
  assert.deepEqual(await checkLocalHealth(provider, CODE_MODEL), {
    state: "ready",
    endpoint: fake.url,
    server: { product: "ollama", version: "0.12.9" },
    simulated: true,
    model: CODE_MODEL,
  });
});

test("a server that does not say it is simulated is ready and not simulated", async (t) => {
  const { provider } = await setup(t);
  const health = await checkLocalHealth(provider, CODE_MODEL);
  assert.equal(health.state, "ready");
  assert.equal(health.state === "ready" && health.simulated, false);
});

test("an endpoint where nothing listens is unavailable as unreachable", async () => {
  const fake = await startFakeOllama();
  await fake.stop();
  const health = await checkLocalHealth(new OllamaProvider({ endpoint: fake.url }), CODE_MODEL);
  assert.equal(health.state, "unavailable");
  assert.equal(health.state === "unavailable" && health.problem, "unreachable");
  assert.equal(health.endpoint, fake.url);
});

test("a model the server does not have is unavailable as model-not-found", async (t) => {
  const { provider } = await setup(t);
  const health = await checkLocalHealth(provider, "nope:1b");
  assert.equal(health.state === "unavailable" && health.problem, "model-not-found");
  assert.equal(health.state === "unavailable" && health.model, "nope:1b");
});

test("a model without insert and without a FIM format Junction knows is unavailable as model-lacks-insert", async (t) => {
  const { provider } = await setup(t, { models: [{ name: "llama3.2:3b", capabilities: ["completion", "tools"] }] });
  const health = await checkLocalHealth(provider, "llama3.2:3b");
  assert.equal(health.state === "unavailable" && health.problem, "model-lacks-insert");
  assert.deepEqual(health.state === "unavailable" && health.detail, { code: "model-lacks-insert", model: "llama3.2:3b" });
});

test("a model without insert whose family's FIM tokens Junction knows is ready (it is prompted raw)", async (t) => {
  const { provider } = await setup(t);
  const health = await checkLocalHealth(provider, INSTRUCT_MODEL);
  assert.equal(health.state, "ready");
});

test("a model Ollama proxies to a remote service is unavailable as model-is-remote", async (t) => {
  const { provider } = await setup(t);
  const health = await checkLocalHealth(provider, CLOUD_MODEL);
  assert.equal(health.state === "unavailable" && health.problem, "model-is-remote");
  assert.deepEqual(health.state === "unavailable" && health.detail, { code: "model-is-remote", model: CLOUD_MODEL });
});

test("a server failing with 500 is unavailable as server-error, with the server's message", async (t) => {
  const { fake, provider } = await setup(t);
  fake.script({ path: "/api/version", status: 500, errorBody: "boom" });
  const health = await checkLocalHealth(provider, CODE_MODEL);
  assert.equal(health.state === "unavailable" && health.problem, "server-error");
  assert.deepEqual(health.state === "unavailable" && health.detail, { code: "server-said", text: "boom" });
});

// ── healthAfterFailure ──

test("a failed completion makes the local model unavailable with that failure's kind and problem", () => {
  assert.deepEqual(healthAfterFailure(providerError("unreachable", { code: "unreachable", endpoint: ENDPOINT }), ENDPOINT, CODE_MODEL), {
    state: "unavailable",
    endpoint: ENDPOINT,
    model: CODE_MODEL,
    problem: "unreachable",
    detail: { code: "unreachable", endpoint: ENDPOINT },
  });
});

for (const kind of ["server-error", "bad-response", "timeout", "rate-limited", "bad-request"] as const) {
  test(`a one-off ${kind} failure does not declare the local model unavailable`, () => {
    assert.equal(healthAfterFailure(providerError(kind), ENDPOINT, CODE_MODEL), undefined);
  });
}

test("a cancelled completion says nothing about the local model's health", () => {
  assert.equal(healthAfterFailure(providerError("aborted"), ENDPOINT, CODE_MODEL), undefined);
});

test("an error that is not a ProviderError says nothing about the local model's health", () => {
  assert.equal(healthAfterFailure(new TypeError("x is undefined"), ENDPOINT, CODE_MODEL), undefined);
  assert.equal(healthAfterFailure("a string", ENDPOINT, CODE_MODEL), undefined);
});
