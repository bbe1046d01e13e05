import type { RouteContext } from "../routing/router.ts";
import {
  DAY_KEY,
  MONTH_KEY,
  addAggregate,
  aggregateOf,
  dayKey,
  emptyAggregate,
  emptyStored,
  mergeStored,
  monthKey,
  storedSchema,
  totalsOf,
} from "./ledgerAggregates.ts";
import type { Stored } from "./ledgerAggregates.ts";
import { priceRequest, tokenCount } from "./requestPricing.ts";
import { DEFAULT_MAX_SESSION_ENTRIES, LEDGER_STORE_KEY } from "./ledgerTypes.ts";
import type {
  BudgetLine,
  BudgetState,
  CostLedgerOptions,
  KeyValueStore,
  LedgerChange,
  LedgerEntry,
  LedgerInput,
  LedgerPricing,
  LedgerTotals,
  PeriodTotals,
} from "./ledgerTypes.ts";
import type { Clock, Logger } from "../ports.ts";

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

export type {
  BudgetLine,
  BudgetState,
  CostLedgerOptions,
  CostSource,
  KeyValueStore,
  LedgerChange,
  LedgerEntry,
  LedgerInput,
  LedgerPricing,
  LedgerTotals,
  LedgerUsage,
  PeriodTotals,
  ProviderId,
  RequestOutcome,
} from "./ledgerTypes.ts";
export { DEFAULT_MAX_SESSION_ENTRIES, KEPT_DAYS, KEPT_MONTHS, LEDGER_STORE_KEY } from "./ledgerTypes.ts";
export { UNKNOWN_PRICE_TEXT } from "../../shared/unknownPrice.ts";

const WARN_SHARE = 0.8;
/** Sums of floating-point dollars: 0.8 of a budget must not read as 0.7999999. */
const USD_EPSILON = 1e-9;

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
