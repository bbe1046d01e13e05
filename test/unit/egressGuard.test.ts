import { test } from "node:test";
import assert from "node:assert/strict";
import { EgressGuard, shinglesOf } from "../../src/core/privacy/egressGuard.ts";

const PRIVATE_SOURCE = [
  "export function settleInvoice(invoice: Invoice, ledger: Ledger): Settlement {",
  "  const fee = invoice.amountCents * ACME_INTERNAL_FEE_RATE;",
  "  ledger.post({ account: 'acme-clearing-7', cents: invoice.amountCents - fee });",
  "  return { invoiceId: invoice.id, feeCents: fee, settledAt: Date.now() };",
  "}",
].join("\n");
const PUBLIC_SOURCE = ["export function add(a: number, b: number): number {", "  return a + b;", "}", "export const answer = add(40, 2);"].join("\n");
// Built at run time, so no credential-looking literal sits in the repository.
const PEM_BODY = Array.from({ length: 12 }, (_, line) => "MIIEvQIBADANBgkqhkiG9w0BAQEFAASC".concat(String(line).repeat(4), "Kcw4ggSjAgEAAoIBAQDx9k2PqZrTy7Lm")).join("\n");
const PEM = `-----BEGIN PRIVATE KEY-----\n${PEM_BODY}\n-----END PRIVATE KEY-----`;

function chatBody(content: string): string {
  return JSON.stringify({ model: "gpt-5-mini", messages: [{ role: "system", content: "You complete code." }, { role: "user", content }], stream: true });
}

test("a body with only allowed text passes (the positive control)", () => {
  const guard = new EgressGuard();
  guard.noteLocalOnly("file:///private/settle.ts", "private/settle.ts", 1, PRIVATE_SOURCE);
  guard.noteSecretsIn(PEM);
  assert.equal(guard.inspect(chatBody(PUBLIC_SOURCE)), undefined);
});

test("a secret the redaction missed is refused, named by its rule and never quoted", () => {
  const guard = new EgressGuard();
  const refusal = guard.inspect(chatBody(`const key = \`${PEM}\`;`));
  assert.deepEqual(refusal, { rule: "secret", source: "private-key" });
});

test("a private key cut by a window, so its own rule no longer sees it, is refused as a known secret", () => {
  const guard = new EgressGuard();
  guard.noteSecretsIn(`const key = \`${PEM}\`;`);
  // The window starts in the middle of the body: no BEGIN line, no END line.
  const lines = PEM_BODY.split("\n");
  const cut = lines.slice(3, 7).join("\n");
  assert.equal(guard.inspect(chatBody(`${cut}\nexport const x = 1;`))?.rule, "known-secret");
});

test("a secret a model moved under a neutral name is refused as a known secret", () => {
  const guard = new EgressGuard();
  const value = "kR7#vQ2pX9!mW4zL8&nB3sT6yH1";
  guard.noteSecretsIn(`const dbPassword = "${value}";`);
  assert.equal(guard.inspect(chatBody(`const setting = "${value}";`))?.rule, "known-secret");
});

test("three consecutive lines of a local-only document are refused, even re-indented, naming the document", () => {
  const guard = new EgressGuard();
  guard.noteLocalOnly("file:///private/settle.ts", "private/settle.ts", 1, PRIVATE_SOURCE);
  const reindented = PRIVATE_SOURCE.split("\n")
    .map((line) => `    ${line.trim()}`)
    .join("\n");
  assert.deepEqual(guard.inspect(chatBody(`// a symlink's content\n${reindented}`)), { rule: "local-only-text", source: "private/settle.ts" });
});

test("a short local-only document is judged line by line", () => {
  const guard = new EgressGuard();
  guard.noteLocalOnly("file:///app/.env", ".env", 1, "DATABASE_HOST=db-7.internal.acme.example\n");
  assert.equal(guard.inspect(chatBody("File: config.ts\nDATABASE_HOST=db-7.internal.acme.example\n"))?.rule, "local-only-text");
});

test("comment lines and short lines are not evidence: a shared licence header passes", () => {
  const header = ["// Copyright 2026 The Authors", "// Licensed under the Apache License, Version 2.0 (the \"License\");", "// you may not use this file except in compliance with the License."].join("\n");
  const guard = new EgressGuard();
  guard.noteLocalOnly("file:///private/a.ts", "private/a.ts", 1, `${header}\n${PRIVATE_SOURCE}`);
  assert.equal(guard.inspect(chatBody(`${header}\n${PUBLIC_SOURCE}`)), undefined);
});

test("a document's new version replaces its fingerprints, and a forgotten document is no longer evidence", () => {
  const guard = new EgressGuard();
  guard.noteLocalOnly("doc", "private/settle.ts", 1, PRIVATE_SOURCE);
  guard.noteLocalOnly("doc", "private/settle.ts", 2, PUBLIC_SOURCE);
  assert.equal(guard.inspect(chatBody(PRIVATE_SOURCE)), undefined);
  assert.equal(guard.inspect(chatBody(PUBLIC_SOURCE))?.rule, "local-only-text");
  guard.forgetDocument("doc");
  assert.equal(guard.inspect(chatBody(PUBLIC_SOURCE)), undefined);
});

test("a body that is not JSON is judged as one text", () => {
  const guard = new EgressGuard();
  guard.noteLocalOnly("doc", "private/settle.ts", 1, PRIVATE_SOURCE);
  assert.equal(guard.inspect(`prompt=${PRIVATE_SOURCE}`)?.rule, "local-only-text");
});

test("escapes in a JSON body are undone before judging: a key sent with \\n line breaks is still found", () => {
  const guard = new EgressGuard();
  const body = chatBody(PEM);
  assert.ok(!body.includes("\n-----END"), "the body holds the key's line breaks escaped");
  assert.equal(guard.inspect(body)?.source, "private-key");
});

test("fingerprints ignore whitespace and skip blank, short and comment lines", () => {
  assert.deepEqual(shinglesOf("a\n\n}\n// note\n"), new Set());
  assert.deepEqual(shinglesOf("alpha beta gamma delta\n  alpha   beta gamma delta  "), shinglesOf("alpha beta gamma delta\nalpha beta gamma delta"));
});
