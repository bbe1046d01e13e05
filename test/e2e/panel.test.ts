// The panel end to end: the packaged extension in code-server, the fake Ollama and the fake cloud
// on 127.0.0.1, the multi-root privacy workspace. One local completion in a private folder, one
// cloud refactor in a cloud-allowed folder, then the panel: rows, badges, totals, savings, the
// budget warning, the filter, messages that fail the protocol, a folder switched to local-only
// from the privacy section, and, after more than a page of requests, the pager.
import * as assert from "node:assert/strict";
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import { after, before, describe, test } from "node:test";
import type { FrameLocator, Page } from "playwright-core";
import { priceFor, quoteCost } from "../../src/core/pricing.ts";
import { formatUsd } from "../../webview/format.ts";
import { startFakeOllama } from "../fakes/fakeOllama.ts";
import type { FakeOllama } from "../fakes/fakeOllama.ts";
import type { ChatTwin } from "../fakes/cloud/chatTwin.ts";
import { startOpenAiTwin } from "../fakes/cloud/openAiTwin.ts";
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
const REFACTOR_USD = quoteCost(priceFor(CLOUD_MODEL)!, REFACTOR_USAGE);

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

/** Lines to ask completions on, one request each: enough for a second page of the request table. */
const MANY_LINES = 60;

let ollama: FakeOllama;
let cloud: ChatTwin;
let session: JunctionSession;
let page: Page;
let workspaceRoot: string;

const cloudChats = () => cloud.requests.filter((request) => request.path === "/v1/chat/completions");

/** Dollars back from the panel's text ("$0.042", "$0.00018 (0.4 %)"). */
function dollarsIn(text: string): number {
  const match = /([−-])?\$([\d,.]+)/.exec(text);
  assert.ok(match, `no amount in "${text}"`);
  return (match[1] ? -1 : 1) * Number(match[2]!.replace(/,/g, ""));
}

/** Everything Junction has written to its log in this code-server profile. */
function junctionLog(): string {
  const files: string[] = [];
  const walk = (dir: string, depth: number) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) {
        if (depth < 6) walk(path, depth + 1);
      } else if (name.endsWith("Junction.log")) files.push(path);
    }
  };
  walk(join(session.profileDir, "user-data", "logs"), 0);
  return files.map((file) => readFileSync(file, "utf8")).join("\n");
}

const IGNORED_MESSAGE = "Ignored a panel message that fails the protocol";

function ignoredMessages(): number {
  return junctionLog().split(IGNORED_MESSAGE).length - 1;
}

/**
 * Posts `message` to the extension host the way the panel's own script does: `acquireVsCodeApi()
 * .postMessage` in the panel's frame calls this function of the webview's host frame, which
 * forwards it to the workbench and on to JunctionPanel's onDidReceiveMessage.
 */
