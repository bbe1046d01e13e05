// buildRefactorMessages (DESIGN §1): a system prompt that teaches Junction's edit format, and one
// user message with the files as they are, the selection quoted with its lines, and the task last.
// Quick refactors are fixed instructions; estimates feed the router; secrets are redacted for the
// cloud with one numbering so the answer's placeholders restore.
import { test } from "node:test";
import assert from "node:assert/strict";
import { EDIT_FORMAT_INSTRUCTIONS } from "../../src/core/refactor/editFormat.ts";
import { QUICK_REFACTORS, buildRefactorMessages, estimateRefactorTokens, redactRefactorMessages } from "../../src/core/refactor/refactorPrompt.ts";
import type { RefactorFile, RefactorPromptInput } from "../../src/core/refactor/refactorPrompt.ts";
import { CART } from "../fixtures/refactorValues.ts";
import { charsForTokens, estimateTokens } from "../../src/core/tokens.ts";

// ── builders ──

function aFile(overrides: Partial<RefactorFile> = {}): RefactorFile {
  return { path: "src/cart.ts", text: CART, ...overrides };
}

/** The selection of whole lines `first`–`last` (1-based) of CART. */
function linesSelection(first: number, last: number): { start: number; end: number } {
  const lines = CART.split("\n");
  const start = lines.slice(0, first - 1).join("\n").length + (first > 1 ? 1 : 0);
  const end = lines.slice(0, last).join("\n").length + 1;
  return { start, end };
}

function userMessage(input: RefactorPromptInput): string {
  const messages = buildRefactorMessages(input);
  assert.deepEqual(
    messages.map((message) => message.role),
    ["system", "user"],
  );
  return messages[1]?.content ?? "";
}

// ── messages ──

test("the system prompt carries the edit format instructions the parser reads", () => {
  const [system] = buildRefactorMessages({ instruction: "Simplify.", files: [aFile()] });
  assert.equal(system?.role, "system");
  assert.ok(system?.content.includes(EDIT_FORMAT_INSTRUCTIONS));
});

test("the user message holds each file's path and its exact text, and the task comes last", () => {
  const money = { path: "src/money.ts", text: "export const EUR = 'EUR';\n" };
  const user = userMessage({ instruction: "  Use the Money type.  ", files: [aFile(), money] });
  assert.ok(user.includes(`File: src/cart.ts\n\`\`\`ts\n${CART}\`\`\``), "cart.ts verbatim in a fence");
  assert.ok(user.includes(`File: src/money.ts\n\`\`\`ts\n${money.text}\`\`\``), "money.ts verbatim in a fence");
  assert.ok(user.endsWith("Task: Use the Money type."), "the trimmed task closes the message");
});

test("a single-file selection is quoted with its line numbers, and the file text is left unmarked", () => {
  const selection = linesSelection(4, 6);
  const user = userMessage({ instruction: "Extract a function.", files: [aFile({ selection })], languageId: "typescript" });
  assert.ok(user.includes(`File: src/cart.ts\n\`\`\`typescript\n${CART}\`\`\``), "the file is sent exactly as it is");
  assert.ok(
    user.includes(
      "The selection in src/cart.ts (lines 4–6), the code to refactor:\n```typescript\n  let sum = 0;\n  for (const item of items) sum += item.price;\n  return sum;\n```",
    ),
  );
  assert.ok(user.indexOf("The selection") < user.indexOf("Task:"), "selection before the task");
});

test("a selection inside one line is named by that line", () => {
  const start = CART.indexOf("item.price");
  const user = userMessage({ instruction: "Rename.", files: [aFile({ selection: { start, end: start + "item.price".length } })] });
  assert.ok(user.includes("The selection in src/cart.ts (line 5), the code to refactor:\n```ts\nitem.price\n```"));
});

test("an empty or blank selection counts as none", () => {
  for (const selection of [
    { start: 10, end: 10 },
    { start: CART.indexOf("\n\n"), end: CART.indexOf("\n\n") + 2 },
  ]) {
    assert.ok(!userMessage({ instruction: "Simplify.", files: [aFile({ selection })] }).includes("The selection"));
  }
});

test("a reversed or out-of-range selection is put in order and clamped to the text", () => {
  const user = userMessage({ instruction: "Simplify.", files: [aFile({ selection: { start: CART.length + 50, end: CART.indexOf("  return sum;") } })] });
  assert.ok(user.includes("(lines 6–7)"));
});

test("code that contains ``` is fenced with a longer fence, so it cannot close the block early", () => {
  const readme = { path: "README.md", text: "Run:\n```sh\nnpm test\n```\n" };
  const user = userMessage({ instruction: "Fix typos.", files: [readme] });
  assert.ok(user.includes("File: README.md\n````md\nRun:\n```sh\nnpm test\n```\n````"));
});

