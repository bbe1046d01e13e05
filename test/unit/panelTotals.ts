import type { RequestRow, Totals } from "../../src/shared/protocol.ts";

/** The totals the ledger would report for exactly these rows; `overrides` sets a case by hand. */
export function totalsOf(rows: readonly RequestRow[], overrides: Partial<Totals> = {}): Totals {
  const sum = (pick: (row: RequestRow) => number) => rows.reduce((total, row) => total + pick(row), 0);
  const usd = sum((row) => row.usd ?? 0);
  const baselineUsd = sum((row) => row.baselineUsd ?? 0);
  return {
    requests: rows.length,
    local: rows.filter((row) => row.target === "local").length,
    cloud: rows.filter((row) => row.target === "cloud").length,
    failed: rows.filter((row) => row.target === "none").length,
    estimatedRequests: 0,
    inputTokens: sum((row) => row.inputTokens),
    outputTokens: sum((row) => row.outputTokens),
    usd,
    cloudUsd: sum((row) => (row.target === "cloud" ? (row.usd ?? 0) : 0)),
    baselineUsd,
    savedUsd: baselineUsd - usd,
    savedPercent: baselineUsd > 0 ? ((baselineUsd - usd) / baselineUsd) * 100 : null,
    unknownPriceRequests: rows.filter((row) => row.usd === null).length,
    unknownBaselineRequests: rows.filter((row) => row.baselineUsd === null).length,
    ...overrides,
  };
}
