// CostLedger (DESIGN §4): one entry per request with its cost and its all-cloud baseline; totals
// for the session, today and this month; day and month totals survive a reload in bounded space.
import { test } from "node:test";
import assert from "node:assert/strict";
import { CostLedger, KEPT_DAYS, KEPT_MONTHS, LEDGER_STORE_KEY } from "../../src/core/ledger/costLedger.ts";
import type { LedgerInput, LedgerPricing, LedgerTotals } from "../../src/core/ledger/costLedger.ts";
import type { Logger } from "../../src/core/ports.ts";
import { requestRowSchema } from "../../src/shared/protocol.ts";
import { MemoryStore } from "../fakes/memoryStore.ts";

// ── builders ──

class FakeClock {
  time: number;
  constructor(time: number) {
    this.time = time;
  }
  now(): number {
    return this.time;
  }
}

/** Local wall-clock time, so day and month boundaries are the user's whatever the TZ. */
function at(year: number, month: number, day: number, hour = 12, minute = 0): number {
  return new Date(year, month - 1, day, hour, minute).getTime();
}

const NOON = at(2025, 8, 15);

function aPricing(overrides: Partial<LedgerPricing> = {}): LedgerPricing {
  // gpt-4.1 in the table: $2 in, $8 out, $0.50 cached input per million tokens.
  return { cloudModel: "gpt-4.1", overrides: {}, localUsdPerHour: 0, ...overrides };
}

function aLedger(options: { store?: MemoryStore; clock?: FakeClock; pricing?: Partial<LedgerPricing>; maxSessionEntries?: number; logger?: Logger } = {}) {
  const store = options.store ?? new MemoryStore();
  const clock = options.clock ?? new FakeClock(NOON);
  let pricing = aPricing(options.pricing);
  const ledger = new CostLedger({
    store,
    clock,
    pricing: () => pricing,
    ...(options.maxSessionEntries !== undefined ? { maxSessionEntries: options.maxSessionEntries } : {}),
    ...(options.logger ? { logger: options.logger } : {}),
  });
  return { ledger, store, clock, setPricing: (next: Partial<LedgerPricing>) => (pricing = aPricing(next)) };
}

function aCloudRequest(overrides: Partial<LedgerInput> = {}): LedgerInput {
  return {
    kind: "refactor",
    target: "cloud",
    provider: "openai-compatible",
    model: "gpt-4.1",
    files: 2,
    file: "src/app.ts",
    usage: { inputTokens: 1000, outputTokens: 500, estimated: false },
    latencyMs: 2000,
    outcome: "ok",
    reasons: ["privacy: every file sent may go to the cloud", "complexity 0.8 ≥ 0.6"],
    ...overrides,
  };
}

function aLocalRequest(overrides: Partial<LedgerInput> = {}): LedgerInput {
  return aCloudRequest({ kind: "completion", target: "local", provider: "ollama", model: "qwen2.5-coder:1.5b-base", files: 1, latencyMs: 1800, ...overrides });
}

/** 1000 input + 500 output tokens on gpt-4.1. */
const GPT41_COST = (1000 * 2 + 500 * 8) / 1_000_000;

function assertUsd(actual: number | null | undefined, expected: number): void {
  assert.ok(typeof actual === "number", `expected $${expected}, got ${actual}`);
  assert.ok(Math.abs(actual - expected) < 1e-9, `expected $${expected}, got $${actual}`);
}

/** Keeps warnings and errors; the ledger must report its problems, never throw them. */
function quietLogger(): Logger & { problems: string[] } {
  const problems: string[] = [];
  const ignore = () => {};
  return { problems, trace: ignore, debug: ignore, info: ignore, error: (message) => problems.push(message), warn: (message) => problems.push(message) };
}

function storedDays(store: MemoryStore): string[] {
  return Object.keys(store.get<{ days: object }>(LEDGER_STORE_KEY)?.days ?? {});
}

function storedMonths(store: MemoryStore): string[] {
  return Object.keys(store.get<{ months: object }>(LEDGER_STORE_KEY)?.months ?? {});
}

