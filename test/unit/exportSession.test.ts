// Session export (DESIGN §4): JSON for tools, CSV (RFC 4180) for spreadsheets. Unknown prices
// stay unknown in both; times are ISO 8601.
import { test } from "node:test";
import assert from "node:assert/strict";
import { CostLedger, UNKNOWN_PRICE_TEXT } from "../../src/core/ledger/costLedger.ts";
import type { LedgerInput } from "../../src/core/ledger/costLedger.ts";
import { CSV_COLUMNS, EXPORT_FORMAT, toCsv, toJson } from "../../src/core/ledger/exportSession.ts";
import { PRICE_CATALOG_DATE, PRICE_CATALOG_SOURCE } from "../../src/core/pricing.ts";
import { MemoryStore } from "../fakes/memoryStore.ts";

// ── builders ──

const TIME = Date.UTC(2025, 7, 15, 9, 30, 0);

function aLedger(): CostLedger {
  return new CostLedger({
    store: new MemoryStore(),
    clock: { now: () => TIME },
    pricing: () => ({ cloudModel: "gpt-4.1", overrides: {}, localUsdPerHour: 0 }),
  });
}

function aRequest(overrides: Partial<LedgerInput> = {}): LedgerInput {
  return {
    kind: "refactor",
    target: "cloud",
    provider: "openai-compatible",
    model: "gpt-4.1",
    files: 1,
    file: "src/app.ts",
    usage: { inputTokens: 1000, outputTokens: 500, estimated: false },
    latencyMs: 1234,
    outcome: "ok",
    reasons: ["privacy: every file sent may go to the cloud"],
    ...overrides,
  };
}

