// Bad model answers for refactors (DESIGN §1–§2). Whatever a model sends back (prose, another
// format, edits for files the request did not include, paths that leave the workspace, edits
// that overlap or do not match, 5 MB of it), Junction answers with an error code that says what is
// wrong, worded as a short message that says so and that nothing was changed, or with a plan. It never throws, never hangs, and never
// changes its inputs. These tests do not measure time: they only have to finish.
import { test } from "node:test";
import assert from "node:assert/strict";
import { planEdits } from "../../src/core/refactor/applyEdits.ts";
import type { DocumentSnapshot, PlanResult, RefactorError, RefactorErrorKind } from "../../src/core/refactor/applyEdits.ts";
import { parseRefactorEdits } from "../../src/core/refactor/editFormat.ts";
import type { FileEdit, ParseRefactorResult } from "../../src/core/refactor/editFormat.ts";
import { resolveEditPath } from "../../src/core/refactor/pathSafety.ts";
import type { ResolveEditPathOptions, WorkspaceFolderRoot } from "../../src/core/refactor/pathSafety.ts";
import { describeRefactorError, refactorErrorDetail } from "../../src/words/refactorWords.ts";

const SHOP: WorkspaceFolderRoot = { name: "shop", root: "/home/dev/shop" };
const CART = [
  "export function total(items: Item[]): number {",
  "  let sum = 0;",
  "  for (const item of items) sum += item.price;",
  "  return sum;",
  "}",
  "",
].join("\n");
const MONEY = "export const EUR = 'EUR';\n";
const FIVE_MB = 5 * (1 << 20);
/** An error message a user can read in a notification. */
const MAX_MESSAGE_CHARS = 1_000;

// ── builders ──

function searchReplace(search: string, replace: string): string {
  return ["<<<SEARCH", search, "===", replace, ">>>REPLACE"].join("\n");
}

function fileBlock(header: string, ...body: string[]): string {
  return [`<<<FILE ${header}`, ...body, ">>>END"].join("\n");
}

/** The request as the host keeps it: the files sent, their text and the versions they were sent at. */
interface Request {
  files: readonly string[];
  documents: Map<string, DocumentSnapshot>;
  sent: Map<string, number>;
}

function request(texts: Record<string, string> = { "src/cart.ts": CART, "src/money.ts": MONEY }): Request {
  return {
    files: Object.freeze(Object.keys(texts)),
    documents: new Map(Object.entries(texts).map(([path, text]) => [path, { text, version: 3 }])),
    sent: new Map(Object.keys(texts).map((path) => [path, 3])),
  };
}

/** A plain copy of everything the request holds, to compare with after the call. */
function snapshot(value: Request): unknown {
  return { files: [...value.files], documents: [...value.documents].map(([path, document]) => [path, { ...document }]), sent: [...value.sent] };
}

/** The workspace on disk: the request's files, and the symlinks given (path → absolute target). */
function fakeFileSystem(links: Record<string, string> = {}): Required<Pick<ResolveEditPathOptions, "realpath" | "lstat">> {
  const files = ["/home/dev/shop/src/cart.ts", "/home/dev/shop/src/money.ts", "/etc/passwd", "/tmp/elsewhere/readme"];
  const present = new Set<string>(["/", ...Object.keys(links)]);
  for (const file of files) file.split("/").forEach((_, index, parts) => index > 0 && present.add(parts.slice(0, index + 1).join("/")));
  const missing = (path: string): Error => Object.assign(new Error(`ENOENT: ${path}`), { code: "ENOENT" });
  const resolve = (path: string): string => {
    for (const [link, target] of Object.entries(links)) if (path === link || path.startsWith(`${link}/`)) return target + path.slice(link.length);
    return path;
  };
  return {
    realpath: async (path) => {
      const real = resolve(path);
      if (!present.has(real)) throw missing(path);
      return real;
    },
    lstat: async (path) => {
      if (!present.has(path)) throw missing(path);
      return {};
    },
  };
}

