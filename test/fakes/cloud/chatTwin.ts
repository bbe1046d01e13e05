// The core every cloud twin shares: the OpenAI chat-completions wire format (SSE chunks, the
// usage chunk of `stream_options.include_usage`, the non-streamed chat.completion), the model
// listing, scripted rules and recorded requests (fakeServerCore.ts). What differs between the
// providers — paths, key header, error shapes, which parameters a model accepts, usage details,
// cost — is a TwinProfile, one per provider file in this folder, each citing the page it follows.
import { FakeServer, cutAtStop, estimateTokens, planAnswer, promptOf, replyText } from "../fakeServerCore.ts";
import type { DefaultCompletion, Exchange, FakeRule, RecordedRequest, TwinToolCall, WireFormat } from "../fakeServerCore.ts";

/** What a request asks for, once the profile has read its path. */
export type TwinRoute =
  | { kind: "chat"; rulePath: string; modelFromPath?: string }
  | { kind: "text"; rulePath: string }
  | { kind: "models" }
  | { kind: "error"; status: number; message: string };

/** A rejection the provider documents, with its error fields. */
export interface TwinRejection {
  status: number;
  message: string;
  type?: string;
  code?: string | number;
  param?: string | null;
}

/** What a completed answer's usage is made of. */
export interface UsageFacts {
  promptTokens: number;
  completionTokens: number;
  cachedTokens: number;
  reasoningTokens: number;
}

export interface TwinProfile {
  readonly name: string;
  /** Where the API lives on the server: clients' base URL is the twin's origin plus this. */
  readonly basePath: string;
  /** Usage comes with every answer, asked for or not (OpenRouter). */
  readonly alwaysReportsUsage?: boolean;
  /** Requests that need no key (OpenRouter's public model list). */
  publicRequest?(request: RecordedRequest): boolean;
  route(request: RecordedRequest): TwinRoute | undefined;
  /** The model the twin serves under this name (a deployment maps to its model), or undefined. */
  resolveModel(requested: string, served: readonly string[]): string | undefined;
  /** The provider's error body for a rejection. */
  errorBody(rejection: TwinRejection): unknown;
  /** The provider's 404 for a model it does not serve. */
  unknownModel(model: string): TwinRejection;
  /** The model listing's body. */
  listing(models: readonly string[], simulated: boolean): unknown;
  /** A documented rejection of this body for this model, or undefined when the provider accepts it. */
  checkParameters(body: Record<string, unknown>, model: string): TwinRejection | undefined;
  /** Tokens the model spends reasoning before it answers (billed as output, inside the output cap). */
  reasoningTokens?(body: Record<string, unknown>, model: string): number;
  /** The usage object as this provider reports it. */
  usage(facts: UsageFacts, model: string): Record<string, unknown>;
  /** Headers on every answer (OpenAI's x-ratelimit-*) and on errors of a status. */
  headers?(status: number): Record<string, string>;
}

export interface ChatTwinOptions {
  port?: number;
  /** The key every request must carry. Omit to accept any (self-hosted servers, the simulated cloud). */
  apiKey?: string;
  /** Model ids served. */
  models?: string[];
  /** The answer when no rule matches. */
  defaultCompletion?: DefaultCompletion;
  /** Junction's simulated cloud for the demo: the listing says so, and no key is needed. */
  simulated?: boolean;
}

const sse = (value: unknown): string => `data: ${typeof value === "string" ? value : JSON.stringify(value)}\n\n`;

export class ChatTwin extends FakeServer {
  /** Model ids served; tests may change it. */
  readonly models: string[];
  readonly profile: TwinProfile;
  readonly #options: ChatTwinOptions;
  readonly #initialModels: string[];
  /** Earlier prompts per model, for the prompt-cache figures of profiles that report them. */
  readonly #seenPrompts = new Map<string, string[]>();
  #counter = 0;

