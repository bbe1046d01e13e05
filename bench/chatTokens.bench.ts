// Prints what provideTokenCount costs per agent turn. VS Code's chat lays out an Agent-mode prompt
// piece by piece and asks the model for the tokens of each piece, about 10,000 times a turn; on
// the first turn the prompt is ~15,000–17,000 characters of instructions and ~40 tool schemas.
// Measured here: one turn of 10,000 counts over a 17,000-character agent prompt with 40 tools
// (its lines, its tool schemas, and now and then the whole prompt as a message), and, as an upper
// bound, 10,000 counts of the whole prompt. The host's part (one instanceof per message part) is
// not included. Prints numbers, asserts nothing.
//   node scripts/bootstrap.mjs bench/chatTokens.bench.ts
import { countRequestTokens, countTokens, countToolTokens, countTurnTokens } from "../src/core/chat/tokenCount.ts";
import type { ChatTurn } from "../src/core/chat/chatMessages.ts";
import { agentSystemPrompt, agentTools } from "../test/unit/chatFixtures.ts";
import { percentile, samplesMs } from "./measure.ts";

const CALLS_PER_TURN = 10_000;
const TURNS = 60;
const PROMPT_CHARS = 17_000;
const TOOLS = 40;

const prompt = agentSystemPrompt(PROMPT_CHARS);
const tools = agentTools(TOOLS);
const lines = prompt.split("\n").filter((line) => line !== "");
const schemas = tools.map((tool) => JSON.stringify({ name: tool.name, description: tool.description, parameters: tool.inputSchema }));
const wholeMessage: ChatTurn = {
  role: "user",
  parts: [
    { type: "text", text: prompt },
    { type: "tool-call", callId: "call_1", name: "read_file", input: { filePath: "/work/shop/src/cart.ts" } },
    { type: "tool-result", callId: "call_1", text: "export function total(items) {\n  return items.reduce((sum, item) => sum + item.price, 0);\n}\n" },
  ],
};

/** One turn as chat asks: mostly small pieces, a tool schema now and then, the whole message every 100th call. */
function agentTurn(): number {
  let tokens = 0;
  for (let call = 0; call < CALLS_PER_TURN; call += 1) {
    if (call % 100 === 99) tokens += countTurnTokens(wholeMessage);
    else if (call % 10 === 9) tokens += countTokens(schemas[call % schemas.length]!);
    else tokens += countTokens(lines[call % lines.length]!);
  }
  return tokens;
}

function wholePromptEveryTime(): number {
  let tokens = 0;
  for (let call = 0; call < CALLS_PER_TURN; call += 1) tokens += countTokens(prompt);
  return tokens;
}

function line(label: string, samples: number[]): void {
  const p50 = percentile(samples, 50);
  const p99 = percentile(samples, 99);
  console.log(
    `${label.padEnd(62)} ${p50.toFixed(2).padStart(8)} ms ${p99.toFixed(2).padStart(8)} ms ${((p50 * 1000) / CALLS_PER_TURN).toFixed(3).padStart(8)} µs/call`,
  );
}

console.log(
  `Agent prompt: ${prompt.length} characters, ${lines.length} lines, ${TOOLS} tools (${schemas.reduce((sum, schema) => sum + schema.length, 0)} characters of schema)`,
);
console.log(
  `Counted: prompt ${countTokens(prompt)} tokens, tools ${countToolTokens(tools)} tokens, the first request ${countRequestTokens([{ role: "system", parts: [{ type: "text", text: prompt }] }], tools)} tokens`,
);
console.log(`${"per turn of 10,000 provideTokenCount calls".padEnd(62)} ${"p50".padStart(11)} ${"p99".padStart(11)} ${"p50 per call".padStart(16)}`);
line("agent turn (lines, schemas, the whole message every 100th)", samplesMs(agentTurn, TURNS, 5));
line("upper bound: the whole 17,000-character prompt each time", samplesMs(wholePromptEveryTime, Math.max(10, TURNS / 3), 2));
