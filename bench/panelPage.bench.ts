// Prints what one panel update costs with 10,000 requests in the session: the host building the
// page it sends (every row kept → one page and the chart's steps), the size of that message, and
// the webview parsing it, next to the same for every row sent at once (what the panel did before
// paging). The ledger keeps 500 rows by default; this raises its bound to 10,000 to measure the
// worst case a larger bound would give.
//   node bench/panelPage.bench.ts
import { CostLedger, DEFAULT_MAX_SESSION_ENTRIES } from "../src/core/ledger/costLedger.ts";
import type { LedgerEntry, LedgerInput } from "../src/core/ledger/costLedger.ts";
import { sessionView } from "../src/core/ledger/ledgerView.ts";
import type { PageRequest } from "../src/core/ledger/ledgerView.ts";
import { hostToPanelSchema, panelStateSchema } from "../src/shared/protocol.ts";
import type { PanelState, RequestRow } from "../src/shared/protocol.ts";
import { percentile, samplesMs } from "./measure.ts";

const ENTRIES = 10_000;
const T0 = Date.UTC(2025, 7, 15, 9, 0, 0);
const STORE = { get: () => undefined, update: () => Promise.resolve() };

function aRequest(index: number): LedgerInput {
  const cloud = index % 20 === 19;
  return {
    time: T0 + index * 1500,
    kind: cloud ? "refactor" : "completion",
    target: cloud ? "cloud" : "local",
    provider: cloud ? "openai-compatible" : "ollama",
    model: cloud ? "gpt-4.1-mini" : "qwen2.5-coder:1.5b-base",
    files: cloud ? 3 : 1,
    file: `src/feature${index % 40}/module${index % 13}.ts`,
    usage: { inputTokens: cloud ? 6_000 : 900, outputTokens: cloud ? 700 : 24, estimated: !cloud },
    latencyMs: cloud ? 2_400 : 160,
    outcome: index % 9 === 0 ? "cancelled" : "ok",
    reasons: cloud
      ? ["privacy: every file sent may go to the cloud", "complexity 0.72 ≥ 0.6: a refactor across files", "budget: $1.20 of $5 left this session"]
      : ["completions go to the local model (fast, free, private)"],
  };
}

/** What src/host/extension.ts sends of an entry (its toRequestRow). */
function toRequestRow(entry: LedgerEntry): RequestRow {
  return {
    id: entry.id,
    time: entry.time,
    kind: entry.kind,
    target: entry.target,
    model: entry.model,
    file: entry.file,
    files: entry.files,
    inputTokens: entry.inputTokens,
    outputTokens: entry.outputTokens,
    tokensEstimated: entry.tokensEstimated,
    latencyMs: entry.latencyMs,
    usd: entry.usd,
    baselineUsd: entry.baselineUsd,
    outcome: entry.outcome,
    reasons: [...entry.reasons],
  };
}

function fill(maxSessionEntries: number): { ledger: CostLedger; recordMs: number } {
  const ledger = new CostLedger({
    store: STORE,
    clock: { now: () => T0 },
    pricing: () => ({ cloudModel: "gpt-4.1-mini", overrides: {}, localUsdPerHour: 0 }),
    maxSessionEntries,
  });
  const start = process.hrtime.bigint();
  for (let index = 0; index < ENTRIES; index += 1) ledger.record(aRequest(index));
  return { ledger, recordMs: Number(process.hrtime.bigint() - start) / 1e6 };
}

function panelState(ledger: CostLedger): PanelState {
  const totals = ledger.totals();
  return {
    local: {
      state: "ready",
      endpoint: "http://127.0.0.1:11434",
      model: "qwen2.5-coder:1.5b-base",
      summary: "Ollama 0.12.6 · qwen2.5-coder:1.5b-base",
      simulated: false,
    },
    privacy: { trusted: true, folders: [{ name: "app", uri: "file:///work/app", classification: "private", cloudAllowed: false, reasons: ["no git remote"] }] },
    requests: ledger.entries().map(toRequestRow),
    totals,
    budget: ledger.budget(5, 30),
    pricing: { source: "bundled", date: "2025-08-15", cloudModel: "gpt-4.1-mini" },
  };
}

function line(label: string, samples: readonly number[]): string {
  return `  ${label.padEnd(58)} p50 ${percentile(samples, 50).toFixed(3).padStart(8)} ms   p99 ${percentile(samples, 99).toFixed(3).padStart(8)} ms`;
}

function kb(value: unknown): string {
  return `${(Buffer.byteLength(JSON.stringify(value)) / 1024).toFixed(1)} KB`;
}

for (const bound of [DEFAULT_MAX_SESSION_ENTRIES, ENTRIES]) {
  const { ledger, recordMs } = fill(bound);
  const state = panelState(ledger);
  const pages: Array<[string, PageRequest]> = [
    ["first page", { page: 0, filter: "all" }],
    ["last page", { page: Number.MAX_SAFE_INTEGER, filter: "all" }],
    ["last page of the cloud filter", { page: Number.MAX_SAFE_INTEGER, filter: "cloud" }],
  ];
  const firstPage = { type: "state", state: sessionView(state, { page: 0, filter: "all" }) };
  const everyRow = { type: "state", state };
  console.log(
    `\n${ENTRIES.toLocaleString("en-US")} requests recorded, ledger bound ${bound.toLocaleString("en-US")} (${state.requests.length.toLocaleString("en-US")} rows kept); recording took ${recordMs.toFixed(0)} ms in all`,
  );
  console.log(
    line(
      "host: the state with every row kept (getState)",
      samplesMs(() => panelState(ledger), 200, 20),
    ),
  );
  for (const [label, request] of pages)
    console.log(
      line(
        `host: state → ${label} + chart steps`,
        samplesMs(() => sessionView(state, request), 200, 20),
      ),
    );
  console.log(
    line(
      "host: getState + first page, one whole update",
      samplesMs(() => sessionView(panelState(ledger), { page: 0, filter: "all" }), 200, 20),
    ),
  );
  console.log(
    line(
      "panel: parse one page (hostToPanelSchema)",
      samplesMs(() => hostToPanelSchema.parse(firstPage), 200, 20),
    ),
  );
  console.log(
    line(
      "before paging: parse every row (panelStateSchema)",
      samplesMs(() => panelStateSchema.parse(everyRow.state), 50, 5),
    ),
  );
  console.log(`  message: one page ${kb(firstPage)} (${firstPage.state.spend.length} chart steps); every row ${kb(everyRow)}`);
}
