// Ollama's scheduler as the twin plays it (server/sched.go): loaded runners with the options they
// were started with, a reload when a request's runner options differ (needsReload), eviction when
// OLLAMA_MAX_LOADED_MODELS runners are loaded (findRunnerToUnload), keep_alive expiry of idle
// runners, and OLLAMA_NUM_PARALLEL request slots per runner (llm/llama_server.go: a semaphore of
// numParallel), with the queue that implies. Every load is recorded with why it happened, so a test
// can tell the first load of a model from a reload it should never have caused.
import type { TwinClock } from "./clock.ts";
import { fullName } from "./names.ts";
import { KvSlot } from "./kvCache.ts";
import type { LatencyProfile } from "./timing.ts";

/** api.Runner: the options fixed when a runner starts. Any difference means a new runner. */
export interface RunnerOptions {
  num_ctx: number;
  num_batch: number;
  num_gpu: number;
  num_thread: number;
  main_gpu?: number;
  use_mmap?: boolean;
}

const RUNNER_KEYS = ["num_ctx", "num_batch", "num_gpu", "num_thread", "main_gpu", "use_mmap"] as const;

/** What the scheduler needs to know about a model. */
export interface ScheduledModel {
  name: string;
  /** The trained context (`<arch>.context_length`): num_ctx is capped at it (effectiveContext). */
  trainContext: number;
  sizeBytes: number;
  profile: LatencyProfile;
}

/** Why a runner was (re)loaded: only "first" is free; the others are reloads a test should notice. */
export type LoadReason = "first" | "options-changed" | "evicted" | "expired" | "unloaded";
export type UnloadReason = Exclude<LoadReason, "first">;

export type SchedulerEvent =
  | { kind: "load"; model: string; at: number; reason: LoadReason; numCtx: number; loadMs: number }
  | { kind: "unload"; model: string; at: number; reason: UnloadReason; numCtx: number };

export interface SchedulerConfig {
  clock: TwinClock;
  /** OLLAMA_MAX_LOADED_MODELS; 0 means Ollama's automatic value, 3 per GPU (at least 3). */
  maxLoadedModels: number;
  /** OLLAMA_NUM_PARALLEL (default 1). */
  numParallel: number;
  /** OLLAMA_KEEP_ALIVE (default 5 minutes). */
  defaultKeepAliveMs: number;
  /** Where loads and unloads are logged; kept by the caller across scheduler restarts. */
  events: SchedulerEvent[];
}

export class Runner {
  readonly model: ScheduledModel;
  readonly options: RunnerOptions;
  readonly numCtxAuto: boolean;
  readonly slots: KvSlot[];
  sessionMs: number;
  expiresAt = 0;
  refCount = 0;
  /** Set when the scheduler wants this runner gone: it goes when its last request is done. */
  pendingUnload: UnloadReason | undefined;
  #waiters: Array<() => void> = [];
  #idle: Array<() => void> = [];

  constructor(model: ScheduledModel, options: RunnerOptions, numCtxAuto: boolean, sessionMs: number, numParallel: number) {
    this.model = model;
    this.options = options;
    this.numCtxAuto = numCtxAuto;
    this.sessionMs = sessionMs;
    this.slots = Array.from({ length: Math.max(1, numParallel) }, () => new KvSlot());
  }

  /** Waits for a free slot, preferring the one whose cache shares most with `prompt`; undefined when aborted first. */
  async takeSlot(prompt: string, signal: AbortSignal): Promise<KvSlot | undefined> {
    for (let attempt = 0; attempt < 100_000; attempt++) {
      const free = this.slots.filter((slot) => !slot.busy).sort((a, b) => b.affinity(prompt) - a.affinity(prompt))[0];
      if (free) {
        free.busy = true;
        return free;
      }
      const woken = await new Promise<boolean>((resolve) => {
        const wake = (): void => {
          signal.removeEventListener("abort", onAbort);
          resolve(true);
        };
        const onAbort = (): void => {
          this.#waiters = this.#waiters.filter((waiter) => waiter !== wake);
          resolve(false);
        };
        if (signal.aborted) return resolve(false);
        signal.addEventListener("abort", onAbort, { once: true });
        this.#waiters.push(wake);
      });
      if (!woken) return undefined;
    }
    return undefined;
  }

  freeSlot(slot: KvSlot): void {
    slot.busy = false;
    this.#waiters.shift()?.();
  }

