// The Ollama twin's behaviours that cost time or leak code in a real Ollama, each from the source
// file named in the test: reloads (server/sched.go), the request queue (llm/llama_server.go), the KV
// prefix cache (cache_prompt), keep_alive expiry, eviction, and cloud names (server/cloud_proxy.go).
import { test } from "node:test";
import assert from "node:assert/strict";
import { setTimeout as delay } from "node:timers/promises";
import { Ollama } from "ollama";
import OpenAI from "openai";
import { LATENCY_PROFILES, VirtualClock, startFakeOllama } from "../fakes/fakeOllama.ts";
import type { FakeOllama, FakeOllamaOptions } from "../fakes/fakeOllama.ts";
import { collect } from "./streams.ts";

const CODE_MODEL = "qwen2.5-coder:1.5b-base";
const INSTRUCT_MODEL = "qwen2.5-coder:7b-instruct";

async function setup(t: { after(fn: () => Promise<void>): void }, options: FakeOllamaOptions = {}) {
  const fake: FakeOllama = await startFakeOllama(options);
  t.after(() => fake.stop());
  return { fake, client: new Ollama({ host: fake.url }) };
}

/** Polls (bounded) until `condition` holds. */
async function until(what: string, condition: () => boolean): Promise<void> {
  for (let i = 0; i < 400 && !condition(); i++) await delay(5);
  assert.ok(condition(), `timed out waiting for ${what}`);
}

const generate = (client: Ollama, options: Record<string, unknown> = {}, prompt = "function add(a, b) {") =>
  client.generate({ model: CODE_MODEL, prompt, suffix: "\n}", keep_alive: "30m", options });

const loadReasons = (fake: FakeOllama) => fake.runnerEvents.filter((event) => event.kind === "load").map((event) => event.reason);

// ── server/sched.go needsReload ──

test("the same num_ctx on every request loads the model once", async (t) => {
  const { fake, client } = await setup(t);
  for (let i = 0; i < 5; i++) await generate(client, { num_ctx: 8192, num_predict: 16 + i });
  assert.deepEqual(loadReasons(fake), ["first"]);
  assert.deepEqual(fake.surprises(), []);
});

test("a request whose num_ctx differs from the loaded runner's reloads the model, and ps shows the new context", async (t) => {
  const { fake, client } = await setup(t);
  await generate(client, { num_ctx: 2048 });
  await generate(client, { num_ctx: 2304 });
  assert.deepEqual(loadReasons(fake), ["first", "options-changed"]);
  const ps = await client.ps();
  assert.equal((ps.models[0] as unknown as { context_length: number }).context_length, 2304);
  assert.deepEqual(fake.acknowledgeSurprises(), [`reloaded ${CODE_MODEL} (options-changed, num_ctx 2304)`]);
});

test("other runner options reload too (num_batch), but sampling options do not", async (t) => {
  const { fake, client } = await setup(t);
  await generate(client, { num_ctx: 4096, temperature: 0.1, stop: ["\n"] });
  await generate(client, { num_ctx: 4096, temperature: 0.9, num_predict: 5 });
  assert.equal(fake.reloads.length, 0);
  await generate(client, { num_ctx: 4096, num_batch: 256 });
  assert.deepEqual(loadReasons(fake), ["first", "options-changed"]);
});

test("a num_ctx above the trained context is the trained context: 40960 and 65536 share one runner of 32768", async (t) => {
  const { fake, client } = await setup(t);
  await generate(client, { num_ctx: 40960 });
  await generate(client, { num_ctx: 65536 });
  assert.equal(fake.reloads.length, 0);
  assert.equal(fake.generations[1]?.numCtx, 32768);
});

test("without num_ctx the context is Ollama's automatic one and never reloads; an explicit num_ctx after it does", async (t) => {
  const { fake, client } = await setup(t);
  await client.generate({ model: CODE_MODEL, prompt: "a" });
  await client.generate({ model: CODE_MODEL, prompt: "b" });
  assert.equal(fake.generations[0]?.numCtx, 4096, "the VRAM-tier default without a large GPU");
  assert.equal(fake.reloads.length, 0);
  await client.generate({ model: CODE_MODEL, prompt: "c", options: { num_ctx: 8192 } });
  assert.deepEqual(loadReasons(fake), ["first", "options-changed"]);
});

