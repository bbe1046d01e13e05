// The panel's paging (src/core/ledger/ledgerView.ts, webview/paging.ts): the host sends one page
// of the rows the ledger keeps and a bounded chart, every row stays reachable page by page, the
// filter runs over every row kept, and the chart still ends at the session's totals.
import { test } from "node:test";
import assert from "node:assert/strict";
import { CostLedger, DEFAULT_MAX_SESSION_ENTRIES, LEDGER_STORE_KEY } from "../../src/core/ledger/costLedger.ts";
import type { LedgerInput } from "../../src/core/ledger/costLedger.ts";
import { MAX_SPEND_STEPS, REQUEST_PAGE_SIZE, requestPage, sessionView, spendSteps } from "../../src/core/ledger/ledgerView.ts";
import type { RouteFilter } from "../../src/core/ledger/ledgerView.ts";
import { hostToPanelSchema } from "../../src/shared/protocol.ts";
import type { PanelState, RequestRow } from "../../src/shared/protocol.ts";
import { chartData } from "../../webview/chartData.ts";
import { keptNote, pagePosition, pageRange, pagerTargets } from "../../webview/paging.ts";
import { MemoryStore } from "../fakes/memoryStore.ts";
import { totalsOf } from "./panelTotals.ts";

// ── builders ──

const T0 = Date.UTC(2025, 7, 15, 9, 0, 0);

/** Row `index` of a session; index 0 is the oldest. One in 100 goes to the cloud, one in 250 is refused. */
function aRow(index: number): RequestRow {
  const target = index % 250 === 124 ? "none" : index % 100 === 99 ? "cloud" : "local";
  return {
    id: `r${index}`,
    time: T0 + index * 1000,
    kind: target === "cloud" ? "refactor" : "completion",
    target,
    model: target === "cloud" ? "gpt-4.1-mini" : "qwen2.5-coder:1.5b-base",
    file: `src/file${index % 7}.ts`,
    files: 1,
    inputTokens: 400,
    outputTokens: 12,
    tokensEstimated: false,
    latencyMs: 150,
    usd: target === "cloud" ? 0.004 : 0,
    baselineUsd: target === "none" ? 0 : 0.0002,
    outcome: target === "none" ? "refused" : "ok",
    reasons: ["why"],
  };
}

/** `count` rows, newest first, as the ledger lists them. */
function session(count: number): RequestRow[] {
  return Array.from({ length: count }, (_, index) => aRow(count - 1 - index));
}

function aPanelState(rows: RequestRow[]): PanelState {
  const totals = totalsOf(rows);
  const line = {
    limitUsd: 2,
    spentUsd: totals.cloudUsd,
    remainingUsd: 2 - totals.cloudUsd,
    share: totals.cloudUsd / 2,
    warn80: false,
    exhausted: false,
    unknownPriceRequests: 0,
  };
  return {
    local: { state: "ready", endpoint: "http://127.0.0.1:11434", model: "qwen2.5-coder:1.5b-base", summary: "Ollama 0.12.6", simulated: false },
    privacy: { trusted: true, folders: [] },
    requests: rows,
    totals: { session: totals, today: totals, month: totals },
    budget: { session: line, month: line },
    pricing: { source: "bundled", date: "2025-08-15", cloudModel: "gpt-4.1-mini" },
  };
}

function aCompletion(index: number): LedgerInput {
  return {
    time: T0 + index * 1000,
    kind: "completion",
    target: "local",
    provider: "ollama",
    model: "qwen2.5-coder:1.5b-base",
    files: 1,
    file: `src/file${index}.ts`,
    usage: { inputTokens: 400, outputTokens: 12, estimated: false },
    latencyMs: 150,
    outcome: "ok",
    reasons: ["completions go to the local model"],
  };
}

const ids = (rows: readonly { id: string }[]) => rows.map((row) => row.id);

// ── pages ──

test("with 10,000 rows the first page holds the 50 newest and the last page the oldest", () => {
  const rows = session(10_000);
  const first = requestPage(rows, { page: 0, filter: "all" });
  assert.equal(first.pageSize, REQUEST_PAGE_SIZE);
  assert.equal(first.pageCount, 200);
  assert.equal(first.matching, 10_000);
  assert.deepEqual(ids(first.rows), ids(rows.slice(0, 50)));
  assert.equal(first.rows[0]?.id, "r9999");
  const last = requestPage(rows, { page: 199, filter: "all" });
  assert.equal(last.page, 199);
  assert.equal(last.rows.length, 50);
  assert.equal(last.rows.at(-1)?.id, "r0", "the oldest row is reachable");
});

