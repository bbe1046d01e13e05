// One chat request end to end in the core, against the Ollama and OpenAI twins over real HTTP:
// where it goes, what each server receives, the answer's parts in order, tool calls from each
// twin, cancellation, fallback, and the ledger row it leaves.
import { test } from "node:test";
import assert from "node:assert/strict";
import { answerChat } from "../../src/core/chat/chatRequest.ts";
import { ProviderError } from "../../src/core/errors.ts";
import type { ChatFacts, ChatOutcome, ChatRequestInput, ChatServices } from "../../src/core/chat/chatRequest.ts";
import type { ChatEvent, ChatTurn } from "../../src/core/chat/chatMessages.ts";
import type { NamedFile } from "../../src/core/chat/chatRoute.ts";
import type { LedgerDraft, LedgerNote } from "../../src/core/ledger/ledgerEntry.ts";
import { CONVERSATION_PATH } from "../../src/core/routing/routeReasons.ts";
import type { RouteReason } from "../../src/core/routing/routeReasons.ts";
import { EgressGuard } from "../../src/core/privacy/egressGuard.ts";
import { OllamaProvider } from "../../src/core/providers/ollamaProvider.ts";
import { OpenAiCompatibleProvider } from "../../src/core/providers/openAiProvider.ts";
import type { RouteContext } from "../../src/core/routing/router.ts";
import { startFakeOllama } from "../fakes/fakeOllama.ts";
import type { FakeOllama, FakeOllamaModel } from "../fakes/fakeOllama.ts";
import { startOpenAiTwin } from "../fakes/cloud/openAiTwin.ts";
import type { ChatTwin } from "../fakes/cloud/chatTwin.ts";
import { FAKE_GITHUB_TOKEN } from "../fixtures/privacyValues.ts";
import { CLOUD_MODEL, LOCAL_MODEL, aContext, aLocalModel, aStance, aTool, calls, result, system, user } from "./chatFixtures.ts";

const KEY = "sk-chat-unit";
/** The row's reason of that code, as the router gave it (the words are routeWords.test.ts's). */
const reasonOf = <C extends RouteReason["code"]>(row: LedgerDraft | undefined, code: C) =>
  row?.reasons.find((reason): reason is Extract<RouteReason, { code: C }> => reason.code === code);
const notesOf = (row: LedgerDraft | undefined): readonly LedgerNote[] | undefined => row?.notes;
const HANG_GUARD = { timeout: 15_000 };
const CONTROL = "POSITIVE_CONTROL_cart_total";
const PRIVATE_LINES = [
  "const margin = ACME_SECRET_MARGIN_TABLE[region];",
  "const floor = negotiatedFloorFor(customer.contractId);",
  "return Math.max(floor, cost * (1 + margin));",
].join("\n");

interface Harness {
  ollama: FakeOllama;
  cloud: ChatTwin;
  guard: EgressGuard;
  records: LedgerDraft[];
  ask(turns: ChatTurn[], overrides?: Partial<ChatRequestInput>): Promise<{ outcome: ChatOutcome; events: ChatEvent[] }>;
}

interface Setup {
  private?: boolean;
  namedFiles?: NamedFile[];
  context?: Parameters<typeof aContext>[0];
  models?: FakeOllamaModel[];
  capabilities?: string[];
}

async function setup(t: { after(fn: () => Promise<void>): void }, options: Setup = {}): Promise<Harness> {
  const ollama = await startFakeOllama(options.models ? { models: options.models } : {});
  const cloud = await startOpenAiTwin({ apiKey: KEY, models: [CLOUD_MODEL] });
  t.after(async () => {
    await Promise.all([ollama.stop(), cloud.stop()]);
  });
  const guard = new EgressGuard();
  const local = new OllamaProvider({ endpoint: ollama.url, contextTokens: 8_192 });
  const cloudProvider = new OpenAiCompatibleProvider({
    endpoint: cloud.baseUrl,
    apiKey: KEY,
    side: "cloud",
    maxRetries: 0,
    timeoutMs: 10_000,
    inspectEgress: (body) => guard.inspect(body),
  });
  const records: LedgerDraft[] = [];
  const localModel = aLocalModel({ window: 8_192, ...(options.capabilities ? { capabilities: options.capabilities } : {}) });
  const facts: ChatFacts = {
    stance: aStance({ private: options.private === true, local: localModel }),
    local: localModel,
    secretsPolicy: "redact",
    modelRemote: false,
  };
  const context: RouteContext = aContext({ local: { endpoint: ollama.url, contextTokens: 8_192 }, ...options.context });
  const services: ChatServices = {
    logger: { trace() {}, debug() {}, info() {}, warn() {}, error() {} },
    clock: { now: () => Date.now() },
    facts: () => Promise.resolve(facts),
    namedFiles: () => Promise.resolve(options.namedFiles ?? []),
    routeContext: () => context,
    egress: { refresh: () => Promise.resolve(), knownSecrets: () => guard.knownSecrets(), inspect: (body) => guard.inspect(body) },
    local: { provider: () => local, timeoutMs: () => 10_000, reportFailure() {} },
    cloud: { provider: () => cloudProvider, endpoint: () => cloud.baseUrl, timeoutMs: () => 10_000, reportFailure() {} },
    record: (entry) => void records.push(entry),
  };
  return {
    ollama,
    cloud,
    guard,
    records,
    async ask(turns, overrides = {}) {
      const events: ChatEvent[] = [];
      const outcome = await answerChat(services, {
        turns,
        tools: [],
        toolMode: "auto",
        options: {},
        signal: AbortSignal.timeout(10_000),
        emit: (event) => events.push(event),
        ...overrides,
      });
      return { outcome, events };
    },
  };
}

