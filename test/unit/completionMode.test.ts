// completionMode and the stop predicate: how much the model may write at the cursor, and where
// a stream is cut so the user is not shown (or made to wait for) what comes after.
import { test } from "node:test";
import assert from "node:assert/strict";
import { completionMode, createStopPredicate } from "../../src/core/completion/completionMode.ts";

/** The stop predicate's cut applied to `text`, judged as a finished stream ("\n" appended, as requestInlineCompletion does). */
function finished(mode: "single-line" | "multi-line", prefix: string, text: string, languageId?: string): string {
  const cut = createStopPredicate(mode, { prefix, languageId })(`${text}\n`);
  return cut === undefined ? text : text.slice(0, Math.min(cut, text.length));
}

// ── the mode ──

test("on an empty line the model may write a block", () => {
  assert.equal(completionMode({ prefix: "function f() {\n  ", suffix: "\n}\n", languageId: "typescript" }), "multi-line");
});

test("right after a block opener the model may write the block, even when the editor has closed it already", () => {
  assert.equal(completionMode({ prefix: "function f() {", suffix: "\n", languageId: "typescript" }), "multi-line");
  assert.equal(completionMode({ prefix: "function f() {", suffix: "}\n", languageId: "typescript" }), "multi-line");
  assert.equal(completionMode({ prefix: "const xs = [", suffix: "];\n", languageId: "typescript" }), "multi-line");
  assert.equal(completionMode({ prefix: "items.forEach((item) =>", suffix: "\n", languageId: "typescript" }), "multi-line");
});

test("after a Python colon or a Ruby do, the model may write the block", () => {
  assert.equal(completionMode({ prefix: "def area(r):", suffix: "\n", languageId: "python" }), "multi-line");
  assert.equal(completionMode({ prefix: "items.each do |item|", suffix: "\n", languageId: "ruby" }), "multi-line");
});

test("a colon ends a block opener only in languages where it opens blocks", () => {
  assert.equal(completionMode({ prefix: "const value = cond ? a :", suffix: "\n", languageId: "typescript" }), "single-line");
});

test("in the middle of a line only the rest of the line is wanted", () => {
  assert.equal(completionMode({ prefix: "const total = ", suffix: ";\n", languageId: "typescript" }), "single-line");
  assert.equal(completionMode({ prefix: "const total = items.", suffix: "\n", languageId: "typescript" }), "single-line");
});

test("an opener with code after it on the line is not a place for a block", () => {
  assert.equal(completionMode({ prefix: "if (ready) {", suffix: " start(); }\n", languageId: "typescript" }), "single-line");
});

test("inside a comment only the rest of the line is wanted, even after an opener", () => {
  assert.equal(completionMode({ prefix: "// TODO: handle {", suffix: "\n", languageId: "typescript" }), "single-line");
  assert.equal(completionMode({ prefix: "# compute the area (", suffix: "\n", languageId: "python" }), "single-line");
});

test("an empty line inside a block comment or docstring is prose: single line", () => {
  assert.equal(completionMode({ prefix: "/**\n * Adds.\n * ", suffix: "\n */\n", languageId: "typescript" }), "single-line");
  assert.equal(completionMode({ prefix: 'def f():\n    """\n    ', suffix: '\n    """\n', languageId: "python" }), "single-line");
});

test("a comment marker inside a string does not make the line a comment", () => {
  assert.equal(completionMode({ prefix: 'const url = "http://example.com"; foo({', suffix: "\n", languageId: "typescript" }), "multi-line");
});

// ── single-line stops ──

test("single-line mode stops the stream at the first newline", () => {
  const stop = createStopPredicate("single-line", { prefix: "const total = " });
  assert.equal(stop("price * quantity"), undefined, "keeps reading while the line goes on");
  assert.equal(stop("price * quantity;\nconst tax = 0;"), "price * quantity;".length);
});

test("single-line mode cuts a stream that starts with a newline to nothing", () => {
  assert.equal(createStopPredicate("single-line", { prefix: "foo(" })("\n  bar"), 0);
});

// ── multi-line stops ──

// Real complaint (sourcegraph/cody#1052, continuedev/continue#3821): a completion inside an
// empty function should be the whole body, not its first line.
test("in an empty function body the whole body comes through, blank lines between statements included", () => {
  const body = "const total = items.reduce((sum, item) => sum + item.price, 0);\n\n  const tax = total * rate;\n  return total + tax;";
  // The closing `}` is kept here; post-processing drops it when the editor already has one.
  assert.equal(finished("multi-line", "function total(items, rate) {\n  ", `${body}\n}\n\nfunction next() {`), `${body}\n}`);
});

test("multi-line stops at a line indented less than the block: code after the block is not shown", () => {
  const prefix = "function f(x) {\n  if (x) {\n    ";
  assert.equal(finished("multi-line", prefix, "log(x);\n    return 1;\n  } else {\n    return 2;"), "log(x);\n    return 1;");
});

test("after an opener the block's closing line is kept and nothing after it", () => {
  const text = "\n  return a + b;\n}\n\nfunction sub(a, b) {\n  return a - b;\n}";
  assert.equal(finished("multi-line", "function add(a, b) {", text), "\n  return a + b;\n}");
});

test("a closing line is only decided once it is complete: `}` may still become `} else {`", () => {
  const stop = createStopPredicate("multi-line", { prefix: "if (ok) {" });
  assert.equal(stop("\n  run();\n}"), undefined);
  assert.equal(stop("\n  run();\n} else {"), "\n  run();".length);
});

