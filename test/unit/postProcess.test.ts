// postProcessCompletion: what is left of a raw model answer once it is fit to show as ghost text.
// One rule per group, in the order postProcess.ts applies them; each group has a case drawn
// from a complaint users filed against a completion extension (named where it was filed).
import { test } from "node:test";
import assert from "node:assert/strict";
import { postProcessCompletion } from "../../src/core/completion/postProcess.ts";
import type { PostProcessInput } from "../../src/core/completion/postProcess.ts";

/** A cursor in a TypeScript function body, on an empty line: `function add(a, b) {\n  |\n}`. */
const IN_BODY: PostProcessInput = { prefix: "function add(a, b) {\n  ", suffix: "\n}\n", languageId: "typescript" };

/** The document around the cursor once the completion is inserted. */
function inserted(input: PostProcessInput, raw: string): string {
  return `${input.prefix ?? ""}${postProcessCompletion(raw, input)}${input.suffix}`;
}

// ── 1. reasoning blocks ──

// Real complaint (p-e-w/waidrin#37): Qwen3 answers start with a <think> block.
test("a reasoning model's <think> block is removed and the code after it kept", () => {
  assert.equal(postProcessCompletion("<think>\nThe user wants the sum.\n</think>\n\nreturn a + b;", IN_BODY), "return a + b;");
});

test("a stream cut off mid-thought leaves nothing to show", () => {
  assert.equal(postProcessCompletion("<think>\nFirst I need to check whether", IN_BODY), "");
});

test("an answer that starts inside a thought (the template opened it) keeps only what follows </think>", () => {
  assert.equal(postProcessCompletion("the sum is a+b\n</think>\nreturn a + b;", IN_BODY), "return a + b;");
});

test("think tags the document itself contains are code, not reasoning", () => {
  const input = { prefix: 'const open = "<think>";\nconst close = "', suffix: '";\n', languageId: "typescript" };
  assert.equal(postProcessCompletion("</think>", input), "</think>");
});

// ── 2. markdown fences ──

// Real complaint (jupyterlite/ai#31): Codestral through a chat endpoint answered with code fences.
test("an instruct model's chatter and fences are dropped: only the code inside the fence is kept", () => {
  const raw = "Here is the completed function:\n```typescript\nreturn a + b;\n```\nThis returns the sum of both numbers.";
  assert.equal(postProcessCompletion(raw, IN_BODY), "return a + b;");
});

test("an opening fence whose closing fence never came keeps the code after it", () => {
  assert.equal(postProcessCompletion("```ts\nreturn a + b;", IN_BODY), "return a + b;");
});

test("code followed by a closing fence and an explanation keeps only the code", () => {
  assert.equal(postProcessCompletion("return a + b;\n```\n\nThe function now adds its arguments.", IN_BODY), "return a + b;");
});

test("in a markdown document a fence is content and stays", () => {
  const input = { prefix: "# Usage\n\n", suffix: "\n", languageId: "markdown" };
  assert.equal(postProcessCompletion("```sh\nnpm install\n```", input), "```sh\nnpm install\n```");
});

// ── 3. control tokens ──

// Real complaint (continuedev/continue#867, bernardo-bruning/ollama-copilot#31): Code Llama's
// completions ended with a visible <EOT>.
test("Code Llama's <EOT> is not shown", () => {
  assert.equal(postProcessCompletion("return a + b; <EOT>", IN_BODY), "return a + b;");
});

test("the answer ends at <|endoftext|>: what a base model writes after it is another document", () => {
  assert.equal(postProcessCompletion("return a + b;<|endoftext|>import os\nprint(os.name)", IN_BODY), "return a + b;");
});

test("Qwen's <|file_sep|> starts the next file of a repository sample: the answer ends before it", () => {
  const raw = "return a + b;\n<|file_sep|>src/math.test.ts\nimport { add } from './math';";
  assert.equal(postProcessCompletion(raw, IN_BODY), "return a + b;");
});

test("DeepSeek's full-width end-of-sentence token is cut", () => {
  assert.equal(postProcessCompletion("return a + b;<｜end▁of▁sentence｜>", IN_BODY), "return a + b;");
});

test("a FIM marker the model echoes before its answer is dropped, not taken as the end", () => {
  assert.equal(postProcessCompletion("<|fim_middle|>return a + b;", IN_BODY), "return a + b;");
});

test("tokens of every family are cut, whatever model wrote them", () => {
  for (const token of ["<|im_end|>", "<file_sep>", "<fim_middle>", "</s>", "[PREFIX]", "<|fim_pad|>", "<|repo_name|>", "<|cursor|>"]) {
    assert.equal(postProcessCompletion(`return a + b;${token}return 0;`, IN_BODY), "return a + b;", token);
  }
});

