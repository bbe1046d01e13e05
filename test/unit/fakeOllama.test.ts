// The fake Ollama, exercised through the real `ollama` npm client: if these pass, code written
// against the client behaves the same against the fake as against a real Ollama.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Ollama } from "ollama";
import { DEFAULT_COMPLETION } from "../fakes/fakeServerCore.ts";
import { DEFAULT_OLLAMA_MODELS, startFakeOllama } from "../fakes/fakeOllama.ts";
import type { FakeOllama, FakeOllamaOptions } from "../fakes/fakeOllama.ts";
import { collect } from "./streams.ts";

const CODE_MODEL = "qwen2.5-coder:1.5b-base";
const INSTRUCT_MODEL = "qwen2.5-coder:7b-instruct";
const CLOUD_MODEL = "gpt-oss:120b-cloud";

/** Starts a fake and a client for one test; the fake stops when the test ends, pass or fail. */
async function setup(t: { after(fn: () => Promise<void>): void }, options: FakeOllamaOptions = {}) {
  const fake: FakeOllama = await startFakeOllama(options);
  t.after(() => fake.stop());
  return { fake, client: new Ollama({ host: fake.url }) };
}

async function rejectsWithStatus(promise: Promise<unknown>, status: number, message: string): Promise<void> {
  await assert.rejects(promise, (error: Error & { status_code?: number }) => {
    assert.equal(error.name, "ResponseError");
    assert.equal(error.status_code, status);
    assert.equal(error.message, message);
    return true;
  });
}

test("a streamed fill-in-the-middle generate arrives in chunks and ends with done, counts and ns durations", async (t) => {
  const { fake, client } = await setup(t);
  fake.script({ path: "/api/generate", promptIncludes: "function add", reply: "return a + b;", chunks: 3 });
  const stream = await client.generate({
    model: CODE_MODEL,
    prompt: "function add(a, b) {\n  ",
    suffix: "\n}",
    stream: true,
    keep_alive: "10m",
    options: { num_predict: 64, temperature: 0.2, stop: ["\n\n"] },
  });
  const parts = await collect(stream);
  const pieces = parts.filter((p) => !p.done).map((p) => p.response);
  assert.equal(pieces.length, 3);
  assert.equal(pieces.join(""), "return a + b;");
  const last = parts.at(-1);
  assert.ok(last?.done);
  assert.equal(last.done_reason, "stop");
  assert.ok(last.prompt_eval_count > 0 && last.eval_count > 0);
  for (const field of ["total_duration", "load_duration", "prompt_eval_duration", "eval_duration"] as const) {
    assert.ok(Number.isInteger(last[field]) && last[field] > 0, field);
  }
  const sent = fake.requestsTo("/api/generate")[0]?.body;
  assert.equal(sent.suffix, "\n}");
  assert.equal(sent.keep_alive, "10m");
  assert.deepEqual(sent.options.stop, ["\n\n"]);
});

test("a non-empty suffix to a model without the insert capability is refused with real Ollama's 400", async (t) => {
  const { client } = await setup(t);
  const call = client.generate({ model: INSTRUCT_MODEL, prompt: "def f(", suffix: "return x" });
  await rejectsWithStatus(call, 400, `registry.ollama.ai/library/${INSTRUCT_MODEL} does not support insert`);
});

test("raw mode is accepted without a suffix: the prompt carries the model's own FIM tokens", async (t) => {
  const { fake, client } = await setup(t);
  const prompt = "<|fim_prefix|>const x = <|fim_suffix|>;\n<|fim_middle|>";
  const answer = await client.generate({ model: INSTRUCT_MODEL, prompt, raw: true });
  assert.equal(answer.response, DEFAULT_COMPLETION);
  assert.equal(fake.requests[0]?.body.raw, true);
});

test("raw mode does not lift the insert check for a non-empty suffix, as in real Ollama", async (t) => {
  const { client } = await setup(t);
  const call = client.generate({ model: INSTRUCT_MODEL, prompt: "a", suffix: "b", raw: true });
  await rejectsWithStatus(call, 400, `registry.ollama.ai/library/${INSTRUCT_MODEL} does not support insert`);
});

