import type { CatalogPrice } from "./priceCatalog.ts";
import { loadPriceCatalog } from "./priceCatalogLoader.ts";

/**
 * What a cloud request costs, in US dollars. Three sources, in this order:
 * 1. the user's `junction.pricing.models` (always wins: it is the user's own contract price);
 * 2. prices the endpoint itself lists (OpenRouter's `/models`, fetched by the host);
 * 3. the price catalog of `@pydantic/genai-prices`, a maintained package whose data covers the
 *    OpenAI, Anthropic, Google, xAI, DeepSeek, Mistral, Azure and OpenRouter catalogs, with cached-input
 *    and long-context (tiered) prices.
 * A model in none of them has an unknown price: never a silent $0 (the router and the ledger say so
 * and budget it at FALLBACK_PRICE).
 */

/** A flat price per million tokens: the user's override, an endpoint's listing, a tier's base rates. */
export interface ModelPrice {
  inputUsdPerMTok: number;
  outputUsdPerMTok: number;
  cachedInputUsdPerMTok?: number;
}

export interface TokenCounts {
  input: number;
  output: number;
  /** Part of `input` that the provider read from its prompt cache. */
  cachedInput?: number;
}

export type PriceSource = "override" | "endpoint" | "catalog";

/** From a prompt of more than `aboveInputTokens` on, the whole request is billed at `usdPerMTok`. */
export interface PriceTier {
  aboveInputTokens: number;
  usdPerMTok: number;
}

/** A price as data (the router stays a pure function of plain values); `quoteCost` prices tokens with it. */
export interface PriceQuote {
  /** The id the price was found under: "claude-sonnet-4-5" for "anthropic/claude-sonnet-4.5". */
  matchedId: string;
  source: PriceSource;
  /** When the source's prices were current (the catalog's data, the endpoint listing's fetch); undefined for an override. */
  date: string | undefined;
  /** The base rates (for a tiered price, the rates of the shortest prompts). */
  rates: ModelPrice;
  /** Long-context rates, by token kind, as the catalog lists them. */
  tiers?: { input?: PriceTier[]; output?: PriceTier[]; cachedInput?: PriceTier[] };
  /** Long prompts are billed at higher rates than `rates`. */
  tiered: boolean;
  /** The model's context window, when the source says. */
  contextTokens: number | undefined;
}

/** An endpoint's own price list (OpenRouter `/models`), as the host fetched it. */
export interface EndpointPrices {
  /** ISO date of the fetch. */
  date: string;
  prices: ReadonlyMap<string, ModelPrice & { contextTokens?: number }>;
}

export interface PriceLookup {
  overrides?: Readonly<Record<string, ModelPrice>>;
  /** The cloud endpoint: its host picks the catalog's provider first (api.openai.com → OpenAI …). */
  endpoint?: string;
  endpointPrices?: EndpointPrices;
  /** For prices that change on a date; defaults to now. */
  now?: Date;
}

/** The catalog bundled with Junction. `date` is the package release whose data is bundled. */
export const PRICE_CATALOG = { name: "@pydantic/genai-prices", version: "0.1.8", date: "2026-09-23" } as const;
export const PRICE_CATALOG_SOURCE = `${PRICE_CATALOG.name} ${PRICE_CATALOG.version}`;
export const PRICE_CATALOG_DATE = PRICE_CATALOG.date;

/**
 * The catalog's providers Junction prices from: the vendors and routers an OpenAI-compatible cloud
 * endpoint reaches, and the providers Azure and Google fall back to. The production build keeps
 * only these providers' data (esbuild.priceCatalog.mjs), so nothing else may be looked up.
 */
export const CATALOG_PROVIDER_IDS = ["openai", "anthropic", "google", "azure", "openrouter", "x-ai", "deepseek", "mistral", "moonshotai"] as const;
type CatalogProviderId = (typeof CATALOG_PROVIDER_IDS)[number];

/**
 * The budget's stand-in for a model whose price is unknown: as dear as the dearest mainstream
 * frontier models' list prices (Claude Opus 4.1 was $15 / $75), so a budget is never overrun
 * because a price was missing.
 */
export const FALLBACK_PRICE: Readonly<ModelPrice> = Object.freeze({ inputUsdPerMTok: 15, outputUsdPerMTok: 75 });

/** Router-style vendor prefixes (OpenRouter ids) → the catalog's provider of that vendor. */
const VENDOR_PROVIDERS: Readonly<Record<string, CatalogProviderId>> = {
  openai: "openai",
  anthropic: "anthropic",
  google: "google",
  "x-ai": "x-ai",
  deepseek: "deepseek",
  mistralai: "mistral",
  moonshotai: "moonshotai",
};

/** Endpoint hosts → the catalog provider whose prices that endpoint charges (the catalog's own api_pattern). */
const ENDPOINT_PROVIDERS: ReadonlyArray<[RegExp, CatalogProviderId]> = [
  [/^api\.openai\.com$/, "openai"],
  [/^api\.anthropic\.com$/, "anthropic"],
  [/(^|\.)googleapis\.com$/, "google"],
  [/(^|\.)openrouter\.ai$/, "openrouter"],
  [/(^|\.)(openai\.azure\.com|azure-api\.net|cognitiveservices\.azure\.com|services\.ai\.azure\.com)$/, "azure"],
  [/^api\.x\.ai$/, "x-ai"],
  [/^api\.deepseek\.com$/, "deepseek"],
  [/^api\.mistral\.ai$/, "mistral"],
  [/^api\.moonshot\.(ai|cn)$/, "moonshotai"],
];

