// The host <-> panel protocol (src/shared/protocol.ts): both sides parse what they receive, so
// anything not in the protocol is rejected rather than half-handled.
import { test } from "node:test";
import assert from "node:assert/strict";
import { hostToPanelSchema, panelToHostSchema } from "../../src/shared/protocol.ts";
import type { BudgetLineView, HostToPanelMessage, LocalStatus, RequestRow, Totals } from "../../src/shared/protocol.ts";

function localStatus(overrides: Partial<LocalStatus> = {}): LocalStatus {
  return {
    state: "ready",
    endpoint: "http://127.0.0.1:11434",
    model: "qwen2.5-coder:1.5b-base",
    summary: "Ollama 0.12.6 · qwen2.5-coder:1.5b-base",
    simulated: false,
    ...overrides,
  };
}

function requestRow(overrides: Partial<RequestRow> = {}): RequestRow {
  return {
    id: "r1",
    time: 1_750_000_000_000,
    kind: "completion",
    target: "local",
    model: "qwen2.5-coder:1.5b-base",
    file: "src/index.ts",
    files: 1,
    inputTokens: 412,
    outputTokens: 9,
    tokensEstimated: false,
    latencyMs: 183.5,
    usd: 0,
    baselineUsd: 0.000179,
    outcome: "ok",
    reasons: ["completions go to the local model (fast, free, private)"],
    ...overrides,
  };
}

const PRIVACY = {
  trusted: true,
  folders: [{ name: "app", uri: "file:///work/app", classification: "private", cloudAllowed: false, reasons: ["no git remote"] }],
};

function totals(overrides: Partial<Totals> = {}): Totals {
  return {
    requests: 2,
    local: 1,
    cloud: 1,
    failed: 0,
    estimatedRequests: 0,
    inputTokens: 1612,
    outputTokens: 309,
    usd: 0.0416,
    cloudUsd: 0.0416,
    baselineUsd: 0.041779,
    savedUsd: 0.000179,
    savedPercent: 0.43,
    unknownPriceRequests: 0,
    unknownBaselineRequests: 0,
    ...overrides,
  };
}

function budgetLine(overrides: Partial<BudgetLineView> = {}): BudgetLineView {
  return { limitUsd: 2, spentUsd: 0.0416, remainingUsd: 1.9584, share: 0.0208, warn80: false, exhausted: false, unknownPriceRequests: 0, ...overrides };
}

/** One page holding `rows`, as the host sends it. */
function page(rows: unknown[], overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    filter: "all",
    page: 0,
    pageSize: 50,
    pageCount: 1,
    matching: rows.length,
    counts: { all: rows.length, local: rows.length, cloud: 0, chat: 0 },
    rows,
    ...overrides,
  };
}

function fullState(rows: unknown[], local: unknown = localStatus()): Record<string, unknown> {
  return {
    local,
    privacy: PRIVACY,
    requests: page(rows),
    spend: [],
    totals: { session: totals(), today: totals(), month: totals() },
    budget: { session: budgetLine(), month: budgetLine({ limitUsd: 30, remainingUsd: 29.9584, share: 0.0014 }) },
    pricing: { source: "OpenAI public API pricing pages", date: "2025-08-15", cloudModel: "gpt-4.1-mini" },
  };
}

function stateMessage(rows: unknown[], local: unknown = localStatus()): unknown {
  return { type: "state", state: fullState(rows, local) };
}

// ── host → panel ──

test("a state message without the privacy section is rejected", () => {
  const { privacy: _privacy, ...state } = fullState([]);
  assert.equal(hostToPanelSchema.safeParse({ type: "state", state }).success, false);
});

test("a folder with an unknown classification is rejected", () => {
  const message = { type: "state", state: { ...fullState([]), privacy: { trusted: true, folders: [{ ...PRIVACY.folders[0], classification: "secret" }] } } };
  assert.equal(hostToPanelSchema.safeParse(message).success, false);
});

