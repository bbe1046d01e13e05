// Repetition loops in post-processing: a line or block a model writes over and over is kept once.
import { test } from "node:test";
import assert from "node:assert/strict";
import { postProcessCompletion } from "../../src/core/completion/postProcess.ts";

test("a line repeated over and over is kept once (JavaScript)", () => {
  const input = { prefix: "function log(x) {\n  ", suffix: "\n}\n", languageId: "javascript" };
  assert.equal(postProcessCompletion(`console.log(x);${"\n  console.log(x);".repeat(9)}`, input), "console.log(x);");
});

test("a line written twice is code, not a loop", () => {
  const input = { prefix: "void skip(Cursor& c) {\n    ", suffix: "\n}\n", languageId: "cpp" };
  assert.equal(postProcessCompletion("c.next();\n    c.next();", input), "c.next();\n    c.next();");
});

test("a block written twice in a row is kept once (Python)", () => {
  const input = { prefix: "def tick(x):\n    ", suffix: "", languageId: "python" };
  const block = "x += 1\n    print(x)";
  assert.equal(postProcessCompletion(`${block}\n    ${block}\n    ${block}`, input), block);
});

test("a loop cut off mid-copy by the token limit keeps only its first copy (Go)", () => {
  const input = { prefix: "func main() {\n\t", suffix: "\n}\n", languageId: "go" };
  const raw = "fmt.Println(a)\n\tfmt.Println(b)\n\tfmt.Println(a)\n\tfmt.Println(b)\n\tfmt.Print";
  assert.equal(postProcessCompletion(raw, input), "fmt.Println(a)\n\tfmt.Println(b)");
});

test("in HTML a row of cells may come twice; the third copy shows a loop", () => {
  const input = { prefix: "<table>\n  ", suffix: "\n</table>\n", languageId: "html" };
  const row = "<tr><td></td></tr>";
  assert.equal(postProcessCompletion(`${row}\n  ${row}`, input), `${row}\n  ${row}`);
  assert.equal(postProcessCompletion(`${row}\n  ${row}\n  ${row}\n  ${row}`, input), row);
});

test("a YAML key written twice in a row is a duplicate key: kept once", () => {
  const input = { prefix: "env:\n  USER: app\n  PASSWORD: secret", suffix: "\n", languageId: "yaml" };
  assert.equal(postProcessCompletion("\n  DATABASE: app\n  DATABASE: app", input), "\n  DATABASE: app");
});

test("a Markdown list that loops is kept once", () => {
  const input = { prefix: "## Steps\n\n", suffix: "\n", languageId: "markdown" };
  assert.equal(postProcessCompletion("- Install\n- Run\n- Install\n- Run\n- Install\n- Run", input), "- Install\n- Run");
});

test("a last line that types the same unit over and over is dropped (C)", () => {
  const input = { prefix: "int primes[] = ", suffix: "\n", languageId: "c" };
  const raw = `{2, 3, 5, 7};\nint pad[] = {${"0, ".repeat(30)}`;
  assert.equal(postProcessCompletion(raw, input), "{2, 3, 5, 7};");
});

test("closers repeated at different depths are not a loop", () => {
  const input = { prefix: "describe('a', () => {\n  it('b', () => {\n    ", suffix: "", languageId: "typescript" };
  assert.equal(postProcessCompletion("expect(1).toBe(1);\n  });\n});", input), "expect(1).toBe(1);\n  });");
});
