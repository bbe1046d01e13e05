import { test } from "node:test";
import assert from "node:assert/strict";
import { withDeadline } from "../../src/core/deadline.ts";
import { heldResources, startTimer } from "../../src/core/heldResources.ts";
import type { HeldResources } from "../../src/core/heldResources.ts";

test("the work's result comes back when it finishes in time", async () => {
  assert.equal(await withDeadline(new AbortController().signal, 1_000, async () => 42), 42);
});

test("a deadline that passes aborts the work's signal with a TimeoutError", async () => {
  const reason = await withDeadline(
    new AbortController().signal,
    20,
    (signal) => new Promise((resolve) => signal.addEventListener("abort", () => resolve(signal.reason))),
  );
  assert.equal((reason as DOMException).name, "TimeoutError");
});

test("the caller's abort reaches the work with the caller's reason", async () => {
  const caller = new AbortController();
  const pending = withDeadline(caller.signal, 10_000, (signal) => new Promise((resolve) => signal.addEventListener("abort", () => resolve(signal.reason))));
  caller.abort("the user typed on");
  assert.equal(await pending, "the user typed on");
});

test("an already aborted caller's signal aborts the work at once", async () => {
  const caller = new AbortController();
  caller.abort("before");
  assert.equal(await withDeadline(caller.signal, 10_000, async (signal) => signal.aborted), true);
});

test("nothing is left behind: no deadline timer outlives its request and the caller's signal holds no listener", async () => {
  const caller = new AbortController();
  // Junction's own count: the process's timers include the test runner's.
  const timersBefore = heldResources().timers;
  for (let i = 0; i < 100; i += 1) await withDeadline(caller.signal, 60_000, async () => i);
  assert.equal(heldResources().timers, timersBefore);
  let listenerCalls = 0;
  caller.signal.addEventListener("abort", () => (listenerCalls += 1));
  caller.abort();
  assert.equal(listenerCalls, 1, "only the listener added here was still registered");
});

test("a request holds one counted timer and one request while it runs, and gives both back however it ends", async () => {
  const before = heldResources();
  let during: HeldResources | undefined;
  await withDeadline(new AbortController().signal, 60_000, async () => {
    during = heldResources();
  });
  assert.deepEqual(during, { timers: before.timers + 1, requests: before.requests + 1 });
  await assert.rejects(withDeadline(new AbortController().signal, 60_000, async () => Promise.reject(new Error("server down"))));
  const caller = new AbortController();
  const aborted = withDeadline(caller.signal, 60_000, (signal) => new Promise((_, reject) => signal.addEventListener("abort", () => reject(signal.reason))));
  caller.abort("typed on");
  await assert.rejects(aborted);
  await withDeadline(new AbortController().signal, 5, (signal) => new Promise((resolve) => signal.addEventListener("abort", resolve)));
  assert.deepEqual(heldResources(), before);
});

test("a counted timer is given back when it fires and when it is cleared, once each", async () => {
  const before = heldResources().timers;
  const clear = startTimer(60_000, () => assert.fail("a cleared timer never fires"));
  assert.equal(heldResources().timers, before + 1);
  clear();
  clear();
  assert.equal(heldResources().timers, before);
  await new Promise<void>((resolve) => startTimer(1, resolve));
  assert.equal(heldResources().timers, before);
});
