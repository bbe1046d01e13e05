// The inline-completion use case in plain Node, against the Ollama and OpenAI twins over HTTP:
// what each side receives for private and cloud-allowed files, how a refusal, a failure, a
// cancellation and a deadline end, and the ledger row each leaves. Before the pipeline moved into
// the core these rules could only be exercised inside a VS Code extension host.
import { test } from "node:test";
import assert from "node:assert/strict";
import { CompletionPipeline } from "../../src/core/completion/completionPipeline.ts";
import type { CompletionAsk, CompletionPorts, CompletionSettings, ContextFile } from "../../src/core/completion/completionPipeline.ts";
import { CostLedger } from "../../src/core/ledger/costLedger.ts";
import type { LedgerDraft } from "../../src/core/ledger/ledgerEntry.ts";
import { wordLedgerEntry } from "../../src/words/ledgerWords.ts";
import { priceFor } from "../../src/core/pricing.ts";
import type { Logger } from "../../src/core/ports.ts";
import { OpenAiLocalProvider } from "../../src/core/providers/localProvider.ts";
import { OllamaProvider } from "../../src/core/providers/ollamaProvider.ts";
import { OpenAiCompatibleProvider } from "../../src/core/providers/openAiProvider.ts";
import type { RouteContext } from "../../src/core/routing/router.ts";
import { startOpenAiTwin } from "../fakes/cloud/openAiTwin.ts";
import type { ChatTwin } from "../fakes/cloud/chatTwin.ts";
import { startFakeOllama } from "../fakes/fakeOllama.ts";
import type { FakeOllama } from "../fakes/fakeOllama.ts";
import { MemoryStore } from "../fakes/memoryStore.ts";

const LOCAL_MODEL = "qwen2.5-coder:1.5b-base";
const CLOUD_MODEL = "gpt-4.1-mini";
const KEY = "sk-twin-key";
const CLOUD_PRICE = priceFor(CLOUD_MODEL) ?? assert.fail(`${CLOUD_MODEL} is in the price catalog`);
// Built at run time: no credential-shaped literal lives in the repository.
const SECRET = ["AKIA", "Q3EGRTV7", "WJ4LMX2P"].join("");

interface World {
  fake: FakeOllama;
  cloudTwin: ChatTwin;
  pipeline: CompletionPipeline;
  ledger: CostLedger;
  /** What the pipeline booked, as codes; `ledger` keeps them worded, as the host's port does. */
  drafts: LedgerDraft[];
  logged: { level: string; message: string }[];
  failures: { side: string; error: unknown }[];
  context: { completionRoute: RouteContext["completionRoute"]; localAvailable: boolean };
}

async function world(
  t: { after(fn: () => Promise<void>): void },
  options: { settings?: Partial<CompletionSettings>; localKind?: "ollama" | "openai-compatible" } = {},
): Promise<World> {
  const fake = await startFakeOllama();
  const cloudTwin = await startOpenAiTwin({ apiKey: KEY, models: [CLOUD_MODEL] });
  t.after(async () => {
    await fake.stop();
    await cloudTwin.stop();
  });
  const logged: World["logged"] = [];
  const logger: Logger = Object.fromEntries(
    ["trace", "debug", "info", "warn", "error"].map((level) => [level, (message: string) => logged.push({ level, message })]),
  ) as unknown as Logger;
  const ledger = new CostLedger({
    store: new MemoryStore(),
    clock: { now: () => Date.now() },
    pricing: () => ({ cloudModel: CLOUD_MODEL, overrides: {}, localUsdPerHour: 0 }),
  });
  const drafts: LedgerDraft[] = [];
  const failures: World["failures"] = [];
  const context: World["context"] = { completionRoute: "local", localAvailable: true };
  const local =
    options.localKind === "openai-compatible" ? new OpenAiLocalProvider({ endpoint: `${fake.url}/v1` }) : new OllamaProvider({ endpoint: fake.url });
  const cloud = new OpenAiCompatibleProvider({ endpoint: cloudTwin.baseUrl, apiKey: KEY, side: "cloud", maxRetries: 0, timeoutMs: 10_000 });
  const ports: CompletionPorts = {
    settings: () => ({ promptTokens: 1500, maxTokens: 64, localTimeoutSeconds: 10, cloudTimeoutSeconds: 10, ...options.settings }),
    routeContext: (secretsPolicy) => ({
      trusted: true,
      completionRoute: context.completionRoute,
      cloudThreshold: 0.6,
      secretsPolicy,
      local: {
        available: context.localAvailable,
        ...(context.localAvailable ? {} : { problem: "Nothing answers at the local endpoint" }),
        model: LOCAL_MODEL,
        endpoint: fake.url,
        contextTokens: 8192,
        remote: false,
      },
      cloud: { configured: true, available: true, model: CLOUD_MODEL, price: CLOUD_PRICE },
      budget: { sessionUsd: 2, sessionSpentUsd: 0, monthlyUsd: 30, monthSpentUsd: 0 },
    }),
    local: { provider: local, completionModel: LOCAL_MODEL, trust: { private: true }, reportFailure: (error) => failures.push({ side: "local", error }) },
    cloud: { provider: () => cloud, status: () => ({ endpoint: cloudTwin.baseUrl }), reportFailure: (error) => failures.push({ side: "cloud", error }) },
    egress: { knownSecrets: () => [], refresh: async () => undefined },
    ledger: {
      record: (draft) => {
        drafts.push(draft);
        return ledger.record(wordLedgerEntry(draft));
      },
      entries: () => ledger.entries(),
    },
    logger,
    describeFailure: (error, model) => `described: ${model} ${error instanceof Error ? error.message : String(error)}`,
  };
  return { fake, cloudTwin, pipeline: new CompletionPipeline(ports), ledger, drafts, logged, failures, context };
}