const texts = (events: readonly ChatEvent[]) => events.flatMap((event) => (event.type === "text" ? [event.text] : []));
const cloudBodies = (cloud: ChatTwin) => cloud.chatRequests().map((request) => JSON.stringify(request.body));
/** Complex enough for the cloud where it is allowed: the threshold is 0. */
const EAGER = { cloudThreshold: 0 };

test("a private workspace: only the local twin is asked, its pieces arrive in order, and a chat row is recorded", HANG_GUARD, async (t) => {
  const h = await setup(t, { private: true, context: EAGER });
  h.ollama.script({ path: "/api/chat", reply: "one two three four", chunks: 4 });
  const { outcome, events } = await h.ask([system("Be brief."), user("Count to four.")]);
  assert.equal(outcome.status, "answered");
  assert.equal(texts(events).join(""), "one two three four");
  assert.ok(texts(events).length >= 2, "the answer streams in several parts");
  assert.equal(h.cloud.chatRequests().length, 0);
  const body = h.ollama.requestsTo("/api/chat")[0]?.body;
  assert.deepEqual(body.messages, [
    { role: "system", content: "Be brief." },
    { role: "user", content: "Count to four." },
  ]);
  assert.equal(body.options.num_ctx, 8_192, "the model's one window: no reload");
  const [row] = h.records;
  assert.equal(row?.kind, "chat");
  assert.equal(row?.target, "local");
  assert.equal(row?.outcome, "ok");
  assert.equal(row?.usage.estimated, false);
  assert.equal(reasonOf(row, "privacy-file-local-only")?.path, CONVERSATION_PATH, "the conversation is local-only");
  h.ollama.assertNoSurprises();
});

test("where the cloud is allowed: the cloud twin gets the text with its secret replaced, and the answer gets the value back", HANG_GUARD, async (t) => {
  const h = await setup(t, { context: EAGER });
  h.cloud.script({ path: "/v1/chat/completions", reply: "Move <<JUNCTION_SECRET_1>> into an environment variable.", chunks: 5 });
  const { outcome, events } = await h.ask([user(`${CONTROL}: why is const token = "${FAKE_GITHUB_TOKEN}" a bad idea?`)]);
  assert.equal(outcome.status, "answered", JSON.stringify(outcome));
  const [body] = cloudBodies(h.cloud);
  assert.ok(body && !body.includes(FAKE_GITHUB_TOKEN), "the secret never reached the cloud");
  assert.ok(body.includes(CONTROL) && body.includes("<<JUNCTION_SECRET_1>>"), "the rest arrived, with a placeholder");
  assert.equal(texts(events).join(""), `Move ${FAKE_GITHUB_TOKEN} into an environment variable.`);
  assert.equal(h.ollama.requestsTo("/api/chat").length, 0);
  assert.equal(h.records[0]?.target, "cloud");
  assert.deepEqual(reasonOf(h.records[0], "secrets-redacted"), { code: "secrets-redacted", count: 1 });
});

