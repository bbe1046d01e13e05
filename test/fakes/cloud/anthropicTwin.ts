// A twin of Anthropic's OpenAI SDK compatibility layer (api.anthropic.com/v1/chat/completions),
// following docs.anthropic.com/en/api/openai-sdk:
// - Claude model ids; the key as a bearer token (or x-api-key); `max_tokens` and
//   `max_completion_tokens` both fully supported.
// - `temperature` between 0 and 1: higher values are capped at 1, not refused; `n` must be 1;
//   `reasoning_effort`, `logprobs`, `seed`, penalties and the like are ignored.
// - Claude 4.5 and later refuse `temperature` and `top_p` together (docs.anthropic.com/en/docs/about-claude/models/migrating-to-claude-4).
// - No prompt caching through this layer (the page sends caching users to the native API), so
//   usage has prompt, completion and total tokens only; errors keep OpenAI's shape, in Anthropic's words.
// - The model list is the native `GET /v1/models` (docs.anthropic.com/en/api/models-list):
//   `{data: [{type, id, display_name, created_at}], has_more, first_id, last_id}`.
import { ChatTwin, standardRoutes, openAiStyleError } from "./chatTwin.ts";
import type { ChatTwinOptions, TwinProfile, TwinRejection } from "./chatTwin.ts";

export const DEFAULT_ANTHROPIC_MODELS: readonly string[] = ["claude-sonnet-4-5", "claude-haiku-4-5", "claude-opus-4-5"];

/** "claude-sonnet-4-5-20250929" is the dated snapshot of the alias "claude-sonnet-4-5". */
function resolveClaude(requested: string, served: readonly string[]): string | undefined {
  if (served.includes(requested)) return requested;
  return served.find((model) => requested.startsWith(`${model}-`) && /^\d{8}$/.test(requested.slice(model.length + 1)));
}

function displayName(id: string): string {
  return id
    .replace(/^claude-/, "Claude ")
    .replace(/-(\d+)-(\d+)$/, " $1.$2")
    .replace(/(^|\s)([a-z])/g, (_, space: string, letter: string) => `${space}${letter.toUpperCase()}`);
}

export const ANTHROPIC_PROFILE: TwinProfile = {
  name: "Anthropic",
  basePath: "/v1",
  route: standardRoutes("/v1"),
  resolveModel: resolveClaude,
  errorBody: (rejection: TwinRejection) =>
    openAiStyleError({
      ...rejection,
      type:
        rejection.type ??
        (rejection.status === 401
          ? "authentication_error"
          : rejection.status === 404
            ? "not_found_error"
            : rejection.status === 429
              ? "rate_limit_error"
              : rejection.status >= 500
                ? "api_error"
                : "invalid_request_error"),
    }),
  unknownModel: (model) => ({ status: 404, message: `model: ${model}`, type: "not_found_error" }),
  listing: (models, simulated) => ({
    data: models.map((id) => ({
      type: "model",
      id,
      display_name: displayName(id),
      created_at: "2025-09-29T00:00:00Z",
      ...(simulated ? { owned_by: "junction-simulated" } : {}),
    })),
    has_more: false,
    first_id: models[0] ?? null,
    last_id: models.at(-1) ?? null,
  }),
  checkParameters(body, model) {
    if (body.n !== undefined && body.n !== 1) return { status: 400, message: "n: only n=1 is supported", param: "n" };
    if (/claude-(sonnet|opus|haiku)-4-[5-9]/.test(model) && body.temperature !== undefined && body.top_p !== undefined) {
      return { status: 400, message: "`temperature` and `top_p` cannot both be specified for this model. Please use only one.", param: "top_p" };
    }
    if (typeof body.temperature === "number" && body.temperature < 0) return { status: 400, message: "temperature: range: 0..1", param: "temperature" };
    return undefined;
  },
  usage: (facts) => ({
    prompt_tokens: facts.promptTokens,
    completion_tokens: facts.completionTokens,
    total_tokens: facts.promptTokens + facts.completionTokens,
  }),
};

export type AnthropicTwin = ChatTwin;

/** Starts the Anthropic compatibility-layer twin; clients use `baseUrl` (`…/v1`). */
export function startAnthropicTwin(options: ChatTwinOptions = {}): Promise<ChatTwin> {
  return new ChatTwin(ANTHROPIC_PROFILE, options, DEFAULT_ANTHROPIC_MODELS).listen(options.port);
}
