// buildFimPrompt: the code around the cursor that a fill-in-the-middle request carries.
import { test } from "node:test";
import assert from "node:assert/strict";
import { buildFimPrompt } from "../../src/core/completion/fimPrompt.ts";
import { estimateTokens } from "../../src/core/tokens.ts";

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
  assert.equal(prompt.tokens, estimateTokens(prompt.prefix + prompt.suffix));
  assert.ok(prompt.tokens > 0);
});

// ── file path and snippets ──

const SNIPPET_A = { path: "src/money.ts", text: "export function formatUsd(value: number): string {\n  return `$${value.toFixed(2)}`;\n}\n" };
const SNIPPET_B = { path: "src/tax.ts", text: "export const TAX_RATE = 0.2;\n" };

test("with a file path the prefix starts with it as a comment line in the language's syntax", () => {
  const text = "const x = 1;\n";
  const cases: [string | undefined, string][] = [
    ["typescript", "// Path: src/a.ts\n"],
    ["python", "# Path: src/a.ts\n"],
    ["sql", "-- Path: src/a.ts\n"],
    ["html", "<!-- Path: src/a.ts -->\n"],
    ["css", "/* Path: src/a.ts */\n"],
    ["some-new-language", "// Path: src/a.ts\n"],
    [undefined, "// Path: src/a.ts\n"],
  ];
  for (const [languageId, header] of cases) {
    const prompt = buildFimPrompt({ text, offset: text.length, budgetTokens: BUDGET_TOKENS, filePath: "src/a.ts", languageId });
    assert.equal(prompt.prefix, header + text, String(languageId));
  }
});

test("snippets come first as commented blocks, each under its path, in the order given; the edited file's path labels its code", () => {
  const text = "const total = ";
  const prompt = buildFimPrompt({
    text,
    offset: text.length,
    budgetTokens: 1500,
    filePath: "src/cart.ts",
    languageId: "typescript",
    snippets: [SNIPPET_A, SNIPPET_B],
  });
  assert.equal(
    prompt.prefix,
    [
      "// Path: src/money.ts",
      "// export function formatUsd(value: number): string {",
      "//   return `$${value.toFixed(2)}`;",
      "// }",
      "//",
      "// Path: src/tax.ts",
      "// export const TAX_RATE = 0.2;",
      "//",
      "// Path: src/cart.ts",
      "const total = ",
    ].join("\n"),
  );
  assert.deepEqual(prompt.snippetPaths, ["src/money.ts", "src/tax.ts"]);
  assert.equal(prompt.window, text);
});

test("snippets in a language without line comments are wrapped in block comments that their text cannot close", () => {
  const snippet = { path: "a.css", text: "/* theme */\nbody { color: red; }" };
  const prompt = buildFimPrompt({ text: "p {", offset: 3, budgetTokens: 500, languageId: "css", snippets: [snippet] });
  assert.ok(prompt.prefix.startsWith("/* Path: a.css\n/* theme * /\nbody { color: red; }\n */\n"), prompt.prefix);
});

test("in a large file the cursor windows come first and snippets still get the rest of the budget", () => {
  const { text, offset } = largeFileWithCursor();
  const prompt = buildFimPrompt({ text, offset, budgetTokens: 600, filePath: "src/big.ts", snippets: [SNIPPET_A, SNIPPET_B] });
  assert.deepEqual(prompt.snippetPaths, ["src/money.ts", "src/tax.ts"]);
  assert.ok(prompt.prefix.endsWith(prompt.window));
  assert.ok(prompt.window.length + prompt.suffix.length > 0.5 * 600 * CHARS_PER_TOKEN, "the windows keep most of the budget");
  assert.ok(prompt.prefix.length + prompt.suffix.length <= 600 * CHARS_PER_TOKEN, "everything fits the budget");
});

test("the whole prompt stays within the budget however many snippets there are", () => {
  const { text, offset } = largeFileWithCursor();
  const snippets = Array.from({ length: 10 }, (_, i) => ({ path: `src/s${i}.ts`, text: sourceLines(40) }));
  const prompt = buildFimPrompt({ text, offset, budgetTokens: 1500, filePath: "src/big.ts", snippets });
  assert.ok(prompt.prefix.length + prompt.suffix.length <= 1500 * CHARS_PER_TOKEN);
  assert.ok(prompt.promptTokens <= 1500);
  assert.ok(prompt.snippetPaths.length >= 1 && prompt.snippetPaths.length < 10, `${prompt.snippetPaths.length} snippets`);
  assert.deepEqual(
    prompt.snippetPaths,
    snippets.slice(0, prompt.snippetPaths.length).map((s) => s.path),
    "the most recent ones, in order",
  );
});

test("a snippet too long for what is left is cut to its first whole lines", () => {
  const long = { path: "src/long.ts", text: sourceLines(200) };
  const prompt = buildFimPrompt({ text: "x", offset: 1, budgetTokens: 300, snippets: [long] });
  assert.deepEqual(prompt.snippetPaths, ["src/long.ts"]);
  const commented = prompt.prefix.split("\n").filter((line) => line.startsWith("// const value"));
  assert.ok(commented.length >= 3 && commented.length < 200, `${commented.length} lines`);
  assert.equal(commented[0], "// const value0000 = compute(0);", "from the snippet's start");
  assert.ok(
    commented.every((line) => line.endsWith(");")),
    "no line is cut in half",
  );
});

