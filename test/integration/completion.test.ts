// Inline completions in a real extension host against the fake Ollama: cancellation reaches the
// server, the cache and a stream being typed through save requests, raw FIM for known families.
import * as assert from "node:assert/strict";
import * as vscode from "vscode";
import type { FakeOllama } from "../fakes/fakeOllama.ts";
import { closeAllEditors, folderFile, setUpModelServers, setUserSetting, sleep, waitFor } from "./helpers.ts";
import type { ModelServers } from "./helpers.ts";

let fileCount = 0;

/** A fresh file in the demo folder (private: completions stay local), cursor on its empty line. */
async function freshEditor(body = "  "): Promise<vscode.TextEditor> {
  fileCount += 1;
  const uri = folderFile("demo", `src/completion-${fileCount}-${Date.now()}.ts`);
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(`export function shout${fileCount}(name: string): string {\n${body}\n}\n`));
  const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
  const cursor = new vscode.Position(1, body.length);
  editor.selection = new vscode.Selection(cursor, cursor);
  return editor;
}

async function trigger(): Promise<void> {
  await vscode.commands.executeCommand("editor.action.inlineSuggest.trigger");
}

async function acceptUntil(editor: vscode.TextEditor, expected: string): Promise<void> {
  await waitFor(`"${expected}" to be accepted`, async () => {
    await trigger();
    await sleep(300);
    await vscode.commands.executeCommand("editor.action.inlineSuggest.commit");
    return editor.document.lineAt(1).text === expected;
  });
}

suite("Inline completions: cancellation, cache, typing through, FIM formats", () => {
  let ollama: FakeOllama;
  let servers: ModelServers;
  const generateRequests = () => ollama.requests.filter((request) => request.path === "/api/generate" && request.body.prompt !== "");

  suiteSetup(async () => {
    servers = await setUpModelServers();
    ollama = servers.ollama;
  });

  suiteTeardown(() => servers.tearDown());

  setup(async () => {
    await closeAllEditors();
    ollama.reset();
  });

  test("a request the user types past is aborted: the server sees the connection close", async () => {
    ollama.script({ path: "/api/generate", reply: "return name.toUpperCase();", chunks: 5, stallAfterChunks: 1 });
    const editor = await freshEditor();
    // Not awaited: the command settles only when the (stalled) suggestion does.
    void trigger();
    await waitFor("the request to reach the fake", () => generateRequests().length === 1);
    await editor.edit((builder) => builder.insert(editor.selection.active, "zz"));
    void trigger();
    await waitFor("the fake to see the stream cut", () => generateRequests()[0]?.clientClosedEarly === true);
  });

  test("the same position again is answered from the cache, without a second request", async () => {
    ollama.script({ path: "/api/generate", reply: "return name.toUpperCase();" });
    const editor = await freshEditor();
    await acceptUntil(editor, "  return name.toUpperCase();");
    // On a busy machine acceptUntil may trigger again before the first answer arrives, and VS Code
    // cancels the first call: more than one request is then honest. What the cache promises is
    // that asking at the same position again sends none.
    const first = generateRequests().length;
    assert.ok(first >= 1, "the first completion was asked of the model");
    await vscode.commands.executeCommand("undo");
    assert.equal(editor.document.lineAt(1).text, "  ");
    editor.selection = new vscode.Selection(new vscode.Position(1, 2), new vscode.Position(1, 2));
    await acceptUntil(editor, "  return name.toUpperCase();");
    assert.equal(generateRequests().length, first, "the second completion came from the cache");
  });

  test("typing what a streaming completion predicts reuses that stream instead of asking again", async () => {
    ollama.script({ path: "/api/generate", reply: "return name.toUpperCase();", chunks: 6, chunkDelayMs: 250 });
    const editor = await freshEditor();
    void trigger();
    await waitFor("the request to reach the fake", () => generateRequests().length === 1);
    // The first piece streams at once, the rest 250 ms apart: type once the stream has begun.
    await sleep(300);
    await editor.edit((builder) => builder.insert(editor.selection.active, "ret"));
    await acceptUntil(editor, "  return name.toUpperCase();");
    assert.equal(generateRequests().length, 1, "one request served the whole typed-through completion");
  });

  test("a model without insert of a known family gets its own FIM tokens in raw mode", async () => {
    const undo = await setUserSetting("local.completionModel", "qwen2.5-coder:7b-instruct");
    try {
      ollama.script({ path: "/api/generate", reply: "return name.repeat(2);" });
      const editor = await freshEditor();
      await acceptUntil(editor, "  return name.repeat(2);");
      const request = generateRequests()[0];
      assert.equal(request?.body.raw, true);
      assert.equal(request?.body.suffix, undefined, "no suffix in raw mode");
      assert.match(String(request?.body.prompt), /<\|fim_prefix\|>[\s\S]*<\|fim_suffix\|>[\s\S]*<\|fim_middle\|>$/);
      assert.ok(Array.isArray(request?.body.options?.stop) && request.body.options.stop.includes("<|endoftext|>"));
    } finally {
      await undo();
    }
  });

  test("the prompt carries the file path as a comment and related open files of the same language", async () => {
    ollama.script({ path: "/api/generate", reply: "return name;" });
    const related = await vscode.workspace.openTextDocument(folderFile("demo", "src/cart.ts"));
    await vscode.window.showTextDocument(related, { preview: false });
    const editor = await freshEditor();
    await acceptUntil(editor, "  return name;");
    const prompt = String(generateRequests()[0]?.body.prompt);
    assert.match(prompt, /\/\/ Path: demo\/src\/completion-\d+-\d+\.ts/);
    assert.match(prompt, /export function applyDiscount/, "a snippet of the open cart.ts");
  });

  test("Pull Local Model downloads a missing model through Ollama's pull stream, and completions are ready again", async () => {
    const api = servers.api;
    ollama.models.splice(0, ollama.models.length, ...ollama.models.filter((model) => model.name !== "qwen2.5-coder:1.5b-base"));
    await vscode.commands.executeCommand("junction.checkLocalModel");
    await waitFor("the model to be reported missing", () => {
      const health = api.localHealth();
      return health.state === "unavailable" && health.problem === "model-not-found";
    });
    assert.equal(await vscode.commands.executeCommand("junction.pullLocalModel", "qwen2.5-coder:1.5b-base"), true);
    assert.equal(ollama.requests.filter((request) => request.path === "/api/pull").length, 1);
    await waitFor("the local model to be ready", () => api.localHealth().state === "ready");
  });
});
