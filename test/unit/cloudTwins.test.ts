// The OpenRouter, Anthropic, Azure OpenAI, Gemini and self-hosted twins, each through the real
// `openai` client, on the differences their providers document (the twin files cite the pages).
import { test } from "node:test";
import assert from "node:assert/strict";
import OpenAI, { AzureOpenAI } from "openai";
import { DEFAULT_COMPLETION } from "../fakes/fakeServerCore.ts";
import type { ChatTwin } from "../fakes/cloud/chatTwin.ts";
import { startAnthropicTwin } from "../fakes/cloud/anthropicTwin.ts";
import { startAzureTwin } from "../fakes/cloud/azureTwin.ts";
import { startGeminiTwin } from "../fakes/cloud/geminiTwin.ts";
import { OPENROUTER_NO_CREDITS, startOpenRouterTwin } from "../fakes/cloud/openRouterTwin.ts";
import { startSelfHostedTwin } from "../fakes/cloud/selfHostedTwin.ts";
import { apiRejection } from "./providerErrors.ts";
import { collect } from "./streams.ts";

const KEY = "sk-twin-test";
const ASK = [{ role: "user" as const, content: "Refactor this function" }];

function clientOf(twin: ChatTwin, apiKey = KEY): OpenAI {
  return new OpenAI({ apiKey, baseURL: twin.baseUrl, maxRetries: 0, timeout: 5000, logLevel: "off" });
}

async function started<T extends ChatTwin>(t: { after(fn: () => Promise<void>): void }, twin: Promise<T>): Promise<T> {
  const running = await twin;
  t.after(() => running.stop());
  return running;
}

// ── OpenRouter ──

test("OpenRouter lists vendor-prefixed models with per-token prices to anyone, no key needed", async (t) => {
  const twin = await started(t, startOpenRouterTwin({ apiKey: KEY }));
  const response = await fetch(`${twin.baseUrl}/models`);
  assert.equal(response.status, 200);
  const { data } = (await response.json()) as {
    data: Array<{ id: string; pricing: { prompt: string; completion: string }; context_length: number; supported_parameters: string[] }>;
  };
  const sonnet = data.find((model) => model.id === "anthropic/claude-sonnet-4.5");
  assert.equal(sonnet?.pricing.prompt, "0.000003");
  assert.equal(sonnet?.pricing.completion, "0.000015");
  assert.equal(sonnet?.context_length, 1_000_000);
  assert.ok(data.find((model) => model.id === "openai/gpt-5-mini")?.supported_parameters.includes("reasoning"));
});

test("OpenRouter reports usage with its cost on every answer, even a stream that did not ask for it", async (t) => {
  const twin = await started(t, startOpenRouterTwin({ apiKey: KEY }));
  twin.script({ reply: "done", promptTokens: 2_000, completionTokens: 100 });
  const chunks = await collect(await clientOf(twin).chat.completions.create({ model: "anthropic/claude-sonnet-4.5", messages: ASK, stream: true }));
  const usage = chunks.at(-1)?.usage as (OpenAI.CompletionUsage & { cost?: number }) | undefined;
  assert.equal(usage?.prompt_tokens, 2_000);
  assert.ok(Math.abs((usage?.cost ?? 0) - (2_000 * 3 + 100 * 15) / 1e6) < 1e-12);
});

test("OpenRouter ignores parameters a model does not take instead of refusing them", async (t) => {
  const twin = await started(t, startOpenRouterTwin({ apiKey: KEY }));
  const completion = await clientOf(twin).chat.completions.create({
    model: "openai/gpt-5-mini",
    messages: ASK,
    temperature: 0.1,
    max_tokens: 2_000,
    stop: ["\n\n"],
  });
  assert.equal(completion.choices[0]?.message.content, DEFAULT_COMPLETION);
});

test("OpenRouter's errors carry the status as error.code: an unknown id is a 400, no credits a 402", async (t) => {
  const twin = await started(t, startOpenRouterTwin({ apiKey: KEY }));
  const unknown = await apiRejection(clientOf(twin).chat.completions.create({ model: "acme/coder", messages: ASK }));
  assert.equal(unknown.status, 400);
  assert.equal(unknown.code, 400);
  assert.match(unknown.message, /acme\/coder is not a valid model ID/);
  twin.script({ status: 402, errorBody: OPENROUTER_NO_CREDITS });
  const credits = await apiRejection(clientOf(twin).chat.completions.create({ model: "openai/gpt-5-mini", messages: ASK }));
  assert.equal(credits.status, 402);
  assert.match(credits.message, /requires more credits/);
});

