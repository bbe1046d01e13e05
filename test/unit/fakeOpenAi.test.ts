// The fake OpenAI-compatible server, exercised through the real `openai` npm client.
import { test } from "node:test";
import assert from "node:assert/strict";
import OpenAI from "openai";
import { DEFAULT_COMPLETION } from "../fakes/fakeServerCore.ts";
import { startFakeOpenAi } from "../fakes/fakeOpenAi.ts";
import type { FakeOpenAi, FakeOpenAiOptions } from "../fakes/fakeOpenAi.ts";
import { collect } from "./streams.ts";

const KEY = "sk-test-0123456789";
const MODEL = "gpt-4.1";
const ASK = [{ role: "user" as const, content: "Refactor this function" }];

/** Starts a fake and a client (no retries unless asked) for one test; the fake stops when the test ends. */
async function setup(
  t: { after(fn: () => Promise<void>): void },
  options: FakeOpenAiOptions = {},
  client: { apiKey?: string; maxRetries?: number } = {},
) {
  const fake: FakeOpenAi = await startFakeOpenAi({ apiKey: KEY, ...options });
  t.after(() => fake.stop());
  const openai = new OpenAI({ apiKey: client.apiKey ?? KEY, baseURL: `${fake.url}/v1`, maxRetries: client.maxRetries ?? 0, timeout: 5000, logLevel: "off" });
  return { fake, openai };
}


test("a streamed completion sends chat.completion.chunk events, then a usage-only chunk when include_usage is set", async (t) => {
  const { fake, openai } = await setup(t);
  fake.script({ promptIncludes: "Refactor", reply: "const x = 1;", chunks: 3 });
  const stream = await openai.chat.completions.create({ model: MODEL, messages: ASK, stream: true, stream_options: { include_usage: true } });
  const chunks = await collect(stream);
  assert.ok(chunks.every((c) => c.object === "chat.completion.chunk"));
  assert.equal(chunks.map((c) => c.choices[0]?.delta.content ?? "").join(""), "const x = 1;");
  assert.equal(chunks[0]?.choices[0]?.delta.role, "assistant");
  assert.equal(chunks.at(-2)?.choices[0]?.finish_reason, "stop");
  const last = chunks.at(-1);
  assert.deepEqual(last?.choices, []);
  assert.ok(last?.usage && last.usage.prompt_tokens > 0 && last.usage.completion_tokens > 0);
  assert.equal(last.usage.total_tokens, last.usage.prompt_tokens + last.usage.completion_tokens);
  assert.equal(fake.requests[0]?.body.stream_options.include_usage, true);
});

test("a streamed completion without include_usage carries no usage chunk", async (t) => {
  const { openai } = await setup(t);
  const chunks = await collect(await openai.chat.completions.create({ model: MODEL, messages: ASK, stream: true }));
  assert.ok(chunks.every((c) => c.choices.length === 1 && c.usage === undefined));
});

test("a non-streamed completion returns a chat.completion with the default answer and usage", async (t) => {
  const { openai } = await setup(t);
  const completion = await openai.chat.completions.create({ model: MODEL, messages: ASK });
  assert.equal(completion.object, "chat.completion");
  assert.equal(completion.choices[0]?.message.content, DEFAULT_COMPLETION);
  assert.equal(completion.choices[0]?.finish_reason, "stop");
  assert.ok((completion.usage?.total_tokens ?? 0) > 0);
});

test("a wrong key is refused with an OpenAI-style 401 and the key value is never recorded", async (t) => {
  const { fake, openai } = await setup(t, {}, { apiKey: "sk-wrong-secret" });
  await assert.rejects(openai.chat.completions.create({ model: MODEL, messages: ASK }), (error) => {
    assert.ok(error instanceof OpenAI.AuthenticationError);
    assert.equal(error.status, 401);
    assert.equal(error.code, "invalid_api_key");
    assert.equal(error.type, "invalid_request_error");
    return true;
  });
  const [request] = fake.requests;
  assert.equal(request?.headers.authorization, "[redacted]");
  assert.equal(request?.keyPresented, true);
  assert.equal(request?.authorized, false);
  assert.equal(JSON.stringify(fake.requests).includes("sk-wrong-secret"), false);
});

test("the right key is recorded as authorized, and still never by value", async (t) => {
  const { fake, openai } = await setup(t);
  await openai.models.list();
  assert.equal(fake.requests[0]?.authorized, true);
  assert.equal(JSON.stringify(fake.requests).includes(KEY), false);
});

test("a request without a key is refused with 401", async (t) => {
  const { fake } = await setup(t);
  const response = await fetch(`${fake.url}/v1/models`);
  assert.equal(response.status, 401);
  assert.equal((await response.json()).error.code, "invalid_api_key");
  assert.equal(fake.requests[0]?.keyPresented, false);
});

test("a 429 with retry-after is retried by the client and the retry succeeds", async (t) => {
  const { fake, openai } = await setup(t, {}, { maxRetries: 1 });
  fake.script({ status: 429, retryAfterSeconds: 0.05, errorBody: "Rate limit reached", times: 1 });
  const started = Date.now();
  const completion = await openai.chat.completions.create({ model: MODEL, messages: ASK });
  assert.equal(completion.choices[0]?.message.content, DEFAULT_COMPLETION);
  assert.equal(fake.requestsTo("/v1/chat/completions").length, 2);
  assert.ok(Date.now() - started >= 45);
});