// routes.go: generate and chat answer 404 "model '<name>' not found" (the "try pulling it first"
// wording is only left in handleScheduleError); show quotes the name the same way.
test("an unknown model answers 404 \"model '<name>' not found\" on generate, chat and show", async (t) => {
  const { client } = await setup(t);
  await rejectsWithStatus(client.generate({ model: "nope:1b", prompt: "x" }), 404, "model 'nope:1b' not found");
  await rejectsWithStatus(client.chat({ model: "nope:1b", messages: [] }), 404, "model 'nope:1b' not found");
  await rejectsWithStatus(client.show({ model: "nope:1b" }), 404, "model 'nope:1b' not found");
});

test("without a matching rule the answer is the configurable deterministic default completion", async (t) => {
  const { client } = await setup(t, { defaultCompletion: (prompt) => `// ${prompt.length} chars before the cursor` });
  const answer = await client.generate({ model: CODE_MODEL, prompt: "abcd", suffix: "z" });
  assert.equal(answer.response, "// 4 chars before the cursor");
  assert.equal(answer.done, true);
});

test("chat streams the assistant message and ends with done counts", async (t) => {
  const { fake, client } = await setup(t);
  fake.script({ promptMatches: /refactor/i, model: INSTRUCT_MODEL, reply: "Here is the refactor.", chunks: 4 });
  const stream = await client.chat({
    model: INSTRUCT_MODEL,
    messages: [
      { role: "system", content: "You edit code." },
      { role: "user", content: "Refactor this" },
    ],
    stream: true,
  });
  const parts = await collect(stream);
  assert.equal(parts.map((p) => p.message.content).join(""), "Here is the refactor.");
  assert.ok(parts.every((p) => p.message.role === "assistant"));
  const last = parts.at(-1);
  assert.equal(last?.done, true);
  assert.ok((last?.eval_count ?? 0) > 0 && (last?.prompt_eval_count ?? 0) > 0);
});

test("show reports insert for the code model, no insert for the instruct model, and remote_host for a model made from a cloud model", async (t) => {
  const stub = { name: "team-coder:latest", capabilities: ["completion", "tools"], remoteHost: "https://ollama.com:443", remoteModel: "qwen3-coder:480b" };
  const { client } = await setup(t, { models: [...DEFAULT_OLLAMA_MODELS, stub] });
  const code = await client.show({ model: CODE_MODEL });
  const instruct = await client.show({ model: INSTRUCT_MODEL });
  const proxied = (await client.show({ model: "team-coder" })) as unknown as { remote_host?: string; remote_model?: string };
  assert.deepEqual(code.capabilities, ["completion", "insert"]);
  assert.ok(instruct.capabilities.includes("completion") && !instruct.capabilities.includes("insert"));
  assert.equal(proxied.remote_host, "https://ollama.com:443");
  assert.equal(proxied.remote_model, "qwen3-coder:480b");
  assert.equal((code as unknown as { remote_host?: string }).remote_host, undefined);
});

// routes.go ShowHandler: for an explicit cloud name (the legacy "-cloud" tag counts) the question
// itself goes to ollama.com, and the cloud's answer need not say remote_host.
test("show for a cloud name is forwarded to the cloud and recorded as a cloud request", async (t) => {
  const { fake, client } = await setup(t);
  const answer = (await client.show({ model: CLOUD_MODEL })) as unknown as { remote_host?: string };
  assert.equal(answer.remote_host, undefined);
  assert.deepEqual(
    fake.cloudRequests.map((r) => [r.path, r.model, r.remoteModel, r.via]),
    [["/api/show", CLOUD_MODEL, "gpt-oss:120b", "cloud-name"]],
  );
  assert.deepEqual(fake.acknowledgeSurprises(), [`sent /api/show for ${CLOUD_MODEL} to https://ollama.com:443 (cloud-name)`]);
});