/** Which catalog provider a model id names by its own words (the catalog's model_match rules, restricted to ours). */
const MODEL_PROVIDERS: ReadonlyArray<[RegExp, CatalogProviderId]> = [
  [/^(gpt-|o[134]|chatgpt-|codex-)/, "openai"],
  [/claude/, "anthropic"],
  [/gemini|gemma/, "google"],
  [/^grok/, "x-ai"],
  [/^deepseek/, "deepseek"],
  [/mistral|codestral|devstral|magistral|ministral/, "mistral"],
  [/^kimi|moonshot/, "moonshotai"],
];

const CATALOG_CACHE_LIMIT = 256;
const catalogCache = new Map<string, CatalogMatch | null>();

/** The price of `model`: the user's override, else the endpoint's listing, else the catalog. */
export function priceFor(model: string, lookup: PriceLookup = {}): PriceQuote | undefined {
  const ids = candidateIds(model);
  if (ids.length === 0) return undefined;
  for (const id of ids) {
    const override = lookup.overrides?.[id] ?? findInsensitive(lookup.overrides, id);
    if (override) return flatQuote(id, "override", undefined, override);
  }
  for (const id of ids) {
    const listed = lookup.endpointPrices?.prices.get(id);
    if (listed) return flatQuote(id, "endpoint", lookup.endpointPrices?.date, listed, listed.contextTokens);
  }
  const match = catalogMatch(model, lookup.endpoint);
  return match ? catalogQuote(match, lookup.now ?? new Date()) : undefined;
}

/**
 * Loads the price catalog now rather than on the first lookup (a completion's ledger entry, a
 * route's estimate). The host calls it just after activation, outside activate() itself, so neither
 * the activation nor the first request pays for evaluating the catalog's data.
 */
export function preparePriceCatalog(): void {
  loadPriceCatalog();
}

/** Flat per-million rates; cached tokens are part of the input and cost the cached rate. */
export function costUsd(price: ModelPrice, tokens: TokenCounts): number {
  const { input, output, cached } = sane(tokens);
  const cachedRate = price.cachedInputUsdPerMTok ?? price.inputUsdPerMTok;
  return ((input - cached) * price.inputUsdPerMTok + cached * cachedRate + output * price.outputUsdPerMTok) / 1_000_000;
}

/**
 * What `tokens` cost at a quoted price. A tiered price bills the whole request at the rates of the
 * highest tier its prompt exceeds (as Anthropic, Google and OpenAI bill long contexts, and as the
 * catalog computes it).
 */
export function quoteCost(quote: PriceQuote, tokens: TokenCounts): number {
  if (!quote.tiers) return costUsd(quote.rates, tokens);
  const { input } = sane(tokens);
  const at = (base: number, tiers: PriceTier[] | undefined): number =>
    (tiers ?? []).reduce((rate, tier) => (input > tier.aboveInputTokens ? tier.usdPerMTok : rate), base);
  const { rates, tiers } = quote;
  return costUsd(
    {
      inputUsdPerMTok: at(rates.inputUsdPerMTok, tiers.input),
      outputUsdPerMTok: at(rates.outputUsdPerMTok, tiers.output),
      ...(rates.cachedInputUsdPerMTok !== undefined ? { cachedInputUsdPerMTok: at(rates.cachedInputUsdPerMTok, tiers.cachedInput) } : {}),
    },
    tokens,
  );
}

function flatQuote(matchedId: string, source: PriceSource, date: string | undefined, rates: ModelPrice, contextTokens?: number): PriceQuote {
  return { matchedId, source, date, rates, tiered: false, contextTokens };
}

/**
 * The model as given, lower-cased, without a router's vendor prefix ("openai/gpt-5" → "gpt-5",
 * "models/gemini-2.5-pro" → "gemini-2.5-pro") and without a snapshot date ("gpt-4.1-2025-04-14").
 */
function candidateIds(model: string): string[] {
  const trimmed = model.trim();
  if (trimmed === "") return [];
  const lower = trimmed.toLowerCase();
  const base = lower.includes("/") ? lower.slice(lower.lastIndexOf("/") + 1) : lower;
  const undated = base.replace(/-(\d{8}|\d{4}-\d{2}-\d{2}|latest)$/, "");
  return [...new Set([trimmed, lower, base, undated])];
}

function findInsensitive<T>(record: Readonly<Record<string, T>> | undefined, id: string): T | undefined {
  if (!record) return undefined;
  const key = Object.keys(record).find((candidate) => candidate.trim().toLowerCase() === id);
  return key === undefined ? undefined : record[key];
}

// ── the catalog ──

interface CatalogMatch {
  providerId: CatalogProviderId;
  /** The id to ask calcPrice for (vendor prefix kept for OpenRouter, dropped for the vendor itself). */
  askedId: string;
}

