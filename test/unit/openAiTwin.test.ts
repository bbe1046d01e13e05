// The OpenAI twin, exercised through the real `openai` npm client: the wire format, keys, errors
// and rate-limit headers, and the parameter rules OpenAI documents for reasoning and chat models.
import { test } from "node:test";
import assert from "node:assert/strict";
import OpenAI from "openai";
import { DEFAULT_COMPLETION } from "../fakes/fakeServerCore.ts";
import type { ChatTwin, ChatTwinOptions } from "../fakes/cloud/chatTwin.ts";
import { OPENAI_QUOTA_EXHAUSTED, startOpenAiTwin } from "../fakes/cloud/openAiTwin.ts";
import { apiRejection } from "./providerErrors.ts";
import { collect } from "./streams.ts";

const KEY = "sk-test-0123456789";
const CHAT_MODEL = "gpt-4.1";
const REASONING_MODEL = "gpt-5-mini";
const ASK = [{ role: "user" as const, content: "Refactor this function" }];

/** Starts a twin and a client (no retries unless asked) for one test; the twin stops when the test ends. */
async function setup(t: { after(fn: () => Promise<void>): void }, options: ChatTwinOptions = {}, client: { apiKey?: string; maxRetries?: number } = {}) {
  const twin: ChatTwin = await startOpenAiTwin({ apiKey: KEY, ...options });
  t.after(() => twin.stop());
  const openai = new OpenAI({ apiKey: client.apiKey ?? KEY, baseURL: twin.baseUrl, maxRetries: client.maxRetries ?? 0, timeout: 5000, logLevel: "off" });
  return { twin, openai };
}

// ── the wire format ──

test("a streamed completion sends chat.completion.chunk events, then a usage-only chunk when include_usage is set", async (t) => {
  const { twin, openai } = await setup(t);
  twin.script({ promptIncludes: "Refactor", reply: "const x = 1;", chunks: 3 });
  const chunks = await collect(
    await openai.chat.completions.create({ model: CHAT_MODEL, messages: ASK, stream: true, stream_options: { include_usage: true } }),
  );
  assert.ok(chunks.every((c) => c.object === "chat.completion.chunk"));
  assert.equal(chunks.map((c) => c.choices[0]?.delta.content ?? "").join(""), "const x = 1;");
  assert.equal(chunks[0]?.choices[0]?.delta.role, "assistant");
  assert.equal(chunks.at(-2)?.choices[0]?.finish_reason, "stop");
  const last = chunks.at(-1);
  assert.deepEqual(last?.choices, []);
  assert.ok(last?.usage && last.usage.prompt_tokens > 0 && last.usage.completion_tokens > 0);
  assert.equal(last.usage.total_tokens, last.usage.prompt_tokens + last.usage.completion_tokens);
  assert.equal(last.usage.prompt_tokens_details?.cached_tokens, 0);
  assert.equal(last.usage.completion_tokens_details?.reasoning_tokens, 0);
});

test("a streamed completion without include_usage carries no usage chunk", async (t) => {
  const { openai } = await setup(t);
  const chunks = await collect(await openai.chat.completions.create({ model: CHAT_MODEL, messages: ASK, stream: true }));
  assert.ok(chunks.every((c) => c.choices.length === 1 && c.usage === undefined));
});

test("a non-streamed completion returns a chat.completion with the default answer and usage", async (t) => {
  const { openai } = await setup(t);
  const completion = await openai.chat.completions.create({ model: CHAT_MODEL, messages: ASK });
  assert.equal(completion.object, "chat.completion");
  assert.equal(completion.choices[0]?.message.content, DEFAULT_COMPLETION);
  assert.equal(completion.choices[0]?.finish_reason, "stop");
  assert.ok((completion.usage?.total_tokens ?? 0) > 0);
});

test("the output cap cuts the answer and says length", async (t) => {
  const { twin, openai } = await setup(t);
  twin.script({ reply: "a long answer of many tokens" });
  const completion = await openai.chat.completions.create({ model: CHAT_MODEL, messages: ASK, max_completion_tokens: 2 });
  assert.equal(completion.choices[0]?.message.content, "a long a");
  assert.equal(completion.choices[0]?.finish_reason, "length");
});