// ── what one request costs ──

test("a cost the provider reports is used, whatever the price table says", () => {
  const { ledger } = aLedger();
  const entry = ledger.record(aCloudRequest({ usage: { inputTokens: 1000, outputTokens: 500, estimated: false, costUsd: 0.0421 } }));
  assertUsd(entry.usd, 0.0421);
  assert.equal(entry.costSource, "provider");
  assert.equal(entry.priceKnown, true);
});

test("without a reported cost, a cloud request costs its tokens at the catalog price", () => {
  const { ledger } = aLedger();
  const entry = ledger.record(aCloudRequest());
  assertUsd(entry.usd, GPT41_COST);
  assert.equal(entry.costSource, "catalog");
  assert.equal(entry.assumedUsd, 0);
});

test("the host's price lookup (the endpoint's own listing) is what the ledger prices with", () => {
  const listed = {
    matchedId: "gpt-4.1",
    source: "endpoint" as const,
    date: "2026-11-02",
    rates: { inputUsdPerMTok: 1, outputUsdPerMTok: 2 },
    tiered: false,
    contextTokens: undefined,
  };
  const { ledger } = aLedger({ pricing: { priceOf: (model: string) => (model === "gpt-4.1" ? listed : undefined) } });
  const entry = ledger.record(aCloudRequest());
  assertUsd(entry.usd, (1000 * 1 + 500 * 2) / 1_000_000);
  assert.equal(entry.costSource, "endpoint");
});

test("cached input tokens are billed at the cached-input price", () => {
  const { ledger } = aLedger();
  const entry = ledger.record(aCloudRequest({ usage: { inputTokens: 1000, outputTokens: 500, cachedInputTokens: 400, estimated: false } }));
  assertUsd(entry.usd, (600 * 2 + 400 * 0.5 + 500 * 8) / 1_000_000);
  assert.equal(entry.cachedInputTokens, 400);
});

test("a junction.pricing override wins over the bundled table", () => {
  const { ledger } = aLedger({ pricing: { overrides: { "gpt-4.1": { inputUsdPerMTok: 1, outputUsdPerMTok: 1 } } } });
  const entry = ledger.record(aCloudRequest());
  assertUsd(entry.usd, 1500 / 1_000_000);
  assert.equal(entry.costSource, "override");
});

test("a cloud model with no known price costs null, never $0, and is counted as unknown", () => {
  const { ledger } = aLedger();
  const entry = ledger.record(aCloudRequest({ model: "acme-frontier-9" }));
  assert.equal(entry.usd, null);
  assert.equal(entry.priceKnown, false);
  assert.equal(entry.costSource, "unknown-price");
  const { session, today, month } = ledger.totals();
  for (const totals of [session, today, month]) {
    assert.equal(totals.unknownPriceRequests, 1);
    assert.equal(totals.usd, 0, "unknown prices are left out of the sum, and flagged instead");
  }
});

test("a cloud request of unknown price counts against the budgets at the fallback rate, never as $0", () => {
  const { ledger } = aLedger();
  const entry = ledger.record(aCloudRequest({ model: "acme-frontier-9" }));
  const assumed = (1000 * 15 + 500 * 75) / 1_000_000;
  assertUsd(entry.assumedUsd, assumed);
  assertUsd(ledger.totals().session.assumedUsd, assumed);
  const budget = ledger.budget(0.1, 30);
  assert.equal(budget.session.spentUsd, 0, "the known spend stays known");
  assertUsd(budget.session.assumedUsd, assumed);
  assertUsd(budget.session.remainingUsd, 0.1 - assumed);
  assertUsd(ledger.routeBudget(0.1, 30).sessionSpentUsd, assumed);
});

test("a failed request of unknown price is not budgeted", () => {
  const { ledger } = aLedger();
  const entry = ledger.record(aCloudRequest({ model: "acme-frontier-9", outcome: "failed" }));
  assert.equal(entry.assumedUsd, 0);
});

