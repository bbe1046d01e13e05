// priceFor and costUsd (DESIGN §4): cloud prices from the maintained catalog (@pydantic/genai-prices),
// the endpoint's own listing (OpenRouter /models) and the user's junction.pricing.models, in the
// reverse order. A model in none of them has an unknown price, never $0.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { calcPrice, findProvider } from "@pydantic/genai-prices";
import { CATALOG_PROVIDER_IDS, FALLBACK_PRICE, PRICE_CATALOG, PRICE_CATALOG_DATE, costUsd, priceFor, quoteCost } from "../../src/core/pricing.ts";
import type { EndpointPrices, ModelPrice, PriceQuote, TokenCounts } from "../../src/core/pricing.ts";
import { FRONTIER_MODELS } from "../fixtures/frontierModels.ts";

function aPrice(overrides: Partial<ModelPrice> = {}): ModelPrice {
  return { inputUsdPerMTok: 2, outputUsdPerMTok: 8, cachedInputUsdPerMTok: 0.5, ...overrides };
}

function endpointListing(entries: Record<string, ModelPrice>): EndpointPrices {
  return { date: "2026-11-02", prices: new Map(Object.entries(entries)) };
}

function quoteOf(quote: PriceQuote | undefined, tokens: TokenCounts): number {
  assert.ok(quote, "priced");
  return quoteCost(quote, tokens);
}

/** Money compared to a millionth of a cent: the sums are floating point. */
function assertUsd(actual: number, expected: number): void {
  assert.ok(Math.abs(actual - expected) < 1e-8, `expected $${expected}, got $${actual}`);
}

// ── the catalog ──

test("the catalog constant names the installed package version, so a bump cannot leave the date behind", () => {
  const installed = JSON.parse(readFileSync(new URL("../../node_modules/@pydantic/genai-prices/package.json", import.meta.url), "utf8")) as { version: string };
  const declared = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { dependencies: Record<string, string> };
  assert.equal(PRICE_CATALOG.version, installed.version);
  assert.equal(declared.dependencies[PRICE_CATALOG.name], PRICE_CATALOG.version, "pinned exactly in package.json");
  assert.match(PRICE_CATALOG_DATE, /^\d{4}-\d{2}-\d{2}$/);
  assert.ok(!Number.isNaN(Date.parse(PRICE_CATALOG_DATE)));
});

test("every frontier model of late 2026 has a catalog price, by its own id or its OpenRouter id", () => {
  const unpriced = FRONTIER_MODELS.filter((model) => priceFor(model) === undefined);
  assert.deepEqual(unpriced, []);
});

test("the default cloud model gpt-5-mini costs the catalog's $0.25 in / $2 out, cached input $0.025", () => {
  const quote = priceFor("gpt-5-mini");
  assert.equal(quote?.source, "catalog");
  assert.equal(quote?.date, PRICE_CATALOG_DATE);
  assert.deepEqual(quote?.rates, { inputUsdPerMTok: 0.25, outputUsdPerMTok: 2, cachedInputUsdPerMTok: 0.025 });
  assert.equal(quote?.contextTokens, 400_000);
  assertUsd(quoteOf(quote, { input: 10_000, cachedInput: 4_000, output: 1_000 }), (6_000 * 0.25 + 4_000 * 0.025 + 1_000 * 2) / 1e6);
});

test("a tiered price bills a long prompt at the long-context rate, for the whole prompt", () => {
  const quote = priceFor("claude-sonnet-4-5");
  assert.equal(quote?.tiered, true);
  assertUsd(quoteOf(quote, { input: 100_000, output: 1_000 }), (100_000 * 3 + 1_000 * 15) / 1e6);
  assertUsd(quoteOf(quote, { input: 250_000, output: 1_000 }), (250_000 * 6 + 1_000 * 22.5) / 1e6);
});

test("Junction's arithmetic on a quote equals the catalog's own, tiers and cache reads included", () => {
  const providers: Record<string, string> = {
    "gpt-5-mini": "openai",
    "gpt-5.5": "openai",
    "claude-sonnet-4-5": "anthropic",
    "gemini-3-pro-preview": "google",
    "gemini-2.5-pro": "google",
  };
  for (const [model, providerId] of Object.entries(providers)) {
    for (const tokens of [
      { input: 1_000, output: 500 },
      { input: 150_000, cachedInput: 50_000, output: 8_000 },
      { input: 300_000, cachedInput: 100_000, output: 4_000 },
    ]) {
      const theirs = calcPrice({ input_tokens: tokens.input, output_tokens: tokens.output, cache_read_tokens: tokens.cachedInput ?? 0 }, model, { providerId });
      assert.ok(theirs, model);
      assertUsd(quoteOf(priceFor(model), tokens), theirs.total_price);
    }
  }
});

test("snapshot dates and upper case find the same catalog entry", () => {
  assert.equal(priceFor("claude-sonnet-4-5-20250929")?.matchedId, "claude-sonnet-4-5");
  assert.equal(priceFor("gpt-5-mini-2025-08-07")?.matchedId, "gpt-5-mini");
  assert.equal(priceFor("  GPT-5-Mini ")?.matchedId, "gpt-5-mini");
});