function snippet(path: string, text: string, cloudAllowed: boolean): ContextFile {
  return {
    path,
    text,
    wholeText: () => text,
    cloudAllowed,
    reasons: [cloudAllowed ? { code: "folder", name: "shop", classification: "public", evidence: [] } : { code: "local-only-pattern", pattern: "*.pem" }],
  };
}

function anAsk(overrides: Partial<CompletionAsk> & { cloudAllowed?: boolean } = {}): CompletionAsk {
  const before = "export function total(items: number[]): number {\n  return ";
  const after = ";\n}\n";
  const { cloudAllowed = false, ...rest } = overrides;
  return {
    text: before + after,
    offset: before.length,
    languageId: "typescript",
    lineEnding: "\n",
    edited: {
      path: "src/total.ts",
      cloudAllowed,
      reasons: [{ code: "folder", name: "shop", classification: cloudAllowed ? "public" : "private", evidence: [] }],
      secretsPolicy: "redact",
    },
    snippets: [],
    ...rest,
  };
}

const live = () => AbortSignal.timeout(20_000);

test("a private file is completed by the local twin, which receives the code; the cloud twin receives nothing", async (t) => {
  const w = await world(t);
  w.context.completionRoute = "cloud"; // even when the user prefers the cloud
  w.fake.script({ reply: "items.reduce((a, b) => a + b, 0)" });
  const ask = anAsk({ snippets: [snippet("src/prices.ts", "export const VAT = 0.2;", false)] });
  const decision = w.pipeline.decide(ask);
  assert.equal(decision.target, "local");
  const outcome = await w.pipeline.send(decision, ask, { signal: live() });
  assert.deepEqual(outcome.kind === "shown" && outcome.text, "items.reduce((a, b) => a + b, 0)");
  const sent = JSON.stringify(w.fake.requestsTo("/api/generate")[0]?.body);
  assert.ok(sent.includes("export function total"), "the edited code reached the local twin");
  assert.ok(sent.includes("VAT"), "so did the local-only snippet: the local model may read every open file");
  assert.equal(w.cloudTwin.chatRequests().length, 0);
  const row = w.ledger.entries()[0];
  assert.equal(row?.outcome, "ok");
  assert.equal(row?.provider, "ollama");
  assert.equal(row?.files, 2);
});

test("a cloud-allowed file routed to the cloud: the twin receives the code with its secret redacted and without the local-only snippet", async (t) => {
  const w = await world(t);
  w.context.completionRoute = "cloud";
  w.cloudTwin.script({ reply: "items.length" });
  const ask = anAsk({
    cloudAllowed: true,
    text: `const awsKey = "${SECRET}";\nexport function total(items: number[]): number {\n  return `,
    snippets: [snippet("src/public.ts", "export const PUBLIC_RATE = 3;", true), snippet("secrets/private.ts", "export const PRIVATE_RATE = 4;", false)],
  });
  ask.offset = ask.text.length;
  const decision = w.pipeline.decide(ask);
  assert.equal(decision.target, "cloud", decision.reasons.join("; "));
  const outcome = await w.pipeline.send(decision, ask, { signal: live() });
  assert.equal(outcome.kind, "shown");
  const body = JSON.stringify(w.cloudTwin.chatRequests()[0]?.body);
  assert.ok(body.includes("export function total"), "positive control: the allowed code arrived");
  assert.ok(body.includes("PUBLIC_RATE"), "and the cloud-allowed snippet");
  assert.ok(!body.includes(SECRET), "the secret did not");
  assert.ok(!body.includes("PRIVATE_RATE"), "nor the local-only snippet");
  assert.equal(w.fake.requestsTo("/api/generate").length, 0);
  const row = w.ledger.entries()[0];
  assert.equal(row?.target, "cloud");
  assert.equal(row?.provider, "openai-compatible");
  assert.equal(row?.files, 2, "the edited file and the one snippet sent");
});

