// parseRefactorEdits (DESIGN §1, refactor commands): a model's answer in Junction's edit format
// becomes file edits, however much prose and how many code fences surround it; an answer that is
// cut off, ambiguous or aimed at files the request did not include is refused as a whole, with a
// code and the parameters that say what is wrong and where (refactorWords.test.ts pins the words).
import { test } from "node:test";
import assert from "node:assert/strict";
import { EDIT_FORMAT_INSTRUCTIONS, parseRefactorEdits } from "../../src/core/refactor/editFormat.ts";
import type { FileEdit, ParseRefactorResult, RefactorParseError } from "../../src/core/refactor/editFormat.ts";

const FILES = ["src/cart.ts", "src/money.ts"];

// ── builders ──

function searchReplace(search: string, replace: string): string {
  return ["<<<SEARCH", search, "===", replace, ">>>REPLACE"].join("\n");
}

function fileBlock(path: string, ...pairs: string[]): string {
  return [`<<<FILE ${path}`, ...pairs, ">>>END"].join("\n");
}

function parsed(answer: string, files: readonly string[] = FILES): { edits: FileEdit[]; notes: string } {
  const result = parseRefactorEdits(answer, { files });
  assert.ok(result.ok, `expected the answer to parse, got ${JSON.stringify(!result.ok && result.error)}`);
  return result;
}

function refused(answer: string, files: readonly string[] = FILES): RefactorParseError {
  const result: ParseRefactorResult = parseRefactorEdits(answer, { files });
  assert.ok(!result.ok, `expected the answer to be refused, got ${JSON.stringify(result)}`);
  return result.error;
}

const TOTAL_BEFORE = "  const total = items.reduce((sum, item) => sum + item.price, 0);";
const TOTAL_AFTER = "  const total = sumPrices(items);";

// ── well-formed ──

test("a well-formed answer gives one search/replace edit per file, in answer order", () => {
  const answer = [
    fileBlock("src/cart.ts", searchReplace(TOTAL_BEFORE, TOTAL_AFTER)),
    fileBlock("src/money.ts", searchReplace("export const EUR = 'EUR';", "export const EUR = 'EUR';\nexport const USD = 'USD';")),
  ].join("\n");
  const { edits, notes } = parsed(answer);
  assert.deepEqual(edits, [
    { mode: "search-replace", path: "src/cart.ts", line: 1, blocks: [{ search: TOTAL_BEFORE, replace: TOTAL_AFTER, line: 2 }] },
    {
      mode: "search-replace",
      path: "src/money.ts",
      line: 8,
      blocks: [{ search: "export const EUR = 'EUR';", replace: "export const EUR = 'EUR';\nexport const USD = 'USD';", line: 9 }],
    },
  ]);
  assert.equal(notes, "");
});

test("several pairs in one file block keep their order and their answer lines", () => {
  const answer = fileBlock("src/cart.ts", searchReplace("a", "b"), searchReplace("c\nd", "e"));
  const [edit] = parsed(answer).edits;
  assert.equal(edit?.mode, "search-replace");
  assert.deepEqual(edit.mode === "search-replace" && edit.blocks, [
    { search: "a", replace: "b", line: 2 },
    { search: "c\nd", replace: "e", line: 7 },
  ]);
});

test("an empty replacement is a deletion, not an error", () => {
  const [edit] = parsed(fileBlock("src/cart.ts", searchReplace("console.log(total);", ""))).edits;
  assert.deepEqual(edit?.mode === "search-replace" && edit.blocks[0], { search: "console.log(total);", replace: "", line: 2 });
});

test("search and replacement keep their indentation and inner blank lines exactly", () => {
  const search = "    if (x) {\n\n        return 1;\n    }";
  const [edit] = parsed(fileBlock("src/cart.ts", searchReplace(search, "    return x ? 1 : undefined;"))).edits;
  assert.equal(edit?.mode === "search-replace" && edit.blocks[0]?.search, search);
});