test("the panel may ask to set a folder's mode to local-only or cloud-allowed, nothing else", () => {
  assert.ok(panelToHostSchema.safeParse({ type: "setFolderMode", folderUri: "file:///work/app", mode: "local-only" }).success);
  assert.equal(panelToHostSchema.safeParse({ type: "setFolderMode", folderUri: "file:///work/app", mode: "auto" }).success, false);
});

test("a state message with the local status and request rows is accepted as it is", () => {
  const message = stateMessage([requestRow(), requestRow({ id: "r2", target: "cloud", kind: "refactor", tokensEstimated: true })]);
  const parsed = hostToPanelSchema.safeParse(message);
  assert.ok(parsed.success, parsed.error?.message);
  assert.deepEqual(parsed.data as HostToPanelMessage, message);
});

test("a state message without request rows is accepted", () => {
  assert.ok(hostToPanelSchema.safeParse(stateMessage([], localStatus({ state: "checking" }))).success);
});

test("a host message of an unknown type is rejected", () => {
  assert.equal(hostToPanelSchema.safeParse({ type: "reload", state: { local: localStatus(), requests: [] } }).success, false);
});

test("a host message without a type is rejected", () => {
  assert.equal(hostToPanelSchema.safeParse({ state: { local: localStatus(), requests: [] } }).success, false);
});

const MALFORMED_ROWS: { label: string; row: unknown }[] = [
  { label: "negative input tokens", row: requestRow({ inputTokens: -1 }) },
  { label: "fractional output tokens", row: requestRow({ outputTokens: 1.5 }) },
  { label: "negative latency", row: requestRow({ latencyMs: -3 }) },
  { label: "an unknown outcome", row: requestRow({ outcome: "maybe" as RequestRow["outcome"] }) },
  { label: "an unknown target", row: requestRow({ target: "mars" as RequestRow["target"] }) },
  { label: "a missing model", row: (({ model: _model, ...rest }) => rest)(requestRow()) },
  { label: "tokens as a string", row: { ...requestRow(), inputTokens: "412" } },
];

for (const { label, row } of MALFORMED_ROWS) {
  test(`a state message with a request row with ${label} is rejected`, () => {
    assert.equal(hostToPanelSchema.safeParse(stateMessage([requestRow(), row])).success, false);
  });
}

test("a state message with an unknown local state is rejected", () => {
  const local = { ...localStatus(), state: "sleeping" };
  assert.equal(hostToPanelSchema.safeParse(stateMessage([], local)).success, false);
});

test("a state message with every row as a bare list, instead of one page, is rejected", () => {
  const state = { ...fullState([]), requests: [requestRow()] };
  assert.equal(hostToPanelSchema.safeParse({ type: "state", state }).success, false);
});

test("a page with a zero page size or no pages is rejected", () => {
  assert.equal(hostToPanelSchema.safeParse({ type: "state", state: { ...fullState([]), requests: page([], { pageSize: 0 }) } }).success, false);
  assert.equal(hostToPanelSchema.safeParse({ type: "state", state: { ...fullState([]), requests: page([], { pageCount: 0 }) } }).success, false);
});

test("a chart step goes to a known target and never costs less than nothing", () => {
  const step = { time: 1_750_000_000_000, target: "cloud", usd: 0.04, baselineUsd: 0.04 };
  assert.ok(hostToPanelSchema.safeParse({ type: "state", state: { ...fullState([]), spend: [step] } }).success);
  assert.equal(hostToPanelSchema.safeParse({ type: "state", state: { ...fullState([]), spend: [{ ...step, target: "mars" }] } }).success, false);
  assert.equal(hostToPanelSchema.safeParse({ type: "state", state: { ...fullState([]), spend: [{ ...step, usd: -0.01 }] } }).success, false);
  assert.equal(hostToPanelSchema.safeParse({ type: "state", state: { ...fullState([]), spend: [{ ...step, baselineUsd: null }] } }).success, false);
});

// ── panel → host ──

test("the panel may ask for a page of requests through a filter", () => {
  const parsed = panelToHostSchema.safeParse({ type: "showRequests", page: 199, filter: "cloud" });
  assert.ok(parsed.success, parsed.error?.message);
  assert.deepEqual(parsed.data, { type: "showRequests", page: 199, filter: "cloud" });
});

