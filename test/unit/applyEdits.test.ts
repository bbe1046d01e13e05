// planEdits (DESIGN §1–§2): parsed edits become exact replacements against the documents as they
// are now. All or nothing: a search text that is missing or ambiguous, or overlapping edits, and
// no file changes. A document changed since the request was sent is never overwritten. Secrets
// redacted for the cloud come back before anything is matched or written.
import { test } from "node:test";
import assert from "node:assert/strict";
import { planEdits } from "../../src/core/refactor/applyEdits.ts";
import type { DocumentSnapshot, PlanOptions, PlanResult, PlannedFile, RefactorPlanError } from "../../src/core/refactor/applyEdits.ts";
import { parseRefactorEdits } from "../../src/core/refactor/editFormat.ts";
import type { FileEdit } from "../../src/core/refactor/editFormat.ts";
import { buildRefactorMessages, redactRefactorMessages } from "../../src/core/refactor/refactorPrompt.ts";
import { redactSecrets } from "../../src/core/privacy/secrets.ts";
import { refactorErrorDetail } from "../../src/words/refactorWords.ts";
import { CART } from "../fixtures/refactorValues.ts";

// ── builders ──

/** A search/replace edit; pairs are [search, replace]. */
function edit(path: string, ...pairs: Array<[string, string]>): FileEdit {
  return { mode: "search-replace", path, line: 1, blocks: pairs.map(([search, replace], index) => ({ search, replace, line: 2 + index * 5 })) };
}

/** Documents at version 1, all sent at version 1 unless `sent` says otherwise. */
function workspace(
  files: Record<string, string>,
  changes: { edited?: Record<string, number> } = {},
): { documents: Map<string, DocumentSnapshot>; sent: Map<string, number> } {
  const documents = new Map(Object.entries(files).map(([path, text]) => [path, { text, version: changes.edited?.[path] ?? 1 }]));
  const sent = new Map(Object.keys(files).map((path) => [path, 1]));
  return { documents, sent };
}

function plan(edits: FileEdit[], files: Record<string, string>, options: PlanOptions & { edited?: Record<string, number> } = {}): PlanResult {
  const { documents, sent } = workspace(files, { edited: options.edited ?? {} });
  return planEdits(edits, documents, sent, options);
}

function planned(result: PlanResult): { files: PlannedFile[]; stale: string[] } {
  assert.ok(result.ok, `expected a plan, got ${JSON.stringify(!result.ok && result.error)}`);
  return result;
}

function failed(result: PlanResult, kind: RefactorPlanError["kind"]): RefactorPlanError {
  assert.ok(!result.ok, `expected a "${kind}" error, got ${JSON.stringify(result)}`);
  assert.equal(result.error.kind, kind, refactorErrorDetail(result.error));
  return result.error;
}

function newTextOf(result: PlanResult, path: string): string | undefined {
  return planned(result).files.find((file) => file.path === path)?.newText;
}

// ── matching ──

test("a search text found once is replaced, and the replacement is given in document offsets", () => {
  const search = "  let sum = 0;\n  for (const item of items) sum += item.price;\n  return sum;";
  const result = planned(plan([edit("src/cart.ts", [search, "  return items.reduce((sum, item) => sum + item.price, 0);"])], { "src/cart.ts": CART }));
  const [file] = result.files;
  assert.equal(file?.newText, CART.replace(search, "  return items.reduce((sum, item) => sum + item.price, 0);"));
  assert.deepEqual(file?.replacements, [
    { start: CART.indexOf(search), end: CART.indexOf(search) + search.length, text: "  return items.reduce((sum, item) => sum + item.price, 0);" },
  ]);
  assert.equal(file?.isNew, false);
  assert.deepEqual(result.stale, []);
});

test("every search text is found in the document as it is now, so the order of pairs does not matter", () => {
  const later: [string, string] = ["  return sum;", "  return Math.round(sum);"];
  const earlier: [string, string] = ["  let sum = 0;", "  let sum = 0; // cents"];
  const inOrder = newTextOf(plan([edit("src/cart.ts", earlier, later)], { "src/cart.ts": CART }), "src/cart.ts");
  const reversed = newTextOf(plan([edit("src/cart.ts", later, earlier)], { "src/cart.ts": CART }), "src/cart.ts");
  assert.equal(inOrder, reversed);
  assert.ok(inOrder?.includes("// cents") && inOrder.includes("Math.round(sum)"));
});

