// buildFimPrompt: the code around the cursor that a fill-in-the-middle request carries.
import { test } from "node:test";
import assert from "node:assert/strict";
import { buildFimPrompt } from "../../src/core/completion/fimPrompt.ts";
import { estimateTokens } from "../../src/core/providers/ollamaProvider.ts";

/** The characters per token buildFimPrompt assumes when it cuts windows. */
const CHARS_PER_TOKEN = 3.5;
const BUDGET_TOKENS = 128;
const BUDGET_CHARS = Math.floor(BUDGET_TOKENS * CHARS_PER_TOKEN);

/** A source file of `count` distinct, numbered lines, each ending in "\n". */
function sourceLines(count: number): string {
  return Array.from({ length: count }, (_, i) => `const value${String(i).padStart(4, "0")} = compute(${i});\n`).join("");
}

/** A large file with the cursor in the middle of line `line`, after `column` characters. */
function largeFileWithCursor(line = 200, column = 6): { text: string; offset: number } {
  const text = sourceLines(400);
  const lineStart = text.split("\n").slice(0, line).join("\n").length + 1;
  return { text, offset: lineStart + column };
}

test("a file within the budget is sent whole: everything before the cursor, then everything after", () => {
  const text = "function add(a, b) {\n  \n}\n";
  const offset = text.indexOf("\n  ") + 3;
  const prompt = buildFimPrompt({ text, offset, budgetTokens: BUDGET_TOKENS });
  assert.equal(prompt.prefix, "function add(a, b) {\n  ");
  assert.equal(prompt.suffix, "\n}\n");
});

test("in a large file the prefix and suffix together stay within the budget", () => {
  const { text, offset } = largeFileWithCursor();
  const prompt = buildFimPrompt({ text, offset, budgetTokens: BUDGET_TOKENS });
  assert.ok(text.length > 10 * BUDGET_CHARS, "the file is far larger than the budget");
  assert.ok(prompt.prefix.length + prompt.suffix.length <= BUDGET_CHARS);
  assert.ok(prompt.tokens <= BUDGET_TOKENS);
});

test("the windows are the text right around the cursor, with nothing skipped", () => {
  const { text, offset } = largeFileWithCursor();
  const prompt = buildFimPrompt({ text, offset, budgetTokens: BUDGET_TOKENS });
  assert.equal(prompt.prefix, text.slice(offset - prompt.prefix.length, offset));
  assert.equal(prompt.suffix, text.slice(offset, offset + prompt.suffix.length));
});

test("the windows are cut at line boundaries: the prefix starts a line and the suffix ends one", () => {
  const { text, offset } = largeFileWithCursor();
  const prompt = buildFimPrompt({ text, offset, budgetTokens: BUDGET_TOKENS });
  assert.equal(text[offset - prompt.prefix.length - 1], "\n", "the character before the prefix ends a line");
  assert.ok(prompt.suffix.endsWith("\n"), "the suffix ends with a whole line");
});

test("the cursor's line is kept whole: its start ends the prefix and its rest begins the suffix", () => {
  const { text, offset } = largeFileWithCursor(200, 6);
  const prompt = buildFimPrompt({ text, offset, budgetTokens: BUDGET_TOKENS });
  const cursorLine = "const value0200 = compute(200);";
  assert.ok(prompt.prefix.endsWith(`\n${cursorLine.slice(0, 6)}`));
  assert.ok(prompt.suffix.startsWith(`${cursorLine.slice(6)}\n`));
});

test("the code before the cursor gets the larger share of the budget", () => {
  const { text, offset } = largeFileWithCursor();
  const prompt = buildFimPrompt({ text, offset, budgetTokens: BUDGET_TOKENS });
  assert.ok(prompt.prefix.length > prompt.suffix.length);
  assert.ok(prompt.prefix.length > BUDGET_CHARS / 2);
});

test("near the top of a file the suffix uses the budget the short prefix leaves over", () => {
  const text = sourceLines(400);
  const offset = text.indexOf("\n") + 1; // start of the second line
  const prompt = buildFimPrompt({ text, offset, budgetTokens: BUDGET_TOKENS });
  assert.equal(prompt.prefix, text.slice(0, offset));
  assert.ok(prompt.suffix.length > BUDGET_CHARS / 2);
  assert.ok(prompt.prefix.length + prompt.suffix.length <= BUDGET_CHARS);
});

test("an offset past the end of the text is treated as the end", () => {
  const text = "let x = 1;\n";
  const prompt = buildFimPrompt({ text, offset: text.length + 50, budgetTokens: BUDGET_TOKENS });
  assert.equal(prompt.prefix, text);
  assert.equal(prompt.suffix, "");
});

test("a negative offset is treated as the start of the text", () => {
  const text = "let x = 1;\n";
  const prompt = buildFimPrompt({ text, offset: -3, budgetTokens: BUDGET_TOKENS });
  assert.equal(prompt.prefix, "");
  assert.equal(prompt.suffix, text);
});

test("tokens is the estimate of the prefix and suffix actually kept", () => {
  const { text, offset } = largeFileWithCursor();
  const prompt = buildFimPrompt({ text, offset, budgetTokens: BUDGET_TOKENS });
  assert.equal(prompt.tokens, estimateTokens(prompt.prefix) + estimateTokens(prompt.suffix));
  assert.ok(prompt.tokens > 0);
});