test("a 429 without retries left surfaces as RateLimitError with the retry-after header", async (t) => {
  const { fake, openai } = await setup(t);
  fake.script({ status: 429, retryAfterSeconds: 7 });
  await assert.rejects(openai.chat.completions.create({ model: MODEL, messages: ASK }), (error) => {
    assert.ok(error instanceof OpenAI.RateLimitError);
    assert.equal(error.headers?.get("retry-after"), "7");
    return true;
  });
});

test("usageCost adds usage.cost the way OpenRouter reports it", async (t) => {
  const { openai } = await setup(t, { usageCost: 0.0042 });
  const completion = await openai.chat.completions.create({ model: MODEL, messages: ASK });
  assert.equal((completion.usage as unknown as { cost?: number }).cost, 0.0042);
});

test("an unknown model answers an OpenAI-style 404", async (t) => {
  const { openai } = await setup(t);
  await assert.rejects(openai.chat.completions.create({ model: "gpt-unknown", messages: ASK }), (error) => {
    assert.ok(error instanceof OpenAI.NotFoundError);
    assert.equal(error.code, "model_not_found");
    return true;
  });
});

test("the model list names the configured models", async (t) => {
  const { openai } = await setup(t, { models: ["a-model", "b-model"] });
  const ids: string[] = [];
  for await (const model of await openai.models.list()) ids.push(model.id);
  assert.deepEqual(ids, ["a-model", "b-model"]);
});

test("rules match by model and prompt; a non-matching request gets the default answer", async (t) => {
  const { fake, openai } = await setup(t);
  fake.script({ model: "gpt-4.1-mini", promptMatches: /rename/, reply: "mini-rename" });
  const ask = async (model: string, content: string) =>
    (await openai.chat.completions.create({ model, messages: [{ role: "user", content }] })).choices[0]?.message.content;
  assert.equal(await ask("gpt-4.1-mini", "please rename x"), "mini-rename");
  assert.equal(await ask(MODEL, "please rename x"), DEFAULT_COMPLETION);
  assert.equal(await ask("gpt-4.1-mini", "something else"), DEFAULT_COMPLETION);
});

// why two tests: openai 7.x throws APIUserAbortError only while waiting for the response; once
// streaming, an abort ends the iteration quietly, so callers must check signal.aborted themselves.
test("a stalled stream ends promptly, without a finish chunk, when the client's AbortSignal fires", async (t) => {
  const { fake, openai } = await setup(t);
  fake.script({ reply: "abcdef", stallAfterChunks: 1 });
  const controller = new AbortController();
  const stream = await openai.chat.completions.create({ model: MODEL, messages: ASK, stream: true }, { signal: controller.signal });
  const started = Date.now();
  setTimeout(() => controller.abort(), 50);
  const chunks = await collect(stream);
  assert.ok(Date.now() - started < 1000);
  assert.deepEqual(chunks.map((c) => c.choices[0]?.finish_reason), [null]);
});

test("an abort while the response is delayed rejects with APIUserAbortError", async (t) => {
  const { fake, openai } = await setup(t);
  fake.script({ firstByteDelayMs: 5000 });
  const started = Date.now();
  const call = openai.chat.completions.create({ model: MODEL, messages: ASK, stream: true }, { signal: AbortSignal.timeout(50) });
  await assert.rejects(call, OpenAI.APIUserAbortError);
  assert.ok(Date.now() - started < 1000);
});

test("an endless stream stops at max_tokens with finish_reason length", async (t) => {
  const { fake, openai } = await setup(t);
  fake.script({ reply: "ab", endless: true, chunkDelayMs: 1 });
  const stream = await openai.chat.completions.create({ model: MODEL, messages: ASK, stream: true, max_tokens: 4 });
  const chunks = await collect(stream);
  assert.equal(chunks.length, 5);
  assert.equal(chunks.at(-1)?.choices[0]?.finish_reason, "length");
});

test("a connection dropped mid-stream surfaces as an error after the chunks already sent", async (t) => {
  const { fake, openai } = await setup(t);
  fake.script({ reply: "abcdef", chunks: 3, dropAfterChunks: 2 });
  const received: string[] = [];
  const stream = await openai.chat.completions.create({ model: MODEL, messages: ASK, stream: true });
  await assert.rejects(async () => {
    for await (const chunk of stream) received.push(chunk.choices[0]?.delta.content ?? "");
  });
  assert.deepEqual(received, ["ab", "cd"]);
});

test("a malformed SSE event makes the openai stream throw", async (t) => {
  const { fake, openai } = await setup(t);
  fake.script({ malformedAfterChunks: 1 });
  const stream = await openai.chat.completions.create({ model: MODEL, messages: ASK, stream: true });
  await assert.rejects(collect(stream), SyntaxError);
});

test("an error event mid-stream surfaces as an APIError with its message", async (t) => {
  const { fake, openai } = await setup(t);
  fake.script({ errorLineAfterChunks: 1, errorMessage: "upstream overloaded" });
  const stream = await openai.chat.completions.create({ model: MODEL, messages: ASK, stream: true });
  await assert.rejects(collect(stream), (error) => error instanceof OpenAI.APIError && /upstream overloaded/.test(error.message));
});

test("stop() ends a stalled stream instead of waiting for it", async (t) => {
  const { fake, openai } = await setup(t);
  fake.script({ stallAfterChunks: 0 });
  const reading = collect(await openai.chat.completions.create({ model: MODEL, messages: ASK, stream: true }));
  await fake.stop();
  await assert.rejects(reading);
});