test("a settings change prices the next request without a new ledger", () => {
  const { ledger, setPricing } = aLedger();
  assert.equal(ledger.record(aCloudRequest({ model: "acme-frontier-9" })).usd, null);
  setPricing({ overrides: { "acme-frontier-9": { inputUsdPerMTok: 10, outputUsdPerMTok: 10 } } });
  assertUsd(ledger.record(aCloudRequest({ model: "acme-frontier-9" })).usd, 0.015);
});

test("a local request costs $0 when no hourly rate is set", () => {
  const { ledger } = aLedger();
  const entry = ledger.record(aLocalRequest());
  assert.equal(entry.usd, 0);
  assert.equal(entry.costSource, "local");
  assert.equal(entry.priceKnown, true);
});

test("with junction.pricing.localUsdPerHour a local request costs its latency at that rate", () => {
  const { ledger } = aLedger({ pricing: { localUsdPerHour: 10 } });
  const entry = ledger.record(aLocalRequest({ latencyMs: 1800 }));
  assertUsd(entry.usd, (1800 / 3_600_000) * 10);
  assert.equal(entry.costSource, "local-hourly");
});

test("a failed or refused request is recorded with its tokens but without a cost", () => {
  const { ledger } = aLedger({ pricing: { localUsdPerHour: 10 } });
  const failed = ledger.record(aCloudRequest({ outcome: "failed", usage: { inputTokens: 1000, outputTokens: 0, estimated: true, costUsd: 0.5 } }));
  const refused = ledger.record(
    aLocalRequest({ target: "none", model: undefined, outcome: "refused", usage: { inputTokens: 0, outputTokens: 0, estimated: true } }),
  );
  for (const entry of [failed, refused]) {
    assert.equal(entry.usd, 0);
    assert.equal(entry.baselineUsd, 0);
    assert.equal(entry.costSource, "not-billed");
  }
  assert.equal(failed.inputTokens, 1000);
  assert.equal(refused.model, "");
  const { session } = ledger.totals();
  assert.equal(session.requests, 2);
  assert.equal(session.failed, 2);
  assert.equal(session.usd, 0);
  assert.equal(session.unknownPriceRequests, 0);
});

test("a cancelled request is billed: the provider charged for the tokens it produced", () => {
  const { ledger } = aLedger();
  const entry = ledger.record(aCloudRequest({ outcome: "cancelled", usage: { inputTokens: 1000, outputTokens: 500, estimated: true } }));
  assertUsd(entry.usd, GPT41_COST);
});

test("usage estimated after an aborted stream is marked so, on the entry and in the totals", () => {
  const { ledger } = aLedger();
  const estimated = ledger.record(aLocalRequest({ outcome: "cancelled", usage: { inputTokens: 300, outputTokens: 12, estimated: true } }));
  ledger.record(aLocalRequest());
  assert.equal(estimated.tokensEstimated, true);
  assert.equal(ledger.entries()[0]?.tokensEstimated, false);
  assert.equal(ledger.totals().session.estimatedRequests, 1);
});

test("nonsense token counts and latencies from a provider become 0, never NaN in the totals", () => {
  const { ledger } = aLedger();
  const entry = ledger.record(aCloudRequest({ usage: { inputTokens: Number.NaN, outputTokens: -5, estimated: false, costUsd: Number.NaN }, latencyMs: -1 }));
  assert.equal(entry.inputTokens, 0);
  assert.equal(entry.outputTokens, 0);
  assert.equal(entry.latencyMs, 0);
  assert.equal(entry.costSource, "catalog", "a NaN reported cost is ignored");
  assert.equal(ledger.totals().session.usd, 0);
});

test("an entry is a valid panel row (RequestRow)", () => {
  const { ledger } = aLedger();
  for (const entry of [ledger.record(aCloudRequest()), ledger.record(aCloudRequest({ model: "acme-frontier-9" })), ledger.record(aLocalRequest())]) {
    assert.doesNotThrow(() => requestRowSchema.parse(entry));
  }
});

// ── the all-cloud baseline and savings ──

