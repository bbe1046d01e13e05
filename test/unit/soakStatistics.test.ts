import { test } from "node:test";
import assert from "node:assert/strict";
import { growthPerUnit } from "../integration/ownedHeap.ts";

test("memory that grows by the same amount per request gives that slope with no error", () => {
  const growth = growthPerUnit([1, 2, 3, 4, 5].map((k) => ({ work: k * 1000, bytes: 1_000_000 + k * 1000 * 300 })));
  assert.equal(Math.round(growth.perUnit), 300);
  assert.ok(growth.standardError < 1e-6);
});

test("a flat line with noise gives a slope near zero whose error covers it", () => {
  const noise = [40_000, -60_000, 10_000, 70_000, -30_000, -20_000, 50_000, -60_000, 20_000, -10_000];
  const growth = growthPerUnit(noise.map((delta, k) => ({ work: (k + 1) * 1000, bytes: 900_000 + delta })));
  assert.ok(Math.abs(growth.perUnit) < 4 * growth.standardError, `slope ${growth.perUnit} should be within four errors ${growth.standardError} of zero`);
});

test("fewer than three points cannot give a slope with an error", () => {
  assert.throws(() =>
    growthPerUnit([
      { work: 1, bytes: 1 },
      { work: 2, bytes: 2 },
    ]),
  );
});
