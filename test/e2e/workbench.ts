// Drives the VS Code workbench in the browser the way a user does: keyboard first.
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { FrameLocator, Locator, Page } from "playwright-core";
import { resultsDir } from "../../scripts/paths.ts";

export const screenshotsDir = join(resultsDir, "e2e");

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(screenshotsDir, { recursive: true });
  const path = join(screenshotsDir, `${name}.png`);
  await page.screenshot({ path });
  return path;
}

export async function waitForWorkbench(page: Page): Promise<void> {
  await page.locator(".monaco-workbench").waitFor({ state: "visible", timeout: 60_000 });
  await page.locator(".statusbar").waitFor({ state: "visible", timeout: 30_000 });
}

/** Junction's status bar item. Its accessible label carries the state ("Junction: ready"). */
export function junctionStatusItem(page: Page): Locator {
  return page.locator('.statusbar-item[id$="junction.status"]');
}

/**
 * F1, the command's title, Enter. The palette closes when the workbench takes the focus (a view
 * re-rendering after a command); then it is opened again, at most three times in all.
 */
export async function runCommand(page: Page, title: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await page.keyboard.press("F1");
      const input = page.locator(".quick-input-widget:not([inert]) input");
      await input.waitFor({ state: "visible", timeout: 10_000 });
      await input.fill(`>${title}`, { timeout: 5_000 });
      await page.locator(".quick-input-list .monaco-list-row", { hasText: title }).first().waitFor({ state: "visible", timeout: 10_000 });
      await input.press("Enter", { timeout: 5_000 });
      return;
    } catch (error) {
      if (attempt === 3) throw error;
      await page.keyboard.press("Escape");
    }
  }
}

/** Opens a file through Quick Open; `folder` picks among same-named files of a multi-root workspace. */
export async function openFile(page: Page, relativePath: string, folder?: string): Promise<void> {
  const name = relativePath.split("/").pop() ?? relativePath;
  await page.keyboard.press("Control+P");
  const input = page.locator(".quick-input-widget input");
  await input.waitFor({ state: "visible" });
  await input.fill(relativePath);
  let row = page.locator(".quick-input-list .monaco-list-row", { hasText: name });
  if (folder) row = row.filter({ hasText: folder });
  await row.first().waitFor({ state: "visible" });
  await row.first().click();
  await page.locator(".editor-group-container.active .tab.active", { hasText: name }).waitFor({ state: "visible" });
  await page.locator(".monaco-editor.focused").waitFor({ state: "visible" });
}

export async function goToLineEnd(page: Page, line: number): Promise<void> {
  await page.keyboard.press("Control+G");
  const input = page.locator(".quick-input-widget input");
  await input.waitFor({ state: "visible" });
  await input.fill(`:${line}`);
  await page.keyboard.press("Enter");
  await page.keyboard.press("End");
}

/** The content frame of the (single) webview panel. */
export function webviewFrame(page: Page): FrameLocator {
  return page.frameLocator("iframe.webview.ready").frameLocator("#active-frame");
}

/** The ghost text shown in the editors now, as one string (Monaco splits it into styled spans). */
export function ghostText(page: Page): Promise<string> {
  return page.evaluate(() =>
    [...document.querySelectorAll(".monaco-editor .ghost-text-decoration")]
      .map((element) => element.textContent ?? "")
      .join("")
      .replace(/\u00a0/g, " "),
  );
}

/**
 * Waits until the ghost text contains `expected`. Now and then it asks again through the command
 * palette's "Trigger Inline Suggestion", as a user would when a suggestion does not come.
 */
export async function waitForGhostText(page: Page, expected: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastTrigger = Date.now();
  let shown = "";
  while (Date.now() < deadline) {
    shown = await ghostText(page);
    if (shown.includes(expected)) return;
    // The provider may have registered after the keystrokes reached the browser.
    if (Date.now() - lastTrigger > 5_000) {
      await runCommand(page, "Trigger Inline Suggestion");
      lastTrigger = Date.now();
    }
    await page.waitForTimeout(200);
  }
  const evidence = await screenshot(page, `failure-ghost-text-${Date.now()}`);
  throw new Error(`Ghost text "${expected}" did not appear within ${timeoutMs} ms; shown: "${shown}" (screenshot ${evidence})`);
}

export function notificationToasts(page: Page): Locator {
  return page.locator(".notifications-toasts .notification-toast");
}

/**
 * Types into the open quick input (when `text` is given) and accepts: the first item of a pick,
 * the value of an input box. One widget serves every quick input in turn, so `placeholderStart`
 * names the one meant: text typed while the previous one closes would be lost.
 */
export async function acceptQuickPick(page: Page, text?: string, placeholderStart?: string): Promise<void> {
  const input = page.locator(placeholderStart ? `.quick-input-widget input[placeholder^="${placeholderStart}"]` : ".quick-input-widget input");
  await input.waitFor({ state: "visible", timeout: 15_000 });
  if (text === undefined) {
    await page.waitForTimeout(200);
    await page.keyboard.press("Enter");
  } else {
    await typeAndAccept(page, input, text);
  }
}

/**
 * Fills a quick input, waits until the widget holds exactly that text, then presses Enter on the
 * input itself: a view re-rendering behind it (the walkthrough) may hold the keyboard focus.
 */
export async function typeAndAccept(page: Page, input: Locator, text: string): Promise<void> {
  await input.fill(text);
  await page.waitForFunction(
    ([selector, expected]) => document.querySelector<HTMLInputElement>(selector)?.value === expected,
    [".quick-input-widget input.input", text] as const,
    { timeout: 5_000 },
  );
  await page.waitForTimeout(200);
  await input.press("Enter");
}

/**
 * Accepts VS Code's Refactor Preview. It lists changes that need confirmation unticked, so the
 * user ticks each file first, then presses Apply.
 */
export async function applyInRefactorPreview(page: Page, screenshotName?: string): Promise<void> {
  const apply = page.getByRole("button", { name: "Apply", exact: true });
  await apply.waitFor({ state: "visible", timeout: 20_000 });
  const fileRows = page.locator('.part.panel .monaco-list-row[aria-level="1"]');
  for (let index = 0; index < (await fileRows.count()); index += 1) {
    const checkbox = fileRows.nth(index).locator(".edit-checkbox");
    if ((await checkbox.getAttribute("aria-checked")) !== "true") await checkbox.click();
  }
  if (screenshotName) await screenshot(page, screenshotName);
  await apply.click();
}

/** The user's own flow: F1 → Junction: Set Cloud API Key → type it into the password box. */
export async function setCloudApiKey(page: Page, key: string): Promise<void> {
  await runCommand(page, "Junction: Set Cloud API Key");
  const input = page.locator(".quick-input-widget input[type=password]");
  await input.waitFor({ state: "visible" });
  await typeAndAccept(page, input, key);
  await page.locator(".notification-toast", { hasText: "cloud API key saved" }).waitFor({ state: "visible", timeout: 10_000 });
}

/** The file's text once it matches `expected` (saves reach the disk a moment after Ctrl+S), or after 10 s. */
export async function waitForFileText(path: string, expected: RegExp): Promise<string> {
  const deadline = Date.now() + 10_000;
  // A file VS Code is about to create reads as empty until it exists.
  const read = () => (existsSync(path) ? readFileSync(path, "utf8") : "");
  let text = read();
  while (!expected.test(text) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    text = read();
  }
  return text;
}