test("a local request's baseline is its tokens on the configured cloud model, so free local saves 100 %", () => {
  const { ledger } = aLedger();
  const entry = ledger.record(aLocalRequest());
  assertUsd(entry.baselineUsd, GPT41_COST);
  const { session } = ledger.totals();
  assertUsd(session.baselineUsd, GPT41_COST);
  assertUsd(session.savedUsd, GPT41_COST);
  assert.equal(session.savedPercent, 100);
});

test("a cloud request on the configured model is its own baseline, including a provider-reported cost", () => {
  const { ledger } = aLedger();
  const entry = ledger.record(aCloudRequest({ usage: { inputTokens: 1000, outputTokens: 500, estimated: false, costUsd: 0.05 } }));
  assertUsd(entry.baselineUsd, 0.05);
  assertUsd(ledger.totals().session.savedUsd, 0);
});

test("savings are the baseline minus the cost, as a share of the baseline", () => {
  const { ledger } = aLedger({ pricing: { localUsdPerHour: 3.6 } });
  ledger.record(aCloudRequest()); // $0.006, baseline $0.006
  ledger.record(aLocalRequest({ latencyMs: 1000 })); // $0.001, baseline $0.006
  const { session } = ledger.totals();
  assertUsd(session.usd, 0.007);
  assertUsd(session.cloudUsd, 0.006);
  assertUsd(session.baselineUsd, 0.012);
  assertUsd(session.savedUsd, 0.005);
  assertUsd(session.savedPercent, (0.005 / 0.012) * 100);
  assert.equal(session.local, 1);
  assert.equal(session.cloud, 1);
});

test("when the configured cloud model's price is unknown the baseline is null and no savings are claimed", () => {
  const { ledger } = aLedger({ pricing: { cloudModel: "acme-frontier-9" } });
  const entry = ledger.record(aLocalRequest());
  assert.equal(entry.baselineUsd, null);
  const { session } = ledger.totals();
  assert.equal(session.unknownBaselineRequests, 1);
  assert.equal(session.savedUsd, 0);
  assert.equal(session.savedPercent, null);
});

test("requests whose cost is unknown are left out of the savings rather than counted as free", () => {
  const { ledger } = aLedger();
  ledger.record(aCloudRequest({ model: "acme-frontier-9" })); // cost unknown, baseline known
  ledger.record(aLocalRequest());
  const { session } = ledger.totals();
  assertUsd(session.baselineUsd, 2 * GPT41_COST);
  assertUsd(session.savedUsd, GPT41_COST);
  assert.equal(session.savedPercent, 100);
});

// ── session, today, this month ──

test("entries are kept newest first and bounded; session totals still count every request", () => {
  const { ledger } = aLedger({ maxSessionEntries: 3 });
  for (let index = 0; index < 5; index++) ledger.record(aLocalRequest({ file: `file${index}.ts` }));
  assert.deepEqual(
    ledger.entries().map((entry) => entry.file),
    ["file4.ts", "file3.ts", "file2.ts"],
  );
  assert.equal(ledger.totals().session.requests, 5);
});

test("entries() is a copy: callers cannot change the ledger", () => {
  const { ledger } = aLedger();
  ledger.record(aLocalRequest());
  (ledger.entries() as unknown[]).length = 0;
  assert.equal(ledger.entries().length, 1);
  assert.throws(() => ((ledger.entries()[0] as { usd: number }).usd = 99), TypeError);
});

test("at midnight today starts at zero while the session and the month go on", () => {
  const clock = new FakeClock(at(2025, 8, 15, 23, 59));
  const { ledger } = aLedger({ clock });
  ledger.record(aCloudRequest());
  clock.time = at(2025, 8, 16, 0, 1);
  assert.equal(ledger.totals().today.requests, 0);
  ledger.record(aCloudRequest());
  const { session, today, month } = ledger.totals();
  assert.equal(today.requests, 1);
  assert.equal(session.requests, 2);
  assert.equal(month.requests, 2);
  assertUsd(month.usd, 2 * GPT41_COST);
});

