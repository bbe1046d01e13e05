// What Junction sends each provider's twin, and the one-retry adaptation: a server that rejects a
// parameter by name gets the request once more without it, and the endpoint's answer is kept for
// that model, so the next request is right the first time. Never for other errors, never a loop.
import { test } from "node:test";
import assert from "node:assert/strict";
import { ProviderError } from "../../src/core/errors.ts";
import { ParameterMemory, REASONING_ALLOWANCE_TOKENS } from "../../src/core/providers/modelParameters.ts";
import { OpenAiCompatibleProvider } from "../../src/core/providers/openAiProvider.ts";
import type { ChatRequest } from "../../src/core/providers/providerTypes.ts";
import type { ChatTwin } from "../fakes/cloud/chatTwin.ts";
import { startAnthropicTwin } from "../fakes/cloud/anthropicTwin.ts";
import { startAzureTwin } from "../fakes/cloud/azureTwin.ts";
import { startGeminiTwin } from "../fakes/cloud/geminiTwin.ts";
import { startOpenAiTwin } from "../fakes/cloud/openAiTwin.ts";
import { startOpenRouterTwin } from "../fakes/cloud/openRouterTwin.ts";

const KEY = "sk-parameters-test";
const FINE_TUNE = "ft:gpt-5-mini:acme:refactor:abc123";

/** What a refactor sends (refactorFlow.ts): temperature 0.1 and the estimate's output cap. */
function refactor(model: string, overrides: Partial<ChatRequest> = {}): ChatRequest {
  return {
    model,
    messages: [
      { role: "system", content: "You refactor code." },
      { role: "user", content: "Rename x to total" },
    ],
    maxTokens: 4_000,
    temperature: 0.1,
    signal: AbortSignal.timeout(10_000),
    ...overrides,
  };
}

async function twinAndProvider(
  t: { after(fn: () => Promise<void>): void },
  start: Promise<ChatTwin>,
  options: { parameters?: ParameterMemory; endpoint?: (twin: ChatTwin) => string } = {},
) {
  const twin = await start;
  t.after(() => twin.stop());
  const provider = new OpenAiCompatibleProvider({
    endpoint: options.endpoint?.(twin) ?? twin.baseUrl,
    apiKey: KEY,
    side: "cloud",
    maxRetries: 0,
    timeoutMs: 10_000,
    ...(options.parameters ? { parameters: options.parameters } : {}),
  });
  return { twin, provider };
}

const bodies = (twin: ChatTwin) => twin.chatRequests().map((request) => request.body as Record<string, unknown>);

// ── right the first time, for the families Junction knows ──

test("the default gpt-5-mini takes a refactor at once: max_completion_tokens with room to reason, reasoning_effort low, no temperature", async (t) => {
  const { twin, provider } = await twinAndProvider(t, startOpenAiTwin({ apiKey: KEY }));
  twin.script({ reply: "refactored" });
  const result = await provider.chat(refactor("gpt-5-mini"));
  assert.equal(result.text, "refactored");
  assert.deepEqual(result.adapted, []);
  const [body] = bodies(twin);
  assert.equal(twin.chatRequests().length, 1);
  assert.equal(body?.temperature, undefined);
  assert.equal(body?.max_tokens, undefined);
  assert.equal(body?.max_completion_tokens, 4_000 + REASONING_ALLOWANCE_TOKENS, "the answer's budget plus the reasoning allowance");
  assert.equal(body?.reasoning_effort, "low");
});

test("without the reasoning allowance a reasoning model's answer would be cut off after its thinking", async (t) => {
  const { twin, provider } = await twinAndProvider(t, startOpenAiTwin({ apiKey: KEY }));
  twin.script({ reply: "x".repeat(2_000) });
  const tight = await provider.chat(refactor("gpt-5-mini", { maxTokens: 500, reasoningTokens: 0 }));
  assert.equal(tight.finishReason, "length");
  const roomy = await provider.chat(refactor("gpt-5-mini", { maxTokens: 500 }));
  assert.equal(roomy.finishReason, "stop");
});

