// The lint configuration (eslint.config.mjs) holds DESIGN §5's layer boundaries, no import cycles and
// no console in the product. `npm test` lints the real files; this proves the rules bite: the same
// configuration over a small tree that breaks each rule once, next to what each rule allows, so a
// misspelt rule or a file pattern that matches nothing cannot pass the real files vacuously.
import { test } from "node:test";
import assert from "node:assert/strict";
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { ESLint } from "eslint";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));

const TREE: Record<string, string> = {
  "src/core/runtimeVscode.ts": 'import * as vscode from "vscode";\nexport const uri = vscode.Uri;\n',
  "src/core/importsVscodeLater.ts": 'export async function load(): Promise<unknown> {\n  return import("vscode");\n}\n',
  "src/core/requiresVscode.ts": 'import vscode = require("vscode");\nexport const window = vscode.window;\n',
  "src/core/plainRequire.ts": 'export const vscode = require("vscode");\n',
  "src/core/reexportsVscode.ts": 'export { window } from "vscode";\n',
  "src/core/typeOnlyVscode.ts": 'import type { Uri } from "vscode";\nexport function path(uri: Uri): string {\n  return uri.path;\n}\n',
  "src/core/reachesHost.ts": 'import { hostThing } from "../host/hostThing.ts";\nexport const again = hostThing;\n',
  "src/host/hostThing.ts": "export const hostThing = 1;\n",
  "src/shared/typeFromVscode.ts": 'import type { Uri } from "vscode";\nexport type Where = Uri;\n',
  "src/shared/reachesCore.ts": 'import { coreThing } from "../core/coreThing.ts";\nexport const shared = coreThing;\n',
  "src/core/coreThing.ts": "export const coreThing = 2;\n",
  "src/core/wordsItself.ts": 'import * as l10n from "@vscode/l10n";\nexport const said = l10n.t("hello");\n',
  "src/core/reachesWords.ts": 'import { word } from "../words/wordThing.ts";\nexport const again = word;\n',
  "src/words/wordThing.ts":
    'import * as l10n from "@vscode/l10n";\nimport { coreThing } from "../core/coreThing.ts";\nexport const word = l10n.t("{0}", coreThing);\n',
  "src/words/reachesHost.ts": 'import { hostThing } from "../host/hostThing.ts";\nexport const word = hostThing;\n',
  "webview/reachesHost.ts": 'import { hostThing } from "../src/host/hostThing.ts";\nexport const page = hostThing;\n',
  "webview/usesShared.ts": 'import { shared } from "../src/shared/reachesCore.ts";\nexport const fine = shared;\n',
  "src/host/cycleA.ts": 'import { b } from "./cycleB.ts";\nexport const a = () => b();\n',
  "src/host/cycleB.ts": 'import { a } from "./cycleA.ts";\nexport const b = () => a;\n',
  "src/host/typeCycleA.ts": 'import type { B } from "./typeCycleB.ts";\nexport interface A {\n  b?: B;\n}\n',
  "src/host/typeCycleB.ts": 'import type { A } from "./typeCycleA.ts";\nexport interface B {\n  a?: A;\n}\n',
  "src/host/longLine.ts":
    "const alpha = 1;\nexport const total = alpha + alpha + alpha + alpha + alpha + alpha + alpha + alpha + alpha + alpha + alpha + alpha + alpha + alpha + alpha + alpha + alpha + alpha + alpha + alpha + alpha + alpha + alpha + alpha + alpha + alpha + alpha + alpha + alpha + alpha;\n",
  "src/host/longString.ts": `export const said = "${"a sentence that is one l10n key ".repeat(6)}";\n`,
  "src/host/logs.ts": "export function say(text: string): void {\n  console.log(text);\n}\n",
  "test/unit/logs.test.ts": 'console.log("tests may print");\n',
};

interface Diagnostic {
  code: string;
  filename: string;
}

/** The real configuration over the tree, in a folder of its own (its node_modules linked for the plugins). */
async function lintTree(): Promise<Diagnostic[]> {
  const dir = mkdtempSync(join(tmpdir(), "junction-lint-"));
  try {
    copyFileSync(join(ROOT, "eslint.config.mjs"), join(dir, "eslint.config.mjs"));
    symlinkSync(join(ROOT, "node_modules"), join(dir, "node_modules"), "dir");
    for (const [path, text] of Object.entries(TREE)) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), text);
    }
    const results = await new ESLint({ cwd: dir }).lintFiles(["."]);
    return results.flatMap((result) =>
      result.messages.map((message) => ({ code: message.ruleId ?? `fatal: ${message.message}`, filename: relative(dir, result.filePath) })),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const found = await lintTree();
const codesIn = (file: string) => found.filter((diagnostic) => diagnostic.filename === file).map((diagnostic) => diagnostic.code);

const BROKEN: [file: string, rule: string][] = [
  ["src/core/runtimeVscode.ts", "@typescript-eslint/no-restricted-imports"],
  ["src/core/importsVscodeLater.ts", "no-restricted-syntax"],
  ["src/core/requiresVscode.ts", "@typescript-eslint/no-restricted-imports"],
  ["src/core/plainRequire.ts", "@typescript-eslint/no-require-imports"],
  ["src/core/reexportsVscode.ts", "@typescript-eslint/no-restricted-imports"],
  ["src/core/reachesHost.ts", "@typescript-eslint/no-restricted-imports"],
  ["src/shared/typeFromVscode.ts", "@typescript-eslint/no-restricted-imports"],
  ["src/shared/reachesCore.ts", "@typescript-eslint/no-restricted-imports"],
  ["webview/reachesHost.ts", "@typescript-eslint/no-restricted-imports"],
  ["src/core/wordsItself.ts", "@typescript-eslint/no-restricted-imports"],
  ["src/core/reachesWords.ts", "@typescript-eslint/no-restricted-imports"],
  ["src/words/reachesHost.ts", "@typescript-eslint/no-restricted-imports"],
  ["src/host/cycleA.ts", "import-x/no-cycle"],
  ["src/host/logs.ts", "no-console"],
  ["src/host/longLine.ts", "max-len"],
];

for (const [file, rule] of BROKEN) {
  test(`the lint configuration reports ${rule} in ${file}`, () => {
    assert.ok(codesIn(file).includes(rule), `found in ${file}: ${JSON.stringify(codesIn(file))}`);
  });
}

for (const file of [
  "src/host/longString.ts",
  "src/words/wordThing.ts",
  "src/core/typeOnlyVscode.ts",
  "webview/usesShared.ts",
  "src/host/typeCycleA.ts",
  "test/unit/logs.test.ts",
  "src/host/hostThing.ts",
]) {
  test(`the lint configuration allows ${file}`, () => {
    assert.deepEqual(codesIn(file), []);
  });
}