test("the pages together are every row exactly once, in order, whatever the page size", () => {
  const rows = session(1_003);
  for (const filter of ["all", "local", "cloud"] as const) {
    for (const size of [1, 7, 50, 2_000]) {
      const { pageCount } = requestPage(rows, { page: 0, filter }, size);
      const seen = Array.from({ length: pageCount }, (_, page) => requestPage(rows, { page, filter }, size).rows).flat();
      assert.deepEqual(ids(seen), ids(rows.filter((row) => filter === "all" || row.target === filter)), `${filter} in pages of ${size}`);
    }
  }
});

test("the filter runs over every row kept, not over the page shown", () => {
  const rows = session(10_000);
  const cloud = requestPage(rows, { page: 1, filter: "cloud" });
  assert.equal(cloud.matching, 100);
  assert.equal(cloud.pageCount, 2);
  assert.equal(cloud.rows.length, 50);
  assert.ok(cloud.rows.every((row) => row.target === "cloud"));
  assert.equal(cloud.rows.at(-1)?.id, "r99", "the oldest cloud request is on the cloud filter's last page");
});

test("every filter's count is over every row kept; a refused request counts only under All", () => {
  const { counts } = requestPage(session(10_000), { page: 0, filter: "local" });
  assert.deepEqual(counts, { all: 10_000, local: 9_860, cloud: 100, chat: 0 });
});

test("a page past the end is the last page, and a negative or non-finite one the first", () => {
  const rows = session(120);
  assert.equal(requestPage(rows, { page: 1_000_000, filter: "all" }).page, 2);
  assert.deepEqual(ids(requestPage(rows, { page: 1_000_000, filter: "all" }).rows), ids(rows.slice(100)));
  assert.equal(requestPage(rows, { page: -3, filter: "all" }).page, 0);
  assert.equal(requestPage(rows, { page: Number.NaN, filter: "all" }).page, 0);
});

test("no rows, or none through the filter, is one empty page", () => {
  assert.deepEqual(requestPage([], { page: 4, filter: "all" }), {
    filter: "all",
    page: 0,
    pageSize: 50,
    pageCount: 1,
    matching: 0,
    counts: { all: 0, local: 0, cloud: 0, chat: 0 },
    rows: [],
  });
  const localOnly = session(40).filter((row) => row.target === "local");
  const cloud = requestPage(localOnly, { page: 0, filter: "cloud" });
  assert.equal(cloud.pageCount, 1);
  assert.equal(cloud.rows.length, 0);
});

// ── the ledger's bound ──

test("the ledger keeps its newest 500 of 10,000 requests, and the last page holds the oldest kept", async () => {
  const store = new MemoryStore();
  const ledger = new CostLedger({ store, clock: { now: () => T0 }, pricing: () => ({ cloudModel: "gpt-4.1-mini", overrides: {}, localUsdPerHour: 0 }) });
  for (let index = 0; index < 10_000; index += 1) ledger.record(aCompletion(index));
  await ledger.flush();
  const entries = ledger.entries();
  assert.equal(entries.length, DEFAULT_MAX_SESSION_ENTRIES);
  assert.equal(ledger.totals().session.requests, 10_000, "the totals count every request");
  const last = requestPage(entries, { page: 1_000, filter: "all" });
  assert.equal(last.pageCount, DEFAULT_MAX_SESSION_ENTRIES / REQUEST_PAGE_SIZE);
  assert.equal(last.rows.at(-1)?.file, "src/file9500.ts");
  // What is persisted is one day and one month of sums, however many requests there were.
  const stored = store.get<{ days: Record<string, unknown>; months: Record<string, unknown> }>(LEDGER_STORE_KEY);
  assert.equal(Object.keys(stored?.days ?? {}).length, 1);
  assert.equal(Object.keys(stored?.months ?? {}).length, 1);
});

// ── the chart ──

test("up to the chart's limit, each request is its own step, oldest first", () => {
  const rows = session(30);
  const steps = spendSteps(rows);
  assert.equal(steps.length, 30);
  assert.deepEqual(
    steps.map((step) => step.time),
    rows.map((row) => row.time).reverse(),
  );
  assert.deepEqual(
    steps.map((step) => step.target),
    rows.map((row) => row.target).reverse(),
  );
});

