// The panel's host side in a real extension host: the state it sends satisfies the shared
// protocol, the session's costs can be exported (JSON, CSV) and cleared by command, and after
// 10,000 real completions the ledger is bounded and the panel's pages reach its oldest row.
import * as assert from "node:assert/strict";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as vscode from "vscode";
import { CSV_COLUMNS, EXPORT_FORMAT, PRICE_CATALOG_DATE } from "../../src/core/index.ts";
import { DEFAULT_MAX_SESSION_ENTRIES } from "../../src/core/ledger/costLedger.ts";
import { FIRST_PAGE, MAX_SPEND_STEPS, REQUEST_PAGE_SIZE, sessionView } from "../../src/core/ledger/ledgerView.ts";
import { hostToPanelSchema, panelStateSchema } from "../../src/shared/protocol.ts";
import { chartData } from "../../webview/chartData.ts";
import type { ChatTwin } from "../fakes/cloud/chatTwin.ts";
import { closeAllEditors, folderFile, greetAnswer, setUpModelServers, setUserSetting, waitFor } from "./helpers.ts";
import type { ModelServers } from "./helpers.ts";

/** Fills in greet() in the public folder's app.ts, in Junction's edit format. */
const GREET_ANSWER = greetAnswer("public-app/src/app.ts", "return `Hello, ${name}!`;");

suite("Session costs: the panel's state, export and clear", () => {
  let servers: ModelServers;
  let cloud: ChatTwin;
  const exportDir = mkdtempSync(join(tmpdir(), "junction-export-"));

  suiteSetup(async () => {
    servers = await setUpModelServers();
    ({ cloud } = servers);
    cloud.script({ path: "/v1/chat/completions", reply: GREET_ANSWER, promptTokens: 2000, completionTokens: 100 });
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(folderFile("public-app", "src/app.ts")));
    const outcome = await vscode.commands.executeCommand<{ status: string }>("junction.refactorSelection", {
      instruction: "Implement greet",
      route: "cloud",
      applyWithoutPreview: true,
    });
    assert.equal(outcome?.status, "applied", JSON.stringify(outcome));
    await vscode.commands.executeCommand("workbench.action.files.revert");
  });

  suiteTeardown(async () => {
    await closeAllEditors();
    await servers.tearDown();
  });

  test("the state sent to the panel satisfies the shared protocol, with totals, budgets and the price table", () => {
    const state = servers.api.panelState();
    const parsed = panelStateSchema.safeParse(state);
    assert.ok(parsed.success, parsed.error?.message);
    const row = state.requests[0];
    assert.equal(row?.target, "cloud");
    // gpt-4.1-mini: $0.40 per million tokens in, $1.60 out.
    assert.ok(Math.abs((row?.usd ?? 0) - (2000 * 0.4 + 100 * 1.6) / 1e6) < 1e-12, String(row?.usd));
    assert.equal(row?.baselineUsd, row?.usd, "a request on the baseline's model is its own baseline");
    assert.ok(state.totals.session.cloudUsd >= (row?.usd ?? 0));
    assert.ok(state.totals.today.requests >= state.totals.session.requests);
    assert.equal(state.budget.session.limitUsd, servers.api.effectiveSettings()["budget.sessionUsd"]);
    assert.equal(state.pricing.cloudModel, "gpt-4.1-mini");
    assert.equal(state.pricing.date, PRICE_CATALOG_DATE);
  });

  test("Export Session Costs writes the session as JSON where it is told", async () => {
    const target = vscode.Uri.file(join(exportDir, "session.json"));
    const written = await vscode.commands.executeCommand<vscode.Uri | undefined>("junction.exportSessionCosts", { format: "json", uri: target });
    assert.equal(written?.fsPath, target.fsPath);
    const document = JSON.parse(readFileSync(target.fsPath, "utf8")) as {
      format: string;
      entries: Array<{ kind: string; target: string }>;
      totals: { session: { requests: number } };
    };
    assert.equal(document.format, EXPORT_FORMAT);
    assert.equal(document.entries.length, servers.api.panelState().requests.length);
    assert.equal(document.totals.session.requests, servers.api.panelState().totals.session.requests);
    assert.ok(document.entries.some((entry) => entry.kind === "refactor" && entry.target === "cloud"));
  });

  test("Export Session Costs writes CSV with a header row and one row per request", async () => {
    const target = vscode.Uri.file(join(exportDir, "session.csv"));
    await vscode.commands.executeCommand("junction.exportSessionCosts", { format: "csv", uri: target.toString() });
    const lines = readFileSync(target.fsPath, "utf8")
      .split("\r\n")
      .filter((line) => line !== "");
    assert.equal(lines[0], CSV_COLUMNS.join(","));
    assert.equal(lines.length, 1 + servers.api.panelState().requests.length);
  });

  test("Clear Session empties the session's rows and totals; today keeps what was spent", async () => {
    const todayBefore = servers.api.panelState().totals.today.requests;
    assert.equal(await vscode.commands.executeCommand("junction.clearSession", { confirm: false }), true);
    const state = servers.api.panelState();
    assert.equal(state.requests.length, 0);
    assert.equal(state.totals.session.requests, 0);
    assert.equal(state.totals.session.usd, 0);
    assert.equal(state.totals.today.requests, todayBefore);
  });
});

