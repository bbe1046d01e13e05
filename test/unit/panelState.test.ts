// What the panel shows for the session's numbers (webview/format.ts, webview/chartData.ts): money
// is never silently $0, the chart ends at the session totals, and data never becomes markup.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { chartData, chartGeometry, niceTicks } from "../../webview/chartData.ts";
import {
  budgetLevel,
  budgetText,
  costSourceText,
  formatCount,
  formatLatency,
  formatPercent,
  formatSaved,
  formatSavedShare,
  formatTime,
  formatUsd,
  isBilled,
  priceSourceText,
  rowCost,
  rowFiles,
  rowTokens,
  UNKNOWN_PRICE_TEXT,
} from "../../webview/format.ts";
import type { BudgetLineView, RequestRow } from "../../src/shared/protocol.ts";
import { totalsOf } from "./panelTotals.ts";

// ── builders ──

const T0 = Date.UTC(2025, 7, 15, 9, 30, 0);

function aRow(overrides: Partial<RequestRow> = {}): RequestRow {
  return {
    id: `r${Math.random()}`,
    time: T0,
    kind: "completion",
    target: "local",
    model: "qwen2.5-coder:1.5b-base",
    file: "src/app.ts",
    files: 1,
    inputTokens: 400,
    outputTokens: 12,
    tokensEstimated: false,
    latencyMs: 180,
    usd: 0,
    baselineUsd: 0.0002,
    outcome: "ok",
    reasons: ["completions go to the local model (fast, free, private)"],
    ...overrides,
  };
}

const aCloudRow = (overrides: Partial<RequestRow> = {}) =>
  aRow({ kind: "refactor", target: "cloud", model: "gpt-4.1-mini", usd: 0.0416, baselineUsd: 0.0416, ...overrides });

function aBudget(overrides: Partial<BudgetLineView> = {}): BudgetLineView {
  return { limitUsd: 2, spentUsd: 0.5, remainingUsd: 1.5, share: 0.25, warn80: false, exhausted: false, unknownPriceRequests: 0, ...overrides };
}

// ── money ──

test("an unknown price reads as the hint to set junction.pricing, never as $0", () => {
  assert.equal(formatUsd(null), "unknown price — set junction.pricing");
  assert.equal(rowCost(aCloudRow({ usd: null })), UNKNOWN_PRICE_TEXT);
});

test('a local request costs "$0"', () => {
  assert.equal(rowCost(aRow()), "$0");
});

test("small amounts keep two significant digits and never use an exponent", () => {
  assert.equal(formatUsd(0.0012), "$0.0012");
  assert.equal(formatUsd(0.00096), "$0.00096");
  assert.equal(formatUsd(0.0416), "$0.042");
  assert.equal(formatUsd(0.001), "$0.001");
  assert.equal(formatUsd(0.05), "$0.05");
  assert.equal(formatUsd(0.5), "$0.50");
  assert.equal(formatUsd(0.00996), "$0.01");
  assert.equal(formatUsd(1e-9), "< $0.000001");
});

test("a dollar and more is written in cents", () => {
  assert.equal(formatUsd(2), "$2.00");
  assert.equal(formatUsd(1234.5), "$1,234.50");
});

test("a failed or refused request costs $0 and is not billed", () => {
  assert.equal(rowCost(aCloudRow({ usd: 0, outcome: "failed" })), "$0");
  assert.equal(isBilled(aCloudRow({ usd: 0, outcome: "failed" })), false);
  assert.equal(isBilled(aRow({ target: "none", usd: 0, outcome: "refused" })), false);
  assert.equal(isBilled(aCloudRow({ outcome: "cancelled" })), true, "the provider charges for the tokens a cancelled stream used");
});

test("savings show the amount and the share of the all-cloud baseline", () => {
  const totals = totalsOf([aRow({ baselineUsd: 0.004 }), aCloudRow({ usd: 0.006, baselineUsd: 0.006 })]);
  assert.equal(formatSaved(totals), "$0.004");
  assert.equal(formatSavedShare(totals), "40 %");
});

test("without a priced cloud model there is nothing to compare with, and the panel says so", () => {
  assert.equal(formatSaved(totalsOf([aRow({ baselineUsd: null })])), "unknown");
  assert.equal(formatSavedShare(totalsOf([aRow({ baselineUsd: null })])), "—");
});

