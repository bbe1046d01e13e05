import { chromium } from "playwright-core";
import type { BrowserContext, Page } from "playwright-core";
import { freshDir } from "../../scripts/paths.ts";

export const CHROMIUM_PATH = process.env.JUNCTION_CHROMIUM ?? "/usr/bin/chromium";

/** Debian's Chromium, headless, without the background traffic that floods a closed network. */
export async function launchBrowser(): Promise<{ context: BrowserContext; page: Page }> {
  const context = await chromium.launchPersistentContext(freshDir("chromium"), {
    executablePath: CHROMIUM_PATH,
    headless: true,
    viewport: { width: 1400, height: 900 },
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--disable-dev-shm-usage",
    ],
  });
  const page = context.pages()[0] ?? (await context.newPage());
  return { context, page };
}