test("a second block for the same file adds its pairs to the first", () => {
  const answer = [fileBlock("src/cart.ts", searchReplace("a", "b")), fileBlock("src/cart.ts", searchReplace("c", "d"))].join("\n\n");
  const { edits } = parsed(answer);
  assert.equal(edits.length, 1);
  assert.deepEqual(edits[0]?.mode === "search-replace" && edits[0].blocks.map((pair) => pair.search), ["a", "c"]);
});

test("a (new) block creates a file the request did not include, and its text ends with a newline", () => {
  const answer = ["<<<FILE src/prices.ts (new)", "export function sumPrices(items: Item[]): number {", "  return 0;", "}", ">>>END"].join("\n");
  assert.deepEqual(parsed(answer).edits, [
    { mode: "new", path: "src/prices.ts", line: 1, text: "export function sumPrices(items: Item[]): number {\n  return 0;\n}\n" },
  ]);
});

test("a (replace) block rewrites a requested file whole, and its content may hold === lines", () => {
  const answer = ["<<<FILE src/money.ts (replace)", "Heading", "===", "export {};", ">>>END"].join("\n");
  assert.deepEqual(parsed(answer).edits, [{ mode: "replace", path: "src/money.ts", line: 1, text: "Heading\n===\nexport {};\n" }]);
});

test("a <<<SEARCH inside whole-file content is refused: the model mixed the two forms", () => {
  const error = refused(["<<<FILE src/money.ts (replace)", "export {};", "<<<SEARCH", "a", ">>>END"].join("\n"));
  assert.equal(error.kind, "malformed");
  assert.deepEqual(error.detail, { code: "whole-file-interrupted", path: "src/money.ts", blockLine: 1, next: "search", line: 3 });
});

test("the instructions the model reads describe the markers the parser accepts", () => {
  for (const marker of ["<<<FILE", "<<<SEARCH", "\n===\n", ">>>REPLACE", ">>>END", "(new)", "(replace)", "<<JUNCTION_SECRET_1>>"]) {
    assert.ok(EDIT_FORMAT_INSTRUCTIONS.includes(marker), `instructions mention ${JSON.stringify(marker)}`);
  }
  const example = EDIT_FORMAT_INSTRUCTIONS.slice(EDIT_FORMAT_INSTRUCTIONS.indexOf("<<<FILE"), EDIT_FORMAT_INSTRUCTIONS.indexOf(">>>END") + ">>>END".length);
  assert.equal(parsed(example, ["path/of/the/file.ts"]).edits.length, 1, "the example in the instructions parses");
});

// ── fenced, chatty, CRLF ──

test("code fences around blocks and around pairs inside a block are ignored", () => {
  const answer = ["```", "<<<FILE src/cart.ts", "```ts", searchReplace("a", "b"), "```", ">>>END", "```"].join("\n");
  assert.deepEqual(parsed(answer).edits, [{ mode: "search-replace", path: "src/cart.ts", line: 2, blocks: [{ search: "a", replace: "b", line: 4 }] }]);
});

test("a code fence around the whole content of a new file is removed", () => {
  const answer = ["<<<FILE src/prices.ts (new)", "", "```typescript", "export const ZERO = 0;", "```", "", ">>>END"].join("\n");
  assert.deepEqual(parsed(answer).edits, [{ mode: "new", path: "src/prices.ts", line: 1, text: "export const ZERO = 0;\n" }]);
});

test("prose before, between and after blocks becomes the notes and does not disturb the edits", () => {
  const answer = [
    "Sure! I moved the sum into a helper.",
    "",
    fileBlock("src/cart.ts", searchReplace(TOTAL_BEFORE, TOTAL_AFTER)),
    "",
    "And here is the helper:",
    "<<<FILE src/prices.ts (new)",
    "export const sumPrices = (items: Item[]) => 0;",
    ">>>END",
    "Let me know if you want tests too.",
  ].join("\n");
  const { edits, notes } = parsed(answer);
  assert.deepEqual(
    edits.map((edit) => [edit.mode, edit.path]),
    [
      ["search-replace", "src/cart.ts"],
      ["new", "src/prices.ts"],
    ],
  );
  assert.equal(notes, "Sure! I moved the sum into a helper.\n\nAnd here is the helper:\nLet me know if you want tests too.");
});

