// priceFor and costUsd (DESIGN §4): cloud prices from a dated snapshot plus the user's
// junction.pricing.models overrides. A model in neither place has an unknown price, never $0.
import { test } from "node:test";
import assert from "node:assert/strict";
import { costUsd, PRICE_TABLE, PRICE_TABLE_DATE, PRICE_TABLE_SOURCE, priceFor } from "../../src/core/pricing.ts";
import type { ModelPrice } from "../../src/core/pricing.ts";

// ── builders ──

function aPrice(overrides: Partial<ModelPrice> = {}): ModelPrice {
  return { inputUsdPerMTok: 2, outputUsdPerMTok: 8, cachedInputUsdPerMTok: 0.5, ...overrides };
}

function tableEntry(model: string): ModelPrice {
  const price = PRICE_TABLE[model];
  assert.ok(price, `${model} is in the table`);
  return price;
}

/** Money compared to a millionth of a cent: the sums are floating point. */
function assertUsd(actual: number, expected: number): void {
  assert.ok(Math.abs(actual - expected) < 1e-8, `expected $${expected}, got $${actual}`);
}

// ── the table ──

test("the price table records where its prices come from and on which date", () => {
  assert.match(PRICE_TABLE_SOURCE, /\S/);
  assert.match(PRICE_TABLE_DATE, /^\d{4}-\d{2}-\d{2}$/);
  assert.ok(!Number.isNaN(Date.parse(PRICE_TABLE_DATE)), "a real date");
});

test("every table entry is a price per million tokens: non-negative, with cached input no dearer than input", () => {
  assert.ok(Object.keys(PRICE_TABLE).length > 0);
  for (const [model, price] of Object.entries(PRICE_TABLE)) {
    assert.equal(model, model.toLowerCase(), `${model}: ids are lower case, as priceFor looks them up`);
    assert.ok(price.inputUsdPerMTok >= 0 && price.outputUsdPerMTok >= 0, model);
    if (price.cachedInputUsdPerMTok !== undefined) assert.ok(price.cachedInputUsdPerMTok <= price.inputUsdPerMTok, model);
  }
});

test("the default cloud model is in the table, so its budget can be enforced out of the box", () => {
  assert.ok(priceFor("gpt-5-mini"));
});

// ── lookups ──

test("a model in the table has the table's price", () => {
  assert.deepEqual(priceFor("gpt-4.1"), { inputUsdPerMTok: 2, outputUsdPerMTok: 8, cachedInputUsdPerMTok: 0.5 });
  assert.equal(priceFor("claude-sonnet-4"), tableEntry("claude-sonnet-4"));
});

test("a vendor-prefixed id (OpenRouter style) has the price of its model", () => {
  assert.equal(priceFor("openai/gpt-4.1"), tableEntry("gpt-4.1"));
  assert.equal(priceFor("anthropic/claude-sonnet-4"), tableEntry("claude-sonnet-4"));
  assert.equal(priceFor("google/gemini-2.5-pro"), tableEntry("gemini-2.5-pro"));
});

test("a dated snapshot id has the price of its base model", () => {
  assert.equal(priceFor("claude-sonnet-4-20250514"), tableEntry("claude-sonnet-4"));
  assert.equal(priceFor("gpt-4.1-2025-04-14"), tableEntry("gpt-4.1"));
  assert.equal(priceFor("claude-3-5-haiku-latest"), tableEntry("claude-3-5-haiku"));
  assert.equal(priceFor("openai/gpt-4o-2024-08-06"), tableEntry("gpt-4o"));
});

test("ids are matched regardless of case and surrounding spaces", () => {
  assert.equal(priceFor("GPT-4.1"), tableEntry("gpt-4.1"));
  assert.equal(priceFor("  gpt-4.1 "), tableEntry("gpt-4.1"));
});