test("10,000 requests become at most the chart's limit of steps, with every sum kept per target", () => {
  const rows = session(10_000);
  const steps = spendSteps(rows);
  assert.ok(steps.length <= MAX_SPEND_STEPS, `${steps.length} steps`);
  assert.ok(steps.length >= MAX_SPEND_STEPS / 2, "still enough steps to draw a curve");
  for (const target of ["local", "cloud", "none"] as const) {
    const sum = (list: readonly { target: string; usd: number | null; baselineUsd: number | null }[]) =>
      list.filter((item) => item.target === target).reduce((total, item) => total + (item.usd ?? 0) + 1000 * (item.baselineUsd ?? 0), 0);
    assert.ok(Math.abs(sum(steps) - sum(rows)) < 1e-9, target);
  }
  assert.ok(
    steps.every((step, index) => index === 0 || step.time >= (steps[index - 1]?.time ?? 0)),
    "oldest first",
  );
  assert.equal(steps.at(-1)?.time, rows[0]?.time, "the last step is at the newest request");
});

test("the chart drawn from merged steps ends at the session's totals", () => {
  const rows = session(10_000);
  const totals = totalsOf(rows);
  const data = chartData(spendSteps(rows), totals);
  assert.equal(data.start.cloudUsd, 0);
  assert.ok(Math.abs(data.end.cloudUsd - totals.cloudUsd) < 1e-9);
  assert.ok(Math.abs(data.end.baselineUsd - totals.baselineUsd) < 1e-9);
});

test("with only the newest 500 rows kept, the chart starts at what the older requests spent and counts every request", () => {
  const rows = session(10_000);
  const totals = totalsOf(rows);
  const kept = rows.slice(0, 500);
  const data = chartData(spendSteps(kept), totals);
  assert.ok(Math.abs(data.start.cloudUsd - (totals.cloudUsd - totalsOf(kept).cloudUsd)) < 1e-9);
  assert.ok(Math.abs(data.end.cloudUsd - totals.cloudUsd) < 1e-9);
  assert.equal(data.localRequests, 9_860);
  assert.equal(data.cloudRequests, 100);
});

// ── what crosses to the panel ──

test("the view of a 10,000-row state satisfies the protocol and carries one page, a fraction of the rows' size", () => {
  const state = aPanelState(session(10_000));
  const view = sessionView(state, { page: 199, filter: "all" });
  const parsed = hostToPanelSchema.safeParse({ type: "state", state: view });
  assert.ok(parsed.success, parsed.error?.message);
  assert.equal(view.requests.rows.length, 50);
  assert.equal(view.requests.rows.at(-1)?.id, "r0");
  assert.deepEqual(view.totals, state.totals);
  assert.ok(JSON.stringify(view).length * 10 < JSON.stringify(state).length, "the message is much smaller than every row");
});

// ── the pager ──

test("the pager's buttons lead to the first, previous, next and last pages, and are off where they would not move", () => {
  assert.deepEqual(pagerTargets({ page: 0, pageCount: 200 }), { "page-first": undefined, "page-previous": undefined, "page-next": 1, "page-last": 199 });
  assert.deepEqual(pagerTargets({ page: 57, pageCount: 200 }), { "page-first": 0, "page-previous": 56, "page-next": 58, "page-last": 199 });
  assert.deepEqual(pagerTargets({ page: 199, pageCount: 200 }), { "page-first": 0, "page-previous": 198, "page-next": undefined, "page-last": undefined });
  assert.deepEqual(pagerTargets({ page: 0, pageCount: 1 }), {
    "page-first": undefined,
    "page-previous": undefined,
    "page-next": undefined,
    "page-last": undefined,
  });
});

test("the status line says which page, and which requests of how many", () => {
  const rows = session(10_000);
  const first = requestPage(rows, { page: 0, filter: "all" });
  assert.equal(`${pagePosition(first)} · ${pageRange(first)}`, "Page 1 of 200 · 1–50 of 10,000");
  const last = requestPage(rows, { page: 199, filter: "all" });
  assert.equal(`${pagePosition(last)} · ${pageRange(last)}`, "Page 200 of 200 · 9,951–10,000 of 10,000");
  assert.equal(pageRange(requestPage(session(120), { page: 2, filter: "all" })), "101–120 of 120");
  assert.equal(pageRange(requestPage(session(1_000), { page: 0, filter: "cloud" })), "1–10 of 10");
  const empty = requestPage([], { page: 0, filter: "all" as RouteFilter });
  assert.equal(pagePosition(empty), "Page 1 of 1");
  assert.equal(pageRange(empty), "");
});

test("a new request changes the range but not the announced position", () => {
  const before = requestPage(session(120), { page: 1, filter: "all" });
  const after = requestPage(session(121), { page: 1, filter: "all" });
  assert.equal(pagePosition(after), pagePosition(before));
  assert.notEqual(pageRange(after), pageRange(before));
});

test("once the ledger drops the oldest rows, the panel says the list is the newest part of the session", () => {
  assert.equal(keptNote(500, 500), "");
  assert.equal(keptNote(500, 10_000), "The newest 500 of this session's 10,000 requests are listed; the totals count them all.");
});
