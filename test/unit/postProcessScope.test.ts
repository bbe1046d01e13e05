// Scope by indentation in post-processing: Python-like blocks end at their dedent, branches only
// where the editor's block ends right after the cursor, and no dead code after an exit.
import { test } from "node:test";
import assert from "node:assert/strict";
import { postProcessCompletion } from "../../src/core/completion/postProcess.ts";

// ── indentation languages ──

test("a Python function body ends at its dedent: the next def is not shown", () => {
  const input = { prefix: "def double(x):\n    ", suffix: "", languageId: "python" };
  assert.equal(postProcessCompletion("return x * 2\n\ndef triple(x):\n    return x * 3", input), "return x * 2");
});

test("after a Python opener at the end of the cursor's line, the body comes and the dedent ends it", () => {
  const input = { prefix: "def area(r):", suffix: "\n\nprint(area(2))\n", languageId: "python" };
  assert.equal(postProcessCompletion("\n    return 3.14 * r * r\nprint(area(3))", input), "\n    return 3.14 * r * r");
});

test("a dedented closing bracket is kept and ends the answer (Python)", () => {
  const input = { prefix: "values = [\n    ", suffix: "", languageId: "python" };
  assert.equal(postProcessCompletion("1,\n    2,\n]\nprint(values)", input), "1,\n    2,\n]");
});

test("Python's elif is written where the if block ends right after the cursor", () => {
  const input = { prefix: "def sign(x):\n    if x > 0:\n        ", suffix: "\n    return 0\n", languageId: "python" };
  assert.equal(postProcessCompletion("return 1\n    elif x < 0:\n        return -1", input), "return 1\n    elif x < 0:\n        return -1");
});

test("Python's elif is cut where the if block goes on after the cursor", () => {
  const input = { prefix: "def sign(x):\n    if x > 0:\n        ", suffix: "\n        log(x)\n    return 0\n", languageId: "python" };
  assert.equal(postProcessCompletion("return 1\n    elif x < 0:\n        return -1", input), "return 1");
});

test("YAML: the next key at the cursor line's level is kept after a value is finished", () => {
  const input = { prefix: "services:\n  web:\n    image: nginx", suffix: "\n", languageId: "yaml" };
  assert.equal(postProcessCompletion("\n    ports:\n      - 80", input), "\n    ports:\n      - 80");
});

test("YAML: an answer that climbs out of the mapping the cursor is in ends there", () => {
  const input = { prefix: "services:\n  web:\n    image: nginx\n    ", suffix: "", languageId: "yaml" };
  assert.equal(postProcessCompletion("ports:\n      - 80\n  db:\n    image: postgres", input), "ports:\n      - 80");
});

test("in a brace language a dedented line is left to the brackets", () => {
  // `end()` at column 0 is odd indentation, not the end of the block: the `}` decides.
  const input = { prefix: "function f() {\n  ", suffix: "\n}\n", languageId: "javascript" };
  assert.equal(postProcessCompletion("start();\nend();", input), "start();\nend();");
});

// ── dead code ──

test("statements after a return at the same level are dropped; the block's `}` after them stays", () => {
  const input = { prefix: "function sum(xs) {\n  let total = 0;\n  ", suffix: "", languageId: "typescript" };
  assert.equal(postProcessCompletion("return total;\n  console.log(total);\n}", input), "return total;\n}");
});

test("a raise ends a Python block: what follows at its level is dropped", () => {
  const input = { prefix: "def check(x):\n    if x < 0:\n        ", suffix: "\n    return x\n", languageId: "python" };
  assert.equal(postProcessCompletion("raise ValueError(x)\n        print(x)", input), "raise ValueError(x)");
});

test("a return written over several lines is not an exit until it is complete", () => {
  const input = { prefix: "function view() {\n  ", suffix: "\n}\n", languageId: "typescriptreact" };
  const raw = "return (\n    <div>hi</div>\n  );";
  assert.equal(postProcessCompletion(raw, input), raw);
});

test("a Ruby return with a modifier if is conditional: the code after it runs", () => {
  const input = { prefix: "def total(items)\n  ", suffix: "\nend\n", languageId: "ruby" };
  assert.equal(postProcessCompletion("return 0 if items.empty?\n  items.sum", input), "return 0 if items.empty?\n  items.sum");
});

test("a break before the next case of a switch is not followed by dead code (C)", () => {
  const input = { prefix: "switch (c) {\n  case 'a':\n    count++;\n    ", suffix: "\n}\n", languageId: "c" };
  const raw = "break;\n  case 'b':\n    other++;\n    break;";
  assert.equal(postProcessCompletion(raw, input), raw);
});

test("after the last statement of a block, an `else` at the `if`'s indentation is a branch", () => {
  const input = { prefix: "function f(x) {\n  if (x) {\n    run(x);", suffix: "\n  }\n}\n", languageId: "typescript" };
  assert.equal(postProcessCompletion("\n  } else {\n    stop();", input), "\n  } else {\n    stop();");
});

test("a JavaScript function declared after a return is hoisted, not dead code", () => {
  const input = { prefix: "function outer() {\n  ", suffix: "\n}\n", languageId: "javascript" };
  const raw = "return helper();\n  function helper() {\n    return 1;\n  }";
  assert.equal(postProcessCompletion(raw, input), raw);
});
