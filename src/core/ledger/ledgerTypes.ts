// The cost ledger's vocabulary: what a request brings (LedgerInput), what is kept of it
// (LedgerEntry), the totals and budgets derived from the entries, and the ledger's options.
import type { Clock, Logger } from "../ports.ts";
import type { ModelPrice, PriceQuote, PriceSource } from "../pricing.ts";
import type { RequestKind, Target } from "../routing/router.ts";
import type { BudgetLineView, Totals } from "../../shared/protocol.ts";

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

// The totals' and budgets' shapes are the panel protocol's schemas (src/shared/protocol.ts, where
// each field is documented), so what the ledger computes and what the panel parses cannot drift
// apart. The ledger always knows its assumed spend, which a stored or older message may omit.

/** One period's totals; `failed` counts outcomes "failed" and "refused". */
export type LedgerTotals = Totals & { assumedUsd: number };

export interface PeriodTotals {
  session: LedgerTotals;
  today: LedgerTotals;
  month: LedgerTotals;
}

/** One budget's state; with a $0 limit, `share` is 1 once anything is spent. */
export type BudgetLine = BudgetLineView & { assumedUsd: number };

export interface BudgetState {
  session: BudgetLine;
  month: BudgetLine;
}

export type LedgerChange = { type: "recorded"; entry: LedgerEntry } | { type: "cleared" };

export const LEDGER_STORE_KEY = "junction.costLedger.v1";
export const KEPT_DAYS = 62;
export const KEPT_MONTHS = 24;
export const DEFAULT_MAX_SESSION_ENTRIES = 500;
