// What the Ollama twin knows and remembers: its models, its environment (OLLAMA_* settings), its
// scheduler and clock, and the two logs a strict test reads — reloads and cloud requests — which
// survive reset() so that nothing a test caused is wiped before someone looked at it.
import { FakeServer, planAnswer, cutAtStop, replyText, estimateTokens } from "../fakeServerCore.ts";
import type { DefaultCompletion, Exchange, FakeRule, WireFormat } from "../fakeServerCore.ts";
import { realClock } from "./clock.ts";
import type { TwinClock } from "./clock.ts";
import type { CloudRequestRecord } from "./cloud.ts";
import { startGeneration } from "./generation.ts";
import type { GenerationRecord, RunInput, ServerDefaults } from "./generation.ts";
import { sameModel } from "./names.ts";
import { Scheduler, runnerOptionsFor } from "./scheduler.ts";
import type { RunnerOptions, ScheduledModel, SchedulerEvent } from "./scheduler.ts";
import { DEFAULT_KEEP_ALIVE_MS, LATENCY_PROFILES, parseKeepAlive } from "./timing.ts";
import type { LatencyProfile } from "./timing.ts";

export interface FakeOllamaModel {
  /** As Ollama lists it, e.g. "qwen2.5-coder:1.5b-base" ("name" alone means "name:latest"). */
  name: string;
  /** As /api/show reports them: "completion", "insert" (FIM with `suffix`), "tools", "embedding" … */
  capabilities: string[];
  family?: string;
  parameterSize?: string;
  /** The trained context (`<arch>.context_length` in /api/show); num_ctx is capped at it. Default 32768. */
  contextLength?: number;
  /** Set for a model Ollama proxies to a remote service: Junction must treat it as a cloud model. */
  remoteHost?: string;
  remoteModel?: string;
  /** Modelfile PARAMETER values (e.g. { num_ctx: 4096 }): they count as set, like a request's options. */
  parameters?: Record<string, unknown>;
  /** The FIM layout of the model's template for a request with a suffix (default "qwen"). */
  fimTemplate?: FimTemplateName;
  /** Overrides the twin's latency profile for this model (a bigger model loads and runs slower). */
  profile?: LatencyProfile;
  sizeBytes?: number;
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
  /** The clock every cost is charged on. Default: the wall clock. */
  clock?: TwinClock;
  /** What loads, prompt evaluation and generation cost. Default: LATENCY_PROFILES.instant. */
  profile?: LatencyProfile;
  /** OLLAMA_MAX_LOADED_MODELS. Default 0 (Ollama's automatic 3). */
  maxLoadedModels?: number;
  /** OLLAMA_NUM_PARALLEL. Default 1. */
  numParallel?: number;
  /** OLLAMA_KEEP_ALIVE. Default "5m". */
  keepAlive?: string | number;
  /** OLLAMA_CONTEXT_LENGTH. Default 0: the VRAM-tier default (4096 without a large GPU). */
  contextLength?: number;
}

const QWEN_INSERT_TEMPLATE = "{{- if .Suffix }}<|fim_prefix|>{{ .Prompt }}<|fim_suffix|>{{ .Suffix }}<|fim_middle|>{{- else }}{{ .Prompt }}{{- end }}";

/**
 * How the ollama.com library templates of FIM models lay out a request with a suffix (the
 * templates live in the registry, not in Ollama's repository; server/images.go gives a model the
 * "insert" capability when its template uses .Suffix).
 */
export const FIM_TEMPLATES = {
  qwen: { template: QWEN_INSERT_TEMPLATE, render: (prompt: string, suffix: string) => `<|fim_prefix|>${prompt}<|fim_suffix|>${suffix}<|fim_middle|>` },
  starcoder: {
    template: "{{- if .Suffix }}<fim_prefix>{{ .Prompt }}<fim_suffix>{{ .Suffix }}<fim_middle>{{- else }}{{ .Prompt }}{{- end }}",
    render: (prompt: string, suffix: string) => `<fim_prefix>${prompt}<fim_suffix>${suffix}<fim_middle>`,
  },
  codestral: {
    template: "{{- if .Suffix }}[SUFFIX]{{ .Suffix }}[PREFIX] {{ .Prompt }}{{- else }}{{ .Prompt }}{{- end }}",
    render: (prompt: string, suffix: string) => `[SUFFIX]${suffix}[PREFIX] ${prompt}`,
  },
} as const;
export type FimTemplateName = keyof typeof FIM_TEMPLATES;

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

