// A new user's first five minutes, in the browser: a fresh profile with nothing set, Ollama
// running without any model, and only the "Get started with Junction" walkthrough to follow —
// check Ollama, pull the models (progress to 100 %), set up and test the cloud (the OpenAI twin,
// with the default gpt-5-mini, which refuses what OpenAI's reasoning models refuse), choose the
// privacy stance, and accept the first completion. Then a multi-file refactor in the workspace's
// public folder goes to gpt-5-mini and is applied.
import * as assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, test } from "node:test";
import type { Locator, Page } from "playwright-core";
import { startFakeOllama } from "../fakes/fakeOllama.ts";
import type { FakeOllama } from "../fakes/fakeOllama.ts";
import type { ChatTwin } from "../fakes/cloud/chatTwin.ts";
import { DEFAULT_OPENAI_MODELS, startOpenAiTwin } from "../fakes/cloud/openAiTwin.ts";
import { publicFolderIn, renameAcrossFilesOnTheCloud, renameAnswer } from "./publicFolder.ts";
import { demoWorkspaceIn, openJunction } from "./session.ts";
import type { JunctionSession } from "./session.ts";
import {
  acceptQuickPick,
  ghostText,
  junctionStatusItem,
  notificationToasts,
  runCommand,
  screenshot,
  typeAndAccept,
  waitForFileText,
  waitForGhostText,
} from "./workbench.ts";

/** Where a fresh install looks for Ollama: with the fake there, the profile needs no setting at all. */
const OLLAMA_DEFAULT_PORT = 11434;
const CLOUD_KEY = "sk-walkthrough-e2e";
const FIRST_COMPLETION = "items.reduce((sum, item) => sum + item.unitPrice * item.quantity, 0);";

let ollama: FakeOllama;
let cloud: ChatTwin;
let session: JunctionSession;
let page: Page;
let freshProfile = true;
let workspaceDir: string;
let publicDir: string;
/** The default junction.cloud.model of a fresh profile. */
const CLOUD_MODEL = "gpt-5-mini";

const cloudChats = () => cloud.chatRequests();

before(async () => {
  ollama = await startFakeOllama({ port: OLLAMA_DEFAULT_PORT, models: [] }).catch(() => {
    // Port taken (a real Ollama, or `npm start`): the same flow, with the endpoint as the one setting.
    freshProfile = false;
    return startFakeOllama({ models: [] });
  });
  cloud = await startOpenAiTwin({ apiKey: CLOUD_KEY });
  // Slow enough that the progress notification can be seen on its way to 100 %.
  ollama.script({ path: "/api/pull", chunkDelayMs: 1_000, times: 1 });
  ollama.script({ path: "/api/generate", reply: FIRST_COMPLETION });
  session = await openJunction({
    name: "e2e-walkthrough",
    // The demo folder (private: no remote, no licence) and a public one, in one window.
    folder: (profileDir) => {
      workspaceDir = demoWorkspaceIn(profileDir);
      publicDir = publicFolderIn(profileDir, "shop");
      const file = join(profileDir, "walkthrough.code-workspace");
      writeFileSync(file, JSON.stringify({ folders: [{ path: workspaceDir }, { path: publicDir }] }, null, 2));
      return file;
    },
    ...(freshProfile ? {} : { userSettings: { "junction.local.endpoint": ollama.url } }),
    // No completion model yet, so Junction is not "ready" until the walkthrough pulls one.
    waitForReady: false,
  });
  page = session.page;
  // Activated (in whatever state): its commands are registered from here on.
  await junctionStatusItem(page).waitFor({ state: "visible", timeout: 60_000 });
});

after(async () => {
  await session?.close();
  await ollama?.stop();
  await cloud?.stop();
});

function step(id: string): Locator {
  return page.locator(`[data-done-step-id$="#${id}"]`);
}

/** Opens a step by its title and clicks one of its buttons (the command links of its description). */
async function clickStepButton(title: string, button: string): Promise<void> {
  await page.locator(".getting-started-step", { hasText: title }).first().click();
  const link = page.locator(".getting-started-step.expanded .step-description-container").getByText(button, { exact: true });
  await link.waitFor({ state: "visible", timeout: 10_000 });
  await link.click();
}

