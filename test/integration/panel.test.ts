// The panel's host side in a real extension host: the state it sends satisfies the shared
// protocol, and the session's costs can be exported (JSON, CSV) and cleared by command.
import * as assert from "node:assert/strict";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as vscode from "vscode";
import { CSV_COLUMNS, EXPORT_FORMAT, PRICE_TABLE_DATE } from "../../src/core/index.ts";
import { panelStateSchema } from "../../src/shared/protocol.ts";
import type { FakeOpenAi } from "../fakes/fakeOpenAi.ts";
import { closeAllEditors, folderFile, setUpModelServers } from "./helpers.ts";
import type { ModelServers } from "./helpers.ts";

/** Fills in greet() in the public folder's app.ts, in Junction's edit format. */
const GREET_ANSWER = [
  "<<<FILE public-app/src/app.ts",
  "<<<SEARCH",
  "export function greet(name: string): string {",
  "  ",
  "}",
  "===",
  "export function greet(name: string): string {",
  "  return `Hello, ${name}!`;",
  "}",
  ">>>REPLACE",
  ">>>END",
].join("\n");

suite("Session costs: the panel's state, export and clear", () => {
  let servers: ModelServers;
  let cloud: FakeOpenAi;
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
    assert.equal(state.pricing.date, PRICE_TABLE_DATE);
  });

  test("Export Session Costs writes the session as JSON where it is told", async () => {
    const target = vscode.Uri.file(join(exportDir, "session.json"));
    const written = await vscode.commands.executeCommand<vscode.Uri | undefined>("junction.exportSessionCosts", { format: "json", uri: target });
    assert.equal(written?.fsPath, target.fsPath);
    const document = JSON.parse(readFileSync(target.fsPath, "utf8")) as { format: string; entries: Array<{ kind: string; target: string }>; totals: { session: { requests: number } } };
    assert.equal(document.format, EXPORT_FORMAT);
    assert.equal(document.entries.length, servers.api.panelState().requests.length);
    assert.equal(document.totals.session.requests, servers.api.panelState().totals.session.requests);
    assert.ok(document.entries.some((entry) => entry.kind === "refactor" && entry.target === "cloud"));
  });

  test("Export Session Costs writes CSV with a header row and one row per request", async () => {
    const target = vscode.Uri.file(join(exportDir, "session.csv"));
    await vscode.commands.executeCommand("junction.exportSessionCosts", { format: "csv", uri: target.toString() });
    const lines = readFileSync(target.fsPath, "utf8").split("\r\n").filter((line) => line !== "");
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
