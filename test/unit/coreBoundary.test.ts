// DESIGN §5: src/core has no runtime `vscode` import (other editors and tools reuse it), and
// src/shared, imported by the webview too, depends on neither `vscode` nor src/host.
// The scanner is a small lexical check, tested itself below so a broken scanner cannot pass
// the real files vacuously.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { dirname, isAbsolute, join, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const SOURCE_FILE = /\.(?:[cm]?[jt]s|tsx|jsx)$/;

/** Removes comments, keeping string and template literals (an import path lives in one). */
function stripComments(source: string): string {
  const token = /("(?:\\.|[^"\\\n])*"|'(?:\\.|[^'\\\n])*'|`(?:\\[\s\S]|[^`\\])*`)|\/\*[\s\S]*?\*\/|\/\/[^\n]*/g;
  return source.replace(token, (match, literal: string | undefined) => literal ?? match.replace(/[^\n]/g, " "));
}

const VSCODE = String.raw`["']vscode["']`;
/** An import or export clause: names, braces, commas, `*`, `as`; never a string, so never two statements. */
const CLAUSE = String.raw`[\w$\s,{}*]+?`;
/** `type` as the keyword of a type-only import/export, not a default import named "type". */
const TYPE_ONLY = String.raw`type\b(?!\s*(?:,|from\b))`;

const RUNTIME_VSCODE_IMPORTS: readonly RegExp[] = [
  new RegExp(String.raw`\bimport\s+(?!${TYPE_ONLY})${CLAUSE}\s*\bfrom\s*${VSCODE}`), // import x / { x } / * as x from "vscode"
  new RegExp(String.raw`\bimport\s*${VSCODE}`), // import "vscode"
  new RegExp(String.raw`\bimport\s*\(\s*${VSCODE}\s*\)`), // import("vscode")
  new RegExp(String.raw`\brequire\s*\(\s*${VSCODE}\s*\)`), // require("vscode"), import x = require("vscode")
  new RegExp(String.raw`\bexport\s+(?!${TYPE_ONLY})${CLAUSE}\s*\bfrom\s*${VSCODE}`), // export { x } / * from "vscode"
];

/** The runtime `vscode` imports in a source text, as written (comments ignored). */
function runtimeVscodeImports(source: string): string[] {
  const code = stripComments(source);
  return RUNTIME_VSCODE_IMPORTS.flatMap((pattern) => {
    const match = new RegExp(pattern.source, "g");
    return [...code.matchAll(match)].map((found) => found[0].replace(/\s+/g, " "));
  });
}

/** Every module specifier a source text names: static and dynamic imports, re-exports, require. */
function moduleSpecifiers(source: string): string[] {
  const code = stripComments(source);
  const patterns = [
    /\b(?:import|export)\s[^"'`;]*?\bfrom\s*["']([^"']+)["']/g,
    /\bimport\s*["']([^"']+)["']/g,
    /\bimport\s*\(\s*["']([^"']+)["']\s*\)/g,
    /\brequire\s*\(\s*["']([^"']+)["']\s*\)/g,
  ];
  return patterns.flatMap((pattern) => [...code.matchAll(pattern)].map((found) => found[1] ?? ""));
}

function sourceFiles(dir: string): string[] {
  const files = readdirSync(join(ROOT, dir), { recursive: true, encoding: "utf8" })
    .filter((name) => SOURCE_FILE.test(name) && !name.endsWith(".d.ts"))
    .map((name) => join(ROOT, dir, name));
  assert.ok(files.length > 0, `${dir} has source files to check`);
  return files;
}

function read(file: string): string {
  return readFileSync(file, "utf8");
}

/** True when `file` is `dir` itself or anything inside it. */
function isUnder(file: string, dir: string): boolean {
  const path = relative(join(ROOT, dir), file);
  return path === "" || (path !== ".." && !path.startsWith(`..${sep}`) && !isAbsolute(path));
}

// ── the scanner ──