  constructor(profile: TwinProfile, options: ChatTwinOptions, defaultModels: readonly string[]) {
    super(options.simulated ? undefined : options.apiKey);
    this.profile = profile;
    this.#options = options;
    this.#initialModels = [...(options.models ?? defaultModels)];
    this.models = [...this.#initialModels];
  }

  /** What a client takes as its base URL, e.g. "http://127.0.0.1:41234/v1". */
  get baseUrl(): string {
    return `${this.url}${this.profile.basePath}`;
  }

  /** Chat requests received, in order. */
  chatRequests(): RecordedRequest[] {
    return this.requests.filter((request) => request.method === "POST" && this.profile.route(request)?.kind === "chat");
  }

  /** Also restores the model list and forgets the prompt cache. */
  override reset(): void {
    super.reset();
    this.models.splice(0, this.models.length, ...this.#initialModels);
    this.#seenPrompts.clear();
  }

  protected override errorBody(status: number, message: string): unknown {
    return this.profile.errorBody({ status, message, ...(status === 401 ? { type: "invalid_request_error", code: "invalid_api_key" } : {}) });
  }

  protected override needsKey(request: RecordedRequest): boolean {
    return this.profile.publicRequest?.(request) !== true;
  }

  protected override statusHeaders(status: number): Record<string, string> {
    return this.profile.headers?.(status) ?? {};
  }

  /** The longest prompt prefix this model saw before, in tokens (the twin's stand-in for a provider's prompt cache). */
  cachedPrefixTokens(model: string, prompt: string): number {
    const earlier = this.#seenPrompts.get(model) ?? [];
    let longest = 0;
    for (const seen of earlier) {
      let at = 0;
      while (at < seen.length && at < prompt.length && seen[at] === prompt[at]) at++;
      longest = Math.max(longest, at);
    }
    earlier.push(prompt);
    this.#seenPrompts.set(model, earlier.slice(-20));
    return Math.floor(longest / 4);
  }

  protected override async handle(ex: Exchange): Promise<void> {
    ex.res.setHeader("x-request-id", `req_twin_${++this.#counter}`);
    for (const [name, value] of Object.entries(this.profile.headers?.(200) ?? {})) ex.res.setHeader(name, value);
    const route = this.profile.route(ex.request);
    if (!route)
      return this.#reject(ex, { status: 404, message: `Unknown request URL: ${ex.request.method} ${ex.request.path}.`, type: "invalid_request_error" });
    if (route.kind === "error") return this.#reject(ex, { status: route.status, message: route.message });
    if (route.kind === "models") {
      const rule = this.takeRule({ path: ex.request.path, generation: false });
      if (await this.prelude(ex, rule)) return;
      return this.sendOnce(ex, rule, () => this.profile.listing(this.models, this.#options.simulated === true));
    }
    return this.#generate(ex, route);
  }

  #reject(ex: Exchange, rejection: TwinRejection): void {
    ex.res.writeHead(rejection.status, { "content-type": "application/json; charset=utf-8", ...this.statusHeaders(rejection.status) });
    ex.res.end(JSON.stringify(this.profile.errorBody(rejection)));
  }

  async #generate(ex: Exchange, route: Extract<TwinRoute, { kind: "chat" | "text" }>): Promise<void> {
    const body = ex.request.body;
    if (typeof body !== "object" || body === null || Array.isArray(body))
      return this.#reject(ex, { status: 400, message: "We could not parse the JSON body of your request.", type: "invalid_request_error" });
    const requested = route.kind === "chat" && route.modelFromPath !== undefined ? route.modelFromPath : body.model;
    if (typeof requested !== "string" || requested === "")
      return this.#reject(ex, { status: 400, message: "you must provide a model parameter", type: "invalid_request_error", param: "model" });
    if (route.kind === "chat" && (!Array.isArray(body.messages) || body.messages.length === 0)) {
      return this.#reject(ex, {
        status: 400,
        message: "Invalid 'messages': empty array. Expected an array with minimum length 1.",
        type: "invalid_request_error",
        param: "messages",
      });
    }
    if (route.kind === "chat") {
      const pairing = toolPairingProblem(body.messages);
      if (pairing) return this.#reject(ex, pairing);
    }
    if (route.kind === "text" && typeof body.prompt !== "string")
      return this.#reject(ex, { status: 400, message: "'prompt' must be a string", type: "invalid_request_error", param: "prompt" });
    const model = this.profile.resolveModel(requested, this.models);
    if (model === undefined) return this.#reject(ex, this.profile.unknownModel(requested));

    const prompt = route.kind === "chat" ? promptOf(undefined, body.messages) : String(body.prompt);
    const rule = this.takeRule({ path: route.rulePath, model: requested, prompt, generation: true });
    if (await this.prelude(ex, rule)) return;
    const rejection = this.profile.checkParameters(body, model);
    if (rejection) return this.#reject(ex, rejection);

    const reasoning = rule?.reasoningTokens ?? this.profile.reasoningTokens?.(body, model) ?? 0;
    const cap = body.max_completion_tokens ?? body.max_tokens;
    // Reasoning tokens come out of the output cap first (OpenAI: max_completion_tokens bounds both);
    // what is left of it cuts the answer (≈4 characters a token, as estimateTokens counts).
    const visibleCap = typeof cap === "number" ? Math.max(0, cap - reasoning) : undefined;
    const full = cutAtStop(replyText(rule, this.#options.defaultCompletion, prompt), body.stop);
    const text = visibleCap === undefined || rule?.endless ? full : full.slice(0, visibleCap * 4);
    const plan = planAnswer(rule, text, visibleCap);
    const finishReason = rule?.doneReason ?? (plan.endless || text.length < full.length || visibleCap === 0 ? "length" : "stop");
    const cached = rule?.cachedTokens ?? this.cachedPrefixTokens(model, prompt);
    const usage = (sent: number): Record<string, unknown> => {
      const promptTokens = rule?.promptTokens ?? Math.max(1, estimateTokens(prompt));
      // A rule's completionTokens is the whole output, reasoning included, as the provider counts it.
      const completionTokens = rule?.completionTokens ?? estimateTokens(plan.text(sent)) + reasoning;
      return this.profile.usage(
        { promptTokens, completionTokens, cachedTokens: Math.min(cached, promptTokens), reasoningTokens: Math.min(reasoning, completionTokens) },
        model,
      );
    };
    const head = { id: `${route.kind === "chat" ? "chatcmpl" : "cmpl"}-twin${this.#counter}`, created: Math.floor(Date.now() / 1000), model: requested };
    // A model calls tools only when the request offers some; then the answer finishes with "tool_calls".
    const calls =
      route.kind === "chat" && Array.isArray(body.tools) && body.tools.length > 0 && rule?.toolCalls ? toolCallsOf(rule.toolCalls, this.#counter) : [];
    if (calls.length > 0 && rule?.doneReason === undefined) return this.#chatAnswer(ex, rule, body, head, plan, "tool_calls", usage, calls);
    return route.kind === "chat"
      ? this.#chatAnswer(ex, rule, body, head, plan, finishReason, usage)
      : this.#textAnswer(ex, rule, body, head, plan, finishReason, usage);
  }

  #chatAnswer(
    ex: Exchange,
    rule: FakeRule | undefined,
    body: Record<string, any>,
    head: object,
    plan: ReturnType<typeof planAnswer>,
    finishReason: string,
    usage: (sent: number) => object,
    calls: readonly WireToolCall[] = [],
  ): Promise<void> {
    const withHead = { ...head, system_fingerprint: "fp_twin" };
    if (body.stream !== true) {
      const text = plan.text(plan.count);
      return this.sendOnce(ex, rule, () => ({
        ...withHead,
        object: "chat.completion",
        choices: [
          {
            index: 0,
            message: {
              role: "assistant",
              content: calls.length > 0 && text === "" ? null : text,
              refusal: null,
              ...(calls.length > 0 ? { tool_calls: calls } : {}),
            },
            logprobs: null,
            finish_reason: finishReason,
          },
        ],
        usage: usage(plan.count),
      }));
    }
    // why `usage: null` on every chunk: that is what OpenAI sends when include_usage is on
    const includeUsage = body.stream_options?.include_usage === true || this.profile.alwaysReportsUsage === true;
    const chunk = (choices: object[], extra: object = {}): string =>
      sse({ ...withHead, object: "chat.completion.chunk", choices, ...(includeUsage ? { usage: null } : {}), ...extra });
    return this.stream(ex, rule, this.#wire(), {
      count: plan.count,
      record: (i) =>
        chunk([{ index: 0, delta: i === 0 ? { role: "assistant", content: plan.piece(i) } : { content: plan.piece(i) }, logprobs: null, finish_reason: null }]),
      end: (sent) =>
        toolCallDeltas(calls, sent === 0)
          .map((delta) => chunk([{ index: 0, delta, logprobs: null, finish_reason: null }]))
          .join("") +
        chunk([{ index: 0, delta: {}, logprobs: null, finish_reason: finishReason }]) +
        (includeUsage ? chunk([], { usage: usage(sent) }) : "") +
        sse("[DONE]"),
    });
  }

  /** `/v1/completions`, as vLLM and llama.cpp serve it: a prompt in, `choices[0].text` pieces out. */
  #textAnswer(
    ex: Exchange,
    rule: FakeRule | undefined,
    body: Record<string, any>,
    head: object,
    plan: ReturnType<typeof planAnswer>,
    finishReason: string,
    usage: (sent: number) => object,
  ): Promise<void> {
    const withHead = { ...head, object: "text_completion" };
    if (body.stream !== true) {
      return this.sendOnce(ex, rule, () => ({
        ...withHead,
        choices: [{ index: 0, text: plan.text(plan.count), logprobs: null, finish_reason: finishReason }],
        usage: usage(plan.count),
      }));
    }
    const includeUsage = body.stream_options?.include_usage === true;
    const chunk = (choices: object[], extra: object = {}): string => sse({ ...withHead, choices, ...(includeUsage ? { usage: null } : {}), ...extra });
    return this.stream(ex, rule, this.#wire(), {
      count: plan.count,
      record: (i) => chunk([{ index: 0, text: plan.piece(i), logprobs: null, finish_reason: null }]),
      end: (sent) =>
        chunk([{ index: 0, text: "", logprobs: null, finish_reason: finishReason }]) + (includeUsage ? chunk([], { usage: usage(sent) }) : "") + sse("[DONE]"),
    });
  }

  #wire(): WireFormat {
    return {
      contentType: "text/event-stream; charset=utf-8",
      malformed: 'data: {"id": "chatcmpl-broken", "choices": [\n\n',
      errorRecord: (message) => sse(this.profile.errorBody({ status: 500, message, type: "server_error" })),
    };
  }
}

