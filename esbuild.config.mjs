// Builds Junction's bundles.
//   node esbuild.config.mjs               development build (sourcemaps)
//   node esbuild.config.mjs --production  minified, no sourcemaps (what the .vsix ships)
//   node esbuild.config.mjs --watch       rebuild on change
//   node esbuild.config.mjs --tests       also bundle the extension-host test suite into out/
import * as esbuild from "esbuild";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { priceCatalogPlugin } from "./esbuild.priceCatalog.mjs";

const args = new Set(process.argv.slice(2));
const production = args.has("--production");
const watch = args.has("--watch");
const withTests = args.has("--tests");

const common = {
  bundle: true,
  minify: production,
  sourcemap: production ? false : "linked",
  logLevel: "info",
  legalComments: production ? "none" : "inline",
  plugins: [priceCatalogPlugin()],
};

/** @type {esbuild.BuildOptions[]} */
const builds = [
  {
    ...common,
    // The extension host loads CommonJS; `vscode` is provided by the host at run time.
    entryPoints: { extension: "src/host/extension.ts" },
    outdir: "dist",
    platform: "node",
    format: "cjs",
    target: "node22",
    external: ["vscode"],
  },
  {
    ...common,
    // The panel runs in a webview (a browser), with no Node APIs.
    entryPoints: { webview: "webview/main.ts" },
    outdir: "dist",
    platform: "browser",
    format: "esm",
    target: "es2022",
  },
];

if (withTests) {
  const dir = "test/integration";
  const entryPoints = readdirSync(dir)
    .filter((name) => name === "index.ts" || name.endsWith(".test.ts"))
    .map((name) => join(dir, name));
  builds.push({
    ...common,
    minify: false,
    sourcemap: "inline",
    // Mocha loads each test file with require() inside the extension host.
    entryPoints,
    outdir: "out/test/integration",
    platform: "node",
    format: "cjs",
    target: "node22",
    external: ["vscode", "mocha"],
  });
}

if (watch) {
  for (const options of builds) {
    const context = await esbuild.context(options);
    await context.watch();
  }
} else {
  await Promise.all(builds.map((options) => esbuild.build(options)));
}
