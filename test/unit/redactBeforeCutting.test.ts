// Secrets are found on whole texts, before any window or snippet is cut from them: a private key
// whose BEGIN or END line falls outside the window is still redacted whole.
import { test } from "node:test";
import assert from "node:assert/strict";
import { buildCloudCompletionMessages, redactBeforeCutting } from "../../src/core/completion/cloudCompletion.ts";
import { cutSnippet } from "../../src/core/completion/snippets.ts";
import { withKnownSecrets } from "../../src/core/privacy/knownSecrets.ts";
import { findSecrets } from "../../src/core/privacy/secrets.ts";

// Built at run time: no credential-shaped literal lives in the repository.
const BODY_LINES = Array.from({ length: 30 }, (_, line) => `MIIEpAIBAAKCAQEA${String(line).padStart(2, "0")}x7Qp2Lm9Rt4Vw8Yz3Bn6Cd1Fg5Hj0Kl2Mn4Pq7Rs9Tu`);
const PEM = `-----BEGIN RSA PRIVATE KEY-----\n${BODY_LINES.join("\n")}\n-----END RSA PRIVATE KEY-----`;

test("a key whose BEGIN line falls above the window leaves no line of its body in what is sent", () => {
  const text = `const key = \`${PEM}\`;\nexport function total() {\n  return `;
  const offset = text.length;
  const budget = { path: "a.ts", languageId: "typescript", promptTokens: 200 };
  // Cut first, as before: the window starts inside the body, so the key's rule no longer sees it.
  const cutFirst = buildCloudCompletionMessages({ text, offset, snippets: [], ...budget }).messages[1]?.content ?? "";
  assert.ok(!cutFirst.includes("BEGIN RSA") && BODY_LINES.some((line) => cutFirst.includes(line)), "the window holds body lines without the BEGIN line");
  assert.equal(findSecrets(cutFirst).length, 0, "which the scan of the window alone does not recognise");
  const redacted = redactBeforeCutting({ text, offset, snippets: [] });
  assert.ok(redacted);
  const sent = buildCloudCompletionMessages({ text: redacted.text, offset: redacted.offset, snippets: [], ...budget }).messages[1]?.content ?? "";
  for (const line of BODY_LINES) assert.ok(!sent.includes(line), "no body line survives");
  assert.ok(sent.endsWith("  return <|cursor|>"), "the cursor still sits after the same text");
  assert.equal(redacted.redaction.restore(redacted.text), text, "restoring gives back exactly what the user wrote");
});

test("a snippet whose key runs past the snippet's cut is redacted before the cut", () => {
  const snippetSource = `${"// header\n".repeat(40)}const key = \`${PEM}\`;\n`;
  assert.ok(!findSecrets(cutSnippet(snippetSource)).length, "cut first, the key is not recognised: the old order leaked it");
  const redacted = redactBeforeCutting({ text: "export const a = ", offset: 17, snippets: [{ path: "other.ts", text: snippetSource }] });
  assert.ok(redacted);
  const snippet = redacted.snippets[0]?.text ?? "";
  assert.ok(snippet.length > 0 && snippet.length <= 1500);
  for (const line of BODY_LINES) assert.ok(!snippet.includes(line));
});

test("one placeholder means one value across the document and its snippets", () => {
  const token = `ghp_${"aB3dE6gH9jK2mN5pQ8sT1vW4yZ7bC0eF3hJ6"}`;
  const text = `const a = "${token}";\nconst b = `;
  const redacted = redactBeforeCutting({ text, offset: text.length, snippets: [{ path: "other.ts", text: `export const t = "${token}";\n` }] });
  assert.ok(redacted);
  const placeholder = /<<JUNCTION_SECRET_\d+>>/.exec(redacted.text)?.[0];
  assert.ok(placeholder && redacted.snippets[0]?.text.includes(placeholder));
  assert.equal(redacted.redaction.restore(placeholder), token);
});

test("with the cursor inside a secret nothing is prepared for sending", () => {
  const token = `ghp_${"aB3dE6gH9jK2mN5pQ8sT1vW4yZ7bC0eF3hJ6"}`;
  const text = `const a = "${token}";`;
  assert.equal(redactBeforeCutting({ text, offset: text.indexOf(token) + 10, snippets: [] }), undefined);
});

test("a secret seen elsewhere is redacted wherever it appears, under any name", () => {
  const value = "kR7#vQ2pX9!mW4zL8&nB3sT6yH1";
  const text = `const setting = "${value}";\nconst next = `;
  const redacted = redactBeforeCutting({ text, offset: text.length, snippets: [], knownSecrets: [value] });
  assert.ok(redacted && !redacted.text.includes(value));
  assert.deepEqual(withKnownSecrets([], text, [value]), [{ ruleId: "known-secret", start: text.indexOf(value), end: text.indexOf(value) + value.length }]);
});

test("a snippet is the file's first 60 lines, at most 1,500 characters", () => {
  const lines = Array.from({ length: 100 }, (_, index) => `line ${index}`).join("\n");
  assert.equal(cutSnippet(lines).split("\n").filter(Boolean).length, 60);
  assert.equal(cutSnippet("x".repeat(5000)).length, 1500);
});
