// CompletionCache, reuseTypedThrough and InFlightCompletion: a position seen before, or a user
// typing exactly what the ghost text predicted, is answered without asking the model again.
import { test } from "node:test";
import assert from "node:assert/strict";
import { CompletionCache, InFlightCompletion, reuseTypedThrough } from "../../src/core/completion/completionCache.ts";
import type { CompletionKey } from "../../src/core/completion/completionCache.ts";

const MODEL = "qwen2.5-coder:1.5b-base";
const FILE_HEAD = "import { readFile } from 'node:fs';\n".repeat(20); // longer than the 200-character prefix key

function key(prefix: string, suffix = "\n}\n", model = MODEL): CompletionKey {
  return { prefix, suffix, model };
}

// ── the LRU ──

test("a completion is found again at the same position with the same model", () => {
  const cache = new CompletionCache();
  cache.set(key(`${FILE_HEAD}const total = `), "price * quantity;");
  assert.equal(cache.get(key(`${FILE_HEAD}const total = `)), "price * quantity;");
});

test("another model, another text after the cursor or another prefix end is a miss", () => {
  const cache = new CompletionCache();
  cache.set(key(`${FILE_HEAD}const total = `), "price * quantity;");
  assert.equal(cache.get(key(`${FILE_HEAD}const total = `, "\n}\n", "codellama:7b-code")), undefined);
  assert.equal(cache.get(key(`${FILE_HEAD}const total = `, ";\n}\n")), undefined);
  assert.equal(cache.get(key(`${FILE_HEAD}const sum = `)), undefined);
});

test("the key is the prefix's last 200 and the suffix's first 100 characters: edits further away still hit", () => {
  const cache = new CompletionCache();
  const near = "x".repeat(200);
  cache.set(key(`// old header\n${near}`, `;\n${"y".repeat(100)}old tail`), "42");
  assert.equal(cache.get(key(`// a different header\n${near}`, `;\n${"y".repeat(100)}new tail`)), "42");
});

test("the least recently used entry goes first when the cache is full", () => {
  const cache = new CompletionCache({ maxEntries: 2 });
  cache.set(key("a = "), "1");
  cache.set(key("b = "), "2");
  assert.equal(cache.get(key("a = ")), "1"); // a is now the most recently used
  cache.set(key("c = "), "3");
  assert.equal(cache.size, 2);
  assert.equal(cache.get(key("b = ")), undefined, "b was the least recently used");
  assert.equal(cache.get(key("a = ")), "1");
  assert.equal(cache.get(key("c = ")), "3");
});

test("an empty completion is remembered, so a position where the model had nothing is not asked again", () => {
  const cache = new CompletionCache();
  cache.set(key("x = "), "");
  assert.equal(cache.get(key("x = ")), "");
});

test("prefix and suffix characters that look like a separator cannot make two keys collide", () => {
  const cache = new CompletionCache();
  cache.set({ prefix: "a", suffix: "bc", model: "m" }, "first");
  assert.equal(cache.get({ prefix: "ab", suffix: "c", model: "m" }), undefined);
});

// ── typing through a cached completion ──

test("typing the first characters of a cached completion reuses its rest", () => {
  const cache = new CompletionCache();
  cache.set(key(`${FILE_HEAD}const total = `), "price * quantity;");
  assert.equal(cache.lookup(key(`${FILE_HEAD}const total = pri`)), "ce * quantity;");
});

test("typing through works near the start of a file too, where the prefix is shorter than its key", () => {
  const cache = new CompletionCache();
  cache.set(key("const total = "), "price * quantity;");
  assert.equal(cache.lookup(key("const total = price ")), "* quantity;");
  assert.equal(cache.lookup(key("let x;\nconst total = price ")), undefined, "a different start of file is another position");
});

test("typing something the completion did not predict is a miss", () => {
  const cache = new CompletionCache();
  cache.set(key(`${FILE_HEAD}const total = `), "price * quantity;");
  assert.equal(cache.lookup(key(`${FILE_HEAD}const total = cost`)), undefined);
});

test("typing the whole completion leaves nothing to reuse", () => {
  const cache = new CompletionCache();
  cache.set(key(`${FILE_HEAD}const total = `), "price;");
  assert.equal(cache.lookup(key(`${FILE_HEAD}const total = price;`)), undefined);
});

test("lookup prefers an exact hit over typing through", () => {
  const cache = new CompletionCache();
  cache.set(key(`${FILE_HEAD}const total = `), "price * quantity;");
  cache.set(key(`${FILE_HEAD}const total = pri`), "mary.total;");
  assert.equal(cache.lookup(key(`${FILE_HEAD}const total = pri`)), "mary.total;");
});