test("on the first of the month the month starts at zero", () => {
  const clock = new FakeClock(at(2025, 8, 31, 22));
  const { ledger } = aLedger({ clock });
  ledger.record(aCloudRequest());
  clock.time = at(2025, 9, 1, 9);
  ledger.record(aLocalRequest());
  const { session, today, month } = ledger.totals();
  assert.equal(month.requests, 1);
  assert.equal(month.cloud, 0);
  assert.equal(today.requests, 1);
  assert.equal(session.requests, 2);
});

test("an entry is filed under the day of its own time, not the clock's", () => {
  const clock = new FakeClock(at(2025, 8, 16, 0, 0));
  const { ledger } = aLedger({ clock });
  ledger.record(aCloudRequest({ time: at(2025, 8, 15, 23, 59) }));
  assert.equal(ledger.totals().today.requests, 0);
  assert.equal(ledger.totals().month.requests, 1);
});

test("clearSession empties the session but today and this month keep what was spent", () => {
  const { ledger } = aLedger();
  ledger.record(aCloudRequest());
  ledger.clearSession();
  assert.equal(ledger.entries().length, 0);
  const { session, today, month } = ledger.totals();
  assert.equal(session.requests, 0);
  assertUsd(today.usd, GPT41_COST);
  assertUsd(month.usd, GPT41_COST);
});

// ── persistence ──

test("day and month totals survive a reload; the session does not", async () => {
  const store = new MemoryStore();
  const first = aLedger({ store }).ledger;
  first.record(aCloudRequest());
  first.record(aLocalRequest());
  await first.flush();

  const reloaded = aLedger({ store }).ledger;
  const { session, today, month } = reloaded.totals();
  assert.equal(session.requests, 0);
  assert.equal(reloaded.entries().length, 0);
  assert.equal(today.requests, 2);
  assertUsd(today.usd, GPT41_COST);
  assertUsd(month.savedUsd, GPT41_COST);
});

test("only aggregates are stored, under one versioned key: no file names, models or reasons", async () => {
  const { ledger, store } = aLedger();
  ledger.record(aCloudRequest({ file: "secret-project/plan.ts", reasons: ["privacy: a reason"] }));
  await ledger.flush();
  assert.deepEqual(store.keys(), [LEDGER_STORE_KEY]);
  assert.match(LEDGER_STORE_KEY, /\.v\d+$/);
  const stored = JSON.stringify(store.get(LEDGER_STORE_KEY));
  for (const leak of ["secret-project", "plan.ts", "a reason", "gpt-4.1"]) assert.ok(!stored.includes(leak), leak);
});

test("records in one tick are written once", async () => {
  const { ledger, store } = aLedger();
  for (let index = 0; index < 10; index++) ledger.record(aLocalRequest());
  await ledger.flush();
  assert.equal(store.updates.length, 1);
});

test("two windows sharing the store add up instead of overwriting each other", async () => {
  const store = new MemoryStore();
  const windowA = aLedger({ store }).ledger;
  const windowB = aLedger({ store }).ledger;
  windowA.record(aCloudRequest());
  await windowA.flush();
  windowB.record(aCloudRequest());
  await windowB.flush();
  assert.equal(aLedger({ store }).ledger.totals().today.requests, 2);
});

test("stored days and months are bounded: the newest 62 days and 24 months are kept", async () => {
  const clock = new FakeClock(at(2023, 1, 1));
  const { ledger, store } = aLedger({ clock });
  const recordOn = async (time: number) => {
    clock.time = time;
    ledger.record(aLocalRequest());
    await ledger.flush();
  };
  // One request a month for 30 months, then one a day for 100 days.
  for (let month = 0; month < 30; month++) await recordOn(at(2023, 1 + month, 1));
  for (let day = 0; day < 100; day++) await recordOn(at(2025, 7, 1 + day));
  const days = storedDays(store).sort();
  const months = storedMonths(store).sort();
  assert.equal(days.length, KEPT_DAYS);
  assert.equal(months.length, KEPT_MONTHS);
  assert.deepEqual([days[0], days.at(-1)], ["2025-08-08", "2025-10-08"]);
  assert.deepEqual([months[0], months.at(-1)], ["2023-11", "2025-10"]);
  assert.equal(ledger.totals().today.requests, 1, "the newest day is intact");
});