test("an OpenRouter id is priced from OpenRouter's catalog, or from its vendor's when OpenRouter's lacks it", () => {
  assert.equal(priceFor("anthropic/claude-sonnet-4.5", { endpoint: "https://openrouter.ai/api/v1" })?.matchedId, "anthropic/claude-sonnet-4.5");
  assert.equal(priceFor("google/gemini-3-pro-preview")?.matchedId, "gemini-3-pro-preview");
  assert.equal(priceFor("models/gemini-2.5-pro")?.matchedId, "gemini-2.5-pro", "Gemini's own listing prefixes ids with models/");
});

test("a model the catalog does not know, a local model and an empty id have no price", () => {
  assert.equal(priceFor("acme-coder-xl"), undefined);
  assert.equal(priceFor("qwen2.5-coder:7b-instruct"), undefined);
  assert.equal(priceFor("my-gpt-deployment", { endpoint: "https://acme.openai.azure.com/openai/v1" }), undefined);
  assert.equal(priceFor(""), undefined);
});

test("the providers the bundle keeps (esbuild.priceCatalog.mjs) include every provider they fall back to", () => {
  for (const id of CATALOG_PROVIDER_IDS) {
    const provider = findProvider({ providerId: id });
    assert.equal(provider?.id, id, `the catalog has ${id}`);
    for (const fallback of provider?.fallback_model_providers ?? [])
      assert.ok((CATALOG_PROVIDER_IDS as readonly string[]).includes(fallback), `${id} falls back to ${fallback}, which the bundle would drop`);
  }
});

test("the budget's fallback rate is at least every frontier model's base rate: an unknown price is never under-budgeted", () => {
  for (const model of FRONTIER_MODELS) {
    const rates = priceFor(model)?.rates;
    assert.ok(rates, model);
    assert.ok(rates.inputUsdPerMTok <= FALLBACK_PRICE.inputUsdPerMTok && rates.outputUsdPerMTok <= FALLBACK_PRICE.outputUsdPerMTok, model);
  }
});

// ── the endpoint's listing and the user's overrides ──

test("the endpoint's own listing wins over the catalog, with the listing's date", () => {
  const quote = priceFor("anthropic/claude-sonnet-4.5", {
    endpointPrices: endpointListing({ "anthropic/claude-sonnet-4.5": aPrice({ inputUsdPerMTok: 2.9 }) }),
  });
  assert.equal(quote?.source, "endpoint");
  assert.equal(quote?.date, "2026-11-02");
  assert.equal(quote?.rates.inputUsdPerMTok, 2.9);
});

test("an override wins over the listing and the catalog, and has no date", () => {
  const override = aPrice({ inputUsdPerMTok: 0.2 });
  const quote = priceFor("gpt-5-mini", { overrides: { "gpt-5-mini": override }, endpointPrices: endpointListing({ "gpt-5-mini": aPrice() }) });
  assert.equal(quote?.source, "override");
  assert.equal(quote?.date, undefined);
  assert.equal(quote?.rates, override);
});

test("an override applies to the vendor-prefixed, dated and differently cased forms of its id", () => {
  const override = aPrice({ inputUsdPerMTok: 1 });
  for (const model of ["openai/gpt-4.1", "gpt-4.1-2025-04-14", "GPT-4.1"])
    assert.equal(priceFor(model, { overrides: { "gpt-4.1": override } })?.rates, override, model);
  assert.equal(priceFor("acme-coder-xl", { overrides: { "Acme-Coder-XL": override } })?.rates, override);
});

test("an override for another model changes nothing", () => {
  assert.equal(priceFor("acme-coder-xl", { overrides: { "gpt-4o": aPrice() } }), undefined);
  assert.equal(priceFor("gpt-5-mini", { overrides: { "gpt-4o": aPrice({ inputUsdPerMTok: 99 }) } })?.source, "catalog");
});

// ── costUsd ──

test("costUsd is tokens times the price per million, cached input at its own rate", () => {
  const price = aPrice({ inputUsdPerMTok: 2, outputUsdPerMTok: 8, cachedInputUsdPerMTok: 0.5 });
  assertUsd(costUsd(price, { input: 1_000_000, output: 0 }), 2);
  assertUsd(costUsd(price, { input: 0, output: 1_000_000 }), 8);
  assertUsd(costUsd(price, { input: 1_000_000, cachedInput: 400_000, output: 100_000 }), 1.2 + 0.2 + 0.8);
  assert.equal(costUsd(price, { input: 0, output: 0 }), 0);
});

test("without a cached rate, cached input costs the input rate; more cached than input is capped", () => {
  const price: ModelPrice = { inputUsdPerMTok: 2, outputUsdPerMTok: 8 };
  assertUsd(costUsd(price, { input: 1_000_000, cachedInput: 400_000, output: 0 }), 2);
  assertUsd(costUsd(aPrice(), { input: 100, cachedInput: 1_000, output: 0 }), (100 * 0.5) / 1e6);
});

test("negative or non-finite counts cost nothing rather than a refund", () => {
  assert.equal(costUsd(aPrice(), { input: -5, output: Number.NaN }), 0);
});