test("rules match by model and prompt; a non-matching request gets the default answer", async (t) => {
  const { twin, openai } = await setup(t);
  twin.script({ model: "gpt-4.1-mini", promptMatches: /rename/, reply: "mini-rename" });
  const ask = async (model: string, content: string) =>
    (await openai.chat.completions.create({ model, messages: [{ role: "user", content }] })).choices[0]?.message.content;
  assert.equal(await ask("gpt-4.1-mini", "please rename x"), "mini-rename");
  assert.equal(await ask(CHAT_MODEL, "please rename x"), DEFAULT_COMPLETION);
  assert.equal(await ask("gpt-4.1-mini", "something else"), DEFAULT_COMPLETION);
});

test("the model list names the configured models", async (t) => {
  const { openai } = await setup(t, { models: ["a-model", "b-model"] });
  const ids: string[] = [];
  for await (const model of await openai.models.list()) ids.push(model.id);
  assert.deepEqual(ids, ["a-model", "b-model"]);
});

test("the simulated cloud lists its models as simulated and needs no key", async (t) => {
  const twin = await startOpenAiTwin({ simulated: true, apiKey: KEY });
  t.after(() => twin.stop());
  const response = await fetch(`${twin.baseUrl}/models`);
  assert.equal(response.status, 200);
  const listing = (await response.json()) as { data: Array<{ owned_by: string }> };
  assert.ok(listing.data.length > 0 && listing.data.every((model) => model.owned_by === "junction-simulated"));
});

// ── keys and errors ──

test("a wrong key is refused with OpenAI's 401 and the key value is never recorded", async (t) => {
  const { twin, openai } = await setup(t, {}, { apiKey: "sk-wrong-secret" });
  const error = await apiRejection(openai.chat.completions.create({ model: CHAT_MODEL, messages: ASK }));
  assert.ok(error instanceof OpenAI.AuthenticationError);
  assert.equal(error.code, "invalid_api_key");
  assert.equal(error.type, "invalid_request_error");
  assert.equal(twin.requests[0]?.headers.authorization, "[redacted]");
  assert.equal(twin.requests[0]?.authorized, false);
  assert.equal(JSON.stringify(twin.requests).includes("sk-wrong-secret"), false);
});

test("a request without a key is refused with 401", async (t) => {
  const { twin } = await setup(t);
  const response = await fetch(`${twin.baseUrl}/models`);
  assert.equal(response.status, 401);
  assert.equal(((await response.json()) as { error: { code: string } }).error.code, "invalid_api_key");
});

test("an unknown model answers OpenAI's 404 model_not_found", async (t) => {
  const { openai } = await setup(t);
  const error = await apiRejection(openai.chat.completions.create({ model: "gpt-unknown", messages: ASK }));
  assert.ok(error instanceof OpenAI.NotFoundError);
  assert.equal(error.code, "model_not_found");
});

test("every answer carries the x-ratelimit headers; a 429 says the limit is used up", async (t) => {
  const { twin, openai } = await setup(t);
  const { response } = await openai.chat.completions.create({ model: CHAT_MODEL, messages: ASK }).withResponse();
  assert.equal(response.headers.get("x-ratelimit-remaining-requests"), "4999");
  twin.script({ status: 429, retryAfterSeconds: 7, errorBody: "Rate limit reached for gpt-4.1 on requests per min (RPM)" });
  const error = await apiRejection(openai.chat.completions.create({ model: CHAT_MODEL, messages: ASK }));
  assert.ok(error instanceof OpenAI.RateLimitError);
  assert.equal(error.code, "rate_limit_exceeded");
  assert.equal(error.headers?.get("retry-after"), "7");
  assert.equal(error.headers?.get("x-ratelimit-remaining-requests"), "0");
  assert.equal(error.headers?.get("x-ratelimit-reset-tokens"), "6m0s");
});

test("a 429 with retry-after is retried by the client and the retry succeeds", async (t) => {
  const { twin, openai } = await setup(t, {}, { maxRetries: 1 });
  twin.script({ status: 429, retryAfterSeconds: 0.05, errorBody: "Rate limit reached", times: 1 });
  const completion = await openai.chat.completions.create({ model: CHAT_MODEL, messages: ASK });
  assert.equal(completion.choices[0]?.message.content, DEFAULT_COMPLETION);
  assert.equal(twin.requestsTo("/v1/chat/completions").length, 2);
});