const RUNTIME_SAMPLES = [
  'import * as vscode from "vscode";',
  "import vscode from 'vscode';",
  'import { window, workspace } from "vscode";',
  'import {\n  window,\n  type Uri,\n} from "vscode";',
  'import { type Uri } from "vscode"; // kept as `import {} from "vscode"`: still loads the module',
  'import "vscode";',
  'const vscode = await import("vscode");',
  'const vscode = require("vscode");',
  'import vscode = require("vscode");',
  'export { window } from "vscode";',
  'export * from "vscode";',
  'import type from "vscode"; // a default import named `type`',
];

for (const sample of RUNTIME_SAMPLES) {
  test(`the scanner catches a runtime vscode import: ${sample.split("\n").join(" ")}`, () => {
    assert.equal(runtimeVscodeImports(sample).length, 1);
  });
}

const ALLOWED_SAMPLES = [
  'import type * as vscode from "vscode";',
  'import type { Uri, Range } from "vscode";',
  'import type {\n  Uri,\n} from "vscode";',
  'export type { Uri } from "vscode";',
  '// import * as vscode from "vscode";',
  '/* require("vscode") */',
  'const note = "no vscode import here";',
  'import { z } from "zod";',
  'import { foo } from "./vscode-free.ts";',
];

for (const sample of ALLOWED_SAMPLES) {
  test(`the scanner allows what loads nothing from vscode at run time: ${sample.split("\n").join(" ")}`, () => {
    assert.deepEqual(runtimeVscodeImports(sample), []);
  });
}

test("the scanner sees an import after a type-only one in the same file", () => {
  const source = 'import type { Uri } from "vscode";\nimport { window } from "vscode";\n';
  assert.deepEqual(runtimeVscodeImports(source), ['import { window } from "vscode"']);
});

test("the scanner does not mistake a string containing // for a comment", () => {
  const source = 'const url = "http://127.0.0.1"; import { window } from "vscode";';
  assert.equal(runtimeVscodeImports(source).length, 1);
});

test("moduleSpecifiers finds static, dynamic, re-exported and required modules", () => {
  const source = [
    'import type { A } from "./a.ts";',
    'import { b } from "../host/b.ts";',
    'export { c } from "./c.ts";',
    'import "./d.ts";',
    'const e = await import("./e.ts");',
    'const f = require("f");',
    '// import { g } from "./g.ts";',
  ].join("\n");
  assert.deepEqual(moduleSpecifiers(source).sort(), ["../host/b.ts", "./a.ts", "./c.ts", "./d.ts", "./e.ts", "f"]);
});

// ── the project ──

test("no file under src/core imports vscode at run time", () => {
  const offenders = sourceFiles("src/core").flatMap((file) =>
    runtimeVscodeImports(read(file)).map((statement) => `${relative(ROOT, file)}: ${statement}`),
  );
  assert.deepEqual(offenders, []);
});

test("no file under src/core imports from src/host", () => {
  const offenders = sourceFiles("src/core").flatMap((file) =>
    moduleSpecifiers(read(file))
      .filter((specifier) => specifier.startsWith(".") && isUnder(resolve(dirname(file), specifier), "src/host"))
      .map((specifier) => `${relative(ROOT, file)}: ${specifier}`),
  );
  assert.deepEqual(offenders, []);
});

test("no file under src/shared imports vscode, not even for types", () => {
  const offenders = sourceFiles("src/shared").flatMap((file) =>
    moduleSpecifiers(read(file))
      .filter((specifier) => specifier === "vscode")
      .map((specifier) => `${relative(ROOT, file)}: ${specifier}`),
  );
  assert.deepEqual(offenders, []);
});

test("no file under src/shared imports from src/host", () => {
  const offenders = sourceFiles("src/shared").flatMap((file) =>
    moduleSpecifiers(read(file))
      .filter((specifier) => specifier.startsWith(".") && isUnder(resolve(dirname(file), specifier), "src/host"))
      .map((specifier) => `${relative(ROOT, file)}: ${specifier}`),
  );
  assert.deepEqual(offenders, []);
});