test("a blank line followed by a line indented less than the one before it ends the completion", () => {
  const prefix = "def f(items):\n    ";
  const text = "for item in items:\n        print(item)\n\n    return len(items)";
  assert.equal(finished("multi-line", prefix, text, "python"), "for item in items:\n        print(item)");
});

test("at the top level a blank line followed by another top-level line ends the completion: one declaration at a time", () => {
  const text = "import { readFile } from 'node:fs';\nimport { join } from 'node:path';\n\nexport function load() {}";
  assert.equal(finished("multi-line", "", text), "import { readFile } from 'node:fs';\nimport { join } from 'node:path';");
});

test("a Python function written after `def …:` ends at the next top-level line", () => {
  const text = "\n    return 3.14159 * r * r\n\n\ndef perimeter(r):\n    return 2 * 3.14159 * r";
  assert.equal(finished("multi-line", "def area(r):", text, "python"), "\n    return 3.14159 * r * r");
});

test("while a line has no code yet the predicate keeps reading", () => {
  const stop = createStopPredicate("multi-line", { prefix: "function f() {\n  " });
  assert.equal(stop("a();\n"), undefined);
  assert.equal(stop("a();\n   "), undefined);
  assert.equal(stop("a();\n\n"), undefined);
});

test("on an empty line at column 0 the block level comes from the line above", () => {
  // The editor did not indent the new line; the block still ends at the outer `}`.
  const prefix = "class A {\n  run() {\n";
  assert.equal(finished("multi-line", prefix, "    go();\n  }\n  stop() {}"), "    go();\n  }");
});

test("tabs count as four columns when comparing indentation", () => {
  const prefix = "func main() {\n\t";
  assert.equal(finished("multi-line", prefix, "fmt.Println(1)\n    fmt.Println(2)\n}\nfunc other() {}"), "fmt.Println(1)\n    fmt.Println(2)\n}");
});

// ── branches the editor does not have yet ──

/** As `finished`, with the text after the cursor known (as requestInlineCompletion passes it). */
function finishedWith(prefix: string, suffix: string, text: string, languageId?: string): string {
  const cut = createStopPredicate("multi-line", { prefix, suffix, languageId })(`${text}\n`);
  return cut === undefined ? text : text.slice(0, Math.min(cut, text.length));
}

test("when the editor's block ends right after the cursor, an `} else {` branch comes through and the stream ends with its block", () => {
  const text = "run();\n} else {\n  fallback();\n}\n\nstart();";
  assert.equal(finishedWith("if (ready) {\n  ", "\n}\n", text, "typescript"), "run();\n} else {\n  fallback();\n}");
});

test("a branch is not written where the editor's block goes on after the cursor: the code there would move into it", () => {
  const text = "run();\n} else {\n  fallback();\n}";
  assert.equal(finishedWith("if (ready) {\n  ", "\n  log();\n}\n", text, "typescript"), "run();");
});

test("a branch the editor already has after the cursor is not written a second time", () => {
  const text = "run();\n} else {\n  other();\n}";
  assert.equal(finishedWith("if (ready) {\n  ", "\n} else {\n  fallback();\n}\n", text, "typescript"), "run();");
});

test("catch and finally continue a Java try block", () => {
  const prefix = "void load() {\n    try {\n        ";
  const text = "read();\n    } catch (IOException e) {\n        log(e);\n    } finally {\n        close();\n    }\n}";
  assert.equal(
    finishedWith(prefix, "\n    }\n}\n", text, "java"),
    "read();\n    } catch (IOException e) {\n        log(e);\n    } finally {\n        close();\n    }",
  );
});

test("an Allman `}` followed by `else` on its own line is a branch too (C#)", () => {
  const text = "Open();\n}\nelse\n{\n    Close();\n}\nNext();";
  assert.equal(finishedWith("if (ready)\n{\n    ", "\n}\n", text, "csharp"), "Open();\n}\nelse\n{\n    Close();\n}");
});

test("Python's elif comes through at the if's indentation; the next dedent still ends the block", () => {
  const prefix = "def sign(x):\n    if x > 0:\n        ";
  const text = "return 1\n    elif x < 0:\n        return -1\n    return 0";
  assert.equal(finishedWith(prefix, "\n    return 0\n", text, "python"), "return 1\n    elif x < 0:\n        return -1");
});

test("Ruby's rescue continues a begin block and its `end` is kept", () => {
  const text = "fetch\nrescue IOError => e\n  warn e.message\nend\nputs :done";
  assert.equal(finishedWith("begin\n  ", "\nend\n", text, "ruby"), "fetch\nrescue IOError => e\n  warn e.message\nend");
});

test("a dedented line that continues nothing still ends the block", () => {
  assert.equal(finishedWith("if (ready) {\n  ", "\n}\n", "run();\n}\nstart();", "typescript"), "run();\n}");
});

test("while a branch is possible, a dedented line is only judged once it is complete", () => {
  const stop = createStopPredicate("multi-line", { prefix: "if (ok) {\n  ", suffix: "\n}\n", languageId: "typescript" });
  assert.equal(stop("run();\n} el"), undefined, "`} el` may yet become `} else {`");
  assert.equal(stop("run();\n}\n"), undefined, "a `}` may yet be followed by an Allman `else`");
  assert.equal(stop("run();\n}\nstart();\n"), "run();\n}".length);
});