test("an exhausted quota is a 429 of code insufficient_quota", async (t) => {
  const { twin, openai } = await setup(t);
  twin.script({ status: 429, errorBody: OPENAI_QUOTA_EXHAUSTED });
  const error = await apiRejection(openai.chat.completions.create({ model: CHAT_MODEL, messages: ASK }));
  assert.equal(error.status, 429);
  assert.equal(error.code, "insufficient_quota");
});

// ── parameters per model family ──

test("a reasoning model refuses a non-default temperature with the documented 400", async (t) => {
  const { openai } = await setup(t);
  const error = await apiRejection(openai.chat.completions.create({ model: REASONING_MODEL, messages: ASK, temperature: 0.1 }));
  assert.equal(error.status, 400);
  assert.equal(error.param, "temperature");
  assert.equal(error.code, "unsupported_value");
  assert.match(error.message, /Unsupported value: 'temperature' does not support 0\.1 with this model\. Only the default \(1\) value is supported\./);
});

test("a reasoning model refuses max_tokens and points to max_completion_tokens", async (t) => {
  const { openai } = await setup(t);
  const error = await apiRejection(openai.chat.completions.create({ model: REASONING_MODEL, messages: ASK, max_tokens: 100 }));
  assert.equal(error.param, "max_tokens");
  assert.equal(error.code, "unsupported_parameter");
  assert.match(error.message, /Use 'max_completion_tokens' instead/);
});

test("a reasoning model refuses stop, and a reasoning_effort it does not support", async (t) => {
  const { openai } = await setup(t);
  assert.equal((await apiRejection(openai.chat.completions.create({ model: REASONING_MODEL, messages: ASK, stop: ["\n"] }))).param, "stop");
  const effort = await apiRejection(openai.chat.completions.create({ model: "gpt-5.1", messages: ASK, reasoning_effort: "minimal" }));
  assert.equal(effort.param, "reasoning_effort");
  assert.match(effort.message, /Supported values are: 'none', 'low', 'medium', 'high'/);
});

test("a reasoning model accepts max_completion_tokens and reasoning_effort, and reports its reasoning tokens", async (t) => {
  const { openai } = await setup(t);
  const completion = await openai.chat.completions.create({
    model: REASONING_MODEL,
    messages: ASK,
    max_completion_tokens: 1000,
    reasoning_effort: "low",
    temperature: 1,
  });
  assert.equal(completion.choices[0]?.message.content, DEFAULT_COMPLETION);
  assert.equal(completion.usage?.completion_tokens_details?.reasoning_tokens, 128);
  assert.ok((completion.usage?.completion_tokens ?? 0) > 128, "reasoning tokens are part of the completion tokens");
});

test("reasoning spends the output cap first: a cap of one token leaves an empty answer of finish_reason length", async (t) => {
  const { openai } = await setup(t);
  const completion = await openai.chat.completions.create({ model: REASONING_MODEL, messages: ASK, max_completion_tokens: 1, reasoning_effort: "low" });
  assert.equal(completion.choices[0]?.message.content, "");
  assert.equal(completion.choices[0]?.finish_reason, "length");
});

test("a fine-tuned reasoning model keeps its base model's rules", async (t) => {
  const { openai } = await setup(t, { models: ["ft:gpt-5-mini:acme:refactor:abc123"] });
  assert.equal(
    (await apiRejection(openai.chat.completions.create({ model: "ft:gpt-5-mini:acme:refactor:abc123", messages: ASK, temperature: 0.2 }))).param,
    "temperature",
  );
});

test("a chat model accepts temperature and max_tokens but refuses reasoning_effort", async (t) => {
  const { openai } = await setup(t);
  const completion = await openai.chat.completions.create({ model: CHAT_MODEL, messages: ASK, temperature: 0.1, max_tokens: 50 });
  assert.equal(completion.choices[0]?.message.content, DEFAULT_COMPLETION);
  const error = await apiRejection(openai.chat.completions.create({ model: CHAT_MODEL, messages: ASK, reasoning_effort: "low" }));
  assert.equal(error.param, "reasoning_effort");
});

