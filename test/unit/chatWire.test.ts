// VS Code's chat messages in Ollama's /api/chat and OpenAI's chat.completions formats, and tool
// calls read back from each; the conversions both ways.
import { test } from "node:test";
import assert from "node:assert/strict";
import { roleOf } from "../../src/core/chat/chatMessages.ts";
import {
  MISSING_RESULT_TEXT,
  OpenAiToolCallAssembler,
  ToolArgumentsError,
  ollamaToolCallEvents,
  toOllamaMessages,
  toOllamaTools,
  toOpenAiMessages,
  toOpenAiTools,
} from "../../src/core/chat/chatWire.ts";
import { toolPairingProblem } from "../fakes/cloud/chatTwin.ts";
import { aTool, assistant, calls, result, system, user } from "./chatFixtures.ts";

const READ = { filePath: "/work/shop/src/cart.ts" };
let ids = 0;
const newId = () => `call_new${++ids}`;

/** A first agent turn: the system prompt, a question, a tool call, its result, and the answer so far. */
const AGENT_TURN = [
  system("You are a coding agent."),
  user("What does cart.ts export?"),
  calls("call_1", "read_file", READ, "Let me look."),
  result("call_1", "export function total() {}"),
  assistant("It exports total()."),
];

test("VS Code's roles: User 1, Assistant 2, and the System 3 the stable enum does not name", () => {
  assert.equal(roleOf(1), "user");
  assert.equal(roleOf(2), "assistant");
  assert.equal(roleOf(3), "system");
  assert.equal(roleOf(4), undefined);
});

test("Ollama: system, user, an assistant tool call with object arguments, the result as a tool message", () => {
  assert.deepEqual(toOllamaMessages(AGENT_TURN), [
    { role: "system", content: "You are a coding agent." },
    { role: "user", content: "What does cart.ts export?" },
    { role: "assistant", content: "Let me look.", tool_calls: [{ id: "call_1", function: { name: "read_file", arguments: READ } }] },
    { role: "tool", content: "export function total() {}", tool_call_id: "call_1", tool_name: "read_file" },
    { role: "assistant", content: "It exports total()." },
  ]);
});

test("OpenAI: arguments as a JSON string, null content beside a call, the result as a tool message", () => {
  const messages = toOpenAiMessages([user("Read it."), calls("call_1", "read_file", READ), result("call_1", "text of the file")]);
  assert.deepEqual(messages, [
    { role: "user", content: "Read it." },
    { role: "assistant", content: null, tool_calls: [{ id: "call_1", type: "function", function: { name: "read_file", arguments: JSON.stringify(READ) } }] },
    { role: "tool", tool_call_id: "call_1", content: "text of the file" },
  ]);
  assert.equal(toolPairingProblem(messages), undefined, "OpenAI accepts the pairing");
});

test("a tool result comes before the user's text of the same message, in both formats", () => {
  const turns = [calls("call_1", "read_file", READ), result("call_1", "contents", "Now fix it.")];
  assert.deepEqual(
    toOllamaMessages(turns).map((message) => message.role),
    ["assistant", "tool", "user"],
  );
  const openAi = toOpenAiMessages(turns);
  assert.deepEqual(
    openAi.map((message) => message.role),
    ["assistant", "tool", "user"],
  );
  assert.equal(toolPairingProblem(openAi), undefined);
});

test("several calls in one assistant message are each answered by their own tool message", () => {
  const both: typeof AGENT_TURN = [
    {
      role: "assistant",
      parts: [
        { type: "tool-call", callId: "a", name: "read_file", input: READ },
        { type: "tool-call", callId: "b", name: "grep_search", input: { query: "total" } },
      ],
    },
    {
      role: "user",
      parts: [
        { type: "tool-result", callId: "a", text: "one" },
        { type: "tool-result", callId: "b", text: "two" },
      ],
    },
  ];
  const messages = toOpenAiMessages(both);
  assert.deepEqual(messages.slice(1), [
    { role: "tool", tool_call_id: "a", content: "one" },
    { role: "tool", tool_call_id: "b", content: "two" },
  ]);
  assert.equal(toolPairingProblem(messages), undefined);
  assert.deepEqual(
    toOllamaMessages(both)
      .slice(1)
      .map((message) => message.tool_name),
    ["read_file", "grep_search"],
  );
});

