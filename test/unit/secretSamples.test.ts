// The secret-detection corpus as a regression suite (test/fixtures/secretSamples.ts and
// secretLookalikes.ts): every secret is found with its exact span, wherever it occurs in its
// sample and nothing else there; no lookalike is found at all. bench/secretRecall.bench.ts
// prints the same corpus as recall per family.
import { test } from "node:test";
import assert from "node:assert/strict";
import { findSecrets, redactSecrets } from "../../src/core/privacy/secrets.ts";
import { LOOKALIKES } from "../fixtures/secretLookalikes.ts";
import { SECRET_SAMPLES } from "../fixtures/secretSamples.ts";

function occurrences(text: string, value: string): Array<[number, number]> {
  const spans: Array<[number, number]> = [];
  for (let at = text.indexOf(value); at >= 0; at = text.indexOf(value, at + value.length)) spans.push([at, at + value.length]);
  return spans;
}

const byFamily = new Map<string, typeof SECRET_SAMPLES>();
for (const sample of SECRET_SAMPLES) byFamily.set(sample.family, [...(byFamily.get(sample.family) ?? []), sample]);

for (const [family, samples] of byFamily) {
  test(`${family}: every sample's secret is found, exactly, and nothing else in the sample`, () => {
    for (const { text, secret } of samples) {
      assert.ok(text.includes(secret), `the sample holds its secret: ${text.slice(0, 80)}`);
      const found = findSecrets(text).map((finding): [number, number] => [finding.start, finding.end]);
      assert.deepEqual(found, occurrences(text, secret), text.slice(0, 160));
    }
  });
}

test("a redacted sample keeps no copy of its secret, and restores exactly", () => {
  for (const { text, secret } of SECRET_SAMPLES) {
    const redaction = redactSecrets(text);
    assert.ok(!redaction.redacted.includes(secret), text.slice(0, 80));
    assert.equal(redaction.restore(redaction.redacted), text);
  }
});

const lookalikeFamilies = new Map<string, string[]>();
for (const { family, text } of LOOKALIKES) lookalikeFamilies.set(family, [...(lookalikeFamilies.get(family) ?? []), text]);

for (const [family, texts] of lookalikeFamilies) {
  test(`lookalikes (${family}): nothing is found`, () => {
    for (const text of texts) {
      assert.deepEqual(
        findSecrets(text).map((finding) => `${finding.ruleId}: ${text.slice(finding.start, finding.end)}`),
        [],
        text.slice(0, 160),
      );
    }
  });
}
