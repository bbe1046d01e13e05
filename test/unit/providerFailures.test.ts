import { test } from "node:test";
import assert from "node:assert/strict";
import { ProviderError } from "../../src/core/errors.ts";
import { OllamaProvider } from "../../src/core/providers/ollamaProvider.ts";
import { isDeadline, kindForStatus, stoppedError } from "../../src/core/providers/providerFailures.ts";
import { startFakeOllama } from "../fakes/fakeOllama.ts";

test("one status mapping for every provider", () => {
  assert.equal(kindForStatus(401), "unauthorized");
  assert.equal(kindForStatus(403), "unauthorized");
  assert.equal(kindForStatus(404), "model-not-found");
  assert.equal(kindForStatus(429), "rate-limited");
  assert.equal(kindForStatus(500), "server-error");
  assert.equal(kindForStatus(503), "server-error");
  assert.equal(kindForStatus(400), "bad-request");
  assert.equal(kindForStatus(422), "bad-request");
  assert.equal(kindForStatus(400, "registry.ollama.ai/library/codellama:7b-instruct does not support insert"), "model-lacks-insert");
});

test("a deadline is a timeout, with a code that names the endpoint; a cancellation is not", () => {
  const base = { side: "local" as const, endpoint: "http://127.0.0.1:11434", model: "m", cause: undefined };
  assert.ok(isDeadline(AbortSignal.timeout(0).reason ?? new DOMException("", "TimeoutError")));
  assert.ok(!isDeadline(new DOMException("", "AbortError")));
  const timedOut = stoppedError(base, true);
  assert.equal(timedOut.kind, "timeout");
  assert.deepEqual(timedOut.problem, { code: "timeout", endpoint: "http://127.0.0.1:11434" });
  const cancelled = stoppedError(base, false);
  assert.equal(cancelled.kind, "aborted");
  assert.deepEqual(cancelled.problem, { code: "cancelled" });
});

test("Ollama's request that runs past its deadline is a timeout (it was worded as a cancellation)", async (t) => {
  const ollama = await startFakeOllama();
  t.after(() => ollama.stop());
  ollama.script({ path: "/api/generate", firstByteDelayMs: 20_000 });
  const provider = new OllamaProvider({ endpoint: ollama.url });
  const deadline = AbortSignal.timeout(100);
  await assert.rejects(
    provider.generateFim({
      model: "qwen2.5-coder:1.5b-base",
      prefix: "const a = ",
      suffix: "",
      maxTokens: 8,
      contextTokens: 8192,
      temperature: 0,
      stop: [],
      signal: deadline,
    }),
    (error: unknown) => {
      assert.ok(ProviderError.is(error, "timeout"), String(error));
      assert.deepEqual(error.problem, { code: "timeout", endpoint: ollama.url });
      return true;
    },
  );
});
