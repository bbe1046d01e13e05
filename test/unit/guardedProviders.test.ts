// The egress guard at the wire: a refused body opens no connection and comes back as a typed
// "egress-refused" failure, never retried; an allowed body reaches the server unchanged.
import { test } from "node:test";
import assert from "node:assert/strict";
import { EgressGuard } from "../../src/core/privacy/egressGuard.ts";
import { guardRemoteLocalSide } from "../../src/core/privacy/guardedFetch.ts";
import { OllamaProvider } from "../../src/core/providers/ollamaProvider.ts";
import { OpenAiCompatibleProvider } from "../../src/core/providers/openAiProvider.ts";
import { startFakeOllama } from "../fakes/fakeOllama.ts";
import { startOpenAiTwin } from "../fakes/cloud/openAiTwin.ts";
import { rejectsWithKind } from "./providerErrors.ts";

const KEY = "sk-unit-test";
const PRIVATE_LINES = [
  "const margin = ACME_SECRET_MARGIN_TABLE[region];",
  "const floor = negotiatedFloorFor(customer.contractId);",
  "return Math.max(floor, cost * (1 + margin));",
].join("\n");

async function setup(t: { after(fn: () => Promise<void>): void }) {
  const fake = await startOpenAiTwin({ apiKey: KEY, models: ["gpt-4.1-mini"] });
  t.after(() => fake.stop());
  const guard = new EgressGuard();
  guard.noteLocalOnly("file:///private/pricing.ts", "private/pricing.ts", 1, PRIVATE_LINES);
  let inspected = 0;
  // Retries on: a refusal must still be judged once and sent never.
  const provider = new OpenAiCompatibleProvider({
    endpoint: `${fake.url}/v1`,
    apiKey: KEY,
    side: "cloud",
    maxRetries: 2,
    timeoutMs: 10_000,
    inspectEgress: (body) => {
      inspected += 1;
      return guard.inspect(body);
    },
  });
  return { fake, provider, inspected: () => inspected };
}

const chat = (content: string) => ({
  model: "gpt-4.1-mini",
  messages: [{ role: "user" as const, content }],
  maxTokens: 32,
  temperature: 0,
  signal: AbortSignal.timeout(10_000),
});

test("allowed text reaches the cloud server through the guard (positive control)", async (t) => {
  const { fake, provider } = await setup(t);
  fake.script({ path: "/v1/chat/completions", reply: "ok" });
  const result = await provider.chat(chat("export const answer = 42;\nexport const question = 'life';\nexport const universe = true;"));
  assert.equal(result.text, "ok");
  assert.equal(fake.requestsTo("/v1/chat/completions").length, 1);
});

test("text of a local-only document is refused before any connection, once, with the rule and the document", async (t) => {
  const { fake, provider, inspected } = await setup(t);
  const error = await rejectsWithKind(provider.chat(chat(`File: public/link.ts\n${PRIVATE_LINES}`)), "egress-refused");
  assert.deepEqual(error.refusal, { rule: "local-only-text", source: "private/pricing.ts" });
  assert.deepEqual(error.problem, { code: "egress-refused", rule: "local-only-text", source: "private/pricing.ts" });
  assert.equal(fake.requests.length, 0, "nothing reached the server");
  assert.equal(inspected(), 1, "a refusal is not retried");
});

// ── the local side: judged only where it is not private ──

const TOKEN = ["ghp", "_", "Z8xC7vB6nM5aS4dF3gH2jK1lQ9wE8rT7yU6i"].join("");

test("a private local model gets private code and secrets untouched; an Ollama cloud model's request is judged and refused", async (t) => {
  const ollama = await startFakeOllama();
  t.after(() => ollama.stop());
  const guard = new EgressGuard();
  const provider = new OllamaProvider({
    endpoint: ollama.url,
    inspectEgress: guardRemoteLocalSide(
      (body) => guard.inspect(body),
      () => true,
    ),
  });
  const request = (model: string) => ({
    model,
    prefix: `const token = "${TOKEN}";\n`,
    suffix: "",
    raw: true,
    maxTokens: 8,
    contextTokens: 2048,
    temperature: 0,
    stop: [],
    signal: AbortSignal.timeout(10_000),
  });
  await provider.generateFim(request("qwen2.5-coder:1.5b-base"));
  assert.equal(ollama.requestsTo("/api/generate").length, 1, "the private local model got the request, secret and all");
  const error = await rejectsWithKind(provider.generateFim(request("qwen3-coder:cloud")), "egress-refused");
  assert.deepEqual(error.refusal, { rule: "secret", source: "github-pat" });
  assert.deepEqual(error.problem, { code: "egress-refused", rule: "secret", source: "github-pat" });
  assert.equal(ollama.requestsTo("/api/generate").length, 1, "nothing more reached Ollama, so nothing reached its cloud");
});

test("a local server that is not private is judged for every model", () => {
  const guard = new EgressGuard();
  const inspect = guardRemoteLocalSide(
    (body) => guard.inspect(body),
    () => false,
  );
  const body = JSON.stringify({ model: "qwen2.5-coder:1.5b-base", prompt: `token = "${TOKEN}"` });
  assert.equal(inspect(body, "http://gpu-box.lan:8000/v1/completions")?.rule, "secret");
  assert.equal(
    guardRemoteLocalSide(
      (b) => guard.inspect(b),
      () => true,
    )(body, "http://127.0.0.1:11434/api/generate"),
    undefined,
  );
});
