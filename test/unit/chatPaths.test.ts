// The files a chat request names, found as path-like words: attachments' absolute paths, URIs,
// tool arguments, search results and terminal output.
import { test } from "node:test";
import assert from "node:assert/strict";
import { MAX_PATH_CANDIDATES, findPathCandidates, outsideFileIsLocalOnly } from "../../src/core/chat/chatPaths.ts";

test("absolute paths and file URIs, with line suffixes and closing punctuation cut off", () => {
  const found = findPathCandidates([
    '<attachment filePath="/work/shop/.env">',
    "see file:///work/shop/src/My%20Cart.ts#L12 and /work/shop/src/cart.ts:40:2.",
    "C:\\Users\\me\\shop\\src\\app.ts",
  ]);
  assert.deepEqual(found.absolute.sort(), ["/work/shop/.env", "/work/shop/src/My Cart.ts", "/work/shop/src/cart.ts", "C:/Users/me/shop/src/app.ts"].sort());
});

test("relative paths: words with a slash, dotfiles and file names with a known extension", () => {
  const found = findPathCandidates(["src/billing/tax.ts:3: const RATE = 0.2;", "cat .env.local && cat ./secrets/keys.ts", "config.json and server.key"]);
  for (const path of ["src/billing/tax.ts", ".env.local", "secrets/keys.ts", "config.json", "server.key"]) assert.ok(found.relative.includes(path), path);
});

test("code and URLs are not taken for files: member access, numbers, a URL's path", () => {
  const found = findPathCandidates(["console.log(items.length); const v = 1.5; fetch('https://example.com/api/v1.json')"]);
  assert.deepEqual(found, { absolute: [], relative: [], overflow: false });
});

test("a request naming more files than are checked says so, and stops collecting", () => {
  const text = Array.from({ length: MAX_PATH_CANDIDATES + 10 }, (_, index) => `src/file${index}.ts`).join("\n");
  const found = findPathCandidates([text]);
  assert.equal(found.overflow, true);
  assert.equal(found.relative.length, MAX_PATH_CANDIDATES);
});

test("outside the workspace, only credential files count as local-only", () => {
  assert.equal(outsideFileIsLocalOnly("/home/me/.ssh/id_rsa"), "id_rsa*");
  assert.equal(outsideFileIsLocalOnly("/home/me/project/.env"), ".env");
  assert.equal(outsideFileIsLocalOnly("/usr/include/stdio.h"), undefined);
  assert.equal(outsideFileIsLocalOnly("/"), undefined);
});
