// The cloud provider against the fake OpenAI-compatible server (real HTTP on 127.0.0.1): streamed
// answers with reported usage, and every failure as a typed ProviderError the host can word.
import { test } from "node:test";
import assert from "node:assert/strict";
import { ProviderError } from "../../src/core/errors.ts";
import { OpenAiCompatibleProvider } from "../../src/core/providers/openAiProvider.ts";
import type { ChatRequest } from "../../src/core/providers/openAiProvider.ts";
import { startFakeOpenAi } from "../fakes/fakeOpenAi.ts";
import type { FakeOpenAiOptions } from "../fakes/fakeOpenAi.ts";
import { rejectsWithKind } from "./providerErrors.ts";

const KEY = "sk-unit-test";

async function setup(t: { after(fn: () => Promise<void>): void }, options: FakeOpenAiOptions = {}) {
  const fake = await startFakeOpenAi({ apiKey: KEY, models: ["gpt-4.1-mini"], ...options });
  t.after(() => fake.stop());
  const provider = new OpenAiCompatibleProvider({ endpoint: `${fake.url}/v1`, apiKey: KEY, side: "cloud", maxRetries: 0, timeoutMs: 10_000 });
  return { fake, provider };
}

function chat(overrides: Partial<ChatRequest> = {}): ChatRequest {
  return {
    model: "gpt-4.1-mini",
    messages: [{ role: "user", content: "complete this" }],
    maxTokens: 64,
    temperature: 0,
    signal: AbortSignal.timeout(10_000),
    ...overrides,
  };
}


test("a streamed answer comes back whole with the usage the server reported", async (t) => {
  const { fake, provider } = await setup(t);
  fake.script({ path: "/v1/chat/completions", reply: "return 42;", promptTokens: 120, completionTokens: 5 });
  const result = await provider.chat(chat());
  assert.equal(result.text, "return 42;");
  assert.deepEqual(result.usage, { inputTokens: 120, outputTokens: 5, estimated: false });
  assert.equal(fake.requests[0]?.body.stream, true);
  assert.deepEqual(fake.requests[0]?.body.stream_options, { include_usage: true });
});

test("a cost the provider reports (OpenRouter usage.cost) is passed on", async (t) => {
  const { fake, provider } = await setup(t, { usageCost: 0.0042 });
  fake.script({ path: "/v1/chat/completions", reply: "ok" });
  assert.equal((await provider.chat(chat())).usage.costUsd, 0.0042);
});

test("the key goes to the server as a bearer token and nowhere else in the request", async (t) => {
  const { fake, provider } = await setup(t);
  await provider.chat(chat());
  assert.equal(fake.requests[0]?.authorized, true);
  assert.ok(!JSON.stringify(fake.requests[0]?.body).includes(KEY));
});

test("onText returning false stops reading: the answer so far is returned with estimated usage", async (t) => {
  const { fake, provider } = await setup(t);
  fake.script({ path: "/v1/chat/completions", reply: "one two three four five six", chunks: 6, chunkDelayMs: 20 });
  const result = await provider.chat(chat({ onText: (soFar) => soFar.length < 5 }));
  assert.ok(result.text.length >= 5 && result.text.length < "one two three four five six".length);
  assert.equal(result.usage.estimated, true);
});

test("cancelling mid-stream is an aborted ProviderError, not a partial answer", async (t) => {
  const { fake, provider } = await setup(t);
  fake.script({ path: "/v1/chat/completions", reply: "one two three", chunks: 3, stallAfterChunks: 1 });
  const controller = new AbortController();
  const pending = provider.chat(chat({ signal: controller.signal, onText: () => (controller.abort(), true) }));
  await rejectsWithKind(pending, "aborted", "cloud");
});

test("a deadline that passes before the first byte is a timeout, not a cancellation", async (t) => {
  const { fake, provider } = await setup(t);
  fake.script({ path: "/v1/chat/completions", reply: "late", firstByteDelayMs: 2_000 });
  await rejectsWithKind(provider.chat(chat({ signal: AbortSignal.timeout(200) })), "timeout", "cloud");
});

test("a stream that stalls past the deadline is a timeout", async (t) => {
  const { fake, provider } = await setup(t);
  fake.script({ path: "/v1/chat/completions", reply: "one two", chunks: 2, stallAfterChunks: 1 });
  await rejectsWithKind(provider.chat(chat({ signal: AbortSignal.timeout(300) })), "timeout", "cloud");
});

for (const [status, kind] of [
  [400, "bad-request"],
  [401, "unauthorized"],
  [403, "unauthorized"],
  [404, "model-not-found"],
  [429, "rate-limited"],
  [500, "server-error"],
  [503, "server-error"],
] as const) {
  test(`HTTP ${status} becomes kind ${kind}`, async (t) => {
    const { fake, provider } = await setup(t);
    fake.script({ path: "/v1/chat/completions", status, ...(status === 429 ? { retryAfterSeconds: 0.01 } : {}) });
    await rejectsWithKind(provider.chat(chat()), kind, "cloud");
  });
}

test("a wrong key is unauthorized", async (t) => {
  const { fake } = await setup(t);
  const wrong = new OpenAiCompatibleProvider({ endpoint: `${fake.url}/v1`, apiKey: "sk-wrong", side: "cloud", maxRetries: 0 });
  await rejectsWithKind(wrong.chat(chat()), "unauthorized", "cloud");
});

test("a 429 with retry-after is retried, and the retry's answer is used", async (t) => {
  const { fake } = await setup(t);
  fake.script({ path: "/v1/chat/completions", status: 429, retryAfterSeconds: 0.05, times: 1 });
  fake.script({ path: "/v1/chat/completions", reply: "after the wait" });
  const retrying = new OpenAiCompatibleProvider({ endpoint: `${fake.url}/v1`, apiKey: KEY, side: "cloud", maxRetries: 1 });
  assert.equal((await retrying.chat(chat())).text, "after the wait");
  assert.equal(fake.requests.filter((request) => request.path === "/v1/chat/completions").length, 2);
});

test("nothing listening is unreachable", async (t) => {
  const { fake } = await setup(t);
  const url = fake.url;
  await fake.stop();
  const provider = new OpenAiCompatibleProvider({ endpoint: `${url}/v1`, apiKey: KEY, side: "cloud", maxRetries: 0 });
  await rejectsWithKind(provider.chat(chat()), "unreachable", "cloud");
});

test("a connection dropped mid-stream fails as a ProviderError", async (t) => {
  const { fake, provider } = await setup(t);
  fake.script({ path: "/v1/chat/completions", reply: "one two three", chunks: 3, dropAfterChunks: 1 });
  await assert.rejects(provider.chat(chat()), (error: unknown) => ProviderError.is(error));
});

test("an error event mid-stream fails as a ProviderError", async (t) => {
  const { fake, provider } = await setup(t);
  fake.script({ path: "/v1/chat/completions", reply: "one two three", chunks: 3, errorLineAfterChunks: 1 });
  await assert.rejects(provider.chat(chat()), (error: unknown) => ProviderError.is(error));
});

test("the model list is read from /v1/models", async (t) => {
  const { provider } = await setup(t);
  assert.deepEqual(await provider.listModels(AbortSignal.timeout(5_000)), ["gpt-4.1-mini"]);
});
