import * as z from "zod/mini";
import type { Clock, Logger } from "../ports.ts";
import type { ModelPrice, PriceQuote, PriceSource } from "../pricing.ts";
import { FALLBACK_PRICE, costUsd, priceFor, quoteCost } from "../pricing.ts";
import type { RequestKind, RouteContext, Target } from "../routing/router.ts";

/**
 * DESIGN §4: what every request cost, what the same tokens would have cost on the configured
 * cloud model (the "all-cloud baseline"), and the totals for this window, today and this month.
 *
 * Rules, in order:
 * - A request that produced nothing billable (outcome "failed" or "refused", or target "none")
 *   is recorded with its tokens but costs $0 and has a $0 baseline: it neither spends budget
 *   nor counts as savings.
 * - A cost the provider reports (OpenRouter `usage.cost`) is what was charged, so it wins.
 * - Local: $0, or latency × `junction.pricing.localUsdPerHour` when the user sets a rate.
 * - Cloud: tokens × the model's price (`junction.pricing.models`, else the endpoint's own listing,
 *   else the bundled catalog, see pricing.ts); a model in none of them has an unknown price: `usd`
 *   is null, never a silent $0, and `assumedUsd` is what the budgets count for it instead: the
 *   tokens at FALLBACK_PRICE.
 * - Cancelled and empty requests are billed: the provider charges for tokens already used.
 *
 * Only day and month aggregates are persisted (bounded, in the host's globalState), never the
 * entries themselves: they hold file names and decision reasons that belong to one window.
 */

export type RequestOutcome = "ok" | "empty" | "cancelled" | "failed" | "refused";
export type ProviderId = "ollama" | "openai-compatible" | (string & {});
export type CostSource = "provider" | PriceSource | "local" | "local-hourly" | "unknown-price" | "not-billed";

/** The host's persistent key-value store: VS Code's `globalState` satisfies it as is. */
export interface KeyValueStore {
  get<T>(key: string): T | undefined;
  update(key: string, value: unknown): PromiseLike<void>;
}

export interface LedgerPricing {
  /** `junction.cloud.model`: the model of the all-cloud baseline. */
  cloudModel: string;
  /** `junction.pricing.models`. */
  overrides: Readonly<Record<string, ModelPrice>>;
  /** `junction.pricing.localUsdPerHour`; 0 means local inference is free. */
  localUsdPerHour: number;
  /** The price of a cloud model as the host knows it (overrides, the endpoint's listing, the catalog); default: overrides and catalog. */
  priceOf?: (model: string) => PriceQuote | undefined;
}

export interface CostLedgerOptions {
  store: KeyValueStore;
  clock: Clock;
  /** Read on every record, so settings changes apply to the next request without a rebuild. */
  pricing: () => LedgerPricing;
  /** How many entries this window keeps (newest first). Totals do not depend on it. */
  maxSessionEntries?: number;
  logger?: Logger;
}

export interface LedgerUsage {
  inputTokens: number;
  outputTokens: number;
  cachedInputTokens?: number;
  /** Part of the output the model spent reasoning (billed as output). */
  reasoningTokens?: number;
  /** True when the stream ended before the provider reported its counts. */
  estimated: boolean;
  /** What the provider says it charged, in US dollars. */
  costUsd?: number;
}

export interface LedgerInput {
  /** Epoch ms; defaults to the clock. */
  time?: number;
  kind: RequestKind;
  target: Target;
  provider: ProviderId;
  model?: string;
  /** How many files the request carried. */
  files: number;
  /** A label for the file the request was made in (shown in the panel, exported). */
  file?: string;
  usage: LedgerUsage;
  latencyMs: number;
  outcome: RequestOutcome;
  reasons: readonly string[];
}

/** A superset of the panel's RequestRow (src/shared/protocol.ts). */
export interface LedgerEntry {
  readonly id: string;
  readonly time: number;
  readonly kind: RequestKind;
  readonly target: Target;
  readonly provider: ProviderId;
  readonly model: string;
  readonly file: string;
  readonly files: number;
  readonly inputTokens: number;
  readonly outputTokens: number;
  readonly cachedInputTokens: number;
  readonly reasoningTokens: number;
  readonly tokensEstimated: boolean;
  readonly latencyMs: number;
  /** US dollars; null when the price is unknown (show UNKNOWN_PRICE_TEXT, never $0). */
  readonly usd: number | null;
  readonly priceKnown: boolean;
  readonly costSource: CostSource;
  /** For a cloud request of unknown price: its tokens at FALLBACK_PRICE, which the budgets count; else 0. */
  readonly assumedUsd: number;
  /** The same tokens on the configured cloud model; null when that price is unknown. */
  readonly baselineUsd: number | null;
  readonly outcome: RequestOutcome;
  readonly reasons: readonly string[];
}

