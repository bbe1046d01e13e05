// What the model pickers warn about: an instruct or non-FIM model chosen for completions, and a
// model Ollama proxies to a remote service, for either role.
import { test } from "node:test";
import assert from "node:assert/strict";
import { looksInstruct, modelConcerns, orderForRole } from "../../src/core/models/modelSuitability.ts";
import type { LocalModelListing } from "../../src/core/providers/providerTypes.ts";

const model = (name: string, capabilities?: string[], remote = false): LocalModelListing => ({
  name,
  capabilities,
  remote,
  sizeBytes: undefined,
  parameterSize: undefined,
});

const BASE = model("qwen2.5-coder:1.5b-base", ["completion", "insert"]);
const INSTRUCT = model("qwen2.5-coder:7b-instruct", ["completion", "tools"]);
const GENERAL = model("llama3.2:3b", ["completion", "tools"]);
const REMOTE = model("gpt-oss:120b-cloud", ["completion", "tools"], true);
const SELF_HOSTED_BASE = model("Qwen/Qwen2.5-Coder-1.5B");

for (const name of ["qwen2.5-coder:7b-instruct", "llama3.1:8b-instruct-q4_K_M", "gemma3:4b-it", "deepseek-coder:6.7b-chat", "Qwen/Qwen2.5-Coder-7B-Instruct"]) {
  test(`${name} looks like an instruct model`, () => assert.equal(looksInstruct(name), true));
}
for (const name of [
  "qwen2.5-coder:1.5b-base",
  "starcoder2:3b",
  "codellama:7b-code",
  "deepseek-coder-v2:16b-lite-base",
  "Qwen/Qwen2.5-Coder-1.5B",
  "gitlab:latest",
]) {
  test(`${name} does not look like an instruct model`, () => assert.equal(looksInstruct(name), false));
}

test("a base FIM model for completions raises no concern", () => assert.deepEqual(modelConcerns(BASE, "completion"), []));
test("a self-hosted base model of a known family fills in the middle through its tokens", () =>
  assert.deepEqual(modelConcerns(SELF_HOSTED_BASE, "completion"), []));
test("an instruct model of a FIM family for completions is warned about as instruct", () =>
  assert.deepEqual(modelConcerns(INSTRUCT, "completion"), ["instruct-for-completion"]));
test("a model that cannot fill in the middle for completions is warned about", () =>
  assert.deepEqual(modelConcerns(GENERAL, "completion"), ["cannot-fill-in-middle"]));
test("an instruct model for refactors raises no concern", () => assert.deepEqual(modelConcerns(INSTRUCT, "refactor"), []));
test("a remote-proxied model is a concern for either role", () => {
  assert.deepEqual(modelConcerns(REMOTE, "refactor"), ["remote"]);
  assert.deepEqual(modelConcerns(REMOTE, "completion"), ["cannot-fill-in-middle", "remote"]);
});

test("completion pickers list base FIM models first, refactor pickers instruct models first, remote ones last", () => {
  const all = [REMOTE, INSTRUCT, GENERAL, BASE];
  assert.equal(orderForRole(all, "completion")[0]?.name, BASE.name);
  assert.equal(orderForRole(all, "refactor")[0]?.name, INSTRUCT.name);
  assert.notEqual(orderForRole(all, "refactor")[0]?.name, REMOTE.name);
});