test("when no snippet fits, the windows take the whole budget back", () => {
  const { text, offset } = largeFileWithCursor();
  const huge = { path: "src/huge.ts", text: "x".repeat(50_000) }; // one line that can never fit
  const withSnippet = buildFimPrompt({ text, offset, budgetTokens: BUDGET_TOKENS, snippets: [huge] });
  const without = buildFimPrompt({ text, offset, budgetTokens: BUDGET_TOKENS });
  assert.deepEqual(withSnippet.snippetPaths, []);
  assert.equal(withSnippet.prefix, without.prefix);
  assert.equal(withSnippet.suffix, without.suffix);
});

test("promptTokens counts everything sent, tokens only the edited file's windows", () => {
  const text = "let a = 1;\nlet b = ";
  const prompt = buildFimPrompt({ text, offset: text.length, budgetTokens: 1500, filePath: "src/x.ts", snippets: [SNIPPET_A] });
  assert.equal(prompt.promptTokens, estimateTokens(prompt.prefix) + estimateTokens(prompt.suffix));
  assert.equal(prompt.tokens, estimateTokens(prompt.window) + estimateTokens(prompt.suffix));
  assert.ok(prompt.promptTokens > prompt.tokens);
});

test("without a path or snippets the prefix is exactly the cursor window, as before", () => {
  const { text, offset } = largeFileWithCursor();
  const prompt = buildFimPrompt({ text, offset, budgetTokens: BUDGET_TOKENS });
  assert.equal(prompt.prefix, prompt.window);
  assert.equal(prompt.promptTokens, prompt.tokens);
});

// ── prompts a KV cache can reuse (llama.cpp cache_prompt keeps the part equal to the last prompt's beginning) ──

/** The prompt after typing `typed` at the cursor of a large file, one character at a time. */
function typingSession(typed: string, snippets: { path: string; text: string }[] = []) {
  const { text, offset } = largeFileWithCursor(300, 0);
  return Array.from({ length: typed.length + 1 }, (_, i) => {
    const now = text.slice(0, offset) + typed.slice(0, i) + text.slice(offset);
    return buildFimPrompt({ text: now, offset: offset + i, budgetTokens: 1500, filePath: "src/big.ts", snippets });
  });
}

test("while the user types, the prefix window keeps its start: each prompt begins with the one before it, up to the cursor", () => {
  const prompts = typingSession("const total = items.reduce((sum, item) => sum + item.price * item.quantity, 0);\nreturn applyDiscount(total, percent);\n");
  const starts = new Set(prompts.map((prompt, i) => prompt.prefix.length - i));
  assert.ok(starts.size <= 2, `the window's start moved ${starts.size - 1} times in ${prompts.length - 1} keystrokes`);
  const unchanged = prompts.slice(1).filter((prompt, i) => prompt.prefix.startsWith(prompts[i]?.prefix ?? "")).length;
  assert.ok(unchanged >= prompts.length - 2, `${unchanged} of ${prompts.length - 1} prompts continue the one before`);
});

test("the prefix window's start moves in steps of half its share, and always to a line start", () => {
  const { text } = largeFileWithCursor();
  const starts = new Set<number>();
  for (let offset = 8_000; offset < 9_000; offset += 7) {
    const prompt = buildFimPrompt({ text, offset, budgetTokens: 600 });
    const start = offset - prompt.prefix.length;
    assert.equal(text[start - 1], "\n", `starts a line at offset ${offset}`);
    starts.add(start);
  }
  const prefixShare = Math.floor(600 * CHARS_PER_TOKEN * 0.75);
  assert.ok(starts.size <= Math.ceil(1_000 / Math.floor(prefixShare / 2)) + 1, `${starts.size} different starts over 1,000 characters`);
});

test("the suffix is at most sixteen whole lines, however much budget is left", () => {
  const text = sourceLines(400);
  const offset = text.indexOf("\n") + 1;
  const prompt = buildFimPrompt({ text, offset, budgetTokens: 4_000 });
  assert.equal(prompt.suffix.split("\n").length - 1, 16);
  assert.ok(prompt.suffix.endsWith("\n"));
});

test("the snippet block is byte for byte the same while the user types, in a small file and in a large one", () => {
  const snippets = [SNIPPET_A, { path: "src/long.ts", text: sourceLines(120) }];
  const blockOf = (prompt: { prefix: string }) => prompt.prefix.slice(0, prompt.prefix.indexOf("// Path: src/big.ts"));
  const large = typingSession("return applyDiscount(total);", snippets).map(blockOf);
  assert.equal(new Set(large).size, 1);
  const small = Array.from({ length: 30 }, (_, i) => {
    const text = `function f() {\n  ${"x".repeat(i)}\n}\n`;
    return blockOf(buildFimPrompt({ text, offset: 17 + i, budgetTokens: 1500, filePath: "src/big.ts", snippets }));
  });
  assert.equal(new Set(small).size, 1);
});
