// A fake Ollama server for tests and the demo: the endpoints the `ollama` npm client calls, with
// real Ollama's status codes and error wording where Junction branches on them (see routes.go in
// ollama/ollama), scriptable per test and recording every request. See fakeServerCore.ts for rules.
import { createHash } from "node:crypto";
import {
  FakeServer,
  cutAtStop,
  estimateTokens,
  planAnswer,
  promptOf,
  replyText,
  sendText,
} from "./fakeServerCore.ts";
import type { DefaultCompletion, Exchange, FakeRule, WireFormat } from "./fakeServerCore.ts";

export interface FakeOllamaModel {
  /** As Ollama lists it, e.g. "qwen2.5-coder:1.5b-base" ("name" alone means "name:latest"). */
  name: string;
  /** As /api/show reports them: "completion", "insert" (FIM with `suffix`), "tools", "embedding" … */
  capabilities: string[];
  family?: string;
  parameterSize?: string;
  contextLength?: number;
  /** Set for a model Ollama proxies to a remote service: Junction must treat it as a cloud model. */
  remoteHost?: string;
  remoteModel?: string;
}

export interface FakeOllamaOptions {
  /** Default: a free port. */
  port?: number;
  /** Installed models. Default: DEFAULT_OLLAMA_MODELS. */
  models?: FakeOllamaModel[];
  /** What /api/pull can fetch (others fail like an unknown name). Default: the defaults plus `models`. */
  pullable?: FakeOllamaModel[];
  /** Adds `"simulated": true` to /api/version, so the demo can say it runs on simulated models. */
  simulated?: boolean;
  version?: string;
  /** The answer when no rule matches. Default: DEFAULT_COMPLETION. */
  defaultCompletion?: DefaultCompletion;
  /** Require this key (an Ollama behind an authenticating proxy). Default: no key. */
  apiKey?: string;
}

export const DEFAULT_OLLAMA_MODELS: readonly FakeOllamaModel[] = [
  { name: "qwen2.5-coder:1.5b-base", capabilities: ["completion", "insert"], family: "qwen2", parameterSize: "1.5B", contextLength: 32768 },
  { name: "qwen2.5-coder:7b-instruct", capabilities: ["completion", "tools"], family: "qwen2", parameterSize: "7.6B", contextLength: 32768 },
  {
    name: "gpt-oss:120b-cloud",
    capabilities: ["completion", "tools"],
    family: "gptoss",
    parameterSize: "116.8B",
    contextLength: 131072,
    remoteHost: "https://ollama.com:443",
    remoteModel: "gpt-oss:120b",
  },
];

const GENERATE = "/api/generate";
const CHAT = "/api/chat";
const DEFAULT_KEEP_ALIVE_MS = 5 * 60_000;
const FOREVER_MS = 300 * 365 * 86_400_000; // Ollama reports "never expires" as a date centuries away
const LOCAL_MODEL_SIZE = 986_061_792;
const REMOTE_MODEL_SIZE = 384;

const line = (value: unknown): string => `${JSON.stringify(value)}\n`;

const NDJSON: WireFormat = {
  contentType: "application/x-ndjson",
  malformed: '{"response": "unterminated\n',
  errorRecord: (message) => line({ error: message }),
};

export class FakeOllama extends FakeServer {
  /** Installed models; tests may change it (e.g. remove one to test "pull the model"). */
  readonly models: FakeOllamaModel[];
  #initialModels: FakeOllamaModel[];
  #pullable: FakeOllamaModel[];
  #loaded = new Map<string, number>(); // model name → expiry (ms since epoch), for /api/ps
  #options: FakeOllamaOptions;