test("usage comes back with its reasoning tokens, and a repeated long prompt's cached tokens", async (t) => {
  const { provider } = await twinAndProvider(t, startOpenAiTwin({ apiKey: KEY }));
  const long = (question: string) => refactor("gpt-5-mini", { messages: [{ role: "user", content: `${"export const a = 1;\n".repeat(300)}${question}` }] });
  const first = await provider.chat(long("one"));
  assert.equal(first.usage.reasoningTokens, 128);
  assert.equal(first.usage.cachedInputTokens, undefined);
  const second = await provider.chat(long("two"));
  assert.ok((second.usage.cachedInputTokens ?? 0) >= 1024, String(second.usage.cachedInputTokens));
});

test("a chat model keeps the refactor's temperature", async (t) => {
  const { twin, provider } = await twinAndProvider(t, startOpenAiTwin({ apiKey: KEY }));
  await provider.chat(refactor("gpt-4.1"));
  assert.equal(bodies(twin)[0]?.temperature, 0.1);
  assert.equal(bodies(twin)[0]?.reasoning_effort, undefined);
});

test("Claude through Anthropic's compatibility layer gets max_tokens and the temperature", async (t) => {
  const { twin, provider } = await twinAndProvider(t, startAnthropicTwin({ apiKey: KEY }));
  const result = await provider.chat(refactor("claude-sonnet-4-5"));
  assert.deepEqual(result.adapted, []);
  assert.equal(bodies(twin)[0]?.max_tokens, 4_000);
  assert.equal(bodies(twin)[0]?.temperature, 0.1);
});

test("Gemini 2.5 Pro through its compatibility endpoint gets max_tokens and reasoning_effort low, and reports its thinking", async (t) => {
  const { twin, provider } = await twinAndProvider(t, startGeminiTwin({ apiKey: KEY }));
  const result = await provider.chat(refactor("gemini-2.5-pro"));
  assert.deepEqual(result.adapted, []);
  assert.equal(bodies(twin)[0]?.reasoning_effort, "low");
  assert.equal(result.usage.reasoningTokens, 256);
});

test("OpenRouter with a vendor-prefixed model: the family's rules and the provider's reported cost", async (t) => {
  const { twin, provider } = await twinAndProvider(t, startOpenRouterTwin({ apiKey: KEY }));
  twin.script({ reply: "done", promptTokens: 1_000, completionTokens: 200 });
  const result = await provider.chat(refactor("anthropic/claude-sonnet-4.5"));
  assert.ok(Math.abs((result.usage.costUsd ?? 0) - (1_000 * 3 + 200 * 15) / 1e6) < 1e-12);
  assert.equal(bodies(twin)[0]?.max_tokens, 4_000);
});

// ── the one-retry adaptation, for models Junction's rules do not know ──

test("a fine-tuned reasoning model rejects temperature, then max_tokens: each is withdrawn once, and the refactor succeeds", async (t) => {
  const { twin, provider } = await twinAndProvider(t, startOpenAiTwin({ apiKey: KEY, models: [FINE_TUNE] }));
  twin.script({ reply: "refactored" });
  const result = await provider.chat(refactor(FINE_TUNE));
  assert.equal(result.text, "refactored");
  assert.deepEqual(result.adapted, ["temperature", "max_tokens"]);
  const sent = bodies(twin);
  assert.equal(sent.length, 3);
  assert.equal(sent[0]?.temperature, 0.1);
  assert.equal(sent[1]?.temperature, undefined);
  assert.equal(sent[1]?.max_tokens, 4_000 + REASONING_ALLOWANCE_TOKENS);
  assert.equal(sent[2]?.max_tokens, undefined);
  // Refusing a temperature is the reasoning models' signature: the request gets their effort and allowance.
  assert.equal(sent[2]?.max_completion_tokens, 4_000 + REASONING_ALLOWANCE_TOKENS);
  assert.equal(sent[2]?.reasoning_effort, "low");
});