/** The routes of an API at `basePath`: `GET …/models`, `POST …/chat/completions`, and with `text` the legacy `POST …/completions`. */
export function standardRoutes(basePath: string, options: { text?: boolean } = {}): TwinProfile["route"] {
  return (request) => {
    if (request.method === "GET" && request.path === `${basePath}/models`) return { kind: "models" };
    if (request.method === "POST" && request.path === `${basePath}/chat/completions`) return { kind: "chat", rulePath: request.path };
    if (options.text && request.method === "POST" && request.path === `${basePath}/completions`) return { kind: "text", rulePath: request.path };
    return undefined;
  };
}

/** OpenAI's usage object (platform.openai.com/docs/api-reference/chat/object#usage), which OpenRouter and Azure follow. */
export function openAiStyleUsage(facts: UsageFacts): Record<string, unknown> {
  return {
    prompt_tokens: facts.promptTokens,
    completion_tokens: facts.completionTokens,
    total_tokens: facts.promptTokens + facts.completionTokens,
    prompt_tokens_details: { cached_tokens: facts.cachedTokens, audio_tokens: 0 },
    completion_tokens_details: { reasoning_tokens: facts.reasoningTokens, audio_tokens: 0, accepted_prediction_tokens: 0, rejected_prediction_tokens: 0 },
  };
}

