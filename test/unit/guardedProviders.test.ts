// The egress guard at the wire: a refused body opens no connection and comes back as a typed
// "egress-refused" failure, never retried; an allowed body reaches the server unchanged.
import { test } from "node:test";
import assert from "node:assert/strict";
import { EgressGuard } from "../../src/core/privacy/egressGuard.ts";
import { OpenAiCompatibleProvider } from "../../src/core/providers/openAiProvider.ts";
import { startFakeOpenAi } from "../fakes/fakeOpenAi.ts";
import { rejectsWithKind } from "./providerErrors.ts";

const KEY = "sk-unit-test";
const PRIVATE_LINES = ["const margin = ACME_SECRET_MARGIN_TABLE[region];", "const floor = negotiatedFloorFor(customer.contractId);", "return Math.max(floor, cost * (1 + margin));"].join("\n");

async function setup(t: { after(fn: () => Promise<void>): void }) {
  const fake = await startFakeOpenAi({ apiKey: KEY, models: ["gpt-4.1-mini"] });
  t.after(() => fake.stop());
  const guard = new EgressGuard();
  guard.noteLocalOnly("file:///private/pricing.ts", "private/pricing.ts", 1, PRIVATE_LINES);
  let inspected = 0;
  // Retries on: a refusal must still be judged once and sent never.
  const provider = new OpenAiCompatibleProvider({
    endpoint: `${fake.url}/v1`,
    apiKey: KEY,
    side: "cloud",
    maxRetries: 2,
    timeoutMs: 10_000,
    inspectEgress: (body) => {
      inspected += 1;
      return guard.inspect(body);
    },
  });
  return { fake, provider, inspected: () => inspected };
}

const chat = (content: string) => ({ model: "gpt-4.1-mini", messages: [{ role: "user" as const, content }], maxTokens: 32, temperature: 0, signal: AbortSignal.timeout(10_000) });

test("allowed text reaches the cloud server through the guard (positive control)", async (t) => {
  const { fake, provider } = await setup(t);
  fake.script({ path: "/v1/chat/completions", reply: "ok" });
  const result = await provider.chat(chat("export const answer = 42;\nexport const question = 'life';\nexport const universe = true;"));
  assert.equal(result.text, "ok");
  assert.equal(fake.requestsTo("/v1/chat/completions").length, 1);
});

test("text of a local-only document is refused before any connection, once, with the rule and the document", async (t) => {
  const { fake, provider, inspected } = await setup(t);
  const error = await rejectsWithKind(provider.chat(chat(`File: public/link.ts\n${PRIVATE_LINES}`)), "egress-refused");
  assert.deepEqual(error.refusal, { rule: "local-only-text", source: "private/pricing.ts" });
  assert.equal(fake.requests.length, 0, "nothing reached the server");
  assert.equal(inspected(), 1, "a refusal is not retried");
});