test("the language id names the edited file's fence; other files use their extension", () => {
  const user = userMessage({
    instruction: "Add types.",
    files: [aFile({ selection: linesSelection(3, 7) }), { path: "lib/util.py", text: "x = 1\n" }, { path: "Makefile", text: "all:\n" }],
    languageId: "typescript",
  });
  assert.ok(user.includes("File: src/cart.ts\n```typescript\n"));
  assert.ok(user.includes("File: lib/util.py\n```py\n"));
  assert.ok(user.includes("File: Makefile\n```\n"));
});

test("a refactor without files is a programming error", () => {
  assert.throws(() => buildRefactorMessages({ instruction: "Simplify.", files: [] }), RangeError);
});

// ── quick refactors ──

test("the seven quick refactors of the issue are offered, each with a label and an instruction", () => {
  assert.deepEqual(
    QUICK_REFACTORS.map((refactor) => refactor.id),
    ["extract-function", "add-types", "add-docs", "simplify", "convert-async-await", "rename-symbol", "add-error-handling"],
  );
  for (const refactor of QUICK_REFACTORS) {
    assert.ok(refactor.label.length > 0 && refactor.detail.length > 0, refactor.id);
    assert.ok(refactor.instruction.length > 80, `${refactor.id} tells the model enough`);
  }
});

test("a quick refactor's instruction becomes the task", () => {
  const addDocs = QUICK_REFACTORS.find((refactor) => refactor.id === "add-docs");
  assert.ok(addDocs);
  assert.ok(userMessage({ instruction: addDocs.instruction, files: [aFile()] }).endsWith(`Task: ${addDocs.instruction}`));
});

// ── estimates ──

test("input tokens count every message; output is bounded by what is edited", () => {
  const whole = estimateRefactorTokens({ instruction: "Simplify.", files: [aFile()] });
  const selected = estimateRefactorTokens({ instruction: "Simplify.", files: [aFile({ selection: linesSelection(4, 6) })] });
  const messages = buildRefactorMessages({ instruction: "Simplify.", files: [aFile()] });
  assert.ok(whole.inputTokens >= messages.reduce((sum, message) => sum + estimateTokens(message.content), 0));
  assert.equal(whole.selectionTokens, 0);
  assert.ok(selected.selectionTokens > 0 && selected.selectionTokens < whole.inputTokens);
  assert.equal(whole.maxOutputTokens, 512, "small edits get the floor");
  const big = estimateRefactorTokens({ instruction: "Simplify.", files: [aFile({ text: "x".repeat(4 * 10_000) })] });
  assert.equal(big.maxOutputTokens, 16_384, "large edits are capped");
  const medium = estimateRefactorTokens({ instruction: "Simplify.", files: [aFile({ text: "x".repeat(charsForTokens(1_000)) })] });
  assert.equal(medium.maxOutputTokens, 2_756, "in between: 2.5 × the edited tokens + 256");
});

// ── redaction for the cloud ──

/** A GitHub-token-shaped value built at run time, so no scanner takes this file for a leak. */
const TOKEN = "ghp_" + Array.from({ length: 36 }, (_, index) => "Qm4tZ8rW1kP6xB3n"[(index * 5) % 16]).join("");

test("secrets in the files are replaced for the cloud, one placeholder per value across files, and restore brings them back", () => {
  const files = [
    { path: "src/config.ts", text: `export const token = "${TOKEN}";\n` },
    { path: "src/client.ts", text: `const auth = "${TOKEN}";\n` },
  ];
  const messages = buildRefactorMessages({ instruction: "Simplify.", files });
  const redacted = redactRefactorMessages(messages);
  assert.equal(redacted.messages[0]?.content, messages[0]?.content, "the system prompt is left alone");
  const user = redacted.messages[1]?.content ?? "";
  assert.ok(!user.includes(TOKEN));
  assert.equal(user.match(/<<JUNCTION_SECRET_1>>/g)?.length, 2, "the same value gets the same placeholder in both files");
  assert.ok(redacted.redactedSecrets >= 2);
  assert.equal(redacted.restore(user), messages[1]?.content);
});

test("without secrets the messages go unchanged and restore changes nothing", () => {
  const messages = buildRefactorMessages({ instruction: "Simplify.", files: [aFile()] });
  const redacted = redactRefactorMessages(messages);
  assert.deepEqual(redacted.messages, messages);
  assert.equal(redacted.redactedSecrets, 0);
  assert.equal(redacted.restore("<<JUNCTION_SECRET_1>>"), "<<JUNCTION_SECRET_1>>");
});
