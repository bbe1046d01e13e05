// Refactors in a real extension host against the fake servers: routing by privacy, applying as
// one undoable edit, cancellation reaching the server, and nothing overwritten or half-applied.
import * as assert from "node:assert/strict";
import * as vscode from "vscode";
import type { FakeOllama } from "../fakes/fakeOllama.ts";
import type { ChatTwin } from "../fakes/cloud/chatTwin.ts";
import { FAKE_GITHUB_TOKEN } from "../fixtures/privacyValues.ts";
import type { RefactorOutcome } from "../../src/host/refactor/refactorFlow.ts";
import { closeAllEditors, folderFile, greetAnswer, junctionLog, setUpModelServers, setUserSetting, waitFor } from "./helpers.ts";
import type { ModelServers } from "./helpers.ts";

const GREET_BEFORE = "export function greet(name: string): string {\n  \n}\n// private-app/src/app.ts\n";

async function open(folder: string, path: string): Promise<vscode.TextEditor> {
  return vscode.window.showTextDocument(await vscode.workspace.openTextDocument(folderFile(folder, path)));
}

async function refactorSelection(args: Record<string, unknown>): Promise<RefactorOutcome | undefined> {
  return vscode.commands.executeCommand<RefactorOutcome | undefined>("junction.refactorSelection", { route: "auto", applyWithoutPreview: true, ...args });
}