export interface LedgerTotals {
  requests: number;
  local: number;
  cloud: number;
  /** Outcome "failed" or "refused". */
  failed: number;
  estimatedRequests: number;
  inputTokens: number;
  outputTokens: number;
  /** Known costs only; see unknownPriceRequests. */
  usd: number;
  /** The cloud part of `usd`: what the budgets limit. */
  cloudUsd: number;
  /** Cloud requests of unknown price counted at FALLBACK_PRICE: the budgets limit it too. */
  assumedUsd: number;
  /** Known baselines only; see unknownBaselineRequests. */
  baselineUsd: number;
  /** Baseline minus cost over the requests where both are known; negative when local costs more. */
  savedUsd: number;
  /** savedUsd as a percentage of those requests' baseline; null when that baseline is $0. */
  savedPercent: number | null;
  unknownPriceRequests: number;
  unknownBaselineRequests: number;
}

export interface PeriodTotals {
  session: LedgerTotals;
  today: LedgerTotals;
  month: LedgerTotals;
}

export interface BudgetLine {
  limitUsd: number;
  /** Known cloud spend. */
  spentUsd: number;
  /** Cloud spend of unknown price, counted at FALLBACK_PRICE; remaining, share and the flags include it. */
  assumedUsd: number;
  remainingUsd: number;
  /** spent / limit (0–1 and beyond); with a $0 limit, 1 once anything is spent. */
  share: number;
  /** The spend has reached 80 % of the limit. */
  warn80: boolean;
  exhausted: boolean;
  /** Cloud requests whose cost is unknown, so spentUsd may be too low. */
  unknownPriceRequests: number;
}

export interface BudgetState {
  session: BudgetLine;
  month: BudgetLine;
}

export type LedgerChange = { type: "recorded"; entry: LedgerEntry } | { type: "cleared" };

export { UNKNOWN_PRICE_TEXT } from "./unknownPrice.ts";
export const LEDGER_STORE_KEY = "junction.costLedger.v1";
export const KEPT_DAYS = 62;
export const KEPT_MONTHS = 24;
export const DEFAULT_MAX_SESSION_ENTRIES = 500;
const WARN_SHARE = 0.8;
const MS_PER_HOUR = 3_600_000;
/** Sums of floating-point dollars: 0.8 of a budget must not read as 0.7999999. */
const USD_EPSILON = 1e-9;
const DAY_KEY = /^\d{4}-\d{2}-\d{2}$/;
const MONTH_KEY = /^\d{4}-\d{2}$/;

// ── aggregates: sums only, so a month costs the same storage as a minute ──

const count = z.number().check(z.int(), z.nonnegative());
const dollars = z.number().check(z.nonnegative());
const aggregateSchema = z.object({
  requests: count,
  local: count,
  cloud: count,
  failed: count,
  estimated: count,
  inputTokens: count,
  outputTokens: count,
  usd: dollars,
  cloudUsd: dollars,
  // Stores written before unknown prices were budgeted lack it.
  assumedUsd: z._default(dollars, 0),
  baselineUsd: dollars,
  /** usd and baselineUsd over the requests where both are known: the base of the savings. */
  comparableUsd: dollars,
  comparableBaselineUsd: dollars,
  unknownPrice: count,
  unknownBaseline: count,
});
type Aggregate = z.infer<typeof aggregateSchema>;

const storedSchema = z.object({
  version: z.literal(1),
  days: z.record(z.string().check(z.regex(DAY_KEY)), aggregateSchema),
  months: z.record(z.string().check(z.regex(MONTH_KEY)), aggregateSchema),
});
type Stored = z.infer<typeof storedSchema>;

function emptyAggregate(): Aggregate {
  return {
    requests: 0, local: 0, cloud: 0, failed: 0, estimated: 0, inputTokens: 0, outputTokens: 0,
    usd: 0, cloudUsd: 0, assumedUsd: 0, baselineUsd: 0, comparableUsd: 0, comparableBaselineUsd: 0, unknownPrice: 0, unknownBaseline: 0,
  };
}

function addAggregate(into: Aggregate, add: Aggregate): void {
  for (const key of Object.keys(into) as Array<keyof Aggregate>) into[key] += add[key];
}