/** OpenAI's error body (platform.openai.com/docs/guides/error-codes): message, type, param, code. */
export function openAiStyleError(rejection: TwinRejection): unknown {
  return {
    error: {
      message: rejection.message,
      type: rejection.type ?? (rejection.status >= 500 ? "server_error" : "invalid_request_error"),
      param: rejection.param ?? null,
      code: rejection.code ?? null,
    },
  };
}

/** The OpenAI-style model listing (`GET /v1/models`), simulated models marked by their owner. */
export function openAiStyleListing(models: readonly string[], owner: string, simulated: boolean): unknown {
  return { object: "list", data: models.map((id) => ({ id, object: "model", created: 1_750_000_000, owned_by: simulated ? "junction-simulated" : owner })) };
}

interface WireToolCall {
  id: string;
  type: "function";
  function: { name: string; arguments: string };
}

/** The calls of a rule as OpenAI writes them in a message: `arguments` is a JSON string. */
function toolCallsOf(calls: readonly TwinToolCall[], counter: number): WireToolCall[] {
  return calls.map((call, index) => ({
    id: call.id ?? `call_twin${counter}x${index}`,
    type: "function",
    function: { name: call.name, arguments: JSON.stringify(call.arguments) },
  }));
}

/**
 * Streamed tool calls (platform.openai.com/docs/guides/function-calling, "Streaming"): the first
 * delta of each call carries its index, id, type and name with empty arguments, later deltas only
 * pieces of `function.arguments`, so a client must put them together. `first`: no text came before,
 * so this delta opens the message and carries the role.
 */
