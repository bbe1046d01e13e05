// A self-hosted OpenAI-compatible server (vLLM, llama.cpp, LM Studio) as the local side, against
// the self-hosted twin over real HTTP: FIM through /v1/completions with the family's
// own tokens, refactor chat, the model list, and failures as typed local ProviderErrors.
import { test } from "node:test";
import assert from "node:assert/strict";
import { requestInlineCompletion } from "../../src/core/completion/inlineCompletion.ts";
import { checkLocalHealth } from "../../src/core/health.ts";
import { ProviderError } from "../../src/core/errors.ts";
import { OpenAiLocalProvider } from "../../src/core/providers/localProvider.ts";
import { REASONING_ALLOWANCE_TOKENS } from "../../src/core/providers/modelParameters.ts";
import type { ChatTwinOptions } from "../fakes/cloud/chatTwin.ts";
import { startOpenAiTwin } from "../fakes/cloud/openAiTwin.ts";
import { startSelfHostedTwin } from "../fakes/cloud/selfHostedTwin.ts";
import { rejectsWithKind } from "./providerErrors.ts";

/** vLLM serves models under their Hugging Face names. */
const CODE_MODEL = "Qwen/Qwen2.5-Coder-1.5B";
const CHAT_MODEL = "Qwen/Qwen2.5-Coder-7B-Instruct";
/** A family whose FIM tokens Junction does not know. */
const GENERAL_MODEL = "meta-llama/Llama-3.2-3B";

async function setup(t: { after(fn: () => Promise<void>): void }, options: ChatTwinOptions = {}) {
  const fake = await startSelfHostedTwin({ models: [CODE_MODEL, CHAT_MODEL, GENERAL_MODEL], ...options });
  t.after(() => fake.stop());
  return { fake, provider: new OpenAiLocalProvider({ endpoint: fake.baseUrl, timeoutMs: 10_000 }) };
}

const completion = (model = CODE_MODEL) => ({
  text: "function add(a: number, b: number) {\n  return \n}\n",
  offset: "function add(a: number, b: number) {\n  return ".length,
  model,
  promptTokens: 512,
  maxTokens: 32,
  signal: AbortSignal.timeout(10_000),
  filePath: "src/add.ts",
  languageId: "typescript",
});

test("a completion goes to /v1/completions as the family's FIM prompt, with prefix and suffix inside it", async (t) => {
  const { fake, provider } = await setup(t);
  fake.script({ path: "/v1/completions", reply: "a + b;" });
  const result = await requestInlineCompletion(provider, completion());
  assert.equal(result.insertText, "a + b;");
  assert.equal(result.prompting, "raw");
  const [request] = fake.requests.filter((r) => r.path === "/v1/completions");
  assert.ok(request, "one text completion request");
  assert.equal(request.body.model, CODE_MODEL);
  assert.equal(request.body.stream, true);
  assert.equal(request.body.max_tokens, 32);
  assert.equal(request.body.suffix, undefined, "no server agrees on a suffix parameter");
  assert.match(request.body.prompt, /^<\|fim_prefix\|>[\s\S]*return <\|fim_suffix\|>\n\}\n[\s\S]*<\|fim_middle\|>$/);
});

test("the usage the server reports is the completion's usage", async (t) => {
  const { fake, provider } = await setup(t);
  fake.script({ path: "/v1/completions", reply: "a + b;", promptTokens: 321, completionTokens: 4 });
  const result = await requestInlineCompletion(provider, completion());
  assert.deepEqual(result.result.usage, { inputTokens: 321, outputTokens: 4, estimated: false });
});

test("a model whose FIM format Junction does not know is refused before anything is sent", async (t) => {
  const { fake, provider } = await setup(t);
  await rejectsWithKind(requestInlineCompletion(provider, completion(GENERAL_MODEL)), "model-lacks-insert", "local");
  assert.equal(fake.requests.filter((r) => r.path === "/v1/completions").length, 0);
});

test("a model the server does not serve is model-not-found, naming what it serves", async (t) => {
  const { fake, provider } = await setup(t);
  await assert.rejects(provider.modelInfo("qwen2.5-coder:1.5b-base"), (error: unknown) => {
    assert.ok(ProviderError.is(error, "model-not-found"));
    assert.deepEqual(error.problem, {
      code: "model-not-served",
      model: "qwen2.5-coder:1.5b-base",
      endpoint: fake.baseUrl,
      served: [CODE_MODEL, CHAT_MODEL, GENERAL_MODEL],
    });
    return true;
  });
});

test("the health check says ready with the server's kind, and never claims simulated", async (t) => {
  const { fake, provider } = await setup(t);
  assert.deepEqual(await checkLocalHealth(provider, CODE_MODEL), {
    state: "ready",
    endpoint: fake.baseUrl,
    server: { product: "openai-compatible", version: undefined },
    simulated: false,
    model: CODE_MODEL,
  });
});