function aggregateOf(entry: LedgerEntry): Aggregate {
  const both = entry.usd !== null && entry.baselineUsd !== null;
  return {
    requests: 1,
    local: entry.target === "local" ? 1 : 0,
    cloud: entry.target === "cloud" ? 1 : 0,
    failed: isBilled(entry.target, entry.outcome) ? 0 : 1,
    estimated: entry.tokensEstimated ? 1 : 0,
    inputTokens: entry.inputTokens,
    outputTokens: entry.outputTokens,
    usd: entry.usd ?? 0,
    cloudUsd: entry.target === "cloud" ? (entry.usd ?? 0) : 0,
    assumedUsd: entry.target === "cloud" ? entry.assumedUsd : 0,
    baselineUsd: entry.baselineUsd ?? 0,
    comparableUsd: both ? (entry.usd ?? 0) : 0,
    comparableBaselineUsd: both ? (entry.baselineUsd ?? 0) : 0,
    unknownPrice: entry.usd === null ? 1 : 0,
    unknownBaseline: entry.baselineUsd === null ? 1 : 0,
  };
}

function totalsOf(aggregate: Aggregate): LedgerTotals {
  const savedUsd = aggregate.comparableBaselineUsd - aggregate.comparableUsd;
  return {
    requests: aggregate.requests,
    local: aggregate.local,
    cloud: aggregate.cloud,
    failed: aggregate.failed,
    estimatedRequests: aggregate.estimated,
    inputTokens: aggregate.inputTokens,
    outputTokens: aggregate.outputTokens,
    usd: aggregate.usd,
    cloudUsd: aggregate.cloudUsd,
    assumedUsd: aggregate.assumedUsd,
    baselineUsd: aggregate.baselineUsd,
    savedUsd,
    savedPercent: aggregate.comparableBaselineUsd > 0 ? (savedUsd / aggregate.comparableBaselineUsd) * 100 : null,
    unknownPriceRequests: aggregate.unknownPrice,
    unknownBaselineRequests: aggregate.unknownBaseline,
  };
}

/** Calendar day and month in the user's time zone: "today" is the user's today. */
function dayKey(time: number): string {
  const date = new Date(time);
  return `${monthKey(time)}-${String(date.getDate()).padStart(2, "0")}`;
}

function monthKey(time: number): string {
  const date = new Date(time);
  return `${String(date.getFullYear()).padStart(4, "0")}-${String(date.getMonth() + 1).padStart(2, "0")}`;
}

function emptyStored(): Stored {
  return { version: 1, days: {}, months: {} };
}

/** Keeps the newest `keep` buckets; keys sort chronologically. */
function prune(buckets: Record<string, Aggregate>, keep: number): Record<string, Aggregate> {
  return Object.fromEntries(Object.entries(buckets).sort(([a], [b]) => (a < b ? 1 : a > b ? -1 : 0)).slice(0, keep));
}

function mergeStored(base: Stored, delta: Stored): Stored {
  const merged: Stored = structuredClone(base);
  for (const [period, buckets] of [["days", delta.days], ["months", delta.months]] as const) {
    for (const [key, aggregate] of Object.entries(buckets)) addAggregate((merged[period][key] ??= emptyAggregate()), aggregate);
  }
  return { version: 1, days: prune(merged.days, KEPT_DAYS), months: prune(merged.months, KEPT_MONTHS) };
}

// ── pricing of one request ──

function isBilled(target: Target, outcome: RequestOutcome): boolean {
  return target !== "none" && outcome !== "failed" && outcome !== "refused";
}

function tokenCount(value: number | undefined): number {
  return value !== undefined && Number.isFinite(value) && value > 0 ? Math.round(value) : 0;
}

function sameModel(a: string, b: string): boolean {
  return a.trim().toLowerCase() === b.trim().toLowerCase();
}

interface Costed {
  usd: number | null;
  costSource: CostSource;
  baselineUsd: number | null;
  assumedUsd: number;
}