type Outcome = { ok: true; plan: Extract<PlanResult, { ok: true }> } | { ok: false; stage: "parse" | "path" | "plan"; error: RefactorError };

/** What the host does with an answer: read it, check every path, plan the edits against the documents. */
async function handle(answer: string, at: Request, links: Record<string, string> = {}): Promise<Outcome> {
  const parsed = parseRefactorEdits(answer, { files: at.files });
  if (!parsed.ok) return { ok: false, stage: "parse", error: parsed.error };
  for (const edit of parsed.edits) {
    const safe = await resolveEditPath(edit.path, [SHOP], { requestedPaths: at.files, isNew: edit.mode === "new", ...fakeFileSystem(links) });
    if (!safe.ok) return { ok: false, stage: "path", error: safe.error };
  }
  const plan = planEdits(parsed.edits, at.documents, at.sent);
  return plan.ok ? { ok: true, plan } : { ok: false, stage: "plan", error: plan.error };
}

/** Refused with a code, worded as a short message that says nothing changed; the request is as it was. */
async function refused(
  answer: string,
  expected: { stage: "parse" | "path" | "plan"; kind: RefactorErrorKind },
  links: Record<string, string> = {},
): Promise<{ error: RefactorError; message: string }> {
  const at = request();
  const before = snapshot(at);
  const outcome = await handle(answer, at, links);
  assert.ok(!outcome.ok, `expected a refusal, got a plan for ${outcome.ok && outcome.plan.files.map((file) => file.path).join(", ")}`);
  assert.equal(outcome.stage, expected.stage, refactorErrorDetail(outcome.error));
  assert.equal(outcome.error.kind, expected.kind, refactorErrorDetail(outcome.error));
  const message = describeRefactorError(outcome.error);
  assert.match(message, /^The model's answer .*\. Nothing was changed\.$|^Junction could not check .*\. Nothing was changed\.$/s);
  assert.ok(message.length <= MAX_MESSAGE_CHARS, `the message is ${message.length} characters long`);
  assert.deepEqual(snapshot(at), before, "the request is unchanged");
  return { error: outcome.error, message };
}

/** Deterministic bytes, so a failure can be reproduced. */
function randomLatin1(length: number, seed = 0x9e3779b9): string {
  let state = seed >>> 0;
  const codes = new Uint8Array(length);
  for (let index = 0; index < length; index += 1) {
    state = (state + 0x6d2b79f5) >>> 0;
    let mixed = Math.imul(state ^ (state >>> 15), 1 | state);
    mixed ^= mixed + Math.imul(mixed ^ (mixed >>> 7), 61 | mixed);
    codes[index] = (mixed ^ (mixed >>> 14)) & 0xff;
  }
  return Buffer.from(codes).toString("latin1");
}

function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null) {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}

const GOOD_PAIR = searchReplace("  let sum = 0;", "  let sum = 0; // cents");

// ── not Junction's format ──

const NOT_THE_FORMAT: readonly { label: string; answer: string; kind: RefactorErrorKind }[] = [
  { label: "an empty answer", answer: "", kind: "no-edits" },
  { label: "only whitespace", answer: " \n\t\r\n ", kind: "no-edits" },
  { label: "prose and a code block", answer: "Sure! Here is the new code:\n```ts\nexport const x = 1;\n```", kind: "no-edits" },
  { label: "a JSON edit list", answer: JSON.stringify({ edits: [{ file: "src/cart.ts", search: "let sum", replace: "let total" }] }), kind: "no-edits" },
  { label: "a unified diff", answer: "--- a/src/cart.ts\n+++ b/src/cart.ts\n@@ -2 +2 @@\n-  let sum = 0;\n+  let sum = 1;", kind: "no-edits" },
  { label: "the markers in reverse order", answer: [">>>END", ">>>REPLACE", "===", "<<<SEARCH", "<<<FILE src/cart.ts"].join("\n"), kind: "malformed" },
  {
    label: "an answer cut off inside a replacement",
    answer: ["<<<FILE src/cart.ts", "<<<SEARCH", "  let sum = 0;", "===", "  let sum"].join("\n"),
    kind: "malformed",
  },
  { label: "a header that names no file", answer: fileBlock("", GOOD_PAIR), kind: "malformed" },
  { label: "NUL bytes in place of the markers' text", answer: "<<<\0FILE src/cart.ts\n<<<\0SEARCH\n===\n>>>\0REPLACE\n>>>\0END", kind: "no-edits" },
  { label: "a SEARCH with a second === line", answer: fileBlock("src/cart.ts", "<<<SEARCH", "a", "===", "b", "===", "c", ">>>REPLACE"), kind: "malformed" },
  { label: "a SEARCH with nothing to search for", answer: fileBlock("src/cart.ts", searchReplace("   ", "x")), kind: "empty-search" },
  {
    label: "a whole-file block and a pair for one file",
    answer: [fileBlock("src/cart.ts (replace)", "x"), fileBlock("src/cart.ts", GOOD_PAIR)].join("\n"),
    kind: "conflicting-edits",
  },
];

