// The route of one chat request (DESIGN §2–§3 applied to chat): privacy first — the workspace's
// stance, every file the request names, what the egress guard finds — then the router's budget,
// complexity and health, with the conversation as the request's one file.
import { test } from "node:test";
import assert from "node:assert/strict";
import { routeChat } from "../../src/core/chat/chatRoute.ts";
import type { ChatTurn } from "../../src/core/chat/chatMessages.ts";
import {
  CLOUD_MODEL,
  LOCAL_MODEL,
  aContext,
  aChatRouteInput,
  aStance,
  aTool,
  agentSystemPrompt,
  agentTools,
  assistant,
  calls,
  result,
  system,
  user,
} from "./chatFixtures.ts";
import { CONVERSATION_PATH } from "../../src/core/routing/routeReasons.ts";
import type { RouteReason } from "../../src/core/routing/routeReasons.ts";

/** The route's reason of that code, as data (the English is routeWords.test.ts's and privacyWords.test.ts's). */
const reasonOf = <C extends RouteReason["code"]>(route: ReturnType<typeof routeChat>, code: C) =>
  route.decision.reasons.find((reason): reason is Extract<RouteReason, { code: C }> => reason.code === code);

test("a simple question where the cloud is allowed stays on the fast, free local model", () => {
  const route = routeChat(aChatRouteInput(), aContext());
  assert.equal(route.decision.target, "local");
  assert.equal(route.decision.model, LOCAL_MODEL);
  assert.deepEqual(reasonOf(route, "privacy-cloud-allowed"), { code: "privacy-cloud-allowed" });
});

test("a private workspace always goes to the local model, even for work the cloud would get", () => {
  const route = routeChat(
    aChatRouteInput({ stance: aStance({ private: true }), turns: [user("Migrate every module to the new API across all files")] }),
    aContext({ cloudThreshold: 0 }),
  );
  assert.equal(route.decision.target, "local");
  assert.deepEqual(reasonOf(route, "privacy-file-local-only"), {
    code: "privacy-file-local-only",
    path: CONVERSATION_PATH,
    why: [...aStance({ private: true }).privacyReasons],
  });
});

test("an untrusted workspace is local, by the router's own rule", () => {
  const route = routeChat(aChatRouteInput({ stance: aStance({ trusted: false }) }), aContext({ trusted: false, cloudThreshold: 0 }));
  assert.equal(route.decision.target, "local");
  assert.deepEqual(reasonOf(route, "privacy-untrusted"), { code: "privacy-untrusted" });
});

test("structural work in a long conversation goes to the frontier model where allowed, with its reasons", () => {
  const long = "x".repeat(4 * 27_000);
  const route = routeChat(aChatRouteInput({ turns: [user(long), user("Now restructure these modules into one service")] }), aContext());
  assert.equal(route.decision.target, "cloud");
  assert.equal(route.decision.model, CLOUD_MODEL);
  const complexity = reasonOf(route, "complexity");
  assert.ok(complexity && complexity.score >= complexity.threshold, JSON.stringify(complexity));
});

test("a request that names a local-only file stays local, however complex", () => {
  const turns = [
    user("Fix the deploy"),
    calls("c1", "read_file", { filePath: "/w/shop/.env" }),
    result("c1", "API_URL=…"),
    user("Restructure it across all files"),
  ];
  const route = routeChat(
    aChatRouteInput({
      turns,
      namedFiles: [
        { path: ".env", cloudAllowed: false, reasons: [{ code: "local-only-pattern", pattern: ".env" }] },
        { path: "src/app.ts", cloudAllowed: true, reasons: [] },
      ],
    }),
    aContext({ cloudThreshold: 0 }),
  );
  assert.equal(route.decision.target, "local");
  assert.deepEqual(
    route.decision.reasons.find((reason) => reason.code === "privacy-file-local-only"),
    {
      code: "privacy-file-local-only",
      path: CONVERSATION_PATH,
      why: [{ code: "chat-names-local-only", path: ".env", reasons: [{ code: "local-only-pattern", pattern: ".env" }] }],
    },
  );
  assert.doesNotMatch(JSON.stringify(route.decision.reasons), /src\/app\.ts/, "an allowed file is no reason");
});

