// AdaptiveDebounce: the wait before a completion request follows the user's typing rhythm,
// between the floor and ceiling settings.
import { test } from "node:test";
import assert from "node:assert/strict";
import { AdaptiveDebounce } from "../../src/core/completion/debounce.ts";

const FLOOR = 75;
const CEILING = 350;

/** A debounce that has seen keystrokes separated by `gaps` ms, starting at t = 1000. */
function afterGaps(gaps: readonly number[], options: { floorMs?: number; ceilingMs?: number } = {}): AdaptiveDebounce {
  const debounce = new AdaptiveDebounce({ floorMs: options.floorMs ?? FLOOR, ceilingMs: options.ceilingMs ?? CEILING });
  let now = 1_000;
  debounce.recordKeystroke(now);
  for (const gap of gaps) debounce.recordKeystroke((now += gap));
  return debounce;
}

test("with no typing rhythm yet it waits the ceiling", () => {
  assert.equal(afterGaps([]).delay(), CEILING);
});

test("a fast typist waits a little longer than their usual gap, not the ceiling", () => {
  // 75th percentile of the gaps is 120 ms; plus a quarter: 150 ms.
  assert.equal(afterGaps([90, 100, 110, 120, 100, 95, 120, 105]).delay(), 150);
});

test("the wait never goes below the floor, however fast the keystrokes", () => {
  assert.equal(afterGaps([10, 12, 15, 11, 9, 14]).delay(), FLOOR);
});

test("a slow typist's wait is capped at the ceiling", () => {
  assert.equal(afterGaps([400, 450, 500, 420]).delay(), CEILING);
});

test("pauses are not part of the rhythm: a break to think does not slow the next completions", () => {
  const steady = afterGaps([100, 100, 100, 100]);
  const withPause = afterGaps([100, 100, 5_000, 100, 100]);
  assert.equal(withPause.delay(), steady.delay());
});

test("only the most recent gaps count: the wait adapts when the user speeds up", () => {
  const slowThenFast = afterGaps([300, 300, 300, 300, 300, 300, 300, 300, 300, 300, 80, 80, 80, 80, 80, 80, 80, 80, 80, 80]);
  assert.equal(slowThenFast.delay(), 100);
});

test("a single long gap among short ones barely moves the wait", () => {
  assert.equal(afterGaps([100, 100, 100, 100, 100, 100, 100, 900]).delay(), 125);
});

test("the same timestamps always give the same wait", () => {
  const gaps = [130, 95, 210, 160, 88, 140];
  assert.equal(afterGaps(gaps).delay(), afterGaps(gaps).delay());
});

test("keystrokes are timed with the injected clock when no time is given", () => {
  let now = 0;
  const debounce = new AdaptiveDebounce({ floorMs: FLOOR, ceilingMs: CEILING, clock: { now: () => now } });
  for (let i = 0; i < 5; i += 1) {
    debounce.recordKeystroke();
    now += 200;
  }
  assert.equal(debounce.delay(), 250);
});

test("a clock that goes backwards is ignored rather than read as a negative gap", () => {
  const debounce = new AdaptiveDebounce({ floorMs: FLOOR, ceilingMs: CEILING });
  debounce.recordKeystroke(1_000);
  debounce.recordKeystroke(1_200);
  debounce.recordKeystroke(900);
  assert.equal(debounce.delay(), 250);
});

test("a floor set above the ceiling is lowered to it: the ceiling is the user's limit", () => {
  assert.equal(afterGaps([10, 10, 10], { floorMs: 500, ceilingMs: 200 }).delay(), 200);
});