/** A strict RFC 4180 reader, so the tests check what a spreadsheet would read back. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let index = 0;
  while (index < text.length) {
    const char = text[index]!;
    if (char === '"' && field === "") {
      index++;
      for (;;) {
        const next = text[index];
        if (next === undefined) throw new Error("unterminated quoted field");
        if (next === '"' && text[index + 1] === '"') {
          field += '"';
          index += 2;
        } else if (next === '"') {
          index++;
          break;
        } else {
          field += next;
          index++;
        }
      }
      continue;
    }
    if (char === ",") {
      row.push(field);
      field = "";
    } else if (char === "\r" && text[index + 1] === "\n") {
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
      index++;
    } else {
      assert.ok(char !== '"' && char !== "\n" && char !== "\r", `unquoted ${JSON.stringify(char)} at ${index}`);
      field += char;
    }
    index++;
  }
  assert.equal(field + row.join(""), "", "the file ends with a line break");
  return rows;
}

function csvRecords(text: string): Array<Record<string, string>> {
  const [header, ...rows] = parseCsv(text);
  assert.ok(header);
  return rows.map((row) => {
    assert.equal(row.length, header.length, "every row has every column");
    return Object.fromEntries(header.map((name, column) => [name, row[column] ?? ""]));
  });
}

// ── CSV ──

test("the CSV starts with a header row and ends every line with CRLF", () => {
  const ledger = aLedger();
  ledger.record(aRequest());
  const csv = toCsv(ledger.entries());
  const lines = csv.split("\r\n");
  assert.equal(lines[0], CSV_COLUMNS.join(","));
  assert.equal(lines.length, 3, "header, one row, and the final line break");
  assert.equal(lines.at(-1), "");
  assert.ok(!/[^\r]\n/.test(csv), "no bare LF between records");
});

test("an empty session exports just the header", () => {
  assert.equal(toCsv([]), `${CSV_COLUMNS.join(",")}\r\n`);
});

test("commas, quotes and line breaks in reasons, models and file names survive a round trip", () => {
  const ledger = aLedger();
  const reasons = ['privacy: "docs", "src" may go to the cloud', "complexity 0.8,\nabove 0.6", "plain"];
  ledger.record(aRequest({ model: 'vendor/model "x", v2', file: "dir, with comma/a\r\nb.ts", reasons }));
  const [record] = csvRecords(toCsv(ledger.entries()));
  assert.equal(record?.model, 'vendor/model "x", v2');
  assert.equal(record?.file, "dir, with comma/a\r\nb.ts");
  assert.equal(record?.reasons, reasons.join(" | "));
});

test("quotes inside a field are doubled and the field is quoted", () => {
  const ledger = aLedger();
  ledger.record(aRequest({ reasons: ['say "hi"'] }));
  assert.ok(toCsv(ledger.entries()).includes('"say ""hi"""'));
});

test("times are ISO 8601 in UTC and rows are newest first, as in the ledger", () => {
  const ledger = aLedger();
  ledger.record(aRequest({ time: TIME - 60_000, file: "older.ts" }));
  ledger.record(aRequest({ file: "newer.ts" }));
  const records = csvRecords(toCsv(ledger.entries()));
  assert.deepEqual(
    records.map((record) => [record.time, record.file]),
    [
      ["2025-08-15T09:30:00.000Z", "newer.ts"],
      ["2025-08-15T09:29:00.000Z", "older.ts"],
    ],
  );
});

test("each column holds the entry's value; small costs are plain decimals, never 1e-7", () => {
  const ledger = aLedger();
  ledger.record(aRequest({ usage: { inputTokens: 1000, outputTokens: 500, cachedInputTokens: 10, estimated: true, costUsd: 0.0000001 } }));
  const [record] = csvRecords(toCsv(ledger.entries()));
  assert.deepEqual(record, {
    time: "2025-08-15T09:30:00.000Z",
    kind: "refactor",
    target: "cloud",
    provider: "openai-compatible",
    model: "gpt-4.1",
    file: "src/app.ts",
    files: "1",
    input_tokens: "1000",
    output_tokens: "500",
    cached_input_tokens: "10",
    tokens_estimated: "true",
    latency_ms: "1234",
    usd: "0.0000001",
    cost_source: "provider",
    baseline_usd: "0.0000001",
    outcome: "ok",
    reasons: "privacy: every file sent may go to the cloud",
  });
});

test("an unknown price is written as the unknown-price text, never as 0", () => {
  const ledger = aLedger();
  ledger.record(aRequest({ model: "acme-frontier-9" }));
  const [record] = csvRecords(toCsv(ledger.entries()));
  assert.equal(record?.usd, UNKNOWN_PRICE_TEXT);
  assert.equal(record?.cost_source, "unknown-price");
});

test("text a spreadsheet would run as a formula is defused with a leading quote mark", () => {
  const ledger = aLedger();
  ledger.record(aRequest({ file: '=HYPERLINK("http://evil")', model: "+cmd", reasons: ["@SUM(1)", "-2"] }));
  const [record] = csvRecords(toCsv(ledger.entries()));
  assert.equal(record?.file, '\'=HYPERLINK("http://evil")');
  assert.equal(record?.model, "'+cmd");
  assert.equal(record?.reasons, "'@SUM(1) | -2");
});

// ── JSON ──

test("the JSON export holds the entries with ISO times, the totals and the price table's source and date", () => {
  const ledger = aLedger();
  ledger.record(aRequest());
  ledger.record(aRequest({ model: "acme-frontier-9", reasons: ["a, b", 'c "d"'] }));
  const document = JSON.parse(toJson(ledger.entries(), ledger.totals(), { exportedAt: TIME }));
  assert.equal(document.format, EXPORT_FORMAT);
  assert.equal(document.version, 1);
  assert.equal(document.exportedAt, "2025-08-15T09:30:00.000Z");
  assert.deepEqual(document.priceTable, { source: PRICE_CATALOG_SOURCE, date: PRICE_CATALOG_DATE });
  assert.deepEqual(document.totals, ledger.totals());
  assert.equal(document.entries.length, 2);
  const [unknown, known] = document.entries;
  assert.equal(unknown.time, "2025-08-15T09:30:00.000Z");
  assert.equal(unknown.usd, null, "unknown stays null, not 0");
  assert.deepEqual(unknown.reasons, ["a, b", 'c "d"']);
  assert.equal(known.usd, ledger.entries()[1]?.usd);
});

test("without an export time the JSON is a pure function of the ledger", () => {
  const ledger = aLedger();
  ledger.record(aRequest());
  const json = toJson(ledger.entries(), ledger.totals());
  assert.equal(JSON.parse(json).exportedAt, undefined);
  assert.equal(json, toJson(ledger.entries(), ledger.totals()));
});
