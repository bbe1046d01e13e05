import { test } from "node:test";
import assert from "node:assert/strict";
import { ledgerEntry, providerFor } from "../../src/core/ledger/ledgerEntry.ts";
import { aLedgerRequest as request } from "./ledgerFixtures.ts";

test("the provider is the side that served: the cloud speaks OpenAI's API, the local side is what the settings chose", () => {
  assert.equal(providerFor("cloud", "ollama"), "openai-compatible");
  assert.equal(providerFor("local", "ollama"), "ollama");
  assert.equal(providerFor("local", "openai-compatible"), "openai-compatible");
});

test("a refusal on a self-hosted OpenAI-compatible local side is booked to it, not to Ollama", () => {
  const entry = ledgerEntry(
    request({
      localKind: "openai-compatible",
      decision: { target: "none", model: undefined, reasons: [{ code: "privacy-file-local-only", path: ".env", why: [] }] },
    }),
    { outcome: "refused", reasons: [{ code: "cloud-choice-refused" }] },
  );
  assert.equal(entry.provider, "openai-compatible");
  assert.equal(entry.target, "none");
  assert.equal(entry.model, "—");
  assert.deepEqual(entry.usage, { inputTokens: 0, outputTokens: 0, estimated: true });
  assert.equal(entry.latencyMs, 0);
  assert.deepEqual(entry.reasons, [{ code: "privacy-file-local-only", path: ".env", why: [] }]);
  assert.deepEqual(entry.notes, [{ code: "cloud-choice-refused" }]);
});

test("the outcome's reasons follow the decision's, each once", () => {
  const failed = { code: "failed", message: "timed out" } as const;
  const entry = ledgerEntry(request(), { outcome: "failed", reasons: [{ code: "privacy-untrusted" }, failed, { ...failed }] });
  assert.deepEqual(entry.reasons, [{ code: "privacy-untrusted" }]);
  assert.deepEqual(entry.notes, [failed]);
});

test("usage, latency, time and the request's facts are carried as given", () => {
  const usage = { inputTokens: 120, outputTokens: 9, estimated: false };
  const entry = ledgerEntry(
    request({
      time: 1_000,
      kind: "chat",
      files: 3,
      file: "a.ts, b.ts, c.ts",
      decision: { target: "cloud", model: "gpt-5-mini", reasons: [{ code: "routed-to-cloud" }] },
    }),
    { outcome: "ok", usage, latencyMs: 420 },
  );
  assert.deepEqual(entry, {
    time: 1_000,
    kind: "chat",
    target: "cloud",
    provider: "openai-compatible",
    model: "gpt-5-mini",
    files: 3,
    file: "a.ts, b.ts, c.ts",
    usage,
    latencyMs: 420,
    outcome: "ok",
    reasons: [{ code: "routed-to-cloud" }],
    notes: [],
  });
});
