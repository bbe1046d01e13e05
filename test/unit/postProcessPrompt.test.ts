// The prompt echoed back and spaces doubled, in post-processing: a model may write the path
// comment Junction puts above the code, the cloud prompt's `File:` line, or a space the cursor has.
import { test } from "node:test";
import assert from "node:assert/strict";
import { postProcessCompletion } from "../../src/core/completion/postProcess.ts";

const IN_FUNCTION = { prefix: "export function total(items: Item[]) {\n  ", suffix: "\n}\n", languageId: "typescript" };

// ── prompt furniture ──

test("an answer that is only the prompt's path comment is dropped", () => {
  assert.equal(postProcessCompletion("// Path: src/totals.ts", IN_FUNCTION), "");
});

test("a snippet's path line and the commented snippet under it are dropped; the code after them is kept", () => {
  const raw = "// Path: src/cart.ts\n// export const TAX = 0.2;\n//\nreturn items.length;";
  assert.equal(postProcessCompletion(raw, IN_FUNCTION), "return items.length;");
});

test("the cloud prompt's `File:` header alone is dropped", () => {
  assert.equal(postProcessCompletion("File: src/totals.ts (typescript)", IN_FUNCTION), "");
});

test("an answer that runs on into another file's path line ends before it (Python)", () => {
  const input = { prefix: "def load():\n    ", suffix: "", languageId: "python" };
  assert.equal(postProcessCompletion("return read()\n\n# Path: app/util.py\nimport os", input), "return read()");
});

test("HTML's path comment is a block comment", () => {
  const input = { prefix: "<main>\n  ", suffix: "\n</main>\n", languageId: "html" };
  assert.equal(postProcessCompletion("<!-- Path: site/index.html -->\n<h1>Hello</h1>", input), "<h1>Hello</h1>");
});

test("after code on the cursor's line, dropped furniture leaves the answer on its next line", () => {
  const input = { prefix: "const a = 1;", suffix: "\n", languageId: "javascript" };
  assert.equal(postProcessCompletion("\n// Path: src/b.js\nconst b = 2;", input), "\nconst b = 2;");
});

test("a document written in path comments keeps them", () => {
  const input = { prefix: "// Path: src/a.ts\nexport const a = 1;\n\n", suffix: "", languageId: "typescript" };
  assert.equal(postProcessCompletion("// Path: src/b.ts\nexport const b = 2;", input), "// Path: src/b.ts\nexport const b = 2;");
});

// ── a space the cursor already has ──

test("after `= ` the answer's leading space is not doubled", () => {
  assert.equal(postProcessCompletion(" items.length;", { prefix: "const count = ", suffix: "\n", languageId: "typescript" }), "items.length;");
});

test("on a line of indentation, a tokenizer's single leading space goes, deeper indentation stays (SQL)", () => {
  const input = { prefix: "SELECT id FROM users u\n  WHERE u.active = 1\n  ", suffix: "", languageId: "sql" };
  assert.equal(postProcessCompletion(" AND u.age > 18", input), "AND u.age > 18");
  assert.equal(postProcessCompletion("  AND u.age > 18", input), "  AND u.age > 18");
});

test("inside a string the spaces are the user's text", () => {
  assert.equal(postProcessCompletion(' world"', { prefix: 'const s = "hello ', suffix: ";\n", languageId: "javascript" }), ' world"');
});

test("in Markdown prose a doubled space goes too", () => {
  assert.equal(postProcessCompletion(" the build.", { prefix: "Run `npm test` before ", suffix: "\n", languageId: "markdown" }), "the build.");
});

test("a YAML key named File is content, not the cloud prompt's header", () => {
  const input = { prefix: "attachments:\n  - ", suffix: "\n", languageId: "yaml" };
  assert.equal(postProcessCompletion("File: report.pdf", input), "File: report.pdf");
});
