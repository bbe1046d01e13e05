// PromiseCache: the model-info and served-models caches of the local providers. Shared while
// pending and after success, forgotten after a failure, and never dropped by an older failure.
import { test } from "node:test";
import assert from "node:assert/strict";
import { PromiseCache } from "../../src/core/providers/promiseCache.ts";

function deferred<T>(): { promise: Promise<T>; resolve: (value: T) => void; reject: (error: Error) => void } {
  let resolve!: (value: T) => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<T>((yes, no) => {
    resolve = yes;
    reject = no;
  });
  return { promise, resolve, reject };
}

test("callers share one load, pending and resolved", async () => {
  const cache = new PromiseCache<string, number>();
  let loads = 0;
  const load = () => Promise.resolve(++loads);
  const [a, b] = await Promise.all([cache.get("m", load), cache.get("m", load)]);
  assert.deepEqual([a, b, await cache.get("m", load)], [1, 1, 1]);
  assert.equal(loads, 1);
});

test("refresh loads again and keeps the new result; forget drops the key", async () => {
  const cache = new PromiseCache<string, number>();
  let loads = 0;
  const load = () => Promise.resolve(++loads);
  await cache.get("m", load);
  assert.equal(await cache.get("m", load, { refresh: true }), 2);
  assert.equal(await cache.get("m", load), 2);
  cache.forget("m");
  assert.equal(await cache.get("m", load), 3);
});

test("a failure is forgotten, so the next call asks again", async () => {
  const cache = new PromiseCache<string, string>();
  await assert.rejects(
    cache.get("m", () => Promise.reject(new Error("down"))),
    /down/,
  );
  assert.equal(await cache.get("m", () => Promise.resolve("up")), "up");
});

test("an older load failing after a refresh does not drop the newer one", async () => {
  const cache = new PromiseCache<string, string>();
  const older = deferred<string>();
  const first = cache.get("m", () => older.promise);
  const newer = cache.get("m", () => Promise.resolve("fresh"), { refresh: true });
  older.reject(new Error("stale failure"));
  await assert.rejects(first, /stale failure/);
  assert.equal(await newer, "fresh");
  let loadedAgain = false;
  assert.equal(await cache.get("m", () => ((loadedAgain = true), Promise.resolve("again"))), "fresh");
  assert.equal(loadedAgain, false);
});
