// Ollama's cloud names everywhere Junction classifies a local model: the health check, the
// pickers' concerns, and the openai-compatible local provider pointed at Ollama's /v1 — which
// forwards those names to ollama.com just as /api does (server/cloud_proxy.go). Against the twin,
// a leak would show as a recorded cloud request.
import { test } from "node:test";
import assert from "node:assert/strict";
import { checkLocalHealth } from "../../src/core/health.ts";
import { requestInlineCompletion } from "../../src/core/completion/inlineCompletion.ts";
import { modelConcerns, orderForRole } from "../../src/core/models/modelSuitability.ts";
import { OllamaProvider } from "../../src/core/providers/ollamaProvider.ts";
import { OpenAiLocalProvider } from "../../src/core/providers/localProvider.ts";
import { startFakeOllama } from "../fakes/fakeOllama.ts";
import { rejectsWithKind } from "./providerErrors.ts";

const CLOUD = "qwen3-coder:cloud";
const LOCAL = "qwen2.5-coder:1.5b-base";
const MODELS = [
  { name: LOCAL, capabilities: ["completion", "insert"] },
  { name: CLOUD, capabilities: ["completion", "insert"] },
  { name: "gpt-oss:120b-cloud", capabilities: ["completion"] },
];

async function twin(t: { after(fn: () => Promise<void>): void }) {
  const fake = await startFakeOllama({ models: MODELS });
  t.after(() => fake.stop());
  return fake;
}

test("the health check calls a :cloud completion model remote and asks the cloud nothing", async (t) => {
  const fake = await twin(t);
  const health = await checkLocalHealth(new OllamaProvider({ endpoint: fake.url }), "deepseek-v3.1:671b:CLOUD");
  assert.equal(health.state === "unavailable" && health.problem, "model-is-remote");
  assert.deepEqual(fake.cloudRequests, []);
});

test("the openai-compatible provider on Ollama's /v1 lists cloud names as remote", async (t) => {
  const fake = await twin(t);
  const provider = new OpenAiLocalProvider({ endpoint: `${fake.url}/v1`, timeoutMs: 5_000 });
  const listed = await provider.listModels(AbortSignal.timeout(5_000));
  assert.deepEqual(
    listed.map((model) => [model.name, model.remote]),
    [
      [LOCAL, false],
      [CLOUD, true],
      ["gpt-oss:120b-cloud", true],
    ],
  );
  assert.equal((await provider.modelInfo(CLOUD)).isRemote, true);
  assert.equal((await provider.modelInfo(LOCAL)).isRemote, false);
});

test("through Ollama's /v1 a cloud completion model is refused before /v1/completions is called", async (t) => {
  const fake = await twin(t);
  const provider = new OpenAiLocalProvider({ endpoint: `${fake.url}/v1`, timeoutMs: 5_000 });
  const call = requestInlineCompletion(provider, {
    text: "const key = ;",
    offset: 12,
    model: CLOUD,
    promptTokens: 500,
    maxTokens: 32,
    signal: AbortSignal.timeout(5_000),
  });
  await rejectsWithKind(call, "model-is-remote");
  assert.equal(fake.requestsTo("/v1/completions").length, 0);
  assert.deepEqual(fake.cloudRequests, []);
});

test("a local model through Ollama's /v1 completes there, with Ollama's automatic context and no reload", async (t) => {
  const fake = await twin(t);
  fake.script({ path: "/v1/completions", reply: "42;" });
  const provider = new OpenAiLocalProvider({ endpoint: `${fake.url}/v1`, timeoutMs: 5_000 });
  for (let i = 0; i < 3; i++)
    await requestInlineCompletion(provider, {
      text: `const key${i} = ;`,
      offset: 13,
      model: LOCAL,
      promptTokens: 500,
      maxTokens: 32,
      signal: AbortSignal.timeout(5_000),
    });
  assert.equal(fake.generations.length, 3);
  assert.deepEqual(fake.reloads, []);
});

test("the pickers warn about a cloud name even when the listing has no remote flag, and list it last", () => {
  const listing = (name: string, remote = false) => ({ name, remote, capabilities: ["completion", "insert"], sizeBytes: undefined, parameterSize: undefined });
  assert.deepEqual(modelConcerns(listing("kimi-k2.6:cloud"), "refactor"), ["remote"]);
  assert.deepEqual(modelConcerns(listing("qwen3:8b:local"), "refactor"), []);
  assert.equal(orderForRole([listing("qwen3-coder:cloud"), listing(LOCAL)], "completion")[0]?.name, LOCAL);
});