test("a negative saving (local at an hourly rate costing more) keeps its sign", () => {
  const totals = totalsOf([], { requests: 1, savedUsd: -0.002, savedPercent: -12.5, baselineUsd: 0.016 });
  assert.equal(formatSaved(totals), "−$0.002");
  assert.equal(formatSavedShare(totals), "−13 %");
});

test('a tiny share is "< 0.1 %", not a misleading 0 %', () => {
  assert.equal(formatPercent(0.043), "< 0.1 %");
  assert.equal(formatPercent(0), "0 %");
  assert.equal(formatPercent(4.26), "4.3 %");
  assert.equal(formatPercent(83.2), "83 %");
});

test("times are on a 24-hour clock, to the second", () => {
  assert.match(formatTime(T0), /^\d{2}:\d{2}:\d{2}$/);
});

// ── rows ──

test("tokens read compactly and say when they were estimated", () => {
  assert.equal(rowTokens(aRow({ inputTokens: 80_000, outputTokens: 6000 })), "80k → 6k");
  assert.equal(rowTokens(aRow({ inputTokens: 1234, outputTokens: 9, tokensEstimated: true })), "1.2k → 9 (est.)");
  assert.equal(formatCount(2_500_000), "2.5M");
});

test("latency is in milliseconds below a second, seconds above", () => {
  assert.equal(formatLatency(183.4), "183 ms");
  assert.equal(formatLatency(2430), "2.4 s");
});

test("a multi-file refactor shows its first file and how many others", () => {
  assert.equal(rowFiles(aCloudRow({ file: "src/cart.ts, src/checkout.ts, src/tax.ts", files: 3 })), "src/cart.ts +2");
  assert.equal(rowFiles(aRow()), "src/app.ts");
});

// ── budgets ──

test("a budget at 80 % warns, a spent one is exhausted, a $0 one keeps the cloud closed", () => {
  assert.equal(budgetLevel(aBudget()), "ok");
  assert.equal(budgetLevel(aBudget({ spentUsd: 1.7, share: 0.85, warn80: true })), "warn");
  assert.equal(budgetLevel(aBudget({ spentUsd: 2, remainingUsd: 0, share: 1, warn80: true, exhausted: true })), "exhausted");
  assert.equal(budgetLevel(aBudget({ limitUsd: 0, spentUsd: 0, remainingUsd: 0, share: 0, exhausted: true })), "none");
  assert.equal(budgetText(aBudget({ limitUsd: 0, spentUsd: 0, remainingUsd: 0, share: 0, exhausted: true })), "$0 budget: cloud requests stay local");
});

test("a budget line says what was spent, of what, and what is left", () => {
  assert.equal(budgetText(aBudget({ limitUsd: 0.05, spentUsd: 0.0416, remainingUsd: 0.0084, share: 0.832, warn80: true })), "$0.042 of $0.05 · $0.0084 left");
});

// ── chart ──

test("the chart's lines end at the session totals", () => {
  const rows = [aCloudRow({ time: T0 + 60_000 }), aRow({ time: T0 })]; // newest first, as the host sends them
  const data = chartData(rows, totalsOf(rows));
  assert.deepEqual(
    data.points.map((point) => point.target),
    ["local", "cloud"],
  );
  assert.ok(Math.abs(data.end.cloudUsd - 0.0416) < 1e-12);
  assert.ok(Math.abs(data.end.baselineUsd - 0.0418) < 1e-12);
  assert.equal(data.end.localUsd, 0);
  assert.equal(data.localRequests, 1);
  assert.equal(data.cloudRequests, 1);
});

test("spend from rows the host no longer keeps is where the lines start", () => {
  const rows = [aCloudRow()];
  const data = chartData(rows, totalsOf(rows, { usd: 1.0416, cloudUsd: 1.0416, baselineUsd: 1.0416 }));
  assert.ok(Math.abs(data.start.cloudUsd - 1) < 1e-12);
  assert.ok(Math.abs(data.end.cloudUsd - 1.0416) < 1e-12);
});

