// Brackets and block keywords in post-processing: kinds are matched, a block's branch
// (`} else {`) opens it again, `end` is a closer in Ruby/Lua/Julia/Elixir, and an answer ends
// with the line that closes the block it was written in.
import { test } from "node:test";
import assert from "node:assert/strict";
import { postProcessCompletion } from "../../src/core/completion/postProcess.ts";
import type { PostProcessInput } from "../../src/core/completion/postProcess.ts";

/** The cursor between `prefix` and `suffix` in a `languageId` document. */
function at(prefix: string, suffix: string, languageId: string): PostProcessInput {
  return { prefix, suffix, languageId };
}

// ── kinds ──

test("a `)` the answer needs is kept when the `}` after the cursor closes the block around it (Kotlin)", () => {
  const input = at("fun clamp(v: Int): Int {\n    if (v < 0", "\n    }\n    return v\n}\n", "kotlin");
  assert.equal(postProcessCompletion(") {\n        return 0", input), ") {\n        return 0");
});

test("a closer of the wrong kind ends the answer: `}` while a `[` is open (Python)", () => {
  assert.equal(postProcessCompletion(", 3}", at("values = [1, 2", "\n", "python")), ", 3");
});

test("the class's `}` after the cursor is not taken for the method's: the method's own `}` is kept (Java)", () => {
  const input = at("class Timer {\n    void start() {\n        ", "\n}\n", "java");
  assert.equal(postProcessCompletion("running = true;\n    }\n\n    void stop() {\n        running = false;\n    }", input), "running = true;\n    }");
});

test("a `'('` character literal is not a bracket (Rust)", () => {
  const input = at("fn is_open(c: char) -> bool {\n    ", "\n}\n", "rust");
  assert.equal(postProcessCompletion("c == '(' || c == '['\n}", input), "c == '(' || c == '['");
});

test("a bracket inside an SQL string does not count; the `)` the editor has is not typed again", () => {
  const input = at("SELECT id FROM posts WHERE status IN (", ");\n", "sql");
  assert.equal(postProcessCompletion("'(draft)', 'published')", input), "'(draft)', 'published'");
});

// ── scope: the block the answer was written in ──

test("an answer that closes the function the cursor is in ends there: the next item is not shown (Rust)", () => {
  const input = at("fn area(r: f64) -> f64 {\n    ", "", "rust");
  assert.equal(postProcessCompletion("3.14 * r * r\n}\n\nfn perimeter(r: f64) -> f64 {\n    2.0 * 3.14 * r\n}", input), "3.14 * r * r\n}");
});

test("the `}` a function lacks is written, even though the next function's `}` follows the cursor (Go)", () => {
  const input = at("func add(a, b int) int {\n\treturn a + b", "\n\nfunc sub(a, b int) int {\n\treturn a - b\n}\n", "go");
  assert.equal(postProcessCompletion("\n}\n\nfunc mul(a, b int) int {\n\treturn a * b\n}", input), "\n}");
});

test("an answer that finishes the call the cursor is in ends with that line (C)", () => {
  const input = at('int main(void) {\n    printf("%d\\n",', "\n}\n", "c");
  assert.equal(postProcessCompletion(" total);\n    return 0;", input), " total);");
});

test("closing a call and opening the block it heads goes on into the block (C++)", () => {
  const input = at("void run(std::vector<int>& xs) {\n    for (int x : xs", "\n}\n", "cpp");
  assert.equal(postProcessCompletion(") {\n        use(x);\n    }", input), ") {\n        use(x);\n    }");
});

test("a JSON object the answer closes ends the answer: the next sibling is another completion", () => {
  const input = at('[\n  {\n    "id": 1,\n    ', "", "json");
  assert.equal(postProcessCompletion('"name": "a"\n  },\n  {\n    "id": 2\n  }\n]', input), '"name": "a"\n  },');
});

// ── branches ──

test("`} else {` continues the block, and the `}` the editor already has is not typed again (TypeScript)", () => {
  const input = at("function sign(x: number) {\n  if (x >= 0) {\n    ", "\n  }\n}\n", "typescript");
  const raw = "return 1;\n  } else {\n    return -1;\n  }";
  assert.equal(postProcessCompletion(raw, input), "return 1;\n  } else {\n    return -1;");
});

test("`} catch (e) {` continues a try block (JavaScript)", () => {
  const input = at("try {\n  ", "\n}\n", "javascript");
  assert.equal(postProcessCompletion("load();\n} catch (e) {\n  report(e);\n}", input), "load();\n} catch (e) {\n  report(e);");
});