test("tags lists the models, ps lists a model after use until keep_alive 0 unloads it, version can say simulated", async (t) => {
  const { client } = await setup(t, { simulated: true });
  const tags = await client.list();
  assert.deepEqual(
    tags.models.map((m) => m.name),
    [CODE_MODEL, INSTRUCT_MODEL, CLOUD_MODEL],
  );
  assert.equal((tags.models[2] as unknown as { remote_host?: string }).remote_host, "https://ollama.com:443");
  assert.deepEqual((await client.ps()).models, []);
  await client.generate({ model: CODE_MODEL, prompt: "x" });
  assert.deepEqual(
    (await client.ps()).models.map((m) => m.name),
    [CODE_MODEL],
  );
  const unload = await client.generate({ model: CODE_MODEL, prompt: "", keep_alive: 0 });
  assert.equal(unload.done_reason, "unload");
  assert.deepEqual((await client.ps()).models, []);
  assert.deepEqual(await client.version(), { version: "0.12.6", simulated: true });
});

test("version carries no simulated flag unless asked", async (t) => {
  const { client } = await setup(t);
  assert.equal("simulated" in (await client.version()), false);
});

test("pull streams progress with digest, total and completed, ends with success and installs the model", async (t) => {
  const { fake, client } = await setup(t, { models: [] });
  const parts = await collect(await client.pull({ model: CODE_MODEL, stream: true }));
  assert.equal(parts[0]?.status, "pulling manifest");
  const layer = parts.filter((p) => p.digest);
  assert.ok(layer.length > 0 && layer.every((p) => p.digest.startsWith("sha256:") && p.total > 0));
  assert.equal(layer.at(-1)?.completed, layer.at(-1)?.total);
  assert.equal(parts.at(-1)?.status, "success");
  assert.deepEqual(
    fake.models.map((m) => m.name),
    [CODE_MODEL],
  );
  assert.equal(fake.requestsTo("/api/pull")[0]?.body.name, CODE_MODEL);
});

test("pulling a name the registry does not have ends the stream with an error line", async (t) => {
  const { client } = await setup(t);
  await assert.rejects(collect(await client.pull({ model: "no-such-model", stream: true })), /file does not exist/);
});

test("every request is recorded with method, path, parsed body and time; credentials are redacted", async (t) => {
  const { fake } = await setup(t);
  const client = new Ollama({ host: fake.url, headers: { Authorization: "Bearer secret-token" } });
  await client.generate({ model: CODE_MODEL, prompt: "p" });
  const [request] = fake.requests;
  assert.equal(request?.method, "POST");
  assert.equal(request?.path, "/api/generate");
  assert.equal(request?.body.prompt, "p");
  assert.equal(request?.headers.authorization, "[redacted]");
  assert.equal(request?.keyPresented, true);
  assert.equal(request?.authorized, true);
  assert.ok(Math.abs(Date.now() - (request?.time ?? 0)) < 5000);
  assert.equal(JSON.stringify(fake.requests).includes("secret-token"), false);
});

test("with an apiKey configured a wrong key is refused with 401 and recorded as unauthorized", async (t) => {
  const { fake } = await setup(t, { apiKey: "right" });
  const client = new Ollama({ host: fake.url, headers: { Authorization: "Bearer wrong" } });
  await assert.rejects(client.list(), (e: { status_code?: number }) => e.status_code === 401);
  assert.equal(fake.requests[0]?.authorized, false);
});

test("an error line mid-stream makes the ollama iterator throw with its message", async (t) => {
  const { fake, client } = await setup(t);
  fake.script({ reply: "abcdef", chunks: 3, errorLineAfterChunks: 1, errorMessage: "model runner crashed" });
  const stream = await client.generate({ model: CODE_MODEL, prompt: "x", stream: true });
  await assert.rejects(collect(stream), /model runner crashed/);
});

test("a connection dropped mid-stream surfaces as an error, not as a short answer", async (t) => {
  const { fake, client } = await setup(t);
  fake.script({ reply: "abcdef", chunks: 3, dropAfterChunks: 1 });
  const stream = await client.generate({ model: CODE_MODEL, prompt: "x", stream: true });
  const received: string[] = [];
  await assert.rejects(async () => {
    for await (const part of stream) received.push(part.response ?? "");
  }, /terminated/);
  assert.deepEqual(received, ["ab"]);
});