function priceRequest(
  input: LedgerInput,
  model: string,
  tokens: { input: number; output: number; cachedInput: number },
  latencyMs: number,
  pricing: LedgerPricing,
): Costed {
  if (!isBilled(input.target, input.outcome)) return { usd: 0, costSource: "not-billed", baselineUsd: 0, assumedUsd: 0 };

  const priceOf = pricing.priceOf ?? ((model: string) => priceFor(model, { overrides: pricing.overrides }));
  const cloudPrice = pricing.cloudModel.trim() === "" ? undefined : priceOf(pricing.cloudModel);
  const onCloudModel = cloudPrice ? quoteCost(cloudPrice, tokens) : null;

  const reported = input.usage.costUsd;
  let usd: number | null;
  let costSource: CostSource;
  if (reported !== undefined && Number.isFinite(reported) && reported >= 0) {
    usd = reported;
    costSource = "provider";
  } else if (input.target === "local") {
    const rate = Number.isFinite(pricing.localUsdPerHour) && pricing.localUsdPerHour > 0 ? pricing.localUsdPerHour : 0;
    usd = (latencyMs / MS_PER_HOUR) * rate;
    costSource = rate > 0 ? "local-hourly" : "local";
  } else {
    const price = priceOf(model);
    usd = price ? quoteCost(price, tokens) : null;
    costSource = price ? price.source : "unknown-price";
  }
  usd = dollarsOrNull(usd);
  if (usd === null) costSource = "unknown-price";
  // A cloud request on the configured model is the all-cloud case itself: its baseline is what it cost.
  const baselineUsd = input.target === "cloud" && sameModel(model, pricing.cloudModel) && usd !== null ? usd : dollarsOrNull(onCloudModel);
  const assumedUsd = input.target === "cloud" && usd === null ? costUsd(FALLBACK_PRICE, tokens) : 0;
  return { usd, costSource, baselineUsd, assumedUsd };
}

/** A NaN or negative amount (a bad price setting) is an unknown price, and must never reach the store. */
function dollarsOrNull(value: number | null): number | null {
  return value !== null && Number.isFinite(value) && value >= 0 ? value : null;
}

// ── the ledger ──

export class CostLedger {
  readonly #store: KeyValueStore;
  readonly #clock: Clock;
  readonly #pricing: () => LedgerPricing;
  readonly #maxEntries: number;
  readonly #logger: Logger | undefined;
  readonly #listeners = new Set<(change: LedgerChange) => void>();
  #entries: LedgerEntry[] = [];
  #session = emptyAggregate();
  /** The store as last read or written by this window. */
  #persisted: Stored;
  /** Recorded here, not yet written. */
  #pending: Stored = emptyStored();
  #writes: Promise<void> = Promise.resolve();
  #writeQueued = false;
  #sequence = 0;

  constructor(options: CostLedgerOptions) {
    this.#store = options.store;
    this.#clock = options.clock;
    this.#pricing = options.pricing;
    this.#maxEntries = Math.max(1, Math.floor(options.maxSessionEntries ?? DEFAULT_MAX_SESSION_ENTRIES));
    this.#logger = options.logger;
    this.#persisted = this.#readStore();
  }

