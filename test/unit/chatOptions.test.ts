// The model options a chat request carries: VS Code's internal `_…` options never leave, and of
// the rest only sampling options every model understands, within their documented ranges.
import { test } from "node:test";
import assert from "node:assert/strict";
import { parseChatOptions } from "../../src/core/chat/chatOptions.ts";

test("internal options (a leading underscore) are never forwarded", () => {
  const parsed = parseChatOptions({ _capturingTokenCorrelationId: "abc", _requestId: 7, temperature: 0.2 });
  assert.deepEqual(parsed.options, { temperature: 0.2 });
  assert.deepEqual(parsed.ignored.sort(), ["_capturingTokenCorrelationId", "_requestId"]);
});

test("sampling options are kept in either spelling; unknown ones are named and left out", () => {
  const parsed = parseChatOptions({ top_p: 0.9, maxTokens: 512, stop: "###", response_format: { type: "json_object" }, seed: 4 });
  assert.deepEqual(parsed.options, { topP: 0.9, maxTokens: 512, stop: ["###"] });
  assert.deepEqual(parsed.ignored.sort(), ["response_format", "seed"]);
});

test("out of range or of the wrong type, an option is left out rather than sent for the server to refuse", () => {
  const parsed = parseChatOptions({ temperature: 5, top_p: -1, max_tokens: 0.5, stop: ["a", "b", "c", "d", "e"] });
  assert.deepEqual(parsed.options, {});
  assert.deepEqual(parsed.ignored.sort(), ["max_tokens", "stop", "temperature", "top_p"]);
});

test("no options at all, or empty stop sequences, send nothing", () => {
  assert.deepEqual(parseChatOptions(undefined), { options: {}, ignored: [] });
  assert.deepEqual(parseChatOptions({ stop: [""] }).options, {});
});

test("an inherited property is not an option", () => {
  const options = Object.create({ temperature: 0.1 }) as Record<string, unknown>;
  options["constructor"] = 3;
  assert.deepEqual(parseChatOptions(options), { options: {}, ignored: ["constructor"] });
});