test("a num_ctx in the model's Modelfile is an explicit setting: a request that omits it uses it", async (t) => {
  const { fake, client } = await setup(t, { models: [{ name: CODE_MODEL, capabilities: ["completion", "insert"], parameters: { num_ctx: 6144 } }] });
  await client.generate({ model: CODE_MODEL, prompt: "a" });
  assert.equal(fake.generations[0]?.numCtx, 6144);
});

// ── server/sched.go: OLLAMA_MAX_LOADED_MODELS, keep_alive ──

test("with OLLAMA_MAX_LOADED_MODELS=1 two models used in turn evict each other on every switch", async (t) => {
  const { fake, client } = await setup(t, { maxLoadedModels: 1 });
  await generate(client, { num_ctx: 8192 });
  await client.chat({ model: INSTRUCT_MODEL, messages: [{ role: "user", content: "hi" }], keep_alive: "30m", options: { num_ctx: 8192 } });
  await generate(client, { num_ctx: 8192 });
  assert.deepEqual(loadReasons(fake), ["first", "first", "evicted"]);
  assert.deepEqual(
    (await client.ps()).models.map((m) => m.name),
    [CODE_MODEL],
  );
});

test("with the automatic limit (3) both models stay loaded side by side", async (t) => {
  const { fake, client } = await setup(t);
  await generate(client, { num_ctx: 8192 });
  await client.chat({ model: INSTRUCT_MODEL, messages: [{ role: "user", content: "hi" }], keep_alive: "30m", options: { num_ctx: 8192 } });
  await generate(client, { num_ctx: 8192 });
  assert.deepEqual(loadReasons(fake), ["first", "first"]);
  assert.deepEqual(new Set((await client.ps()).models.map((m) => m.name)), new Set([CODE_MODEL, INSTRUCT_MODEL]));
});

test("an idle model is unloaded when its keep_alive runs out, and the next request loads it again", async (t) => {
  const clock = new VirtualClock({ autoAdvance: true });
  const { fake, client } = await setup(t, { clock });
  await client.generate({ model: CODE_MODEL, prompt: "a", keep_alive: "10s", options: { num_ctx: 8192 } });
  assert.equal((await client.ps()).models.length, 1);
  await clock.advance(10_001);
  assert.deepEqual((await client.ps()).models, []);
  await client.generate({ model: CODE_MODEL, prompt: "b", keep_alive: "10s", options: { num_ctx: 8192 } });
  assert.deepEqual(loadReasons(fake), ["first", "expired"]);
});

test("a keep_alive Ollama cannot parse is refused with Go's own message", async (t) => {
  const { client } = await setup(t);
  await assert.rejects(
    client.generate({ model: CODE_MODEL, prompt: "a", keep_alive: "soon" }),
    (error: Error & { status_code?: number }) => error.status_code === 400 && error.message === 'time: invalid duration "soon"',
  );
});

// ── llm/llama_server.go: one request at a time per runner, the prompt cache ──

test("with OLLAMA_NUM_PARALLEL=1 a second request waits for the first to finish", async (t) => {
  const clock = new VirtualClock();
  const { fake, client } = await setup(t, { clock, profile: { loadMs: 0, promptTokensPerSecond: 100, evalTokensPerSecond: 10 } });
  const first = generate(client, { num_ctx: 8192 }, "a".repeat(400));
  const second = generate(client, { num_ctx: 8192 }, "b".repeat(400));
  await until("both requests to arrive", () => fake.requestsTo("/api/generate").length === 2 && clock.pendingTimers === 1);
  await clock.runUntilIdle();
  await Promise.all([first, second]);
  const [a, b] = fake.generations;
  assert.ok(a && b && a.finishedAt !== undefined);
  assert.equal(b.startedAt, a.finishedAt, "the second starts when the first is done");
  assert.ok(b.startedAt - b.arrivedAt > 0, "and queued until then");
});

