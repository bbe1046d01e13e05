// The refactor use case in plain Node, against the Ollama and OpenAI twins over HTTP: the route
// facts of the files (privacy, secrets in files and instruction, cross-file imports), what each
// side receives, the ledger rows, and the fallback to the other side only where privacy allows.
// Before the pipeline moved into the core these rules ran only inside an extension host.
import { test } from "node:test";
import assert from "node:assert/strict";
import { CostLedger } from "../../src/core/ledger/costLedger.ts";
import type { LedgerDraft } from "../../src/core/ledger/ledgerEntry.ts";
import { wordLedgerEntry } from "../../src/words/ledgerWords.ts";
import type { Logger } from "../../src/core/ports.ts";
import { priceFor } from "../../src/core/pricing.ts";
import { OllamaProvider } from "../../src/core/providers/ollamaProvider.ts";
import { OpenAiCompatibleProvider } from "../../src/core/providers/openAiProvider.ts";
import { planRefactor, sendRefactor } from "../../src/core/refactor/refactorPipeline.ts";
import type { RefactorAsk, RefactorPorts, RefactorSource } from "../../src/core/refactor/refactorPipeline.ts";
import { startOpenAiTwin } from "../fakes/cloud/openAiTwin.ts";
import type { ChatTwin } from "../fakes/cloud/chatTwin.ts";
import { startFakeOllama } from "../fakes/fakeOllama.ts";
import type { FakeOllama } from "../fakes/fakeOllama.ts";
import { MemoryStore } from "../fakes/memoryStore.ts";

const LOCAL_MODEL = "qwen2.5-coder:7b-instruct";
const CLOUD_MODEL = "gpt-4.1-mini";
const KEY = "sk-twin-key";
const CLOUD_PRICE = priceFor(CLOUD_MODEL) ?? assert.fail(`${CLOUD_MODEL} is in the price catalog`);
// Built at run time: no credential-shaped literal lives in the repository.
const SECRET = ["ghp_", "Q7mZ2vX9kL4pR8sT1wY6", "bN3cF5hJ0dG7aE2uK9"].join("");

interface World {
  fake: FakeOllama;
  cloudTwin: ChatTwin;
  ports: RefactorPorts;
  ledger: CostLedger;
  /** What the pipeline booked, as codes; `ledger` keeps them worded, as the host's port does. */
  drafts: LedgerDraft[];
  failures: string[];
}

async function world(t: { after(fn: () => Promise<void>): void }): Promise<World> {
  const fake = await startFakeOllama();
  const cloudTwin = await startOpenAiTwin({ apiKey: KEY, models: [CLOUD_MODEL] });
  t.after(async () => {
    await fake.stop();
    await cloudTwin.stop();
  });
  const quiet = () => undefined;
  const logger: Logger = { trace: quiet, debug: quiet, info: quiet, warn: quiet, error: quiet };
  const ledger = new CostLedger({
    store: new MemoryStore(),
    clock: { now: () => Date.now() },
    pricing: () => ({ cloudModel: CLOUD_MODEL, overrides: {}, localUsdPerHour: 0 }),
  });
  const drafts: LedgerDraft[] = [];
  const failures: string[] = [];
  const cloud = new OpenAiCompatibleProvider({ endpoint: cloudTwin.baseUrl, apiKey: KEY, side: "cloud", maxRetries: 0, timeoutMs: 10_000 });
  const ports: RefactorPorts = {
    settings: () => ({ localTimeoutSeconds: 10, cloudTimeoutSeconds: 10 }),
    routeContext: (secretsPolicy, refactorModel) => ({
      trusted: true,
      completionRoute: "local",
      cloudThreshold: 0.6,
      secretsPolicy,
      local: { available: true, model: refactorModel.model, endpoint: fake.url, contextTokens: 32_768, remote: refactorModel.remote },
      cloud: { configured: true, available: true, model: CLOUD_MODEL, price: CLOUD_PRICE },
      budget: { sessionUsd: 2, sessionSpentUsd: 0, monthlyUsd: 30, monthSpentUsd: 0 },
    }),
    local: { provider: new OllamaProvider({ endpoint: fake.url }), refactorModel: LOCAL_MODEL, reportFailure: () => failures.push("local") },
    cloud: { provider: () => cloud, status: () => ({ endpoint: cloudTwin.baseUrl }), reportFailure: () => failures.push("cloud") },
    egress: { knownSecrets: () => [], refresh: async () => undefined },
    ledger: {
      record: (draft) => {
        drafts.push(draft);
        return ledger.record(wordLedgerEntry(draft));
      },
    },
    logger,
    describeFailure: (error, model) => `described: ${model} ${error instanceof Error ? error.message : String(error)}`,
  };
  return { fake, cloudTwin, ports, ledger, drafts, failures };
}