test("a search text that is not in the file refuses the whole plan, naming the file and the answer line", () => {
  const result = plan(
    [
      edit("src/money.ts", ["export const EUR", "export const USD"]),
      edit("src/cart.ts", ["  return sum;", "  return 0;"], ["  let total = 0;", "  let total = 1;"]),
    ],
    {
      "src/cart.ts": CART,
      "src/money.ts": "export const EUR = 'EUR';\n",
    },
  );
  const error = failed(result, "search-not-found");
  assert.equal(error.path, "src/cart.ts");
  assert.equal(error.line, 7);
  assert.deepEqual(error.detail, { code: "search-not-found", line: 7, path: "src/cart.ts", begins: "let total = 0;" });
});

test("a search text found twice is refused as ambiguous, with the lines it matches", () => {
  const text = "a();\nb();\na();\n";
  const error = failed(plan([edit("src/cart.ts", ["a();", "c();"])], { "src/cart.ts": text }), "search-ambiguous");
  assert.deepEqual(error.detail, { code: "search-ambiguous", line: 2, path: "src/cart.ts", count: 2, lines: [1, 3] });
});

test("overlapping pairs in one file are refused", () => {
  const error = failed(
    plan([edit("src/cart.ts", ["  let sum = 0;\n  for", "x"], ["  for (const item of items)", "y"])], { "src/cart.ts": CART }),
    "overlapping-edits",
  );
  assert.deepEqual(error.detail, {
    code: "overlapping-edits",
    path: "src/cart.ts",
    first: { answerLine: 2, firstLine: 4, lastLine: 5 },
    second: { answerLine: 7, firstLine: 5, lastLine: 5 },
  });
});

test("pairs that touch without overlapping are both applied", () => {
  const result = plan(
    [edit("src/cart.ts", ["  let sum = 0;\n", "  let sum = 1;\n"], ["  for (const item of items)", "  for (const item of items.filter(Boolean))"])],
    { "src/cart.ts": CART },
  );
  const text = newTextOf(result, "src/cart.ts");
  assert.ok(text?.includes("  let sum = 1;\n  for (const item of items.filter(Boolean)) sum"));
});

// ── line endings and whitespace ──

test("a CRLF document matches an LF search text, and the replacement is written with CRLF", () => {
  const crlf = CART.replaceAll("\n", "\r\n");
  const result = planned(plan([edit("src/cart.ts", ["  let sum = 0;\n  for", "  let sum = 0;\n  // add prices\n  for"])], { "src/cart.ts": crlf }));
  assert.equal(result.files[0]?.newText, crlf.replace("  let sum = 0;\r\n  for", "  let sum = 0;\r\n  // add prices\r\n  for"));
  assert.ok(!/[^\r]\n/.test(result.files[0]?.newText ?? ""), "no bare LF is introduced");
});

test("a CRLF answer applied to a CRLF document gives a pure CRLF result", () => {
  const crlf = CART.replaceAll("\n", "\r\n");
  const answer = [
    "<<<FILE src/cart.ts",
    "<<<SEARCH",
    "  let sum = 0;",
    "  for (const item of items) sum += item.price;",
    "===",
    "  const sum = items.reduce((acc, item) => acc + item.price, 0);",
    ">>>REPLACE",
    ">>>END",
  ].join("\r\n");
  const parsed = parseRefactorEdits(answer, { files: ["src/cart.ts"] });
  assert.ok(parsed.ok);
  const text = newTextOf(plan(parsed.edits, { "src/cart.ts": crlf }), "src/cart.ts") ?? "";
  assert.ok(text.includes("\r\n  const sum = items.reduce((acc, item) => acc + item.price, 0);\r\n  return sum;\r\n"));
  assert.ok(!/[^\r]\n/.test(text), "no bare LF");
});

test("trailing whitespace the model dropped is tolerated by the whole-line fallback", () => {
  const text = "function f() {   \n  return 1;\t\n}\n";
  const result = planned(plan([edit("src/cart.ts", ["function f() {\n  return 1;", "function f() {\n  return 2;"])], { "src/cart.ts": text }));
  assert.equal(result.files[0]?.newText, "function f() {\n  return 2;\n}\n");
});

test("the fallback also matches lines of a mixed-ending document whose CRLF the exact search missed", () => {
  const text = "a \r\nb\nc\r\n";
  assert.equal(newTextOf(plan([edit("src/cart.ts", ["a\nb", "x"])], { "src/cart.ts": text }), "src/cart.ts"), "x\nc\r\n");
});

