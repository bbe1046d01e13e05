/**
 * Prices of cloud models in US dollars per million tokens. A snapshot of the providers' public
 * list prices: they change, so `junction.pricing.models` overrides any entry, and a model that
 * is in neither place has an unknown price (never silently $0).
 */
export interface ModelPrice {
  inputUsdPerMTok: number;
  outputUsdPerMTok: number;
  cachedInputUsdPerMTok?: number;
}

export const PRICE_TABLE_SOURCE = "OpenAI, Anthropic and Google public API pricing pages (standard tier list prices)";
export const PRICE_TABLE_DATE = "2025-08-15";

export const PRICE_TABLE: Readonly<Record<string, ModelPrice>> = {
  "gpt-5": { inputUsdPerMTok: 1.25, outputUsdPerMTok: 10, cachedInputUsdPerMTok: 0.125 },
  "gpt-5-mini": { inputUsdPerMTok: 0.25, outputUsdPerMTok: 2, cachedInputUsdPerMTok: 0.025 },
  "gpt-5-nano": { inputUsdPerMTok: 0.05, outputUsdPerMTok: 0.4, cachedInputUsdPerMTok: 0.005 },
  "gpt-4.1": { inputUsdPerMTok: 2, outputUsdPerMTok: 8, cachedInputUsdPerMTok: 0.5 },
  "gpt-4.1-mini": { inputUsdPerMTok: 0.4, outputUsdPerMTok: 1.6, cachedInputUsdPerMTok: 0.1 },
  "gpt-4.1-nano": { inputUsdPerMTok: 0.1, outputUsdPerMTok: 0.4, cachedInputUsdPerMTok: 0.025 },
  "gpt-4o": { inputUsdPerMTok: 2.5, outputUsdPerMTok: 10, cachedInputUsdPerMTok: 1.25 },
  "gpt-4o-mini": { inputUsdPerMTok: 0.15, outputUsdPerMTok: 0.6, cachedInputUsdPerMTok: 0.075 },
  o3: { inputUsdPerMTok: 2, outputUsdPerMTok: 8, cachedInputUsdPerMTok: 0.5 },
  "o4-mini": { inputUsdPerMTok: 1.1, outputUsdPerMTok: 4.4, cachedInputUsdPerMTok: 0.275 },
  "claude-opus-4-1": { inputUsdPerMTok: 15, outputUsdPerMTok: 75, cachedInputUsdPerMTok: 1.5 },
  "claude-sonnet-4": { inputUsdPerMTok: 3, outputUsdPerMTok: 15, cachedInputUsdPerMTok: 0.3 },
  "claude-3-5-haiku": { inputUsdPerMTok: 0.8, outputUsdPerMTok: 4, cachedInputUsdPerMTok: 0.08 },
  "gemini-2.5-pro": { inputUsdPerMTok: 1.25, outputUsdPerMTok: 10, cachedInputUsdPerMTok: 0.31 },
  "gemini-2.5-flash": { inputUsdPerMTok: 0.3, outputUsdPerMTok: 2.5, cachedInputUsdPerMTok: 0.075 },
};

/**
 * The price of `model`: the user's override, else the table. Router-style ids (`openai/gpt-4.1`)
 * and dated snapshots (`claude-sonnet-4-20250514`) fall back to their base name.
 */
export function priceFor(model: string, overrides: Readonly<Record<string, ModelPrice>> = {}): ModelPrice | undefined {
  for (const candidate of candidateIds(model)) {
    const price = overrides[candidate] ?? PRICE_TABLE[candidate];
    if (price) return price;
  }
  return undefined;
}

function candidateIds(model: string): string[] {
  const id = model.trim().toLowerCase();
  const withoutVendor = id.includes("/") ? id.slice(id.lastIndexOf("/") + 1) : id;
  const withoutDate = withoutVendor.replace(/-(\d{8}|\d{4}-\d{2}-\d{2}|latest)$/, "");
  return [...new Set([model, id, withoutVendor, withoutDate])];
}

export function costUsd(price: ModelPrice, tokens: { input: number; output: number; cachedInput?: number }): number {
  // Cached tokens are part of the input; more cached than input is a provider quirk, not a refund.
  const cached = Math.min(tokens.cachedInput ?? 0, tokens.input);
  const cachedRate = price.cachedInputUsdPerMTok ?? price.inputUsdPerMTok;
  return ((tokens.input - cached) * price.inputUsdPerMTok + cached * cachedRate + tokens.output * price.outputUsdPerMTok) / 1_000_000;
}