async function postFromPanel(message: unknown): Promise<void> {
  await page
    .frameLocator("iframe.webview.ready")
    .locator("#active-frame")
    .evaluate((_frame, data) => {
      (window as unknown as { __vscode_post_message__(command: string, payload: unknown): void }).__vscode_post_message__("onmessage", {
        message: data,
        transfer: [],
      });
    }, message);
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
  cloud = await startOpenAiTwin({ apiKey: API_KEY, models: [CLOUD_MODEL] });
  ollama.script({ path: "/api/generate", promptMatches: /\n {2}r$/, reply: LOCAL_ANSWER });
  cloud.script({ path: "/v1/chat/completions", reply: DOC_ANSWER, promptTokens: REFACTOR_USAGE.input, completionTokens: REFACTOR_USAGE.output });
  const workspaceFile = createPrivacyWorkspace(mkdtempSync(join(tmpdir(), "junction-e2e-panel-")));
  workspaceRoot = dirname(workspaceFile);
  const lines = Array.from({ length: MANY_LINES }, (_, index) => `export const value${index} = ${index};`);
  writeFileSync(join(workspaceRoot, "private-app", "src", "many.ts"), `${lines.join("\n")}\n`);
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
    // The reasons are a vscode-collapsible; its header (in its shadow root) is the button.
    const reasons = panel.locator("#requests vscode-table-row").nth(0).locator("vscode-collapsible.why");
    const header = reasons.locator('[role="button"]');
    assert.equal(await header.getAttribute("aria-expanded"), "false");
    await header.focus();
    await page.keyboard.press("Enter");
    await panel.locator("#requests vscode-table-row").nth(0).locator("vscode-collapsible.why[open]").waitFor({ state: "attached" });
    assert.equal(await header.getAttribute("aria-expanded"), "true");
    await reasons.locator(".why-all").waitFor({ state: "visible" });
    assert.match((await reasons.textContent()) ?? "", /you asked for the cloud model/);
    await panel.locator("#requests-heading").scrollIntoViewIfNeeded();
    await screenshot(page, "panel-02-narrow-reasons");
  });

  test("messages that fail the protocol are logged and dropped: no clear, no stance change, no page change", async () => {
    const publicApp = pathToFileURL(join(workspaceRoot, "public-app")).href;
    const malformed: unknown[] = [
      { type: "clearSession " },
      { type: "clear-session" },
      { type: "setFolderMode", folderUri: publicApp, mode: "local_only" },
      { type: "setFolderMode", folderUri: 42, mode: "local-only" },
      { type: "showRequests", page: -1, filter: "cloud" },
      { type: "showRequests", page: "0", filter: "cloud" },
      "clearSession",
      null,
    ];
    const before = ignoredMessages();
    for (const message of malformed) await postFromPanel(message);
    const deadline = Date.now() + 15_000;
    while (ignoredMessages() < before + malformed.length && Date.now() < deadline) await page.waitForTimeout(200);
    assert.equal(ignoredMessages() - before, malformed.length, "one log line per dropped message");
    // The same channel carries a well-formed message to the host, which acts on it: the messages
    // above were dropped by the protocol, not lost on the way. Messages are handled in order.
    await postFromPanel({ type: "showRequests", page: 0, filter: "cloud" });
    await panel.locator("#requests vscode-table-row").nth(1).waitFor({ state: "detached" });
    assert.equal(
      await panel.locator('vscode-radio[value="cloud"]').evaluate((radio) => (radio as HTMLElement & { checked: boolean }).checked),
      true,
      "the host's filter is the panel's",
    );
    assert.equal(await panel.locator('.folder[data-folder="public-app"] .route').textContent(), "cloud allowed");
    assert.equal(await page.locator(".monaco-dialog-box").count(), 0, "Clear Session never asked");
    assert.equal(await panel.locator("#request-count").textContent(), "2");
    await panel.locator('vscode-radio[value="all"]').click();
    await panel.locator("#requests vscode-table-row").nth(1).waitFor({ state: "visible" });
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

  test('"Keep this folder local-only" on the public folder updates the privacy section and the status bar', async () => {
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

  test("the panel's content security policy (no inline styles) refused nothing the page used; what it refuses is logged", async () => {
    const REFUSED = "The panel's content security policy refused";
    const refusals = () => junctionLog().split(REFUSED).length - 1;
    assert.equal(refusals(), 0, "the page rendered, switched theme and paged without anything refused");
    // The positive control: an inline style is what the policy now forbids, and the page reports it.
    await panel.locator("body").evaluate(() => {
      const style = document.createElement("style");
      style.textContent = "body { outline: 1px solid red; }";
      document.head.append(style);
    });
    const deadline = Date.now() + 15_000;
    while (refusals() === 0 && Date.now() < deadline) await page.waitForTimeout(200);
    assert.equal(refusals(), 1, "the refused inline style is logged once");
    assert.match(junctionLog(), /refused inline \(style-src-elem\)/);
  });
});

describe("more than a page of requests", () => {
  let panel: FrameLocator;
  const rows = () => panel.locator("#requests vscode-table-row");
  const requestCount = async () => Number(await panel.locator("#request-count").textContent());
  const isDisabled = async (id: string) => (await panel.locator(`#${id}`).getAttribute("disabled")) !== null;
  const pageStatus = async () => `${await panel.locator("#page-status").textContent()} · ${await panel.locator("#page-range").textContent()}`;

  test("each completion adds a row; past 50 requests the table shows the newest 50 and a pager", async () => {
    panel = webviewFrame(page);
    // Quick Open opens in the focused group: the first one, not the panel's.
    await page.locator(".editor-group-container").first().locator(".monaco-editor .view-lines").click();
    await openFile(page, "src/many.ts", "private-app");
    await page.keyboard.press("Control+Home");
    const before = await requestCount();
    const added = 52;
    for (let index = 1; index <= added; index += 1) {
      await page.keyboard.press("End");
      // Trigger Inline Suggestion: an explicit request, not debounced, one per line.
      await runCommand(page, "Trigger Inline Suggestion");
      const deadline = Date.now() + 15_000;
      while ((await requestCount()) < before + index) {
        if (Date.now() > deadline) {
          const evidence = await screenshot(page, `failure-panel-pages-${Date.now()}`);
          assert.fail(`the panel never counted request ${index} (${await requestCount()} shown; screenshot ${evidence})`);
        }
        await page.waitForTimeout(100);
      }
      await page.keyboard.press("Escape");
      await page.keyboard.press("ArrowDown");
    }
    const total = await requestCount();
    assert.ok(total > 50, `${total} requests`);
    await panel.locator("#pager").waitFor({ state: "visible" });
    assert.equal(await rows().count(), 50);
    assert.equal(await pageStatus(), `Page 1 of 2 · 1–50 of ${total}`);
    assert.match((await rows().first().locator(".col-file").getAttribute("title")) ?? "", /private-app\/src\/many\.ts$/);
    assert.deepEqual(
      [await isDisabled("page-first"), await isDisabled("page-previous"), await isDisabled("page-next"), await isDisabled("page-last")],
      [true, true, false, false],
    );
  });

  test("Last shows the oldest requests: the first completion and the cloud refactor", async () => {
    const total = await requestCount();
    await panel.locator("#page-last").click();
    await panel.locator("#page-status", { hasText: "Page 2 of 2" }).waitFor({ state: "visible" });
    assert.equal(await pageStatus(), `Page 2 of 2 · 51–${total} of ${total}`);
    assert.equal(await rows().count(), total - 50);
    assert.equal(await rows().last().locator(".col-file").getAttribute("title"), "private-app/src/app.ts", "the session's first request");
    assert.equal(await rows().locator(".route", { hasText: "cloud" }).count(), 1, "the refactor");
    assert.deepEqual(
      [await isDisabled("page-first"), await isDisabled("page-previous"), await isDisabled("page-next"), await isDisabled("page-last")],
      [false, false, true, true],
    );
    await panel.locator("#pager").scrollIntoViewIfNeeded();
    await screenshot(page, "panel-07-last-page");
  });

  test("the filter runs over every request kept, not over the page shown", async () => {
    await panel.locator("#page-previous").click();
    await panel.locator("#page-status", { hasText: "Page 1 of 2" }).waitFor({ state: "visible" });
    assert.equal(await rows().locator(".route", { hasText: "cloud" }).count(), 0, "the refactor is not on the newest page");
    await panel.locator('vscode-radio[value="cloud"]').click();
    await rows().nth(1).waitFor({ state: "detached" });
    assert.deepEqual(await rows().locator(".route").allTextContents(), ["cloud"]);
    assert.equal(await panel.locator("#pager").isHidden(), true, "one page of cloud requests needs no pager");
    await panel.locator('vscode-radio[value="all"]').click();
    await rows().nth(49).waitFor({ state: "visible" });
    assert.equal(await pageStatus(), `Page 1 of 2 · 1–50 of ${await requestCount()}`);
  });
});