test("a token the document itself contains is code there and is kept", () => {
  // Editing a tokenizer table (Junction's own fimTemplates.ts, say).
  const input = { prefix: 'const STOP = ["<|endoftext|>", "', suffix: '", "<|file_sep|>"];\n', languageId: "typescript" };
  assert.equal(postProcessCompletion('<|endoftext|>", "<|fim_pad|>', input), '<|endoftext|>", "', "a token the document lacks still ends the answer");
  assert.equal(postProcessCompletion('<|endoftext|>", "<|file_sep|>', input), '<|endoftext|>", "<|file_sep|>');
});

test("Mistral's </s> is markup in HTML and JSX, and [PREFIX] is an index where the code has a PREFIX", () => {
  const html = { prefix: "<p>Price: ", suffix: "</p>\n", languageId: "html" };
  assert.equal(postProcessCompletion("<s>$20</s> $15", html), "<s>$20</s> $15");
  assert.equal(postProcessCompletion("return total;</s>", IN_BODY), "return total;", "in code it is still a leaked token");
  const code = { prefix: "const PREFIX = 'p';\nconst value = opts", suffix: ";\n", languageId: "typescript" };
  assert.equal(postProcessCompletion("[PREFIX] ?? ''", code), "[PREFIX] ?? ''");
});

// ── 4. comments ──

test("inside a line comment only the rest of the comment line is kept", () => {
  const input = { prefix: "// Returns ", suffix: "\nfunction add(a, b) {}\n", languageId: "typescript" };
  assert.equal(postProcessCompletion("the sum of a and b.\nfunction sum(a, b) {}", input), "the sum of a and b.");
});

test("a Python # comment counts as a comment, a # in a string does not", () => {
  assert.equal(postProcessCompletion("area of a circle\nimport math", { prefix: "# compute the ", suffix: "\n", languageId: "python" }), "area of a circle");
  const inString = { prefix: 'tag = "#', suffix: "\n", languageId: "python" };
  assert.equal(postProcessCompletion('main"\nprint(tag)', inString), 'main"\nprint(tag)');
});

// ── 5. blank lines ──

// Real complaint (sourcegraph/sourcegraph-public-snapshot#52586): completions came with extra empty lines.
test("on a fresh line, leading blank lines are dropped along with the indentation the line already has", () => {
  assert.equal(postProcessCompletion("\n\n  return a + b;", IN_BODY), "return a + b;");
});

test("at the end of a line, the completion starts on the next line without blank lines before it", () => {
  const input = { prefix: "function add(a, b) {\n  const sum = a + b;", suffix: "\n}\n", languageId: "typescript" };
  assert.equal(postProcessCompletion("\n\n\n  return sum;", input), "\n  return sum;");
});

test("runs of blank lines inside a completion become one (two in Python, which spaces functions so)", () => {
  assert.equal(postProcessCompletion("const s = a + b;\n\n\n\n  return s;", IN_BODY), "const s = a + b;\n\n  return s;");
  const python = { prefix: "", suffix: "", languageId: "python" };
  assert.equal(postProcessCompletion("def f():\n    pass\n\n\n\n\ndef g():\n    pass", python), "def f():\n    pass\n\n\ndef g():\n    pass");
});

// ── 6. repeating what follows the cursor ──

// Real complaint (continuedev/continue#4721): the completion duplicated the code after the cursor.
test("a completion that goes on to repeat the code after the cursor stops where the repeat begins", () => {
  const input = { prefix: "function area(r) {\n  ", suffix: "\n  return Math.PI * r * r;\n}\n", languageId: "typescript" };
  const raw = "if (r < 0) throw new RangeError('negative radius');\n  return Math.PI * r * r;\n}";
  assert.equal(postProcessCompletion(raw, input), "if (r < 0) throw new RangeError('negative radius');");
});

test("re-typing the rest of the cursor's line keeps only what goes before it", () => {
  // const total = | + tax;   +  "price + tax;"  →  const total = price + tax;
  const input = { prefix: "const total = ", suffix: " + tax;\nreturn total;\n", languageId: "typescript" };
  assert.equal(inserted(input, "price + tax;"), "const total = price + tax;\nreturn total;\n");
});

test("a semicolon the editor already has after the cursor is not doubled", () => {
  const input = { prefix: "const total = ", suffix: ";\n", languageId: "typescript" };
  assert.equal(inserted(input, "price * quantity;"), "const total = price * quantity;\n");
});

