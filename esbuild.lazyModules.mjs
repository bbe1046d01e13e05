// An esbuild plugin that leaves large, rarely needed parts of the core out of dist/extension.js:
// each is built as a bundle of its own beside it, and the core reaches it through a loader module
// whose body this plugin replaces by a `require` of that bundle. Activation then evaluates none of
// it; the first call of the loader does, once (require caches the module).
// From source (unit tests, benchmarks) the loader modules import the code directly.
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = dirname(fileURLToPath(import.meta.url));

/** Loader module → the export it defines, and the module built as dist/<bundle>.js. */
export const LAZY_MODULES = [
  // openai (~400 kB): the client of OpenAI-compatible endpoints, for the first cloud request.
  { loader: "src/core/providers/cloudClientLoader.ts", exportName: "loadCloudClient", entry: "src/core/providers/cloudClient.ts", bundle: "cloudClient" },
  // @pydantic/genai-prices (~270 kB of price data): for the first price lookup.
  { loader: "src/core/priceCatalogLoader.ts", exportName: "loadPriceCatalog", entry: "src/core/priceCatalog.ts", bundle: "priceCatalog" },
];

export function lazyModulesPlugin(modules = LAZY_MODULES) {
  const byLoader = new Map(modules.map((module) => [resolve(root, module.loader), module]));
  const requested = new Set(modules.map((module) => `./${module.bundle}.js`));
  return {
    name: "junction-lazy-modules",
    setup(build) {
      build.onLoad({ filter: /Loader\.ts$/ }, (args) => {
        const module = byLoader.get(args.path);
        if (!module) return undefined;
        // The bundle sits beside dist/extension.js, so a relative require finds it.
        return {
          contents: `export function ${module.exportName}() { return require("./${module.bundle}.js"); }`,
          loader: "js",
          resolveDir: dirname(args.path),
        };
      });
      build.onResolve({ filter: /^\.\/\w+\.js$/ }, (args) =>
        byLoader.has(args.importer) && requested.has(args.path) ? { path: args.path, external: true } : undefined,
      );
    },
  };
}
