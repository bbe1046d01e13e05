// The README's run command itself (`npm start` → scripts/runJunction.ts), as a newcomer
// without Ollama experiences it: simulated models, said plainly, and ghost text in the demo.
import * as assert from "node:assert/strict";
import { spawn } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import { join } from "node:path";
import { after, before, test } from "node:test";
import type { BrowserContext, Page } from "playwright-core";
import { launchBrowser } from "../harness/browser.ts";
import { freePort } from "../../scripts/codeServer.ts";
import { freshDir, repoRoot } from "../../scripts/paths.ts";
import { goToLineEnd, junctionStatusItem, openFile, runCommand, screenshot, waitForGhostText, waitForWorkbench, webviewFrame } from "./workbench.ts";

let demo: ChildProcess;
let output = "";
let browser: BrowserContext;
let page: Page;

before(async () => {
  // Nothing listens on this port, so the run command must fall back to its simulated models.
  const noOllama = `http://127.0.0.1:${await freePort()}`;
  demo = spawn(process.execPath, [join(repoRoot, "scripts", "runJunction.ts")], {
    cwd: repoRoot,
    env: { ...process.env, OLLAMA_HOST_URL: noOllama, JUNCTION_PORT: "0", JUNCTION_DEMO_DIR: freshDir("demo-e2e") },
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  demo.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  demo.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const deadline = Date.now() + 120_000;
  let url: string | undefined;
  while (!url && Date.now() < deadline && demo.exitCode === null) {
    url = /is running: (http:\/\/\S+)/.exec(output)?.[1];
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  assert.ok(url, `the run command printed its URL; it printed:\n${output}`);
  ({ context: browser, page } = await launchBrowser());
  await page.goto(url);
  await waitForWorkbench(page);
});

after(async () => {
  await browser?.close().catch(() => undefined);
  if (demo?.pid !== undefined && demo.exitCode === null) {
    const exited = new Promise((resolve) => demo.once("exit", resolve));
    process.kill(-demo.pid, "SIGTERM");
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 15_000))]);
    try {
      process.kill(-demo.pid, "SIGKILL");
    } catch {
      // already gone
    }
  }
});

test("without Ollama the run command says it uses simulated models, in the terminal and in the status bar", async () => {
  assert.match(output, /No Ollama answers at http:\/\/127\.0\.0\.1:\d+/);
  assert.match(output, /SIMULATED model server/);
  const status = junctionStatusItem(page);
  await status.and(page.locator('[aria-label="Junction: ready (simulated models)"]')).waitFor({ state: "visible", timeout: 60_000 });
  assert.match((await status.textContent()) ?? "", /Junction · simulated models/);
  await screenshot(page, "demo-01-status-bar");
});

test("typing in the demo workspace shows ghost text from the simulated model", async () => {
  await openFile(page, "src/cart.ts");
  await goToLineEnd(page, 12);
  await page.keyboard.type("return ", { delay: 40 });
  await waitForGhostText(page, "total * (1 - percent / 100);");
  await screenshot(page, "demo-02-ghost-text");
});

test("the panel opens and says the models are simulated", async () => {
  await page.keyboard.press("Escape");
  await runCommand(page, "Junction: Show Panel");
  const panel = webviewFrame(page);
  await panel.locator("#local-status", { hasText: "Simulated models" }).waitFor({ state: "visible", timeout: 20_000 });
  await panel.locator("vscode-table-row", { hasText: "completion" }).first().waitFor({ state: "visible" });
  await screenshot(page, "demo-03-panel");
});
