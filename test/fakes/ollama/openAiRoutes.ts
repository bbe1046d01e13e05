// Ollama's OpenAI-compatible routes (server/routes.go GenerateRoutes, middleware/openai.go,
// openai/openai.go), for Junction's `openai-compatible` local provider pointed at Ollama's /v1.
// cloudPassthroughMiddleware runs first: a request whose `model` is an explicit cloud name goes to
// ollama.com as it is. Everything else becomes an /api/generate or /api/chat request — without a
// num_ctx, so the runner's context is Ollama's automatic one — and is answered as server-sent events.
import { randomBytes } from "node:crypto";
import { promptOf, sendJson } from "../fakeServerCore.ts";
import type { Exchange, WireFormat } from "../fakeServerCore.ts";
import { OLLAMA_CLOUD } from "./cloud.ts";
import { nameParts, parseRef } from "./names.ts";
import { OllamaTwinState } from "./twinState.ts";
import type { GenerationWire } from "./twinState.ts";

const SSE: WireFormat = {
  contentType: "text/event-stream",
  malformed: 'data: {"choices": [\n\n',
  errorRecord: (message) => `data: ${JSON.stringify({ error: { message, type: "api_error" } })}\n\n`,
};

type Body = Record<string, unknown>;

export abstract class OllamaOpenAiRoutes extends OllamaTwinState {
  protected async handleOpenAi(ex: Exchange): Promise<void> {
    const { method, path } = ex.request;
    if (method === "GET" && path === "/v1/models") return this.#listModels(ex);
    if (method === "GET" && path.startsWith("/v1/models/")) return this.#retrieveModel(ex, decodeURIComponent(path.slice("/v1/models/".length)));
    if (method === "POST" && (path === "/v1/completions" || path === "/v1/chat/completions")) return this.#generate(ex, path);
    return openAiError(ex, 404, "404 page not found");
  }

  /** ListMiddleware + ToListCompletion: every installed model, owned by its namespace. */
  async #listModels(ex: Exchange): Promise<void> {
    const rule = this.takeRule({ path: ex.request.path, generation: false });
    if (await this.prelude(ex, rule)) return;
    await this.sendOnce(ex, rule, () => ({ object: "list", data: this.models.map((model) => modelObject(model.name)) }));
  }

  /** cloudModelPathPassthroughMiddleware, else RetrieveMiddleware over ShowHandler. */
  async #retrieveModel(ex: Exchange, name: string): Promise<void> {
    const ref = parseRef(name);
    if (!("error" in ref) && ref.source === "cloud") {
      this.recordCloud({ path: ex.request.path, model: name, remoteModel: ref.base, remoteHost: OLLAMA_CLOUD, via: "cloud-name", body: undefined });
      return sendJson(ex.res, 200, { ...modelObject(ref.base), owned_by: "ollama" });
    }
    const model = "error" in ref ? undefined : this.find(ref.base);
    if (!model) return openAiError(ex, 404, `model '${name}' not found`);
    sendJson(ex.res, 200, modelObject(model.name));
  }

  async #generate(ex: Exchange, path: "/v1/completions" | "/v1/chat/completions"): Promise<void> {
    const body: Body = typeof ex.request.body === "object" && ex.request.body !== null ? ex.request.body : {};
    const name = typeof body.model === "string" ? body.model.trim() : "";
    const chat = path === "/v1/chat/completions";
    const prompt = chat ? promptOf(undefined, body.messages) : promptOf(body.prompt, undefined);
    const options = optionsOf(body);
    const ref = parseRef(name);
    const wire = chat ? chatWire(name, body) : completionWire(name, body);
    if (!("error" in ref) && ref.source === "cloud") {
      this.recordCloud({ path, model: name, remoteModel: ref.base, remoteHost: OLLAMA_CLOUD, via: "cloud-name", body: { ...body, model: ref.base } });
      const rule = this.takeRule({ path, model: name, prompt, generation: true });
      if (await this.prelude(ex, rule)) return;
      return this.serveForwarded(ex, rule, prompt, options, body.stream === true, wire);
    }
    const model = "error" in ref ? undefined : this.find(ref.base);
    if (!model || model.remoteHost) return openAiError(ex, 404, `model '${name}' not found`);
    if (!model.capabilities.includes("completion")) return openAiError(ex, 400, `"${name}" does not support ${chat ? "chat" : "generate"}`);
    const rule = this.takeRule({ path, model: name, prompt, generation: true });
    if (await this.prelude(ex, rule)) return;
    const rendered = chat ? chatPrompt(body.messages) : prompt;
    const input = { path, model: this.scheduled(model), modelParameters: model.parameters, rule, prompt, rendered, options, keepAliveMs: undefined };
    return this.serveGeneration(ex, input, body.stream === true, wire);
  }
}

