// OllamaProvider against the fake Ollama over real HTTP on 127.0.0.1: what it sends, what it
// reports, and that every failure reaches the caller as a ProviderError of the right kind.
import { test } from "node:test";
import assert from "node:assert/strict";
import { setTimeout as delay } from "node:timers/promises";
import { ProviderError } from "../../src/core/errors.ts";
import { OllamaProvider } from "../../src/core/providers/ollamaProvider.ts";
import { estimateTokens } from "../../src/core/tokens.ts";
import type { FimRequest } from "../../src/core/providers/providerTypes.ts";
import { startFakeOllama } from "../fakes/fakeOllama.ts";
import type { FakeOllama, FakeOllamaOptions } from "../fakes/fakeOllama.ts";
import { rejectsWithKind } from "./providerErrors.ts";

const CODE_MODEL = "qwen2.5-coder:1.5b-base";
const INSTRUCT_MODEL = "qwen2.5-coder:7b-instruct";
const CLOUD_MODEL = "gpt-oss:120b-cloud";

/** A test that would otherwise hang (an abort that never lands) fails after this instead. */
const HANG_GUARD = { timeout: 10_000 };

/** Starts a fake and a provider for one test; the fake stops when the test ends, pass or fail. */
async function setup(t: { after(fn: () => Promise<void>): void }, options: FakeOllamaOptions = {}) {
  const fake: FakeOllama = await startFakeOllama(options);
  t.after(() => fake.stop());
  return { fake, provider: new OllamaProvider({ endpoint: fake.url }) };
}

/** An endpoint where nothing listens: a fake's port, after the fake has stopped. */
async function closedEndpoint(): Promise<string> {
  const fake = await startFakeOllama();
  await fake.stop();
  return fake.url;
}

function fimRequest(overrides: Partial<FimRequest> = {}): FimRequest {
  return {
    model: CODE_MODEL,
    prefix: "function add(a, b) {\n  ",
    suffix: "\n}\n",
    maxTokens: 64,
    contextTokens: 2048,
    temperature: 0.2,
    stop: ["\n\n"],
    signal: AbortSignal.timeout(HANG_GUARD.timeout),
    ...overrides,
  };
}

/** Asserts the promise rejects with a ProviderError of `kind`, and returns that error. */

/** Waits (bounded) until the fake has received a request to `path`. */
async function untilRequested(fake: FakeOllama, path: string): Promise<void> {
  for (let i = 0; i < 500 && fake.requestsTo(path).length === 0; i++) await delay(5);
  assert.ok(fake.requestsTo(path).length > 0, `the fake received a request to ${path}`);
}

// ── server and model metadata ──

test("serverInfo reports the server's version and that a real Ollama is not simulated", async (t) => {
  const { provider } = await setup(t, { version: "0.12.9" });
  assert.deepEqual(await provider.serverInfo(), { product: "ollama", version: "0.12.9", simulated: false });
});

test("serverInfo reports a simulated server as simulated", async (t) => {
  const { provider } = await setup(t, { simulated: true });
  assert.equal((await provider.serverInfo()).simulated, true);
});

test("serverInfo on an endpoint where nothing listens fails as unreachable", async () => {
  const provider = new OllamaProvider({ endpoint: await closedEndpoint() });
  await rejectsWithKind(provider.serverInfo(), "unreachable");
});

test("modelInfo says a base code model can fill in the middle and runs locally", async (t) => {
  const { provider } = await setup(t);
  assert.deepEqual(await provider.modelInfo(CODE_MODEL), {
    name: CODE_MODEL,
    supportsInsert: true,
    isRemote: false,
    capabilities: ["completion", "insert"],
    contextLength: 32768,
  });
});

test("modelInfo says an instruct model cannot fill in the middle", async (t) => {
  const { provider } = await setup(t);
  assert.equal((await provider.modelInfo(INSTRUCT_MODEL)).supportsInsert, false);
});

test("modelInfo treats a model Ollama proxies to a remote host as remote", async (t) => {
  const proxied = { name: "team-coder:latest", capabilities: ["completion", "insert"], remoteHost: "https://ollama.com:443" };
  const { provider } = await setup(t, { models: [proxied] });
  assert.equal((await provider.modelInfo("team-coder:latest")).isRemote, true);
});

test("modelInfo treats a '-cloud' model as remote even when show reports no remote host", async (t) => {
  const { provider } = await setup(t, { models: [{ name: "qwen3-coder:480b-cloud", capabilities: ["completion", "insert"] }] });
  assert.equal((await provider.modelInfo("qwen3-coder:480b-cloud")).isRemote, true);
});

