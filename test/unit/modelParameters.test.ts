// What a chat request carries per model family, and how a parameter a server rejects by name is
// found in its error (modelParameters.ts). The provider tests send these to the twins.
import { test } from "node:test";
import assert from "node:assert/strict";
import { ParameterMemory, chatParameters, isReasoningModel, modelFamily, rejectedParameter } from "../../src/core/providers/modelParameters.ts";
import type { AdaptableParameter } from "../../src/core/providers/modelParameters.ts";

const REFACTOR = { temperature: 0.1, maxTokens: 4_000 };

test("model families are told apart by the id, vendor prefix or not", () => {
  const cases: Record<string, string> = {
    "gpt-5-mini": "openai-reasoning",
    "gpt-5.1-codex": "openai-reasoning",
    "openai/gpt-5.4": "openai-reasoning",
    o3: "openai-reasoning",
    "o4-mini-2025-04-16": "openai-reasoning",
    "gpt-5-chat-latest": "openai-chat",
    "gpt-5.1-chat-latest": "openai-chat",
    "gpt-4.1": "openai-chat",
    "gpt-4o-mini": "openai-chat",
    "claude-sonnet-4-5": "claude",
    "anthropic/claude-sonnet-4.5": "claude",
    "gemini-2.5-pro": "gemini",
    "models/gemini-3-pro-preview": "gemini",
    "Qwen/Qwen2.5-Coder-7B-Instruct": "other",
    "team-reasoner": "other",
    "ft:gpt-5-mini:acme:refactor:abc123": "other",
  };
  for (const [model, family] of Object.entries(cases)) assert.equal(modelFamily(model), family, model);
});

test("an OpenAI reasoning model gets max_completion_tokens and a low reasoning effort, no temperature and no stop", () => {
  assert.deepEqual(chatParameters({ model: "gpt-5-mini", ...REFACTOR, stop: ["\n\n"] }), {
    stream_options: { include_usage: true },
    max_completion_tokens: 4_000,
    reasoning_effort: "low",
  });
});

test("an OpenAI chat model gets its temperature, max_completion_tokens and stop", () => {
  assert.deepEqual(chatParameters({ model: "gpt-4.1", ...REFACTOR, stop: ["```"] }), {
    stream_options: { include_usage: true },
    max_completion_tokens: 4_000,
    temperature: 0.1,
    stop: ["```"],
  });
});

test("Claude gets max_tokens and a temperature no higher than 1; no reasoning effort (the compatibility layer ignores it)", () => {
  assert.deepEqual(chatParameters({ model: "claude-sonnet-4-5", temperature: 1.4, maxTokens: 100 }), {
    stream_options: { include_usage: true },
    max_tokens: 100,
    temperature: 1,
  });
});

test("a thinking Gemini model gets a low reasoning effort; an older one gets none", () => {
  assert.equal(chatParameters({ model: "gemini-2.5-pro", ...REFACTOR }).reasoning_effort, "low");
  assert.equal(chatParameters({ model: "gemini-2.0-flash", ...REFACTOR }).reasoning_effort, undefined);
  assert.equal(chatParameters({ model: "gemini-2.5-pro", ...REFACTOR }).max_tokens, 4_000);
});

test("a model of unknown family gets what every OpenAI-compatible server knows: max_tokens and temperature", () => {
  assert.deepEqual(chatParameters({ model: "Qwen/Qwen2.5-Coder-7B-Instruct", ...REFACTOR }), {
    stream_options: { include_usage: true },
    max_tokens: 4_000,
    temperature: 0.1,
  });
});

test("a parameter the endpoint rejected is left out; a rejected cap is sent in its other spelling", () => {
  const rejected = new Set<AdaptableParameter>(["temperature", "max_tokens"]);
  // Refusing those two is how OpenAI's reasoning models answer: the request gets a reasoning effort too.
  assert.deepEqual(chatParameters({ model: "team-reasoner", ...REFACTOR, rejected }), {
    stream_options: { include_usage: true },
    max_completion_tokens: 4_000,
    reasoning_effort: "low",
  });
  const neither = new Set<AdaptableParameter>(["max_tokens", "max_completion_tokens"]);
  const params = chatParameters({ model: "team-reasoner", ...REFACTOR, rejected: neither });
  assert.equal(params.max_tokens, undefined);
  assert.equal(params.max_completion_tokens, undefined);
});