test("text of a local-only document found by the egress guard, or a secret redaction missed, keeps it local", () => {
  const text = routeChat(aChatRouteInput({ refusal: { rule: "local-only-text", source: "billing/src/tax.ts" } }), aContext({ cloudThreshold: 0 }));
  assert.equal(text.decision.target, "local");
  assert.deepEqual(reasonOf(text, "privacy-file-local-only")?.why, [{ code: "chat-holds-local-only-text", source: "billing/src/tax.ts" }]);
  const secret = routeChat(aChatRouteInput({ refusal: { rule: "secret", source: "github-pat" } }), aContext({ cloudThreshold: 0 }));
  assert.equal(secret.decision.target, "local");
});

test("more named files than Junction checks: uncertain, so local", () => {
  const route = routeChat(aChatRouteInput({ unchecked: true }), aContext({ cloudThreshold: 0 }));
  assert.equal(route.decision.target, "local");
  assert.deepEqual(reasonOf(route, "privacy-file-local-only")?.why, [{ code: "chat-unchecked-files" }]);
});

test("secrets in a cloud-bound request are redacted where the policy says so, and keep it local where it says route-local", () => {
  const redact = routeChat(aChatRouteInput({ secrets: 2 }), aContext({ cloudThreshold: 0 }));
  assert.equal(redact.decision.target, "cloud");
  assert.deepEqual(reasonOf(redact, "secrets-redacted"), { code: "secrets-redacted", count: 2 });
  const strict = routeChat(aChatRouteInput({ secrets: 2 }), aContext({ cloudThreshold: 0, secretsPolicy: "route-local" }));
  assert.equal(strict.decision.target, "local");
});

test("a conversation too long for the local window: the cloud model stands in where privacy allows", () => {
  const route = routeChat(aChatRouteInput({ turns: [user("y".repeat(4 * 9_000))], local: { window: 8_192, supportsTools: true } }), aContext());
  assert.equal(route.decision.target, "cloud");
  const problem = reasonOf(route, "local-problem")?.problem;
  assert.ok(problem?.code === "chat-over-window", JSON.stringify(problem));
  assert.equal(problem.window, 8_192);
  assert.equal(problem.model, LOCAL_MODEL);
  assert.ok(problem.tokens > problem.capacity, "more than the window leaves for it");
  assert.deepEqual(reasonOf(route, "cloud-stands-in"), { code: "cloud-stands-in" });
});

test("too long and private: the local model gets the newest messages that fit, and the reason says what was left out", () => {
  const turns: ChatTurn[] = [
    system("Be brief."),
    ...Array.from({ length: 10 }, (_, index) => (index % 2 ? assistant : user)(`message ${index} ${"z".repeat(4_000)}`)),
  ];
  const route = routeChat(aChatRouteInput({ turns, stance: aStance({ private: true }), local: { window: 8_192, supportsTools: true } }), aContext());
  assert.equal(route.decision.target, "local");
  assert.equal(route.localTurns[0]?.role, "system", "the system prompt is kept");
  assert.deepEqual(route.localTurns.at(-1), turns.at(-1), "the newest message is kept");
  assert.ok(route.localTurns.length < turns.length);
  assert.ok(route.promptTokens <= 8_192 - 2_048 - 288);
  assert.equal(reasonOf(route, "chat-oldest-left-out")?.count, turns.length - route.localTurns.length);
});