/** Where to look, most specific first: the endpoint's own provider, the id's vendor prefix, the id's words. */
function catalogMatch(model: string, endpoint: string | undefined): CatalogMatch | undefined {
  const key = `${endpoint ?? ""}\n${model.trim().toLowerCase()}`;
  const cached = catalogCache.get(key);
  if (cached !== undefined) return cached ?? undefined;
  const found = searchCatalog(model.trim().toLowerCase(), endpoint);
  if (catalogCache.size >= CATALOG_CACHE_LIMIT) catalogCache.delete(catalogCache.keys().next().value ?? "");
  catalogCache.set(key, found ?? null);
  return found;
}

function searchCatalog(id: string, endpoint: string | undefined): CatalogMatch | undefined {
  const slash = id.lastIndexOf("/");
  const base = slash >= 0 ? id.slice(slash + 1) : id;
  const vendor = slash >= 0 ? id.slice(0, id.indexOf("/")) : undefined;
  const attempts: CatalogMatch[] = [];
  const endpointProvider = providerOfEndpoint(endpoint);
  if (endpointProvider) attempts.push({ providerId: endpointProvider, askedId: endpointProvider === "openrouter" ? id : base });
  if (vendor !== undefined) {
    attempts.push({ providerId: "openrouter", askedId: id });
    const vendorProvider = VENDOR_PROVIDERS[vendor];
    if (vendorProvider) attempts.push({ providerId: vendorProvider, askedId: base });
  }
  for (const [pattern, providerId] of MODEL_PROVIDERS) if (pattern.test(base)) attempts.push({ providerId, askedId: base });
  const now = new Date();
  return attempts.find((attempt) => catalogResult(attempt, now) !== undefined);
}

function providerOfEndpoint(endpoint: string | undefined): CatalogProviderId | undefined {
  if (!endpoint) return undefined;
  let host: string;
  try {
    host = new URL(endpoint).hostname.toLowerCase();
  } catch {
    return undefined;
  }
  return ENDPOINT_PROVIDERS.find(([pattern]) => pattern.test(host))?.[1];
}

/** Prices without token rates (some models have them) mean "not priced here" too. */
function catalogResult(match: CatalogMatch, now: Date): CatalogPrice | undefined {
  const result = loadPriceCatalog().catalogPrice(match.askedId, match.providerId, now);
  if (!result || rateOf(result.model_price.input_mtok) === undefined || rateOf(result.model_price.output_mtok) === undefined) return undefined;
  return result;
}

/** The catalog's price of the matched model as it applies `now` (some prices change on a date). */
function catalogQuote(match: CatalogMatch, now: Date): PriceQuote | undefined {
  const found = catalogResult(match, now);
  if (!found) return undefined;
  const price = found.model_price;
  const cached = rateOf(price.cache_read_mtok);
  const rates: ModelPrice = {
    inputUsdPerMTok: rateOf(price.input_mtok) ?? 0,
    outputUsdPerMTok: rateOf(price.output_mtok) ?? 0,
    ...(cached !== undefined ? { cachedInputUsdPerMTok: cached } : {}),
  };
  const tiers = { input: tiersOf(price.input_mtok), output: tiersOf(price.output_mtok), cachedInput: tiersOf(price.cache_read_mtok) };
  const tiered = Object.values(tiers).some((list) => list !== undefined);
  return {
    matchedId: found.model.id,
    source: "catalog",
    date: PRICE_CATALOG_DATE,
    rates,
    ...(tiered ? { tiers: Object.fromEntries(Object.entries(tiers).filter(([, list]) => list !== undefined)) } : {}),
    tiered,
    contextTokens: found.model.context_window,
  };
}

/** A catalog price: a number per million tokens, or tiers whose `base` is the shortest prompts' rate. */
function rateOf(value: unknown): number | undefined {
  if (typeof value === "number" && Number.isFinite(value) && value >= 0) return value;
  if (typeof value === "object" && value !== null && "base" in value) return rateOf((value as { base: unknown }).base);
  return undefined;
}

function tiersOf(value: unknown): PriceTier[] | undefined {
  if (typeof value !== "object" || value === null || !("tiers" in value) || !Array.isArray(value.tiers)) return undefined;
  const tiers = value.tiers.flatMap((tier: unknown) => {
    const { start, price } = (tier ?? {}) as { start?: unknown; price?: unknown };
    return typeof start === "number" && typeof price === "number" ? [{ aboveInputTokens: start, usdPerMTok: price }] : [];
  });
  return tiers.length > 0 ? tiers.sort((a, b) => a.aboveInputTokens - b.aboveInputTokens) : undefined;
}

/** Whole, non-negative counts; more cached than input is a provider quirk, not a refund. */
function sane(tokens: TokenCounts): { input: number; output: number; cached: number } {
  const count = (value: number | undefined): number => (value !== undefined && Number.isFinite(value) && value > 0 ? Math.round(value) : 0);
  const input = count(tokens.input);
  return { input, output: count(tokens.output), cached: Math.min(count(tokens.cachedInput), input) };
}