  record(input: LedgerInput): LedgerEntry {
    const time = input.time !== undefined && Number.isFinite(input.time) ? input.time : this.#clock.now();
    const model = input.model ?? "";
    const tokens = {
      input: tokenCount(input.usage.inputTokens),
      output: tokenCount(input.usage.outputTokens),
      cachedInput: tokenCount(input.usage.cachedInputTokens),
    };
    const latencyMs = Number.isFinite(input.latencyMs) && input.latencyMs > 0 ? input.latencyMs : 0;
    const costed = priceRequest(input, model, tokens, latencyMs, this.#pricing());
    const entry: LedgerEntry = Object.freeze({
      id: `${time.toString(36)}-${(this.#sequence++).toString(36)}`,
      time,
      kind: input.kind,
      target: input.target,
      provider: input.provider,
      model,
      file: input.file ?? "",
      files: tokenCount(input.files),
      inputTokens: tokens.input,
      outputTokens: tokens.output,
      cachedInputTokens: tokens.cachedInput,
      reasoningTokens: tokenCount(input.usage.reasoningTokens),
      tokensEstimated: input.usage.estimated,
      latencyMs,
      usd: costed.usd,
      priceKnown: costed.usd !== null,
      costSource: costed.costSource,
      assumedUsd: costed.assumedUsd,
      baselineUsd: costed.baselineUsd,
      outcome: input.outcome,
      reasons: Object.freeze([...input.reasons]),
    });

    this.#entries.unshift(entry);
    if (this.#entries.length > this.#maxEntries) this.#entries.length = this.#maxEntries;
    const aggregate = aggregateOf(entry);
    addAggregate(this.#session, aggregate);
    const day = dayKey(time);
    const month = monthKey(time);
    // A time the store's keys cannot express (year 10000) stays in the session only.
    if (DAY_KEY.test(day) && MONTH_KEY.test(month)) {
      this.#pending = mergeStored(this.#pending, { version: 1, days: { [day]: aggregate }, months: { [month]: aggregate } });
      this.#scheduleWrite();
    }
    this.#emit({ type: "recorded", entry });
    return entry;
  }

  /** This window's entries, newest first, at most maxSessionEntries. */
  entries(): readonly LedgerEntry[] {
    return [...this.#entries];
  }

  totals(): PeriodTotals {
    const now = this.#clock.now();
    const current = mergeStored(this.#persisted, this.#pending);
    return {
      session: totalsOf(this.#session),
      today: totalsOf(current.days[dayKey(now)] ?? emptyAggregate()),
      month: totalsOf(current.months[monthKey(now)] ?? emptyAggregate()),
    };
  }

  budget(sessionUsd: number, monthlyUsd: number): BudgetState {
    const { session, month } = this.totals();
    return { session: budgetLine(sessionUsd, session), month: budgetLine(monthlyUsd, month) };
  }

  /** The router's view of the budgets (RouteContext.budget). */
  routeBudget(sessionUsd: number, monthlyUsd: number): RouteContext["budget"] {
    const { session, month } = this.totals();
    // Unknown prices count at the fallback rate: a budget is never overrun because a price was missing.
    return { sessionUsd, sessionSpentUsd: session.cloudUsd + session.assumedUsd, monthlyUsd, monthSpentUsd: month.cloudUsd + month.assumedUsd };
  }

  /** Forgets this window's entries and session totals; today and this month keep what was spent. */
  clearSession(): void {
    this.#entries = [];
    this.#session = emptyAggregate();
    this.#emit({ type: "cleared" });
  }

  onDidChange(listener: (change: LedgerChange) => void): { dispose(): void } {
    this.#listeners.add(listener);
    return { dispose: () => void this.#listeners.delete(listener) };
  }

  /** Resolves once everything recorded so far is written (or the write failed and was logged). */
  flush(): Promise<void> {
    if (Object.keys(this.#pending.days).length > 0 || Object.keys(this.#pending.months).length > 0) this.#scheduleWrite();
    return this.#writes;
  }

  #emit(change: LedgerChange): void {
    for (const listener of [...this.#listeners]) {
      try {
        listener(change);
      } catch (error) {
        this.#logger?.error(`cost ledger listener failed: ${describe(error)}`);
      }
    }
  }

  #readStore(): Stored {
    let raw: unknown;
    try {
      raw = this.#store.get<unknown>(LEDGER_STORE_KEY);
    } catch (error) {
      this.#logger?.warn(`cost ledger: could not read the stored totals (${describe(error)}); starting fresh`);
      return emptyStored();
    }
    if (raw === undefined) return emptyStored();
    const parsed = storedSchema.safeParse(raw);
    if (!parsed.success) {
      this.#logger?.warn("cost ledger: the stored totals are not valid; starting fresh");
      return emptyStored();
    }
    return mergeStored(parsed.data, emptyStored());
  }

  /**
   * Writes coalesce: records in one tick become one write. Each write re-reads the store and adds
   * only what this window recorded since, so windows sharing globalState add up instead of
   * overwriting each other. A failed write keeps its deltas for the next one.
   */
  #scheduleWrite(): void {
    if (this.#writeQueued) return;
    this.#writeQueued = true;
    this.#writes = this.#writes.then(async () => {
      this.#writeQueued = false;
      const delta = this.#pending;
      this.#pending = emptyStored();
      const base = this.#readStore();
      const next = mergeStored(base, delta);
      this.#persisted = next;
      try {
        await this.#store.update(LEDGER_STORE_KEY, next);
      } catch (error) {
        this.#persisted = base;
        this.#pending = mergeStored(delta, this.#pending);
        this.#logger?.warn(`cost ledger: could not save the totals (${describe(error)}); will retry with the next request`);
      }
    });
  }
}

function budgetLine(limitUsd: number, totals: LedgerTotals): BudgetLine {
  const limit = Number.isFinite(limitUsd) && limitUsd > 0 ? limitUsd : 0;
  const spentUsd = totals.cloudUsd;
  const counted = spentUsd + totals.assumedUsd;
  const share = limit > 0 ? counted / limit : counted > 0 ? 1 : 0;
  const remainingUsd = Math.max(0, limit - counted);
  return {
    limitUsd: limit,
    spentUsd,
    assumedUsd: totals.assumedUsd,
    remainingUsd,
    share,
    warn80: share >= WARN_SHARE - USD_EPSILON,
    exhausted: remainingUsd <= USD_EPSILON,
    unknownPriceRequests: totals.unknownPriceRequests,
  };
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
