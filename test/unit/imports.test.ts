import { test } from "node:test";
import assert from "node:assert/strict";
import { findRelativeImports, importCandidates } from "../../src/core/refactor/imports.ts";

test("relative ES imports, re-exports, type imports, require and dynamic import are found; packages are not", () => {
  const source = [
    'import { a } from "./a";',
    "import type { B } from '../b/types';",
    'import * as c from "./c.js";',
    'import "./side-effect";',
    'export { d } from "./d";',
    'export * from "./e";',
    'const f = require("./f");',
    'const g = await import("./g");',
    'import React from "react";',
    'import { z } from "zod";',
  ].join("\n");
  assert.deepEqual(findRelativeImports(source, "typescript"), ["./a", "../b/types", "./c.js", "./side-effect", "./d", "./e", "./f", "./g"]);
});

test("a module imported twice is listed once", () => {
  assert.deepEqual(findRelativeImports('import { a } from "./a";\nimport type { A } from "./a";', "typescript"), ["./a"]);
});

test("python relative imports become relative paths", () => {
  assert.deepEqual(findRelativeImports("from .models import User\nfrom ..util.text import slug\nimport os\n", "python"), ["./models", "../util/text"]);
});

test("a TypeScript specifier resolves to the file, its extensions and index files, relative to the importer", () => {
  const candidates = importCandidates("src/cart/index.ts", "../prices", "typescript");
  assert.equal(candidates[0], "src/prices");
  assert.ok(candidates.includes("src/prices.ts"));
  assert.ok(candidates.includes("src/prices/index.ts"));
});

test("an ESM-style .js specifier also names the .ts source", () => {
  assert.ok(importCandidates("src/a.ts", "./b.js", "typescript").includes("src/b.ts"));
});

test("a specifier that climbs above the workspace names nothing", () => {
  assert.deepEqual(importCandidates("a.ts", "../../x", "typescript"), []);
});
