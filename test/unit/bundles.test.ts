// What the production build ships (esbuild.config.mjs): an extension bundle that activation can
// load quickly — no openai, no price catalog data, no classic zod — within its size budget, a panel
// script within its own, and the cloud client and price catalog as bundles of their own that the
// extension's loaders reach with a require on first use. Sizes are bytes, not times: they are the
// same on every machine.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import * as esbuild from "esbuild";
import { bundleOptions } from "../../esbuild.config.mjs";
import { lazyModulesPlugin } from "../../esbuild.lazyModules.mjs";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const EXTENSION_BUDGET_BYTES = 450_000;
const PANEL_BUDGET_BYTES = 200_000;

const outdir = mkdtempSync(join(tmpdir(), "junction-bundles-"));
const results = await Promise.all(
  bundleOptions({ production: true, outdir }).map((options) => esbuild.build({ ...options, metafile: true, logLevel: "silent" })),
);
test.after(() => rmSync(outdir, { recursive: true, force: true }));

/** The source files whose code one built bundle holds, by its output name ("extension", "cloudClient" …). */
function inputsOf(bundle: string): string[] {
  for (const { metafile } of results) {
    for (const [output, meta] of Object.entries(metafile.outputs)) {
      if (output.endsWith(`/${bundle}.js`)) return Object.entries(meta.inputs).flatMap(([path, input]) => (input.bytesInOutput > 0 ? [path] : []));
    }
  }
  throw new Error(`no bundle ${bundle}.js was built`);
}

const sizeOf = (bundle: string): number => statSync(join(outdir, `${bundle}.js`)).size;
const fromPackage = (inputs: string[], name: string): string[] => inputs.filter((path) => path.includes(`node_modules/${name}/`));

test(`the extension bundle stays within ${EXTENSION_BUDGET_BYTES / 1000} kB`, () => {
  assert.ok(sizeOf("extension") <= EXTENSION_BUDGET_BYTES, `dist/extension.js is ${sizeOf("extension")} bytes`);
});

test(`the panel script stays within ${PANEL_BUDGET_BYTES / 1000} kB`, () => {
  assert.ok(sizeOf("webview") <= PANEL_BUDGET_BYTES, `dist/webview.js is ${sizeOf("webview")} bytes`);
});

test("activation loads no openai, no price catalog and no fetch polyfill: they are not in the extension bundle", () => {
  const inputs = inputsOf("extension");
  assert.deepEqual(fromPackage(inputs, "openai"), []);
  assert.deepEqual(fromPackage(inputs, "@pydantic/genai-prices"), []);
  assert.deepEqual(fromPackage(inputs, "whatwg-fetch"), []);
  assert.ok(fromPackage(inputs, "ollama").length > 0, "the check must see the packages the bundle does hold");
});

test("the extension bundle takes the vscode API once, not once per module that imports it", () => {
  const code = readFileSync(join(outdir, "extension.js"), "utf8");
  assert.equal(code.match(/require\("vscode"\)/g)?.length, 1);
});

test("the cloud client and the price catalog are bundles of their own", () => {
  assert.ok(fromPackage(inputsOf("cloudClient"), "openai").length > 0);
  assert.ok(fromPackage(inputsOf("priceCatalog"), "@pydantic/genai-prices").length > 0);
});

test("neither side bundles classic zod, only zod/mini and zod's core", () => {
  for (const bundle of ["extension", "webview"]) {
    const zod = fromPackage(inputsOf(bundle), "zod");
    assert.ok(zod.length > 0, bundle);
    assert.deepEqual(
      zod.filter((path) => !/node_modules\/zod\/v4\/(mini|core|locales\/en\.js)/.test(path)),
      [],
      bundle,
    );
  }
});

test("the panel bundles the @vscode-elements components it imports and their own parts, never the whole package", () => {
  const inputs = fromPackage(inputsOf("webview"), "@vscode-elements/elements");
  assert.deepEqual(
    inputs.filter((path) => /elements\/dist\/(main|bundled)\.js$/.test(path)),
    [],
    "the package's barrel registers every component",
  );
  const imported = new Set(
    readdirSync(join(ROOT, "webview"))
      .filter((name) => name.endsWith(".ts"))
      .flatMap((name) =>
        [...readFileSync(join(ROOT, "webview", name), "utf8").matchAll(/@vscode-elements\/elements\/dist\/(vscode-[\w-]+)\//g)].map((match) => match[1]!),
      ),
  );
  const bundled = new Set(inputs.flatMap((path) => /\/dist\/(vscode-[\w-]+)\//.exec(path)?.[1] ?? []));
  // vscode-table draws its sort and resize marks with vscode-icon and scrolls with vscode-scrollable.
  assert.deepEqual([...bundled].sort(), [...imported, "vscode-icon", "vscode-scrollable"].sort());
});

test("the loaders require the separate bundles on first use, not when the code that imports them loads", async () => {
  // The same plugin as the extension's build, on an entry that only re-exports the two loaders.
  const entry =
    "export { loadCloudClient } from './src/core/providers/cloudClientLoader.ts'; export { loadPriceCatalog } from './src/core/priceCatalogLoader.ts';";
  const [options] = bundleOptions({ production: true, outdir });
  await esbuild.build({
    ...options,
    entryPoints: undefined,
    stdin: { contents: entry, resolveDir: options!.absWorkingDir!, loader: "ts" },
    outfile: join(outdir, "loaders.js"),
    outdir: undefined,
    plugins: [lazyModulesPlugin()],
    logLevel: "silent",
  });
  const require = createRequire(join(outdir, "loaders.js"));
  const loaders = require("./loaders.js") as {
    loadCloudClient(): { createClient: unknown; clientFailure(error: unknown): unknown };
    loadPriceCatalog(): { catalogPrice(model: string, provider: string, now: Date): { model_price: { input_mtok: unknown } } | undefined };
  };
  const loaded = () =>
    Object.keys(require.cache)
      .filter((path) => path.startsWith(outdir))
      .map((path) => path.slice(outdir.length + 1))
      .sort();
  assert.deepEqual(loaded(), ["loaders.js"]);

  const catalog = loaders.loadPriceCatalog();
  assert.equal(typeof catalog.catalogPrice("gpt-5-mini", "openai", new Date())?.model_price.input_mtok, "number");
  assert.deepEqual(loaded(), ["loaders.js", "priceCatalog.js"]);

  const cloud = loaders.loadCloudClient();
  assert.equal(typeof cloud.createClient, "function");
  assert.equal(cloud.clientFailure(new Error("not the client's")), undefined);
  assert.deepEqual(loaded(), ["cloudClient.js", "loaders.js", "priceCatalog.js"]);
});