test("modelInfo is cached: asking twice about a model sends one show request", async (t) => {
  const { fake, provider } = await setup(t);
  const first = await provider.modelInfo(CODE_MODEL);
  const second = await provider.modelInfo(CODE_MODEL);
  assert.deepEqual(second, first);
  assert.equal(fake.requestsTo("/api/show").length, 1);
});

test("a failed modelInfo is not cached: once the model is pulled, asking again succeeds", async (t) => {
  const { fake, provider } = await setup(t, { models: [] });
  await rejectsWithKind(provider.modelInfo(CODE_MODEL), "model-not-found");
  fake.models.push({ name: CODE_MODEL, capabilities: ["completion", "insert"] });
  assert.equal((await provider.modelInfo(CODE_MODEL)).supportsInsert, true);
});

test("modelInfo treats an Ollama cloud model ('-cloud' name and a remote host) as remote", async (t) => {
  const { provider } = await setup(t);
  assert.equal((await provider.modelInfo(CLOUD_MODEL)).isRemote, true);
});

// ── generateFim ──

test("generateFim streams the answer and returns its whole text", async (t) => {
  const { fake, provider } = await setup(t);
  fake.script({ reply: "return a + b;", chunks: 4 });
  const result = await provider.generateFim(fimRequest());
  assert.equal(result.text, "return a + b;");
  assert.equal(result.model, CODE_MODEL);
  assert.equal(fake.requestsTo("/api/generate")[0]?.body.stream, true);
});

test("generateFim sends the prefix as prompt, the suffix and the request's options", async (t) => {
  const { fake, provider } = await setup(t);
  await provider.generateFim(fimRequest({ maxTokens: 48, contextTokens: 4096, temperature: 0.1, stop: ["\n\n", "```"] }));
  const body = fake.requestsTo("/api/generate")[0]?.body;
  assert.equal(body.model, CODE_MODEL);
  assert.equal(body.prompt, "function add(a, b) {\n  ");
  assert.equal(body.suffix, "\n}\n");
  assert.deepEqual(body.options, { num_ctx: 4096, num_predict: 48, temperature: 0.1, stop: ["\n\n", "```"] });
});

test("generateFim asks Ollama to keep the model loaded longer than its five-minute default", async (t) => {
  const { fake, provider } = await setup(t);
  const before = Date.now();
  await provider.generateFim(fimRequest());
  assert.ok(fake.requestsTo("/api/generate")[0]?.body.keep_alive !== undefined, "keep_alive is sent");
  const ps = (await (await fetch(`${fake.url}/api/ps`)).json()) as { models: { name: string; expires_at: string }[] };
  const loaded = ps.models.find((model) => model.name === CODE_MODEL);
  assert.ok(loaded, "the model is loaded after the request");
  assert.ok(Date.parse(loaded.expires_at) > before + 5 * 60_000, `expires at ${loaded.expires_at}`);
});

test("generateFim returns the token counts the server reported, not an estimate", async (t) => {
  const { fake, provider } = await setup(t);
  fake.script({ reply: "return a + b;", promptTokens: 321, completionTokens: 7 });
  const result = await provider.generateFim(fimRequest());
  assert.deepEqual(result.usage, { inputTokens: 321, outputTokens: 7, estimated: false });
});

test("generateFim measures latency with the injected clock", async (t) => {
  const fake = await startFakeOllama();
  t.after(() => fake.stop());
  let now = 1_000;
  const provider = new OllamaProvider({ endpoint: fake.url, clock: { now: () => (now += 250) } });
  const result = await provider.generateFim(fimRequest());
  assert.equal(result.latencyMs, 250);
});

test("when onText returns false the stream stops early and the usage is an estimate", async (t) => {
  const { fake, provider } = await setup(t);
  fake.script({ reply: "one two three four five six", chunks: 6 });
  let calls = 0;
  const result = await provider.generateFim(
    fimRequest({
      onText: () => {
        calls++;
        return false;
      },
    }),
  );
  assert.equal(calls, 1);
  assert.ok(result.text.length > 0 && result.text.length < "one two three four five six".length, result.text);
  assert.equal(result.usage.estimated, true);
  assert.ok(result.usage.inputTokens > 0);
});

test("aborting mid-stream fails as aborted instead of waiting for a stalled server", HANG_GUARD, async (t) => {
  const { fake, provider } = await setup(t);
  fake.script({ reply: "return a + b;", chunks: 3, stallAfterChunks: 1 });
  const controller = new AbortController();
  const call = provider.generateFim(
    fimRequest({
      signal: controller.signal,
      onText: () => {
        controller.abort(); // the user typed on after the first piece arrived
        return true;
      },
    }),
  );
  await rejectsWithKind(call, "aborted");
});

