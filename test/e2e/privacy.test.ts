// Privacy end to end: the packaged extension in code-server, the fake Ollama and the fake cloud on
// 127.0.0.1, a multi-root workspace of privacy situations, and the user asking for cloud
// completions. The fake cloud's request log proves what never left the machine.
import * as assert from "node:assert/strict";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { startFakeOllama } from "../fakes/fakeOllama.ts";
import type { FakeOllama } from "../fakes/fakeOllama.ts";
import type { ChatTwin } from "../fakes/cloud/chatTwin.ts";
import { startOpenAiTwin } from "../fakes/cloud/openAiTwin.ts";
import { FAKE_GITHUB_TOKEN } from "../fixtures/privacyValues.ts";
import { createPrivacyWorkspace } from "../harness/privacyWorkspace.ts";
import { openJunction } from "./session.ts";
import type { JunctionSession } from "./session.ts";
import { goToLineEnd, openFile, runCommand, screenshot, setCloudApiKey, waitForGhostText } from "./workbench.ts";

const API_KEY = "sk-junction-e2e-key";
// The user types "r"; the models continue it.
const LOCAL_ANSWER = "eturn 'hello ' + name;";
const CLOUD_ANSWER = "eturn `Hello, ${name}!`;";

let ollama: FakeOllama;
let cloud: ChatTwin;

const cloudChats = () => cloud.requests.filter((request) => request.path === "/v1/chat/completions");

function openSession(target: string, workspaceTrust: boolean): Promise<JunctionSession> {
  return openJunction({
    name: workspaceTrust ? "e2e-untrusted" : "e2e-privacy",
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
}

before(async () => {
  ollama = await startFakeOllama();
  cloud = await startOpenAiTwin({ apiKey: API_KEY, models: ["gpt-4.1-mini"] });
  ollama.script({ path: "/api/generate", promptMatches: /\n {2}r$/, reply: LOCAL_ANSWER });
});

after(async () => {
  await ollama?.stop();
  await cloud?.stop();
});

describe("a trusted multi-root workspace with the cloud route on", () => {
  let session: JunctionSession;

  before(async () => {
    const workspaceFile = createPrivacyWorkspace(mkdtempSync(join(tmpdir(), "junction-e2e-privacy-")));
    session = await openSession(workspaceFile, false);
    await setCloudApiKey(session.page, API_KEY);
  });

  after(() => session?.close());

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
  let session: JunctionSession;

  before(async () => {
    const root = mkdtempSync(join(tmpdir(), "junction-e2e-untrusted-"));
    createPrivacyWorkspace(root);
    // Public, MIT-licensed, and its folder settings say "cloud-allowed": only the missing trust keeps it local.
    session = await openSession(join(root, "public-app"), true);
    await setCloudApiKey(session.page, API_KEY);
  });

  after(() => session?.close());

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
