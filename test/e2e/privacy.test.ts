// Privacy end to end: the packaged extension in code-server, the fake Ollama and the fake cloud on
// 127.0.0.1, a multi-root workspace of privacy situations, and the user asking for cloud
// completions. The fake cloud's request log proves what never left the machine.
import * as assert from "node:assert/strict";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import type { BrowserContext, Page } from "playwright-core";
import { startFakeOllama } from "../fakes/fakeOllama.ts";
import type { FakeOllama } from "../fakes/fakeOllama.ts";
import { startFakeOpenAi } from "../fakes/fakeOpenAi.ts";
import type { FakeOpenAi } from "../fakes/fakeOpenAi.ts";
import { FAKE_GITHUB_TOKEN } from "../fixtures/privacyValues.ts";
import { launchBrowser } from "../harness/browser.ts";
import { installExtension, startCodeServer } from "../harness/codeServer.ts";
import type { CodeServer } from "../harness/codeServer.ts";
import { packageVsix } from "../harness/packageVsix.ts";
import { freshDir } from "../harness/paths.ts";
import { createPrivacyWorkspace } from "../harness/privacyWorkspace.ts";
import { goToLineEnd, junctionStatusItem, openFile, runCommand, screenshot, waitForGhostText, waitForWorkbench } from "./workbench.ts";

const API_KEY = "sk-junction-e2e-key";
// The user types "r"; the models continue it.
const LOCAL_ANSWER = "eturn 'hello ' + name;";
const CLOUD_ANSWER = "eturn `Hello, ${name}!`;";

interface Session {
  server: CodeServer;
  browser: BrowserContext;
  page: Page;
}

let ollama: FakeOllama;
let cloud: FakeOpenAi;
let vsix: string;

const cloudChats = () => cloud.requests.filter((request) => request.path === "/v1/chat/completions");

async function openSession(target: string, workspaceTrust: boolean): Promise<Session> {
  const profileDir = freshDir(workspaceTrust ? "e2e-untrusted" : "e2e-privacy");
  installExtension(profileDir, vsix);
  const server = await startCodeServer({
    profileDir,
    folder: target,
    workspaceTrust,
    userSettings: {
      "junction.local.endpoint": ollama.url,
      "junction.cloud.endpoint": `${cloud.url}/v1`,
      "junction.cloud.model": "gpt-4.1-mini",
      "junction.completion.route": "cloud",
      "junction.privacy.privateRemotes": ["github.com/acme/**"],
    },
  });
  const { context: browser, page } = await launchBrowser();
  await page.goto(server.workbenchUrl(target));
  await waitForWorkbench(page);
  await junctionStatusItem(page).and(page.locator('[aria-label="Junction: ready"]')).waitFor({ state: "visible", timeout: 60_000 });
  return { server, browser, page };
}

async function closeSession(session: Session | undefined): Promise<void> {
  await session?.browser.close().catch(() => undefined);
  await session?.server.stop();
}

/** The user's own flow: F1 → Junction: Set Cloud API Key → type it into the password box. */
async function setApiKey(page: Page): Promise<void> {
  await runCommand(page, "Junction: Set Cloud API Key");
  const input = page.locator(".quick-input-widget input[type=password]");
  await input.waitFor({ state: "visible" });
  await input.fill(API_KEY);
  await page.keyboard.press("Enter");
  await page.locator(".notification-toast", { hasText: "cloud API key saved" }).waitFor({ state: "visible", timeout: 10_000 });
}

before(async () => {
  ollama = await startFakeOllama();
  cloud = await startFakeOpenAi({ apiKey: API_KEY, models: ["gpt-4.1-mini"] });
  ollama.script({ path: "/api/generate", promptMatches: /\n  r$/, reply: LOCAL_ANSWER });
  vsix = process.env.JUNCTION_VSIX ?? packageVsix();
});

after(async () => {
  await ollama?.stop();
  await cloud?.stop();
});

describe("a trusted multi-root workspace with the cloud route on", () => {
  let session: Session;

  before(async () => {
    const workspaceFile = createPrivacyWorkspace(mkdtempSync(join(tmpdir(), "junction-e2e-privacy-")));
    session = await openSession(workspaceFile, false);
    await setApiKey(session.page);
  });

  after(() => closeSession(session));

  test("a private folder's file gets ghost text from the local model; the cloud receives nothing", async () => {
    const { page } = session;
    cloud.reset();
    cloud.script({ path: "/v1/chat/completions", reply: CLOUD_ANSWER });
    await openFile(page, "src/app.ts", "private-app");
    await goToLineEnd(page, 2);
    await page.keyboard.type("r", { delay: 40 });
    await waitForGhostText(page, LOCAL_ANSWER);
    await screenshot(page, "privacy-01-private-folder-local");
    assert.equal(cloudChats().length, 0);
  });

  test("a secret in a public folder's file is redacted: the cloud answers, and never sees the token", async () => {
    const { page } = session;
    cloud.reset();
    cloud.script({ path: "/v1/chat/completions", reply: "eturn githubToken.slice(0, 4);" });
    await page.keyboard.press("Escape");
    await openFile(page, "src/config.ts", "public-app");
    await goToLineEnd(page, 3);
    await page.keyboard.type("r", { delay: 40 });
    await waitForGhostText(page, "eturn githubToken.slice(0, 4);");
    await screenshot(page, "privacy-02-public-folder-cloud-redacted");
    assert.ok(cloudChats().length >= 1, "the cloud model served the public folder");
    for (const request of cloudChats()) {
      const body = JSON.stringify(request.body);
      assert.ok(!body.includes(FAKE_GITHUB_TOKEN), "no secret byte reached the cloud");
      assert.ok(body.includes("<<JUNCTION_SECRET_1>>"));
    }
  });

  test("Explain Route says why a private folder's file stays on this machine", async () => {
    const { page } = session;
    await page.keyboard.press("Escape");
    await openFile(page, "src/app.ts", "acme-app");
    await runCommand(page, "Junction: Explain Route for This File");
    const dialog = page.locator(".monaco-dialog-box");
    await dialog.waitFor({ state: "visible" });
    const text = (await dialog.textContent()) ?? "";
    assert.match(text, /local-only/);
    assert.match(text, /privateRemotes pattern github\.com\/acme/);
    await screenshot(page, "privacy-03-explain-route");
    await page.keyboard.press("Escape");
  });
});

describe("an untrusted workspace (Restricted Mode)", () => {
  let session: Session;

  before(async () => {
    const root = mkdtempSync(join(tmpdir(), "junction-e2e-untrusted-"));
    createPrivacyWorkspace(root);
    // Public, MIT-licensed, and its folder settings say "cloud-allowed": only the missing trust keeps it local.
    session = await openSession(join(root, "public-app"), true);
    await setApiKey(session.page);
  });

  after(() => closeSession(session));

  test("even a public folder stays local-only: ghost text from the local model, nothing to the cloud", async () => {
    const { page } = session;
    cloud.reset();
    cloud.script({ path: "/v1/chat/completions", reply: CLOUD_ANSWER });
    await page.locator(".statusbar-item", { hasText: "Restricted Mode" }).waitFor({ state: "visible", timeout: 20_000 });
    await openFile(page, "src/app.ts");
    await goToLineEnd(page, 2);
    await page.keyboard.type("r", { delay: 40 });
    await waitForGhostText(page, LOCAL_ANSWER);
    await screenshot(page, "privacy-04-untrusted-local");
    assert.equal(cloudChats().length, 0);
  });
});
