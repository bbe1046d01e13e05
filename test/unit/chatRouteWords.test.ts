// The English of a chat request's route, end to end: what chatRoute.test.ts asserts as codes,
// read as the ledger, the chat's refusals and Explain Route put it (routeWords.ts, privacyWords.ts).
import { test } from "node:test";
import assert from "node:assert/strict";
import { routeChat } from "../../src/core/chat/chatRoute.ts";
import type { ChatTurn } from "../../src/core/chat/chatMessages.ts";
import { CONVERSATION_PATH } from "../../src/core/routing/routeReasons.ts";
import { wordRouteAction, wordRouteReason, wordRouteReasons, wordSideProblem } from "../../src/words/routeWords.ts";
import { aContext, aChatRouteInput, aStance, aTool, assistant, calls, result, system, user } from "./chatFixtures.ts";

const reasons = (route: ReturnType<typeof routeChat>) => wordRouteReasons(route.decision.reasons).join(" | ");
const action = (route: ReturnType<typeof routeChat>) => (route.decision.action ? wordRouteAction(route.decision.action) : "");

test("the conversation is named as such wherever a reason names the request's one file", () => {
  assert.equal(wordRouteReason({ code: "privacy-file-local-only", path: CONVERSATION_PATH, why: [] }), "privacy: the conversation is local-only: private");
  assert.equal(
    wordRouteReason({ code: "privacy-secrets-route-local", sources: [{ path: CONVERSATION_PATH }] }),
    'privacy: secrets found in the conversation and junction.privacy.secrets is "route-local"',
  );
});

test("privacy in words: the workspace's stance, the files it names, what the guard found, the files it could not check", () => {
  assert.match(reasons(routeChat(aChatRouteInput(), aContext())), /privacy: every file sent may go to the cloud/);
  const priv = routeChat(
    aChatRouteInput({ stance: aStance({ private: true }), turns: [user("Migrate every module to the new API across all files")] }),
    aContext({ cloudThreshold: 0 }),
  );
  assert.match(reasons(priv), /the conversation is local-only: no workspace folder allows the cloud/);
  assert.match(reasons(routeChat(aChatRouteInput({ stance: aStance({ trusted: false }) }), aContext({ trusted: false, cloudThreshold: 0 }))), /not trusted/);
  const turns = [
    user("Fix the deploy"),
    calls("c1", "read_file", { filePath: "/w/shop/.env" }),
    result("c1", "API_URL=…"),
    user("Restructure it across all files"),
  ];
  const named = routeChat(
    aChatRouteInput({ turns, namedFiles: [{ path: ".env", cloudAllowed: false, reasons: [{ code: "local-only-pattern", pattern: ".env" }] }] }),
    aContext({ cloudThreshold: 0 }),
  );
  assert.match(reasons(named), /it names \.env, which is local-only \(matches junction\.privacy\.localOnlyFiles pattern \.env\)/);
  const text = routeChat(aChatRouteInput({ refusal: { rule: "local-only-text", source: "billing/src/tax.ts" } }), aContext({ cloudThreshold: 0 }));
  assert.match(reasons(text), /holds text of billing\/src\/tax\.ts/);
  assert.match(reasons(routeChat(aChatRouteInput({ unchecked: true }), aContext({ cloudThreshold: 0 }))), /names more files than Junction checks/);
  assert.match(
    reasons(routeChat(aChatRouteInput({ secrets: 2 }), aContext({ cloudThreshold: 0 }))),
    /secrets are replaced by placeholders before sending \(2 found\)/,
  );
});

test("what the local model cannot take, in words: the window, the tools, what was left out", () => {
  const long = routeChat(aChatRouteInput({ turns: [user("y".repeat(4 * 9_000))], local: { window: 8_192, supportsTools: true } }), aContext());
  assert.match(reasons(long), /needs about \d+ tokens, more than the \d+ that the 8192-token window/);
  assert.match(reasons(long), /the cloud model stands in/);
  const turns: ChatTurn[] = [
    system("Be brief."),
    ...Array.from({ length: 10 }, (_, index) => (index % 2 ? assistant : user)(`message ${index} ${"z".repeat(4_000)}`)),
  ];
  const trimmed = routeChat(aChatRouteInput({ turns, stance: aStance({ private: true }), local: { window: 8_192, supportsTools: true } }), aContext());
  assert.match(reasons(trimmed), /left out the \d+ oldest messages/);
  const none = routeChat(
    aChatRouteInput({ turns: [user("q".repeat(4 * 40_000))], stance: aStance({ private: true }), local: { window: 8_192, supportsTools: true } }),
    aContext(),
  );
  assert.match(action(none), /may not leave the machine and the conversation needs about/);
  const tools = routeChat(aChatRouteInput({ tools: [aTool("read_file")], local: { window: 32_768, supportsTools: false } }), aContext());
  assert.match(reasons(tools), /cannot call tools/);
  const without = routeChat(
    aChatRouteInput({ tools: [aTool("read_file"), aTool("grep_search")], stance: aStance({ private: true }), local: { window: 32_768, supportsTools: false } }),
    aContext(),
  );
  assert.match(reasons(without), /sent without its 2 tools/);
  const budget = routeChat(
    aChatRouteInput({ turns: [user("Migrate every module across all files")] }),
    aContext({ cloudThreshold: 0, budget: { sessionUsd: 0.0001 } }),
  );
  assert.match(reasons(budget), /budget: up to \$[\d.]+ would exceed the session budget/);
});

test("chat's side problems, each in English", () => {
  assert.equal(
    wordSideProblem({ code: "chat-over-window", tokens: 9_010, capacity: 5_856, window: 8_192, model: "qwen3:8b" }),
    "the conversation needs about 9010 tokens, more than the 5856 that the 8192-token window of qwen3:8b leaves for it",
  );
  assert.equal(wordSideProblem({ code: "cannot-call-tools", model: "qwen3:8b" }), "qwen3:8b cannot call tools");
  assert.equal(wordSideProblem({ code: "failed-just-now", kind: "server-error" }), "it failed just now (server-error)");
  assert.equal(
    wordSideProblem({
      code: "several",
      problems: [
        { code: "cannot-call-tools", model: "m" },
        { code: "failed-just-now", kind: "timeout" },
      ],
    }),
    "m cannot call tools; it failed just now (timeout)",
  );
  assert.equal(wordRouteReason({ code: "local-problem", problem: { code: "cannot-call-tools", model: "m" } }), "local: m cannot call tools");
});

test("a conversation too long for a model without tools says both, in order", () => {
  const route = routeChat(
    aChatRouteInput({ turns: [user("y".repeat(4 * 9_000))], tools: [aTool("read_file")], local: { window: 8_192, supportsTools: false } }),
    aContext(),
  );
  assert.match(
    reasons(route),
    /local: the conversation needs about \d+ tokens, more than the \d+ that the 8192-token window of .+ leaves for it; .+ cannot call tools/,
  );
});