test("an Allman `}`, `catch` and `{` on lines of their own continue the block too (C++)", () => {
  const input = at("try\n{\n    ", "\n}\n", "cpp");
  const raw = "parse();\n}\ncatch (const std::exception& e)\n{\n    report(e);\n}";
  assert.equal(postProcessCompletion(raw, input), "parse();\n}\ncatch (const std::exception& e)\n{\n    report(e);");
});

test("a branch is cut with its `}` where the editor's block goes on after the cursor", () => {
  const input = at("if (ready) {\n  ", "\n  log();\n}\n", "typescript");
  assert.equal(postProcessCompletion("run();\n} else {\n  wait();\n}", input), "run();");
});

// ── keyword closers ──

test("an `end` the editor already has after the cursor is dropped (Ruby)", () => {
  assert.equal(postProcessCompletion("@total += amount\nend", at("def add(amount)\n  ", "\nend\n", "ruby")), "@total += amount");
});

test("a Ruby modifier `if` opens no block, so the `end` after it is the method's", () => {
  const input = at("def sign(x)\n  ", "\nend\n", "ruby");
  assert.equal(postProcessCompletion("return :negative if x < 0\n  :positive\nend", input), "return :negative if x < 0\n  :positive");
});

test("a method's `end` the suffix does not have is kept, and the answer ends with it (Ruby)", () => {
  const input = at("class Account\n  def balance\n    ", "\nend\n", "ruby");
  assert.equal(postProcessCompletion("@balance\n  end\n\n  def owner\n    @owner\n  end", input), "@balance\n  end");
});

test("an `end` right after another `end` closes the module, and is kept (Julia)", () => {
  const input = at("module Geometry\n\nfunction area(r)\n    return pi * r^2\nend\n", "\n", "julia");
  assert.equal(postProcessCompletion("end", input), "end");
});

test("`a[end]` is an index, not a closer (Julia)", () => {
  assert.equal(postProcessCompletion("return a[end]", at("function last(a)\n    ", "\nend\n", "julia")), "return a[end]");
});

test("a `while … do` loop's `do` is part of the loop: one `end` closes it (Lua)", () => {
  const input = at("function drain(queue)\n  ", "\nend\n", "lua");
  assert.equal(postProcessCompletion("while #queue > 0 do\n    pop(queue)\n  end\nend", input), "while #queue > 0 do\n    pop(queue)\n  end");
});

test("a `fn … end` inside the answer is its own block; the function's `end` is kept when nothing closes it (Elixir)", () => {
  const input = at("def double_all(xs) do\n  ", "", "elixir");
  assert.equal(postProcessCompletion("Enum.map(xs, fn x -> x * 2 end)\nend\n\ndef other, do: 1", input), "Enum.map(xs, fn x -> x * 2 end)\nend");
});

test("a bracket inside a regular expression literal opens nothing (JavaScript)", () => {
  const input = at("function strip(s) {\n  const open = /\\(/g;\n  ", "", "javascript");
  assert.equal(postProcessCompletion("return s.replace(open, '');\n}\n\nstrip('(');", input), "return s.replace(open, '');\n}");
});

test("a division is not a regular expression: the brackets after it count", () => {
  const input = at("function half(a, b) {\n  const mid = (a + b) / 2; const w = (b - a) / 2;\n  ", "", "javascript");
  assert.equal(postProcessCompletion("return [mid - w, mid + w];\n}\nhalf(1, 2);", input), "return [mid - w, mid + w];\n}");
});

test("a closer between two blocks' indentations closes the outer one: the inner block's `}` is still the answer's (Scala)", () => {
  // The object's `}` after the cursor sits at column 2, between the object (0) and the def (4).
  const input = at("object Maths {\n    def add(a: Int, b: Int): Int = {\n      a + b", "\n\n    def neg(a: Int): Int = -a\n  }\n", "scala");
  assert.equal(postProcessCompletion("\n    }", input), "\n    }");
});

test("after a parameter list closes, an Allman `{` on the next line opens the body: the scope goes on (C#)", () => {
  const input = at("public class Point\n{\n    public Point(int x, ", "\n}\n", "csharp");
  const raw = "int y)\n    {\n        X = x;\n        Y = y;\n    }";
  assert.equal(postProcessCompletion(raw, input), raw);
});