test("different indentation is not tolerated: a fuzzier match could edit the wrong place", () => {
  failed(plan([edit("src/cart.ts", ["let sum = 0;\nfor (const item of items) sum += item.price;", "x"])], { "src/cart.ts": CART }), "search-not-found");
});

test("the fallback must be unique too", () => {
  failed(plan([edit("src/cart.ts", ["x = 1;   ", "z"])], { "src/cart.ts": "x = 1;  \nx = 1;\t\n" }), "search-ambiguous");
});

test("deleting whole lines removes their line break, leaving no blank line behind", () => {
  const text = "a();\nconsole.log(x);\nb();\n";
  assert.equal(newTextOf(plan([edit("src/cart.ts", ["console.log(x);", ""])], { "src/cart.ts": text }), "src/cart.ts"), "a();\nb();\n");
  assert.equal(
    newTextOf(plan([edit("src/cart.ts", ["b();", ""])], { "src/cart.ts": "a();\r\nb();" }), "src/cart.ts"),
    "a();",
    "the last line takes the preceding break",
  );
  assert.equal(
    newTextOf(plan([edit("src/cart.ts", ["(x)", ""])], { "src/cart.ts": text }), "src/cart.ts"),
    "a();\nconsole.log;\nb();\n",
    "part of a line keeps the break",
  );
});

// ── whole files and new files ──

test("a whole-file rewrite keeps the document's line endings and its lack of a final newline", () => {
  const replace: FileEdit = { mode: "replace", path: "src/money.ts", line: 1, text: "export const EUR = 'EUR';\nexport const USD = 'USD';\n" };
  const current = "export const EUR = 'EUR';\r\nexport const GBP = 'GBP';";
  const result = planned(plan([replace], { "src/money.ts": current }));
  assert.equal(result.files[0]?.newText, "export const EUR = 'EUR';\r\nexport const USD = 'USD';");
  assert.deepEqual(result.files[0]?.replacements, [{ start: 0, end: current.length, text: "export const EUR = 'EUR';\r\nexport const USD = 'USD';" }]);
});

test("a new file is planned as an insertion into an empty file and flagged for confirmation", () => {
  const result = planned(plan([{ mode: "new", path: "src/prices.ts", line: 1, text: "export const ZERO = 0;\n" }], { "src/cart.ts": CART }));
  assert.deepEqual(result.files, [
    { path: "src/prices.ts", newText: "export const ZERO = 0;\n", replacements: [{ start: 0, end: 0, text: "export const ZERO = 0;\n" }], isNew: true },
  ]);
});

test("a new file where a document already exists is refused", () => {
  failed(plan([{ mode: "new", path: "src/cart.ts", line: 1, text: "x\n" }], { "src/cart.ts": CART }), "new-file-exists");
});

test("an edit to a file that was not sent is refused", () => {
  const { documents } = workspace({ "src/cart.ts": CART });
  const error = failed(planEdits([edit("src/cart.ts", ["  return sum;", "  return 0;"])], documents, new Map()), "unknown-file");
  assert.equal(error.path, "src/cart.ts");
});

test("replacements that change nothing are dropped, and a file left without any is not planned", () => {
  const result = planned(plan([edit("src/cart.ts", ["  return sum;", "  return sum;"])], { "src/cart.ts": CART }));
  assert.deepEqual(result.files, []);
});

// ── stale documents ──

test("a document edited after the request was sent is left out and listed, and the other files still apply", () => {
  const result = planned(
    plan(
      [edit("src/cart.ts", ["  return sum;", "  return 0;"]), edit("src/money.ts", ["export const EUR", "export const USD"])],
      { "src/cart.ts": CART, "src/money.ts": "export const EUR = 'EUR';\n" },
      { edited: { "src/cart.ts": 2 } },
    ),
  );
  assert.deepEqual(result.stale, ["src/cart.ts"]);
  assert.deepEqual(
    result.files.map((file) => file.path),
    ["src/money.ts"],
  );
});

test("a stale document is never matched against, so its outdated search texts cannot fail the plan", () => {
  const result = planned(plan([edit("src/cart.ts", ["text that was deleted meanwhile", "x"])], { "src/cart.ts": CART }, { edited: { "src/cart.ts": 5 } }));
  assert.deepEqual(result, { ok: true, files: [], stale: ["src/cart.ts"] });
});

test("a document closed or deleted since the request was sent counts as stale", () => {
  const sent = new Map([["src/cart.ts", 1]]);
  assert.deepEqual(planEdits([edit("src/cart.ts", ["  return sum;", "  return 0;"])], new Map(), sent), { ok: true, files: [], stale: ["src/cart.ts"] });
});