for (const { label, answer, kind } of NOT_THE_FORMAT) {
  test(`${label} is refused as ${kind}, and nothing is changed`, async () => {
    await refused(answer, { stage: "parse", kind });
  });
}

// ── files the request did not include, paths outside the workspace ──

const OUTSIDE: readonly { label: string; header: string; stage: "parse" | "path"; kind: RefactorErrorKind; links?: Record<string, string> }[] = [
  { label: "an edit for a file the request did not include", header: "src/checkout.ts", stage: "parse", kind: "unknown-file" },
  { label: "a whole-file rewrite of a file the request did not include", header: "package.json (replace)", stage: "parse", kind: "unknown-file" },
  { label: "(new) for a file the request sent", header: "src/cart.ts (new)", stage: "parse", kind: "new-file-exists" },
  { label: "a ../ path", header: "../billing/src/invoice.ts (new)", stage: "parse", kind: "unsafe-path" },
  { label: "a ../ path that comes back inside", header: "src/../../shop/src/cart.ts", stage: "parse", kind: "unsafe-path" },
  { label: "an absolute path", header: "/etc/cron.d/job (new)", stage: "parse", kind: "unsafe-path" },
  { label: "an absolute path to a requested file", header: "/home/dev/shop/src/cart.ts", stage: "parse", kind: "unsafe-path" },
  { label: "a home-relative path", header: "~/.bashrc (new)", stage: "parse", kind: "unsafe-path" },
  { label: "a Windows drive path", header: "C:\\Windows\\system.ini (new)", stage: "parse", kind: "unsafe-path" },
  { label: "a path with a NUL byte", header: "src/cart.ts\0.sh (new)", stage: "parse", kind: "unsafe-path" },
  { label: "a path into .git", header: ".git/hooks/pre-commit (new)", stage: "parse", kind: "unsafe-path" },
  {
    label: "a requested file that is a symlink out of the workspace",
    header: "src/cart.ts",
    stage: "path",
    kind: "symlink-escape",
    links: { "/home/dev/shop/src/cart.ts": "/etc/passwd" },
  },
  {
    label: "a new file in a folder that is a symlink out of the workspace",
    header: "src/generated/prices.ts (new)",
    stage: "path",
    kind: "symlink-escape",
    links: { "/home/dev/shop/src": "/tmp/elsewhere" },
  },
];

for (const { label, header, stage, kind, links } of OUTSIDE) {
  test(`${label} is refused as ${kind}, and nothing is changed`, async () => {
    const body = header.endsWith(")") ? "export const X = 1;" : GOOD_PAIR;
    const { message } = await refused(fileBlock(header, body), { stage, kind }, links);
    assert.ok(!message.includes("\0"), "a NUL byte is shown escaped, not written into the message");
  });
}

test("one bad block among good ones refuses the whole answer before any path is checked", async () => {
  await refused([fileBlock("src/cart.ts", GOOD_PAIR), fileBlock("../outside.ts (new)", "x")].join("\n"), { stage: "parse", kind: "unsafe-path" });
});

// ── edits that do not fit the documents ──