test("with OLLAMA_NUM_PARALLEL=2 two requests run side by side", async (t) => {
  const clock = new VirtualClock();
  const { fake, client } = await setup(t, { clock, numParallel: 2, profile: { loadMs: 0, promptTokensPerSecond: 100, evalTokensPerSecond: 10 } });
  const both = Promise.all([generate(client, { num_ctx: 8192 }, "a".repeat(400)), generate(client, { num_ctx: 8192 }, "b".repeat(400))]);
  await until("both to be evaluating", () => clock.pendingTimers === 2);
  await clock.runUntilIdle();
  await both;
  assert.equal(fake.generations[0]?.startedAt, fake.generations[1]?.startedAt);
});

test("a prompt that repeats the last one's beginning evaluates only its new tokens; prompt_eval_count still counts all", async (t) => {
  const { fake, client } = await setup(t, { profile: LATENCY_PROFILES.gpu, clock: new VirtualClock({ autoAdvance: true }) });
  const head = "x".repeat(4000);
  await client.generate({ model: CODE_MODEL, prompt: head, raw: true, options: { num_ctx: 8192 } });
  const second = await client.generate({ model: CODE_MODEL, prompt: `${head}more text`, raw: true, options: { num_ctx: 8192 } });
  const record = fake.generations[1];
  assert.ok(record);
  assert.equal(record.cachedTokens, 1000);
  assert.equal(record.evaluatedTokens, record.promptTokens - 1000);
  assert.equal(second.prompt_eval_count, record.promptTokens);
  assert.equal(second.prompt_eval_duration, Math.round((record.evaluatedTokens / 4000) * 1e9));
});

test("a prompt that changes near its start is evaluated almost whole again", async (t) => {
  const { fake, client } = await setup(t);
  await client.generate({ model: CODE_MODEL, prompt: `a${"x".repeat(4000)}`, raw: true, options: { num_ctx: 8192 } });
  await client.generate({ model: CODE_MODEL, prompt: `b${"x".repeat(4000)}`, raw: true, options: { num_ctx: 8192 } });
  assert.equal(fake.generations[1]?.cachedTokens, 0);
});

test("with a suffix the model's template decides the order: prefix-first templates re-evaluate the suffix, suffix-first ones cache it", async (t) => {
  const codestral = { name: "codestral:22b", capabilities: ["completion", "insert"], fimTemplate: "codestral" as const };
  const { fake, client } = await setup(t, { models: [{ name: CODE_MODEL, capabilities: ["completion", "insert"] }, codestral] });
  const suffix = "\n".padEnd(2000, "y");
  for (const model of [CODE_MODEL, codestral.name]) {
    await client.generate({ model, prompt: "p".repeat(2000), suffix, options: { num_ctx: 8192 } });
    await client.generate({ model, prompt: `${"p".repeat(2000)}typed`, suffix, options: { num_ctx: 8192 } });
  }
  const [, prefixFirst, , suffixFirst] = fake.generations;
  assert.ok(prefixFirst && suffixFirst);
  assert.ok(prefixFirst.evaluatedTokens > 500, `prefix-first re-evaluated ${prefixFirst.evaluatedTokens}`);
  assert.ok(suffixFirst.evaluatedTokens < 10, `suffix-first re-evaluated ${suffixFirst.evaluatedTokens}`);
});

test("a prompt longer than the context loses its middle and the twin says so", async (t) => {
  const { fake, client } = await setup(t);
  await client.generate({ model: CODE_MODEL, prompt: "z".repeat(10_000), raw: true, options: { num_ctx: 1024 } });
  assert.equal(fake.generations[0]?.truncated, true);
  assert.ok((fake.generations[0]?.promptTokens ?? 0) < 1024);
});

test("loading costs the profile's load time, once, and generation its tokens (virtual clock)", async (t) => {
  const clock = new VirtualClock({ autoAdvance: true });
  const { fake, client } = await setup(t, { clock, profile: LATENCY_PROFILES.laptopCpu });
  fake.script({ reply: "abcdefgh", chunks: 2 });
  const first = await client.generate({ model: CODE_MODEL, prompt: "p".repeat(400), raw: true, options: { num_ctx: 8192 } });
  const second = await client.generate({ model: CODE_MODEL, prompt: "q".repeat(400), raw: true, options: { num_ctx: 8192 } });
  assert.equal(first.load_duration, 3_000 * 1e6);
  assert.ok(second.load_duration < 1e6, `warm: ${second.load_duration} ns`);
  assert.equal(first.eval_duration, Math.round((2 / 25) * 1e9), "two 4-character pieces, one token each");
  assert.equal(fake.generations[0]?.loadMs, 3_000);
});