// ── Anthropic's compatibility layer ──

test("Anthropic caps a temperature above 1 instead of refusing it, and takes max_tokens", async (t) => {
  const twin = await started(t, startAnthropicTwin({ apiKey: KEY }));
  const completion = await clientOf(twin).chat.completions.create({ model: "claude-sonnet-4-5", messages: ASK, temperature: 1.5, max_tokens: 100 });
  assert.equal(completion.choices[0]?.message.content, DEFAULT_COMPLETION);
});

test("Claude 4.5 refuses temperature and top_p together; n must be 1", async (t) => {
  const twin = await started(t, startAnthropicTwin({ apiKey: KEY }));
  assert.match(
    (await apiRejection(clientOf(twin).chat.completions.create({ model: "claude-sonnet-4-5", messages: ASK, temperature: 0.1, top_p: 0.9 }))).message,
    /cannot both be specified/,
  );
  assert.equal((await apiRejection(clientOf(twin).chat.completions.create({ model: "claude-sonnet-4-5", messages: ASK, n: 2 }))).status, 400);
});

test("Anthropic answers a dated snapshot of a served alias, and lists models in its native shape", async (t) => {
  const twin = await started(t, startAnthropicTwin({ apiKey: KEY }));
  const completion = await clientOf(twin).chat.completions.create({ model: "claude-sonnet-4-5-20250929", messages: ASK });
  assert.equal(completion.model, "claude-sonnet-4-5-20250929");
  const ids: string[] = [];
  for await (const model of clientOf(twin).models.list()) ids.push(model.id);
  assert.deepEqual(ids, ["claude-sonnet-4-5", "claude-haiku-4-5", "claude-opus-4-5"]);
  const raw = (await (await fetch(`${twin.baseUrl}/models`, { headers: { "x-api-key": KEY } })).json()) as { has_more: boolean; data: Array<{ type: string }> };
  assert.equal(raw.has_more, false);
  assert.equal(raw.data[0]?.type, "model");
});

// ── Azure OpenAI ──

test("Azure's v1 API takes the deployment name as the model and the key in api-key", async (t) => {
  const twin = await started(t, startAzureTwin({ apiKey: KEY }));
  const azure = new OpenAI({ apiKey: KEY, baseURL: twin.baseUrl, defaultHeaders: { "api-key": KEY }, maxRetries: 0 });
  const completion = await azure.chat.completions.create({ model: "gpt-41", messages: ASK, temperature: 0.1 });
  assert.equal(completion.choices[0]?.message.content, DEFAULT_COMPLETION);
  assert.equal(twin.requests.at(-1)?.headers["api-key"], "[redacted]");
});

test("an Azure deployment of a reasoning model refuses what OpenAI refuses, whatever its name", async (t) => {
  const twin = await started(t, startAzureTwin({ apiKey: KEY }));
  const error = await apiRejection(clientOf(twin).chat.completions.create({ model: "team-reasoner", messages: ASK, temperature: 0.1 }));
  assert.equal(error.param, "temperature");
  assert.equal(error.status, 400);
});

test("an unknown Azure deployment is 404 DeploymentNotFound", async (t) => {
  const twin = await started(t, startAzureTwin({ apiKey: KEY }));
  const error = await apiRejection(clientOf(twin).chat.completions.create({ model: "nope", messages: ASK }));
  assert.equal(error.status, 404);
  assert.equal(error.code, "DeploymentNotFound");
});

