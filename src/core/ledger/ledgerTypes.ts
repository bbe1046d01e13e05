// The cost ledger's vocabulary: what a request brings (LedgerInput), what is kept of it
// (LedgerEntry), the totals and budgets derived from the entries, and the ledger's options.
import type { Clock, Logger } from "../ports.ts";
import type { ModelPrice, PriceQuote, PriceSource } from "../pricing.ts";
import type { RequestKind, Target } from "../routing/router.ts";

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

export const LEDGER_STORE_KEY = "junction.costLedger.v1";
export const KEPT_DAYS = 62;
export const KEPT_MONTHS = 24;
export const DEFAULT_MAX_SESSION_ENTRIES = 500;
