// Documents that are not UTF-8 files on disk, in a real extension host with the cloud route for
// completions on: an untitled editor and a notebook cell are not files Junction can classify, so
// they stay local, even in a cloud-allowed folder where a plain file beside them goes to the
// cloud; a file saved in Latin-1 opens and completes like any other, whichever way it is decoded,
// without an unhandled rejection.
import * as assert from "node:assert/strict";
import * as vscode from "vscode";
import type { FakeOllama } from "../fakes/fakeOllama.ts";
import type { ChatTwin } from "../fakes/cloud/chatTwin.ts";
import type { RefactorOutcome } from "../../src/host/refactor/refactorFlow.ts";
import type { RequestRow } from "../../src/shared/protocol.ts";
import type { JunctionApi } from "../../src/host/extension.ts";
import { closeAllEditors, folderFile, junctionLog, setUpModelServers, waitFor } from "./helpers.ts";
import type { ModelServers } from "./helpers.ts";

const LOCAL_ANSWER = "return 'hello ' + name;";
const CLOUD_ANSWER = "return `Hello, ${name}!`;";
const GREET = "export function greet(name: string): string {\n  \n}\n";
/** "// Café au lait" and a function to complete, as Latin-1 bytes: é is the single byte 0xE9, invalid UTF-8. */
const LATIN1_BYTES = Buffer.from(`// Caf\u00e9 au lait\n${GREET}`, "latin1");

/** The rows recorded since `before` (the ids the panel held then). */
function newRows(api: JunctionApi, before: ReadonlySet<string>): RequestRow[] {
  return api.panelState().requests.filter((row) => !before.has(row.id));
}

function rowIds(api: JunctionApi): Set<string> {
  return new Set(api.panelState().requests.map((row) => row.id));
}

/** Asks VS Code for ghost text in the active editor, as a user's Alt+\ does, until a new row is recorded. */
async function triggerUntilRecorded(api: JunctionApi, what: string): Promise<RequestRow> {
  const before = rowIds(api);
  await waitFor(
    `a completion row for ${what}`,
    async () => {
      await vscode.commands.executeCommand("editor.action.inlineSuggest.trigger");
      await new Promise((resolve) => setTimeout(resolve, 400));
      return newRows(api, before).length > 0;
    },
    15_000,
  );
  const row = newRows(api, before).at(-1);
  assert.ok(row);
  return row;
}

async function openAt(document: vscode.TextDocument, line: number, character: number): Promise<vscode.TextEditor> {
  const editor = await vscode.window.showTextDocument(document);
  editor.selection = new vscode.Selection(new vscode.Position(line, character), new vscode.Position(line, character));
  return editor;
}

/** An unhandled rejection whose stack runs through Junction's bundle (other extensions share the host). */
function fromJunction(reason: unknown): boolean {
  return reason instanceof Error && /[\\/]dist[\\/]extension\.js/.test(reason.stack ?? "");
}

const UNEXPECTED = /failed unexpectedly/g;

