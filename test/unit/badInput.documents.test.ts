// Bad documents for completions and secret scanning (DESIGN §1–§2): a 10 MB file, a minified
// file on one line, binary-looking text (NUL bytes, random bytes), CRLF and lone-CR line endings,
// and characters outside the BMP (surrogate pairs) at the cursor. The prompt stays within its
// token budget and never cuts a character in half; post-processing never throws and never adds a
// NUL byte; the secret scanner gets through 10 MB. These tests do not measure time.
import { test } from "node:test";
import assert from "node:assert/strict";
import { buildFimPrompt } from "../../src/core/completion/fimPrompt.ts";
import type { FimPrompt, PromptSnippet } from "../../src/core/completion/fimPrompt.ts";
import { requestInlineCompletion } from "../../src/core/completion/inlineCompletion.ts";
import { postProcessCompletion } from "../../src/core/completion/postProcess.ts";
import { findSecrets } from "../../src/core/privacy/secrets.ts";
import { OllamaProvider } from "../../src/core/providers/ollamaProvider.ts";
import { startFakeOllama } from "../fakes/fakeOllama.ts";

/** What fimPrompt.ts assumes a token holds at most, for code (deliberately conservative). */
const CHARS_PER_TOKEN = 3.5;
const TEN_MB = 10 * (1 << 20);
const BUDGETS = [0, 128, 1_500, 32_768];

// ── documents ──

/** Deterministic bytes decoded as latin1, so a failure can be reproduced. */
function randomLatin1(length: number, seed = 0x2545f491): string {
  let state = seed >>> 0;
  const codes = new Uint8Array(length);
  for (let index = 0; index < length; index += 1) {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    codes[index] = state & 0xff;
  }
  return Buffer.from(codes).toString("latin1");
}

function repeatTo(unit: string, length: number): string {
  return unit.repeat(Math.ceil(length / unit.length)).slice(0, length);
}

const CODE_LINE = "  const total = items.reduce((sum, item) => sum + item.price, 0); // 💶\n";
const HUGE = repeatTo(CODE_LINE, TEN_MB);
const MINIFIED = repeatTo("var a=function(b){return b&&b.c?b.c(1):[]};", TEN_MB);
const RANDOM = randomLatin1(1 << 20);
const DOCUMENTS: Readonly<Record<string, string>> = {
  "a 10 MB file": HUGE,
  "a 10 MB minified file on one line": MINIFIED,
  "a file with NUL bytes": repeatTo("PK\u0003\u0004\u0000\u0000\u0014\u0000data\u0000\n", 200_000),
  "1 MB of random bytes decoded as latin1": RANDOM,
  "a CRLF file": repeatTo("if (a) {\r\n  b();\r\n}\r\n", 100_000),
  "a lone-CR file": repeatTo("if (a) {\r  b();\r}\r", 100_000),
  "a file of emoji and astral letters": repeatTo("const 𝒳 = '😀👍🏽🇪🇺';\n", 100_000),
  "an astral file on one line": repeatTo("😀𝒳", 100_000),
  "an empty file": "",
};

function cursors(text: string): Record<string, number> {
  const astral = text.indexOf("😀");
  return {
    "at the start": 0,
    "in the middle": Math.floor(text.length / 2),
    "at the end": text.length,
    "beyond the end": text.length + 1_000,
    "before the start": -1,
    ...(astral >= 0 ? { "between the halves of a surrogate pair": astral + 1 } : {}),
  };
}

// ── checks ──

const isHighSurrogate = (code: number): boolean => code >= 0xd800 && code <= 0xdbff;
const isLowSurrogate = (code: number): boolean => code >= 0xdc00 && code <= 0xdfff;

/** Every surrogate in `text` is half of a complete pair. */
function hasLoneSurrogate(text: string): boolean {
  return /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(text);
}

function assertWithinBudget(prompt: FimPrompt, budgetTokens: number): void {
  const budgetChars = Math.floor(budgetTokens * CHARS_PER_TOKEN);
  assert.ok(
    prompt.prefix.length + prompt.suffix.length <= budgetChars,
    `${prompt.prefix.length} + ${prompt.suffix.length} characters for a budget of ${budgetChars}`,
  );
}

/** The windows are the text right before and right after the cursor, never half a character. */
function assertWindowsOf(prompt: FimPrompt, text: string, offset: number, textHasLoneSurrogate: boolean): void {
  const at = Math.max(0, Math.min(offset, text.length));
  const split = isHighSurrogate(text.charCodeAt(at - 1)) && isLowSurrogate(text.charCodeAt(at)) ? at - 1 : at;
  assert.ok(text.slice(0, split).endsWith(prompt.window), "the window is the text right before the cursor");
  assert.ok(text.slice(split).startsWith(prompt.suffix), "the suffix is the text right after the cursor");
  if (!textHasLoneSurrogate) {
    assert.ok(!hasLoneSurrogate(prompt.prefix), "the prefix holds no half character");
    assert.ok(!hasLoneSurrogate(prompt.suffix), "the suffix holds no half character");
  }
}

