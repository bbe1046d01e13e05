// requestInlineCompletion against the fake Ollama: a completion is post-processed ghost text, and
// private code is never sent to a model that cannot (or must not) receive it.
import { test } from "node:test";
import assert from "node:assert/strict";
import { requestInlineCompletion } from "../../src/core/completion/inlineCompletion.ts";
import type { InlineCompletionRequest } from "../../src/core/completion/inlineCompletion.ts";
import { ProviderError } from "../../src/core/errors.ts";
import type { ProviderErrorKind } from "../../src/core/errors.ts";
import { OllamaProvider, estimateTokens } from "../../src/core/providers/ollamaProvider.ts";
import { startFakeOllama } from "../fakes/fakeOllama.ts";
import type { FakeOllama } from "../fakes/fakeOllama.ts";

const CODE_MODEL = "qwen2.5-coder:1.5b-base";
const INSTRUCT_MODEL = "qwen2.5-coder:7b-instruct";
const CLOUD_MODEL = "gpt-oss:120b-cloud";

async function setup(t: { after(fn: () => Promise<void>): void }) {
  const fake: FakeOllama = await startFakeOllama();
  t.after(() => fake.stop());
  return { fake, provider: new OllamaProvider({ endpoint: fake.url }) };
}

/** A request with the cursor right after `before`, in front of `after`. */
function completionAt(before: string, after: string, overrides: Partial<InlineCompletionRequest> = {}): InlineCompletionRequest {
  return {
    text: before + after,
    offset: before.length,
    model: CODE_MODEL,
    promptTokens: 1500,
    maxTokens: 128,
    signal: AbortSignal.timeout(10_000),
    ...overrides,
  };
}

async function rejectsWithKind(promise: Promise<unknown>, kind: ProviderErrorKind): Promise<void> {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(error instanceof ProviderError, `expected a ProviderError, got ${String(error)}`);
    assert.equal(error.kind, kind);
    return true;
  });
}

test("the completion is the model's answer, post-processed, alongside the raw result", async (t) => {
  const { fake, provider } = await setup(t);
  fake.script({ reply: "a, b)  \n\n", chunks: 2 });
  const completion = await requestInlineCompletion(provider, completionAt("const sum = add(", ");\n"));
  assert.equal(completion.insertText, "a, b");
  assert.equal(completion.result.text, "a, b)  \n\n");
  assert.equal(completion.result.model, CODE_MODEL);
  assert.equal(completion.result.usage.estimated, false);
});

test("the model is sent the code before the cursor as prompt and the code after it as suffix", async (t) => {
  const { fake, provider } = await setup(t);
  await requestInlineCompletion(provider, completionAt("function square(x) {\n  ", "\n}\n"));
  const body = fake.requestsTo("/api/generate")[0]?.body;
  assert.equal(body.prompt, "function square(x) {\n  ");
  assert.equal(body.suffix, "\n}\n");
});

test("a model Ollama proxies to a remote service is refused and no code is sent to it", async (t) => {
  const { fake, provider } = await setup(t);
  await rejectsWithKind(requestInlineCompletion(provider, completionAt("const secret = ", ";\n", { model: CLOUD_MODEL })), "model-is-remote");
  assert.equal(fake.requestsTo("/api/generate").length, 0);
});

test("a model that cannot fill in the middle is refused before any generate request", async (t) => {
  const { fake, provider } = await setup(t);
  await rejectsWithKind(requestInlineCompletion(provider, completionAt("let x = ", ";\n", { model: INSTRUCT_MODEL })), "model-lacks-insert");
  assert.equal(fake.requestsTo("/api/generate").length, 0);
});

test("the context window asked for holds the whole prompt plus the tokens the answer may use", async (t) => {
  const { fake, provider } = await setup(t);
  const before = "export function f() {\n  return 1;\n}\n".repeat(200);
  const after = "\nexport const g = 2;\n".repeat(200);
  await requestInlineCompletion(provider, completionAt(before, after, { promptTokens: 1000, maxTokens: 200 }));
  const body = fake.requestsTo("/api/generate")[0]?.body;
  assert.equal(body.options.num_predict, 200);
  assert.ok(body.options.num_ctx >= estimateTokens(body.prompt) + estimateTokens(body.suffix) + 200, `num_ctx ${body.options.num_ctx}`);
});

test("the prompt of a large file is cut down to the prompt budget", async (t) => {
  const { fake, provider } = await setup(t);
  const before = "export function f() {\n  return 1;\n}\n".repeat(500);
  await requestInlineCompletion(provider, completionAt(before, "\n", { promptTokens: 256 }));
  const body = fake.requestsTo("/api/generate")[0]?.body;
  assert.ok(body.prompt.length < before.length);
  assert.ok(estimateTokens(body.prompt) + estimateTokens(body.suffix) <= 256);
});