test("OpenAI: a result whose call is gone becomes user text, and a call left unanswered gets a placeholder result", () => {
  const notes = { notes: [] as string[] };
  const messages = toOpenAiMessages(
    [result("call_gone", "old output"), user("go on"), calls("call_2", "run_in_terminal", { command: "npm test" }), user("never mind")],
    notes,
  );
  assert.equal(toolPairingProblem(messages), undefined, "the repaired conversation is valid for OpenAI");
  assert.match(String(messages[0]?.content), /\[Result of tool call call_gone\]\nold output/);
  assert.deepEqual(messages[3], { role: "tool", tool_call_id: "call_2", content: MISSING_RESULT_TEXT });
  assert.equal(notes.notes.length, 2);
});

test("the twin refuses what OpenAI refuses: a tool message without a call, and a call without its result", () => {
  assert.match(
    toolPairingProblem([
      { role: "user", content: "x" },
      { role: "tool", tool_call_id: "nope", content: "y" },
    ])?.message ?? "",
    /must be a response to a preceeding message with 'tool_calls'/,
  );
  assert.match(
    toolPairingProblem([
      { role: "assistant", content: null, tool_calls: [{ id: "c1" }] },
      { role: "user", content: "?" },
    ])?.message ?? "",
    /did not have response messages: c1/,
  );
});

test("empty messages are left out; a user's name goes to OpenAI only in the form it accepts", () => {
  assert.deepEqual(toOllamaMessages([user(""), assistant("")]), []);
  const named = toOpenAiMessages([
    { ...user("hi"), name: "octo_cat" },
    { ...user("yo"), name: "has spaces" },
  ]);
  assert.deepEqual(named, [
    { role: "user", content: "hi", name: "octo_cat" },
    { role: "user", content: "yo" },
  ]);
});

test("tools: name, description and schema; a tool without a schema takes an empty object", () => {
  const withSchema = aTool("read_file");
  assert.deepEqual(toOpenAiTools([withSchema]), [
    { type: "function", function: { name: "read_file", description: "Runs read_file.", parameters: withSchema.inputSchema } },
  ]);
  assert.deepEqual(toOllamaTools([{ name: "now", description: "The time." }]), [
    { type: "function", function: { name: "now", description: "The time.", parameters: { type: "object", properties: {} } } },
  ]);
});

test("Ollama's tool calls come back whole, with the id Ollama gave or a new one", () => {
  const events = ollamaToolCallEvents(
    [{ id: "call_abc", function: { name: "read_file", arguments: READ } }, { function: { name: "now", arguments: {} } }],
    newId,
  );
  assert.deepEqual(events, [
    { type: "tool-call", callId: "call_abc", name: "read_file", input: READ },
    { type: "tool-call", callId: `call_new${ids}`, name: "now", input: {} },
  ]);
  assert.throws(() => ollamaToolCallEvents([{ function: { name: "x", arguments: "not an object" } }], newId), ToolArgumentsError);
});

test("OpenAI's streamed deltas are put together per index: id and name first, the arguments in pieces", () => {
  const assembler = new OpenAiToolCallAssembler(newId);
  assembler.add([{ index: 0, id: "call_x", function: { name: "read_file", arguments: "" } }]);
  assembler.add([{ index: 1, id: "call_y", function: { name: "grep_search", arguments: '{"query":' } }]);
  assembler.add([{ index: 0, function: { arguments: '{"filePath":"/work/shop/src/cart.ts"' } }]);
  assembler.add([
    { index: 0, function: { arguments: "}" } },
    { index: 1, function: { arguments: '"total"}' } },
  ]);
  assert.deepEqual(assembler.finish(), [
    { type: "tool-call", callId: "call_x", name: "read_file", input: READ },
    { type: "tool-call", callId: "call_y", name: "grep_search", input: { query: "total" } },
  ]);
  assert.equal(assembler.pending, false);
});

test("arguments that are not a JSON object are refused, not passed to a tool", () => {
  for (const bad of ['{"filePath": "/a"', "[1, 2]", "42"]) {
    const assembler = new OpenAiToolCallAssembler(newId);
    assembler.add([{ index: 0, id: "c", function: { name: "read_file", arguments: bad } }]);
    assert.throws(() => assembler.finish(), ToolArgumentsError, bad);
  }
  const none = new OpenAiToolCallAssembler(newId);
  none.add([{ index: 0, id: "c", function: { name: "now", arguments: "" } }]);
  assert.deepEqual(none.finish(), [{ type: "tool-call", callId: "c", name: "now", input: {} }], "no arguments at all is an empty object");
});