test("Azure's dated API puts the deployment in the path and needs api-version, and the key in api-key", async (t) => {
  const twin = await started(t, startAzureTwin({ apiKey: KEY }));
  const dated = new AzureOpenAI({ apiKey: KEY, endpoint: twin.url, apiVersion: "2024-10-21", maxRetries: 0 });
  const completion = await dated.chat.completions.create({ model: "gpt-41", messages: ASK });
  assert.equal(completion.choices[0]?.message.content, DEFAULT_COMPLETION);
  assert.equal(twin.requests.at(-1)?.path, "/openai/deployments/gpt-41/chat/completions");
  assert.equal(twin.requests.at(-1)?.query["api-version"], "2024-10-21");
  const missing = await fetch(`${twin.url}/openai/deployments/gpt-41/chat/completions`, {
    method: "POST",
    headers: { "api-key": KEY, "content-type": "application/json" },
    body: JSON.stringify({ messages: ASK }),
  });
  assert.equal(missing.status, 404);
  assert.match(await missing.text(), /Resource not found/);
});

// ── Gemini's compatibility endpoint ──

test("Gemini lists models as models/… and answers them by either name", async (t) => {
  const twin = await started(t, startGeminiTwin({ apiKey: KEY }));
  const ids: string[] = [];
  for await (const model of clientOf(twin).models.list()) ids.push(model.id);
  assert.ok(ids.includes("models/gemini-2.5-flash"));
  for (const model of ["gemini-2.5-flash", "models/gemini-2.5-flash"])
    assert.equal((await clientOf(twin).chat.completions.create({ model, messages: ASK })).choices[0]?.message.content, DEFAULT_COMPLETION);
});

test("Gemini refuses a field it does not know, naming it, in an array-wrapped error the openai client passes on as raw JSON", async (t) => {
  const twin = await started(t, startGeminiTwin({ apiKey: KEY }));
  const response = await fetch(`${twin.baseUrl}/chat/completions`, {
    method: "POST",
    headers: { authorization: `Bearer ${KEY}`, "content-type": "application/json" },
    body: JSON.stringify({ model: "gemini-2.5-flash", messages: ASK, max_new_tokens: 5 }),
  });
  assert.equal(response.status, 400);
  const body = (await response.json()) as Array<{ error: { message: string; status: string } }>;
  assert.match(body[0]?.error.message ?? "", /Unknown name "max_new_tokens": Cannot find field/);
  assert.equal(body[0]?.error.status, "INVALID_ARGUMENT");
  // What makes the shape matter: the client finds no error.message, so its message is the array's JSON text, and code and param are empty.
  const error = await apiRejection(clientOf(twin).chat.completions.create({ model: "gemini-2.5-flash", messages: ASK, ...({ max_new_tokens: 5 } as object) }));
  assert.match(error.message, /^400 \[\{"error":/);
  assert.equal(error.code, undefined);
});

test("Gemini 2.5 Pro cannot turn thinking off; reasoning_effort low is accepted and its thinking reported", async (t) => {
  const twin = await started(t, startGeminiTwin({ apiKey: KEY }));
  await apiRejection(clientOf(twin).chat.completions.create({ model: "gemini-2.5-pro", messages: ASK, reasoning_effort: "none" }));
  const completion = await clientOf(twin).chat.completions.create({ model: "gemini-2.5-pro", messages: ASK, reasoning_effort: "low", max_tokens: 2000 });
  assert.equal(completion.usage?.completion_tokens_details?.reasoning_tokens, 256);
});

// ── self-hosted (vLLM, llama.cpp) ──

test("a self-hosted server needs no key, takes either output cap and ignores fields it does not know", async (t) => {
  const twin = await started(t, startSelfHostedTwin({ models: ["Qwen/Qwen2.5-Coder-7B-Instruct"] }));
  const client = clientOf(twin, "anything");
  for (const cap of [{ max_tokens: 20 }, { max_completion_tokens: 20 }]) {
    const completion = await client.chat.completions.create({ model: "Qwen/Qwen2.5-Coder-7B-Instruct", messages: ASK, reasoning_effort: "low", ...cap });
    assert.equal(completion.choices[0]?.message.content, DEFAULT_COMPLETION);
  }
});

test("a self-hosted server serves the legacy completions route Junction sends FIM prompts to", async (t) => {
  const twin = await started(t, startSelfHostedTwin({ models: ["Qwen/Qwen2.5-Coder-1.5B"] }));
  twin.script({ path: "/v1/completions", reply: "a + b;" });
  const completion = await clientOf(twin).completions.create({ model: "Qwen/Qwen2.5-Coder-1.5B", prompt: "<|fim_prefix|>return ", max_tokens: 16 });
  assert.equal(completion.choices[0]?.text, "a + b;");
});