test("a refusal is booked once per run, to the local side's real provider kind, and nothing is sent", async (t) => {
  const w = await world(t, { localKind: "openai-compatible" });
  w.context.localAvailable = false;
  const ask = anAsk();
  const decision = w.pipeline.decide(ask);
  assert.equal(decision.target, "none");
  w.pipeline.recordRefusal(decision, ask.edited.path);
  w.pipeline.recordRefusal(decision, ask.edited.path);
  assert.equal(w.ledger.entries().length, 1, "one row for a run of refusals");
  assert.equal(w.ledger.entries()[0]?.outcome, "refused");
  assert.equal(w.ledger.entries()[0]?.provider, "openai-compatible", "not assumed to be Ollama");
  assert.deepEqual(w.drafts[0]?.notes, [{ code: "refusal", action: decision.action, reasons: decision.reasons }]);
  w.pipeline.recordRefusal(decision, "src/other.ts");
  assert.equal(w.ledger.entries().length, 2, "another file's refusal is a row of its own");
  w.pipeline.recordRefusal(decision, "src/other.ts");
  assert.equal(w.ledger.entries().length, 2);
  const otherReason = { ...decision, action: { problem: { code: "cloud-not-configured" as const }, mayNotLeave: true } };
  w.pipeline.recordRefusal(otherReason, "src/other.ts");
  assert.equal(w.ledger.entries().length, 3, "the same file refused for another reason is a row of its own");
  w.pipeline.recordRefusal(decision, ask.edited.path);
  w.pipeline.recordRefusal(decision, ask.edited.path);
  assert.equal(w.ledger.entries().length, 4, "a new run of refusals after another row: one row again");
  assert.equal(w.fake.requests.length + w.cloudTwin.requests.length, 0);
});

test("a failing local server: the outcome carries the host's words, the side hears of it, the warning is logged once per kind", async (t) => {
  const w = await world(t);
  w.fake.script({ path: "/api/generate", status: 500, errorBody: "model runner crashed" });
  const ask = anAsk();
  const decision = w.pipeline.decide(ask);
  const first = await w.pipeline.send(decision, ask, { signal: live() });
  const second = await w.pipeline.send(decision, ask, { signal: live() });
  assert.equal(first.kind, "failed");
  assert.match(first.kind === "failed" ? first.message : "", /^described: qwen2\.5-coder:1\.5b-base /);
  assert.equal(second.kind, "failed");
  assert.equal(w.failures.filter((failure) => failure.side === "local").length, 2);
  assert.equal(w.logged.filter((line) => line.level === "warn").length, 1, "the same failure twice is one warning");
  assert.equal(w.ledger.entries()[0]?.outcome, "failed");
  assert.deepEqual(
    w.drafts[0]?.notes.map((note) => note.code),
    ["failed"],
  );
});

test("a request the user typed past is cancelled: the local twin saw the abort, and a local cancellation costs no row", async (t) => {
  const w = await world(t);
  w.fake.script({ reply: "a + b", endless: true, chunkDelayMs: 20 });
  const ask = anAsk();
  const decision = w.pipeline.decide(ask);
  const controller = new AbortController();
  const outcome = w.pipeline.send(decision, ask, { signal: controller.signal, onProgress: () => controller.abort() });
  assert.equal((await outcome).kind, "cancelled");
  assert.equal(w.ledger.entries().length, 0);
  assert.equal(w.failures.length, 0, "a cancellation is not a failure of the side");
});

test("a cloud request cut short is still booked, as cancelled", async (t) => {
  const w = await world(t);
  w.context.completionRoute = "cloud";
  w.cloudTwin.script({ reply: "a + b", endless: true, chunkDelayMs: 20 });
  const ask = anAsk({ cloudAllowed: true });
  const decision = w.pipeline.decide(ask);
  assert.equal(decision.target, "cloud");
  const controller = new AbortController();
  const outcome = await w.pipeline.send(decision, ask, { signal: controller.signal, onProgress: () => controller.abort() });
  assert.equal(outcome.kind, "cancelled");
  assert.equal(w.ledger.entries()[0]?.outcome, "cancelled");
  assert.equal(w.ledger.entries()[0]?.target, "cloud");
});

test("a server that never answers fails at the side's deadline, not as a cancellation", async (t) => {
  const w = await world(t, { settings: { localTimeoutSeconds: 0.3 } });
  w.fake.script({ path: "/api/generate", reply: "a", stallAfterChunks: 0 });
  const ask = anAsk();
  const outcome = await w.pipeline.send(w.pipeline.decide(ask), ask, { signal: live() });
  assert.equal(outcome.kind, "failed");
  assert.equal(w.failures.length, 1);
  assert.equal(w.ledger.entries()[0]?.outcome, "failed");
});

test("send() refuses a decision that chose no model, so a refusal can never be sent by mistake", async (t) => {
  const w = await world(t);
  w.context.localAvailable = false;
  const ask = anAsk();
  await assert.rejects(w.pipeline.send(w.pipeline.decide(ask), ask, { signal: live() }), /needs a decision that chose a model/);
  assert.equal(w.fake.requests.length, 0);
});