  /** Resolves once no request holds the runner. */
  whenIdle(): Promise<void> {
    return this.refCount <= 0 ? Promise.resolve() : new Promise((resolve) => this.#idle.push(resolve));
  }

  notifyIdle(): void {
    for (const resolve of this.#idle.splice(0)) resolve();
  }
}

/** A request's hold on a runner and one of its slots. */
export interface Lease {
  runner: Runner;
  slot: KvSlot;
  /** Time spent loading for this request (0 when the runner was loaded already). */
  loadMs: number;
  release(): void;
}

export class Scheduler {
  readonly #config: SchedulerConfig;
  readonly #runners = new Map<string, Runner>();
  /** Why each model's last runner went away: the reason its next load is a reload. */
  readonly #lastUnload = new Map<string, UnloadReason>();
  /** processPending handles one pending request at a time: loads never overlap. */
  #pending: Promise<unknown> = Promise.resolve();

  constructor(config: SchedulerConfig) {
    this.#config = config;
  }

  get #maxLoaded(): number {
    // defaultModelsPerGPU × max(number of GPUs, 1); the twin has no GPUs to count.
    return this.#config.maxLoadedModels > 0 ? this.#config.maxLoadedModels : 3;
  }

  /** The runners still loaded (idle ones past their keep_alive are unloaded first). */
  loaded(): Runner[] {
    this.#expireIdle();
    return [...this.#runners.values()];
  }

  /**
   * getRunner + processPending: the loaded runner when its options match, else a (re)load —
   * evicting another runner first when the limit is reached — then a free slot. Undefined when
   * the request is cancelled before it gets one.
   */
  async lease(
    model: ScheduledModel,
    requested: RunnerOptions,
    numCtxAuto: boolean,
    keepAliveMs: number | undefined,
    prompt: string,
    signal: AbortSignal,
  ): Promise<Lease | undefined> {
    const wanted = { ...requested, num_ctx: Math.max(4, effectiveContext(requested.num_ctx, model.trainContext)) };
    this.#expireIdle();
    const loaded = this.#runners.get(key(model.name));
    let runner: Runner | undefined;
    let loadMs = 0;
    if (loaded && !needsReload(loaded, wanted, numCtxAuto)) {
      runner = loaded;
      this.#use(runner, keepAliveMs);
    } else {
      const admitted = this.#pending.then(() => this.#schedule(model, wanted, numCtxAuto, keepAliveMs, signal));
      this.#pending = admitted.catch(() => undefined);
      const result = await admitted;
      if (!result) return undefined;
      ({ runner, loadMs } = result);
    }
    const slot = await runner.takeSlot(prompt, signal);
    if (!slot) {
      this.#done(runner);
      return undefined;
    }
    let released = false;
    return {
      runner,
      slot,
      loadMs,
      release: () => {
        if (released) return;
        released = true;
        runner.freeSlot(slot);
        this.#done(runner);
      },
    };
  }

  /** expireRunner: an empty prompt with keep_alive 0 unloads the model as soon as it is idle. */
  expire(modelName: string): void {
    const runner = this.#runners.get(key(modelName));
    if (!runner) return;
    runner.sessionMs = 0;
    runner.pendingUnload ??= "unloaded";
    if (runner.refCount <= 0) this.#unload(runner, runner.pendingUnload);
  }

  async #schedule(
    model: ScheduledModel,
    wanted: RunnerOptions,
    numCtxAuto: boolean,
    keepAliveMs: number | undefined,
    signal: AbortSignal,
  ): Promise<{ runner: Runner; loadMs: number } | undefined> {
    for (let attempt = 0; attempt < 1000; attempt++) {
      // A pending request cancelled while it waited is skipped, not loaded for.
      if (signal.aborted) return undefined;
      this.#expireIdle();
      const loaded = this.#runners.get(key(model.name));
      if (loaded && !needsReload(loaded, wanted, numCtxAuto)) {
        this.#use(loaded, keepAliveMs);
        return { runner: loaded, loadMs: 0 };
      }
      const victim = loaded ?? (this.#runners.size >= this.#maxLoaded ? this.#findRunnerToUnload() : undefined);
      if (victim) {
        // The runner finishes what it is doing, then goes (its session is cut to zero).
        victim.sessionMs = 0;
        victim.pendingUnload ??= victim === loaded ? "options-changed" : "evicted";
        if (victim.refCount <= 0) this.#unload(victim, victim.pendingUnload);
        else await victim.whenIdle();
        continue;
      }
      const loadMs = model.profile.loadMs;
      // A load, once started, runs to its end even if the request that asked for it goes away.
      await this.#config.clock.sleep(loadMs, new AbortController().signal);
      const runner = new Runner(model, wanted, numCtxAuto, keepAliveMs ?? this.#config.defaultKeepAliveMs, this.#config.numParallel);
      runner.refCount = 1;
      this.#runners.set(key(model.name), runner);
      this.#config.events.push({
        kind: "load",
        model: model.name,
        at: this.#config.clock.now(),
        reason: this.#lastUnload.get(key(model.name)) ?? "first",
        numCtx: wanted.num_ctx,
        loadMs,
      });
      return { runner, loadMs };
    }
    return undefined;
  }

  /** useLoadedRunner: one more request holds it; a keep_alive it sent becomes its session. */
  #use(runner: Runner, keepAliveMs: number | undefined): void {
    runner.refCount++;
    if (keepAliveMs !== undefined) runner.sessionMs = keepAliveMs;
  }