test("reuseTypedThrough returns the rest when the new prefix extends the old one by the completion's beginning", () => {
  assert.equal(reuseTypedThrough("const x = ", "compute(a, b);", "const x = comp"), "ute(a, b);");
  assert.equal(reuseTypedThrough("const x = ", "compute(a, b);", "const x = "), "compute(a, b);", "nothing typed: the whole completion");
});

test("reuseTypedThrough gives nothing when the typing diverges, goes back, or completes the suggestion", () => {
  assert.equal(reuseTypedThrough("const x = ", "compute(a, b);", "const x = comb"), undefined);
  assert.equal(reuseTypedThrough("const x = ", "compute(a, b);", "const x ="), undefined, "backspace");
  assert.equal(reuseTypedThrough("const x = ", "compute(a, b);", "const y = comp"), undefined, "an edit before the cursor");
  assert.equal(reuseTypedThrough("const x = ", "compute(a, b);", "const x = compute(a, b);"), undefined);
});

test("typing through works across line breaks of a multi-line completion", () => {
  assert.equal(reuseTypedThrough("if (x) {\n", "  a();\n  b();", "if (x) {\n  a();\n  "), "b();");
});

// ── the request in flight ──

function deferred<T>(): { promise: Promise<T>; resolve: (value: T) => void; reject: (error: unknown) => void } {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

test("a keystroke that types what the in-flight request predicts joins it instead of asking again", async () => {
  const inFlight = new InFlightCompletion();
  const answer = deferred<string>();
  const controller = new AbortController();
  inFlight.start(key("const total = "), controller, answer.promise);
  inFlight.progress("pri");
  const joined = inFlight.join(key("const total = pr"));
  assert.ok(joined, "the request can serve the new position");
  answer.resolve("price * quantity;");
  assert.equal(await joined, "ice * quantity;");
  assert.equal(controller.signal.aborted, false);
});

test("a keystroke before the in-flight request has streamed anything does not join it: a stalled stream never holds typing hostage", () => {
  const inFlight = new InFlightCompletion();
  inFlight.start(key("const total = "), new AbortController(), deferred<string>().promise);
  assert.equal(inFlight.join(key("const total = pr")), undefined);
});

test("a joined request whose answer does not start with what was typed yields nothing", async () => {
  const inFlight = new InFlightCompletion();
  const answer = deferred<string>();
  inFlight.start(key("const total = "), new AbortController(), answer.promise);
  inFlight.progress("co");
  const joined = inFlight.join(key("const total = co"));
  answer.resolve("price * quantity;");
  assert.equal(await joined, undefined);
});

test("once the stream shows the user typed something else, joining is refused at once", () => {
  const inFlight = new InFlightCompletion();
  inFlight.start(key("const total = "), new AbortController(), deferred<string>().promise);
  inFlight.progress("price * qu");
  assert.equal(inFlight.join(key("const total = co")), undefined);
  assert.ok(inFlight.join(key("const total = pri")));
});

test("another model, other text after the cursor or an edit before the request's position cannot join", () => {
  const inFlight = new InFlightCompletion();
  inFlight.start(key("const total = "), new AbortController(), deferred<string>().promise);
  assert.equal(inFlight.join(key("const total = p", "\n}\n", "codellama:7b-code")), undefined);
  assert.equal(inFlight.join(key("const total = p", ";\n}\n")), undefined);
  assert.equal(inFlight.join(key("const sum = p")), undefined);
});

test("starting a new request aborts the previous one, which nobody can use any more", () => {
  const inFlight = new InFlightCompletion();
  const first = new AbortController();
  inFlight.start(key("a = "), first, deferred<string>().promise);
  inFlight.start(key("b = "), new AbortController(), deferred<string>().promise);
  assert.equal(first.signal.aborted, true);
  assert.equal(inFlight.join(key("a = 1")), undefined);
});

test("a finished request is no longer in flight: later keystrokes go to the cache instead", async () => {
  const inFlight = new InFlightCompletion();
  const answer = deferred<string>();
  inFlight.start(key("x = "), new AbortController(), answer.promise);
  answer.resolve("1;");
  await answer.promise;
  await Promise.resolve();
  assert.equal(inFlight.join(key("x = ")), undefined);
});

test("a joined request that fails yields nothing instead of failing the joiner", async () => {
  const inFlight = new InFlightCompletion();
  const answer = deferred<string>();
  inFlight.start(key("x = "), new AbortController(), answer.promise);
  const joined = inFlight.join(key("x = 4"));
  answer.reject(new Error("connection reset"));
  assert.equal(await joined, undefined);
});
