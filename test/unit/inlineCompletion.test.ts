// requestInlineCompletion against the fake Ollama: a completion is post-processed ghost text, and
// private code is never sent to a model that cannot (or must not) receive it.
import { test } from "node:test";
import assert from "node:assert/strict";
import { requestInlineCompletion } from "../../src/core/completion/inlineCompletion.ts";
import type { InlineCompletionRequest } from "../../src/core/completion/inlineCompletion.ts";
import { OllamaProvider } from "../../src/core/providers/ollamaProvider.ts";
import { estimateTokens } from "../../src/core/tokens.ts";
import { startFakeOllama } from "../fakes/fakeOllama.ts";
import type { FakeOllama } from "../fakes/fakeOllama.ts";
import { rejectsWithKind } from "./providerErrors.ts";

const CODE_MODEL = "qwen2.5-coder:1.5b-base";
const INSTRUCT_MODEL = "qwen2.5-coder:7b-instruct";
const CLOUD_MODEL = "gpt-oss:120b-cloud";
/** No "insert" and no FIM format Junction knows. */
const GENERAL_MODEL = "llama3.2:3b";

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
  const error = await rejectsWithKind(requestInlineCompletion(provider, completionAt("const secret = ", ";\n", { model: CLOUD_MODEL })), "model-is-remote");
  assert.deepEqual(error.problem, { code: "model-is-remote", model: CLOUD_MODEL });
  assert.equal(fake.requestsTo("/api/generate").length, 0);
});

