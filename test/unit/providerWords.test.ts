// The English of a failed model request and of the server a health check found: the other unit
// tests assert ProviderProblem codes and ServerInfo data; this file pins the sentences
// providerWords.ts makes of them (l10n.t without a bundle is the English), and holds them equal to
// errors.ts's englishProblem, which is ProviderError.message, what the log and the ledger read.
import { test } from "node:test";
import assert from "node:assert/strict";
import { ProviderError, englishProblem } from "../../src/core/errors.ts";
import type { ProviderProblem } from "../../src/core/errors.ts";
import { wordProviderError, wordProviderProblem, wordServer } from "../../src/words/providerWords.ts";

const ENDPOINT = "http://127.0.0.1:11434";

/** One problem of every code (two where a sentence has two forms), with the sentence it reads as. */
const SENTENCES: ReadonlyArray<[ProviderProblem, string]> = [
  [{ code: "timeout", endpoint: ENDPOINT }, "no answer from http://127.0.0.1:11434 in time"],
  [{ code: "cancelled" }, "request cancelled"],
  [{ code: "unreachable", endpoint: ENDPOINT }, "nothing answers at http://127.0.0.1:11434"],
  [
    { code: "model-not-served", model: "qwen2.5-coder:1.5b-base", endpoint: "http://gpu-box.lan:8000/v1", served: ["a", "b", "c", "d", "e", "f", "g"] },
    "qwen2.5-coder:1.5b-base is not served at http://gpu-box.lan:8000/v1 (it serves a, b, c, d, e)",
  ],
  [
    { code: "model-not-served", model: "qwen2.5-coder:1.5b-base", endpoint: "http://gpu-box.lan:8000/v1", served: [] },
    "qwen2.5-coder:1.5b-base is not served at http://gpu-box.lan:8000/v1 (it serves no models)",
  ],
  [
    { code: "egress-refused", rule: "local-only-text", source: "private/pricing.ts" },
    "the egress guard stopped the request (local-only-text: private/pricing.ts)",
  ],
  [{ code: "egress-refused", rule: "secret", source: "github-pat" }, "the egress guard stopped the request (secret: github-pat)"],
  [{ code: "model-is-remote", model: "gpt-oss:120b-cloud" }, "gpt-oss:120b-cloud runs on a remote service"],
  [{ code: "model-lacks-insert", model: "llama3.2:3b" }, "llama3.2:3b cannot fill in the middle"],
  [
    { code: "prompt-too-long", model: "qwen2.5-coder:7b-instruct", promptTokens: 10_000, windowTokens: 8192 },
    "the request needs about 10000 tokens, more than the 8192-token context Junction gives qwen2.5-coder:7b-instruct (junction.local.contextTokens)",
  ],
  [{ code: "pull-unfinished", model: "qwen2.5-coder:1.5b-base" }, "Ollama did not finish pulling qwen2.5-coder:1.5b-base"],
  [{ code: "no-cloud-key" }, "no cloud API key is set"],
  [{ code: "conversation-over-window" }, "the conversation does not fit the local model's window"],
  [{ code: "no-chat-with-tools" }, "this local provider has no chat with tools"],
  [{ code: "server-said", text: "llama runner process has terminated" }, "llama runner process has terminated"],
  [{ code: "unreadable-answer", text: "Unexpected end of JSON input" }, "Unexpected end of JSON input"],
  [{ code: "worded", text: "the conversation does not fit the local model's window" }, "the conversation does not fit the local model's window"],
];

test("every problem code reads as its sentence", () => {
  for (const [problem, sentence] of SENTENCES) assert.equal(wordProviderProblem(problem), sentence, problem.code);
});

test("the sentences cover every code", () => {
  const codes = new Set(SENTENCES.map(([problem]) => problem.code));
  // Keyed by every code, so a new one fails to compile here until it has a sentence above.
  const every: Record<ProviderProblem["code"], true> = {
    timeout: true,
    cancelled: true,
    unreachable: true,
    "model-not-served": true,
    "egress-refused": true,
    "model-is-remote": true,
    "model-lacks-insert": true,
    "prompt-too-long": true,
    "pull-unfinished": true,
    "no-cloud-key": true,
    "conversation-over-window": true,
    "no-chat-with-tools": true,
    "server-said": true,
    "unreadable-answer": true,
    worded: true,
  };
  assert.deepEqual([...codes].sort(), Object.keys(every).sort());
});

test("Error.message is the same English, so the log and the ledger's 'failed: …' read as before", () => {
  for (const [problem, sentence] of SENTENCES) {
    assert.equal(englishProblem(problem), sentence, problem.code);
    const error = new ProviderError({ kind: "bad-request", side: "local", endpoint: ENDPOINT, problem });
    assert.equal(error.message, sentence);
    assert.equal(wordProviderError(error), sentence);
  }
});

test("an error thrown with words of its own keeps them as a worded problem", () => {
  const error = new ProviderError({ kind: "bad-request", side: "local", endpoint: ENDPOINT, message: "this local provider has no chat with tools" });
  assert.deepEqual(error.problem, { code: "worded", text: "this local provider has no chat with tools" });
  assert.equal(error.message, "this local provider has no chat with tools");
});

test("the server reads as its product and version; Ollama without one is 'unknown', an OpenAI-compatible server has none", () => {
  assert.equal(wordServer({ product: "ollama", version: "0.12.9" }), "Ollama 0.12.9");
  assert.equal(wordServer({ product: "ollama", version: undefined }), "Ollama unknown");
  assert.equal(wordServer({ product: "ollama", version: "" }), "Ollama", "an empty version is left out, as before");
  assert.equal(wordServer({ product: "openai-compatible", version: undefined }), "OpenAI-compatible server");
});
