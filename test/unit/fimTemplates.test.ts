// FIM templates: each family's raw prompt, byte for byte, and which family a model name is.
// A model prompted in another family's format (or with ASCII "|" for DeepSeek's full-width
// bars) does not fill the hole: it writes on as if the prompt were ordinary text.
import { test } from "node:test";
import assert from "node:assert/strict";
import { ALL_SPECIAL_TOKENS, FIM_TEMPLATES, detectFimFamily } from "../../src/core/completion/fimTemplates.ts";
import type { FimFamily } from "../../src/core/completion/fimTemplates.ts";

const PREFIX = "def add(a, b):\n    ";
const SUFFIX = "\n\nprint(add(1, 2))\n";

/** UTF-8 bytes as hex, so a wrong code point shows up in the diff. */
const hex = (text: string): string => Buffer.from(text, "utf8").toString("hex");

test("qwen: <|fim_prefix|> prefix <|fim_suffix|> suffix <|fim_middle|>, nothing else", () => {
  assert.equal(FIM_TEMPLATES.qwen.build(PREFIX, SUFFIX), `<|fim_prefix|>${PREFIX}<|fim_suffix|>${SUFFIX}<|fim_middle|>`);
});

test("codellama: a space after <PRE> and before <SUF> and <MID>, as the model was trained", () => {
  assert.equal(FIM_TEMPLATES.codellama.build(PREFIX, SUFFIX), `<PRE> ${PREFIX} <SUF>${SUFFIX} <MID>`);
});

test("deepseek: the markers use full-width bars (U+FF5C) and U+2581 for the space, byte for byte", () => {
  const prompt = FIM_TEMPLATES.deepseek.build("a", "b");
  assert.equal(prompt, "<｜fim▁begin｜>a<｜fim▁hole｜>b<｜fim▁end｜>");
  // ｜ is ef bd 9c in UTF-8, ▁ is e2 96 81: "<｜fim▁begin｜>"
  assert.equal(hex("<｜fim▁begin｜>"), "3c" + "efbd9c" + "66696d" + "e29681" + "626567696e" + "efbd9c" + "3e");
  assert.ok(hex(prompt).startsWith(hex("<｜fim▁begin｜>")));
  assert.ok(!prompt.includes("|"), "no ASCII bar anywhere");
});

test("deepseek stops at <｜end▁of▁sentence｜>, written with the same full-width code points", () => {
  const stop = FIM_TEMPLATES.deepseek.stop[0] ?? "";
  assert.deepEqual(
    [...stop].map((char) => char.codePointAt(0)?.toString(16)),
    ["3c", "ff5c", "65", "6e", "64", "2581", "6f", "66", "2581", "73", "65", "6e", "74", "65", "6e", "63", "65", "ff5c", "3e"],
  );
});

test("starcoder (StarCoder2, Stable Code): the underscore tokens <fim_prefix>, <fim_suffix>, <fim_middle>", () => {
  assert.equal(FIM_TEMPLATES.starcoder.build(PREFIX, SUFFIX), `<fim_prefix>${PREFIX}<fim_suffix>${SUFFIX}<fim_middle>`);
});

test("codestral: suffix first, then prefix, and the answer follows the prefix", () => {
  assert.equal(FIM_TEMPLATES.codestral.build(PREFIX, SUFFIX), `[SUFFIX]${SUFFIX}[PREFIX]${PREFIX}`);
});

test("at the end of a file (empty suffix) every marker is still there: the suffix only fills its slot", () => {
  for (const family of Object.keys(FIM_TEMPLATES) as FimFamily[]) {
    const { build } = FIM_TEMPLATES[family];
    assert.equal(build(PREFIX, ""), build(PREFIX, "\u0000").replace("\u0000", ""), family);
    assert.ok(build(PREFIX, "").includes(PREFIX), family);
  }
});

test("each family stops at its end-of-text token and at the tokens that start a new file", () => {
  assert.ok(FIM_TEMPLATES.qwen.stop.includes("<|endoftext|>"));
  assert.ok(FIM_TEMPLATES.qwen.stop.includes("<|file_sep|>"));
  assert.ok(FIM_TEMPLATES.qwen.stop.includes("<|repo_name|>"));
  assert.ok(FIM_TEMPLATES.qwen.stop.includes("<|fim_pad|>"));
  assert.ok(FIM_TEMPLATES.qwen.stop.includes("<|im_end|>"));
  assert.ok(FIM_TEMPLATES.codellama.stop.includes("<EOT>"));
  assert.ok(FIM_TEMPLATES.deepseek.stop.includes("<｜end▁of▁sentence｜>"));
  assert.ok(FIM_TEMPLATES.starcoder.stop.includes("<|endoftext|>"));
  assert.ok(FIM_TEMPLATES.starcoder.stop.includes("<file_sep>"));
  assert.ok(FIM_TEMPLATES.codestral.stop.includes("</s>"));
});

test("a family's special tokens include all its stop tokens and its own FIM markers", () => {
  for (const family of Object.keys(FIM_TEMPLATES) as FimFamily[]) {
    const { specialTokens, stop } = FIM_TEMPLATES[family];
    for (const token of stop) assert.ok(specialTokens.includes(token), `${family}: ${token}`);
  }
  assert.ok(FIM_TEMPLATES.qwen.specialTokens.includes("<|fim_middle|>"));
  assert.ok(FIM_TEMPLATES.codestral.specialTokens.includes("[PREFIX]"));
});

test("the cross-family token list holds every family's tokens, longest first", () => {
  for (const template of Object.values(FIM_TEMPLATES)) {
    for (const token of template.specialTokens) assert.ok(ALL_SPECIAL_TOKENS.includes(token), token);
  }
  const lengths = ALL_SPECIAL_TOKENS.map((token) => token.length);
  assert.deepEqual(
    lengths,
    [...lengths].sort((a, b) => b - a),
  );
  assert.equal(new Set(ALL_SPECIAL_TOKENS).size, ALL_SPECIAL_TOKENS.length, "no duplicates");
});

test("model names map to their FIM family, whatever the tag, size or registry path", () => {
  const expected: [string, FimFamily][] = [
    ["qwen2.5-coder:1.5b-base", "qwen"],
    ["qwen2.5-coder:7b-instruct", "qwen"],
    ["qwen3-coder:30b", "qwen"],
    ["hf.co/Qwen/Qwen2.5-Coder-7B-Instruct-GGUF:Q4_K_M", "qwen"],
    ["codellama:7b-code", "codellama"],
    ["codellama:13b-code-q4_K_M", "codellama"],
    ["deepseek-coder:6.7b-base", "deepseek"],
    ["deepseek-coder-v2:16b-lite-base-q4_0", "deepseek"],
    ["starcoder2:3b", "starcoder"],
    ["starcoder:1b", "starcoder"],
    ["stable-code:3b-code", "starcoder"],
    ["codeqwen:7b-code", "starcoder"],
    ["codestral:22b", "codestral"],
  ];
  for (const [name, family] of expected) assert.equal(detectFimFamily(name), family, name);
});

test("models without a known FIM format have no family, so they are never sent a guessed format", () => {
  for (const name of ["llama3.2:3b", "gpt-oss:20b", "deepseek-r1:7b", "mistral:7b", "qwen2.5:7b", "phi4:14b", "devstral:24b"]) {
    assert.equal(detectFimFamily(name), undefined, name);
  }
});