test("prose between pairs inside a file block joins the notes and leaves the pairs intact", () => {
  const answer = fileBlock("src/cart.ts", searchReplace("a", "b"), "Next, the return value:", searchReplace("c", "d"));
  const { edits, notes } = parsed(answer);
  assert.deepEqual(edits[0]?.mode === "search-replace" && edits[0].blocks.map((pair) => [pair.search, pair.replace]), [
    ["a", "b"],
    ["c", "d"],
  ]);
  assert.equal(notes, "Next, the return value:");
});

test("a CRLF answer with trailing whitespace on marker lines parses like a clean one", () => {
  const clean = fileBlock("src/cart.ts", searchReplace("a\nb", "c\nd"));
  const messy = clean
    .split("\n")
    .map((line) => (line.startsWith("<<<") || line.startsWith(">>>") || line === "===" ? `${line} \t` : line))
    .join("\r\n");
  assert.deepEqual(parsed(messy).edits, parsed(clean).edits);
  const [edit] = parsed(messy).edits;
  assert.equal(edit?.mode === "search-replace" && edit.blocks[0]?.search, "a\nb", "no \\r is left in the texts");
});

test("headers tolerate decorated paths, ./ prefixes, longer chevrons and lower-case keywords", () => {
  const answer = ["<<<<<<< file `./src/cart.ts`", "<<<<<<< search", "a", "===", "b", ">>>>>>> replace", ">>>>>>> end"].join("\n");
  assert.deepEqual(
    parsed(answer).edits.map((edit) => edit.path),
    ["src/cart.ts"],
  );
});

// ── broken ──

test("an empty answer is refused as having no edits", () => {
  assert.deepEqual(refused("  \n"), { kind: "no-edits", detail: { code: "empty-answer" } });
});

test("an answer of prose and a code block, without the format, is refused as having no edits", () => {
  const error = refused("Here is the refactored code:\n```ts\nconst total = sumPrices(items);\n```");
  assert.equal(error.kind, "no-edits");
  assert.deepEqual(error.detail, { code: "no-file-blocks" });
});

test("an answer cut off before >>>END is refused, naming the file and suggesting it was cut off", () => {
  const answer = ["<<<FILE src/cart.ts", searchReplace("a", "b")].join("\n");
  const error = refused(answer);
  assert.equal(error.kind, "malformed");
  assert.equal(error.path, "src/cart.ts");
  assert.deepEqual(error.detail, { code: "cut-off-in-block", path: "src/cart.ts", blockLine: 1 });
});

test("an answer cut off inside a replacement is refused, even though its earlier pairs are complete", () => {
  const answer = ["<<<FILE src/cart.ts", searchReplace("a", "b"), "<<<SEARCH", "c", "===", "d"].join("\n");
  const error = refused(answer);
  assert.equal(error.kind, "malformed");
  assert.deepEqual(error.detail, { code: "cut-off-in-replacement", path: "src/cart.ts", blockLine: 1, searchLine: 7 });
});

test("a missing >>>END before the next file is refused rather than guessed", () => {
  const answer = ["<<<FILE src/cart.ts", searchReplace("a", "b"), fileBlock("src/money.ts", searchReplace("c", "d"))].join("\n");
  const error = refused(answer);
  assert.equal(error.kind, "malformed");
  assert.deepEqual(error.detail, { code: "no-end-before-header", path: "src/cart.ts", blockLine: 1, line: 7 });
});

test("a SEARCH without its === separator is refused", () => {
  const error = refused(["<<<FILE src/cart.ts", "<<<SEARCH", "a", "b", ">>>REPLACE", ">>>END"].join("\n"));
  assert.equal(error.kind, "malformed");
  assert.deepEqual(error.detail, { code: "search-without-separator", path: "src/cart.ts", searchLine: 2, line: 5 });
  assert.equal(error.line, 5);
});