/** Polls a condition the fake servers record, for at most 15 s. */
async function until(condition: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting until ${what}`);
    await page.waitForTimeout(100);
  }
}

async function waitForStepDone(id: string): Promise<void> {
  await step(id).and(page.locator('[aria-checked="true"]')).waitFor({ state: "attached", timeout: 30_000 });
}

async function toast(text: string | RegExp, timeout = 30_000): Promise<Locator> {
  const found = notificationToasts(page).filter({ hasText: text }).first();
  await found.waitFor({ state: "visible", timeout }).catch(async (error: unknown) => {
    const shown = await page.locator(".notifications-toasts, .notifications-center").allInnerTexts();
    console.log(`# Ollama saw: ${ollama.requests.map((r) => r.path).join(", ")}; notifications: ${shown.join(" | ")}`);
    throw new Error(`No notification ${String(text)} (screenshot ${await screenshot(page, `failure-walkthrough-${Date.now()}`)})`, { cause: error });
  });
  return found;
}

test("the walkthrough takes a fresh profile from install to a first private completion", { timeout: 240_000 }, async () => {
  await followTheWalkthrough().catch(async (error: unknown) => {
    await reportFailure();
    throw error;
  });
});

/** What a failure leaves behind to explain itself: a screenshot, the notifications, the servers' requests and Junction's log. */
async function reportFailure(): Promise<void> {
  const shot = await screenshot(page, `failure-walkthrough-${Date.now()}`).catch(() => "none");
  const shown = await page
    .locator(".notifications-toasts, .notifications-center")
    .allInnerTexts()
    .catch(() => []);
  console.log(`# walkthrough failed; screenshot ${shot}`);
  console.log(`# notifications: ${shown.join(" | ")}`);
  console.log(`# Ollama saw: ${ollama.requests.map((r) => r.path).join(", ")}`);
  console.log(`# the cloud saw: ${cloud.requests.map((r) => `${r.path}${r.authorized ? "" : " (no key)"}`).join(", ")}`);
  console.log(`# Junction's log:\n${session.junctionLog().replace(/^/gm, "#   ")}`);
}