test("aborting while the model is still loading fails as aborted before any byte arrives", HANG_GUARD, async (t) => {
  const { fake, provider } = await setup(t);
  fake.script({ firstByteDelayMs: 60_000 });
  const controller = new AbortController();
  const call = provider.generateFim(fimRequest({ signal: controller.signal }));
  await untilRequested(fake, "/api/generate");
  controller.abort();
  await rejectsWithKind(call, "aborted");
});

test("a signal that times out fails as timeout, not as a user cancellation", HANG_GUARD, async (t) => {
  const { fake, provider } = await setup(t);
  fake.script({ firstByteDelayMs: 60_000 });
  await rejectsWithKind(provider.generateFim(fimRequest({ signal: AbortSignal.timeout(50) })), "timeout");
});

test("generateFim on an endpoint where nothing listens fails as unreachable", async () => {
  const provider = new OllamaProvider({ endpoint: await closedEndpoint() });
  await rejectsWithKind(provider.generateFim(fimRequest()), "unreachable");
});

test("generateFim with a model the server does not have fails as model-not-found", async (t) => {
  const { provider } = await setup(t);
  const error = await rejectsWithKind(provider.generateFim(fimRequest({ model: "nope:1b" })), "model-not-found");
  assert.equal(error.status, 404);
  assert.equal(error.model, "nope:1b");
});

test("a suffix sent to a model without insert fails as model-lacks-insert", async (t) => {
  const { provider } = await setup(t);
  await rejectsWithKind(provider.generateFim(fimRequest({ model: INSTRUCT_MODEL })), "model-lacks-insert");
});

test("a 500 from the server fails as server-error", async (t) => {
  const { fake, provider } = await setup(t);
  fake.script({ status: 500, errorBody: "llama runner process has terminated" });
  const error = await rejectsWithKind(provider.generateFim(fimRequest()), "server-error");
  assert.equal(error.status, 500);
  assert.deepEqual(error.problem, { code: "server-said", text: "llama runner process has terminated" }, "the server's own words, kept as a parameter");
});

test("an error line in the middle of the stream fails as bad-response", async (t) => {
  const { fake, provider } = await setup(t);
  fake.script({ reply: "return a + b;", chunks: 3, errorLineAfterChunks: 1, errorMessage: "out of memory" });
  const error = await rejectsWithKind(provider.generateFim(fimRequest()), "bad-response");
  assert.deepEqual(error.problem, { code: "unreadable-answer", text: "out of memory" });
});

test("a connection dropped mid-stream fails as a ProviderError, never a raw TypeError", HANG_GUARD, async (t) => {
  const { fake, provider } = await setup(t);
  fake.script({ reply: "return a + b;", chunks: 3, dropAfterChunks: 1 });
  await assert.rejects(provider.generateFim(fimRequest()), (error: unknown) => {
    assert.ok(error instanceof ProviderError, `expected a ProviderError, got ${String(error)}`);
    assert.ok(error.kind === "unreachable" || error.kind === "bad-response", error.kind);
    return true;
  });
});

test("every ProviderError names the local side, the endpoint and the model", async (t) => {
  const { fake, provider } = await setup(t);
  fake.script({ status: 500 });
  const error = await rejectsWithKind(provider.generateFim(fimRequest()), "server-error");
  assert.equal(error.side, "local");
  assert.equal(error.endpoint, fake.url);
  assert.equal(error.model, CODE_MODEL);
});

// ── one context window per model (server/sched.go reloads a runner whose num_ctx changes) ──

test("contextWindow is junction.local.contextTokens, capped at the context the model was trained on", async (t) => {
  const fake = await startFakeOllama({
    models: [
      { name: CODE_MODEL, capabilities: ["completion", "insert"], contextLength: 4096 },
      { name: INSTRUCT_MODEL, capabilities: ["completion"], contextLength: 32768 },
    ],
  });
  t.after(() => fake.stop());
  const provider = new OllamaProvider({ endpoint: fake.url, contextTokens: 8192 });
  assert.equal(await provider.contextWindow(CODE_MODEL), 4096);
  assert.equal(await provider.contextWindow(INSTRUCT_MODEL), 8192);
});