function source(path: string, text: string, cloudAllowed: boolean): RefactorSource {
  return {
    path,
    text,
    cloudAllowed,
    reasons: [{ code: "folder", name: "shop", classification: cloudAllowed ? "public" : "private", evidence: [] }],
    secretsPolicy: "redact",
  };
}

const CART = 'import { price } from "./price";\nexport function total(items: string[]): number {\n  return items.map(price).reduce((a, b) => a + b, 0);\n}\n';
const PRICE = 'import { total } from "./cart";\nexport function price(item: string): number {\n  return item.length;\n}\nexport const again = total;\n';

function multiFile(cloudAllowed: boolean, overrides: Partial<RefactorAsk> = {}): RefactorAsk {
  return {
    instruction: "Rename price to unitPrice everywhere and keep the behaviour",
    sources: [source("app/src/cart.ts", CART, cloudAllowed), source("app/src/price.ts", PRICE, cloudAllowed)],
    languageId: "typescript",
    override: "cloud",
    ...overrides,
  };
}

const live = () => AbortSignal.timeout(20_000);

test("a multi-file refactor of private files stays local even when the user asks for the cloud; the local twin receives both files", async (t) => {
  const w = await world(t);
  w.fake.script({ reply: "<<<FILE app/src/cart.ts\n>>>END" });
  const planned = await planRefactor(multiFile(false), w.ports);
  assert.equal(planned.kind, "multi-file refactor");
  assert.notEqual(planned.decision.target, "cloud");
  if (planned.decision.target === "none") return assert.fail(`refused: ${planned.decision.reasons.join("; ")}`);
  const answer = await sendRefactor(planned, w.ports, { signal: live() });
  assert.equal(answer.status, "answered");
  const body = JSON.stringify(w.fake.requestsTo("/api/chat")[0]?.body);
  assert.ok(body.includes("export function total") && body.includes("export function price"), "both files reached the local twin");
  assert.equal(w.cloudTwin.chatRequests().length, 0);
  assert.equal(w.ledger.entries()[0]?.provider, "ollama");
});

test("cloud-allowed files on the cloud: the twin receives both files and the instruction, with a secret in the instruction redacted", async (t) => {
  const w = await world(t);
  w.cloudTwin.script({ reply: "<<<FILE app/src/cart.ts\n>>>END" });
  const planned = await planRefactor(multiFile(true, { instruction: `Use the token ${SECRET} for the price service` }), w.ports);
  assert.equal(planned.decision.target, "cloud", planned.decision.reasons.join("; "));
  const answer = await sendRefactor(planned, w.ports, { signal: live() });
  assert.equal(answer.status, "answered");
  const body = JSON.stringify(w.cloudTwin.chatRequests()[0]?.body);
  assert.ok(body.includes("export function total") && body.includes("price service"), "positive control: the allowed files and the instruction arrived");
  assert.ok(!body.includes(SECRET), "the secret did not");
  assert.equal(w.fake.requestsTo("/api/chat").length, 0);
  const row = w.ledger.entries()[0];
  assert.equal(row?.target, "cloud");
  assert.equal(row?.files, 2);
  assert.equal(answer.status === "answered" && answer.restore(answer.text), "<<<FILE app/src/cart.ts\n>>>END");
});

test("the files' imports of one another count for the route as cross-file references", async (t) => {
  const w = await world(t);
  const TAX = 'import { total } from "./cart";\nimport { price } from "./price";\nexport const tax = (items: string[]) => total(items) * price("vat");\n';
  const CART3 = `import { tax } from "./tax";\n${CART}`;
  const joined = await planRefactor(
    multiFile(true, {
      override: undefined,
      sources: [source("app/src/cart.ts", CART3, true), source("app/src/price.ts", PRICE, true), source("app/src/tax.ts", TAX, true)],
    }),
    w.ports,
  );
  const apart = await planRefactor(
    multiFile(true, {
      override: undefined,
      sources: [source("app/src/cart.ts", "export const a = 1;\n", true), source("app/src/price.ts", "export const b = 2;\n", true)],
    }),
    w.ports,
  );
  const signals = (decision: typeof joined.decision) => decision.reasons.flatMap((reason) => (reason.code === "complexity" ? reason.signals : []));
  assert.ok(
    signals(joined.decision).some((signal) => signal.code === "cross-file-references" && signal.count === 5),
    JSON.stringify(joined.decision.reasons),
  );
  assert.ok(!signals(apart.decision).some((signal) => signal.code === "cross-file-references"), JSON.stringify(apart.decision.reasons));
});

