// A public folder as Junction classifies one (a GitHub remote and an MIT licence at its root),
// holding the demo's two files that import each other, and the user's own steps for a multi-file
// refactor in it: F1, the file pick, the instruction, the route pick, Refactor Preview, Apply.
import { execFileSync } from "node:child_process";
import { cpSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { MIT_LICENCE } from "../harness/privacyWorkspace.ts";
import { repoRoot } from "../../scripts/paths.ts";
import { acceptQuickPick, applyInRefactorPreview, openFile, runCommand, screenshot, waitForFileText } from "./workbench.ts";

export const RENAME_INSTRUCTION = "Rename applyDiscount to discounted across these files";

/** Creates `<parent>/<name>`: src/cart.ts and src/checkout.ts, LICENSE, and a git repository with a public GitHub remote. */
export function publicFolderIn(parent: string, name: string): string {
  const folder = join(parent, name);
  cpSync(join(repoRoot, "test", "fixtures", "demo-workspace", "src"), join(folder, "src"), {
    recursive: true,
    filter: (path) => !/(geometry\.py|scratch\.ts)$/.test(path),
  });
  writeFileSync(join(folder, "LICENSE"), MIT_LICENCE);
  execFileSync("git", ["init", "-q"], { cwd: folder, stdio: "ignore" });
  execFileSync("git", ["remote", "add", "origin", `https://github.com/junction-demo/${name}.git`], { cwd: folder, stdio: "ignore" });
  return folder;
}

/** The model's answer to RENAME_INSTRUCTION in Junction's edit format; `prefix` is the folder's name in a multi-root workspace. */
export function renameAnswer(prefix = ""): string {
  return [
    "Renamed applyDiscount to discounted in both files.",
    `<<<FILE ${prefix}src/cart.ts`,
    "<<<SEARCH",
    "export function applyDiscount(total: number, percent: number): number {",
    "===",
    "export function discounted(total: number, percent: number): number {",
    ">>>REPLACE",
    ">>>END",
    `<<<FILE ${prefix}src/checkout.ts`,
    "<<<SEARCH",
    'import { applyDiscount, subtotal } from "./cart";',
    "===",
    'import { discounted, subtotal } from "./cart";',
    ">>>REPLACE",
    "<<<SEARCH",
    "  return applyDiscount(subtotal(items), discountPercent);",
    "===",
    "  return discounted(subtotal(items), discountPercent);",
    ">>>REPLACE",
    ">>>END",
  ].join("\n");
}

/**
 * Runs the rename as a user does, taking the recommended route, which must be the cloud model
 * `cloudModel`; resolves once both files on disk have the change.
 */
export async function renameAcrossFilesOnTheCloud(
  page: Page,
  options: { folder: string; folderName?: string; cloudModel: string; screenshotPrefix: string },
): Promise<{ cart: string; checkout: string }> {
  await openFile(page, "src/cart.ts", options.folderName);
  await runCommand(page, "Junction: Refactor Across Files…");
  await page.locator(".quick-input-widget", { hasText: "which files may change?" }).waitFor({ state: "visible" });
  await page.locator(".quick-input-list .monaco-list-row", { hasText: "checkout.ts" }).first().waitFor({ state: "visible" });
  await page.keyboard.press("Enter");
  await acceptQuickPick(page, RENAME_INSTRUCTION);
  const routes = page.locator(".quick-input-widget", { hasText: "where should this multi-file refactor run?" });
  await routes.waitFor({ state: "visible" });
  const recommended = routes.locator(".quick-input-list .monaco-list-row").first();
  await recommended.filter({ hasText: `Cloud model — ${options.cloudModel}` }).waitFor({ state: "visible", timeout: 10_000 });
  await screenshot(page, `${options.screenshotPrefix}-route`);
  await page.keyboard.press("Enter");
  await applyInRefactorPreview(page, `${options.screenshotPrefix}-preview`);
  await runCommand(page, "File: Save All");
  return {
    cart: await waitForFileText(join(options.folder, "src", "cart.ts"), /function discounted/),
    checkout: await waitForFileText(join(options.folder, "src", "checkout.ts"), /discounted\(subtotal/),
  };
}