test("the health check on a dead endpoint is unavailable: unreachable", async () => {
  const provider = new OpenAiLocalProvider({ endpoint: "http://127.0.0.1:9/v1", timeoutMs: 2_000 });
  const health = await checkLocalHealth(provider, CODE_MODEL);
  assert.equal(health.state === "unavailable" && health.problem, "unreachable");
});

test("refactor chat uses max_tokens, which every self-hosted server understands", async (t) => {
  const { fake, provider } = await setup(t);
  fake.script({ path: "/v1/chat/completions", reply: "done" });
  const result = await provider.chat({
    model: CHAT_MODEL,
    messages: [{ role: "user", content: "rename x" }],
    maxTokens: 100,
    temperature: 0,
    signal: AbortSignal.timeout(10_000),
  });
  assert.equal(result.text, "done");
  const [request] = fake.requests.filter((r) => r.path === "/v1/chat/completions");
  assert.equal(request?.body.max_tokens, 100);
  assert.equal(request?.body.max_completion_tokens, undefined);
});

test("a reasoning model behind a local OpenAI-compatible proxy gets max_completion_tokens and no temperature", async (t) => {
  // A proxy on this machine (LiteLLM and the like) forwarding to OpenAI answers as OpenAI does.
  const proxy = await startOpenAiTwin({ models: ["gpt-5-mini"] });
  t.after(() => proxy.stop());
  const provider = new OpenAiLocalProvider({ endpoint: proxy.baseUrl, timeoutMs: 10_000 });
  const result = await provider.chat({
    model: "gpt-5-mini",
    messages: [{ role: "user", content: "rename x" }],
    maxTokens: 2_000,
    temperature: 0.1,
    signal: AbortSignal.timeout(10_000),
  });
  assert.ok(result.text.length > 0);
  const [request] = proxy.chatRequests();
  assert.equal(request?.body.max_tokens, undefined);
  assert.equal(request?.body.max_completion_tokens, 2_000 + REASONING_ALLOWANCE_TOKENS, "the answer's budget and room to reason");
  assert.equal(request?.body.temperature, undefined);
  assert.equal(proxy.chatRequests().length, 1, "right the first time");
});

test("a local server that rejects max_tokens by name gets the request again with max_completion_tokens", async (t) => {
  const { fake, provider } = await setup(t);
  fake.script({
    path: "/v1/chat/completions",
    status: 400,
    times: 1,
    errorBody: {
      error: {
        message: "Unsupported parameter: 'max_tokens' is not supported with this model. Use 'max_completion_tokens' instead.",
        type: "invalid_request_error",
        param: "max_tokens",
        code: "unsupported_parameter",
      },
    },
  });
  const result = await provider.chat({
    model: CHAT_MODEL,
    messages: [{ role: "user", content: "rename x" }],
    maxTokens: 100,
    temperature: 0,
    signal: AbortSignal.timeout(10_000),
  });
  assert.deepEqual(result.adapted, ["max_tokens"]);
  const sent = fake.chatRequests().map((request) => request.body);
  assert.equal(sent.length, 2);
  // A server that wants max_completion_tokens answers like OpenAI's reasoning models: room to reason is added.
  assert.equal(sent[1]?.max_completion_tokens, 100 + REASONING_ALLOWANCE_TOKENS);
  assert.equal(sent[1]?.max_tokens, undefined);
});

test("the bearer token sent is a placeholder, never a real key", async (t) => {
  // A fake that accepts only the placeholder: the request passing proves it was exactly that.
  const { fake, provider } = await setup(t, { apiKey: "junction-local-no-key" });
  await provider.listModels(AbortSignal.timeout(10_000));
  assert.equal(fake.requests[0]?.authorized, true);
});

test("the model list names every served model, without sizes the server does not report", async (t) => {
  const { provider } = await setup(t);
  const models = await provider.listModels(AbortSignal.timeout(10_000));
  assert.deepEqual(
    models.map((m) => m.name),
    [CODE_MODEL, CHAT_MODEL, GENERAL_MODEL],
  );
  assert.ok(models.every((m) => m.sizeBytes === undefined && m.capabilities === undefined && m.remote === false));
});

test("a 500 on a completion is a server error, not retried", async (t) => {
  const { fake, provider } = await setup(t);
  fake.script({ path: "/v1/completions", status: 500, times: 5 });
  await rejectsWithKind(requestInlineCompletion(provider, completion()), "server-error", "local");
  assert.equal(fake.requests.filter((r) => r.path === "/v1/completions").length, 1);
});

test("cancelling mid-stream is aborted", async (t) => {
  const { fake, provider } = await setup(t);
  fake.script({ path: "/v1/completions", reply: "a + b + c + d + e + f;", chunkDelayMs: 200 });
  const controller = new AbortController();
  setTimeout(() => controller.abort(), 100);
  await rejectsWithKind(requestInlineCompletion(provider, { ...completion(), signal: controller.signal }), "aborted", "local");
});