test("an unknown price adds nothing to the lines (the summary counts it apart)", () => {
  const rows = [aCloudRow({ usd: null, baselineUsd: null })];
  const data = chartData(rows, totalsOf(rows));
  assert.equal(data.end.cloudUsd, 0);
});

test("axis ticks are round numbers that cover the largest value", () => {
  assert.deepEqual(niceTicks(0.0416), [0, 0.02, 0.04, 0.06]);
  assert.deepEqual(niceTicks(3), [0, 1, 2, 3]);
  assert.deepEqual(niceTicks(0), [0, 0.01]);
});

test("the geometry stays inside the plot and one request still gets a time span", () => {
  const rows = [aCloudRow()];
  const box = { width: 400, height: 150, left: 58, right: 10, top: 10, bottom: 30 };
  const geometry = chartGeometry(chartData(rows, totalsOf(rows)), box);
  assert.ok(geometry.endTime > geometry.startTime);
  assert.equal(geometry.markers.length, 1);
  assert.ok(geometry.markers.every((marker) => marker.x >= box.left && marker.x <= box.width - box.right));
  const numbers = [...geometry.cloud.matchAll(/-?\d+(\.\d+)?/g)].map((match) => Number(match[0]));
  assert.ok(
    numbers.every((value) => value >= 0 && value <= box.width),
    geometry.cloud,
  );
  assert.equal(geometry.local, "", "no local line while local requests are free");
});

// ── security ──

test("the panel's script never turns text into markup", () => {
  const dir = fileURLToPath(new URL("../../webview/", import.meta.url));
  const offenders = readdirSync(dir)
    .filter((name) => name.endsWith(".ts"))
    .filter((name) => /\.(innerHTML|outerHTML)\s*=|insertAdjacentHTML|document\.write|DOMParser/.test(readFileSync(join(dir, name), "utf8")));
  assert.deepEqual(offenders, []);
});

// ── where prices come from ──

const CATALOG = { source: "@pydantic/genai-prices 0.1.8", date: "2026-09-23" };

test("the footer names the catalog and its date, and the cloud model's price with its source", () => {
  const text = priceSourceText({
    ...CATALOG,
    cloudModel: "gpt-5-mini",
    cloudPrice: { inputUsdPerMTok: 0.25, outputUsdPerMTok: 2, source: "catalog", date: "2026-09-23", tiered: false },
  });
  assert.equal(
    text,
    "Prices: @pydantic/genai-prices 0.1.8 (data of 2026-09-23); junction.pricing.models overrides them. gpt-5-mini: $0.25 in / $2 out per million tokens, from the catalog (data of 2026-09-23).",
  );
});

test("a price the endpoint lists says when it was fetched; a tiered one that long prompts cost more", () => {
  const text = priceSourceText({
    ...CATALOG,
    cloudModel: "anthropic/claude-sonnet-4.5",
    cloudPrice: { inputUsdPerMTok: 3, outputUsdPerMTok: 15, source: "endpoint", date: "2026-11-02", tiered: true },
  });
  assert.match(
    text,
    /anthropic\/claude-sonnet-4\.5: \$3 in \/ \$15 out per million tokens, as the endpoint lists it \(fetched 2026-11-02\)\. Long prompts cost more\.$/,
  );
});

test("a model nobody prices reads as unknown with the budget's fallback rate, never as $0; the simulated cloud says so", () => {
  const text = priceSourceText({
    ...CATALOG,
    cloudModel: "team-reasoner",
    cloudPrice: null,
    fallback: { inputUsdPerMTok: 15, outputUsdPerMTok: 75 },
    cloudSimulated: true,
  });
  assert.match(
    text,
    /team-reasoner \(simulated cloud\): no price known, so its cost shows as unknown and the budget counts \$15 in \/ \$75 out per million tokens\.$/,
  );
});

test("a cost cell says what its cost rests on", () => {
  assert.equal(costSourceText({ costSource: "provider", model: "anthropic/claude-sonnet-4.5" }), "the cost the provider reported");
  assert.equal(costSourceText({ costSource: "catalog", model: "gpt-5-mini" }), "the catalog price of gpt-5-mini");
  assert.match(costSourceText({ costSource: "unknown-price", model: "team-reasoner", assumedUsd: 0.2 }), /the budget counted \$0\.20 at the fallback rate/);
});