  /** processCompleted: the last request done starts the keep_alive countdown, or unloads at once for 0. */
  #done(runner: Runner): void {
    runner.refCount--;
    if (runner.refCount > 0) return;
    runner.expiresAt = this.#config.clock.now() + runner.sessionMs;
    if (runner.sessionMs <= 0 && this.#runners.get(key(runner.model.name)) === runner) this.#unload(runner, runner.pendingUnload ?? "unloaded");
    runner.notifyIdle();
  }

  /** ByDurationAndName, idle runners first. */
  #findRunnerToUnload(): Runner | undefined {
    const sorted = [...this.#runners.values()].sort((a, b) => a.sessionMs - b.sessionMs || a.model.name.localeCompare(b.model.name));
    return sorted.find((runner) => runner.refCount <= 0) ?? sorted[0];
  }

  #expireIdle(): void {
    const now = this.#config.clock.now();
    for (const runner of [...this.#runners.values()]) if (runner.refCount <= 0 && runner.expiresAt <= now) this.#unload(runner, "expired");
  }

  #unload(runner: Runner, reason: UnloadReason): void {
    this.#runners.delete(key(runner.model.name));
    this.#lastUnload.set(key(runner.model.name), reason);
    this.#config.events.push({ kind: "unload", model: runner.model.name, at: this.#config.clock.now(), reason, numCtx: runner.options.num_ctx });
  }
}

/** sched.go effectiveContext: a num_ctx above the trained context is the trained context. */
export function effectiveContext(numCtx: number, trainContext: number): number {
  return trainContext > 0 && numCtx > trainContext ? trainContext : numCtx;
}

/** sched.go needsReload, for the options the twin models (adapters, projectors and the ping never differ). */
function needsReload(runner: Runner, wanted: RunnerOptions, numCtxAuto: boolean): boolean {
  const next: RunnerOptions = { ...wanted };
  const existing: RunnerOptions = { ...runner.options };
  if (runner.numCtxAuto && numCtxAuto) next.num_ctx = existing.num_ctx;
  if (next.num_gpu < 0) {
    existing.num_gpu = -1;
    next.num_gpu = -1;
  }
  return RUNNER_KEYS.some((name) => existing[name] !== next[name]);
}

function key(name: string): string {
  return fullName(name).toLowerCase();
}

/**
 * routes.go modelOptions + usesAutomaticNumCtx: the defaults (num_ctx from OLLAMA_CONTEXT_LENGTH,
 * else the VRAM-tier default), then the model's Modelfile parameters, then the request's options.
 * num_ctx is "automatic" only when none of them set it.
 */
export function runnerOptionsFor(
  requestOptions: Record<string, unknown> | undefined,
  modelParameters: Record<string, unknown> | undefined,
  defaults: { contextLength: number; defaultNumCtx: number },
): { options: RunnerOptions; numCtxAuto: boolean } {
  const merged: Record<string, unknown> = { ...modelParameters, ...requestOptions };
  const number = (name: string, fallback: number): number => (typeof merged[name] === "number" ? (merged[name] as number) : fallback);
  const options: RunnerOptions = {
    num_ctx: number("num_ctx", defaults.contextLength > 0 ? defaults.contextLength : defaults.defaultNumCtx),
    num_batch: number("num_batch", 512),
    num_gpu: number("num_gpu", -1),
    num_thread: number("num_thread", 0),
    ...(typeof merged.main_gpu === "number" ? { main_gpu: merged.main_gpu } : {}),
    ...(typeof merged.use_mmap === "boolean" ? { use_mmap: merged.use_mmap } : {}),
  };
  const numCtxAuto = !("num_ctx" in (requestOptions ?? {})) && !("num_ctx" in (modelParameters ?? {})) && defaults.contextLength === 0;
  return { options, numCtxAuto };
}
