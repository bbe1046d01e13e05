// A twin of OpenRouter (openrouter.ai/api/v1), following its documentation:
// - Vendor-prefixed model ids ("anthropic/claude-sonnet-4.5"); the model list
//   (openrouter.ai/docs/api-reference/list-available-models) needs no key and gives each model's
//   context_length, supported_parameters and pricing in US dollars per token, as strings.
// - Parameters a model does not support are ignored, not refused (openrouter.ai/docs/api-reference/parameters).
// - Usage accounting (openrouter.ai/docs/use-cases/usage-accounting): every answer carries its
//   usage — `stream_options.include_usage` is no longer needed — with `cost` in credits (USD),
//   cached and reasoning token details.
// - Errors (openrouter.ai/docs/api-reference/errors): `{"error": {"code": <HTTP status>, "message",
//   "metadata"?}}`; 402 when the credits cannot cover the request; an unknown model id is a 400.
import { ChatTwin, standardRoutes } from "./chatTwin.ts";
import type { ChatTwinOptions, TwinProfile, TwinRejection, UsageFacts } from "./chatTwin.ts";
import { isOpenAiReasoningModel, openAiCachedTokens } from "./openAiTwin.ts";

interface ListedModel {
  name: string;
  context: number;
  /** USD per million tokens: prompt, completion, cached prompt read. */
  prices: [number, number, number?];
  parameters: string[];
}

const REASONING_PARAMETERS = ["include_reasoning", "max_tokens", "reasoning", "response_format", "seed", "structured_outputs", "tool_choice", "tools"];
const SAMPLING_PARAMETERS = [
  "frequency_penalty",
  "include_reasoning",
  "max_tokens",
  "presence_penalty",
  "reasoning",
  "stop",
  "temperature",
  "tool_choice",
  "tools",
  "top_k",
  "top_p",
];

/** A few of OpenRouter's models, with the prices its model list gave for them in late 2026. */
export const OPENROUTER_MODELS: Readonly<Record<string, ListedModel>> = {
  "openai/gpt-5-mini": { name: "OpenAI: GPT-5 Mini", context: 400_000, prices: [0.25, 2, 0.025], parameters: REASONING_PARAMETERS },
  "openai/gpt-5.1": { name: "OpenAI: GPT-5.1", context: 400_000, prices: [1.25, 10, 0.125], parameters: REASONING_PARAMETERS },
  "anthropic/claude-sonnet-4.5": { name: "Anthropic: Claude Sonnet 4.5", context: 1_000_000, prices: [3, 15, 0.3], parameters: SAMPLING_PARAMETERS },
  "anthropic/claude-haiku-4.5": { name: "Anthropic: Claude Haiku 4.5", context: 200_000, prices: [1, 5, 0.1], parameters: SAMPLING_PARAMETERS },
  "google/gemini-3-pro-preview": { name: "Google: Gemini 3 Pro Preview", context: 1_048_576, prices: [2, 12, 0.2], parameters: SAMPLING_PARAMETERS },
  "x-ai/grok-4": { name: "xAI: Grok 4", context: 256_000, prices: [3, 15, 0.75], parameters: SAMPLING_PARAMETERS },
};

const perToken = (usdPerMTok: number): string => String(usdPerMTok / 1_000_000);

function costOf(model: string, facts: UsageFacts): number {
  const [input, output, cached = input] = OPENROUTER_MODELS[model]?.prices ?? [0, 0];
  return ((facts.promptTokens - facts.cachedTokens) * input + facts.cachedTokens * cached + facts.completionTokens * output) / 1_000_000;
}

function reasoningEffort(body: Record<string, any>): string | undefined {
  return typeof body.reasoning?.effort === "string" ? body.reasoning.effort : typeof body.reasoning_effort === "string" ? body.reasoning_effort : undefined;
}

export const OPENROUTER_PROFILE: TwinProfile = {
  name: "OpenRouter",
  basePath: "/api/v1",
  alwaysReportsUsage: true,
  publicRequest: (request) => request.method === "GET" && request.path === "/api/v1/models",
  route: standardRoutes("/api/v1"),
  resolveModel: (requested, served) => (served.includes(requested) ? requested : undefined),
  errorBody: (rejection: TwinRejection) => ({
    error: { code: rejection.status, message: rejection.message, ...(rejection.param ? { metadata: { param: rejection.param } } : {}) },
  }),
  unknownModel: (model) => ({ status: 400, message: `${model} is not a valid model ID` }),
  listing: (models, simulated) => ({
    data: models.map((id) => {
      const known = OPENROUTER_MODELS[id] ?? { name: id, context: 128_000, prices: [1, 4] as [number, number], parameters: SAMPLING_PARAMETERS };
      const [input, output, cached] = known.prices;
      return {
        id,
        canonical_slug: id,
        name: known.name,
        created: 1_760_000_000,
        context_length: known.context,
        architecture: { modality: "text->text", input_modalities: ["text"], output_modalities: ["text"], tokenizer: "Other" },
        pricing: {
          prompt: perToken(input),
          completion: perToken(output),
          request: "0",
          image: "0",
          ...(cached !== undefined ? { input_cache_read: perToken(cached) } : {}),
        },
        top_provider: { context_length: known.context, max_completion_tokens: 128_000, is_moderated: id.startsWith("openai/") },
        per_request_limits: null,
        supported_parameters: known.parameters,
        ...(simulated ? { owned_by: "junction-simulated" } : {}),
      };
    }),
  }),
  // Unsupported parameters are dropped by OpenRouter before it calls the upstream provider.
  checkParameters: () => undefined,
  reasoningTokens(body, model) {
    const base = model.slice(model.indexOf("/") + 1);
    if (!isOpenAiReasoningModel(base)) return 0;
    return ({ minimal: 0, low: 128, medium: 512, high: 1536 } as Record<string, number>)[reasoningEffort(body) ?? "medium"] ?? 512;
  },
  usage(reported, model) {
    // OpenAI caches long prompts by itself; Anthropic and Google only with explicit cache breakpoints, which Junction does not send.
    const facts = { ...reported, cachedTokens: model.startsWith("openai/") ? openAiCachedTokens(reported.cachedTokens) : 0 };
    return {
      prompt_tokens: facts.promptTokens,
      completion_tokens: facts.completionTokens,
      total_tokens: facts.promptTokens + facts.completionTokens,
      cost: costOf(model, facts),
      is_byok: false,
      prompt_tokens_details: { cached_tokens: facts.cachedTokens, audio_tokens: 0 },
      cost_details: { upstream_inference_cost: null },
      completion_tokens_details: { reasoning_tokens: facts.reasoningTokens },
    };
  },
};

/** OpenRouter's 402: the credits cannot cover the request's worst case. */
export const OPENROUTER_NO_CREDITS = {
  error: {
    code: 402,
    message: "This request requires more credits, or fewer max_tokens. Add credits at https://openrouter.ai/settings/credits",
    metadata: { limit_source: "openrouter_credits" },
  },
};

export type OpenRouterTwin = ChatTwin;

/** Starts the OpenRouter twin; clients use `baseUrl` (`…/api/v1`). */
export function startOpenRouterTwin(options: ChatTwinOptions = {}): Promise<ChatTwin> {
  return new ChatTwin(OPENROUTER_PROFILE, options, Object.keys(OPENROUTER_MODELS)).listen(options.port);
}