suite("Refactors: routed, applied as one undoable edit, never lossy", () => {
  let ollama: FakeOllama;
  let cloud: ChatTwin;
  let servers: ModelServers;

  suiteSetup(async () => {
    servers = await setUpModelServers();
    ({ ollama, cloud } = servers);
  });

  suiteTeardown(() => servers.tearDown());

  setup(async () => {
    await closeAllEditors();
    ollama.reset();
    cloud.reset();
  });

  teardown(async () => {
    // Leave every fixture file as it was for the next test.
    for (const document of vscode.workspace.textDocuments) {
      if (document.isDirty) {
        await vscode.window.showTextDocument(document);
        await vscode.commands.executeCommand("workbench.action.files.revert");
      }
    }
  });

  const chatsTo = (server: FakeOllama | ChatTwin, path: string) => server.requests.filter((request) => request.path === path);

  test("a single-file refactor in a private folder runs on the local model and one undo restores the file exactly", async () => {
    ollama.script({ path: "/api/chat", reply: greetAnswer("private-app/src/app.ts", "return `Hello, ${name}`;") });
    const editor = await open("private-app", "src/app.ts");
    const before = editor.document.getText();
    const outcome = await refactorSelection({ instruction: "Implement greet" });
    assert.equal(outcome?.status, "applied", JSON.stringify(outcome));
    assert.equal(editor.document.getText(), "export function greet(name: string): string {\n  return `Hello, ${name}`;\n}\n// private-app/src/app.ts\n");
    assert.equal(chatsTo(ollama, "/api/chat").length, 1);
    assert.equal(chatsTo(ollama, "/api/chat")[0]?.body.model, "qwen2.5-coder:7b-instruct", "the refactor model, not the completion model");
    assert.equal(chatsTo(cloud, "/v1/chat/completions").length, 0);
    await vscode.window.showTextDocument(editor.document);
    await vscode.commands.executeCommand("undo");
    assert.equal(editor.document.getText(), before, "one undo restores everything");
  });

  test("a multi-file refactor on a model nobody prices still reaches the cloud: unknown cost, budgeted at the fallback rate, its rejected parameters learned", async () => {
    const fineTune = "ft:gpt-5-mini:acme:refactor:abc123";
    cloud.models.push(fineTune);
    const undo = await setUserSetting("cloud.model", fineTune);
    try {
      await waitFor("the model setting", () => servers.api.effectiveSettings()["cloud.model"] === fineTune);
      cloud.script({ path: "/v1/chat/completions", reply: greetAnswer("public-app/src/app.ts", "return `Hey ${name}`;") });
      const app = await vscode.workspace.openTextDocument(folderFile("public-app", "src/app.ts"));
      const context = await vscode.workspace.openTextDocument(folderFile("public-app", "src/context.ts"));
      const outcome = await vscode.commands.executeCommand<RefactorOutcome>("junction.refactorAcrossFiles", {
        instruction: "Implement greet",
        files: [app.uri.toString(), context.uri.toString()],
        route: "auto",
        applyWithoutPreview: true,
      });
      assert.equal(outcome?.status, "applied", JSON.stringify(outcome));
      const sent = chatsTo(cloud, "/v1/chat/completions").map((request) => request.body);
      assert.equal(sent.length, 3, "temperature, then max_tokens, each withdrawn once");
      assert.equal(sent[2]?.temperature, undefined);
      assert.ok(sent[2]?.max_completion_tokens > 0);
      const [row] = servers.api.panelState().requests;
      assert.equal(row?.target, "cloud");
      assert.equal(row?.usd, null, "an unknown price, never $0");
      assert.equal(row?.costSource, "unknown-price");
      assert.ok((row?.assumedUsd ?? 0) > 0, "budgeted at the fallback rate");
      assert.ok(
        row?.reasons.some((reason) => /no price is known for ft:gpt-5-mini.*\$15 in \/ \$75 out per million tokens/.test(reason)),
        row?.reasons.join(" | "),
      );
      assert.ok(junctionLog(servers.api).includes(`rejected "temperature" for ${fineTune}`));
    } finally {
      await undo();
    }
  });

  test("a multi-file refactor in a cloud-allowed folder goes to the cloud with both files, secrets redacted, and changes both", async () => {
    const answer = [
      greetAnswer("public-app/src/app.ts", "return `Hi ${name}`;"),
      "<<<FILE public-app/src/config.ts",
      "<<<SEARCH",
      "export function token(): string {",
      "  ",
      "}",
      "===",
      "export function token(): string {",
      '  return githubToken || "<<JUNCTION_SECRET_1>>";',
      "}",
      ">>>REPLACE",
      ">>>END",
    ].join("\n");
    cloud.script({ path: "/v1/chat/completions", reply: answer });
    const app = await vscode.workspace.openTextDocument(folderFile("public-app", "src/app.ts"));
    const config = await vscode.workspace.openTextDocument(folderFile("public-app", "src/config.ts"));
    const outcome = await vscode.commands.executeCommand<RefactorOutcome>("junction.refactorAcrossFiles", {
      instruction: "Implement greet and token",
      files: [app.uri.toString(), config.uri.toString()],
      route: "auto",
      applyWithoutPreview: true,
    });
    assert.equal(outcome?.status, "applied", JSON.stringify(outcome));
    const requests = chatsTo(cloud, "/v1/chat/completions");
    assert.equal(requests.length, 1);
    const body = JSON.stringify(requests[0]?.body);
    assert.ok(body.includes("public-app/src/app.ts") && body.includes("public-app/src/config.ts"), "both files were sent");
    assert.ok(!body.includes(FAKE_GITHUB_TOKEN), "the secret was not");
    assert.match(app.getText(), /return `Hi \$\{name\}`;/);
    assert.ok(config.getText().includes(`return githubToken || "${FAKE_GITHUB_TOKEN}";`), "the placeholder became the user's value again");
    assert.equal(chatsTo(ollama, "/api/chat").length, 0);
  });

  test("the same multi-file refactor across private folders stays local", async () => {
    ollama.script({ path: "/api/chat", reply: greetAnswer("private-app/src/app.ts", "return name;") });
    const app = await vscode.workspace.openTextDocument(folderFile("private-app", "src/app.ts"));
    const other = await vscode.workspace.openTextDocument(folderFile("acme-app", "src/app.ts"));
    const outcome = await vscode.commands.executeCommand<RefactorOutcome>("junction.refactorAcrossFiles", {
      instruction: "Restructure greet across these files",
      files: [app.uri.toString(), other.uri.toString()],
      route: "auto",
      applyWithoutPreview: true,
    });
    assert.equal(outcome?.status, "applied", JSON.stringify(outcome));
    assert.equal(chatsTo(cloud, "/v1/chat/completions").length, 0);
    assert.equal(chatsTo(ollama, "/api/chat").length, 1);
  });

  test("forcing the cloud on private code is refused with the reason, and nothing is sent anywhere", async () => {
    await open("private-app", "src/app.ts");
    const outcome = await refactorSelection({ instruction: "Implement greet", route: "cloud" });
    assert.equal(outcome?.status, "failed");
    assert.match(outcome?.status === "failed" ? outcome.message : "", /refused the cloud model.*private/);
    assert.equal(chatsTo(cloud, "/v1/chat/completions").length, 0);
    assert.equal(chatsTo(ollama, "/api/chat").length, 0);
  });

  test("cancelling aborts the HTTP request at the server and changes nothing", async () => {
    ollama.script({ path: "/api/chat", reply: greetAnswer("private-app/src/app.ts", "return name;"), stallAfterChunks: 1 });
    const editor = await open("private-app", "src/app.ts");
    const running = refactorSelection({ instruction: "Implement greet" });
    await waitFor("the request to reach the fake", () => chatsTo(ollama, "/api/chat").length === 1);
    assert.equal(await vscode.commands.executeCommand("junction.cancelRefactor"), 1);
    const outcome = await running;
    assert.equal(outcome?.status, "cancelled");
    await waitFor("the server to see the connection close", () => chatsTo(ollama, "/api/chat")[0]?.clientClosedEarly === true);
    assert.equal(editor.document.getText(), GREET_BEFORE);
  });

  test("a document edited while the model answers is not overwritten, and is reported as stale", async () => {
    ollama.script({ path: "/api/chat", reply: greetAnswer("private-app/src/app.ts", "return name;"), firstByteDelayMs: 1_500 });
    const editor = await open("private-app", "src/app.ts");
    const running = refactorSelection({ instruction: "Implement greet" });
    await waitFor("the request to reach the fake", () => chatsTo(ollama, "/api/chat").length === 1);
    await editor.edit((builder) => builder.insert(new vscode.Position(0, 0), "// the user kept typing\n"));
    const typed = editor.document.getText();
    const outcome = await running;
    assert.ok(outcome && (outcome.status === "applied" || outcome.status === "declined"), JSON.stringify(outcome));
    assert.deepEqual(outcome.status === "applied" || outcome.status === "declined" ? outcome.stale : [], ["private-app/src/app.ts"]);
    assert.equal(editor.document.getText(), typed, "what the user typed is kept, untouched");
  });

  test("an answer without edits changes nothing and says what went wrong", async () => {
    ollama.script({ path: "/api/chat", reply: "I'm sorry, I can't help with that." });
    const editor = await open("private-app", "src/app.ts");
    const outcome = await refactorSelection({ instruction: "Implement greet" });
    assert.equal(outcome?.status, "failed");
    assert.match(outcome?.status === "failed" ? outcome.message : "", /no edit/i);
    assert.equal(editor.document.getText(), GREET_BEFORE);
  });

  test("an answer whose search text is not in the file changes nothing", async () => {
    ollama.script({
      path: "/api/chat",
      reply: "<<<FILE private-app/src/app.ts\n<<<SEARCH\nfunction nowhere() {}\n===\nfunction somewhere() {}\n>>>REPLACE\n>>>END",
    });
    const editor = await open("private-app", "src/app.ts");
    const outcome = await refactorSelection({ instruction: "Implement greet" });
    assert.equal(outcome?.status, "failed");
    assert.match(outcome?.status === "failed" ? outcome.message : "", /not found|does not occur|no match/i);
    assert.equal(editor.document.getText(), GREET_BEFORE);
  });

  test("an answer that edits a file outside the request is refused whole", async () => {
    ollama.script({ path: "/api/chat", reply: `${greetAnswer("private-app/src/app.ts", "return name;")}\n<<<FILE ../../etc/passwd (new)\nroot::0:0\n>>>END` });
    const editor = await open("private-app", "src/app.ts");
    const outcome = await refactorSelection({ instruction: "Implement greet" });
    assert.equal(outcome?.status, "failed");
    assert.equal(editor.document.getText(), GREET_BEFORE, "not even the valid part was applied");
  });
});