test("what an endpoint rejected is remembered for that model: the next request is right the first time", async (t) => {
  const { twin, provider } = await twinAndProvider(t, startOpenAiTwin({ apiKey: KEY, models: [FINE_TUNE] }));
  await provider.chat(refactor(FINE_TUNE));
  const before = twin.chatRequests().length;
  const again = await provider.chat(refactor(FINE_TUNE));
  assert.equal(twin.chatRequests().length - before, 1);
  assert.deepEqual(again.adapted, ["temperature", "max_tokens"]);
});

test("the memory is shared by providers of the same endpoint, and kept per endpoint", async (t) => {
  const memory = new ParameterMemory();
  const { twin, provider } = await twinAndProvider(t, startAzureTwin({ apiKey: KEY }), { parameters: memory });
  await provider.chat(refactor("team-reasoner"));
  const later = new OpenAiCompatibleProvider({ endpoint: twin.baseUrl, apiKey: KEY, side: "cloud", maxRetries: 0, parameters: memory });
  const before = twin.chatRequests().length;
  await later.chat(refactor("team-reasoner"));
  assert.equal(twin.chatRequests().length - before, 1);
  assert.deepEqual([...memory.rejected("https://elsewhere.example/v1", "team-reasoner")], []);
});

test("an Azure deployment with a name of its own is adapted the same way, through Azure's api-key", async (t) => {
  const { twin, provider } = await twinAndProvider(t, startAzureTwin({ apiKey: KEY }));
  const result = await provider.chat(refactor("team-reasoner"));
  assert.deepEqual(result.adapted, ["temperature", "max_tokens"]);
  assert.ok(twin.chatRequests().every((request) => request.headers["api-key"] === "[redacted]"));
});

test("Azure's dated API: the endpoint's api-version reaches the deployment path", async (t) => {
  const { twin, provider } = await twinAndProvider(t, startAzureTwin({ apiKey: KEY }), {
    endpoint: (running) => `${running.url}/openai?api-version=2024-10-21`,
  });
  const result = await provider.chat(refactor("gpt-41"));
  assert.equal(result.text.length > 0, true);
  assert.equal(twin.chatRequests()[0]?.path, "/openai/deployments/gpt-41/chat/completions");
});

test("Gemini's array-wrapped refusal of a field is read: the field is withdrawn and the request goes through", async (t) => {
  const { twin, provider } = await twinAndProvider(t, startGeminiTwin({ apiKey: KEY }));
  twin.script({
    status: 400,
    errorBody: [
      { error: { code: 400, message: 'Invalid JSON payload received. Unknown name "reasoning_effort": Cannot find field.', status: "INVALID_ARGUMENT" } },
    ],
    times: 1,
  });
  const result = await provider.chat(refactor("gemini-2.5-pro"));
  assert.deepEqual(result.adapted, ["reasoning_effort"]);
  assert.equal(bodies(twin)[1]?.reasoning_effort, undefined);
});

test("never a loop: a server that keeps naming a parameter already withdrawn gets no further request", async (t) => {
  const { twin, provider } = await twinAndProvider(t, startOpenAiTwin({ apiKey: KEY }));
  twin.script({
    status: 400,
    errorBody: {
      error: {
        message: "Unsupported value: 'temperature' does not support 0.1 with this model.",
        type: "invalid_request_error",
        param: "temperature",
        code: "unsupported_value",
      },
    },
  });
  await assert.rejects(provider.chat(refactor("gpt-4.1")), (error: unknown) => ProviderError.is(error, "bad-request"));
  assert.equal(twin.chatRequests().length, 2);
});

test("a cancelled request is not retried", async (t) => {
  const { twin, provider } = await twinAndProvider(t, startOpenAiTwin({ apiKey: KEY, models: [FINE_TUNE] }));
  twin.script({ firstByteDelayMs: 5_000 });
  const controller = new AbortController();
  const answer = provider.chat(refactor(FINE_TUNE, { signal: controller.signal }));
  // Cancelled once the request has arrived (the client loads on first use, which a busy machine slows), not after a fixed time.
  for (let tries = 0; tries < 400 && twin.chatRequests().length === 0; tries++) await new Promise((resolve) => setTimeout(resolve, 10));
  controller.abort();
  await assert.rejects(answer, (error: unknown) => ProviderError.is(error, "aborted"));
  assert.equal(twin.chatRequests().length, 1);
});
