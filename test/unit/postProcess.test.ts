// postProcessCompletion: what is left of a raw model answer once it is fit to show as ghost text.
import { test } from "node:test";
import assert from "node:assert/strict";
import { postProcessCompletion } from "../../src/core/completion/postProcess.ts";

test("trailing whitespace and blank lines are removed", () => {
  assert.equal(postProcessCompletion("return 42;   \n\n  \n", { suffix: "\n}" }), "return 42;");
});

test("a completion of only whitespace becomes empty", () => {
  assert.equal(postProcessCompletion(" \n\t\n  ", { suffix: "\n}" }), "");
});

test("a closer the editor already has is dropped when it closes a bracket opened before the cursor", () => {
  // foo(|)  +  "a, b)"  →  foo(a, b)
  assert.equal(postProcessCompletion("a, b)", { suffix: ")\n" }), "a, b");
});

test("a closer is kept when it balances a bracket the completion opened itself", () => {
  // foo(|)  +  "bar()"  →  foo(bar())
  assert.equal(postProcessCompletion("bar()", { suffix: ")\n" }), "bar()");
});

test("closers re-typed before a longer rest of line are dropped when they close brackets opened before the cursor", () => {
  // add(|);  +  "a, b)"  →  add(a, b);
  assert.equal(postProcessCompletion("a, b)", { suffix: ");\n" }), "a, b");
});

test("closers before a longer rest of line are kept when they balance the completion's own brackets", () => {
  // add(|);  +  "bar()"  →  add(bar());
  assert.equal(postProcessCompletion("bar()", { suffix: ");\n" }), "bar()");
});

test("of several re-typed closers only those closing outer brackets are dropped", () => {
  // f(g(|));  +  "baz())"  →  f(g(baz()));
  assert.equal(postProcessCompletion("baz())", { suffix: "));\n" }), "baz()");
});

test("a duplicated rest of line that is not just closers is dropped", () => {
  // const total = | + tax;  +  "price + tax;"  →  const total = price + tax;
  assert.equal(postProcessCompletion("price + tax;", { suffix: " + tax;\nreturn total;\n" }), "price");
});

test("the rest of the line is compared without the whitespace around it", () => {
  assert.equal(postProcessCompletion("a, b)", { suffix: "  )  \n" }), "a, b");
});

test("only the cursor's line of the suffix is compared, not the lines after it", () => {
  assert.equal(postProcessCompletion("return 42;", { suffix: "\nreturn 42;\n" }), "return 42;");
});

test("a completion that is nothing but the duplicated rest of line becomes empty", () => {
  assert.equal(postProcessCompletion("value);", { suffix: "value);\n" }), "");
});

test("a multi-line completion keeps its lines and indentation", () => {
  const body = "if (x > 0) {\n    return x;\n  }\n  return -x;";
  assert.equal(postProcessCompletion(`${body}\n\n`, { suffix: "\n}\n" }), body);
});