test("a tool call from the Ollama twin comes back as a tool-call event, and the tools were offered", HANG_GUARD, async (t) => {
  const h = await setup(t, { private: true });
  h.ollama.script({ path: "/api/chat", reply: "", toolCalls: [{ name: "read_file", arguments: { filePath: "/w/src/cart.ts" } }] });
  const { events } = await h.ask([user("What does cart.ts export?")], { tools: [aTool("read_file")] });
  assert.equal(events.length, 1);
  const [call] = events;
  assert.ok(call?.type === "tool-call");
  assert.equal(call.name, "read_file");
  assert.deepEqual(call.input, { filePath: "/w/src/cart.ts" });
  assert.match(call.callId, /^call_[a-z0-9]{8}$/, "Ollama's own id is passed on");
  assert.equal(h.ollama.requestsTo("/api/chat")[0]?.body.tools[0].function.name, "read_file");
});

test("a tool call streamed by the OpenAI twin is put together, its placeholders restored", HANG_GUARD, async (t) => {
  const h = await setup(t, { context: EAGER });
  h.cloud.script({
    path: "/v1/chat/completions",
    reply: "",
    toolCalls: [{ name: "replace_string_in_file", arguments: { filePath: "/w/src/config.ts", newString: "token = <<JUNCTION_SECRET_1>>" } }],
  });
  const { events } = await h.ask([user(`Keep token = "${FAKE_GITHUB_TOKEN}" but move it`)], { tools: [aTool("replace_string_in_file")] });
  const [call] = events;
  assert.ok(call?.type === "tool-call", JSON.stringify(events));
  assert.deepEqual(call.input, { filePath: "/w/src/config.ts", newString: `token = ${FAKE_GITHUB_TOKEN}` }, "the file the agent writes keeps the real value");
  assert.equal(h.cloud.chatRequests()[0]?.body.tools[0].function.name, "replace_string_in_file");
});

test("a conversation that went through a tool call reaches the cloud twin as a valid tool exchange", HANG_GUARD, async (t) => {
  const h = await setup(t, { context: EAGER });
  h.cloud.script({ path: "/v1/chat/completions", reply: "It exports total()." });
  const turns = [
    user("What does cart.ts export?"),
    calls("call_7", "read_file", { filePath: "/w/src/cart.ts" }),
    result("call_7", "export function total() {}"),
  ];
  const { outcome } = await h.ask(turns, { tools: [aTool("read_file")] });
  assert.equal(outcome.status, "answered", JSON.stringify(outcome));
  const messages = h.cloud.chatRequests()[0]?.body.messages;
  assert.deepEqual(
    messages.slice(1).map((message: { role: string }) => message.role),
    ["assistant", "tool"],
  );
  assert.equal(messages[2].tool_call_id, "call_7");
});

test("cancelling aborts the twin's stream and leaves a cancelled row", HANG_GUARD, async (t) => {
  const h = await setup(t, { private: true });
  h.ollama.script({ path: "/api/chat", reply: "a b c d e f", chunks: 6, stallAfterChunks: 1 });
  const controller = new AbortController();
  const { outcome, events } = await h.ask([user("Go on forever")], { signal: controller.signal, emit: () => controller.abort() });
  assert.equal(outcome.status, "cancelled");
  assert.equal(events.length, 0);
  const request = h.ollama.requestsTo("/api/chat")[0];
  for (let wait = 0; wait < 100 && request && !request.clientClosedEarly; wait += 1) await new Promise((resolve) => setTimeout(resolve, 20));
  assert.equal(request?.clientClosedEarly, true, "the abort reached the server");
  assert.equal(h.records[0]?.outcome, "cancelled");
  assert.deepEqual(notesOf(h.records[0]), [{ code: "cancelled" }]);
});

test("a local model without tools in a private workspace: the tools are left out, which the twin would otherwise refuse", HANG_GUARD, async (t) => {
  const h = await setup(t, { private: true, models: [{ name: LOCAL_MODEL, capabilities: ["completion"] }], capabilities: ["completion"] });
  h.ollama.script({ path: "/api/chat", reply: "I cannot read files, but here is how." });
  const { outcome } = await h.ask([user("Read cart.ts")], { tools: [aTool("read_file")] });
  assert.equal(outcome.status, "answered", JSON.stringify(outcome));
  assert.equal(h.ollama.requestsTo("/api/chat")[0]?.body.tools, undefined);
  assert.equal(reasonOf(h.records[0], "chat-tools-left-out")?.count, 1);
});

test("the Ollama twin refuses tools for a model without the capability, as Ollama does", HANG_GUARD, async (t) => {
  const ollama = await startFakeOllama({ models: [{ name: LOCAL_MODEL, capabilities: ["completion"] }] });
  t.after(() => ollama.stop());
  const response = await fetch(`${ollama.url}/api/chat`, {
    method: "POST",
    body: JSON.stringify({ model: LOCAL_MODEL, messages: [{ role: "user", content: "hi" }], tools: [{ type: "function", function: { name: "x" } }] }),
  });
  assert.equal(response.status, 400);
  assert.match(((await response.json()) as { error: string }).error, /qwen2\.5-coder:7b-instruct does not support tools/);
});

