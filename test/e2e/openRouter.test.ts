// The cloud through OpenRouter, in the browser: a vendor-prefixed model (anthropic/claude-sonnet-4.5),
// Test Cloud Connection priced from OpenRouter's own model list, then a multi-file refactor in a
// public folder that reaches the OpenRouter twin, is applied, and shows in the panel at the cost
// OpenRouter reported (usage.cost), not at a price Junction worked out.
import * as assert from "node:assert/strict";
import { mkdtempSync } from "node:fs";
import { join } from "node:path";
import { after, before, test } from "node:test";
import type { Page } from "playwright-core";
import { formatUsd } from "../../webview/format.ts";
import { startFakeOllama } from "../fakes/fakeOllama.ts";
import type { FakeOllama } from "../fakes/fakeOllama.ts";
import type { ChatTwin } from "../fakes/cloud/chatTwin.ts";
import { startOpenRouterTwin } from "../fakes/cloud/openRouterTwin.ts";
import { runDir } from "../../scripts/paths.ts";
import { publicFolderIn, renameAcrossFilesOnTheCloud, renameAnswer } from "./publicFolder.ts";
import { openJunction } from "./session.ts";
import type { JunctionSession } from "./session.ts";
import { notificationToasts, runCommand, screenshot, setCloudApiKey, webviewFrame } from "./workbench.ts";

const API_KEY = "sk-or-v1-e2e";
const CLOUD_MODEL = "anthropic/claude-sonnet-4.5";
/** What the twin reports for the refactor; OpenRouter's cost is these tokens at its listed $3 / $15 per M. */
const USAGE = { promptTokens: 3_000, completionTokens: 400 };
const REPORTED_USD = (USAGE.promptTokens * 3 + USAGE.completionTokens * 15) / 1_000_000;

let ollama: FakeOllama;
let cloud: ChatTwin;
let session: JunctionSession;
let page: Page;
let folder: string;

before(async () => {
  ollama = await startFakeOllama();
  cloud = await startOpenRouterTwin({ apiKey: API_KEY });
  folder = publicFolderIn(mkdtempSync(join(runDir, "e2e-openrouter-workspace-")), "storefront");
  session = await openJunction({
    name: "e2e-openrouter",
    folder,
    userSettings: { "junction.local.endpoint": ollama.url, "junction.cloud.endpoint": cloud.baseUrl, "junction.cloud.model": CLOUD_MODEL },
  });
  page = session.page;
  await setCloudApiKey(page, API_KEY);
});

after(async () => {
  await session?.close();
  await ollama?.stop();
  await cloud?.stop();
});

async function toast(text: RegExp): Promise<string> {
  const found = notificationToasts(page).filter({ hasText: text }).first();
  await found.waitFor({ state: "visible", timeout: 30_000 }).catch(async (error: unknown) => {
    const shown = await page.locator(".notifications-toasts, .notifications-center").allInnerTexts();
    console.log(
      `# notifications: ${shown.join(" | ")}\n# OpenRouter saw: ${cloud.requests.map((r) => r.path).join(", ")}\n# Junction's log:\n${session.junctionLog().replace(/^/gm, "#   ")}`,
    );
    throw error;
  });
  return (await found.textContent()) ?? "";
}

test("Test Cloud Connection sends the vendor-prefixed model one token and prices it from OpenRouter's own list", async () => {
  await runCommand(page, "Junction: Test Cloud Connection");
  await toast(/connected to .*; anthropic\/claude-sonnet-4\.5 answered a test request\. Price as the endpoint lists it, fetched \d{4}-\d{2}-\d{2}/);
  const [probe] = cloud.chatRequests();
  assert.equal(probe?.body.model, CLOUD_MODEL);
  assert.equal(probe?.body.max_tokens, 1, "Claude takes max_tokens");
  assert.equal(probe?.body.temperature, 0.1, "and the refactor's temperature");
  await screenshot(page, "openrouter-01-connected");
});

test("a multi-file refactor in the public folder goes to OpenRouter and is applied", async () => {
  await page.keyboard.press("Escape");
  cloud.script({ path: "/api/v1/chat/completions", promptIncludes: "Task: Rename applyDiscount", reply: renameAnswer(), ...USAGE });
  const before = cloud.chatRequests().length;
  const files = await renameAcrossFilesOnTheCloud(page, { folder, cloudModel: CLOUD_MODEL, screenshotPrefix: "openrouter-02-refactor" });
  assert.match(files.cart, /export function discounted\(/);
  assert.match(files.checkout, /return discounted\(subtotal\(items\), discountPercent\);/);
  const sent = cloud.chatRequests().slice(before);
  assert.equal(sent.length, 1);
  assert.equal(sent[0]?.body.model, CLOUD_MODEL);
  assert.ok(JSON.stringify(sent[0]?.body.messages).includes("src/checkout.ts"));
});

test("the panel shows the refactor at the cost OpenRouter reported", async () => {
  await runCommand(page, "Junction: Show Panel");
  const panel = webviewFrame(page);
  const row = panel.locator("#requests vscode-table-row", { hasText: "multi-file refactor" }).first();
  await row.waitFor({ state: "visible", timeout: 20_000 });
  const cost = row.locator(".col-cost");
  assert.equal(await cost.textContent(), formatUsd(REPORTED_USD));
  assert.match((await cost.getAttribute("title")) ?? "", /the cost the provider reported/);
  assert.match(
    (await panel.locator("#price-source").textContent()) ?? "",
    /anthropic\/claude-sonnet-4\.5: \$3 in \/ \$15 out per million tokens, as the endpoint lists it/,
  );
  await screenshot(page, "openrouter-03-panel");
});