function lineEndingsOf(text: string): { bareLf: boolean; loneCr: boolean } {
  return { bareLf: /(?<!\r)\n/.test(text), loneCr: /\r(?!\n)/.test(text) };
}

// ── buildFimPrompt ──

for (const [document, text] of Object.entries(DOCUMENTS)) {
  test(`the prompt for ${document} stays within every budget, wherever the cursor is`, () => {
    const textHasLoneSurrogate = hasLoneSurrogate(text);
    for (const budgetTokens of BUDGETS) {
      for (const [where, offset] of Object.entries(cursors(text))) {
        const prompt = buildFimPrompt({ text, offset, budgetTokens, filePath: "src/cart.ts", languageId: "typescript" });
        assertWithinBudget(prompt, budgetTokens);
        assertWindowsOf(prompt, text, offset, textHasLoneSurrogate);
        assert.ok(prompt.promptTokens <= Math.max(1, budgetTokens), `${where}, ${budgetTokens} tokens: estimated ${prompt.promptTokens}`);
      }
    }
  });
}

test("related snippets from huge, binary and astral files still fit the budget with the windows", () => {
  const snippets: PromptSnippet[] = [
    { path: "src/huge.ts", text: HUGE.slice(0, 1 << 20) },
    { path: "src/minified.js", text: MINIFIED.slice(0, 1 << 20) },
    { path: "assets/blob.bin", text: RANDOM },
    { path: "src/emoji.ts", text: DOCUMENTS["a file of emoji and astral letters"] ?? "" },
  ];
  for (const budgetTokens of BUDGETS) {
    const prompt = buildFimPrompt({ text: HUGE, offset: HUGE.length / 2, budgetTokens, filePath: "src/cart.ts", languageId: "typescript", snippets });
    assertWithinBudget(prompt, budgetTokens);
  }
});

test("a budget that is not a number gives an empty prompt, never the whole document", () => {
  for (const budgetTokens of [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, -1_500]) {
    const prompt = buildFimPrompt({ text: HUGE, offset: HUGE.length / 2, budgetTokens, filePath: "src/cart.ts" });
    assert.deepEqual([prompt.prefix, prompt.suffix], ["", ""], String(budgetTokens));
  }
});

test("a file path longer than the whole budget is left out instead of overrunning it", () => {
  const prompt = buildFimPrompt({ text: "const a = 1;\n", offset: 6, budgetTokens: 128, filePath: `src/${"deep/".repeat(1_000)}cart.ts` });
  assertWithinBudget(prompt, 128);
  assert.equal(prompt.prefix, "const ");
});

test("a window cut inside a long line of emoji starts and ends on whole characters", () => {
  const text = "😀".repeat(10_000);
  for (const offset of [5_000, 5_001, 5_002]) {
    const prompt = buildFimPrompt({ text, offset, budgetTokens: 128 });
    assert.ok(!hasLoneSurrogate(prompt.prefix) && !hasLoneSurrogate(prompt.suffix), `offset ${offset}`);
    assertWithinBudget(prompt, 128);
  }
});

// ── postProcessCompletion ──

/** About the most `completion.maxTokens` (4,096) lets a model write; longer answers get a test of their own. */
const LONG_ANSWER_CHARS = 16 * 1024;
const ANSWERS: Readonly<Record<string, string>> = {
  "a 16 KB answer": HUGE.slice(0, LONG_ANSWER_CHARS),
  "a 16 KB minified answer": MINIFIED.slice(0, LONG_ANSWER_CHARS),
  "random bytes without NUL": RANDOM.slice(0, LONG_ANSWER_CHARS).replaceAll("\0", ""),
  "an answer of CRLF lines": "b();\r\n  c();\r\n}\r\n",
  "an answer of lone-CR lines": "b();\r  c();\r}\r",
  "an answer of emoji": "'😀👍🏽' + '𝒳'",
  "a lone surrogate": "\ud83d",
  "unbalanced closers": ")))]]]}}}'''\"\"\"",
  "unclosed thinking and fences": "<think>\n```ts\n<|fim_middle|>",
  "only control tokens": "<|endoftext|><|file_sep|><EOT>",
};