test("a client that goes away while its request waits in the queue never runs on the model", async (t) => {
  const clock = new VirtualClock();
  const { fake, client } = await setup(t, { clock, profile: { loadMs: 0, promptTokensPerSecond: 100, evalTokensPerSecond: 10 } });
  const first = generate(client, { num_ctx: 8192 }, "a".repeat(400));
  const controller = new AbortController();
  const body = JSON.stringify({ model: CODE_MODEL, prompt: "b", options: { num_ctx: 8192 } });
  const waiting = fetch(`${fake.url}/api/generate`, { method: "POST", body, signal: controller.signal });
  await until("the first to be evaluating", () => clock.pendingTimers === 1 && fake.requestsTo("/api/generate").length === 2);
  controller.abort();
  await assert.rejects(waiting);
  await until("the server to see the close", () => fake.requestsTo("/api/generate")[1]?.clientClosedEarly === true);
  await clock.runUntilIdle();
  await first;
  assert.equal(fake.generations.length, 1);
});

// ── server/routes.go + server/cloud_proxy.go: cloud names ──

for (const name of ["qwen3-coder:cloud", "kimi-k2.6:Cloud", "deepseek-v3.1:671b:CLOUD", "gpt-oss:120b-cloud"]) {
  test(`generate for ${name} is forwarded to ollama.com: recorded as a cloud request, no local runner`, async (t) => {
    const { fake, client } = await setup(t);
    const answer = await client.generate({ model: name, prompt: "private code", stream: false });
    assert.equal((answer as unknown as { remote_host?: string }).remote_host, undefined, "the cloud's answer need not say so");
    assert.equal(fake.cloudRequests.length, 1);
    assert.equal(fake.cloudRequests[0]?.via, "cloud-name");
    assert.equal((fake.cloudRequests[0]?.body as { prompt?: string } | undefined)?.prompt, "private code");
    assert.equal(fake.generations.length, 0);
    assert.equal(fake.surprises().length, 1);
    fake.acknowledgeSurprises();
  });
}

test("chat for a cloud name is forwarded too, with the source suffix stripped", async (t) => {
  const { fake, client } = await setup(t);
  await client.chat({ model: "qwen3-coder:480b:cloud", messages: [{ role: "user", content: "hi" }] });
  assert.deepEqual(
    fake.cloudRequests.map((r) => [r.path, r.remoteModel]),
    [["/api/chat", "qwen3-coder:480b"]],
  );
  fake.acknowledgeSurprises();
});

test("a model made from a cloud model is forwarded to its remote host and every record says so", async (t) => {
  const stub = { name: "team-coder:latest", capabilities: ["completion"], remoteHost: "https://ollama.com:443", remoteModel: "qwen3-coder:480b" };
  const { fake, client } = await setup(t, { models: [stub] });
  const parts = await collect(await client.generate({ model: "team-coder", prompt: "x", stream: true }));
  assert.ok(parts.every((part) => (part as unknown as { remote_host?: string }).remote_host === "https://ollama.com:443"));
  assert.equal(fake.cloudRequests[0]?.via, "remote-host");
  fake.acknowledgeSurprises();
});

test("':local' asks for the local copy only: a cloud stub is not found, a local model runs", async (t) => {
  const stub = { name: "team-coder:latest", capabilities: ["completion"], remoteHost: "https://ollama.com:443" };
  const { fake, client } = await setup(t, { models: [stub, { name: CODE_MODEL, capabilities: ["completion", "insert"] }] });
  await assert.rejects(client.generate({ model: "team-coder:local", prompt: "x" }), (error: Error & { status_code?: number }) => error.status_code === 404);
  await client.generate({ model: `${CODE_MODEL}:local`, prompt: "x" });
  assert.equal(fake.cloudRequests.length, 0);
  assert.equal(fake.generations.length, 1);
});