  constructor(options: FakeOllamaOptions = {}) {
    super(options.apiKey);
    this.#options = options;
    this.#initialModels = [...(options.models ?? DEFAULT_OLLAMA_MODELS)];
    this.models = [...this.#initialModels];
    this.#pullable = options.pullable ?? [...DEFAULT_OLLAMA_MODELS, ...this.#initialModels];
  }

  /** Also restores the model list and unloads every model. */
  override reset(): void {
    super.reset();
    this.models.splice(0, this.models.length, ...this.#initialModels);
    this.#loaded.clear();
  }

  protected override async handle(ex: Exchange): Promise<void> {
    const { method, path, body } = ex.request;
    if ((method === "GET" || method === "HEAD") && path === "/") return sendText(ex.res, 200, "Ollama is running");
    if (method === "POST" && (typeof body !== "object" || body === null)) return this.sendError(ex, 400, "missing request body");
    switch (`${method} ${path}`) {
      case "GET /api/version":
        return this.#json(ex, () => ({ version: this.#options.version ?? "0.12.6", ...(this.#options.simulated ? { simulated: true } : {}) }));
      case "GET /api/tags":
        return this.#json(ex, () => ({ models: this.models.map((m) => this.#listing(m)) }));
      case "GET /api/ps":
        return this.#json(ex, () => ({ models: this.#running() }));
      case "POST /api/show":
        return this.#show(ex);
      case "POST /api/generate":
        return this.#generate(ex);
      case "POST /api/chat":
        return this.#chat(ex);
      case "POST /api/pull":
        return this.#pull(ex);
      default:
        return sendText(ex.res, 404, "404 page not found");
    }
  }

  async #json(ex: Exchange, body: () => unknown, model?: string): Promise<void> {
    const rule = this.takeRule({ path: ex.request.path, model, generation: false });
    if (await this.prelude(ex, rule)) return;
    await this.sendOnce(ex, rule, body);
  }

  #show(ex: Exchange): Promise<void> {
    const name: unknown = ex.request.body.model ?? ex.request.body.name;
    const model = this.#find(name);
    // why the other quoting: real Ollama's show handler words "not found" differently from generate/chat
    if (!model) return Promise.resolve(this.sendError(ex, 404, `model '${String(name)}' not found`));
    const family = familyOf(model);
    const insert = model.capabilities.includes("insert");
    return this.#json(
      ex,
      () => ({
        license: "",
        modelfile: `# Modelfile generated by the Junction fake Ollama\nFROM ${model.name}\n`,
        parameters: "",
        template: insert
          ? "{{- if .Suffix }}<|fim_prefix|>{{ .Prompt }}<|fim_suffix|>{{ .Suffix }}<|fim_middle|>{{- else }}{{ .Prompt }}{{- end }}"
          : "{{ .Prompt }}",
        details: detailsOf(model),
        model_info: { "general.architecture": family, [`${family}.context_length`]: model.contextLength ?? 32768 },
        capabilities: model.capabilities,
        modified_at: new Date(0).toISOString(),
        ...remoteFields(model),
      }),
      String(name),
    );
  }

  /** Checks shared by generate and chat, in real Ollama's order. Returns the model, or undefined after answering. */
  #validate(ex: Exchange, capability: string, verb: string): FakeOllamaModel | undefined {
    const body = ex.request.body;
    if (typeof body.model !== "string" || body.model === "") return void this.sendError(ex, 400, "model is required");
    const model = this.#find(body.model);
    if (!model) return void this.sendError(ex, 404, `model "${body.model}" not found, try pulling it first`);
    if (body.raw === true && (body.template || body.system || (Array.isArray(body.context) && body.context.length > 0)))
      return void this.sendError(ex, 400, "raw mode does not support template, system, or context");
    if (!model.capabilities.includes(capability)) return void this.sendError(ex, 400, `"${body.model}" does not support ${verb}`);
    // why raw does not skip this: real Ollama requires "insert" for any non-empty suffix, raw or not
    if (typeof body.suffix === "string" && body.suffix !== "" && !model.capabilities.includes("insert"))
      return void this.sendError(ex, 400, `${registryName(model.name)} does not support insert`);
    return model;
  }

  #generate(ex: Exchange): Promise<void> {
    const model = this.#validate(ex, "completion", "generate");
    if (!model) return Promise.resolve();
    const prompt = promptOf(ex.request.body.prompt, undefined);
    return this.#answer(ex, GENERATE, model, prompt, prompt === "", (text) => ({ response: text }));
  }

  #chat(ex: Exchange): Promise<void> {
    const model = this.#validate(ex, "completion", "chat");
    if (!model) return Promise.resolve();
    const messages: unknown = ex.request.body.messages;
    const empty = !Array.isArray(messages) || messages.length === 0;
    return this.#answer(ex, CHAT, model, promptOf(undefined, messages), empty, (text) => ({
      message: { role: "assistant", content: text },
    }));
  }

  async #answer(
    ex: Exchange,
    path: string,
    model: FakeOllamaModel,
    prompt: string,
    loadOnly: boolean,
    shape: (text: string) => object,
  ): Promise<void> {
    const body = ex.request.body;
    const rule = this.takeRule({ path, model: body.model, prompt, generation: true });
    if (await this.prelude(ex, rule)) return;
    const keepAlive = keepAliveMs(body.keep_alive);
    this.#touch(model, keepAlive);
    const head = (): object => ({ model: body.model, created_at: new Date().toISOString() });
    // why: an empty prompt only (un)loads the model; clients use it to warm a model up
    if (loadOnly) return this.sendOnce(ex, rule, () => ({ ...head(), ...shape(""), done: true, done_reason: keepAlive === 0 ? "unload" : "load" }));

    const text = cutAtStop(replyText(rule, this.#options.defaultCompletion, prompt), body.options?.stop);
    const plan = planAnswer(rule, text, body.options?.num_predict);
    const promptTokens = rule?.promptTokens ?? Math.max(1, estimateTokens(prompt));
    const final = (sent: number): object => ({
      ...head(),
      ...shape(""),
      done: true,
      done_reason: rule?.doneReason ?? (plan.endless ? "length" : "stop"),
      ...(path === GENERATE && body.raw !== true ? { context: [1, 2, 3] } : {}),
      ...metrics(ex.startedNs, promptTokens, rule?.completionTokens ?? estimateTokens(plan.text(sent))),
    });
    // why `!== false`: Ollama streams unless told not to (the npm client sends stream: false by default)
    if (body.stream === false) return this.sendOnce(ex, rule, () => ({ ...final(plan.count), ...shape(plan.text(plan.count)) }));
    return this.stream(ex, rule, NDJSON, {
      count: plan.count,
      record: (i) => line({ ...head(), ...shape(plan.piece(i)), done: false }),
      end: (sent) => line(final(sent)),
    });
  }

  async #pull(ex: Exchange): Promise<void> {
    const name = String(ex.request.body.model ?? ex.request.body.name ?? "");
    const rule: FakeRule | undefined = this.takeRule({ path: ex.request.path, model: name, generation: false });
    if (await this.prelude(ex, rule)) return;
    const entry = this.#pullable.find((m) => sameModel(m.name, name));
    const install = (): string => {
      if (entry && !this.#find(entry.name)) this.models.push(entry);
      return "success";
    };
    const failure = "pull model manifest: file does not exist";
    const digest = digestOf(name);
    const total = LOCAL_MODEL_SIZE;
    const progress = entry
      ? [
          { status: "pulling manifest" },
          { status: `pulling ${digest.slice(0, 12)}`, digest: `sha256:${digest}`, total, completed: 0 },
          { status: `pulling ${digest.slice(0, 12)}`, digest: `sha256:${digest}`, total, completed: Math.floor(total / 2) },
          { status: `pulling ${digest.slice(0, 12)}`, digest: `sha256:${digest}`, total, completed: total },
          { status: "verifying sha256 digest" },
          { status: "writing manifest" },
        ]
      : [{ status: "pulling manifest" }];
    if (ex.request.body.stream === false) {
      if (!entry) return this.sendError(ex, 500, failure);
      return this.sendOnce(ex, rule, () => ({ status: install() }));
    }
    return this.stream(ex, rule, NDJSON, {
      count: progress.length,
      record: (i) => line(progress[i]),
      // why install here: a pull that is dropped or aborted must not leave the model installed
      end: () => (entry ? line({ status: install() }) : line({ error: failure })),
    });
  }

  #find(name: unknown): FakeOllamaModel | undefined {
    return typeof name === "string" ? this.models.find((m) => sameModel(m.name, name)) : undefined;
  }

  #touch(model: FakeOllamaModel, keepAlive: number): void {
    if (keepAlive === 0) this.#loaded.delete(model.name);
    else this.#loaded.set(model.name, Date.now() + Math.min(keepAlive, FOREVER_MS));
  }

  #listing(model: FakeOllamaModel): object {
    return {
      name: model.name,
      model: model.name,
      modified_at: new Date(0).toISOString(),
      size: model.remoteHost ? REMOTE_MODEL_SIZE : LOCAL_MODEL_SIZE,
      digest: digestOf(model.name),
      details: detailsOf(model),
      ...remoteFields(model),
    };
  }

  #running(): object[] {
    const now = Date.now();
    return this.models
      .filter((m) => (this.#loaded.get(m.name) ?? 0) > now)
      .map((m) => ({
        ...this.#listing(m),
        expires_at: new Date(this.#loaded.get(m.name) ?? now).toISOString(),
        size_vram: m.remoteHost ? 0 : LOCAL_MODEL_SIZE,
        context_length: m.contextLength ?? 32768,
      }));
  }
}

/** Starts a fake Ollama on 127.0.0.1. Call `stop()` when done. */
export function startFakeOllama(options: FakeOllamaOptions = {}): Promise<FakeOllama> {
  return new FakeOllama(options).listen(options.port);
}

function withTag(name: string): string {
  return (name.split("/").pop() ?? name).includes(":") ? name : `${name}:latest`;
}

function sameModel(a: string, b: string): boolean {
  return withTag(a).toLowerCase() === withTag(b).toLowerCase();
}

/** The fully qualified name real Ollama uses in capability errors. */
function registryName(name: string): string {
  const parts = withTag(name).split("/");
  if (parts.length === 1) return `registry.ollama.ai/library/${parts[0]}`;
  if (parts.length === 2) return `registry.ollama.ai/${parts.join("/")}`;
  return parts.join("/");
}

function familyOf(model: FakeOllamaModel): string {
  return model.family ?? (model.name.split(/[.:-]/)[0] || "llama");
}

function detailsOf(model: FakeOllamaModel): object {
  const family = familyOf(model);
  return {
    parent_model: "",
    format: model.remoteHost ? "" : "gguf",
    family,
    families: [family],
    parameter_size: model.parameterSize ?? "",
    quantization_level: model.remoteHost ? "" : "Q4_K_M",
  };
}

function remoteFields(model: FakeOllamaModel): object {
  return model.remoteHost ? { remote_model: model.remoteModel ?? model.name, remote_host: model.remoteHost } : {};
}

function digestOf(name: string): string {
  return createHash("sha256").update(withTag(name)).digest("hex");
}

/** `keep_alive` as milliseconds: number = seconds, string = Go duration; negative = forever. */
function keepAliveMs(value: unknown): number {
  if (typeof value === "number") return value < 0 ? FOREVER_MS : value * 1000;
  const match = typeof value === "string" ? /^(-?\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(value.trim()) : null;
  if (!match) return DEFAULT_KEEP_ALIVE_MS;
  const amount = Number(match[1]);
  const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[(match[2] ?? "s") as "ms" | "s" | "m" | "h"];
  return amount < 0 ? FOREVER_MS : amount * unit;
}

/** Ollama's counts and durations (ns): deterministic per token, total at least the real elapsed time. */
function metrics(startedNs: bigint, promptTokens: number, evalCount: number): object {
  const load = 1_000_000;
  const promptEval = promptTokens * 200_000;
  const evalDuration = Math.max(1, evalCount) * 10_000_000;
  const elapsed = Number(process.hrtime.bigint() - startedNs);
  return {
    total_duration: Math.max(elapsed, load + promptEval + evalDuration),
    load_duration: load,
    prompt_eval_count: promptTokens,
    prompt_eval_duration: promptEval,
    eval_count: evalCount,
    eval_duration: evalDuration,
  };
}
