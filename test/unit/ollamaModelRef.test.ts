// Ollama's cloud-name rule (internal/modelref/modelref.go ParseRef): Ollama forwards a request for
// such a name to ollama.com, so Junction must call it a cloud model from the name alone.
import { test } from "node:test";
import assert from "node:assert/strict";
import { isOllamaCloudName, parseOllamaModelRef } from "../../src/core/models/ollamaModelRef.ts";

for (const name of [
  "qwen3-coder:cloud",
  "kimi-k2.6:cloud",
  "deepseek-v3.1:671b:CLOUD",
  "qwen3-coder:Cloud",
  "gpt-oss:120b-cloud",
  "qwen3-coder:480b-CLOUD",
  "  glm-4.6:cloud  ",
]) {
  test(`${JSON.stringify(name)} is an Ollama cloud model by its name`, () => assert.equal(isOllamaCloudName(name), true));
}

for (const name of [
  "qwen2.5-coder:1.5b-base",
  "qwen3:8b:local",
  "model:local",
  "my-cloud-model",
  "cloud",
  "cloudy:7b",
  "llama3.2",
  "localhost:5000/team/coder:latest",
  "registry.example.com:5000/ns/model-cloud",
  "foo:bar-cloud/baz",
  "hf.co/bartowski/Qwen2.5-Coder-1.5B-GGUF:Q4_K_M",
]) {
  test(`${JSON.stringify(name)} is not a cloud model by its name`, () => assert.equal(isOllamaCloudName(name), false));
}

test("a registry host with a port and a :cloud tag is cloud: the tag is the part after the last colon", () => {
  assert.deepEqual(parseOllamaModelRef("host:5000/ns/model:cloud"), { ok: true, base: "host:5000/ns/model", source: "cloud" });
  assert.deepEqual(parseOllamaModelRef("host:5000/ns/model:7b"), { ok: true, base: "host:5000/ns/model:7b", source: "unspecified" });
});

test("the cloud suffix is dropped from the base; the legacy -cloud tag keeps the rest of its tag", () => {
  assert.deepEqual(parseOllamaModelRef("deepseek-v3.1:671b:CLOUD"), { ok: true, base: "deepseek-v3.1:671b", source: "cloud" });
  assert.deepEqual(parseOllamaModelRef("gpt-oss:120b-cloud"), { ok: true, base: "gpt-oss:120b", source: "cloud" });
  assert.deepEqual(parseOllamaModelRef("qwen3-coder:cloud"), { ok: true, base: "qwen3-coder", source: "cloud" });
});

test("an explicit :local name is local and keeps its base", () => {
  assert.deepEqual(parseOllamaModelRef("qwen3:8b:local"), { ok: true, base: "qwen3:8b", source: "local" });
});

test("names Ollama refuses are not local: both suffixes at once, or nothing at all", () => {
  assert.deepEqual(parseOllamaModelRef("foo:cloud:local"), { ok: false, error: { kind: "conflicting-source" } });
  assert.deepEqual(parseOllamaModelRef("   "), { ok: false, error: { kind: "empty" } });
  assert.equal(isOllamaCloudName("foo:local:cloud"), true);
  assert.equal(isOllamaCloudName(""), true);
});
