import { PRICE_CATALOG_DATE, PRICE_CATALOG_SOURCE } from "../pricing.ts";
import type { LedgerEntry, PeriodTotals } from "./costLedger.ts";
import { UNKNOWN_PRICE_TEXT } from "./costLedger.ts";

/**
 * DESIGN §4: the session's ledger as a file the user keeps. Times are ISO 8601 (UTC) so a file
 * reads the same in any time zone; money is US dollars.
 */

export const EXPORT_FORMAT = "junction-cost-ledger";
export const EXPORT_VERSION = 1;

export interface JsonExportOptions {
  /** Epoch ms of the export; omitted from the file when not given. */
  exportedAt?: number;
}

export function toJson(entries: readonly LedgerEntry[], totals: PeriodTotals, options: JsonExportOptions = {}): string {
  const document = {
    format: EXPORT_FORMAT,
    version: EXPORT_VERSION,
    ...(options.exportedAt !== undefined ? { exportedAt: new Date(options.exportedAt).toISOString() } : {}),
    priceTable: { source: PRICE_CATALOG_SOURCE, date: PRICE_CATALOG_DATE },
    totals,
    entries: entries.map((entry) => ({ ...entry, time: new Date(entry.time).toISOString(), reasons: [...entry.reasons] })),
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}

export const CSV_COLUMNS = [
  "time",
  "kind",
  "target",
  "provider",
  "model",
  "file",
  "files",
  "input_tokens",
  "output_tokens",
  "cached_input_tokens",
  "tokens_estimated",
  "latency_ms",
  "usd",
  "cost_source",
  "baseline_usd",
  "outcome",
  "reasons",
] as const;

/**
 * RFC 4180: CRLF line ends, a header row, fields with a comma, quote or line break quoted and
 * their quotes doubled. An unknown price is written as text in the usd column (spreadsheet sums
 * skip text), never as 0.
 */
export function toCsv(entries: readonly LedgerEntry[]): string {
  const rows = entries.map((entry) => [
    new Date(entry.time).toISOString(),
    entry.kind,
    entry.target,
    text(entry.provider),
    text(entry.model),
    text(entry.file),
    String(entry.files),
    String(entry.inputTokens),
    String(entry.outputTokens),
    String(entry.cachedInputTokens),
    String(entry.tokensEstimated),
    String(Math.round(entry.latencyMs)),
    entry.usd === null ? UNKNOWN_PRICE_TEXT : dollars(entry.usd),
    entry.costSource,
    entry.baselineUsd === null ? UNKNOWN_PRICE_TEXT : dollars(entry.baselineUsd),
    entry.outcome,
    text(entry.reasons.join(" | ")),
  ]);
  return [[...CSV_COLUMNS], ...rows].map((row) => row.map(quote).join(",")).join("\r\n") + "\r\n";
}

function quote(field: string): string {
  return /[",\r\n]/.test(field) ? `"${field.replace(/"/g, '""')}"` : field;
}

/**
 * A file name or model id comes from the workspace or a server: a leading = + - @ would make a
 * spreadsheet run it as a formula (OWASP "CSV injection"), so such text starts with a quote mark.
 */
function text(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/** Plain decimals (no 1e-7), to the millionth of a cent. */
function dollars(usd: number): string {
  const fixed = usd.toFixed(8).replace(/0+$/, "").replace(/\.$/, "");
  return fixed === "-0" ? "0" : fixed;
}
