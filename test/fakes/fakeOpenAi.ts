// A fake OpenAI-compatible server (OpenAI, OpenRouter, vLLM, llama.cpp all speak this):
// chat completions and text completions (the self-hosted servers' FIM route) with SSE streaming,
// the model list, bearer-key checks and OpenAI-style errors.
// Scriptable per test and recording every request; see fakeServerCore.ts for rules.
import {
  FakeServer,
  cutAtStop,
  estimateTokens,
  planAnswer,
  promptOf,
  replyText,
} from "./fakeServerCore.ts";
import type { DefaultCompletion, Exchange, WireFormat } from "./fakeServerCore.ts";

export interface FakeOpenAiOptions {
  /** Default: a free port. */
  port?: number;
  /** The bearer key every request must carry. Omit to accept any key (self-hosted servers). */
  apiKey?: string;
  /** Model ids served. Default: DEFAULT_OPENAI_MODELS. */
  models?: string[];
  /** Adds `usage.cost` (USD per request), as OpenRouter reports it. */
  usageCost?: number;
  /** The answer when no rule matches. Default: DEFAULT_COMPLETION. */
  defaultCompletion?: DefaultCompletion;
}

export const DEFAULT_OPENAI_MODELS: readonly string[] = ["gpt-4.1", "gpt-4.1-mini", "gpt-4o-mini"];

const COMPLETIONS = "/v1/chat/completions";
const TEXT_COMPLETIONS = "/v1/completions";

const sse = (value: unknown): string => `data: ${typeof value === "string" ? value : JSON.stringify(value)}\n\n`;

/** OpenAI's error `type`/`code` for a status, so clients map errors to the right class. */
function errorShape(status: number): { type: string; code: string | null } {
  if (status === 401) return { type: "invalid_request_error", code: "invalid_api_key" };
  if (status === 404) return { type: "invalid_request_error", code: "model_not_found" };
  if (status === 429) return { type: "requests", code: "rate_limit_exceeded" };
  if (status >= 500) return { type: "server_error", code: null };
  return { type: "invalid_request_error", code: null };
}

const SSE: WireFormat = {
  contentType: "text/event-stream; charset=utf-8",
  malformed: 'data: {"id": "chatcmpl-broken", "choices": [\n\n',
  errorRecord: (message) => sse({ error: { message, type: "server_error", param: null, code: null } }),
};

export class FakeOpenAi extends FakeServer {
  /** Model ids served; tests may change it. */
  readonly models: string[];
  #options: FakeOpenAiOptions;
  #initialModels: string[];
  #counter = 0;

