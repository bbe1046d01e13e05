// An esbuild plugin that keeps only the part of @pydantic/genai-prices' bundled data Junction looks
// prices up in: the providers of CATALOG_PROVIDER_IDS (src/core/pricing.ts), about half the data.
// The package ships its data and its code in one module, so esbuild cannot drop the rest itself.
// The build fails loudly when the package's layout is not the one this plugin knows (a new
// version): then check the plugin against it before bumping.
import { readFile } from "node:fs/promises";

const DATA_START = "const E = [";
const DATA_END = "\n], J = {";

export function priceCatalogPlugin() {
  return {
    name: "junction-price-catalog",
    setup(build) {
      build.onLoad({ filter: /@pydantic[\\/]genai-prices[\\/]dist[\\/]index\.js$/ }, async (args) => {
        const [{ CATALOG_PROVIDER_IDS }, { findProvider }] = await Promise.all([import("./src/core/pricing.ts"), import("@pydantic/genai-prices")]);
        const source = await readFile(args.path, "utf8");
        const end = source.indexOf(DATA_END);
        if (!source.startsWith(DATA_START) || end < 0)
          throw new Error(`${args.path}: the price data is not where junction-price-catalog expects it; check esbuild.priceCatalog.mjs against this version`);
        const kept = CATALOG_PROVIDER_IDS.map((id) => {
          const provider = findProvider({ providerId: id });
          if (provider?.id !== id) throw new Error(`junction-price-catalog: the catalog has no provider "${id}"`);
          return provider;
        });
        return { contents: `const E = ${JSON.stringify(kept)}, J = {${source.slice(end + DATA_END.length)}`, loader: "js" };
      });
    },
  };
}