/** FromCompleteRequest / FromChatRequest: the options Ollama derives (never num_ctx). */
function optionsOf(body: Body): Record<string, unknown> {
  const stop = typeof body.stop === "string" ? [body.stop] : Array.isArray(body.stop) ? body.stop : undefined;
  return {
    ...(stop ? { stop } : {}),
    ...(typeof body.max_tokens === "number" ? { num_predict: body.max_tokens } : {}),
    temperature: typeof body.temperature === "number" ? body.temperature : 1,
  };
}

function modelObject(id: string): object {
  return { id, object: "model", created: 0, owned_by: nameParts(id).namespace };
}

function openAiError(ex: Exchange, status: number, message: string): void {
  const type = status === 400 ? "invalid_request_error" : status === 404 ? "not_found_error" : "api_error";
  sendJson(ex.res, status, { error: { message, type, param: null, code: null } });
}

const event = (value: unknown): string => `data: ${JSON.stringify(value)}\n\n`;

function includeUsage(body: Body): boolean {
  return (body.stream_options as { include_usage?: unknown } | undefined)?.include_usage === true;
}

function usageOf(metrics: Record<string, number>): object {
  const prompt = metrics.prompt_eval_count ?? 0;
  const completion = metrics.eval_count ?? 0;
  return { prompt_tokens: prompt, completion_tokens: completion, total_tokens: prompt + completion };
}

/** CompleteWriter: with include_usage every chunk carries an all-zero usage until the real one. */
function completionWire(model: string, body: Body): GenerationWire {
  const id = `cmpl-${randomBytes(4).toString("hex")}`;
  const chunk = (text: string, finish: string | null) => ({
    id,
    object: "text_completion",
    created: Math.floor(Date.now() / 1000),
    choices: [{ text, index: 0, finish_reason: finish }],
    model,
    system_fingerprint: "fp_ollama",
  });
  const zero = includeUsage(body) ? { usage: { prompt_tokens: 0, completion_tokens: 0, total_tokens: 0 } } : {};
  return {
    format: SSE,
    piece: (text) => event({ ...chunk(text, null), ...zero }),
    end: (metrics, reason) =>
      event({ ...chunk("", reason), ...zero }) +
      (includeUsage(body) ? event({ ...chunk("", reason), choices: [], usage: usageOf(metrics) }) : "") +
      "data: [DONE]\n\n",
    whole: (text, metrics, reason) => ({ ...chunk(text, reason), usage: usageOf(metrics) }),
  };
}

/** ChatWriter: the role on the first chunk, a finish chunk of its own, then usage when asked for. */
function chatWire(model: string, body: Body): GenerationWire {
  const id = `chatcmpl-${randomBytes(4).toString("hex")}`;
  let first = true;
  const chunk = (delta: object, finish: string | null) => ({
    id,
    object: "chat.completion.chunk",
    created: Math.floor(Date.now() / 1000),
    model,
    system_fingerprint: "fp_ollama",
    choices: [{ index: 0, delta, finish_reason: finish }],
  });
  return {
    format: SSE,
    piece: (text) => {
      const delta = first ? { role: "assistant", content: text } : { content: text };
      first = false;
      return event(chunk(delta, null));
    },
    end: (metrics, reason) =>
      event(chunk({}, reason)) + (includeUsage(body) ? event({ ...chunk({}, reason), choices: [], usage: usageOf(metrics) }) : "") + "data: [DONE]\n\n",
    whole: (text, metrics, reason) => ({
      id,
      object: "chat.completion",
      created: Math.floor(Date.now() / 1000),
      model,
      system_fingerprint: "fp_ollama",
      choices: [{ index: 0, message: { role: "assistant", content: text }, finish_reason: reason }],
      usage: usageOf(metrics),
    }),
  };
}

function chatPrompt(messages: unknown): string {
  const list = Array.isArray(messages) ? messages : [];
  return (
    list.map((m) => `<|im_start|>${String((m as { role?: unknown })?.role ?? "user")}\n${promptOf(undefined, [m])}<|im_end|>\n`).join("") +
    "<|im_start|>assistant\n"
  );
}