suite("Documents: untitled editors, notebook cells, Latin-1 files", () => {
  let servers: ModelServers;
  let ollama: FakeOllama;
  let cloud: ChatTwin;
  let api: JunctionApi;
  const rejections: unknown[] = [];
  const onRejection = (reason: unknown) => {
    if (fromJunction(reason)) rejections.push(reason);
  };
  const created: vscode.Uri[] = [];
  const cloudRequests = () => cloud.requests.filter((request) => request.path !== "/v1/models");
  const generateRequests = () => ollama.requests.filter((request) => request.path === "/api/generate");

  async function writeFile(folder: string, path: string, bytes: Uint8Array): Promise<vscode.Uri> {
    const uri = folderFile(folder, path);
    await vscode.workspace.fs.writeFile(uri, bytes);
    created.push(uri);
    return uri;
  }

  suiteSetup(async () => {
    servers = await setUpModelServers();
    ({ ollama, cloud, api } = servers);
    process.on("unhandledRejection", onRejection);
  });

  suiteTeardown(async () => {
    process.off("unhandledRejection", onRejection);
    for (const uri of created) await Promise.resolve(vscode.workspace.fs.delete(uri)).catch(() => undefined);
    await servers.tearDown();
  });

  let unexpectedBefore = 0;

  setup(async () => {
    unexpectedBefore = junctionLog(api).match(UNEXPECTED)?.length ?? 0;
    await closeAllEditors();
    ollama.reset();
    cloud.reset();
    ollama.script({ path: "/api/generate", reply: LOCAL_ANSWER });
    ollama.script({ path: "/api/chat", reply: "Nothing to change." });
    cloud.script({ path: "/v1/chat/completions", reply: CLOUD_ANSWER });
  });

  teardown(() => {
    assert.deepEqual(rejections.map(String), [], "no unhandled rejection from Junction");
    assert.equal(junctionLog(api).match(UNEXPECTED)?.length ?? 0, unexpectedBefore, "every failure was an expected, typed one");
  });

  test("an untitled editor gets local completions, never the cloud, with the cloud route on", async () => {
    const document = await vscode.workspace.openTextDocument({ language: "typescript", content: GREET });
    await openAt(document, 1, 2);
    try {
      const row = await triggerUntilRecorded(api, "the untitled editor");
      assert.equal(row.file, document.uri.path);
      assert.equal(row.target, "local", row.reasons.join("; "));
      assert.equal(row.outcome, "ok");
      assert.match(row.reasons.join("; "), /not a file on disk \(untitled\)/);
      assert.equal(cloudRequests().length, 0);
      assert.match(String(generateRequests()[0]?.body.prompt), /export function greet/, "the local model read the untitled text");
    } finally {
      await vscode.commands.executeCommand("workbench.action.revertAndCloseActiveEditor");
    }
  });

  test("a refactor of an untitled editor is refused with the reason, on either route, and nothing is sent", async () => {
    const document = await vscode.workspace.openTextDocument({ language: "typescript", content: GREET });
    const editor = await openAt(document, 0, 0);
    editor.selection = new vscode.Selection(new vscode.Position(0, 0), new vscode.Position(2, 1));
    try {
      for (const route of ["cloud", "local"] as const) {
        const outcome = await vscode.commands.executeCommand<RefactorOutcome>("junction.refactorSelection", {
          instruction: "Add documentation",
          route,
          applyWithoutPreview: true,
        });
        assert.equal(outcome?.status, "failed", `${route}: ${JSON.stringify(outcome)}`);
        assert.match(outcome?.status === "failed" ? outcome.message : "", /Untitled-\d+ is not saved; save it in a workspace folder first/);
      }
      assert.equal(cloudRequests().length, 0);
      assert.equal(ollama.requests.filter((request) => request.path === "/api/chat").length, 0);
      assert.equal(document.getText(), GREET);
    } finally {
      await vscode.commands.executeCommand("workbench.action.revertAndCloseActiveEditor");
    }
  });

  test("a notebook cell stays local in a cloud-allowed folder where a Python file beside it goes to the cloud", async () => {
    const source = "def greet(name):\n    \n";
    // Control: this folder and this route do reach the cloud, so the cell's local route is the cell's rule.
    const python = await vscode.workspace.openTextDocument(await writeFile("public-app", "src/notes.py", new TextEncoder().encode(source)));
    await openAt(python, 1, 4);
    const control = await triggerUntilRecorded(api, "notes.py");
    assert.equal(control.target, "cloud", control.reasons.join("; "));
    const cloudBefore = cloudRequests().length;
    assert.ok(cloudBefore >= 1);

    const notebookJson = {
      cells: [{ cell_type: "code", execution_count: null, metadata: {}, outputs: [], source: ["def greet(name):\n", "    "] }],
      metadata: { language_info: { name: "python" } },
      nbformat: 4,
      nbformat_minor: 5,
    };
    const uri = await writeFile("public-app", "src/notes.ipynb", new TextEncoder().encode(JSON.stringify(notebookJson)));
    const notebook = await vscode.workspace.openNotebookDocument(uri);
    await vscode.window.showNotebookDocument(notebook);
    const cell = notebook.cellAt(0).document;
    assert.equal(cell.uri.scheme, "vscode-notebook-cell");
    // The provider VS Code calls for the cell's editor, called as VS Code calls it.
    const before = rowIds(api);
    const context = { triggerKind: vscode.InlineCompletionTriggerKind.Invoke, selectedCompletionInfo: undefined } as vscode.InlineCompletionContext;
    const items = await api.inlineCompletionProvider.provideInlineCompletionItems(
      cell,
      new vscode.Position(1, 4),
      context,
      new vscode.CancellationTokenSource().token,
    );
    const row = newRows(api, before).at(-1);
    assert.ok(row, "the cell's request is in the ledger");
    assert.equal(row.target, "local", row.reasons.join("; "));
    assert.match(row.reasons.join("; "), /not a file on disk \(vscode-notebook-cell\)/);
    assert.equal(cloudRequests().length, cloudBefore, "the cloud received nothing from the cell");
    const answer = Array.isArray(items) ? items : (items?.items ?? []);
    assert.ok(
      answer.some((item) => String(typeof item.insertText === "string" ? item.insertText : item.insertText.value).includes("hello")),
      "the local answer is offered",
    );

    // A refactor of the cell is refused before anything is sent, with the reason.
    const outcome = await vscode.commands.executeCommand<RefactorOutcome>("junction.refactorAcrossFiles", {
      files: [cell.uri.toString()],
      instruction: "Add documentation",
      route: "cloud",
      applyWithoutPreview: true,
    });
    assert.equal(outcome?.status, "failed", JSON.stringify(outcome));
    assert.match(
      outcome?.status === "failed" ? outcome.message : "",
      /Junction does not refactor notebook cells \(.*notes\.ipynb.*\); copy the code into a file/,
    );
    assert.equal(cloudRequests().length, cloudBefore);
    assert.equal(ollama.requests.filter((request) => request.path === "/api/chat").length, 0);
  });

  test("a Latin-1 file opens (é, invalid UTF-8, decoded as VS Code decodes it) and completes locally", async () => {
    const uri = await writeFile("demo", "src/latin1-default.ts", LATIN1_BYTES);
    const document = await vscode.workspace.openTextDocument(uri);
    // UTF-8 by default: the lone 0xE9 is U+FFFD; a guessed or configured Latin-1 gives é.
    assert.match(document.getText(), /^\/\/ Caf[\u00e9\ufffd] au lait\n/);
    await openAt(document, 2, 2);
    const row = await triggerUntilRecorded(api, "the Latin-1 file");
    assert.equal(row.target, "local", row.reasons.join("; "));
    assert.equal(row.outcome, "ok");
    const prompt = String(generateRequests()[0]?.body.prompt);
    assert.ok(prompt.includes(document.getText().split("\n")[0] ?? "?"), "the model read the text as the editor shows it");
  });

  test("opened as Latin-1, the same bytes read é and reach a cloud-allowed folder's cloud model intact", async () => {
    const uri = await writeFile("public-app", "src/latin1.ts", LATIN1_BYTES);
    const document = await vscode.workspace.openTextDocument(uri, { encoding: "iso88591" });
    assert.equal(document.encoding, "iso88591");
    assert.ok(document.getText().startsWith("// Caf\u00e9 au lait\n"));
    await openAt(document, 2, 2);
    const row = await triggerUntilRecorded(api, "the file opened as Latin-1");
    assert.equal(row.target, "cloud", row.reasons.join("; "));
    assert.equal(row.outcome, "ok");
    assert.ok(JSON.stringify(cloudRequests()[0]?.body).includes("Caf\u00e9 au lait"), "é arrived as é");
  });
});