test("overlapping edits are refused, naming both answer lines", async () => {
  const answer = fileBlock("src/cart.ts", searchReplace("  let sum = 0;\n  for", "x"), searchReplace("  for (const item", "y"));
  const { error } = await refused(answer, { stage: "plan", kind: "overlapping-edits" });
  assert.ok("detail" in error);
  assert.deepEqual(error.detail, {
    code: "overlapping-edits",
    path: "src/cart.ts",
    first: { answerLine: 2, firstLine: 2, lastLine: 3 },
    second: { answerLine: 8, firstLine: 3, lastLine: 3 },
  });
});

test("a search text that is not in the file is refused, quoting the start of it", async () => {
  const { error } = await refused(fileBlock("src/cart.ts", searchReplace("  let total = 0;", "  let total = 1;")), { stage: "plan", kind: "search-not-found" });
  assert.ok("detail" in error);
  assert.deepEqual(error.detail, { code: "search-not-found", line: 2, path: "src/cart.ts", begins: "let total = 0;" });
});

test("a search text found in another request file but not in the one named is refused", async () => {
  await refused(fileBlock("src/money.ts", searchReplace("  let sum = 0;", "x")), { stage: "plan", kind: "search-not-found" });
});

test("a search text that matches more than one place is refused", async () => {
  await refused(fileBlock("src/cart.ts", searchReplace("sum", "total")), { stage: "plan", kind: "search-ambiguous" });
});

test("planning leaves the parsed edits exactly as they were, whether it succeeds or fails", () => {
  const at = request();
  const good = deepFreeze<FileEdit[]>([
    { mode: "search-replace", path: "src/cart.ts", line: 1, blocks: [{ search: "  let sum = 0;", replace: "  let sum = 1;", line: 2 }] },
  ]);
  const bad = deepFreeze<FileEdit[]>([
    {
      mode: "search-replace",
      path: "src/cart.ts",
      line: 1,
      blocks: [
        { search: "  let sum", replace: "x", line: 2 },
        { search: "sum = 0", replace: "y", line: 7 },
      ],
    },
  ]);
  const copies = structuredClone([good, bad]);
  assert.ok(planEdits(good, at.documents, at.sent).ok);
  assert.equal(planEdits(bad, at.documents, at.sent).ok, false);
  assert.deepEqual([good, bad], copies);
});

// ── 5 MB answers ──

/** The answer as received, so a test can check that a call left no mark on it. */
function parsedUnchanged(answer: string, at: Request): ParseRefactorResult {
  const before = snapshot(at);
  const result = parseRefactorEdits(answer, { files: at.files });
  assert.deepEqual(snapshot(at), before);
  return result;
}

const GARBAGE_5MB: readonly { label: string; answer: () => string; kind: RefactorErrorKind; detail?: unknown }[] = [
  { label: "5 MB of random bytes", answer: () => randomLatin1(FIVE_MB), kind: "no-edits" },
  { label: "5 MB of prose on one line", answer: () => "lorem ipsum ".repeat(FIVE_MB / 12), kind: "no-edits" },
  { label: "5 MB of <<<SEARCH lines outside any file block", answer: () => "<<<SEARCH\n".repeat(FIVE_MB / 10), kind: "malformed" },
  {
    label: "a 5 MB header path",
    answer: () => fileBlock("a".repeat(FIVE_MB), GOOD_PAIR),
    kind: "malformed",
    detail: { code: "header-path-too-long", line: 1, length: 5242880, maxLength: 1024 },
  },
  { label: "a 5 MB header path of spaces between two words", answer: () => fileBlock(`src/a${" ".repeat(FIVE_MB)}b.ts`, GOOD_PAIR), kind: "malformed" },
  { label: "a 5 MB header path of quotes", answer: () => fileBlock(`x${'"'.repeat(FIVE_MB)}x`, GOOD_PAIR), kind: "malformed" },
  { label: "a header path followed by 5 MB of quotes", answer: () => fileBlock(`src/checkout.ts${'"'.repeat(FIVE_MB)}`, GOOD_PAIR), kind: "unknown-file" },
  {
    label: "a header path followed by 5 MB of ** decorations",
    answer: () => fileBlock(`src/checkout.ts${"**".repeat(FIVE_MB / 2)}`, GOOD_PAIR),
    kind: "unknown-file",
  },
  {
    label: "a 5 MB answer cut off inside its last file block",
    answer: () => `<<<FILE src/cart.ts (replace)\n${"const a = 1;\n".repeat(FIVE_MB / 13)}`,
    kind: "malformed",
    detail: { code: "cut-off-in-block", path: "src/cart.ts", blockLine: 1 },
  },
  {
    label: "a 5 MB search text that is not in the file",
    answer: () => fileBlock("src/cart.ts", searchReplace("  let sum = 0;\n".repeat(FIVE_MB / 15), "x")),
    kind: "search-not-found",
  },
  {
    label: "a 5 MB search text that is the file repeated",
    answer: () => fileBlock("src/cart.ts", searchReplace(CART.repeat(FIVE_MB / CART.length), "x")),
    kind: "search-not-found",
  },
];

