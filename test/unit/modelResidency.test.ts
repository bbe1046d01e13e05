// Telling that Ollama dropped one of Junction's models to load the other (one model slot), so the
// user is told once how to fix it — checked against the twin with OLLAMA_MAX_LOADED_MODELS=1.
import { test } from "node:test";
import assert from "node:assert/strict";
import { ModelResidency } from "../../src/core/models/modelResidency.ts";
import { OllamaProvider } from "../../src/core/providers/ollamaProvider.ts";
import { LATENCY_PROFILES, VirtualClock, startFakeOllama } from "../fakes/fakeOllama.ts";
import type { FakeOllamaOptions } from "../fakes/fakeOllama.ts";

const CODE_MODEL = "qwen2.5-coder:1.5b-base";
const INSTRUCT_MODEL = "qwen2.5-coder:7b-instruct";

/** A completion, then a refactor, then a completion, through the provider; returns what the residency check found. */
async function switchRoles(t: { after(fn: () => Promise<void>): void }, options: FakeOllamaOptions): Promise<string[][]> {
  const clock = new VirtualClock({ autoAdvance: true });
  const fake = await startFakeOllama({ clock, profile: LATENCY_PROFILES.gpu, ...options });
  t.after(() => fake.stop());
  const residency = new ModelResidency(() => clock.now());
  const found: string[][] = [];
  const checks: Promise<void>[] = [];
  const provider = new OllamaProvider({
    endpoint: fake.url,
    onGeneration: ({ model, loadMs }) => {
      const candidates = residency.afterGeneration(model, loadMs);
      if (candidates.length === 0) return;
      checks.push(
        provider.loadedModels(AbortSignal.timeout(5_000)).then(
          (loaded) =>
            void found.push(
              residency.evicted(
                candidates,
                loaded.map((m) => m.name),
              ),
            ),
        ),
      );
    },
  });
  const signal = AbortSignal.timeout(10_000);
  const complete = () =>
    provider.generateFim({ model: CODE_MODEL, prefix: "let x = ", suffix: ";\n", maxTokens: 8, contextTokens: 8192, temperature: 0.2, stop: [], signal });
  await complete();
  await provider.chat({ model: INSTRUCT_MODEL, messages: [{ role: "user", content: "refactor" }], maxTokens: 256, temperature: 0.1, signal });
  await complete();
  await Promise.all(checks);
  return found;
}

test("with one model slot, loading the refactor model is seen to evict the completion model, and said once", async (t) => {
  const found = await switchRoles(t, { maxLoadedModels: 1 });
  assert.deepEqual(found, [[CODE_MODEL]], "the second switch is not reported again");
});

test("where both models fit, loading the second evicts nothing and nothing is said", async (t) => {
  const found = await switchRoles(t, {});
  assert.ok(
    found.every((gone) => gone.length === 0),
    JSON.stringify(found),
  );
});

test("a generation that did not wait for a load asks nothing", () => {
  const residency = new ModelResidency(() => 0);
  residency.afterGeneration(CODE_MODEL, 900);
  assert.deepEqual(residency.afterGeneration(INSTRUCT_MODEL, 3), []);
});

test("models compare as Ollama names them: 'm' is 'm:latest'", () => {
  const residency = new ModelResidency(() => 0);
  assert.deepEqual(residency.evicted(["starcoder2"], ["starcoder2:latest"]), []);
});