async function followTheWalkthrough(): Promise<void> {
  await runCommand(page, "Junction: Get Started");
  await page.locator(".gettingStartedContainer").getByText("Get started with Junction").first().waitFor({ state: "visible", timeout: 20_000 });
  await screenshot(page, "walkthrough-open");

  // 1. Ollama is found (the model is still missing): the step ticks itself.
  await clickStepButton("Check the local model server", "Check Again");
  await toast(/qwen2\.5-coder:1\.5b-base/);
  await waitForStepDone("checkOllama");

  // 2. Pull the completion model: a cancellable progress notification fed by Ollama's stream.
  await clickStepButton("Pull a completion model and a refactor model", "Pull Local Model");
  await acceptQuickPick(page, "qwen2.5-coder:1.5b-base", "Which model should Ollama download?");
  const progress = await toast(/pulling qwen2\.5-coder:1\.5b-base/);
  await progress.getByText(/100 %/).waitFor({ state: "visible", timeout: 30_000 });
  await screenshot(page, "walkthrough-pull-progress");
  await toast("Junction: qwen2.5-coder:1.5b-base is ready.");
  await waitForStepDone("pullModels");
  assert.ok(
    ollama.models.some((model) => model.name === "qwen2.5-coder:1.5b-base"),
    "the model is installed",
  );
  await junctionStatusItem(page).and(page.locator('[aria-label="Junction: ready"]')).waitFor({ state: "visible", timeout: 30_000 });
  // And the refactor model, from the same step.
  await clickStepButton("Pull a completion model and a refactor model", "Pull Local Model");
  await acceptQuickPick(page, "qwen2.5-coder:7b-instruct", "Which model should Ollama download?");
  await toast("Junction: qwen2.5-coder:7b-instruct is ready.");

  // 3. The cloud: endpoint, key (password box), model from /v1/models with its catalog price, a
  // one-token test request with a refactor's parameters, then Test Connection does it again.
  await clickStepButton("Optionally connect a cloud model", "Set Up Cloud Model");
  await acceptQuickPick(page, cloud.baseUrl);
  // The key's prompt names the endpoint just entered: the key goes there and nowhere else.
  await page.locator(".quick-input-widget", { hasText: `API key for ${cloud.baseUrl}` }).waitFor({ state: "visible", timeout: 15_000 });
  const password = page.locator(".quick-input-widget input[type=password]");
  await password.waitFor({ state: "visible" });
  await typeAndAccept(page, password, CLOUD_KEY);
  await until(() => cloud.requests.some((request) => request.path === "/v1/models" && request.authorized), "the set-up lists the cloud's models with the key");
  const modelRow = page.locator(".quick-input-list .monaco-list-row", { hasText: CLOUD_MODEL }).first();
  await modelRow.filter({ hasText: "$0.25 in / $2 out per M tokens" }).waitFor({ state: "visible", timeout: 15_000 });
  await screenshot(page, "walkthrough-cloud-models");
  await acceptQuickPick(page, CLOUD_MODEL, "Which model should take the complex refactors?");
  await toast(/the cloud model is gpt-5-mini at .*, and it answered a test request/);
  await clickStepButton("Optionally connect a cloud model", "Test Connection");
  await toast(
    new RegExp(`connected to .* \\(${DEFAULT_OPENAI_MODELS.length} models listed\\); gpt-5-mini answered a test request\\. Price from @pydantic/genai-prices`),
  );
  await waitForStepDone("cloudModel");
  assert.ok(
    cloud.requests.filter((request) => request.keyPresented).every((request) => request.authorized),
    "the key went to the cloud endpoint",
  );
  // Junction asks a loopback endpoint whether it is its own simulated cloud: with no credentials at all.
  assert.ok(
    cloud.requests.filter((request) => !request.keyPresented).every((request) => request.method === "GET" && request.path === "/v1/models"),
    "nothing else went without the key",
  );
  assert.equal(
    ollama.requests.some((request) => request.keyPresented),
    false,
    "the key never reached Ollama",
  );
  // Both tests were one request each, accepted at once: what a refactor sends, one output token.
  assert.equal(cloudChats().length, 2);
  for (const { body } of cloudChats()) {
    assert.equal(body.model, CLOUD_MODEL);
    assert.equal(body.max_completion_tokens, 1);
    assert.equal(body.max_tokens, undefined, "gpt-5-mini refuses max_tokens");
    assert.equal(body.temperature, undefined, "gpt-5-mini refuses a temperature other than 1");
    assert.equal(body.reasoning_effort, "low");
  }

  // 4. The privacy stance, with the folder's classification and reasons shown before choosing.
  // Two folders: the stance is asked for one of them; the first is the demo folder.
  const stance = page.locator(".quick-input-widget input[placeholder^='Now: local-only']");
  const folderPick = page.locator('.quick-input-widget input[placeholder="Which folder\'s privacy stance?"]');
  // The walkthrough redraws as the earlier steps' state lands, and a pick opened during a redraw
  // can close at once (it resolves with nothing): open it again then, as a user would, at most 3 times.
  for (let attempt = 1; ; attempt += 1) {
    await page
      .locator(".quick-input-widget")
      .waitFor({ state: "hidden", timeout: 10_000 })
      .catch(() => undefined);
    await clickStepButton("Choose this workspace's privacy stance", "Choose Privacy Stance");
    // The pick waits for the folder's classification, which a busy machine takes a while to compute.
    const opened = await stance
      .or(folderPick)
      .waitFor({ state: "visible", timeout: 30_000 })
      .then(
        () => true,
        () => false,
      );
    await page.waitForTimeout(1_000);
    if (opened && (await stance.or(folderPick).isVisible())) break;
    if (attempt === 3) throw new Error(`The privacy stance pick did not stay open (screenshot ${await screenshot(page, `failure-walkthrough-${Date.now()}`)})`);
  }
  if (await folderPick.isVisible()) {
    // Typed and accepted once the widget holds it: an Enter alone can reach the pick before its
    // list is active (the toasts of the cloud step arrive meanwhile) and accept nothing.
    await typeAndAccept(page, folderPick, "demo-workspace");
  }
  await stance.waitFor({ state: "visible", timeout: 30_000 }).catch(async (error: unknown) => {
    throw new Error(`No privacy stance pick (screenshot ${await screenshot(page, `failure-walkthrough-${Date.now()}`)})`, { cause: error });
  });
  await screenshot(page, "walkthrough-privacy-stance");
  await acceptQuickPick(page, "Keep demo-workspace local-only", "Now: local-only");
  await waitForStepDone("privacyStance");
  // The step ticks once the stance is written; the folder's settings say which.
  const folderSettings = await waitForFileText(join(workspaceDir, ".vscode", "settings.json"), /"junction\.privacy\.mode":\s*"local-only"/);
  assert.match(folderSettings, /"junction\.privacy\.mode":\s*"local-only"/, "the stance is written to the folder's settings");

  // 5. The first completion, in the practice file the last step opens: Tab accepts it.
  await runCommand(page, "Junction: Get Started");
  await clickStepButton("Your first completion", "Open a Practice File");
  await waitForGhostText(page, FIRST_COMPLETION);
  await screenshot(page, "walkthrough-first-completion");
  await page.keyboard.press("Tab");
  await page.locator(".monaco-editor.focused .view-line", { hasText: `return ${FIRST_COMPLETION}` }).waitFor({ state: "visible", timeout: 10_000 });
  assert.equal(await ghostText(page), "", "accepted: no ghost text left");
  // Back in the walkthrough, every step is ticked.
  await runCommand(page, "Junction: Get Started");
  for (const id of ["checkOllama", "pullModels", "cloudModel", "privacyStance", "firstCompletion"]) await waitForStepDone(id);
  await screenshot(page, "walkthrough-done");
  const generate = ollama.requests.filter((request) => request.path === "/api/generate" && request.body.prompt !== "");
  assert.ok(generate.length >= 1, "the completion came from the local model");
  assert.equal(cloudChats().length, 2, "nothing but the two connection tests went to the cloud");
  if (!freshProfile) console.log(`# port ${OLLAMA_DEFAULT_PORT} was taken: the profile had junction.local.endpoint set`);
}