test("a second === in one pair is refused as ambiguous instead of splitting at a guess", () => {
  const error = refused(fileBlock("src/cart.ts", ["<<<SEARCH", "Title", "===", "old", "===", "new", ">>>REPLACE"].join("\n")));
  assert.equal(error.kind, "malformed");
  assert.deepEqual(error.detail, { code: "second-separator", path: "src/cart.ts", searchLine: 2, line: 6 });
});

test("a pair outside any file block is refused", () => {
  const error = refused(searchReplace("a", "b"));
  assert.equal(error.kind, "malformed");
  assert.deepEqual(error.detail, { code: "marker-outside-file", marker: "search", line: 1 });
});

test("a file block with whole content but no (replace) tag is refused with the fix", () => {
  const error = refused(fileBlock("src/cart.ts", "export const total = 0;"));
  assert.equal(error.kind, "malformed");
  assert.deepEqual(error.detail, { code: "no-pairs", line: 1, path: "src/cart.ts", hasProse: true });
});

test("an unknown header tag is refused", () => {
  const error = refused(["<<<FILE src/cart.ts (modify)", "x", ">>>END"].join("\n"));
  assert.equal(error.kind, "malformed");
  assert.deepEqual(error.detail, { code: "header-unknown-tag", line: 1, tag: "modify" });
});

test("an empty SEARCH is refused, because it would match everywhere", () => {
  const error = refused(fileBlock("src/cart.ts", searchReplace("  ", "const x = 1;")));
  assert.equal(error.kind, "empty-search");
  assert.equal(error.line, 2);
  assert.deepEqual(error.detail, { code: "empty-search", line: 2, path: "src/cart.ts" });
});

test("a whole-file block and a search/replace block for one file are refused as conflicting", () => {
  const answer = [fileBlock("src/cart.ts", searchReplace("a", "b")), "<<<FILE src/cart.ts (replace)", "x", ">>>END"].join("\n");
  const error = refused(answer);
  assert.equal(error.kind, "conflicting-edits");
  assert.equal(error.path, "src/cart.ts");
  assert.deepEqual(error.detail, { code: "conflicting-edits", path: "src/cart.ts", firstLine: 1, line: 8 });
});

// ── files and paths ──

test("an edit to a file the request did not include is refused, listing what was sent", () => {
  const error = refused(fileBlock("src/checkout.ts", searchReplace("a", "b")));
  assert.equal(error.kind, "unknown-file");
  assert.equal(error.path, "src/checkout.ts");
  assert.deepEqual(error.detail, { code: "not-requested", line: 1, path: "src/checkout.ts", sent: ["src/cart.ts", "src/money.ts"] });
});

test("a (replace) of a file the request did not include is refused too", () => {
  assert.equal(refused(["<<<FILE src/checkout.ts (replace)", "x", ">>>END"].join("\n")).kind, "unknown-file");
});

test("(new) for a file the request sent is refused: it exists", () => {
  const error = refused(["<<<FILE src/cart.ts (new)", "x", ">>>END"].join("\n"));
  assert.equal(error.kind, "new-file-exists");
  assert.deepEqual(error.detail, { code: "new-file-was-sent", line: 1, path: "src/cart.ts" });
});

test("paths that reach outside the workspace are refused even for new files", () => {
  for (const path of ["../outside.ts", "/etc/passwd", "C:\\Windows\\x.ts", "src/../../x.ts", ".git/hooks/pre-commit"]) {
    const error = refused([`<<<FILE ${path} (new)`, "x", ">>>END"].join("\n"));
    assert.equal(error.kind, "unsafe-path", path);
    assert.equal(error.path, path);
    // The path's own rejection is kept as data, not as words.
    assert.ok(error.detail.code === "unsafe-path" && error.detail.line === 1 && error.detail.rejection.path === path, JSON.stringify(error.detail));
  }
});

test("one bad block refuses the whole answer, good blocks included", () => {
  const answer = [fileBlock("src/cart.ts", searchReplace("a", "b")), fileBlock("src/other.ts", searchReplace("c", "d"))].join("\n");
  assert.equal(refused(answer).kind, "unknown-file");
});