// ── secrets ──

/** A GitHub-token-shaped value built at run time, so no scanner takes this file for a leak. */
const TOKEN = "ghp_" + Array.from({ length: 36 }, (_, index) => "aZ3kQ9xW2mB7pL0v"[(index * 7) % 16]).join("");

const CONFIG = `export const github = {\n  token: "${TOKEN}",\n  retries: 1,\n};\n`;

test("placeholders in search and replacement are restored, so the user's secret is matched and kept", () => {
  const redaction = redactSecrets(CONFIG);
  assert.ok(redaction.findings.length > 0 && !redaction.redacted.includes(TOKEN), "the fixture's token is redacted");
  const placeholderLine = redaction.redacted.split("\n")[1] ?? "";
  const result = planned(
    plan(
      [edit("src/config.ts", [`${placeholderLine}\n  retries: 1,`, `${placeholderLine}\n  retries: 3,`])],
      { "src/config.ts": CONFIG },
      { restore: redaction.restore },
    ),
  );
  assert.equal(result.files[0]?.newText, CONFIG.replace("retries: 1", "retries: 3"));
  assert.ok(!result.files[0]?.newText.includes("<<JUNCTION_SECRET_"));
});

test("a round trip through the prompt, a model's answer and the plan restores every placeholder", () => {
  const messages = redactRefactorMessages(
    buildRefactorMessages({ instruction: "Read the retries from the environment.", files: [{ path: "src/config.ts", text: CONFIG }] }),
  );
  const sentText = messages.messages[1]?.content ?? "";
  assert.ok(!sentText.includes(TOKEN), "the secret never reaches the model");
  const tokenLine = sentText.split("\n").find((line) => line.includes("token:")) ?? "";
  const answer = [
    "I read the retries from the environment.",
    "<<<FILE src/config.ts",
    "<<<SEARCH",
    tokenLine,
    "  retries: 1,",
    "===",
    tokenLine,
    "  retries: Number(process.env.RETRIES ?? 1),",
    ">>>REPLACE",
    ">>>END",
  ].join("\n");
  const parsed = parseRefactorEdits(answer, { files: ["src/config.ts"] });
  assert.ok(parsed.ok);
  const result = planned(plan(parsed.edits, { "src/config.ts": CONFIG }, { restore: messages.restore }));
  assert.equal(result.files[0]?.newText, CONFIG.replace("retries: 1,", "retries: Number(process.env.RETRIES ?? 1),"));
});

test("a placeholder the model invented is refused instead of being written over the user's value", () => {
  const redaction = redactSecrets(CONFIG);
  const error = failed(
    plan(
      [edit("src/config.ts", ["  retries: 1,", '  retries: 1,\n  backup: "<<JUNCTION_SECRET_9>>",'])],
      { "src/config.ts": CONFIG },
      { restore: redaction.restore },
    ),
    "unknown-placeholder",
  );
  assert.deepEqual(error.detail, { code: "unknown-placeholder", line: 2, path: "src/config.ts", placeholder: "<<JUNCTION_SECRET_9>>" });
});

test("a placeholder the document itself contains is ordinary text", () => {
  const text = 'const example = "<<JUNCTION_SECRET_1>>";\n';
  assert.equal(
    newTextOf(plan([edit("src/cart.ts", ["const example", "const sample"])], { "src/cart.ts": text }), "src/cart.ts"),
    'const sample = "<<JUNCTION_SECRET_1>>";\n',
  );
  const whole: FileEdit = { mode: "replace", path: "src/cart.ts", line: 1, text: 'const sample = "<<JUNCTION_SECRET_1>>";\n' };
  planned(plan([whole], { "src/cart.ts": text }));
});

test("an error message quotes the model's text, never a restored secret", () => {
  const redaction = redactSecrets(CONFIG);
  const placeholderLine = redaction.redacted.split("\n")[1]?.trim() ?? "";
  const error = failed(
    plan([edit("src/config.ts", [`${placeholderLine}\n  timeout: 5,`, "x"])], { "src/config.ts": CONFIG }, { restore: redaction.restore }),
    "search-not-found",
  );
  // The code's parameters and the sentence worded from them alike.
  for (const told of [JSON.stringify(error.detail), refactorErrorDetail(error)]) {
    assert.ok(!told.includes(TOKEN));
    assert.ok(told.includes("<<JUNCTION_SECRET_1>>"));
  }
});