test("a repeated long prompt reads from the prompt cache in increments of 128 tokens", async (t) => {
  const { openai } = await setup(t);
  const long = [{ role: "user" as const, content: `${"context line\n".repeat(400)}question one` }];
  const first = await openai.chat.completions.create({ model: CHAT_MODEL, messages: long });
  assert.equal(first.usage?.prompt_tokens_details?.cached_tokens, 0);
  const again = await openai.chat.completions.create({
    model: CHAT_MODEL,
    messages: [{ role: "user", content: `${"context line\n".repeat(400)}question two` }],
  });
  const cached = again.usage?.prompt_tokens_details?.cached_tokens ?? 0;
  assert.ok(cached >= 1024 && cached % 128 === 0, String(cached));
});

// ── failures on purpose (fakeServerCore.ts) ──

// why two tests: openai 7.x throws APIUserAbortError only while waiting for the response; once
// streaming, an abort ends the iteration quietly, so callers must check signal.aborted themselves.
test("a stalled stream ends promptly, without a finish chunk, when the client's AbortSignal fires", async (t) => {
  const { twin, openai } = await setup(t);
  twin.script({ reply: "abcdef", stallAfterChunks: 1 });
  const controller = new AbortController();
  const stream = await openai.chat.completions.create({ model: CHAT_MODEL, messages: ASK, stream: true }, { signal: controller.signal });
  setTimeout(() => controller.abort(), 50);
  const chunks = await collect(stream);
  assert.deepEqual(
    chunks.map((c) => c.choices[0]?.finish_reason),
    [null],
  );
});

test("an abort while the response is delayed rejects with APIUserAbortError", async (t) => {
  const { twin, openai } = await setup(t);
  twin.script({ firstByteDelayMs: 5000 });
  await assert.rejects(
    openai.chat.completions.create({ model: CHAT_MODEL, messages: ASK, stream: true }, { signal: AbortSignal.timeout(50) }),
    OpenAI.APIUserAbortError,
  );
});

test("an endless stream stops at the output cap with finish_reason length", async (t) => {
  const { twin, openai } = await setup(t);
  twin.script({ reply: "ab", endless: true, chunkDelayMs: 1 });
  const chunks = await collect(await openai.chat.completions.create({ model: CHAT_MODEL, messages: ASK, stream: true, max_completion_tokens: 4 }));
  assert.equal(chunks.length, 5);
  assert.equal(chunks.at(-1)?.choices[0]?.finish_reason, "length");
});

test("a connection dropped mid-stream surfaces as an error after the chunks already sent", async (t) => {
  const { twin, openai } = await setup(t);
  twin.script({ reply: "abcdef", chunks: 3, dropAfterChunks: 2 });
  const received: string[] = [];
  const stream = await openai.chat.completions.create({ model: CHAT_MODEL, messages: ASK, stream: true });
  await assert.rejects(async () => {
    for await (const chunk of stream) received.push(chunk.choices[0]?.delta.content ?? "");
  });
  assert.deepEqual(received, ["ab", "cd"]);
});

test("a malformed SSE event makes the openai stream throw", async (t) => {
  const { twin, openai } = await setup(t);
  twin.script({ malformedAfterChunks: 1 });
  await assert.rejects(collect(await openai.chat.completions.create({ model: CHAT_MODEL, messages: ASK, stream: true })), SyntaxError);
});

test("an error event mid-stream surfaces as an APIError with its message", async (t) => {
  const { twin, openai } = await setup(t);
  twin.script({ errorLineAfterChunks: 1, errorMessage: "upstream overloaded" });
  const stream = await openai.chat.completions.create({ model: CHAT_MODEL, messages: ASK, stream: true });
  await assert.rejects(collect(stream), (error) => error instanceof OpenAI.APIError && /upstream overloaded/.test(error.message));
});

test("stop() ends a stalled stream instead of waiting for it", async (t) => {
  const { twin, openai } = await setup(t);
  twin.script({ stallAfterChunks: 0 });
  const reading = collect(await openai.chat.completions.create({ model: CHAT_MODEL, messages: ASK, stream: true }));
  await twin.stop();
  await assert.rejects(reading);
});