  constructor(options: FakeOpenAiOptions = {}) {
    super(options.apiKey);
    this.#options = options;
    this.#initialModels = [...(options.models ?? DEFAULT_OPENAI_MODELS)];
    this.models = [...this.#initialModels];
  }

  /** Also restores the model list. */
  override reset(): void {
    super.reset();
    this.models.splice(0, this.models.length, ...this.#initialModels);
  }

  protected override errorBody(status: number, message: string): unknown {
    return { error: { message, ...errorShape(status), param: null } };
  }

  protected override async handle(ex: Exchange): Promise<void> {
    ex.res.setHeader("x-request-id", `req_fake_${++this.#counter}`);
    const route = `${ex.request.method} ${ex.request.path}`;
    if (route === "GET /v1/models") {
      const rule = this.takeRule({ path: ex.request.path, generation: false });
      if (await this.prelude(ex, rule)) return;
      return this.sendOnce(ex, rule, () => ({
        object: "list",
        data: this.models.map((id) => ({ id, object: "model", created: 1_700_000_000, owned_by: "junction-fake" })),
      }));
    }
    if (route === `POST ${COMPLETIONS}`) return this.#completions(ex);
    if (route === `POST ${TEXT_COMPLETIONS}`) return this.#textCompletions(ex);
    return this.sendError(ex, 404, `Unknown request URL: ${ex.request.method} ${ex.request.path}.`);
  }

  async #completions(ex: Exchange): Promise<void> {
    const body = ex.request.body;
    if (typeof body !== "object" || body === null) return this.sendError(ex, 400, "We could not parse the JSON body of your request.");
    if (typeof body.model !== "string" || body.model === "") return this.sendError(ex, 400, "you must provide a model parameter");
    if (!Array.isArray(body.messages) || body.messages.length === 0)
      return this.sendError(ex, 400, "Invalid 'messages': empty array. Expected an array with minimum length 1.");
    if (!this.models.includes(body.model))
      return this.sendError(ex, 404, `The model \`${body.model}\` does not exist or you do not have access to it.`);

    const prompt = promptOf(undefined, body.messages);
    const rule = this.takeRule({ path: COMPLETIONS, model: body.model, prompt, generation: true });
    if (await this.prelude(ex, rule)) return;

    const text = cutAtStop(replyText(rule, this.#options.defaultCompletion, prompt), body.stop);
    const plan = planAnswer(rule, text, body.max_completion_tokens ?? body.max_tokens);
    const finishReason = rule?.doneReason ?? (plan.endless ? "length" : "stop");
    const head = { id: `chatcmpl-fake${this.#counter}`, created: Math.floor(Date.now() / 1000), model: body.model, system_fingerprint: "fp_fake" };
    const usage = (sent: number): object => {
      const promptTokens = rule?.promptTokens ?? Math.max(1, estimateTokens(prompt));
      const completionTokens = rule?.completionTokens ?? estimateTokens(plan.text(sent));
      const cost = this.#options.usageCost;
      return {
        prompt_tokens: promptTokens,
        completion_tokens: completionTokens,
        total_tokens: promptTokens + completionTokens,
        ...(cost === undefined ? {} : { cost }),
      };
    };

    if (body.stream !== true) {
      return this.sendOnce(ex, rule, () => ({
        ...head,
        object: "chat.completion",
        choices: [
          {
            index: 0,
            message: { role: "assistant", content: plan.text(plan.count), refusal: null },
            logprobs: null,
            finish_reason: finishReason,
          },
        ],
        usage: usage(plan.count),
      }));
    }
    // why `usage: null` on every chunk: that is what OpenAI sends when include_usage is on
    const includeUsage = body.stream_options?.include_usage === true;
    const chunk = (choices: object[], extra: object = {}): string =>
      sse({ ...head, object: "chat.completion.chunk", choices, ...(includeUsage ? { usage: null } : {}), ...extra });
    return this.stream(ex, rule, SSE, {
      count: plan.count,
      record: (i) => {
        const content = plan.piece(i);
        const delta = i === 0 ? { role: "assistant", content } : { content };
        return chunk([{ index: 0, delta, logprobs: null, finish_reason: null }]);
      },
      end: (sent) =>
        chunk([{ index: 0, delta: {}, logprobs: null, finish_reason: finishReason }]) +
        (includeUsage ? chunk([], { usage: usage(sent) }) : "") +
        sse("[DONE]"),
    });
  }

  /** `/v1/completions`, as vLLM and llama.cpp serve it: a prompt in, `choices[0].text` pieces out. */
  async #textCompletions(ex: Exchange): Promise<void> {
    const body = ex.request.body;
    if (typeof body !== "object" || body === null) return this.sendError(ex, 400, "We could not parse the JSON body of your request.");
    if (typeof body.model !== "string" || body.model === "") return this.sendError(ex, 400, "you must provide a model parameter");
    if (typeof body.prompt !== "string") return this.sendError(ex, 400, "'prompt' must be a string");
    if (!this.models.includes(body.model))
      return this.sendError(ex, 404, `The model \`${body.model}\` does not exist or you do not have access to it.`);

    const rule = this.takeRule({ path: TEXT_COMPLETIONS, model: body.model, prompt: body.prompt, generation: true });
    if (await this.prelude(ex, rule)) return;
    const text = cutAtStop(replyText(rule, this.#options.defaultCompletion, body.prompt), body.stop);
    const plan = planAnswer(rule, text, body.max_tokens);
    const finishReason = rule?.doneReason ?? (plan.endless ? "length" : "stop");
    const head = { id: `cmpl-fake${this.#counter}`, object: "text_completion", created: Math.floor(Date.now() / 1000), model: body.model };
    const usage = (sent: number): object => {
      const promptTokens = rule?.promptTokens ?? Math.max(1, estimateTokens(body.prompt));
      const completionTokens = rule?.completionTokens ?? estimateTokens(plan.text(sent));
      return { prompt_tokens: promptTokens, completion_tokens: completionTokens, total_tokens: promptTokens + completionTokens };
    };
    if (body.stream !== true) {
      return this.sendOnce(ex, rule, () => ({ ...head, choices: [{ index: 0, text: plan.text(plan.count), logprobs: null, finish_reason: finishReason }], usage: usage(plan.count) }));
    }
    const includeUsage = body.stream_options?.include_usage === true;
    const chunk = (choices: object[], extra: object = {}): string => sse({ ...head, choices, ...(includeUsage ? { usage: null } : {}), ...extra });
    return this.stream(ex, rule, SSE, {
      count: plan.count,
      record: (i) => chunk([{ index: 0, text: plan.piece(i), logprobs: null, finish_reason: null }]),
      end: (sent) =>
        chunk([{ index: 0, text: "", logprobs: null, finish_reason: finishReason }]) + (includeUsage ? chunk([], { usage: usage(sent) }) : "") + sse("[DONE]"),
    });
  }
}

/** Starts a fake OpenAI-compatible server on 127.0.0.1; its base URL for clients is `url + "/v1"`. */
export function startFakeOpenAi(options: FakeOpenAiOptions = {}): Promise<FakeOpenAi> {
  return new FakeOpenAi(options).listen(options.port);
}
