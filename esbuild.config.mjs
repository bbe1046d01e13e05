// Builds Junction's bundles.
//   node esbuild.config.mjs               development build (sourcemaps)
//   node esbuild.config.mjs --production  minified, no sourcemaps (what the .vsix ships)
//   node esbuild.config.mjs --watch       rebuild on change
//   node esbuild.config.mjs --tests       also bundle the extension-host test suite into out/
// dist/extension.js is what activation loads; the cloud client (openai) and the price catalog are
// bundles of their own beside it, loaded on first use (esbuild.lazyModules.mjs).
import * as esbuild from "esbuild";
import { readdirSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { LAZY_MODULES, lazyModulesPlugin } from "./esbuild.lazyModules.mjs";
import { priceCatalogPlugin } from "./esbuild.priceCatalog.mjs";

/**
 * Every host module says `import * as vscode from "vscode"`; for each, esbuild would copy the whole
 * API object into a namespace of its own at load time (26 copies of some hundred properties). One
 * shared module re-exports it instead, so it is copied once.
 */
const VSCODE_ONCE = "junction-vscode-once";
function vscodeOncePlugin() {
  return {
    name: VSCODE_ONCE,
    setup(build) {
      build.onResolve({ filter: /^vscode$/ }, (args) =>
        args.namespace === VSCODE_ONCE ? { path: "vscode", external: true } : { path: "vscode", namespace: VSCODE_ONCE },
      );
      build.onLoad({ filter: /.*/, namespace: VSCODE_ONCE }, () => ({ contents: 'export * from "vscode";', loader: "js" }));
    },
  };
}

/**
 * The ollama package imports the whatwg-fetch polyfill, for browsers. Node has fetch, so the
 * polyfill never installs itself, but its checks read `globalThis.fetch` when it loads, which
 * makes Node load its fetch implementation at activation: the Node bundles leave it out.
 */
function withoutFetchPolyfillPlugin() {
  return {
    name: "junction-without-fetch-polyfill",
    setup(build) {
      build.onResolve({ filter: /^whatwg-fetch$/ }, () => ({ path: "whatwg-fetch", namespace: "junction-empty" }));
      build.onLoad({ filter: /.*/, namespace: "junction-empty" }, () => ({ contents: "", loader: "js" }));
    },
  };
}

/** The build options of every bundle; `outdir` replaces dist/ (the tests build into a temporary folder). */
export function bundleOptions({ production = false, withTests = false, outdir = "dist" } = {}) {
  const common = {
    absWorkingDir: dirname(fileURLToPath(import.meta.url)),
    bundle: true,
    minify: production,
    sourcemap: production ? false : "linked",
    logLevel: "info",
    legalComments: production ? "none" : "inline",
  };
  // The extension host loads CommonJS; `vscode` is provided by the host at run time.
  const node = { ...common, outdir, platform: "node", format: "cjs", target: "node22", external: ["vscode"] };

  /** @type {esbuild.BuildOptions[]} */
  const builds = [
    { ...node, entryPoints: { extension: "src/host/extension.ts" }, plugins: [lazyModulesPlugin(), vscodeOncePlugin(), withoutFetchPolyfillPlugin()] },
    ...LAZY_MODULES.map((module) => ({ ...node, entryPoints: { [module.bundle]: module.entry }, plugins: [priceCatalogPlugin()] })),
    {
      ...common,
      // The panel runs in a webview (a browser), with no Node APIs.
      entryPoints: { webview: "webview/main.ts" },
      outdir,
      platform: "browser",
      format: "esm",
      target: "es2022",
    },
  ];

  if (withTests) {
    const dir = "test/integration";
    const entryPoints = readdirSync(join(common.absWorkingDir, dir))
      .filter((name) => name === "index.ts" || name.endsWith(".test.ts"))
      .map((name) => join(dir, name));
    builds.push({
      ...common,
      minify: false,
      sourcemap: "inline",
      // Mocha loads each test file with require() inside the extension host. The tests reach the
      // core from source, the cloud client and the price catalog included.
      entryPoints,
      outdir: "out/test/integration",
      platform: "node",
      format: "cjs",
      target: "node22",
      external: ["vscode", "mocha"],
      plugins: [priceCatalogPlugin()],
    });
  }
  return builds;
}

async function main() {
  const args = new Set(process.argv.slice(2));
  const builds = bundleOptions({ production: args.has("--production"), withTests: args.has("--tests") });
  if (args.has("--watch")) {
    for (const options of builds) {
      const context = await esbuild.context(options);
      await context.watch();
    }
  } else {
    await Promise.all(builds.map((options) => esbuild.build(options)));
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main();
