// Fitting the editor people already have: completions off per language with the status bar saying
// so, another inline completion provider noticed with the choice of owner, and a remote window's
// unreachable Ollama explained.
import * as assert from "node:assert/strict";
import * as vscode from "vscode";
import type { JunctionApi } from "../../src/host/extension.ts";
import { describeLocalProblem } from "../../src/host/models/localModelMessages.ts";
import { closeAllEditors, folderFile, junctionLog, setUpModelServers, waitFor } from "./helpers.ts";
import type { ModelServers } from "./helpers.ts";

const CONTEXT = { triggerKind: vscode.InlineCompletionTriggerKind.Invoke, selectedCompletionInfo: undefined } as unknown as vscode.InlineCompletionContext;

suite("Editor fit: per-language off, other completion providers", () => {
  let api: JunctionApi;
  let servers: ModelServers;

  suiteSetup(async () => {
    servers = await setUpModelServers();
    api = servers.api;
    await vscode.workspace.getConfiguration("junction").update("completion.route", "local", vscode.ConfigurationTarget.Global);
  });

  suiteTeardown(() => servers.tearDown());

  setup(async () => {
    await closeAllEditors();
    servers.ollama.reset();
    servers.ollama.script({ path: "/api/generate", reply: "return 1;" });
  });

  const complete = async (document: vscode.TextDocument) =>
    api.inlineCompletionProvider.provideInlineCompletionItems(document, new vscode.Position(1, 2), CONTEXT, new vscode.CancellationTokenSource().token);

  test("a language turned off in settings gets no completion and no request; the status bar says so; other languages still do", async () => {
    const typescript = await vscode.workspace.openTextDocument(folderFile("private-app", "src/app.ts"));
    const section = vscode.workspace.getConfiguration("junction", { languageId: "typescript" });
    await section.update("completion.enabled", false, vscode.ConfigurationTarget.Global, true);
    try {
      await vscode.window.showTextDocument(typescript);
      await waitFor("the status bar to say TypeScript is off", () => api.statusBar().text.includes("completions off for typescript"));
      assert.equal(await complete(typescript), undefined);
      assert.equal(servers.ollama.requestsTo("/api/generate").length, 0, "nothing was asked");
      const python = await vscode.workspace.openTextDocument({ language: "python", content: "def f():\n    \n" });
      await vscode.window.showTextDocument(python);
      await waitFor("the status bar to drop the language note", () => !api.statusBar().text.includes("completions off for"));
      const items = await complete(python);
      assert.ok(items && (Array.isArray(items) ? items : items.items).length > 0, "python still completes");
    } finally {
      await section.update("completion.enabled", undefined, vscode.ConfigurationTarget.Global, true);
    }
  });

  test("another installed inline completion provider is noticed once and named in the log; Copilot counts only with AI features on", async () => {
    // chat.disableAIFeatures is on in the test profile, and it turns Copilot's inline suggestions off.
    assert.deepEqual(await api.competingCompletionProviders(), ["Tabnine"]);
    await waitFor("the notice to be logged", () => junctionLog(api).includes("Other inline completion providers are installed and on: Tabnine"));
  });

  test("choosing the other provider turns Junction's completions off; choosing Junction turns them on and leaves a Copilot that is off alone", async () => {
    const copilotBefore = vscode.workspace.getConfiguration("github.copilot").inspect("enable")?.globalValue;
    try {
      assert.equal(await vscode.commands.executeCommand("junction.chooseCompletionOwner", "other"), "other");
      assert.equal(vscode.workspace.getConfiguration("junction").inspect("completion.enabled")?.globalValue, false);
      await waitFor("the status bar to say completions are off", () => api.statusBar().text.includes("completions off"));
      assert.equal(await vscode.commands.executeCommand("junction.chooseCompletionOwner", "junction"), "junction");
      assert.equal(vscode.workspace.getConfiguration("junction").inspect("completion.enabled")?.globalValue, true);
      assert.deepEqual(
        vscode.workspace.getConfiguration("github.copilot").inspect("enable")?.globalValue,
        copilotBefore,
        "with AI features off, Copilot's setting is not touched",
      );
    } finally {
      await vscode.workspace.getConfiguration("junction").update("completion.enabled", undefined, vscode.ConfigurationTarget.Global);
    }
  });
});

suite("Editor fit: a remote window", () => {
  test("an unreachable loopback Ollama in a remote window is explained as the remote machine's, with how to reach the laptop's", () => {
    const health = {
      state: "unavailable",
      problem: "unreachable",
      endpoint: "http://127.0.0.1:11434",
      model: "qwen2.5-coder:1.5b-base",
      detail: { code: "unreachable", endpoint: "http://127.0.0.1:11434" },
    } as const;
    const remote = describeLocalProblem(health, { remoteName: "ssh-remote" });
    assert.match(remote, /This window is remote \(ssh-remote\)/);
    assert.match(remote, /ssh -R 11434:127\.0\.0\.1:11434/);
    assert.doesNotMatch(describeLocalProblem(health, { remoteName: undefined }), /remote/, "a local window gets the usual advice");
    assert.doesNotMatch(
      describeLocalProblem({ ...health, endpoint: "http://gpu-box.lan:11434" }, { remoteName: "ssh-remote" }),
      /This window is remote/,
      "a non-loopback endpoint is not the remote machine's",
    );
  });
});
