// A twin of the Gemini API's OpenAI compatibility endpoint
// (generativelanguage.googleapis.com/v1beta/openai/), following ai.google.dev/gemini-api/docs/openai:
// - The Gemini API key as a bearer token; chat completions with `max_tokens`, `temperature`,
//   `top_p`, `stop`, `n`, `stream_options` and `reasoning_effort` (low / medium / high, "none" to
//   turn thinking off, which Gemini 2.5 Pro and Gemini 3 Pro cannot: ai.google.dev/gemini-api/docs/thinking).
// - The model list names models as the Gemini API does, "models/gemini-2.5-flash"; requests name
//   them with or without the prefix.
// - A field the endpoint does not know is refused, naming it ("Invalid JSON payload received.
//   Unknown name …: Cannot find field."), and errors come as a JSON array of Google API errors
//   `[{"error": {code, message, status}}]` — the shape the openai client reads as "no body".
import { ChatTwin, standardRoutes } from "./chatTwin.ts";
import type { ChatTwinOptions, TwinProfile, TwinRejection } from "./chatTwin.ts";

export const DEFAULT_GEMINI_MODELS: readonly string[] = ["gemini-2.5-flash", "gemini-2.5-pro", "gemini-3-pro-preview"];

const KNOWN_FIELDS = new Set([
  "model",
  "messages",
  "stream",
  "stream_options",
  "max_tokens",
  "max_completion_tokens",
  "temperature",
  "top_p",
  "n",
  "stop",
  "reasoning_effort",
  "tools",
  "tool_choice",
  "response_format",
  "seed",
  "presence_penalty",
  "frequency_penalty",
  "extra_body",
]);
const GOOGLE_STATUS: Record<number, string> = {
  400: "INVALID_ARGUMENT",
  401: "UNAUTHENTICATED",
  403: "PERMISSION_DENIED",
  404: "NOT_FOUND",
  429: "RESOURCE_EXHAUSTED",
  500: "INTERNAL",
  503: "UNAVAILABLE",
};
/** Thinking tokens per effort (the compatibility page maps low/medium/high to 1K/8K/24K budgets; the twin spends a share). */
const THINKING: Record<string, number> = { none: 0, low: 256, medium: 1024, high: 4096 };

const thinks = (model: string): boolean => /gemini-(2\.5|[3-9])/.test(model);
const alwaysThinks = (model: string): boolean => /gemini-(2\.5-pro|3(\.\d+)?-pro)/.test(model);

export const GEMINI_PROFILE: TwinProfile = {
  name: "Gemini",
  basePath: "/v1beta/openai",
  route: standardRoutes("/v1beta/openai"),
  resolveModel(requested, served) {
    const id = requested.replace(/^models\//, "");
    return served.includes(id) ? id : undefined;
  },
  errorBody: (rejection: TwinRejection) => [
    { error: { code: rejection.status, message: rejection.message, status: GOOGLE_STATUS[rejection.status] ?? "UNKNOWN" } },
  ],
  unknownModel: (model) => ({
    status: 404,
    message: `models/${model.replace(/^models\//, "")} is not found for API version v1beta, or is not supported for generateContent.`,
  }),
  listing: (models, simulated) => ({
    object: "list",
    data: models.map((id) => ({ id: `models/${id}`, object: "model", owned_by: simulated ? "junction-simulated" : "google" })),
  }),
  checkParameters(body, model) {
    const unknown = Object.keys(body).find((field) => !KNOWN_FIELDS.has(field));
    if (unknown) return { status: 400, message: `Invalid JSON payload received. Unknown name "${unknown}": Cannot find field.` };
    if (body.reasoning_effort !== undefined && !thinks(model)) return { status: 400, message: "Thinking is not supported by this model." };
    if (body.reasoning_effort === "none" && alwaysThinks(model)) return { status: 400, message: "Thinking can't be disabled for this model." };
    if (body.reasoning_effort !== undefined && !(String(body.reasoning_effort) in THINKING))
      return { status: 400, message: `Invalid value at 'reasoning_effort' (${String(body.reasoning_effort)})` };
    return undefined;
  },
  reasoningTokens: (body, model) => (thinks(model) ? (THINKING[String(body.reasoning_effort ?? "medium")] ?? 0) : 0),
  usage: (facts) => ({
    prompt_tokens: facts.promptTokens,
    completion_tokens: facts.completionTokens,
    total_tokens: facts.promptTokens + facts.completionTokens,
    ...(facts.reasoningTokens > 0 ? { completion_tokens_details: { reasoning_tokens: facts.reasoningTokens } } : {}),
  }),
};

export type GeminiTwin = ChatTwin;

/** Starts the Gemini compatibility twin; clients use `baseUrl` (`…/v1beta/openai`). */
export function startGeminiTwin(options: ChatTwinOptions = {}): Promise<ChatTwin> {
  return new ChatTwin(GEMINI_PROFILE, options, DEFAULT_GEMINI_MODELS).listen(options.port);
}