test("a cloud server error falls back to the local model, which answers; both attempts are booked", async (t) => {
  const w = await world(t);
  w.cloudTwin.script({ status: 503, errorBody: "overloaded" });
  w.fake.script({ reply: "<<<FILE app/src/cart.ts\n>>>END" });
  const planned = await planRefactor(
    multiFile(true, { override: undefined, instruction: "Restructure both modules into one cohesive pricing service across files" }),
    w.ports,
  );
  if (planned.decision.target !== "cloud") return t.skip(`routed ${planned.decision.target}: ${planned.decision.reasons.join("; ")}`);
  const fallbacks: string[] = [];
  const answer = await sendRefactor(planned, w.ports, {
    signal: live(),
    onFallback: (failed, standIn) => fallbacks.push(`${failed} → ${standIn.decision.model}`),
  });
  assert.equal(answer.status, "answered");
  assert.equal(answer.status === "answered" && answer.planned.decision.target, "local");
  assert.deepEqual(fallbacks, [`${CLOUD_MODEL} → ${LOCAL_MODEL}`]);
  assert.deepEqual(w.failures, ["cloud"]);
  assert.deepEqual(
    w.ledger.entries().map((entry) => `${entry.target}:${entry.outcome}`),
    ["local:ok", "cloud:failed"],
  );
});

test("a local server error does not fall back to the cloud for private files: the refactor fails with the host's words", async (t) => {
  const w = await world(t);
  w.fake.script({ path: "/api/chat", status: 500, errorBody: "runner crashed" });
  const planned = await planRefactor(multiFile(false, { override: undefined }), w.ports);
  assert.equal(planned.decision.target, "local");
  const answer = await sendRefactor(planned, w.ports, { signal: live() });
  assert.equal(answer.status, "failed");
  assert.match(answer.status === "failed" ? answer.message : "", /^described: qwen2\.5-coder:7b-instruct/);
  assert.equal(w.cloudTwin.requests.length, 0, "nothing private went to the cloud to stand in");
  assert.equal(w.ledger.entries()[0]?.outcome, "failed");
  assert.deepEqual(
    w.drafts[0]?.notes.map((note) => note.code),
    ["failed"],
  );
});

test("a decision that chose no model is not sent: the answer is the refusal, as the decision, for the host to word", async (t) => {
  const w = await world(t);
  const planned = await planRefactor(multiFile(false, { override: undefined }), w.ports);
  const decision = { ...planned.decision, target: "none" as const, model: undefined };
  const asked = w.fake.requests.length + w.cloudTwin.requests.length;
  const answer = await sendRefactor({ ...planned, decision }, w.ports, { signal: live() });
  assert.deepEqual(answer, { status: "refused", decision });
  assert.equal(w.fake.requests.length + w.cloudTwin.requests.length, asked, "nothing was sent");
  assert.equal(w.ledger.entries().length, 0, "the host books the refusal it shows");
});

test("a refactor the user chose a side for never falls back", async (t) => {
  const w = await world(t);
  w.cloudTwin.script({ status: 503, errorBody: "overloaded" });
  const planned = await planRefactor(multiFile(true), w.ports);
  assert.equal(planned.decision.target, "cloud");
  const answer = await sendRefactor(planned, w.ports, { signal: live() });
  assert.equal(answer.status, "failed");
  assert.equal(w.fake.requestsTo("/api/chat").length, 0);
});

test("cancelling while the answer streams: cancelled, booked as such, not a failure of the side", async (t) => {
  const w = await world(t);
  w.fake.script({ reply: "<<<FILE app/src/cart.ts\n", endless: true, chunkDelayMs: 20 });
  const planned = await planRefactor(multiFile(false, { override: "local" }), w.ports);
  const controller = new AbortController();
  const answer = await sendRefactor(planned, w.ports, { signal: controller.signal, onText: () => controller.abort() });
  assert.equal(answer.status, "cancelled");
  assert.equal(w.ledger.entries()[0]?.outcome, "cancelled");
  assert.deepEqual(w.drafts[0]?.notes, [{ code: "cancelled" }]);
  assert.deepEqual(w.failures, []);
});