test("a model that is a sibling of a table entry gets its own price, not the sibling's", () => {
  assert.equal(priceFor("gpt-4.1-mini"), tableEntry("gpt-4.1-mini"));
  assert.equal(priceFor("gpt-5-nano"), tableEntry("gpt-5-nano"));
});

test("an unknown model has an unknown price, never a near match", () => {
  assert.equal(priceFor("acme-coder-xl"), undefined);
  assert.equal(priceFor("gpt-5-pro"), undefined);
  assert.equal(priceFor("gpt-4"), undefined);
  assert.equal(priceFor("qwen2.5-coder:7b-instruct"), undefined);
  assert.equal(priceFor(""), undefined);
});

// ── overrides ──

test("an override wins over the table", () => {
  const override = aPrice({ inputUsdPerMTok: 1, outputUsdPerMTok: 4 });
  assert.equal(priceFor("gpt-4.1", { "gpt-4.1": override }), override);
});

test("an override on the base model also prices its vendor-prefixed and dated ids", () => {
  const override = aPrice({ inputUsdPerMTok: 1, outputUsdPerMTok: 4 });
  assert.equal(priceFor("openai/gpt-4.1", { "gpt-4.1": override }), override);
  assert.equal(priceFor("gpt-4.1-2025-04-14", { "gpt-4.1": override }), override);
});

test("an override on the exact id the user configured wins", () => {
  const override = aPrice({ inputUsdPerMTok: 3.3 });
  assert.equal(priceFor("openrouter/acme/coder", { "openrouter/acme/coder": override }), override);
});

test("an override gives a price to a model the table does not know", () => {
  const override = aPrice({ inputUsdPerMTok: 0.6, outputUsdPerMTok: 2.4, cachedInputUsdPerMTok: undefined });
  assert.equal(priceFor("acme-coder-xl", { "acme-coder-xl": override }), override);
});

test("an override for another model changes nothing", () => {
  assert.equal(priceFor("gpt-4.1", { "gpt-4o": aPrice({ inputUsdPerMTok: 99 }) }), tableEntry("gpt-4.1"));
  assert.equal(priceFor("acme-coder-xl", { "gpt-4o": aPrice() }), undefined);
});

// ── cost ──

test("cost is input and output tokens times their price per million", () => {
  const price = aPrice({ inputUsdPerMTok: 2, outputUsdPerMTok: 8 });
  assertUsd(costUsd(price, { input: 1_000_000, output: 0 }), 2);
  assertUsd(costUsd(price, { input: 0, output: 1_000_000 }), 8);
  assertUsd(costUsd(price, { input: 3_550, output: 2_000 }), (3_550 * 2 + 2_000 * 8) / 1_000_000);
});

test("no tokens cost nothing", () => {
  assert.equal(costUsd(aPrice(), { input: 0, output: 0 }), 0);
});

test("cached input tokens are part of the input and charged at the cached rate", () => {
  const price = aPrice({ inputUsdPerMTok: 2, outputUsdPerMTok: 8, cachedInputUsdPerMTok: 0.5 });
  // 600k fresh at $2 + 400k cached at $0.50 + 100k output at $8.
  assertUsd(costUsd(price, { input: 1_000_000, cachedInput: 400_000, output: 100_000 }), 1.2 + 0.2 + 0.8);
});

test("cached input of a model without a cached rate is charged at the input rate", () => {
  const price = aPrice({ inputUsdPerMTok: 2, cachedInputUsdPerMTok: undefined });
  assertUsd(costUsd(price, { input: 1_000_000, cachedInput: 400_000, output: 0 }), 2);
});

test("a table price gives the cost the provider's price page would", () => {
  // claude-sonnet-4: $3 in, $15 out, $0.30 cached reads per million tokens.
  assertUsd(costUsd(tableEntry("claude-sonnet-4"), { input: 10_000, cachedInput: 8_000, output: 1_000 }), (2_000 * 3 + 8_000 * 0.3 + 1_000 * 15) / 1_000_000);
});