/** How one protocol writes a generated answer: streamed pieces and the closing record(s), or one body. */
export interface GenerationWire {
  format: WireFormat;
  piece(text: string): string;
  end(metrics: Record<string, number>, doneReason: string): string;
  whole(text: string, metrics: Record<string, number>, doneReason: string): unknown;
}

export const LOCAL_MODEL_SIZE = 986_061_792;
export const REMOTE_MODEL_SIZE = 384;

/** Every twin started in this process, until a strict check has seen it stopped. */
const STARTED = new Set<OllamaTwinState>();

/** Fails (once per finding) when any Ollama twin of this process saw a reload or a cloud request nobody acknowledged. */
export function assertNoTwinSurprises(): void {
  const found: string[] = [];
  for (const twin of STARTED) {
    found.push(...twin.acknowledgeSurprises().map((surprise) => `${twin.url}: ${surprise}`));
    if (twin.stopped) STARTED.delete(twin);
  }
  if (found.length > 0) throw new Error(`The Ollama twin saw what a real Ollama would punish:\n  ${found.join("\n  ")}`);
}

export abstract class OllamaTwinState extends FakeServer {
  /** Installed models; tests may change it (e.g. remove one to test "pull the model"). */
  readonly models: FakeOllamaModel[];
  readonly clock: TwinClock;
  /** The generations the local runners served, the latest 2,000 (reset() clears it). */
  readonly generations: GenerationRecord[] = [];
  /** Every request forwarded to a cloud (kept across reset()). */
  readonly cloudRequests: CloudRequestRecord[] = [];
  /** Every load and unload (kept across reset()). */
  readonly runnerEvents: SchedulerEvent[] = [];
  protected readonly options: FakeOllamaOptions;
  protected readonly pullable: FakeOllamaModel[];
  protected scheduler: Scheduler;
  readonly #initialModels: FakeOllamaModel[];
  #seenEvents = 0;
  #seenCloud = 0;
  stopped = false;