const MALFORMED_PAGE_REQUESTS: { label: string; message: unknown }[] = [
  { label: "a negative page", message: { type: "showRequests", page: -1, filter: "all" } },
  { label: "a fractional page", message: { type: "showRequests", page: 1.5, filter: "all" } },
  { label: "a page as a string", message: { type: "showRequests", page: "2", filter: "all" } },
  { label: "an unknown filter", message: { type: "showRequests", page: 0, filter: "none" } },
  { label: "no filter", message: { type: "showRequests", page: 0 } },
];

for (const { label, message } of MALFORMED_PAGE_REQUESTS) {
  test(`a request for ${label} is rejected`, () => {
    assert.equal(panelToHostSchema.safeParse(message).success, false);
  });
}

for (const type of ["ready", "openLog", "recheckLocalModel"]) {
  test(`the panel message "${type}" is accepted`, () => {
    const parsed = panelToHostSchema.safeParse({ type });
    assert.ok(parsed.success, parsed.error?.message);
    assert.equal(parsed.data.type, type);
  });
}

test("a panel message of an unknown type is rejected", () => {
  assert.equal(panelToHostSchema.safeParse({ type: "deleteEverything" }).success, false);
});

test("a panel message that is not an object is rejected", () => {
  assert.equal(panelToHostSchema.safeParse("ready").success, false);
  assert.equal(panelToHostSchema.safeParse(null).success, false);
});

// ── costs: totals, budgets, unknown prices ──

test("a row with an unknown price carries null, not $0, and is accepted", () => {
  const parsed = hostToPanelSchema.safeParse(stateMessage([requestRow({ target: "cloud", model: "mystery-model", usd: null, baselineUsd: null })]));
  assert.ok(parsed.success, parsed.error?.message);
  assert.equal(parsed.data.type === "state" && parsed.data.state.requests.rows[0]?.usd, null);
});

test("a row with a negative cost or baseline is rejected", () => {
  assert.equal(hostToPanelSchema.safeParse(stateMessage([requestRow({ usd: -0.01 })])).success, false);
  assert.equal(hostToPanelSchema.safeParse(stateMessage([requestRow({ baselineUsd: -0.01 })])).success, false);
});

test("a state message without the totals, the budget or the price table is rejected", () => {
  for (const key of ["totals", "budget", "pricing"]) {
    const { [key]: _dropped, ...state } = fullState([]);
    assert.equal(hostToPanelSchema.safeParse({ type: "state", state }).success, false, `without ${key}`);
  }
});

test("a state message without today's totals is rejected", () => {
  const state = fullState([]);
  state.totals = { session: totals(), month: totals() };
  assert.equal(hostToPanelSchema.safeParse({ type: "state", state }).success, false);
});

test("a negative saving (local at an hourly rate cost more than the cloud) is accepted", () => {
  const state = fullState([]);
  state.totals = { session: totals({ savedUsd: -0.002, savedPercent: -12.5 }), today: totals(), month: totals({ savedPercent: null }) };
  assert.ok(hostToPanelSchema.safeParse({ type: "state", state }).success);
});

test("a budget line with a negative spend is rejected", () => {
  const state = fullState([]);
  state.budget = { session: budgetLine({ spentUsd: -1 }), month: budgetLine() };
  assert.equal(hostToPanelSchema.safeParse({ type: "state", state }).success, false);
});

test("the panel may ask to clear or export the session", () => {
  for (const type of ["clearSession", "exportSession"]) assert.ok(panelToHostSchema.safeParse({ type }).success, type);
});

test("the panel may open the pricing or budget settings, no other section", () => {
  assert.ok(panelToHostSchema.safeParse({ type: "openSettings", section: "pricing" }).success);
  assert.ok(panelToHostSchema.safeParse({ type: "openSettings", section: "budget" }).success);
  assert.equal(panelToHostSchema.safeParse({ type: "openSettings", section: "cloud.endpoint" }).success, false);
  assert.equal(panelToHostSchema.safeParse({ type: "openSettings" }).success, false);
});