for (const { label, answer, kind, detail } of GARBAGE_5MB) {
  test(`${label} is refused as ${kind}`, async () => {
    const { error } = await refused(answer(), { stage: kind === "search-not-found" ? "plan" : "parse", kind });
    if (detail !== undefined) assert.deepEqual("detail" in error ? error.detail : error.problem, detail);
  });
}

test("a valid 5 MB whole-file rewrite is planned", () => {
  const at = request();
  const content = Array.from({ length: FIVE_MB / 32 }, (_, index) => `export const v${String(index).padStart(8, "0")} = 1;`).join("\n");
  const parsed = parsedUnchanged(fileBlock("src/cart.ts (replace)", content), at);
  assert.ok(parsed.ok, !parsed.ok ? refactorErrorDetail(parsed.error) : "");
  const plan = planEdits(parsed.edits, at.documents, at.sent);
  assert.ok(plan.ok, !plan.ok ? refactorErrorDetail(plan.error) : "");
  assert.equal(plan.files[0]?.newText, `${content}\n`);
  assert.equal(at.documents.get("src/cart.ts")?.text, CART, "the document snapshot is not touched");
});

test("a valid 5 MB answer of two large search texts in a 5 MB file is planned", () => {
  const half = (name: string): string => Array.from({ length: FIVE_MB / 64 }, (_, index) => `const ${name}${String(index).padStart(8, "0")} = 1;`).join("\n");
  const [first, second] = [half("a"), half("b")];
  const at = request({ "src/big.ts": `${first}\n${second}\n` });
  const answer = fileBlock("src/big.ts", searchReplace(first, first.replaceAll("= 1;", "= 2;")), searchReplace(second, "// gone"));
  const parsed = parsedUnchanged(answer, at);
  assert.ok(parsed.ok, !parsed.ok ? refactorErrorDetail(parsed.error) : "");
  const plan = planEdits(parsed.edits, at.documents, at.sent);
  assert.ok(plan.ok, !plan.ok ? refactorErrorDetail(plan.error) : "");
  assert.equal(plan.files[0]?.newText, `${first.replaceAll("= 1;", "= 2;")}\n// gone\n`);
});

test("a 5 MB answer that edits one file in a second block of 150,000 pairs parses, the pairs joined in order", () => {
  const pairs = Array.from({ length: 150_000 }, (_, index) => searchReplace(`a${index}`, `b${index}`)).join("\n");
  const answer = [fileBlock("src/cart.ts", searchReplace("first", "1st")), fileBlock("src/cart.ts", pairs)].join("\n");
  assert.ok(answer.length >= 5_000_000);
  const parsed = parsedUnchanged(answer, request());
  assert.ok(parsed.ok, !parsed.ok ? refactorErrorDetail(parsed.error) : "");
  const [edit] = parsed.edits;
  assert.equal(edit?.mode === "search-replace" && edit.blocks.length, 150_001);
  assert.equal(edit?.mode === "search-replace" && edit.blocks.at(-1)?.search, "a149999");
});