test("then a multi-file refactor in the public folder goes to gpt-5-mini in the cloud and is applied", { timeout: 120_000 }, async () => {
  await page.keyboard.press("Escape");
  cloud.script({ path: "/v1/chat/completions", promptIncludes: "Task: Rename applyDiscount", reply: renameAnswer("shop/") });
  const before = cloudChats().length;
  const files = await renameAcrossFilesOnTheCloud(page, {
    folder: publicDir,
    folderName: "shop",
    cloudModel: CLOUD_MODEL,
    screenshotPrefix: "walkthrough-refactor",
  }).catch(async (error: unknown) => {
    await reportFailure();
    throw error;
  });
  assert.match(files.cart, /export function discounted\(total: number, percent: number\): number \{/);
  assert.match(files.checkout, /import \{ discounted, subtotal \} from "\.\/cart";/);
  assert.match(files.checkout, /return discounted\(subtotal\(items\), discountPercent\);/);
  await toast(/Junction changed shop\/src\/cart\.ts, shop\/src\/checkout\.ts/);
  const refactors = cloudChats().slice(before);
  assert.equal(refactors.length, 1, "one request, accepted the first time");
  const body = refactors[0]?.body;
  assert.equal(body.model, CLOUD_MODEL);
  assert.equal(body.temperature, undefined);
  assert.equal(body.max_tokens, undefined);
  assert.ok(body.max_completion_tokens > 1);
  assert.ok(JSON.stringify(body.messages).includes("shop/src/checkout.ts"), "both files were sent");
  assert.equal(
    JSON.stringify(cloud.requests.map((request) => request.body)).includes("<<<FILE demo-workspace/"),
    false,
    "nothing of the private folder reached the cloud",
  );
});
