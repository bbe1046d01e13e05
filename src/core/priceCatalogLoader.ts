import * as priceCatalog from "./priceCatalog.ts";

/**
 * The price catalog (priceCatalog.ts), for pricing.ts. In the extension's production bundle this
 * module's body is replaced (esbuild.lazyModules.mjs) by a `require` of dist/priceCatalog.js, the
 * bundle of priceCatalog.ts: synchronous, so a lookup always answers from the catalog, and paid
 * once, on the first lookup or when the host prepares the catalog after activation. Run from
 * source (unit tests, benchmarks, other tools reusing the core) it is the module imported above.
 */
export type PriceCatalogModule = typeof priceCatalog;

export function loadPriceCatalog(): PriceCatalogModule {
  return priceCatalog;
}
