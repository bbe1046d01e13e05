/**
 * What a chat request may carry, per model family, and how Junction adapts when a server rejects a
 * parameter anyway. The families follow the providers' documentation:
 * - OpenAI reasoning models (GPT-5 family except the `-chat` snapshots, o1/o3/o4): only the default
 *   temperature/top_p, no `stop`, `max_completion_tokens` instead of `max_tokens`, and a
 *   `reasoning_effort` (platform.openai.com/docs/guides/reasoning; the 400s `unsupported_value`
 *   for temperature and `unsupported_parameter` for max_tokens and stop).
 * - OpenAI chat models (GPT-4.x, GPT-4o, `-chat`): every sampling parameter; `max_completion_tokens`.
 * - Claude through Anthropic's OpenAI SDK compatibility layer or a router: `max_tokens`, temperature
 *   between 0 and 1 (docs.anthropic.com/en/api/openai-sdk: higher values are capped at 1),
 *   `reasoning_effort` ignored, so not sent.
 * - Gemini through its OpenAI compatibility endpoint (ai.google.dev/gemini-api/docs/openai):
 *   `max_tokens`, `reasoning_effort` low/medium/high for the thinking models (2.5 and later).
 * - Anything else: the fields every OpenAI-compatible server knows (`max_tokens`, temperature, stop).
 * A vendor prefix (`openai/gpt-5-mini`, `anthropic/claude-sonnet-4.5`) does not change the family.
 */

export type ModelFamily = "openai-reasoning" | "openai-chat" | "claude" | "gemini" | "other";

/** The request fields Junction may leave out or swap when a server says it rejects them. */
export type AdaptableParameter = "temperature" | "top_p" | "stop" | "reasoning_effort" | "max_tokens" | "max_completion_tokens" | "stream_options";

/** The optional fields of a chat request as they go on the wire. */
export interface ChatParameters {
  temperature?: number;
  /** Never set by Junction today; listed so a rejection naming it is understood. */
  top_p?: number;
  max_tokens?: number;
  max_completion_tokens?: number;
  reasoning_effort?: "low";
  stop?: string[];
  stream_options?: { include_usage: boolean };
}

export interface ChatParameterInput {
  model: string;
  temperature: number;
  /** The answer's own budget: the text Junction wants back. */
  maxTokens: number;
  /**
   * Added to the output cap of a model that reasons, whose cap counts its reasoning tokens too
   * (OpenAI's max_completion_tokens, Gemini's max_tokens): without it a refactor's answer would be
   * cut off, or empty, after the thinking. Default 0.
   */
  reasoningAllowance?: number;
  stop?: readonly string[];
  /** Parameters this endpoint rejected for this model before (see ParameterMemory). */
  rejected?: ReadonlySet<AdaptableParameter>;
}

const ADAPTABLE: readonly AdaptableParameter[] = ["temperature", "top_p", "stop", "reasoning_effort", "max_tokens", "max_completion_tokens", "stream_options"];
/** Statuses servers use for a request field they do not accept (422: FastAPI-based proxies' validation error). */
const PARAMETER_STATUSES = new Set([400, 422]);

export function modelFamily(model: string): ModelFamily {
  const id = model.trim().toLowerCase();
  const base = id.slice(id.lastIndexOf("/") + 1);
  if (/^gpt-5(\.\d+)?(-[a-z0-9]+)*-chat(-|$)/.test(base) || /^(gpt-4|gpt-3\.5|chatgpt-)/.test(base)) return "openai-chat";
  if (/^gpt-5/.test(base) || /^o[1-9](-|$)/.test(base)) return "openai-reasoning";
  if (base.includes("claude")) return "claude";
  if (base.includes("gemini")) return "gemini";
  return "other";
}

/** The model thinks before it answers (its reasoning tokens are billed as output). */
export function isReasoningModel(model: string): boolean {
  const family = modelFamily(model);
  return family === "openai-reasoning" || (family === "gemini" && thinkingGemini(model));
}

/** Tokens of reasoning Junction allows a reasoning model on top of the answer it wants (a low effort rarely needs more). */
export const REASONING_ALLOWANCE_TOKENS = 8_192;

