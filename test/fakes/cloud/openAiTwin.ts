// A twin of OpenAI's API (api.openai.com/v1) as far as Junction uses it: chat completions with SSE
// streaming, the model list, bearer keys. Behaviour follows OpenAI's documentation:
// - Reasoning models (platform.openai.com/docs/guides/reasoning; the GPT-5 family except the -chat
//   snapshots, and o1/o3/o4): only the default temperature and top_p (400 `unsupported_value`,
//   the message clients such as qwen-code, langchaingo, shell_gpt and i18n-tasks reported),
//   `max_tokens` and `stop` refused (400 `unsupported_parameter`, "Use 'max_completion_tokens'
//   instead"), `reasoning_effort` accepted with the values the model supports, and reasoning tokens
//   spent out of `max_completion_tokens` and reported in `completion_tokens_details`.
// - Chat models refuse `reasoning_effort` and a temperature above 2.
// - Usage (platform.openai.com/docs/api-reference/chat/object#usage) with
//   `prompt_tokens_details.cached_tokens`: prompt caching applies from 1,024 tokens, in
//   increments of 128 (platform.openai.com/docs/guides/prompt-caching).
// - Errors (platform.openai.com/docs/guides/error-codes): `{"error": {message, type, param, code}}`;
//   429 carries the x-ratelimit-* headers (platform.openai.com/docs/guides/rate-limits), and an
//   exhausted quota is a 429 of type/code `insufficient_quota`.
import { ChatTwin, standardRoutes, openAiStyleError, openAiStyleListing, openAiStyleUsage } from "./chatTwin.ts";
import type { ChatTwinOptions, TwinProfile, TwinRejection, UsageFacts } from "./chatTwin.ts";

export const DEFAULT_OPENAI_MODELS: readonly string[] = ["gpt-5-mini", "gpt-5", "gpt-5.1", "gpt-4.1", "gpt-4.1-mini", "o4-mini"];

/** OpenAI's answer when the account's credit or spend limit is used up (a 429 that retrying does not cure). */
export const OPENAI_QUOTA_EXHAUSTED = {
  error: {
    message: "You exceeded your current quota, please check your plan and billing details.",
    type: "insufficient_quota",
    param: null,
    code: "insufficient_quota",
  },
};

/** Reasoning tokens the twin's models spend per effort (a stand-in: real counts vary with the task). */
const REASONING_TOKENS: Record<string, number> = { none: 0, minimal: 0, low: 128, medium: 512, high: 1536, xhigh: 3072 };

/** A fine-tuned model ("ft:gpt-5-mini:acme:refactor:abc123") keeps its base model's rules. */
function baseModel(model: string): string {
  return model.startsWith("ft:") ? (model.split(":")[1] ?? model) : model;
}

export function isOpenAiReasoningModel(model: string): boolean {
  const base = baseModel(model);
  return (/^gpt-5/.test(base) && !/^gpt-5(\.\d+)?(-[a-z]+)*-chat/.test(base)) || /^o[134](-|$)/.test(base);
}

/** The reasoning_effort values each reasoning family accepts (gpt-5: minimal…high; gpt-5.1 and later: none…high; o-series: low…high). */
function supportedEfforts(model: string): string[] {
  model = baseModel(model);
  if (/^gpt-5-pro/.test(model)) return ["high"];
  if (/^gpt-5\.\d/.test(model)) return ["none", "low", "medium", "high"];
  if (/^gpt-5/.test(model)) return ["minimal", "low", "medium", "high"];
  return ["low", "medium", "high"];
}

const unsupportedParameter = (param: string, hint = ""): TwinRejection => ({
  status: 400,
  message: `Unsupported parameter: '${param}' is not supported with this model.${hint}`,
  type: "invalid_request_error",
  param,
  code: "unsupported_parameter",
});

const onlyDefault = (param: string, value: unknown): TwinRejection => ({
  status: 400,
  message: `Unsupported value: '${param}' does not support ${String(value)} with this model. Only the default (1) value is supported.`,
  type: "invalid_request_error",
  param,
  code: "unsupported_value",
});

