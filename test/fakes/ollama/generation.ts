// One generation on a local runner, timed as Ollama spends the time: waiting for the scheduler
// (queue and load, reported as load_duration: routes.go checkpointLoaded − checkpointStart),
// evaluating the prompt tokens the KV cache does not hold (prompt_eval_duration), then one token
// after another (eval_duration). Shared by /api/generate, /api/chat and the /v1 routes.
import { cutAtStop, planAnswer, replyText } from "../fakeServerCore.ts";
import type { AnswerPlan, DefaultCompletion, Exchange, FakeRule, RecordedRequest } from "../fakeServerCore.ts";
import type { TwinClock } from "./clock.ts";
import { tokenCount } from "./kvCache.ts";
import type { PromptEvaluation } from "./kvCache.ts";
import { runnerOptionsFor } from "./scheduler.ts";
import type { Lease, ScheduledModel, Scheduler } from "./scheduler.ts";
import { generationMs, promptEvalMs } from "./timing.ts";

/** What the twin saw and charged for one generation request: what benchmarks and strict tests read. */
export interface GenerationRecord {
  /**
   * The request this generation served, for as long as `requests` keeps it: a long test that
   * clears the request log must not find every prompt still held here.
   */
  request: WeakRef<RecordedRequest>;
  path: string;
  model: string;
  /** The runner's context (num_ctx after Ollama capped it at the trained context). */
  numCtx: number;
  promptTokens: number;
  cachedTokens: number;
  evaluatedTokens: number;
  truncated: boolean;
  outputTokens: number;
  /** Twin-clock times: arrival, runner slot acquired, first token written, done or abandoned. */
  arrivedAt: number;
  startedAt: number;
  firstTokenAt: number | undefined;
  finishedAt: number | undefined;
  /** This request waited for its model to load. */
  loadMs: number;
  /** The client went away before the answer was complete. */
  aborted: boolean;
}

/** The generation log keeps this many of the latest records, so a soak test's heap stays flat. */
export const MAX_GENERATION_RECORDS = 2_000;

export interface ServerDefaults {
  clock: TwinClock;
  scheduler: Scheduler;
  /** OLLAMA_CONTEXT_LENGTH (0: not set). */
  contextLength: number;
  /** The VRAM-tier default num_ctx (routes.go: 4096 below 23 GiB). */
  defaultNumCtx: number;
  defaultCompletion: DefaultCompletion | undefined;
  records: GenerationRecord[];
}

export interface RunInput {
  path: string;
  model: ScheduledModel;
  /** Modelfile parameters of the model (m.Options). */
  modelParameters: Record<string, unknown> | undefined;
  rule: FakeRule | undefined;
  /** The prompt as rules and the default completion see it (the request's own text). */
  prompt: string;
  /** The prompt as the runner sees it: the model's template applied, or raw. */
  rendered: string;
  options: Record<string, unknown> | undefined;
  keepAliveMs: number | undefined;
}

/** A generation in progress: its answer, the wait before each piece, and the final counts. */
export interface GenerationRun {
  readonly record: GenerationRecord;
  readonly plan: AnswerPlan;
  /** Before piece `index` (index = count: before the end): the time generating it takes. */
  wait(index: number, signal: AbortSignal): Promise<boolean>;
  /** Ollama's metrics for the final record after `sent` pieces (durations in ns, zero ones left out as omitempty does). */
  metrics(sent: number): Record<string, number>;
  /** Records the outcome and lets the runner go. */
  finish(sent: number, aborted: boolean): void;
}

/** Schedules the request on a runner and evaluates its prompt; undefined when the client left first. */
export async function startGeneration(server: ServerDefaults, ex: Exchange, input: RunInput): Promise<GenerationRun | undefined> {
  const { clock, scheduler } = server;
  const arrivedAt = clock.now();
  const { options, numCtxAuto } = runnerOptionsFor(input.options, input.modelParameters, server);
  const lease = await scheduler.lease(input.model, options, numCtxAuto, input.keepAliveMs, input.rendered, ex.signal);
  if (!lease) return undefined;
  const startedAt = clock.now();
  const evaluation = lease.slot.evaluate(input.rendered, lease.runner.options.num_ctx);
  const record: GenerationRecord = {
    request: new WeakRef(ex.request),
    path: input.path,
    model: input.model.name,
    numCtx: lease.runner.options.num_ctx,
    promptTokens: evaluation.promptTokens,
    cachedTokens: evaluation.cachedTokens,
    evaluatedTokens: evaluation.evaluatedTokens,
    truncated: evaluation.truncated,
    outputTokens: 0,
    arrivedAt,
    startedAt,
    firstTokenAt: undefined,
    finishedAt: undefined,
    loadMs: lease.loadMs,
    aborted: false,
  };
  if (server.records.length >= MAX_GENERATION_RECORDS) server.records.splice(0, server.records.length - MAX_GENERATION_RECORDS + 1);
  server.records.push(record);
  const evalMs = promptEvalMs(input.model.profile, evaluation.evaluatedTokens);
  if (!(await clock.sleep(evalMs, ex.signal))) {
    holdPartly(lease, evaluation, startedAt, evalMs, clock);
    record.finishedAt = clock.now();
    record.aborted = true;
    lease.release();
    return undefined;
  }
  lease.slot.hold(evaluation);
  const text = cutAtStop(replyText(input.rule, server.defaultCompletion, input.prompt), input.options?.stop);
  const plan = planAnswer(input.rule, text, input.options?.num_predict);
  let generatedMs = 0;
  let finished = false;
  return {
    record,
    plan,
    async wait(index, signal) {
      if (index >= plan.count) return !signal.aborted;
      const piece = plan.piece(index);
      const ms = generationMs(input.model.profile, tokenCount(piece));
      if (!(await clock.sleep(ms, signal))) return false;
      generatedMs += ms;
      lease.slot.append(piece);
      record.firstTokenAt ??= clock.now();
      return true;
    },
    metrics(sent) {
      const outputTokens = input.rule?.completionTokens ?? Math.max(1, tokenCount(plan.text(sent)));
      return omitZero({
        total_duration: nanoseconds(Math.max(clock.now() - arrivedAt, lease.loadMs + evalMs + generatedMs)),
        // Never zero in Ollama: the scheduler is always asked, even for a loaded model.
        load_duration: nanoseconds(Math.max(startedAt - arrivedAt, lease.loadMs, 0.001)),
        prompt_eval_count: input.rule?.promptTokens ?? evaluation.promptTokens,
        prompt_eval_duration: nanoseconds(evalMs),
        eval_count: outputTokens,
        eval_duration: nanoseconds(generatedMs),
      });
    },
    finish(sent, aborted) {
      if (finished) return;
      finished = true;
      record.outputTokens = tokenCount(plan.text(sent));
      record.finishedAt = clock.now();
      record.aborted = aborted;
      lease.release();
    },
  };
}

/** A prompt evaluation cut short leaves what was evaluated so far in the cache. */
function holdPartly(lease: Lease, evaluation: PromptEvaluation, startedAt: number, evalMs: number, clock: TwinClock): void {
  const share = evalMs > 0 ? Math.min(1, (clock.now() - startedAt) / evalMs) : 1;
  lease.slot.hold(evaluation, evaluation.cachedTokens + Math.floor(share * evaluation.evaluatedTokens));
}

function nanoseconds(ms: number): number {
  return Math.round(ms * 1e6);
}

function omitZero(values: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(values).filter(([, value]) => value !== 0));
}
