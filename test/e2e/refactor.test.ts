// Refactors as a user runs them: F1, a quick pick, VS Code's Refactor Preview, Apply, the file on disk.
import * as assert from "node:assert/strict";
import { join } from "node:path";
import { after, before, test } from "node:test";
import type { Page } from "playwright-core";
import { startFakeOllama } from "../fakes/fakeOllama.ts";
import type { FakeOllama } from "../fakes/fakeOllama.ts";
import { renameAnswer } from "./publicFolder.ts";
import { demoWorkspaceIn, openJunction } from "./session.ts";
import type { JunctionSession } from "./session.ts";
import { acceptQuickPick, applyInRefactorPreview, openFile, runCommand, screenshot, waitForFileText } from "./workbench.ts";

const DOC_ANSWER = [
  "I added a documentation comment.",
  "<<<FILE src/cart.ts",
  "<<<SEARCH",
  'export function formatPrice(amount: number, currency = "EUR"): string {',
  "===",
  "/** Formats an amount of money for display, e.g. €1,234.50. */",
  'export function formatPrice(amount: number, currency = "EUR"): string {',
  ">>>REPLACE",
  ">>>END",
].join("\n");

const RENAME_ANSWER = renameAnswer();

let ollama: FakeOllama;
let session: JunctionSession;
let page: Page;
let workspace = "";

before(async () => {
  ollama = await startFakeOllama();
  ollama.script({ path: "/api/chat", promptIncludes: "Task: Add documentation comments", reply: DOC_ANSWER });
  ollama.script({ path: "/api/chat", promptIncludes: "Task: Rename applyDiscount", reply: RENAME_ANSWER });
  session = await openJunction({
    name: "e2e-refactor",
    folder: (profileDir) => (workspace = demoWorkspaceIn(profileDir)),
    userSettings: { "junction.local.endpoint": ollama.url },
  });
  page = session.page;
});

after(async () => {
  await session?.close();
  await ollama?.stop();
});

test("F1 → Refactor Selection… → a quick refactor → Refactor Preview → tick → Apply: the file on disk has the change", async () => {
  await openFile(page, "src/cart.ts");
  await page.keyboard.press("Control+G");
  await acceptQuickPick(page, ":15");
  await page.keyboard.press("Shift+ArrowDown");
  await page.keyboard.press("Shift+ArrowDown");
  await runCommand(page, "Junction: Refactor Selection…");
  await acceptQuickPick(page, "Document");
  await page.locator(".quick-input-widget", { hasText: "where should this refactor run?" }).waitFor({ state: "visible" });
  await screenshot(page, "refactor-01-route");
  await page.keyboard.press("Enter");
  await applyInRefactorPreview(page, "refactor-02-preview");
  await page.keyboard.press("Control+S");
  const text = await waitForFileText(join(workspace, "src", "cart.ts"), /Formats an amount/);
  assert.match(text, /\/\*\* Formats an amount of money for display, e\.g\. €1,234\.50\. \*\/\nexport function formatPrice/);
  const chat = ollama.requests.filter((request) => request.path === "/api/chat");
  assert.equal(chat.length, 1);
  assert.match(JSON.stringify(chat[0]?.body), /The selection in src\/cart\.ts \(lines 15–16\)/);
});

test("F1 → Refactor Across Files… on the two-file demo changes both files", async () => {
  await openFile(page, "src/cart.ts");
  await runCommand(page, "Junction: Refactor Across Files…");
  const files = page.locator(".quick-input-widget", { hasText: "which files may change?" });
  await files.waitFor({ state: "visible" });
  await page.locator(".quick-input-list .monaco-list-row", { hasText: "checkout.ts" }).first().waitFor({ state: "visible" });
  await screenshot(page, "refactor-03-files");
  await page.keyboard.press("Enter");
  await acceptQuickPick(page, "Rename applyDiscount to discounted across these files");
  await page.locator(".quick-input-widget", { hasText: "where should this multi-file refactor run?" }).waitFor({ state: "visible" });
  await page.keyboard.press("Enter");
  await applyInRefactorPreview(page, "refactor-04-preview-two-files");
  await runCommand(page, "File: Save All");
  const cart = await waitForFileText(join(workspace, "src", "cart.ts"), /function discounted/);
  const checkout = await waitForFileText(join(workspace, "src", "checkout.ts"), /discounted\(subtotal/);
  assert.match(cart, /export function discounted\(total: number, percent: number\): number \{/);
  assert.match(checkout, /import \{ discounted, subtotal \} from "\.\/cart";/);
  assert.match(checkout, /return discounted\(subtotal\(items\), discountPercent\);/);
  const body = JSON.stringify(ollama.requests.filter((request) => request.path === "/api/chat").at(-1)?.body);
  assert.ok(body.includes("src/checkout.ts"), "the related file was sent");
});
