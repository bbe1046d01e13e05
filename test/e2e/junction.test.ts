// A real VS Code (code-server) in a real browser (Debian Chromium), with the packaged .vsix
// installed exactly as a user would, and the fake Ollama on 127.0.0.1 as the local model.
import * as assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, test } from "node:test";
import type { Page } from "playwright-core";
import { startFakeOllama } from "../fakes/fakeOllama.ts";
import type { FakeOllama } from "../fakes/fakeOllama.ts";
import { demoWorkspaceIn, openJunction } from "./session.ts";
import type { JunctionSession } from "./session.ts";
import {
  goToLineEnd,
  junctionStatusItem,
  notificationToasts,
  openFile,
  runCommand,
  screenshot,
  waitForFileText,
  waitForGhostText,
  webviewFrame,
} from "./workbench.ts";

const COMPLETION = "total * (1 - percent / 100);";
/** A legal Linux file name that is also markup: the panel must show it as text. */
const HOSTILE_NAME = "<img src=x onerror=alert(1)>.ts";

let ollama: FakeOllama;
let session: JunctionSession;
let page: Page;
let workspace = "";

before(async () => {
  ollama = await startFakeOllama();
  ollama.script({ path: "/api/generate", promptMatches: /applyDiscount[\s\S]*return $/, reply: COMPLETION });
  ollama.script({ path: "/api/generate", promptMatches: /def distance[^\n]*\n {4}r$/, reply: "eturn math.dist(a, b)" });
  // A model that re-types the bracket the editor already closed, as small models often do.
  ollama.script({ path: "/api/generate", promptMatches: /console\.log\($/, reply: '"total", total);' });
  session = await openJunction({
    name: "e2e",
    folder: (profileDir) => {
      workspace = demoWorkspaceIn(profileDir);
      writeFileSync(join(workspace, "src", HOSTILE_NAME), "export const answer = \n");
      return workspace;
    },
    userSettings: { "junction.local.endpoint": ollama.url },
  });
  page = session.page;
});

after(async () => {
  await session?.close();
  await ollama?.stop();
});

test("typing in a file shows ghost text from the local model, and Tab accepts it into the file", async () => {
  await openFile(page, "src/cart.ts");
  await goToLineEnd(page, 12);
  await page.keyboard.type("return ", { delay: 40 });
  await waitForGhostText(page, COMPLETION);
  await screenshot(page, "01-ghost-text");

  await page.keyboard.press("Tab");
  await page.keyboard.press("Control+S");
  const text = await waitForFileText(join(workspace, "src", "cart.ts"), /return total \* \(1 - percent/);
  assert.match(text, /applyDiscount\(total: number, percent: number\): number \{\n {2}return total \* \(1 - percent \/ 100\);\n\}/);
  await screenshot(page, "02-accepted");

  const generate = ollama.requests.filter((request) => request.path === "/api/generate");
  assert.ok(
    generate.some((request) => String(request.body.prompt).endsWith("applyDiscount(total: number, percent: number): number {\n  return ")),
    "the fake Ollama was asked to complete after what was typed",
  );
});

test("in a Python file, ghost text continues what was typed and Tab writes exactly that line", async () => {
  await openFile(page, "src/geometry.py");
  await goToLineEnd(page, 9);
  await page.keyboard.type("r", { delay: 40 });
  await waitForGhostText(page, "eturn math.dist(a, b)");
  await page.keyboard.press("Tab");
  await page.keyboard.press("Control+S");
  const text = await waitForFileText(join(workspace, "src", "geometry.py"), /return math\.dist/);
  assert.match(text, /def distance\(a: tuple\[float, float\], b: tuple\[float, float\]\) -> float:\n {4}return math\.dist\(a, b\)\n$/);
  await screenshot(page, "02b-python-accepted");
});

test("a completion that re-types the closing bracket after the cursor is accepted without a duplicate", async () => {
  await openFile(page, "src/scratch.ts");
  await page.keyboard.press("Control+End");
  // The editor closes the bracket itself: the cursor sits before ")".
  await page.keyboard.type("\nconsole.log(", { delay: 40 });
  await waitForGhostText(page, '"total", total');
  await page.keyboard.press("Tab");
  await page.keyboard.press("Control+S");
  const text = await waitForFileText(join(workspace, "src", "scratch.ts"), /console\.log\("total"/);
  assert.match(text, /\nconsole\.log\("total", total\);?\n?$/);
  assert.doesNotMatch(text, /\)\)/, "no duplicated closing bracket");
});

test("a file name that is markup is shown as text in the panel, never run", async () => {
  const dialogs: string[] = [];
  page.on("dialog", (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  await openFile(page, "onerror");
  await page.keyboard.press("Control+End");
  await page.keyboard.type("4", { delay: 40 });
  const deadline = Date.now() + 15_000;
  while (!ollama.requests.some((request) => String(request.body?.prompt ?? "").includes("onerror")) && Date.now() < deadline) {
    await page.waitForTimeout(200);
  }
  await runCommand(page, "Junction: Show Panel");
  const panel = webviewFrame(page);
  await panel.locator("vscode-table-row, .row", { hasText: "onerror" }).first().waitFor({ state: "visible", timeout: 20_000 });
  assert.equal(await panel.locator("img").count(), 0, "no element was created from the file name");
  assert.ok(((await panel.locator("body").textContent()) ?? "").includes("<img src=x onerror=alert(1)>"), "the name is shown literally");
  assert.deepEqual(dialogs, [], "nothing ran");
  await screenshot(page, "03a-panel-markup-file-name");
  await page.keyboard.press("Escape");
});

test("F1 → Junction: Show Panel renders the panel with the session's request", async () => {
  await runCommand(page, "Junction: Show Panel");
  const panel = webviewFrame(page);
  await panel.locator("h1", { hasText: "Junction" }).waitFor({ state: "visible", timeout: 20_000 });
  await panel.locator("vscode-table-row", { hasText: "completion" }).first().waitFor({ state: "visible" });
  assert.match((await panel.locator("#local-status").textContent()) ?? "", /qwen2\.5-coder:1\.5b-base/);
  assert.equal(await panel.locator("#empty-state").isHidden(), true);
  await screenshot(page, "03-panel");
});

test("when Ollama stops, the status bar warns with the endpoint and the fix, and no toast appears", async () => {
  await ollama.stop();
  await openFile(page, "src/scratch.ts");
  await page.keyboard.press("Control+End");
  await page.keyboard.type("\nconst answer = ", { delay: 40 });
  const status = junctionStatusItem(page);
  await page.waitForFunction(
    () => (document.querySelector('.statusbar-item[id$="junction.status"]')?.getAttribute("aria-label") ?? "").includes("Nothing answers"),
    undefined,
    { timeout: 15_000 },
  );
  const label = (await status.getAttribute("aria-label")) ?? "";
  assert.ok(label.includes(ollama.url), `the label names the endpoint: ${label}`);
  assert.match(label, /ollama serve/);
  const background = await status.evaluate((element) => getComputedStyle(element).backgroundColor);
  assert.notEqual(background, "rgba(0, 0, 0, 0)", "the item has the warning background");
  // Keep typing: still no notification per keystroke.
  await page.keyboard.type("4", { delay: 200 });
  await page.keyboard.type("2;", { delay: 200 });
  assert.equal(await notificationToasts(page).count(), 0, "no error toast");
  await status.hover();
  await page
    .locator(".monaco-hover, .workbench-hover")
    .first()
    .waitFor({ state: "visible", timeout: 5_000 })
    .catch(() => undefined);
  await screenshot(page, "04-ollama-down");

  await page.mouse.move(10, 10);
  await runCommand(page, "Junction: Show Log");
  const outputView = page.locator(".part.panel .monaco-editor .view-lines");
  await outputView.filter({ hasText: "Local model unavailable (unreachable)" }).waitFor({ state: "visible", timeout: 10_000 });
  assert.match((await outputView.textContent())?.replace(/\u00a0/g, " ") ?? "", new RegExp(`unreachable\\) at ${ollama.url.replace(/\./g, "\\.")}`));
  await screenshot(page, "05-log");
});
