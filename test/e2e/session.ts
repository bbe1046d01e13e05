// One running Junction as a user has it: the packaged .vsix installed into a fresh code-server
// profile, the workbench open in Chromium, and Junction's status bar saying it is ready.
import { cpSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach } from "node:test";
import type { BrowserContext, Page } from "playwright-core";
import { launchBrowser } from "../harness/browser.ts";
import { installExtension, startCodeServer } from "../../scripts/codeServer.ts";
import type { CodeServer } from "../../scripts/codeServer.ts";
import { packageFolder, packageVsix } from "../../scripts/packageVsix.ts";
import { freshDir, repoRoot } from "../../scripts/paths.ts";
import { junctionStatusItem, waitForWorkbench } from "./workbench.ts";
import { assertNoTwinSurprises } from "../fakes/fakeOllama.ts";

// Every e2e test that opens Junction runs against the Ollama twin strictly: a model reload (a
// changed num_ctx, an eviction) or a request forwarded to a cloud during the test fails it, as a
// real Ollama would have made the user wait or sent the code away. A test that means to cause one
// takes it with `ollama.acknowledgeSurprises()`.
afterEach(() => assertNoTwinSurprises());

export interface JunctionSession {
  server: CodeServer;
  browser: BrowserContext;
  page: Page;
  /** The code-server profile folder (extensions, settings, logs). */
  profileDir: string;
  /** What Junction wrote to its output channel so far (its log file in the profile). */
  junctionLog(): string;
  close(): Promise<void>;
}

export interface SessionOptions {
  /** Names the profile folder under .junction-run. */
  name: string;
  /** A folder or a .code-workspace file, or a function that makes one inside the profile folder. */
  folder: string | ((profileDir: string) => string);
  userSettings?: Record<string, unknown>;
  workspaceTrust?: boolean;
  /** Wait for "Junction: ready" (the default); an untrusted or misconfigured window may not get there. */
  waitForReady?: boolean;
  /** Folders under test/fixtures/extensions to install beside Junction (stand-ins of other extensions). */
  otherExtensions?: string[];
}

/** The .vsix the e2e layer installs: exactly what `npm run package` produces. */
export function vsixUnderTest(): string {
  process.env.JUNCTION_VSIX ??= packageVsix();
  return process.env.JUNCTION_VSIX;
}

export async function openJunction(options: SessionOptions): Promise<JunctionSession> {
  const profileDir = freshDir(options.name);
  installExtension(profileDir, vsixUnderTest());
  for (const name of options.otherExtensions ?? [])
    installExtension(profileDir, packageFolder(join(repoRoot, "test", "fixtures", "extensions", name), profileDir));
  const folder = typeof options.folder === "string" ? options.folder : options.folder(profileDir);
  const server = await startCodeServer({
    profileDir,
    folder,
    ...(options.userSettings ? { userSettings: options.userSettings } : {}),
    ...(options.workspaceTrust ? { workspaceTrust: true } : {}),
  });
  const { context: browser, page } = await launchBrowser();
  await page.goto(server.workbenchUrl(folder));
  await waitForWorkbench(page);
  // Typing before the provider's registration reaches the browser gives no ghost text.
  if (options.waitForReady !== false) {
    await junctionStatusItem(page).and(page.locator('[aria-label="Junction: ready"]')).waitFor({ state: "visible", timeout: 60_000 });
  }
  return {
    server,
    browser,
    page,
    profileDir,
    junctionLog: () => junctionLogIn(profileDir),
    async close() {
      await browser.close().catch(() => undefined);
      await server.stop();
    },
  };
}

function junctionLogIn(profileDir: string): string {
  const logs = join(profileDir, "user-data", "logs");
  const files = readdirSync(logs, { recursive: true, encoding: "utf8" }).filter((path) => path.endsWith("Junction.log"));
  return files.map((path) => readFileSync(join(logs, path), "utf8")).join("\n");
}

/** A copy of the demo workspace inside `profileDir`, which the tests may change freely. */
export function demoWorkspaceIn(profileDir: string): string {
  const workspace = join(profileDir, "demo-workspace");
  cpSync(join(repoRoot, "test", "fixtures", "demo-workspace"), workspace, { recursive: true });
  return workspace;
}
