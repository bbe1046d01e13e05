// The panel end to end: the packaged extension in code-server, the fake Ollama and the fake cloud
// on 127.0.0.1, the multi-root privacy workspace. One local completion in a private folder, one
// cloud refactor in a cloud-allowed folder, then the panel: rows, badges, totals, savings, the
// budget warning, the filter, and a folder switched to local-only from the privacy section.
import * as assert from "node:assert/strict";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import type { FrameLocator, Page } from "playwright-core";
import { costUsd, PRICE_TABLE } from "../../src/core/pricing.ts";
import { formatUsd } from "../../webview/format.ts";
import { startFakeOllama } from "../fakes/fakeOllama.ts";
import type { FakeOllama } from "../fakes/fakeOllama.ts";
import { startFakeOpenAi } from "../fakes/fakeOpenAi.ts";
import type { FakeOpenAi } from "../fakes/fakeOpenAi.ts";
import { createPrivacyWorkspace } from "../harness/privacyWorkspace.ts";
import { openJunction } from "./session.ts";
import type { JunctionSession } from "./session.ts";
import {
  acceptQuickPick,
  applyInRefactorPreview,
  goToLineEnd,
  junctionStatusItem,
  notificationToasts,
  openFile,
  runCommand,
  screenshot,
  setCloudApiKey,
  waitForGhostText,
  webviewFrame,
} from "./workbench.ts";

const API_KEY = "sk-junction-e2e-key";
const CLOUD_MODEL = "gpt-4.1-mini";
const LOCAL_ANSWER = "eturn 'hello ' + name;";
/** What the fake cloud reports for the refactor: a large request, so the budget warning shows. */
const REFACTOR_USAGE = { input: 80_000, output: 6_000 };
const SESSION_BUDGET_USD = 0.05;
const REFACTOR_USD = costUsd(PRICE_TABLE[CLOUD_MODEL]!, REFACTOR_USAGE);

/** Junction's edit format: a documentation comment on greet() in the public folder. */
const DOC_ANSWER = [
  "I documented greet().",
  "<<<FILE public-app/src/app.ts",
  "<<<SEARCH",
  "export function greet(name: string): string {",
  "===",
  "/** Greets someone by name. */",
  "export function greet(name: string): string {",
  ">>>REPLACE",
  ">>>END",
].join("\n");

let ollama: FakeOllama;
let cloud: FakeOpenAi;
let session: JunctionSession;
let page: Page;

const cloudChats = () => cloud.requests.filter((request) => request.path === "/v1/chat/completions");

/** Dollars back from the panel's text ("$0.042", "$0.00018 (0.4 %)"). */
function dollarsIn(text: string): number {
  const match = /([−-])?\$([\d,.]+)/.exec(text);
  assert.ok(match, `no amount in "${text}"`);
  return (match[1] ? -1 : 1) * Number(match[2]!.replace(/,/g, ""));
}

async function statusText(): Promise<string> {
  return ((await junctionStatusItem(page).textContent()) ?? "").replace(/\s+/g, " ");
}

async function waitForStatus(pattern: RegExp): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (!pattern.test(await statusText())) {
    if (Date.now() > deadline) assert.fail(`status bar "${await statusText()}" never matched ${pattern}`);
    await page.waitForTimeout(200);
  }
}

before(async () => {
  ollama = await startFakeOllama();
  cloud = await startFakeOpenAi({ apiKey: API_KEY, models: [CLOUD_MODEL] });
  ollama.script({ path: "/api/generate", promptMatches: /\n  r$/, reply: LOCAL_ANSWER });
  cloud.script({ path: "/v1/chat/completions", reply: DOC_ANSWER, promptTokens: REFACTOR_USAGE.input, completionTokens: REFACTOR_USAGE.output });
  const workspaceFile = createPrivacyWorkspace(mkdtempSync(join(tmpdir(), "junction-e2e-panel-")));
  session = await openJunction({
    name: "e2e-panel",
    folder: workspaceFile,
    userSettings: {
      "workbench.colorTheme": "Default Dark Modern",
      "junction.local.endpoint": ollama.url,
      "junction.cloud.endpoint": `${cloud.url}/v1`,
      "junction.cloud.model": CLOUD_MODEL,
      "junction.privacy.privateRemotes": ["github.com/acme/**"],
      "junction.budget.sessionUsd": SESSION_BUDGET_USD,
    },
  });
  page = session.page;
  await setCloudApiKey(page, API_KEY);
});