test("a name with both source suffixes is refused with modelref's message", async (t) => {
  const { client } = await setup(t);
  await assert.rejects(
    client.chat({ model: "qwen3:cloud:local", messages: [] }),
    (error: Error & { status_code?: number }) => error.status_code === 400 && /either :local or :cloud/.test(error.message),
  );
});

// ── strict tests read the surprises ──

test("assertNoSurprises fails once with what happened; reset() keeps the evidence until then", async (t) => {
  const { fake, client } = await setup(t);
  await generate(client, { num_ctx: 2048 });
  await generate(client, { num_ctx: 4096 });
  fake.reset();
  assert.throws(() => fake.assertNoSurprises(), /reloaded qwen2\.5-coder:1\.5b-base \(options-changed, num_ctx 4096\)/);
  assert.doesNotThrow(() => fake.assertNoSurprises());
  await generate(client, { num_ctx: 4096 });
  assert.deepEqual(fake.surprises(), [], "after reset() the next load is a fresh server's first");
});

// ── the virtual clock itself ──

test("a virtual clock fires timers in time order, only when moved, and an abort cancels a timer", async () => {
  const clock = new VirtualClock();
  const fired: string[] = [];
  const controller = new AbortController();
  void clock.sleep(30, new AbortController().signal).then(() => fired.push("30"));
  void clock.sleep(10, new AbortController().signal).then(() => fired.push("10"));
  const cancelled = clock.sleep(20, controller.signal);
  controller.abort();
  assert.equal(await cancelled, false);
  await clock.advance(15);
  assert.deepEqual(fired, ["10"]);
  await clock.advance(15);
  assert.deepEqual(fired, ["10", "30"]);
  assert.equal(clock.now(), 30);
});

// ── middleware/openai.go: the /v1 routes the openai-compatible provider uses ──

test("/v1/models lists the installed models, owned by their namespace", async (t) => {
  const { fake } = await setup(t);
  const client = new OpenAI({ apiKey: "none", baseURL: `${fake.url}/v1`, maxRetries: 0 });
  const ids: Array<[string, string]> = [];
  for await (const model of client.models.list()) ids.push([model.id, model.owned_by]);
  assert.deepEqual(ids, [
    [CODE_MODEL, "library"],
    [INSTRUCT_MODEL, "library"],
    ["gpt-oss:120b-cloud", "library"],
  ]);
});

test("a streamed /v1/completions carries an all-zero usage on every chunk until the real one, and runs with the automatic context", async (t) => {
  const { fake } = await setup(t);
  fake.script({ path: "/v1/completions", reply: "return a + b;", chunks: 3 });
  const client = new OpenAI({ apiKey: "none", baseURL: `${fake.url}/v1`, maxRetries: 0 });
  const stream = await client.completions.create({
    model: CODE_MODEL,
    prompt: "<|fim_prefix|>f(<|fim_suffix|>)<|fim_middle|>",
    max_tokens: 16,
    stream: true,
    stream_options: { include_usage: true },
  });
  const chunks = await collect(stream);
  assert.equal(chunks.map((chunk) => chunk.choices[0]?.text ?? "").join(""), "return a + b;");
  assert.ok(chunks.slice(0, 3).every((chunk) => chunk.usage?.prompt_tokens === 0));
  assert.ok((chunks.at(-1)?.usage?.prompt_tokens ?? 0) > 0);
  assert.equal(fake.generations[0]?.numCtx, 4096);
});

test("/v1/chat/completions for a cloud name is passed through to ollama.com before any local handling", async (t) => {
  const { fake } = await setup(t);
  const client = new OpenAI({ apiKey: "none", baseURL: `${fake.url}/v1`, maxRetries: 0 });
  await client.chat.completions.create({ model: "qwen3-coder:cloud", messages: [{ role: "user", content: "private code" }] });
  assert.deepEqual(
    fake.cloudRequests.map((r) => [r.path, r.remoteModel]),
    [["/v1/chat/completions", "qwen3-coder"]],
  );
  assert.equal(fake.generations.length, 0);
  fake.acknowledgeSurprises();
});