function toolCallDeltas(calls: readonly WireToolCall[], first: boolean): object[] {
  const deltas: object[] = [];
  calls.forEach((call, index) => {
    const opening = { index, id: call.id, type: "function", function: { name: call.function.name, arguments: "" } };
    deltas.push({ ...(first && index === 0 ? { role: "assistant", content: null } : {}), tool_calls: [opening] });
    const half = Math.ceil(call.function.arguments.length / 2);
    for (const piece of [call.function.arguments.slice(0, half), call.function.arguments.slice(half)]) {
      if (piece !== "") deltas.push({ tool_calls: [{ index, function: { arguments: piece } }] });
    }
  });
  return deltas;
}

/**
 * OpenAI checks that tool messages answer the calls right before them, and that every call is
 * answered before the conversation goes on; its 400s, as clients have reported them word for word
 * (miurla/morphic#136, BloomLabsInc/genkit-plugins#225, itmisx/deepx-code#94): "messages with role
 * 'tool' must be a response to a preceeding message with 'tool_calls'" (sic) and "An assistant
 * message with 'tool_calls' must be followed by tool messages responding to each 'tool_call_id'."
 */
export function toolPairingProblem(messages: unknown): TwinRejection | undefined {
  if (!Array.isArray(messages)) return undefined;
  let open: string[] = [];
  let openAt = -1;
  const unanswered = (): TwinRejection => ({
    status: 400,
    message: `An assistant message with 'tool_calls' must be followed by tool messages responding to each 'tool_call_id'. The following tool_call_ids did not have response messages: ${open.join(", ")}`,
    type: "invalid_request_error",
    param: `messages.[${openAt}].role`,
  });
  for (const [index, raw] of messages.entries()) {
    const message = (raw ?? {}) as { role?: unknown; tool_call_id?: unknown; tool_calls?: unknown };
    if (message.role === "tool") {
      if (typeof message.tool_call_id !== "string" || !open.includes(message.tool_call_id)) {
        return {
          status: 400,
          message: "Invalid parameter: messages with role 'tool' must be a response to a preceeding message with 'tool_calls'.",
          type: "invalid_request_error",
          param: `messages.[${index}].role`,
        };
      }
      open = open.filter((id) => id !== message.tool_call_id);
      continue;
    }
    if (open.length > 0) return unanswered();
    if (message.role === "assistant" && Array.isArray(message.tool_calls)) {
      open = message.tool_calls.map((call) => String((call as { id?: unknown })?.id ?? ""));
      openAt = index;
    }
  }
  return open.length > 0 ? unanswered() : undefined;
}