after(async () => {
  await session?.close();
  await ollama?.stop();
  await cloud?.stop();
});

describe("one local completion and one cloud refactor, then the panel", () => {
  let panel: FrameLocator;

  test("a completion in the private folder comes from the local model", async () => {
    await openFile(page, "src/app.ts", "private-app");
    await goToLineEnd(page, 2);
    await page.keyboard.type("r", { delay: 40 });
    await waitForGhostText(page, LOCAL_ANSWER);
    await page.keyboard.press("Escape");
    assert.equal(cloudChats().length, 0);
  });

  test("a refactor in the cloud-allowed public folder runs on the cloud model when the user picks it", async () => {
    await openFile(page, "src/app.ts", "public-app");
    await waitForStatus(/cloud allowed/);
    await page.keyboard.press("Control+G");
    await acceptQuickPick(page, ":1");
    for (let line = 0; line < 3; line += 1) await page.keyboard.press("Shift+ArrowDown");
    await runCommand(page, "Junction: Refactor Selection…");
    await acceptQuickPick(page, "Add Documentation");
    const routes = page.locator(".quick-input-widget", { hasText: "where should this refactor run?" });
    await routes.waitFor({ state: "visible" });
    await routes.locator(".quick-input-list .monaco-list-row", { hasText: "Cloud model" }).first().click();
    await applyInRefactorPreview(page);
    assert.equal(cloudChats().length, 1, "one request reached the cloud");
    assert.equal(cloudChats()[0]?.body.model, CLOUD_MODEL);
  });

  test("crossing 80 % of the session budget warns once", async () => {
    const warning = notificationToasts(page).filter({ hasText: "of its $0.05 budget" });
    await warning.first().waitFor({ state: "visible", timeout: 15_000 });
    assert.equal(await warning.count(), 1);
    assert.match((await warning.first().textContent()) ?? "", /this session's cloud spend is \$0\.042, 83 %/);
  });

  test("the panel lists both requests, newest first, with their route badges", async () => {
    await runCommand(page, "Junction: Show Panel");
    panel = webviewFrame(page);
    await panel.locator("h1", { hasText: "Junction" }).waitFor({ state: "visible", timeout: 20_000 });
    await runCommand(page, "Notifications: Clear All Notifications");
    const rows = panel.locator("#requests vscode-table-row");
    await rows.nth(1).waitFor({ state: "visible" });
    assert.equal(await rows.count(), 2);
    assert.deepEqual(await rows.locator(".route").allTextContents(), ["cloud", "local"]);
    assert.match((await rows.nth(0).textContent()) ?? "", /refactor/);
    assert.match((await rows.nth(1).textContent()) ?? "", /completion/);
    assert.equal(await panel.locator("#empty-state").isHidden(), true);
    await screenshot(page, "panel-01-narrow-dark");
  });

  test("the session total is the cloud model's price for the usage the cloud reported, and the local request saved money", async () => {
    const expected = formatUsd(REFACTOR_USD);
    assert.equal(expected, "$0.042");
    assert.equal(await panel.locator("#session-cost").textContent(), expected);
    assert.equal(await panel.locator("#requests vscode-table-row").nth(0).locator(".col-cost").textContent(), expected);
    assert.equal(await panel.locator("#requests vscode-table-row").nth(1).locator(".col-cost").textContent(), "$0");
    const saved = (await panel.locator("#session-saved").textContent()) ?? "";
    assert.ok(dollarsIn(saved) > 0, `saved "${saved}"`);
    assert.match((await panel.locator("#session-saved-note").textContent()) ?? "", /%.* of \$0\.042, the cost of every request on gpt-4\.1-mini/);
    assert.equal(await panel.locator("#split-local").textContent(), "1");
    assert.equal(await panel.locator("#split-cloud").textContent(), "1");
    assert.equal(await panel.locator("#budget-session").getAttribute("data-level"), "warn");
    assert.match((await panel.locator("#budget-session-text").textContent()) ?? "", /^\$0\.042 of \$0\.05/);
    assert.equal(await panel.locator("svg.chart title").textContent(), "Cost over this session");
    assert.match((await panel.locator("svg.chart desc").textContent()) ?? "", /1 local, 1 cloud/);
  });

  test("a request's reasons open from the keyboard", async () => {
    const summary = panel.locator("#requests vscode-table-row").nth(0).locator("summary");
    await summary.focus();
    await page.keyboard.press("Enter");
    await panel.locator("#requests vscode-table-row").nth(0).locator("details[open]").waitFor({ state: "attached" });
    assert.match((await panel.locator("#requests vscode-table-row").nth(0).locator("details").textContent()) ?? "", /you asked for the cloud model/);
    await panel.locator("#requests-heading").scrollIntoViewIfNeeded();
    await screenshot(page, "panel-02-narrow-reasons");
  });

  test("the filter shows only the cloud requests, then all again", async () => {
    await runCommand(page, "View: Toggle Maximize Editor Group");
    await page.waitForTimeout(500);
    await panel.locator("body").evaluate(() => window.scrollTo(0, 0));
    await screenshot(page, "panel-03-wide-dark");
    await panel.locator('vscode-radio[value="cloud"]').click();
    await panel.locator("#requests vscode-table-row").nth(1).waitFor({ state: "detached" });
    assert.deepEqual(await panel.locator("#requests vscode-table-row .route").allTextContents(), ["cloud"]);
    await panel.locator("#requests-heading").scrollIntoViewIfNeeded();
    await screenshot(page, "panel-04-wide-filter-cloud");
    await panel.locator('vscode-radio[value="all"]').click();
    await panel.locator("#requests vscode-table-row").nth(1).waitFor({ state: "visible" });
    await runCommand(page, "View: Toggle Maximize Editor Group");
  });

  test("\"Keep this folder local-only\" on the public folder updates the privacy section and the status bar", async () => {
    const folder = panel.locator('.folder[data-folder="public-app"]');
    assert.equal(await folder.locator(".route").textContent(), "cloud allowed");
    await folder.locator("vscode-button", { hasText: "Keep this folder local-only" }).click();
    await folder.locator(".route", { hasText: "local-only" }).waitFor({ state: "visible", timeout: 15_000 });
    assert.equal(await folder.locator("vscode-button", { hasText: "Allow cloud for this folder" }).count(), 1);
    // The public folder's app.ts is still the first group's editor: focus it, as a user clicking into it.
    await page.locator(".editor-group-container").first().locator(".monaco-editor .view-lines").click();
    await page.locator(".tab.active", { hasText: "app.ts" }).first().waitFor({ state: "visible" });
    await waitForStatus(/local-only/);
    await folder.scrollIntoViewIfNeeded();
    await screenshot(page, "panel-05-local-only-status-bar");
  });

  test("the panel follows a light theme", async () => {
    // Pressing Enter could pick "Browse Color Themes in Marketplace", ranked first: click the command itself.
    await page.keyboard.press("F1");
    await page.locator(".quick-input-widget input").fill(">Preferences: Color Theme");
    await page.locator(".quick-input-list .monaco-list-row", { hasText: "Preferences: Color Theme" }).first().click();
    await page.locator(".quick-input-widget input").fill("Light Modern");
    await page.locator(".quick-input-list .monaco-list-row", { hasText: "Light Modern" }).first().click();
    await page.locator(".monaco-workbench.vs").waitFor({ state: "attached", timeout: 10_000 });
    await panel.locator("body").evaluate(() => window.scrollTo(0, 0));
    await page.waitForTimeout(300);
    await screenshot(page, "panel-06-narrow-light");
  });
});
