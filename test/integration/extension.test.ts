import * as assert from "node:assert/strict";
import * as vscode from "vscode";
import { startFakeOllama } from "../fakes/fakeOllama.ts";
import type { FakeOllama } from "../fakes/fakeOllama.ts";
import { activateJunction, closeAllEditors, setUserSetting, waitFor, workspaceFile } from "./helpers.ts";

suite("Junction in a real extension host", () => {
  let ollama: FakeOllama;
  const restore: Array<() => Promise<void>> = [];

  suiteSetup(async () => {
    ollama = await startFakeOllama({ version: "0.12.9-fake" });
    restore.push(await setUserSetting("local.endpoint", ollama.url));
  });

  suiteTeardown(async () => {
    for (const undo of restore.reverse()) await undo();
    await closeAllEditors();
    await ollama.stop();
  });

  setup(() => ollama.reset());

  test("activates on startup and registers its commands", async () => {
    const api = await activateJunction();
    assert.equal(vscode.extensions.getExtension("junction-dev.junction")?.isActive, true);
    const commands = await vscode.commands.getCommands(true);
    for (const command of ["junction.showPanel", "junction.showLog", "junction.checkLocalModel"]) {
      assert.ok(commands.includes(command), `${command} is registered`);
    }
    assert.ok(["checking", "ready", "unavailable"].includes(api.localHealth().state));
  });

  test("finds the configured Ollama and reports it ready", async () => {
    const api = await activateJunction();
    await waitFor("the local model to be ready", () => api.localHealth().state === "ready");
    const health = api.localHealth();
    assert.equal(health.endpoint, ollama.url);
    assert.equal(health.state === "ready" && health.model, "qwen2.5-coder:1.5b-base");
    assert.deepEqual(health.state === "ready" && health.server, { product: "ollama", version: "0.12.9-fake" }, "the version the fake server reported");
    assert.equal(health.state === "ready" && health.simulated, false);
  });

  test("an inline completion is the fake Ollama's fill-in-the-middle answer, inserted on accept", async () => {
    const api = await activateJunction();
    await waitFor("the local model to be ready", () => api.localHealth().state === "ready");
    ollama.script({ path: "/api/generate", promptIncludes: "applyDiscount", reply: "return total * (1 - percent / 100);" });

    const document = await vscode.workspace.openTextDocument(workspaceFile("src/cart.ts"));
    const editor = await vscode.window.showTextDocument(document);
    const line =
      document
        .getText()
        .split("\n")
        .findIndex((text) => text.includes("applyDiscount")) + 1;
    const cursor = new vscode.Position(line, document.lineAt(line).text.length);
    editor.selection = new vscode.Selection(cursor, cursor);

    await waitFor(
      "the completion to be accepted into the document",
      async () => {
        await vscode.commands.executeCommand("editor.action.inlineSuggest.trigger");
        await new Promise((resolve) => setTimeout(resolve, 300));
        await vscode.commands.executeCommand("editor.action.inlineSuggest.commit");
        return document.lineAt(line).text.includes("return total * (1 - percent / 100);");
      },
      15_000,
    );

    const generate = ollama.requests.find((request) => request.path === "/api/generate");
    assert.ok(generate, "Junction called /api/generate");
    assert.equal(generate.body.model, "qwen2.5-coder:1.5b-base");
    assert.equal(generate.body.stream, true, "the completion is streamed");
    assert.ok(String(generate.body.prompt).endsWith("applyDiscount(total: number, percent: number): number {\n  "), "prompt is the code before the cursor");
    assert.ok(String(generate.body.suffix).startsWith("\n}\n"), "suffix is the code after the cursor");
    assert.equal(typeof generate.body.options?.num_predict, "number");
    assert.equal(typeof generate.body.options?.num_ctx, "number");
    const rows = api.panelState().requests;
    assert.equal(rows[0]?.kind, "completion");
    assert.equal(rows[0]?.target, "local");
    await vscode.commands.executeCommand("workbench.action.files.revert");
  });

  test("Junction: Show Panel opens the webview panel", async () => {
    const api = await activateJunction();
    await vscode.commands.executeCommand("junction.showPanel");
    await waitFor("the panel to open", () => api.isPanelOpen());
    const junctionTabs = () =>
      vscode.window.tabGroups.all
        .flatMap((group) => group.tabs)
        .filter((tab) => tab.input instanceof vscode.TabInputWebview && tab.input.viewType.endsWith("junction.panel"));
    await waitFor("a webview tab for the panel", () => junctionTabs().length > 0);
    assert.equal(junctionTabs().length, 1, "one Junction panel tab");
    assert.equal(junctionTabs()[0]?.label, "Junction");
    // Showing it again reveals the same panel instead of opening a second one.
    await vscode.commands.executeCommand("junction.showPanel");
    assert.equal(junctionTabs().length, 1, "still one Junction panel tab");
  });

  test("when nothing answers at the endpoint the local model is reported unreachable there, and recovers once fixed", async () => {
    const api = await activateJunction();
    const down = await startFakeOllama();
    const closedUrl = down.url;
    await down.stop();
    const undo = await setUserSetting("local.endpoint", closedUrl);
    try {
      await waitFor("the local model to be reported unreachable", () => {
        const health = api.localHealth();
        return health.state === "unavailable" && health.problem === "unreachable" && health.endpoint === closedUrl;
      });
      const document = await vscode.workspace.openTextDocument(workspaceFile("src/scratch.ts"));
      await vscode.window.showTextDocument(document);
      await vscode.commands.executeCommand("editor.action.inlineSuggest.trigger");
      assert.equal(api.localHealth().state, "unavailable");
    } finally {
      await undo();
    }
    await waitFor("the local model to be ready again", () => api.localHealth().state === "ready");
  });
});
