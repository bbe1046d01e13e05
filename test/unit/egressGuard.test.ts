import { test } from "node:test";
import assert from "node:assert/strict";
import { buildCloudCompletionMessages } from "../../src/core/completion/cloudCompletion.ts";
import { EgressGuard, shinglesOf } from "../../src/core/privacy/egressGuard.ts";
import { buildRefactorMessages } from "../../src/core/refactor/refactorPrompt.ts";

const PRIVATE_SOURCE = [
  "export function settleInvoice(invoice: Invoice, ledger: Ledger): Settlement {",
  "  const fee = invoice.amountCents * ACME_INTERNAL_FEE_RATE;",
  "  ledger.post({ account: 'acme-clearing-7', cents: invoice.amountCents - fee });",
  "  return { invoiceId: invoice.id, feeCents: fee, settledAt: Date.now() };",
  "}",
].join("\n");
const PUBLIC_SOURCE = ["export function add(a: number, b: number): number {", "  return a + b;", "}", "export const answer = add(40, 2);"].join("\n");
// Built at run time, so no credential-looking literal sits in the repository.
const PEM_BODY = Array.from({ length: 12 }, (_, line) =>
  "MIIEvQIBADANBgkqhkiG9w0BAQEFAASC".concat(String(line).repeat(4), "Kcw4ggSjAgEAAoIBAQDx9k2PqZrTy7Lm"),
).join("\n");
const PEM = `-----BEGIN PRIVATE KEY-----\n${PEM_BODY}\n-----END PRIVATE KEY-----`;

function chatBody(content: string): string {
  return JSON.stringify({
    model: "gpt-5-mini",
    messages: [
      { role: "system", content: "You complete code." },
      { role: "user", content },
    ],
    stream: true,
  });
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

test("one shared line is not evidence: a short local-only file does not block public code that shares its signature", () => {
  const guard = new EgressGuard();
  guard.noteLocalOnly("file:///private/app.ts", "private/app.ts", 1, "export function greet(name: string): string {\n  \n}\n// private\n");
  assert.equal(guard.inspect(chatBody("export function greet(name: string): string {\n  return name;\n}\nexport const shared = true;")), undefined);
});

test("imports are not evidence: a public file with the same import block passes", () => {
  const imports = ['import { readFile } from "node:fs/promises";', 'import { join } from "node:path";', 'import type { Config } from "./config";'].join("\n");
  const guard = new EgressGuard();
  guard.noteLocalOnly("file:///private/a.ts", "private/a.ts", 1, `${imports}\n${PRIVATE_SOURCE}`);
  assert.equal(guard.inspect(chatBody(`${imports}\n${PUBLIC_SOURCE}`)), undefined);
});

test("comment lines and short lines are not evidence: a shared licence header passes", () => {
  const header = [
    "// Copyright 2026 The Authors",
    '// Licensed under the Apache License, Version 2.0 (the "License");',
    "// you may not use this file except in compliance with the License.",
  ].join("\n");
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
  assert.deepEqual(shinglesOf("a\n\n}\n// note\nexport const one = 1;\nexport const two = 2;\n"), new Set(), "two meaningful lines make no shingle");
  const lines = ["alpha beta gamma delta", "epsilon zeta eta theta", "iota kappa lambda mu"];
  assert.deepEqual(shinglesOf(lines.map((line) => `   ${line.replace(/ /g, "   ")}  `).join("\n")), shinglesOf(lines.join("\n")));
  assert.equal(shinglesOf(lines.join("\n")).size, 1);
});

// ── the guard alone: each class of leak, with the step before it switched off ──
// Bodies are built by Junction's own prompt builders from unredacted, misclassified input, the way
// a broken classification or redaction would hand them over, then serialised as the client does.

const asClientSends = (messages: unknown) => JSON.stringify({ model: "gpt-5-mini", messages, stream: true, stream_options: { include_usage: true } });

test("guard alone: a private file opened through a link (classified public by mistake) is refused", () => {
  const guard = new EgressGuard();
  guard.noteLocalOnly("file:///work/private/src/settle.ts", "private/src/settle.ts", 3, PRIVATE_SOURCE);
  const messages = buildRefactorMessages({ instruction: "Add types", files: [{ path: "public/links/settle.ts", text: PRIVATE_SOURCE }] });
  assert.equal(guard.inspect(asClientSends(messages))?.rule, "local-only-text");
});

test("guard alone: a nested repository's file taken for the outer public repository's is refused", () => {
  const nested = PRIVATE_SOURCE.replace(/settleInvoice/g, "vendorSettle");
  const guard = new EgressGuard();
  guard.noteLocalOnly("file:///work/public/vendor/internal/lib.ts", "public/vendor/internal/lib.ts", 1, nested);
  const messages = buildRefactorMessages({ instruction: "Simplify", files: [{ path: "public/vendor/internal/lib.ts", text: nested }] });
  assert.equal(guard.inspect(asClientSends(messages))?.source, "public/vendor/internal/lib.ts");
});

test("guard alone: a window cut through a private key, sent unredacted, is refused", () => {
  const document = `const key = \`${PEM}\`;\n${Array.from({ length: 40 }, (_, line) => `export const v${line} = ${line};`).join("\n")}\nexport const next = `;
  const guard = new EgressGuard();
  guard.noteSecretsIn(document);
  const { messages } = buildCloudCompletionMessages({
    text: document,
    offset: document.length,
    snippets: [],
    path: "keys.ts",
    languageId: "typescript",
    promptTokens: 400,
  });
  const body = asClientSends(messages);
  assert.ok(!body.includes("BEGIN PRIVATE KEY"), "the window really starts inside the key");
  assert.equal(guard.inspect(body)?.rule, "known-secret");
});

test("guard alone: a key typed into an instruction, sent unredacted, is refused", () => {
  const token = ["ghp", "_", "Q4wE7rT1yU9iO3pA6sD2fG8hJ5kL0zX4cV7b"].join("");
  const messages = buildRefactorMessages({ instruction: `Use ${token} for the API`, files: [{ path: "src/a.ts", text: PUBLIC_SOURCE }] });
  assert.deepEqual(new EgressGuard().inspect(asClientSends(messages)), { rule: "secret", source: "github-pat" });
});

test("guard alone: a secret a model moved under a neutral name, sent unredacted, is refused", () => {
  const value = "Vx9#qL2!mR7&tB4zW8nK3p";
  const guard = new EgressGuard();
  guard.noteSecretsIn(`const dbPassword = "${value}";`);
  const messages = buildRefactorMessages({
    instruction: "Tidy",
    files: [{ path: "src/account.ts", text: `const setting = "${value}";\nexport const connect = () => open(setting);\n` }],
  });
  assert.equal(guard.inspect(asClientSends(messages))?.rule, "known-secret");
});