test("a request that names a local-only file stays local however complex it is", HANG_GUARD, async (t) => {
  const h = await setup(t, { context: EAGER, namedFiles: [{ path: ".env", cloudAllowed: false, reasons: [{ code: "local-only-pattern", pattern: ".env" }] }] });
  h.ollama.script({ path: "/api/chat", reply: "Rotate the key." });
  const turns = [user("Migrate everything"), calls("c1", "read_file", { filePath: "/w/.env" }), result("c1", "API_KEY=abc")];
  const { outcome } = await h.ask(turns, { tools: [aTool("read_file")] });
  assert.equal(outcome.status, "answered");
  assert.equal(h.cloud.chatRequests().length, 0);
  assert.equal(h.records[0]?.target, "local");
  assert.equal(h.records[0]?.file, ".env");
});

test("text of a local-only document found by the egress guard keeps the request local; nothing reaches the cloud", HANG_GUARD, async (t) => {
  const h = await setup(t, { context: EAGER });
  h.guard.noteLocalOnly("file:///w/private/pricing.ts", "private/pricing.ts", 1, PRIVATE_LINES);
  h.ollama.script({ path: "/api/chat", reply: "Looks fine." });
  const { outcome } = await h.ask([user(`Review this:\n${PRIVATE_LINES}`)]);
  assert.equal(outcome.status, "answered");
  assert.equal(h.cloud.requests.length, 0, "not even a connection");
  assert.deepEqual(reasonOf(h.records[0], "privacy-file-local-only")?.why, [{ code: "chat-holds-local-only-text", source: "private/pricing.ts" }]);
});

test("the cloud failing before it answers: the local model stands in once, and both rows are recorded", HANG_GUARD, async (t) => {
  const h = await setup(t, { context: EAGER });
  h.cloud.script({ path: "/v1/chat/completions", status: 503, errorBody: "The server is overloaded" });
  h.ollama.script({ path: "/api/chat", reply: "Local answer." });
  const { outcome, events } = await h.ask([user("Restructure the modules")]);
  assert.equal(outcome.status, "answered", JSON.stringify(outcome));
  assert.equal(texts(events).join(""), "Local answer.");
  assert.deepEqual(
    h.records.map((row) => [row.target, row.outcome]),
    [
      ["cloud", "failed"],
      ["local", "ok"],
    ],
  );
  assert.equal(notesOf(h.records[0])?.[0]?.code, "failed");
  assert.deepEqual(reasonOf(h.records[1], "cloud-problem")?.problem, { code: "failed-just-now", kind: "server-error" }, "the stand-in says why");
});

test("private, and the local model down: nothing is sent, and the outcome carries the fix", HANG_GUARD, async (t) => {
  const h = await setup(t, { private: true, context: { local: { available: false, problem: "Nothing answers at the local endpoint. Start Ollama." } } });
  const { outcome } = await h.ask([user("hello")]);
  assert.equal(outcome.status, "refused");
  const fix = { code: "reported", text: "Nothing answers at the local endpoint. Start Ollama." };
  assert.ok(outcome.status === "refused");
  assert.deepEqual(outcome.decision.action, { problem: fix, mayNotLeave: true });
  assert.equal(h.ollama.requestsTo("/api/chat").length, 0);
  assert.equal(h.records[0]?.outcome, "refused");
  assert.deepEqual(notesOf(h.records[0]), [{ code: "refusal", action: outcome.decision.action, reasons: outcome.decision.reasons }]);
});

test("a request kept local by the egress guard never falls back to the cloud when the local model fails", HANG_GUARD, async (t) => {
  const h = await setup(t, { context: EAGER });
  h.guard.noteLocalOnly("file:///w/private/pricing.ts", "private/pricing.ts", 1, PRIVATE_LINES);
  await h.ollama.stop();
  const { outcome } = await h.ask([user(`Review this:\n${PRIVATE_LINES}`)]);
  assert.equal(outcome.status, "failed");
  assert.ok(outcome.status === "failed" && ProviderError.is(outcome.error, "unreachable"));
  assert.equal(h.cloud.requests.length, 0, "nothing was offered to the cloud");
  assert.deepEqual(
    h.records.map((row) => [row.target, row.outcome]),
    [["local", "failed"]],
  );
});