test("a malformed line is put on the wire and the rest of the stream still follows", async (t) => {
  const { fake } = await setup(t);
  fake.script({ reply: "abcdef", chunks: 2, malformedAfterChunks: 1 });
  const response = await fetch(`${fake.url}/api/generate`, { method: "POST", body: JSON.stringify({ model: CODE_MODEL, prompt: "x" }) });
  const lines = (await response.text()).trim().split("\n");
  assert.equal(lines.length, 4);
  assert.throws(() => JSON.parse(lines[1] ?? ""));
  assert.equal(JSON.parse(lines[3] ?? "").done, true);
});

test("a stalled stream ends promptly when the client aborts the iterator", async (t) => {
  const { fake, client } = await setup(t);
  fake.script({ reply: "abcdef", stallAfterChunks: 1 });
  const stream = await client.generate({ model: CODE_MODEL, prompt: "x", stream: true });
  const started = Date.now();
  setTimeout(() => stream.abort(), 50);
  await assert.rejects(collect(stream), { name: "AbortError" });
  assert.ok(Date.now() - started < 1000);
});

test("stop() ends a stalled stream instead of waiting for it", async (t) => {
  const { fake, client } = await setup(t);
  fake.script({ stallAfterChunks: 0 });
  const stream = await client.generate({ model: CODE_MODEL, prompt: "x", stream: true });
  const reading = collect(stream);
  const started = Date.now();
  await fake.stop();
  await assert.rejects(reading);
  assert.ok(Date.now() - started < 1000);
});

test("an endless answer runs until num_predict and then ends with done_reason length", async (t) => {
  const { fake, client } = await setup(t);
  fake.script({ reply: "ab", chunks: 2, endless: true, chunkDelayMs: 1 });
  const stream = await client.generate({ model: CODE_MODEL, prompt: "x", stream: true, options: { num_predict: 5 } });
  const parts = await collect(stream);
  assert.equal(parts.length, 6);
  assert.equal(parts.at(-1)?.done_reason, "length");
});

test("a one-shot error rule (times: 1) fails the first call only, so retries can be tested", async (t) => {
  const { fake, client } = await setup(t);
  const rule = fake.script({ path: "/api/generate", status: 500, errorBody: "llama runner process has terminated", times: 1 });
  await rejectsWithStatus(client.generate({ model: CODE_MODEL, prompt: "x" }), 500, "llama runner process has terminated");
  assert.equal((await client.generate({ model: CODE_MODEL, prompt: "x" })).response, DEFAULT_COMPLETION);
  assert.equal(rule.hits, 1);
});

test("a first-byte delay holds back the whole response", async (t) => {
  const { fake, client } = await setup(t);
  fake.script({ path: "/api/tags", firstByteDelayMs: 150 });
  const started = Date.now();
  await client.list();
  assert.ok(Date.now() - started >= 140);
});

test("stop sequences in options cut the answer", async (t) => {
  const { fake, client } = await setup(t);
  fake.script({ reply: "line one\n\nline two" });
  const answer = await client.generate({ model: CODE_MODEL, prompt: "x", options: { stop: ["\n\n"] } });
  assert.equal(answer.response, "line one");
});

test("reset() clears rules, the request log and model changes", async (t) => {
  const { fake, client } = await setup(t);
  fake.script({ reply: "scripted" });
  fake.models.length = 0;
  fake.reset();
  assert.deepEqual(fake.requests, []);
  assert.equal((await client.generate({ model: CODE_MODEL, prompt: "x" })).response, DEFAULT_COMPLETION);
});

test("a given port is used, on 127.0.0.1", async (t) => {
  const probe = await startFakeOllama();
  const port = probe.port;
  await probe.stop();
  const { fake } = await setup(t, { port });
  assert.equal(fake.url, `http://127.0.0.1:${port}`);
  assert.equal(await (await fetch(fake.url)).text(), "Ollama is running");
});