test("re-typing the rest of the line keeps the space that separates the completion from it", () => {
  // const value = |fetchValue();  +  "await fetchValue();"
  const input = { prefix: "const value = ", suffix: "fetchValue();\n", languageId: "typescript" };
  assert.equal(inserted(input, "await fetchValue();"), "const value = await fetchValue();\n");
});

test("a completion that repeats only the next line and then goes its own way is cut at the repeat", () => {
  const input = { prefix: "function load() {\n  ", suffix: "\n  const data = read();\n  return parse(data);\n}\n", languageId: "typescript" };
  const raw = "log('loading');\n  const data = read();\n  validate(data);";
  assert.equal(postProcessCompletion(raw, input), "log('loading');");
});

test("a completion that is nothing but the next line becomes empty", () => {
  const input = { prefix: "function f() {\n  ", suffix: "\n  return 42;\n}\n", languageId: "typescript" };
  assert.equal(postProcessCompletion("return 42;", input), "");
});

test("a completion that is nothing but the rest of the line becomes empty", () => {
  assert.equal(postProcessCompletion("value);", { prefix: "print(", suffix: "value);\n" }), "");
});

test("a short completion that merely begins like the next line is kept", () => {
  // x = |  with "y = 2" on the next line: "y" is a value here, not a repeat.
  const input = { prefix: "x = ", suffix: "\ny = 2\n", languageId: "python" };
  assert.equal(postProcessCompletion("y", input), "y");
});

test("a common line such as `return;` in the completion is not taken for a repeat of the next line", () => {
  const input = { prefix: "function f(x) {\n  ", suffix: "\n  return;\n}\n", languageId: "typescript" };
  const raw = "if (!x) {\n    return;\n  }\n  use(x);";
  assert.equal(postProcessCompletion(raw, input), raw);
});

// ── 7. trailing duplicates ──

test("trailing lines equal to the next non-blank lines after the cursor are dropped", () => {
  const input = { prefix: "function f() {\n  const a = 1;\n  ", suffix: "\n\n  console.log(a, b);\n}\n", languageId: "typescript" };
  const raw = "const b = 2;\n  const c = 3;\n\n  console.log(a, b);";
  assert.equal(postProcessCompletion(raw, input), "const b = 2;\n  const c = 3;");
});

test("a closing line the completion needs for its own block is not taken for the suffix's", () => {
  const input = { prefix: "function f(x) {\n  ", suffix: "\n}\n", languageId: "typescript" };
  assert.equal(postProcessCompletion("if (x) {\n    go();\n  }", input), "if (x) {\n    go();\n  }");
});

// ── 8. brackets and quotes ──

// Real complaint (codota/TabNine#102): an extra closing brace although the editor already had one.
test("a closer the editor already has after the cursor is dropped", () => {
  // const sum = add(|);  +  "a, b)"  →  const sum = add(a, b);
  const input = { prefix: "const sum = add(", suffix: ");\n", languageId: "typescript" };
  assert.equal(inserted(input, "a, b)"), "const sum = add(a, b);\n");
});

// Real complaint (asadm/codemirror-copilot#18): `for(i=0; i<)` + "10; i++)" gave a doubled `)`.
test("the editor's auto-closed parenthesis is not doubled in a for loop header", () => {
  const input = { prefix: "for (let i = 0; i <", suffix: ") {\n", languageId: "typescript" };
  assert.equal(inserted(input, " 10; i++)"), "for (let i = 0; i < 10; i++) {\n");
});

test("a closer that balances a bracket the completion opened itself is kept", () => {
  // foo(|)  +  "bar()"  →  foo(bar())
  assert.equal(postProcessCompletion("bar()", { prefix: "foo(", suffix: ")\n" }), "bar()");
  assert.equal(postProcessCompletion("items.map((x) => x * 2)", { prefix: "foo(", suffix: ")\n" }), "items.map((x) => x * 2)");
});

test("of several closers only those the suffix already has are dropped", () => {
  // f(g(|));  +  "baz())"  →  f(g(baz()));
  assert.equal(postProcessCompletion("baz())", { prefix: "f(g(", suffix: "));\n" }), "baz()");
});

test("a block's closing brace is dropped when the editor already closes the block", () => {
  assert.equal(inserted(IN_BODY, "return a + b;\n}"), "function add(a, b) {\n  return a + b;\n}\n");
});

test("a block's closing brace is kept when nothing after the cursor closes it yet", () => {
  const input = { prefix: "class A {\n  run() {\n    ", suffix: "\n}\n", languageId: "typescript" };
  assert.equal(postProcessCompletion("go();\n  }", input), "go();\n  }");
});