/** A valid stored aggregate, as the ledger writes it. */
function aStoredAggregate(overrides: Record<string, unknown> = {}) {
  return {
    requests: 1,
    local: 1,
    cloud: 0,
    failed: 0,
    estimated: 0,
    inputTokens: 10,
    outputTokens: 5,
    usd: 0,
    cloudUsd: 0,
    baselineUsd: 0.001,
    comparableUsd: 0,
    comparableBaselineUsd: 0.001,
    unknownPrice: 0,
    unknownBaseline: 0,
    ...overrides,
  };
}

test("the stored-aggregate builder matches what the ledger accepts (so the corrupt cases below are corrupt for their stated reason)", () => {
  const store = new MemoryStore();
  store.plant(LEDGER_STORE_KEY, { version: 1, days: { "2025-08-15": aStoredAggregate() }, months: { "2025-08": aStoredAggregate() } });
  const { today, month } = aLedger({ store }).ledger.totals();
  assert.equal(today.requests, 1);
  assert.equal(month.requests, 1);
});

for (const [name, value] of [
  ["not an object", "garbage"],
  ["another version", { version: 2, days: { "2025-08-15": aStoredAggregate() }, months: {} }],
  ["a negative count", { version: 1, days: { "2025-08-15": aStoredAggregate({ requests: -1 }) }, months: {} }],
  ["a malformed day key", { version: 1, days: { yesterday: aStoredAggregate() }, months: {} }],
  ["a NaN, which JSON stores as null", { version: 1, days: {}, months: { "2025-08": aStoredAggregate({ usd: null }) } }],
  ["a missing field", { version: 1, days: {}, months: { "2025-08": aStoredAggregate({ usd: undefined }) } }],
  ["days as an array", { version: 1, days: [aStoredAggregate()], months: {} }],
] as const) {
  test(`corrupt stored totals (${name}) start the ledger fresh, and are replaced on the next write`, async () => {
    const store = new MemoryStore();
    store.plant(LEDGER_STORE_KEY, value);
    const logger = quietLogger();
    const { ledger } = aLedger({ store, logger });
    assert.equal(ledger.totals().today.requests, 0);
    assert.equal(ledger.totals().month.requests, 0);
    assert.ok(logger.problems.length > 0, "the problem is logged");
    ledger.record(aLocalRequest());
    await ledger.flush();
    assert.equal(aLedger({ store }).ledger.totals().today.requests, 1);
  });
}

test("a store that cannot be read starts the ledger fresh instead of failing", () => {
  const store = new MemoryStore();
  store.failReads = true;
  const { ledger } = aLedger({ store, logger: quietLogger() });
  assert.equal(ledger.totals().month.requests, 0);
});

test("a failed write is logged, keeps the totals, and is retried with the next one", async () => {
  const store = new MemoryStore();
  const logger = quietLogger();
  const { ledger } = aLedger({ store, logger });
  store.failWrites = true;
  ledger.record(aCloudRequest());
  await ledger.flush();
  assert.equal(logger.problems.length, 1);
  assert.equal(ledger.totals().today.requests, 1);
  store.failWrites = false;
  ledger.record(aCloudRequest());
  await ledger.flush();
  assert.equal(ledger.totals().today.requests, 2);
  assert.equal(aLedger({ store }).ledger.totals().today.requests, 2);
});

// ── budgets ──

function spend(ledger: CostLedger, usd: number): void {
  ledger.record(aCloudRequest({ usage: { inputTokens: 1, outputTokens: 1, estimated: false, costUsd: usd } }));
}

test("the budget reports what is left of the session and the month", () => {
  const { ledger } = aLedger();
  spend(ledger, 0.5);
  const budget = ledger.budget(2, 30);
  assertUsd(budget.session.spentUsd, 0.5);
  assertUsd(budget.session.remainingUsd, 1.5);
  assertUsd(budget.session.share, 0.25);
  assertUsd(budget.month.remainingUsd, 29.5);
  assert.equal(budget.session.warn80, false);
  assert.equal(budget.session.exhausted, false);
});