test("chat asks for the model's one window whatever the prompt's size, and cuts num_predict to what the window leaves", async (t) => {
  const { fake, provider } = await setup(t);
  const chat = (content: string, maxTokens: number) =>
    provider.chat({
      model: INSTRUCT_MODEL,
      messages: [{ role: "user", content }],
      maxTokens,
      temperature: 0.1,
      signal: AbortSignal.timeout(HANG_GUARD.timeout),
    });
  await chat("short", 512);
  await chat("x".repeat(24_000), 4096);
  const [first, second] = fake.requestsTo("/api/chat").map((request) => request.body.options);
  assert.equal(first.num_ctx, 8192);
  assert.equal(second.num_ctx, 8192);
  assert.equal(first.num_predict, 512);
  assert.ok(second.num_predict < 4096 && second.num_predict >= 256, `num_predict ${second.num_predict}`);
  assert.deepEqual(fake.reloads, []);
});

test("a chat whose prompt leaves no room in the window fails as bad-request before anything is sent", async (t) => {
  const { fake, provider } = await setup(t);
  const call = provider.chat({
    model: INSTRUCT_MODEL,
    messages: [{ role: "user", content: "x".repeat(40_000) }],
    maxTokens: 2048,
    temperature: 0.1,
    signal: AbortSignal.timeout(HANG_GUARD.timeout),
  });
  const error = await rejectsWithKind(call, "bad-request");
  assert.deepEqual(error.problem, { code: "prompt-too-long", model: INSTRUCT_MODEL, promptTokens: estimateTokens("x".repeat(40_000)), windowTokens: 8192 });
  assert.equal(fake.requestsTo("/api/chat").length, 0);
});

test("the final record's load_duration reaches onGeneration, so a host can tell a reload", async (t) => {
  const fake = await startFakeOllama();
  t.after(() => fake.stop());
  const seen: Array<{ model: string; loadMs: number }> = [];
  const provider = new OllamaProvider({ endpoint: fake.url, onGeneration: (event) => seen.push(event) });
  await provider.generateFim(fimRequest({ contextTokens: 8192 }));
  assert.equal(seen.length, 1);
  assert.equal(seen[0]?.model, CODE_MODEL);
  assert.ok((seen[0]?.loadMs ?? 0) > 0);
});

test("loadedModels reports what /api/ps lists, with each runner's context", async (t) => {
  const { provider } = await setup(t);
  await provider.generateFim(fimRequest({ contextTokens: 8192 }));
  assert.deepEqual(await provider.loadedModels(AbortSignal.timeout(HANG_GUARD.timeout)), [{ name: CODE_MODEL, contextLength: 8192 }]);
});

// ── Ollama's cloud names (internal/modelref ParseRef): forwarded to ollama.com, so never asked about ──

for (const name of ["qwen3-coder:cloud", "kimi-k2.6:cloud", "deepseek-v3.1:671b:CLOUD", "glm-4.6:Cloud"]) {
  test(`modelInfo calls ${name} remote from its name, without a show request the twin would forward to the cloud`, async (t) => {
    const { fake, provider } = await setup(t, { models: [{ name, capabilities: ["completion", "insert"] }] });
    assert.equal((await provider.modelInfo(name)).isRemote, true);
    assert.equal(fake.requests.length, 0);
    assert.deepEqual(fake.cloudRequests, []);
  });
}

test("modelInfo keeps a plain local name local, and an explicit :local name too", async (t) => {
  const { provider } = await setup(t, { models: [{ name: CODE_MODEL, capabilities: ["completion", "insert"] }] });
  assert.equal((await provider.modelInfo(CODE_MODEL)).isRemote, false);
  assert.equal((await provider.modelInfo(`${CODE_MODEL}:local`)).isRemote, false);
});

test("listModels marks cloud names and remote-host stubs remote and asks show only about the local ones", async (t) => {
  const stub = { name: "team-coder:latest", capabilities: ["completion"], remoteHost: "https://ollama.com:443" };
  const { fake, provider } = await setup(t, {
    models: [{ name: CODE_MODEL, capabilities: ["completion", "insert"] }, { name: "qwen3-coder:cloud", capabilities: ["completion"] }, stub],
  });
  const listed = await provider.listModels(AbortSignal.timeout(HANG_GUARD.timeout));
  assert.deepEqual(
    listed.map((model) => [model.name, model.remote]),
    [
      [CODE_MODEL, false],
      ["qwen3-coder:cloud", true],
      ["team-coder:latest", true],
    ],
  );
  assert.deepEqual(
    fake.requestsTo("/api/show").map((request) => request.body.model),
    [CODE_MODEL],
  );
  assert.deepEqual(fake.cloudRequests, []);
});