suite("The panel after 10,000 completions", function () {
  this.timeout(5 * 60_000);
  const REQUESTS = 10_000;
  let servers: ModelServers;
  const restore: Array<() => Promise<void>> = [];

  suiteSetup(async () => {
    servers = await setUpModelServers();
    restore.push(await setUserSetting("completion.route", "local"));
    await vscode.commands.executeCommand("junction.clearSession", { confirm: false });
    const lines = Array.from({ length: 2_000 }, (_, index) => `export const value${index} = ${index};`);
    const uri = folderFile("demo", "src/many-requests.ts");
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(`${lines.join("\n")}\n`));
    const document = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(document);
    servers.ollama.script({ path: "/api/generate", reply: " + 1;" });
    // The provider VS Code calls, called as VS Code calls it, once per position: every answer is
    // a ledger row (a position asked twice would come from the cache and add none).
    const provider = servers.api.inlineCompletionProvider;
    const context = { triggerKind: vscode.InlineCompletionTriggerKind.Invoke, selectedCompletionInfo: undefined } as vscode.InlineCompletionContext;
    for (let index = 0; index < REQUESTS; index += 1) {
      const position = new vscode.Position(index % lines.length, 8 + Math.floor(index / lines.length));
      await provider.provideInlineCompletionItems(document, position, context, new vscode.CancellationTokenSource().token);
      // The fake records every request body in this process; let them go.
      if (servers.ollama.requests.length >= 500) servers.ollama.requests.length = 0;
    }
  });

  suiteTeardown(async () => {
    // Later suites find their requests as the rows that appear: a full ledger would hide them.
    await vscode.commands.executeCommand("junction.clearSession", { confirm: false });
    for (const undo of restore.reverse()) await undo();
    await servers.tearDown();
  });

  test("the ledger keeps its newest 500 rows, and the totals count all 10,000 requests", () => {
    const state = servers.api.panelState();
    assert.ok(panelStateSchema.safeParse(state).success);
    assert.equal(state.requests.length, DEFAULT_MAX_SESSION_ENTRIES);
    assert.equal(state.totals.session.requests, REQUESTS);
    assert.equal(state.totals.session.local, REQUESTS);
    assert.ok(state.requests.every((row) => row.file === "demo/src/many-requests.ts" && row.outcome === "ok"));
  });

  test("the panel opens on the newest page, and its last page holds the oldest row kept", async () => {
    await vscode.commands.executeCommand("junction.showPanel");
    await waitFor("the panel to open", () => servers.api.isPanelOpen());
    const state = servers.api.panelState();
    const first = sessionView(state, FIRST_PAGE);
    const parsed = hostToPanelSchema.safeParse({ type: "state", state: first });
    assert.ok(parsed.success, parsed.error?.message);
    assert.equal(first.requests.pageCount, DEFAULT_MAX_SESSION_ENTRIES / REQUEST_PAGE_SIZE);
    assert.deepEqual(
      first.requests.rows.map((row) => row.id),
      state.requests.slice(0, REQUEST_PAGE_SIZE).map((row) => row.id),
    );
    const last = sessionView(state, { page: first.requests.pageCount - 1, filter: "all" });
    assert.equal(last.requests.rows.length, REQUEST_PAGE_SIZE);
    assert.equal(last.requests.rows.at(-1)?.id, state.requests.at(-1)?.id);
    assert.deepEqual(sessionView(state, { page: 1_000_000, filter: "all" }).requests, last.requests, "a page past the end is the last page");
    // The chart still stands for the whole session, the 9,500 requests no longer kept included.
    assert.ok(first.spend.length <= MAX_SPEND_STEPS);
    const chart = chartData(first.spend, state.totals.session);
    assert.equal(chart.localRequests, REQUESTS);
    await closeAllEditors();
  });
});
