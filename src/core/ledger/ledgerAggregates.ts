// What the ledger persists: day and month aggregates (sums only, so a month costs the same storage
// as a minute), their schema for reading back what an older or damaged store holds, and merging.
import * as z from "zod/mini";
import { isBilled } from "./requestPricing.ts";
import { KEPT_DAYS, KEPT_MONTHS } from "./ledgerTypes.ts";
import type { LedgerEntry, LedgerTotals } from "./ledgerTypes.ts";

export const DAY_KEY = /^\d{4}-\d{2}-\d{2}$/;
export const MONTH_KEY = /^\d{4}-\d{2}$/;

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
export type Aggregate = z.infer<typeof aggregateSchema>;

export const storedSchema = z.object({
  version: z.literal(1),
  days: z.record(z.string().check(z.regex(DAY_KEY)), aggregateSchema),
  months: z.record(z.string().check(z.regex(MONTH_KEY)), aggregateSchema),
});
export type Stored = z.infer<typeof storedSchema>;

export function emptyAggregate(): Aggregate {
  return {
    requests: 0,
    local: 0,
    cloud: 0,
    failed: 0,
    estimated: 0,
    inputTokens: 0,
    outputTokens: 0,
    usd: 0,
    cloudUsd: 0,
    assumedUsd: 0,
    baselineUsd: 0,
    comparableUsd: 0,
    comparableBaselineUsd: 0,
    unknownPrice: 0,
    unknownBaseline: 0,
  };
}

export function addAggregate(into: Aggregate, add: Aggregate): void {
  for (const key of Object.keys(into) as Array<keyof Aggregate>) into[key] += add[key];
}

export function aggregateOf(entry: LedgerEntry): Aggregate {
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

export function totalsOf(aggregate: Aggregate): LedgerTotals {
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
export function dayKey(time: number): string {
  const date = new Date(time);
  return `${monthKey(time)}-${String(date.getDate()).padStart(2, "0")}`;
}

export function monthKey(time: number): string {
  const date = new Date(time);
  return `${String(date.getFullYear()).padStart(4, "0")}-${String(date.getMonth() + 1).padStart(2, "0")}`;
}

export function emptyStored(): Stored {
  return { version: 1, days: {}, months: {} };
}

/** Keeps the newest `keep` buckets; keys sort chronologically. */
function prune(buckets: Record<string, Aggregate>, keep: number): Record<string, Aggregate> {
  return Object.fromEntries(
    Object.entries(buckets)
      .sort(([a], [b]) => (a < b ? 1 : a > b ? -1 : 0))
      .slice(0, keep),
  );
}

export function mergeStored(base: Stored, delta: Stored): Stored {
  const merged: Stored = structuredClone(base);
  for (const [period, buckets] of [
    ["days", delta.days],
    ["months", delta.months],
  ] as const) {
    for (const [key, aggregate] of Object.entries(buckets)) addAggregate((merged[period][key] ??= emptyAggregate()), aggregate);
  }
  return { version: 1, days: prune(merged.days, KEPT_DAYS), months: prune(merged.months, KEPT_MONTHS) };
}
