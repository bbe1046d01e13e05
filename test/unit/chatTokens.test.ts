// Token counts for VS Code's chat: local, cheap, and erring high, so a prompt chat sizes with them
// fits the window Junction gives the local model. (The cost per turn is bench/chatTokens.bench.ts.)
import { test } from "node:test";
import assert from "node:assert/strict";
import { MESSAGE_OVERHEAD_TOKENS, countRequestTokens, countTokens, countToolTokens, countTurnTokens } from "../../src/core/chat/tokenCount.ts";
import { agentSystemPrompt, agentTools, calls, result, user } from "./chatFixtures.ts";

test("nothing costs nothing; a word costs one token per four characters", () => {
  assert.equal(countTokens(""), 0);
  assert.equal(countTokens("the"), 1);
  assert.equal(countTokens("getUserName"), 3);
});

test("a single space joins the next word; indentation and line breaks count", () => {
  assert.equal(countTokens("hello world"), countTokens("hello") + countTokens("world"));
  assert.equal(countTokens("a\nb"), 3);
  assert.equal(countTokens("a\r\nb"), 3, "CRLF is one line break");
  assert.equal(countTokens("        x"), 3, "eight spaces are two tokens");
});

test("punctuation runs cost one per two characters, other characters one each", () => {
  assert.equal(countTokens("});"), 2);
  assert.equal(countTokens("日本語"), 3);
  assert.equal(countTokens("😀"), 2, "a character outside the BMP is two UTF-16 units");
});

test("code and prose are never counted lower than the four-characters-a-token rule Junction budgets with", () => {
  const samples = [
    agentSystemPrompt(5_000),
    "export function total(items: Item[]): number {\n  return items.reduce((sum, item) => sum + item.price * item.quantity, 0);\n}\n",
    '{"type":"object","properties":{"a":{"type":"string"}}}',
  ];
  for (const sample of samples) assert.ok(countTokens(sample) >= Math.ceil(sample.length / 4), sample.slice(0, 30));
});

test("a message counts its texts, its tool calls' names and arguments, its tool results and the template's overhead", () => {
  const question = user("What does cart.ts export?");
  assert.equal(countTurnTokens(question), countTokens("What does cart.ts export?") + MESSAGE_OVERHEAD_TOKENS);
  const call = calls("c1", "read_file", { filePath: "/w/src/cart.ts" });
  assert.ok(countTurnTokens(call) > countTokens(JSON.stringify({ filePath: "/w/src/cart.ts" })));
  assert.ok(countTurnTokens(result("c1", "x".repeat(400))) >= 100);
});

test("an agent turn: 17,000 characters of prompt and 40 tools come to about ten thousand tokens", () => {
  const tools = agentTools(40);
  const tokens = countRequestTokens([user(agentSystemPrompt(17_000))], tools);
  assert.ok(tokens > 4_250 + countToolTokens(tools) - 1 && tokens < 20_000, String(tokens));
  assert.ok(countToolTokens(tools) > 40 * 50, "each tool's schema counts");
});