/** What Junction sends for this model: the family's rules, minus what the endpoint already rejected. */
export function chatParameters(input: ChatParameterInput): ChatParameters {
  const family = modelFamily(input.model);
  const rejected = input.rejected ?? new Set<AdaptableParameter>();
  // A model of unknown family that refuses a temperature or max_tokens answers like OpenAI's reasoning models.
  const reasons = isReasoningModel(input.model) || (family === "other" && (rejected.has("temperature") || rejected.has("max_tokens")));
  const cap = input.maxTokens + (reasons ? Math.max(0, input.reasoningAllowance ?? 0) : 0);
  const params: ChatParameters = { stream_options: { include_usage: true } };
  switch (family) {
    case "openai-reasoning":
      params.max_completion_tokens = cap;
      // Low effort: a refactor needs an answer in seconds, and reasoning tokens are billed as output.
      params.reasoning_effort = "low";
      break;
    case "openai-chat":
      params.max_completion_tokens = input.maxTokens;
      params.temperature = input.temperature;
      break;
    case "claude":
      params.max_tokens = input.maxTokens;
      params.temperature = Math.min(input.temperature, 1);
      break;
    case "gemini":
      params.max_tokens = cap;
      params.temperature = input.temperature;
      if (reasons) params.reasoning_effort = "low";
      break;
    case "other":
      params.max_tokens = cap;
      params.temperature = input.temperature;
      if (reasons) params.reasoning_effort = "low";
      break;
  }
  if (family !== "openai-reasoning" && input.stop && input.stop.length > 0) params.stop = [...input.stop];
  for (const name of rejected) withdraw(params, name, rejected, cap);
  return params;
}

/**
 * The parameter a failed request names as unacceptable: the error's `param` (OpenAI, Azure), else
 * the first sent parameter its message names ("Unsupported parameter: 'max_tokens' …", Gemini's
 * `Unknown name "reasoning_effort"`, a proxy's "does not support parameters: …"). Only a 400/422
 * naming a parameter that was actually sent counts; every other failure is not Junction's to adapt.
 */
export function rejectedParameter(error: { status?: number; param?: unknown; message?: unknown }, sent: ChatParameters): AdaptableParameter | undefined {
  if (error.status === undefined || !PARAMETER_STATUSES.has(error.status)) return undefined;
  const present = ADAPTABLE.filter((name) => sent[name] !== undefined);
  if (typeof error.param === "string") {
    const named = present.find((name) => name === error.param);
    if (named) return named;
  }
  const message = typeof error.message === "string" ? error.message : "";
  let earliest: { name: AdaptableParameter; at: number } | undefined;
  for (const name of present) {
    const at = message.search(new RegExp(`(^|[^a-z_])${name}([^a-z_]|$)`));
    if (at >= 0 && (earliest === undefined || at < earliest.at)) earliest = { name, at };
  }
  return earliest?.name;
}

/** Removes a rejected field; a rejected output cap is sent in the other spelling, unless that was rejected too. */
function withdraw(params: ChatParameters, name: AdaptableParameter, rejected: ReadonlySet<AdaptableParameter>, maxTokens: number): void {
  const hadCap = params[name] !== undefined;
  delete params[name];
  if (!hadCap) return;
  if (name === "max_tokens" && !rejected.has("max_completion_tokens")) params.max_completion_tokens = maxTokens;
  if (name === "max_completion_tokens" && !rejected.has("max_tokens")) params.max_tokens = maxTokens;
}

function thinkingGemini(model: string): boolean {
  return /gemini-(2\.5|[3-9])/.test(model.toLowerCase());
}

/**
 * What each endpoint rejected for each model, learned from its 400s, for the life of the window.
 * Bounded: one entry per endpoint and model actually used.
 */
export class ParameterMemory {
  readonly #rejected = new Map<string, Set<AdaptableParameter>>();

  rejected(endpoint: string, model: string): ReadonlySet<AdaptableParameter> {
    return this.#rejected.get(key(endpoint, model)) ?? new Set();
  }

  learn(endpoint: string, model: string, parameter: AdaptableParameter): void {
    const entry = this.#rejected.get(key(endpoint, model)) ?? new Set<AdaptableParameter>();
    entry.add(parameter);
    this.#rejected.set(key(endpoint, model), entry);
  }
}

function key(endpoint: string, model: string): string {
  return `${endpoint}\n${model.trim().toLowerCase()}`;
}