test("the budget warns from 80 % of a limit", () => {
  const { ledger } = aLedger();
  spend(ledger, 0.7);
  spend(ledger, 0.9);
  assert.equal(ledger.budget(2, 30).session.warn80, true, "$1.60 of $2");
  assert.equal(ledger.budget(2.01, 30).session.warn80, false);
  assert.equal(ledger.budget(2, 2).month.warn80, true);
});

test("spending past a limit leaves nothing, never a negative remainder", () => {
  const { ledger } = aLedger();
  spend(ledger, 3);
  const { session } = ledger.budget(2, 30);
  assert.equal(session.remainingUsd, 0);
  assert.equal(session.exhausted, true);
  assertUsd(session.share, 1.5);
});

test("only cloud spend counts against the budgets; local hourly cost does not", () => {
  const { ledger } = aLedger({ pricing: { localUsdPerHour: 3600 } });
  ledger.record(aLocalRequest({ latencyMs: 1000 })); // $1
  assert.equal(ledger.budget(2, 30).session.spentUsd, 0);
});

test("the monthly budget includes spend from before a reload; the session budget does not", async () => {
  const store = new MemoryStore();
  const before = aLedger({ store }).ledger;
  spend(before, 1);
  await before.flush();
  const budget = aLedger({ store }).ledger.budget(2, 30);
  assert.equal(budget.session.spentUsd, 0);
  assertUsd(budget.month.spentUsd, 1);
});

test("cloud requests of unknown price are flagged in the budget, since its spend may be too low", () => {
  const { ledger } = aLedger();
  ledger.record(aCloudRequest({ model: "acme-frontier-9" }));
  assert.equal(ledger.budget(2, 30).session.unknownPriceRequests, 1);
});

test("a $0 budget allows nothing and warns only once something was spent", () => {
  const { ledger } = aLedger();
  assert.deepEqual([ledger.budget(0, 0).session.exhausted, ledger.budget(0, 0).session.warn80], [true, false]);
  spend(ledger, 0.01);
  assert.equal(ledger.budget(0, 0).session.warn80, true);
});

test("routeBudget gives the router the cloud spend of the session and month", () => {
  const { ledger } = aLedger({ pricing: { localUsdPerHour: 3600 } });
  spend(ledger, 0.25);
  ledger.record(aLocalRequest({ latencyMs: 1000 }));
  assert.deepEqual(ledger.routeBudget(2, 30), { sessionUsd: 2, sessionSpentUsd: 0.25, monthlyUsd: 30, monthSpentUsd: 0.25 });
});

// ── change events ──

test("listeners hear every record and clear until they dispose", () => {
  const { ledger } = aLedger();
  const heard: string[] = [];
  const subscription = ledger.onDidChange((change) => heard.push(change.type === "recorded" ? change.entry.kind : change.type));
  ledger.record(aLocalRequest());
  ledger.clearSession();
  subscription.dispose();
  ledger.record(aLocalRequest());
  assert.deepEqual(heard, ["completion", "cleared"]);
});

test("a listener that throws neither stops the record nor the other listeners", () => {
  const logger = quietLogger();
  const { ledger } = aLedger({ logger });
  let heard = 0;
  ledger.onDidChange(() => {
    throw new Error("panel gone");
  });
  ledger.onDidChange(() => heard++);
  assert.doesNotThrow(() => ledger.record(aLocalRequest()));
  assert.equal(heard, 1);
  assert.equal(ledger.entries().length, 1);
  assert.equal(logger.problems.length, 1);
});

// A compile-time check that totals carry every field the panel shows.
const _fields: Array<keyof LedgerTotals> = [
  "requests",
  "local",
  "cloud",
  "inputTokens",
  "outputTokens",
  "usd",
  "baselineUsd",
  "savedUsd",
  "savedPercent",
  "unknownPriceRequests",
];
void _fields;