/** What OpenAI refuses in a chat request for this model; Azure serves the same models with the same rules. */
export function openAiParameterRejection(body: Record<string, unknown>, model: string): TwinRejection | undefined {
  if (isOpenAiReasoningModel(model)) {
    if (body.temperature !== undefined && body.temperature !== 1) return onlyDefault("temperature", body.temperature);
    if (body.top_p !== undefined && body.top_p !== 1) return onlyDefault("top_p", body.top_p);
    if (body.max_tokens !== undefined) return unsupportedParameter("max_tokens", " Use 'max_completion_tokens' instead.");
    if (body.stop !== undefined) return unsupportedParameter("stop");
    const efforts = supportedEfforts(model);
    if (body.reasoning_effort !== undefined && !efforts.includes(String(body.reasoning_effort))) {
      return {
        status: 400,
        message: `Unsupported value: 'reasoning_effort' does not support '${String(body.reasoning_effort)}' with this model. Supported values are: ${efforts.map((effort) => `'${effort}'`).join(", ")}.`,
        type: "invalid_request_error",
        param: "reasoning_effort",
        code: "unsupported_value",
      };
    }
    return undefined;
  }
  if (body.reasoning_effort !== undefined) return unsupportedParameter("reasoning_effort");
  if (typeof body.temperature === "number" && (body.temperature < 0 || body.temperature > 2)) {
    return {
      status: 400,
      message: `Invalid 'temperature': decimal above maximum value. Expected a value <= 2, but got ${body.temperature} instead.`,
      type: "invalid_request_error",
      param: "temperature",
      code: "decimal_above_max_value",
    };
  }
  return undefined;
}

export function openAiReasoningTokens(body: Record<string, unknown>, model: string): number {
  if (!isOpenAiReasoningModel(model)) return 0;
  return REASONING_TOKENS[String(body.reasoning_effort ?? "medium")] ?? REASONING_TOKENS.medium ?? 0;
}

/** Cached tokens as OpenAI reports them: none below 1,024, else whole increments of 128. */
export function openAiCachedTokens(prefixTokens: number): number {
  return prefixTokens >= 1024 ? Math.floor(prefixTokens / 128) * 128 : 0;
}

/** The error fields OpenAI uses for a status when the twin is scripted with a bare message. */
export function openAiErrorFields(rejection: TwinRejection): TwinRejection {
  if (rejection.type !== undefined || rejection.code !== undefined) return rejection;
  if (rejection.status === 401) return { ...rejection, type: "invalid_request_error", code: "invalid_api_key" };
  if (rejection.status === 404) return { ...rejection, type: "invalid_request_error", code: "model_not_found" };
  if (rejection.status === 429) return { ...rejection, type: "requests", code: "rate_limit_exceeded" };
  return rejection;
}

export function openAiRateLimitHeaders(status: number): Record<string, string> {
  const limited = status === 429;
  return {
    "x-ratelimit-limit-requests": "5000",
    "x-ratelimit-remaining-requests": limited ? "0" : "4999",
    "x-ratelimit-reset-requests": limited ? "1s" : "12ms",
    "x-ratelimit-limit-tokens": "4000000",
    "x-ratelimit-remaining-tokens": limited ? "0" : "3998000",
    "x-ratelimit-reset-tokens": limited ? "6m0s" : "30ms",
  };
}

export const OPENAI_PROFILE: TwinProfile = {
  name: "OpenAI",
  basePath: "/v1",
  route: standardRoutes("/v1"),
  resolveModel: (requested, served) => (served.includes(requested) ? requested : undefined),
  errorBody: (rejection) => openAiStyleError(openAiErrorFields(rejection)),
  unknownModel: (model) => ({
    status: 404,
    message: `The model \`${model}\` does not exist or you do not have access to it.`,
    type: "invalid_request_error",
    code: "model_not_found",
  }),
  listing: (models, simulated) => openAiStyleListing(models, "openai", simulated),
  checkParameters: openAiParameterRejection,
  reasoningTokens: openAiReasoningTokens,
  usage: (facts: UsageFacts) => openAiStyleUsage({ ...facts, cachedTokens: openAiCachedTokens(facts.cachedTokens) }),
  headers: openAiRateLimitHeaders,
};

export type OpenAiTwin = ChatTwin;

/** Starts the OpenAI twin on 127.0.0.1; clients use `baseUrl` (`…/v1`). */
export function startOpenAiTwin(options: ChatTwinOptions = {}): Promise<ChatTwin> {
  return new ChatTwin(OPENAI_PROFILE, options, DEFAULT_OPENAI_MODELS).listen(options.port);
}
