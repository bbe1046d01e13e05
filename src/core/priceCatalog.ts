import { calcPrice } from "@pydantic/genai-prices";

/**
 * The price catalog's data and its lookup (@pydantic/genai-prices): about 270 kB, even trimmed to
 * the providers Junction prices from (esbuild.priceCatalog.mjs), and some milliseconds to
 * evaluate. The production build makes this module a bundle of its own (dist/priceCatalog.js)
 * that priceCatalogLoader.ts loads on the first catalog lookup, or earlier when the host asks for
 * it after activation (preparePriceCatalog in pricing.ts). What it returns is plain data.
 */

export type CatalogPrice = NonNullable<ReturnType<typeof calcPrice>>;

/**
 * The catalog's price of `modelId` at `providerId` as it applies at `now`; calcPrice throws on usage
 * it finds inconsistent, which means "not priced here" too.
 */
export function catalogPrice(modelId: string, providerId: string, now: Date): CatalogPrice | undefined {
  try {
    return calcPrice({ input_tokens: 0, output_tokens: 0 }, modelId, { providerId, timestamp: now }) ?? undefined;
  } catch {
    return undefined;
  }
}