  constructor(options: FakeOllamaOptions = {}) {
    super(options.apiKey);
    this.options = options;
    this.clock = options.clock ?? realClock();
    this.#initialModels = [...(options.models ?? DEFAULT_OLLAMA_MODELS)];
    this.models = [...this.#initialModels];
    this.pullable = options.pullable ?? [...DEFAULT_OLLAMA_MODELS, ...this.#initialModels];
    this.scheduler = this.#newScheduler();
  }

  override async listen(port?: number): Promise<this> {
    await super.listen(port);
    STARTED.add(this);
    return this;
  }

  override async stop(): Promise<void> {
    this.stopped = true;
    await super.stop();
  }

  /** Restores the model list, forgets rules, requests and generations, and unloads every model (a fresh server). */
  override reset(): void {
    super.reset();
    this.models.splice(0, this.models.length, ...this.#initialModels);
    this.generations.length = 0;
    this.scheduler = this.#newScheduler();
  }

  /** Loads of a model that had been loaded before: a changed num_ctx (or other runner option), an eviction, an expiry. */
  get reloads(): SchedulerEvent[] {
    return this.runnerEvents.filter((event) => event.kind === "load" && event.reason !== "first");
  }

  /** Reloads and cloud requests since the last acknowledgement, described for a failure message. */
  surprises(): string[] {
    const reloads = this.runnerEvents.slice(this.#seenEvents).filter((event) => event.kind === "load" && event.reason !== "first");
    return [
      ...reloads.map((event) => `reloaded ${event.model} (${event.reason}, num_ctx ${event.numCtx})`),
      ...this.cloudRequests.slice(this.#seenCloud).map((request) => `sent ${request.path} for ${request.model} to ${request.remoteHost} (${request.via})`),
    ];
  }

  /** For a test that means to cause them: returns the surprises and marks them seen. */
  acknowledgeSurprises(): string[] {
    const found = this.surprises();
    this.#seenEvents = this.runnerEvents.length;
    this.#seenCloud = this.cloudRequests.length;
    return found;
  }

  /** Throws (once) if a reload or a cloud request happened that no test acknowledged. */
  assertNoSurprises(): void {
    const found = this.acknowledgeSurprises();
    if (found.length > 0) throw new Error(`The Ollama twin saw what a real Ollama would punish:\n  ${found.join("\n  ")}`);
  }

  protected find(name: unknown): FakeOllamaModel | undefined {
    return typeof name === "string" ? this.models.find((m) => sameModel(m.name, name)) : undefined;
  }

  protected scheduled(model: FakeOllamaModel): ScheduledModel {
    return {
      name: model.name,
      trainContext: model.contextLength ?? 32768,
      sizeBytes: model.sizeBytes ?? (model.remoteHost ? REMOTE_MODEL_SIZE : LOCAL_MODEL_SIZE),
      profile: model.profile ?? this.options.profile ?? LATENCY_PROFILES.instant,
    };
  }

  protected serverDefaults(): ServerDefaults {
    return {
      clock: this.clock,
      scheduler: this.scheduler,
      contextLength: this.options.contextLength ?? 0,
      // routes.go: the VRAM tier; the twin has no GPU, which is the 4096 tier.
      defaultNumCtx: 4096,
      defaultCompletion: this.options.defaultCompletion,
      records: this.generations,
    };
  }

  /** Runs a generation on a local runner and writes it in `wire`'s protocol (streamed unless `stream` is false). */
  protected async serveGeneration(ex: Exchange, input: RunInput, stream: boolean, wire: GenerationWire): Promise<void> {
    const run = await startGeneration(this.serverDefaults(), ex, input);
    if (!run) return;
    const { plan } = run;
    const reason = input.rule?.doneReason ?? (plan.endless ? "length" : "stop");
    let sent = 0;
    try {
      if (!stream) {
        // The whole answer is generated before the one body goes out.
        for (let i = 0; i <= plan.count; i++) if (!(await run.wait(i, ex.signal))) return;
        sent = plan.count;
        return await this.sendOnce(ex, input.rule, () => wire.whole(plan.text(plan.count), run.metrics(plan.count), reason));
      }
      await this.stream(ex, input.rule, wire.format, {
        count: plan.count,
        wait: (index, signal) => run.wait(index, signal),
        record: (index) => {
          sent = index + 1;
          return wire.piece(plan.piece(index));
        },
        end: (count) => wire.end(run.metrics(count), reason),
      });
    } finally {
      run.finish(sent, !ex.res.writableEnded);
    }
  }

  /** An answer produced elsewhere (the cloud): no runner here, so nothing is scheduled or timed. */
  protected async serveForwarded(
    ex: Exchange,
    rule: FakeRule | undefined,
    prompt: string,
    options: Record<string, unknown> | undefined,
    stream: boolean,
    wire: GenerationWire,
  ): Promise<void> {
    const plan = planAnswer(rule, cutAtStop(replyText(rule, this.options.defaultCompletion, prompt), options?.stop), options?.num_predict);
    const reason = rule?.doneReason ?? (plan.endless ? "length" : "stop");
    const metrics = (sent: number): Record<string, number> => ({
      prompt_eval_count: rule?.promptTokens ?? Math.max(1, estimateTokens(prompt)),
      eval_count: rule?.completionTokens ?? Math.max(1, estimateTokens(plan.text(sent))),
    });
    if (!stream) return this.sendOnce(ex, rule, () => wire.whole(plan.text(plan.count), metrics(plan.count), reason));
    return this.stream(ex, rule, wire.format, {
      count: plan.count,
      record: (i) => wire.piece(plan.piece(i)),
      end: (count) => wire.end(metrics(count), reason),
    });
  }

  protected runnerOptionsFor(
    options: Record<string, unknown> | undefined,
    parameters: Record<string, unknown> | undefined,
  ): { options: RunnerOptions; numCtxAuto: boolean } {
    return runnerOptionsFor(options, parameters, this.serverDefaults());
  }

  protected recordCloud(record: Omit<CloudRequestRecord, "at">): void {
    this.cloudRequests.push({ ...record, at: this.clock.now() });
  }

  /** The request's keep_alive, or undefined after answering 400 for one Ollama cannot parse. */
  protected keepAliveOf(value: unknown, reply: (message: string) => void): { ms: number | undefined } | undefined {
    const parsed = parseKeepAlive(value);
    if ("error" in parsed) return void reply(parsed.error);
    return parsed;
  }

  #newScheduler(): Scheduler {
    const keepAlive = parseKeepAlive(this.options.keepAlive);
    return new Scheduler({
      clock: this.clock,
      maxLoadedModels: this.options.maxLoadedModels ?? 0,
      numParallel: this.options.numParallel ?? 1,
      defaultKeepAliveMs: "ms" in keepAlive && keepAlive.ms !== undefined ? keepAlive.ms : DEFAULT_KEEP_ALIVE_MS,
      events: this.runnerEvents,
    });
  }
}