test("a trimmed conversation never starts with a tool result whose call was left out", () => {
  const turns = [user("hi"), calls("c1", "read_file", { filePath: "/w/a.ts" }, "w".repeat(4 * 5_900)), result("c1", "small"), user("and?")];
  const route = routeChat(aChatRouteInput({ turns, stance: aStance({ private: true }), local: { window: 8_192, supportsTools: true } }), aContext());
  assert.equal(route.decision.target, "local");
  assert.deepEqual(
    route.localTurns.map((turn) => turn.parts.map((part) => part.type)),
    [["text"]],
  );
  assert.equal(route.localTurns[0]?.parts[0]?.type === "text" && route.localTurns[0].parts[0].text, "and?");
});

test("not even the last message fits and privacy keeps it here: nothing is sent, and the action says why", () => {
  const route = routeChat(
    aChatRouteInput({ turns: [user("q".repeat(4 * 40_000))], stance: aStance({ private: true }), local: { window: 8_192, supportsTools: true } }),
    aContext(),
  );
  assert.equal(route.decision.target, "none");
  assert.equal(route.decision.action?.mayNotLeave, true);
  assert.equal(route.decision.action?.problem.code, "chat-over-window");
});

test("tools the local model cannot call: the cloud model takes the request where allowed", () => {
  const route = routeChat(aChatRouteInput({ tools: [aTool("read_file")], local: { window: 32_768, supportsTools: false } }), aContext());
  assert.equal(route.decision.target, "cloud");
  assert.deepEqual(reasonOf(route, "local-problem")?.problem, { code: "cannot-call-tools", model: LOCAL_MODEL });
});

test("tools the local model cannot call, in a private workspace: sent without them, and the reason says so", () => {
  const route = routeChat(
    aChatRouteInput({ tools: [aTool("read_file"), aTool("grep_search")], stance: aStance({ private: true }), local: { window: 32_768, supportsTools: false } }),
    aContext(),
  );
  assert.equal(route.decision.target, "local");
  assert.equal(route.localTools, false);
  assert.deepEqual(reasonOf(route, "chat-tools-left-out"), { code: "chat-tools-left-out", count: 2, model: LOCAL_MODEL });
});

test("an agent turn (17k characters, 40 tools) fits a 32k local window and stays local when nothing else says otherwise", () => {
  const route = routeChat(aChatRouteInput({ turns: [system(agentSystemPrompt()), user("add a test for total()")], tools: agentTools() }), aContext());
  assert.equal(route.decision.target, "local");
  assert.ok(route.promptTokens > 10_000);
});

test("the budget applies: a cloud request whose worst case exceeds what is left stays local", () => {
  const route = routeChat(
    aChatRouteInput({ turns: [user("Migrate every module across all files")] }),
    aContext({ cloudThreshold: 0, budget: { sessionUsd: 0.0001 } }),
  );
  assert.equal(route.decision.target, "local");
  assert.equal(reasonOf(route, "budget-exceeded")?.period, "session");
});

test("the local model down and the cloud not allowed: nothing is sent, and the fix is given", () => {
  const route = routeChat(
    aChatRouteInput({ stance: aStance({ private: true }) }),
    aContext({ local: { available: false, problem: "Nothing answers at http://127.0.0.1:11434. Start Ollama." } }),
  );
  assert.equal(route.decision.target, "none");
  assert.deepEqual(route.decision.action?.problem, { code: "reported", text: "Nothing answers at http://127.0.0.1:11434. Start Ollama." });
});

test("too long for the window and tools the model cannot call: both problems, in order", () => {
  const route = routeChat(
    aChatRouteInput({ turns: [user("y".repeat(4 * 9_000))], tools: [aTool("read_file")], local: { window: 8_192, supportsTools: false } }),
    aContext(),
  );
  const problem = reasonOf(route, "local-problem")?.problem;
  assert.ok(problem?.code === "several", JSON.stringify(problem));
  assert.deepEqual(
    problem.problems.map((each) => each.code),
    ["chat-over-window", "cannot-call-tools"],
  );
});