test("a model that reasons gets the reasoning allowance on top of the answer's budget; one that does not, none", () => {
  assert.equal(chatParameters({ model: "gpt-5-mini", ...REFACTOR, reasoningAllowance: 8_192 }).max_completion_tokens, 12_192);
  assert.equal(chatParameters({ model: "gemini-2.5-pro", ...REFACTOR, reasoningAllowance: 8_192 }).max_tokens, 12_192);
  assert.equal(chatParameters({ model: "claude-sonnet-4-5", ...REFACTOR, reasoningAllowance: 8_192 }).max_tokens, 4_000);
  assert.equal(chatParameters({ model: "gpt-4.1", ...REFACTOR, reasoningAllowance: 8_192 }).max_completion_tokens, 4_000);
  const learned = chatParameters({ model: "team-reasoner", ...REFACTOR, reasoningAllowance: 8_192, rejected: new Set<AdaptableParameter>(["temperature"]) });
  assert.equal(learned.max_tokens, 12_192, "a model that refused a temperature is treated as reasoning");
});

test("the rejected parameter is read from OpenAI's param field", () => {
  const sent = chatParameters({ model: "team-reasoner", ...REFACTOR });
  assert.equal(
    rejectedParameter({ status: 400, param: "temperature", message: "400 Unsupported value: 'temperature' does not support 0.1 with this model." }, sent),
    "temperature",
  );
});

test("without a param field, the first sent parameter the message names is the rejected one", () => {
  const sent = chatParameters({ model: "team-reasoner", ...REFACTOR });
  // OpenAI's max_tokens message also names max_completion_tokens, which was not sent.
  assert.equal(
    rejectedParameter(
      { status: 400, message: "Unsupported parameter: 'max_tokens' is not supported with this model. Use 'max_completion_tokens' instead." },
      sent,
    ),
    "max_tokens",
  );
  assert.equal(
    rejectedParameter({ status: 400, message: 'Invalid JSON payload received. Unknown name "temperature": Cannot find field.' }, sent),
    "temperature",
  );
  assert.equal(
    rejectedParameter({ status: 422, message: "litellm.UnsupportedParamsError: does not support parameters: ['temperature']" }, sent),
    "temperature",
  );
});

test("a 400 that names no sent parameter, or any other status, is not an adaptation", () => {
  const sent = chatParameters({ model: "gpt-5-mini", ...REFACTOR });
  assert.equal(rejectedParameter({ status: 400, message: "This model's maximum context length is 400000 tokens." }, sent), undefined);
  assert.equal(
    rejectedParameter({ status: 400, param: "temperature", message: "Unsupported value: 'temperature'" }, sent),
    undefined,
    "temperature was not sent",
  );
  assert.equal(rejectedParameter({ status: 400, param: "messages", message: "Invalid 'messages'" }, sent), undefined, "messages cannot be left out");
  assert.equal(rejectedParameter({ status: 429, param: "reasoning_effort", message: "rate limited" }, sent), undefined);
  assert.equal(rejectedParameter({ status: 500, message: "reasoning_effort exploded" }, sent), undefined);
});

test("the memory keeps rejections per endpoint and model", () => {
  const memory = new ParameterMemory();
  memory.learn("https://acme.openai.azure.com/openai/v1", "Team-Reasoner", "temperature");
  assert.deepEqual([...memory.rejected("https://acme.openai.azure.com/openai/v1", "team-reasoner")], ["temperature"]);
  assert.equal(memory.rejected("https://acme.openai.azure.com/openai/v1", "other-model").size, 0);
  assert.equal(memory.rejected("https://api.openai.com/v1", "team-reasoner").size, 0);
});

test("reasoning models are the OpenAI reasoning families and the thinking Gemini models", () => {
  assert.equal(isReasoningModel("gpt-5-mini"), true);
  assert.equal(isReasoningModel("gemini-3-pro-preview"), true);
  assert.equal(isReasoningModel("gpt-4.1"), false);
  assert.equal(isReasoningModel("claude-sonnet-4-5"), false);
});
