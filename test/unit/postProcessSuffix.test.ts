// Text the editor already has after the cursor, in post-processing: the next line when only `;`
// follows the cursor, and a tag's or type list's `>` / `/>`.
import { test } from "node:test";
import assert from "node:assert/strict";
import { postProcessCompletion } from "../../src/core/completion/postProcess.ts";

// ── the next line, when `;` follows the cursor ──

const BEFORE_CLEANUP = {
  prefix: "useEffect(() => {\n  const timer = setInterval(tick, 1000);\n\n  ",
  suffix: ";\n\n  return () => clearInterval(timer);\n}, []);\n",
  languageId: "typescriptreact",
};

test("an answer that is the next line, with only `;` after the cursor, becomes empty", () => {
  assert.equal(postProcessCompletion("return () => clearInterval(timer);", BEFORE_CLEANUP), "");
});

test("…also when it leaves out the `;` the editor has", () => {
  assert.equal(postProcessCompletion("return () => clearInterval(timer)", BEFORE_CLEANUP), "");
});

test("…and an answer of its own there is kept", () => {
  assert.equal(postProcessCompletion("tick()", BEFORE_CLEANUP), "tick()");
});

// ── tag and type-argument closers ──

test("in JSX an attribute stops before the `/>` the editor already has", () => {
  const input = { prefix: "root.render(\n  <Provider>\n    <Chart ", suffix: "/>\n  </Provider>\n);\n", languageId: "javascriptreact" };
  const document = `${input.prefix}${postProcessCompletion("data={points} />", input)}${input.suffix}`;
  assert.equal(document, "root.render(\n  <Provider>\n    <Chart data={points} />\n  </Provider>\n);\n");
});

test("in HTML the `>` the editor has after the cursor is not typed again", () => {
  const input = { prefix: '<figure>\n  <img src="cat.jpg" ', suffix: ">\n</figure>\n", languageId: "html" };
  assert.equal(postProcessCompletion('alt="A cat">', input), 'alt="A cat"');
});

test("a JSX expression's `=>` and braces are not the tag's end", () => {
  const input = { prefix: "<Button ", suffix: " />\n", languageId: "typescriptreact" };
  assert.equal(postProcessCompletion("onClick={() => save(x > 1)} />", input), "onClick={() => save(x > 1)}");
});

test("an answer that closes the tag and writes its content stays when what follows is the closing tag", () => {
  const input = { prefix: "<ul>\n  <li>one</li>\n  <li", suffix: "</ul>\n", languageId: "html" };
  assert.equal(postProcessCompletion(">two</li>", input), ">two</li>");
});

test("a type argument list's `>` the editor has is not typed again, nested ones are kept (Rust)", () => {
  const input = { prefix: "let cache: HashMap<Str", suffix: "> = HashMap::new();\n", languageId: "rust" };
  assert.equal(postProcessCompletion("ing, Vec<u8>>", input), "ing, Vec<u8>");
});

test("outside a tag a `>` after the cursor is left alone", () => {
  const input = { prefix: "if (a ", suffix: "> b) {\n", languageId: "typescript" };
  assert.equal(postProcessCompletion("+ 1 >", input), "+ 1 >");
});

test("`>=` inside template arguments is an operator, not the closer (C++)", () => {
  const input = { prefix: "template <int N, std::enable_if_t<N", suffix: "> = 0>\n", languageId: "cpp" };
  assert.equal(postProcessCompletion(" >= 0, int>", input), " >= 0, int");
});
