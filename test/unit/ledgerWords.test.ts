// The English of a ledger row (src/core/ledger/ledgerWords.ts): the words the host records for a
// draft of codes, as the ledger, its export and the panel show them. The pipelines' tests assert
// the codes; these pin what a user reads of them.
import { test } from "node:test";
import assert from "node:assert/strict";
import { ledgerEntry } from "../../src/core/ledger/ledgerEntry.ts";
import { aLedgerRequest as request } from "./ledgerFixtures.ts";
import { wordLedgerEntry, wordLedgerNote } from "../../src/words/ledgerWords.ts";

const UNTRUSTED = "privacy: the workspace is not trusted (Workspace Trust), so it is local-only";

test("each note in English: cancelled, failed with the provider's message, a refusal, the user's refused route choice", () => {
  assert.equal(wordLedgerNote({ code: "cancelled" }), "cancelled");
  assert.equal(wordLedgerNote({ code: "failed", message: "timed out" }), "failed: timed out");
  assert.equal(wordLedgerNote({ code: "cloud-choice-refused" }), "you asked for the cloud model; privacy forbids it");
  assert.equal(
    wordLedgerNote({ code: "refusal", action: { problem: { code: "cloud-not-configured" }, mayNotLeave: false }, reasons: [] }),
    "no cloud model is configured (set junction.cloud.endpoint, junction.cloud.model and the API key)",
  );
  assert.equal(
    wordLedgerNote({ code: "refusal", action: undefined, reasons: [{ code: "privacy-untrusted" }, { code: "asked-local" }] }),
    `${UNTRUSTED}; you asked for the local model`,
  );
  assert.equal(wordLedgerNote({ code: "routed-to-cloud" }), "routed to the cloud model", "a route reason as a note reads as the router's");
});

test("a row's words: the decision's reasons, then the notes, a note that reads like something said already once", () => {
  const entry = wordLedgerEntry(
    ledgerEntry(request(), {
      outcome: "refused",
      // A refusal of the one reason reads as that reason: different codes, the same words.
      reasons: [{ code: "refusal", action: undefined, reasons: [{ code: "privacy-untrusted" }] }, { code: "cloud-choice-refused" }],
    }),
  );
  assert.deepEqual(entry.reasons, [UNTRUSTED, "you asked for the cloud model; privacy forbids it"]);
  assert.equal("notes" in entry, false, "the ledger gets words only");
});

test("a refusal on a self-hosted local side: the row as the ledger records it", () => {
  const entry = wordLedgerEntry(
    ledgerEntry(
      request({
        localKind: "openai-compatible",
        decision: { target: "none", model: undefined, reasons: [{ code: "privacy-file-local-only", path: ".env", why: [] }] },
      }),
      { outcome: "refused", reasons: [{ code: "cloud-choice-refused" }] },
    ),
  );
  assert.deepEqual(entry, {
    kind: "completion",
    target: "none",
    provider: "openai-compatible",
    model: "—",
    files: 1,
    file: "src/cart.ts",
    usage: { inputTokens: 0, outputTokens: 0, estimated: true },
    latencyMs: 0,
    outcome: "refused",
    reasons: ["privacy: .env is local-only: private", "you asked for the cloud model; privacy forbids it"],
  });
});

test("the outcome's words follow the decision's, each once", () => {
  const entry = wordLedgerEntry(ledgerEntry(request(), { outcome: "failed", reasons: [{ code: "failed", message: "timed out" }, { code: "cancelled" }] }));
  assert.deepEqual(entry.reasons, [UNTRUSTED, "failed: timed out", "cancelled"]);
});
