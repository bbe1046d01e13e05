// The cloud provider against the cloud twins (real HTTP on 127.0.0.1): streamed answers with
// reported usage, the parameters each model family accepts, the one-retry adaptation when a server
// rejects a parameter by name, and every failure as a typed ProviderError the host can word.
import { test } from "node:test";
import assert from "node:assert/strict";
import { ProviderError } from "../../src/core/errors.ts";
import { OpenAiCompatibleProvider } from "../../src/core/providers/openAiProvider.ts";
import type { ChatRequest } from "../../src/core/providers/providerTypes.ts";
import type { ChatTwin, ChatTwinOptions } from "../fakes/cloud/chatTwin.ts";
import { startOpenAiTwin } from "../fakes/cloud/openAiTwin.ts";
import { rejectsWithKind } from "./providerErrors.ts";

const KEY = "sk-unit-test";

async function setup(t: { after(fn: () => Promise<void>): void }, options: ChatTwinOptions = {}) {
  const fake: ChatTwin = await startOpenAiTwin({ apiKey: KEY, models: ["gpt-4.1-mini"], ...options });
  t.after(() => fake.stop());
  const provider = new OpenAiCompatibleProvider({ endpoint: fake.baseUrl, apiKey: KEY, side: "cloud", maxRetries: 0, timeoutMs: 10_000 });
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
  const wrong = new OpenAiCompatibleProvider({ endpoint: fake.baseUrl, apiKey: "sk-wrong", side: "cloud", maxRetries: 0 });
  await rejectsWithKind(wrong.chat(chat()), "unauthorized", "cloud");
});

test("a 429 with retry-after is retried, and the retry's answer is used", async (t) => {
  const { fake } = await setup(t);
  fake.script({ path: "/v1/chat/completions", status: 429, retryAfterSeconds: 0.05, times: 1 });
  fake.script({ path: "/v1/chat/completions", reply: "after the wait" });
  const retrying = new OpenAiCompatibleProvider({ endpoint: fake.baseUrl, apiKey: KEY, side: "cloud", maxRetries: 1 });
  assert.equal((await retrying.chat(chat())).text, "after the wait");
  assert.equal(fake.requests.filter((request) => request.path === "/v1/chat/completions").length, 2);
});

test("nothing listening is unreachable", async (t) => {
  const { fake } = await setup(t);
  const url = fake.baseUrl;
  await fake.stop();
  const provider = new OpenAiCompatibleProvider({ endpoint: url, apiKey: KEY, side: "cloud", maxRetries: 0 });
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

test("a 400 without a parameter named, a 404 and a 500 are never retried with other parameters", async (t) => {
  const { fake, provider } = await setup(t);
  fake.script({ path: "/v1/chat/completions", status: 400, errorBody: "This model's maximum context length is 128000 tokens.", times: 1 });
  await rejectsWithKind(provider.chat(chat()), "bad-request", "cloud");
  await rejectsWithKind(provider.chat(chat({ model: "gpt-unknown" })), "model-not-found", "cloud");
  fake.script({ path: "/v1/chat/completions", status: 500, times: 1 });
  await rejectsWithKind(provider.chat(chat()), "server-error", "cloud");
  assert.equal(fake.chatRequests().length, 3, "one request each");
});

test("the provider's error code and param reach the ProviderError (a quota, a parameter)", async (t) => {
  const { fake, provider } = await setup(t);
  fake.script({
    path: "/v1/chat/completions",
    status: 429,
    errorBody: { error: { message: "You exceeded your current quota", type: "insufficient_quota", param: null, code: "insufficient_quota" } },
  });
  await assert.rejects(provider.chat(chat()), (error: unknown) => ProviderError.is(error, "rate-limited") && error.code === "insufficient_quota");
});

test("a model list with OpenRouter-style facts gives prices per million, context and reasoning", async (t) => {
  const { fake, provider } = await setup(t);
  fake.script({
    path: "/v1/models",
    json: {
      data: [
        {
          id: "anthropic/claude-sonnet-4.5",
          context_length: 1_000_000,
          pricing: { prompt: "0.000003", completion: "0.000015", input_cache_read: "0.0000003" },
          supported_parameters: ["reasoning", "temperature"],
        },
        { id: "openrouter/auto", pricing: { prompt: "-1", completion: "-1" } },
      ],
    },
  });
  const [sonnet, auto] = await provider.listModelDetails(AbortSignal.timeout(5_000));
  assert.deepEqual(sonnet, {
    id: "anthropic/claude-sonnet-4.5",
    contextTokens: 1_000_000,
    price: { inputUsdPerMTok: 3, outputUsdPerMTok: 15, cachedInputUsdPerMTok: 0.3 },
    reasoning: true,
    simulated: false,
  });
  assert.equal(auto?.price, undefined, "a router's -1 price is no price");
});