for (const [document, text] of Object.entries(DOCUMENTS)) {
  test(`post-processing any answer at any cursor in ${document} never throws and adds no NUL byte`, () => {
    // Cursors beyond the text see the same windows as the cursors at its ends.
    const inside = Object.entries(cursors(text)).filter(([where]) => where !== "beyond the end" && where !== "before the start");
    for (const [where, offset] of inside) {
      const prefix = text.slice(Math.max(0, offset - 20_000), offset);
      const suffix = text.slice(offset, offset + 20_000);
      for (const [answer, raw] of Object.entries(ANSWERS)) {
        for (const languageId of ["typescript", "python", "markdown"]) {
          const result = postProcessCompletion(raw, { prefix, suffix, languageId });
          assert.equal(typeof result, "string");
          if (!(raw + prefix + suffix).includes("\0")) assert.ok(!result.includes("\0"), `${answer} ${where} in ${languageId}`);
        }
      }
    }
  });
}

test("answers of megabytes, from a server that ignores the token limit, are post-processed without throwing", () => {
  for (const raw of [MINIFIED.slice(0, 2 << 20), HUGE.slice(0, 1 << 20), RANDOM.replaceAll("\0", "")]) {
    const result = postProcessCompletion(raw, { prefix: "function f() {\n  ", suffix: "\n}\n", languageId: "typescript" });
    assert.ok(result.length <= raw.length + 2, "at most a line break and indentation are added");
    assert.ok(!result.includes("\0"));
  }
});

test("post-processing keeps a CRLF document's line endings and never leaves a lone CR", () => {
  const crlf = DOCUMENTS["a CRLF file"] ?? "";
  for (const [answer, raw] of Object.entries(ANSWERS)) {
    const result = postProcessCompletion(raw, { prefix: "function f() {\r\n  ", suffix: crlf.slice(0, 2_000), languageId: "typescript" });
    const endings = lineEndingsOf(result);
    assert.ok(!endings.bareLf && !endings.loneCr, `${answer}: ${JSON.stringify(result.slice(0, 80))}`);
  }
});

test("post-processing in a lone-CR document turns the answer's line breaks into one kind, never a lone CR", () => {
  const loneCr = DOCUMENTS["a lone-CR file"] ?? "";
  for (const [answer, raw] of Object.entries(ANSWERS)) {
    const result = postProcessCompletion(raw, { prefix: loneCr.slice(0, 2_000), suffix: loneCr.slice(2_000, 4_000), languageId: "typescript" });
    assert.ok(!lineEndingsOf(result).loneCr, answer);
  }
});

test("a completion that starts with an emoji at a cursor between two emoji keeps it whole", () => {
  const result = postProcessCompletion("👍🏽 done", { prefix: "const s = '😀", suffix: "😀';\n", languageId: "typescript" });
  assert.equal(result, "👍🏽 done");
});

// ── requestInlineCompletion, end to end ──

test("a completion in the middle of 10 MB of binary-looking text sends a prompt within the budget and returns no NUL byte", async (t) => {
  const fake = await startFakeOllama();
  t.after(() => fake.stop());
  fake.script({ reply: "ok(\u00ff\u00fe 😀)\n", chunks: 3 });
  const text = repeatTo("\u0000\u0001\u00ff😀\r\n", TEN_MB);
  const offset = text.indexOf("😀", TEN_MB / 2) + 1;
  const completion = await requestInlineCompletion(new OllamaProvider({ endpoint: fake.url }), {
    text,
    offset,
    model: "qwen2.5-coder:1.5b-base",
    promptTokens: 1_500,
    maxTokens: 128,
    signal: AbortSignal.timeout(10_000),
  });
  const body = fake.requestsTo("/api/generate")[0]?.body as { prompt: string; suffix: string };
  assert.ok(body.prompt.length + body.suffix.length <= 1_500 * CHARS_PER_TOKEN);
  assert.ok(!hasLoneSurrogate(body.prompt) && !hasLoneSurrogate(body.suffix), "no half character is sent");
  assert.ok(!completion.insertText.includes("\0"));
});

// ── findSecrets ──

test("10 MB of code is scanned for secrets, and a key planted at its very end is found", () => {
  const key = `ghp_${"aB3dE5fG7hJ9kL1mN3pQ5rS7tU9vW1xY3z".slice(0, 36)}`;
  const text = `${HUGE}const token = "${key}";\n`;
  const findings = findSecrets(text);
  assert.deepEqual(
    findings.map((finding) => text.slice(finding.start, finding.end)),
    [key],
  );
});

test("10 MB of random bytes and 10 MB of minified code are scanned, every finding inside the text", () => {
  for (const text of [randomLatin1(TEN_MB, 7), MINIFIED]) {
    for (const finding of findSecrets(text)) {
      assert.ok(finding.start >= 0 && finding.start < finding.end && finding.end <= text.length);
    }
  }
});
