// The local model as a real Ollama would serve it, in a real extension host: typing a function
// into a file sends one num_ctx (no reload, server/sched.go needsReload) and prompts whose beginning
// the KV cache can reuse; a cloud name (internal/modelref ParseRef) never gets private code.
import * as assert from "node:assert/strict";
import * as vscode from "vscode";
import type { FakeOllama } from "../fakes/fakeOllama.ts";
import type { JunctionApi } from "../../src/host/extension.ts";
import { closeAllEditors, folderFile, setUpModelServers, setUserSetting, sleep, waitFor } from "./helpers.ts";
import type { ModelServers } from "./helpers.ts";

/** A 120-line private file with an empty function body to type into. */
async function openLongFile(): Promise<vscode.TextEditor> {
  const lines = Array.from({ length: 60 }, (_, i) => `export function step${i}(value: number): number {\n  return value + ${i};\n}`);
  lines.splice(30, 0, "export function total(items: { price: number }[]): number {\n  \n}");
  const uri = folderFile("demo", `src/typing-${Date.now()}.ts`);
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(`${lines.join("\n")}\n`));
  const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
  const line = editor.document
    .getText()
    .split("\n")
    .findIndex((text) => text === "  ");
  const cursor = new vscode.Position(line, 2);
  editor.selection = new vscode.Selection(cursor, cursor);
  return editor;
}

suite("Local model on the Ollama twin: one window, prompts the cache can reuse, cloud names", () => {
  let ollama: FakeOllama;
  let api: JunctionApi;
  let servers: ModelServers;
  const generateRequests = () => ollama.requests.filter((request) => request.path === "/api/generate" && request.body.prompt !== "");

  suiteSetup(async () => {
    servers = await setUpModelServers();
    ({ ollama, api } = servers);
  });

  suiteTeardown(() => servers.tearDown());

  setup(async () => {
    await closeAllEditors();
    ollama.reset();
  });

  test("typing a function into a long file sends one num_ctx throughout, and the model is never reloaded", async () => {
    ollama.script({ path: "/api/generate", reply: "zz" });
    const editor = await openLongFile();
    for (const word of ["const ", "sum ", "= ", "items", ".reduce(", "(acc, ", "item) ", "=> ", "acc ", "+ ", "item.price, ", "0);"]) {
      await editor.edit((builder) => builder.insert(editor.selection.active, word));
      const before = generateRequests().length;
      await vscode.commands.executeCommand("editor.action.inlineSuggest.trigger");
      await waitFor("the completion request", () => generateRequests().length > before, 5_000);
      await sleep(50);
    }
    const requests = generateRequests();
    assert.ok(requests.length >= 10, `${requests.length} requests`);
    assert.deepEqual([...new Set(requests.map((request) => request.body.options.num_ctx))], [8192]);
    assert.deepEqual(ollama.reloads, []);
    // Each prompt but the first found the previous one's beginning in the KV cache.
    const reused = ollama.generations.slice(1).filter((generation) => generation.cachedTokens > generation.promptTokens / 2);
    assert.ok(reused.length >= ollama.generations.length - 2, `${reused.length} of ${ollama.generations.length - 1} prompts reused the cache`);
  });

  for (const name of ["qwen3-coder:cloud", "deepseek-v3.1:671b:CLOUD"]) {
    test(`${name} as the completion model gets no private code, and Ollama is asked to forward nothing`, async () => {
      const undo = await setUserSetting("local.completionModel", name);
      try {
        await waitFor("the cloud model to be recognised", () => {
          const health = api.localHealth();
          return health.state === "unavailable" && health.problem === "model-is-remote";
        });
        const editor = await openLongFile();
        await editor.edit((builder) => builder.insert(editor.selection.active, "return "));
        await vscode.commands.executeCommand("editor.action.inlineSuggest.trigger");
        await sleep(500);
        assert.equal(generateRequests().length, 0);
        assert.deepEqual(ollama.cloudRequests, []);
      } finally {
        await undo();
      }
      await waitFor("the local model to be ready again", () => api.localHealth().state === "ready");
    });
  }
});