test("after `{` with the editor's `}` right behind the cursor, the body ends on a line break so `}` gets its own line", () => {
  const input = { prefix: "function add(a, b) {", suffix: "}\n", languageId: "typescript" };
  assert.equal(inserted(input, "\n  return a + b;\n}"), "function add(a, b) {\n  return a + b;\n}\n");
});

test("brackets inside strings and comments do not count", () => {
  const input = { prefix: "log(", suffix: ");\n", languageId: "typescript" };
  assert.equal(postProcessCompletion('"(", x) // )', input), '"(", x');
});

test("a closing quote the editor already has is dropped with the closer after it", () => {
  // print("|")  +  'hello")'  →  print("hello")
  const input = { prefix: 'print("', suffix: '")\n', languageId: "python" };
  assert.equal(inserted(input, 'hello")'), 'print("hello")\n');
});

test("a completion that closes the string and opens another one is kept whole", () => {
  // print("|")  +  'a", "b'  →  print("a", "b")
  const input = { prefix: 'print("', suffix: '")\n', languageId: "python" };
  assert.equal(inserted(input, 'a", "b'), 'print("a", "b")\n');
});

test("without the prefix, closers beyond the completion's own are taken to close brackets before the cursor", () => {
  assert.equal(postProcessCompletion("a, b)", { suffix: ")\n" }), "a, b");
  assert.equal(postProcessCompletion("bar()", { suffix: ")\n" }), "bar()");
});

// ── 9. whitespace at the end ──

test("trailing whitespace and blank lines are removed", () => {
  assert.equal(postProcessCompletion("return 42;   \n\n  \n", IN_BODY), "return 42;");
  assert.equal(postProcessCompletion("const a = 1;  \n  return a;\t", IN_BODY), "const a = 1;\n  return a;");
});

test("no trailing newline when the text after the cursor already starts with one", () => {
  assert.equal(postProcessCompletion("return a + b;\n", IN_BODY), "return a + b;");
});

test("a line inserted before code already on the cursor's line keeps its line break", () => {
  // |console.log(x);  +  "const x = 1;\n"  →  two lines, not `const x = 1;console.log(x);`
  const input = { prefix: "function f() {\n", suffix: "console.log(x);\n}\n", languageId: "typescript" };
  assert.equal(inserted(input, "const x = 1;\n"), "function f() {\nconst x = 1;\nconsole.log(x);\n}\n");
});

// ── 10. nothing useful ──

test("a completion of only whitespace becomes empty", () => {
  assert.equal(postProcessCompletion(" \n\t\n  ", IN_BODY), "");
});

test("a completion that only repeats the previous line becomes empty", () => {
  const input = { prefix: "function f(x) {\n  console.log(x);\n  ", suffix: "\n}\n", languageId: "typescript" };
  assert.equal(postProcessCompletion("console.log(x);", input), "");
  const endOfLine = { prefix: "function f(x) {\n  console.log(x);", suffix: "\n}\n", languageId: "typescript" };
  assert.equal(postProcessCompletion("\n  console.log(x);", endOfLine), "");
});

test("a closing brace at another indentation than the one above it is not a repeat", () => {
  const input = { prefix: "if (a) {\n  if (b) {\n    go();\n  }\n", suffix: "", languageId: "typescript" };
  assert.equal(postProcessCompletion("}", input), "}");
});

// ── line endings ──

test("in a CRLF document the completion's line breaks are CRLF", () => {
  const input = { prefix: "function f() {\r\n  ", suffix: "\r\n}\r\n", languageId: "typescript" };
  assert.equal(postProcessCompletion("const a = 1;\n  return a;", input), "const a = 1;\r\n  return a;");
});

test("a model's CRLF output in an LF document becomes LF, and the rules still see its lines", () => {
  assert.equal(postProcessCompletion("const a = 1;\r\n  return a;\r\n}\r\n", IN_BODY), "const a = 1;\n  return a;");
});

test("an explicit line ending wins over the one guessed from the text", () => {
  assert.equal(postProcessCompletion("a();\n  b();", { ...IN_BODY, lineEnding: "\r\n" }), "a();\r\n  b();");
});

// ── the rules together ──

test("chatter, a fence, a leaked token and a duplicated closer in one answer are all handled", () => {
  const input = { prefix: "const sum = add(", suffix: ");\n", languageId: "typescript" };
  const raw = "Sure! Here you go:\n```ts\na, b)<|im_end|>\n```";
  assert.equal(postProcessCompletion(raw, input), "a, b");
});