test("a model that can neither take a suffix nor be prompted in a known FIM format is refused before any generate request", async (t) => {
  const fake = await startFakeOllama({ models: [{ name: GENERAL_MODEL, capabilities: ["completion", "tools"] }] });
  t.after(() => fake.stop());
  const provider = new OllamaProvider({ endpoint: fake.url });
  const error = await rejectsWithKind(requestInlineCompletion(provider, completionAt("let x = ", ";\n", { model: GENERAL_MODEL })), "model-lacks-insert");
  assert.deepEqual(error.problem, { code: "model-lacks-insert", model: GENERAL_MODEL });
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

// ── raw FIM prompts for models without "insert" ──

test("a model without insert but of a known family gets raw: true, its own FIM tokens and no suffix", async (t) => {
  const { fake, provider } = await setup(t);
  const completion = await requestInlineCompletion(provider, completionAt("function square(x) {\n  ", "\n}\n", { model: INSTRUCT_MODEL }));
  const body = fake.requestsTo("/api/generate")[0]?.body;
  assert.equal(body.raw, true);
  assert.equal(body.prompt, "<|fim_prefix|>function square(x) {\n  <|fim_suffix|>\n}\n<|fim_middle|>");
  assert.equal("suffix" in body, false, "Ollama rejects a suffix for a model without insert, raw or not");
  assert.equal(completion.prompting, "raw");
  assert.equal(completion.family, "qwen");
});

test("raw mode sends the family's stop tokens", async (t) => {
  const { fake, provider } = await setup(t);
  await requestInlineCompletion(provider, completionAt("let x = ", ";\n", { model: INSTRUCT_MODEL }));
  const stop: string[] = fake.requestsTo("/api/generate")[0]?.body.options.stop;
  for (const token of ["<|endoftext|>", "<|fim_pad|>", "<|repo_name|>", "<|file_sep|>", "<|im_end|>"]) assert.ok(stop.includes(token), token);
});

test("a Code Llama model is sent Code Llama's exact infill prompt and stops at <EOT>", async (t) => {
  const fake = await startFakeOllama({ models: [{ name: "codellama:7b-code", capabilities: ["completion"] }] });
  t.after(() => fake.stop());
  const provider = new OllamaProvider({ endpoint: fake.url });
  await requestInlineCompletion(provider, completionAt("def gcd(a, b):\n    ", "\n\nprint(gcd(4, 6))\n", { model: "codellama:7b-code", languageId: "python" }));
  const body = fake.requestsTo("/api/generate")[0]?.body;
  assert.equal(body.prompt, "<PRE> def gcd(a, b):\n     <SUF>\n\nprint(gcd(4, 6))\n <MID>");
  assert.ok(body.options.stop.includes("<EOT>"));
  assert.equal(body.raw, true);
});

test("a model with insert keeps Ollama's own template: suffix sent, no raw flag, its family's stops added", async (t) => {
  const { fake, provider } = await setup(t);
  const completion = await requestInlineCompletion(provider, completionAt("let x = ", ";\n"));
  const body = fake.requestsTo("/api/generate")[0]?.body;
  assert.equal(body.raw, undefined);
  assert.equal(body.suffix, ";\n");
  assert.ok(body.options.stop.includes("<|endoftext|>"));
  assert.equal(completion.prompting, "suffix");
});

test("a model with insert whose family is unknown is sent no stop list, so its own stop parameters apply", async (t) => {
  const fake = await startFakeOllama({ models: [{ name: "granite-code:3b", capabilities: ["completion", "insert"] }] });
  t.after(() => fake.stop());
  const provider = new OllamaProvider({ endpoint: fake.url });
  await requestInlineCompletion(provider, completionAt("let x = ", ";\n", { model: "granite-code:3b" }));
  const options = fake.requestsTo("/api/generate")[0]?.body.options;
  assert.ok(options, "the completion reached the twin");
  assert.equal("stop" in options, false);
});

// ── stopping early ──

test("in the middle of a line the stream is cut at the first newline and only that line is shown", async (t) => {
  const { fake, provider } = await setup(t);
  const reply = "price * quantity;\nconsole.log(total);\nconsole.log(total * 2);\nexport default total;\n";
  fake.script({ reply, chunks: 20 });
  const completion = await requestInlineCompletion(provider, completionAt("const total = ", ";\n", { languageId: "typescript" }));
  assert.equal(completion.mode, "single-line");
  assert.equal(completion.insertText, "price * quantity");
  assert.ok(completion.result.text.length < reply.length, `stopped reading after ${JSON.stringify(completion.result.text)}`);
});

// Real complaint (sourcegraph/cody#1052): in an empty block the user wants the block, not one line.
test("in an empty function body the whole body is shown, and the closing brace the editor has is not doubled", async (t) => {
  const { fake, provider } = await setup(t);
  fake.script({ reply: "const squared = x * x;\n  return squared;\n}\n\nfunction cube(x) {\n  return x * x * x;\n}\n", chunks: 12 });
  const completion = await requestInlineCompletion(provider, completionAt("function square(x) {\n  ", "\n}\n", { languageId: "typescript" }));
  assert.equal(completion.mode, "multi-line");
  assert.equal(completion.insertText, "const squared = x * x;\n  return squared;");
  assert.ok(!completion.result.text.includes("return x * x * x"), "the stream stopped at the end of the block");
});

// ── context and document ──

test("the prompt carries the file path and the snippets given, and num_ctx covers all of it", async (t) => {
  const { fake, provider } = await setup(t);
  const snippets = [{ path: "src/tax.ts", text: "export const TAX_RATE = 0.2;\n" }];
  await requestInlineCompletion(
    provider,
    completionAt("const total = ", ";\n", { filePath: "src/cart.ts", languageId: "typescript", snippets, maxTokens: 64 }),
  );
  const body = fake.requestsTo("/api/generate")[0]?.body;
  assert.equal(body.prompt, "// Path: src/tax.ts\n// export const TAX_RATE = 0.2;\n//\n// Path: src/cart.ts\nconst total = ");
  assert.ok(body.options.num_ctx >= estimateTokens(body.prompt) + estimateTokens(body.suffix) + 64);
});

test("the path and snippets do not confuse post-processing: it compares the answer with the code around the cursor", async (t) => {
  const { fake, provider } = await setup(t);
  fake.script({ reply: "a, b)" });
  const snippets = [{ path: "src/math.ts", text: "export function add(a, b) {\n  return a + b;\n}\n" }];
  const completion = await requestInlineCompletion(provider, completionAt("const sum = add(", ");\n", { filePath: "src/main.ts", snippets }));
  assert.equal(completion.insertText, "a, b");
});

test("in a CRLF document the completion comes back with CRLF line breaks", async (t) => {
  const { fake, provider } = await setup(t);
  fake.script({ reply: "const squared = x * x;\n  return squared;\n}\n" });
  const completion = await requestInlineCompletion(provider, completionAt("function square(x) {\r\n  ", "\r\n}\r\n", { languageId: "typescript" }));
  assert.equal(completion.insertText, "const squared = x * x;\r\n  return squared;");
});

// ── one window per model: server/sched.go reloads a runner whose num_ctx changes ──

test("a typing session of completions, with a refactor in between on the same model, never reloads it", async (t) => {
  const { fake, provider } = await setup(t);
  const file = "export function step(value: number): number {\n  return value;\n}\n".repeat(150);
  let typed = "";
  for (const key of "const total = items.reduce((sum, item) => sum + item.price, 0);") {
    typed += key;
    await requestInlineCompletion(provider, completionAt(file + typed, "\n", { model: INSTRUCT_MODEL, languageId: "typescript" }));
  }
  await provider.chat({
    model: INSTRUCT_MODEL,
    messages: [{ role: "user", content: `Refactor:\n${file}` }],
    maxTokens: 2048,
    temperature: 0.1,
    signal: AbortSignal.timeout(10_000),
  });
  const contexts = new Set([...fake.requestsTo("/api/generate"), ...fake.requestsTo("/api/chat")].map((request) => request.body.options.num_ctx));
  assert.deepEqual([...contexts], [8192]);
  assert.deepEqual(fake.reloads, []);
});

test("a window smaller than the prompt budget shrinks the prompt, never grows num_ctx", async (t) => {
  const fake = await startFakeOllama();
  t.after(() => fake.stop());
  const provider = new OllamaProvider({ endpoint: fake.url, contextTokens: 1024 });
  const before = "export function f() {\n  return 1;\n}\n".repeat(500);
  await requestInlineCompletion(provider, completionAt(before, "\n", { promptTokens: 1500, maxTokens: 128 }));
  const body = fake.requestsTo("/api/generate")[0]?.body;
  assert.equal(body.options.num_ctx, 1024);
  assert.ok(estimateTokens(body.prompt) + estimateTokens(body.suffix) + body.options.num_predict <= 1024, "prompt and answer fit the window");
  assert.equal(fake.generations[0]?.truncated, false, "Ollama had nothing to cut");
});

for (const name of ["qwen3-coder:cloud", "kimi-k2.6:cloud", "deepseek-v3.1:671b:CLOUD"]) {
  test(`${name} as the completion model is refused before anything leaves: no generate, no cloud request`, async (t) => {
    const fake = await startFakeOllama({ models: [{ name, capabilities: ["completion", "insert"] }] });
    t.after(() => fake.stop());
    const provider = new OllamaProvider({ endpoint: fake.url });
    await rejectsWithKind(requestInlineCompletion(provider, completionAt("const key = ", ";\n", { model: name })), "model-is-remote");
    assert.equal(fake.requests.length, 0);
    assert.deepEqual(fake.cloudRequests, []);
  });
}
