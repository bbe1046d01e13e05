// Fault injection (issue: reliability). For each provider (local Ollama, cloud OpenAI-compatible)
// and each feature (completion, refactor), every kind of server misbehaviour: no unhandled
// rejection in the extension host, a message that says what to do in the right place (status bar
// for completions, the refactor's notification, always the log), only the fallback privacy allows,
// the failure in the ledger without a cost, and the editor text unchanged.
import * as assert from "node:assert/strict";
import * as vscode from "vscode";
import type { FakeOllama } from "../fakes/fakeOllama.ts";
import type { ChatTwin } from "../fakes/cloud/chatTwin.ts";
import type { FakeRule } from "../fakes/fakeServerCore.ts";
import type { RefactorOutcome } from "../../src/host/refactor/refactorFlow.ts";
import type { JunctionApi } from "../../src/host/extension.ts";
import { closeAllEditors, folderFile, junctionLog, setUpModelServers, setUserSetting, sleep, waitFor } from "./helpers.ts";
import type { ModelServers } from "./helpers.ts";

interface Fault {
  name: string;
  rule?: Omit<FakeRule, "path">;
  /** Nothing listens at the endpoint. */
  down?: boolean;
  /** The request may still succeed (the client tolerates it, or the answer is just cut short). */
  mayWork?: boolean;
  /** The router may hand the next request to the other side after it. */
  fallsBack?: boolean;
}

const FAULTS: Fault[] = [
  { name: "server down (connection refused)", down: true, fallsBack: true },
  { name: "first byte slower than the timeout", rule: { firstByteDelayMs: 4_000 }, fallsBack: true },
  { name: "stall mid-stream", rule: { reply: "one two three four", chunks: 4, stallAfterChunks: 1 }, fallsBack: true },
  { name: "connection dropped mid-stream", rule: { reply: "one two three four", chunks: 4, dropAfterChunks: 1 } },
  { name: "HTTP 400", rule: { status: 400 } },
  { name: "HTTP 401", rule: { status: 401 } },
  { name: "HTTP 403", rule: { status: 403 } },
  { name: "HTTP 404 (model missing)", rule: { status: 404 } },
  { name: "HTTP 429 with retry-after", rule: { status: 429, retryAfterSeconds: 0.01 }, fallsBack: true },
  { name: "HTTP 500", rule: { status: 500 }, fallsBack: true },
  { name: "HTTP 503", rule: { status: 503 }, fallsBack: true },
  { name: "malformed chunk", rule: { reply: "one two three four", chunks: 4, malformedAfterChunks: 1 }, mayWork: true },
  { name: "error line mid-stream", rule: { reply: "one two three four", chunks: 4, errorLineAfterChunks: 1 } },
  { name: "an answer that never ends", rule: { reply: "again ", endless: true }, mayWork: true },
];

const problems: string[] = [];
const onRejection = (reason: unknown) => problems.push(`unhandled rejection: ${reason instanceof Error ? reason.stack : String(reason)}`);
const onException = (error: Error) => problems.push(`uncaught exception: ${error.stack ?? error.message}`);

let counter = 0;

/** A fresh file with an empty function body, the cursor in it. */
async function freshFile(folder: string): Promise<{ editor: vscode.TextEditor; before: string; path: string }> {
  counter += 1;
  const relative = `src/fault-${counter}-${Date.now()}.ts`;
  const uri = folderFile(folder, relative);
  const before = `export function f${counter}(): number {\n  \n}\n`;
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(before));
  const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
  editor.selection = new vscode.Selection(new vscode.Position(1, 2), new vscode.Position(1, 2));
  return { editor, before, path: `${folder}/${relative}` };
}

suite("Faults: nothing lost, nothing leaked, always a clear message", () => {
  let ollama: FakeOllama;
  let cloud: ChatTwin;
  let api: JunctionApi;
  let servers: ModelServers;
  const restore: Array<() => Promise<void>> = [];

  suiteSetup(async () => {
    servers = await setUpModelServers();
    ({ ollama, cloud, api } = servers);
    restore.push(await setUserSetting("local.timeoutSeconds", 1), await setUserSetting("cloud.timeoutSeconds", 1));
    process.on("unhandledRejection", onRejection);
    process.on("uncaughtExceptionMonitor", onException);
  });

  suiteTeardown(async () => {
    process.off("unhandledRejection", onRejection);
    process.off("uncaughtExceptionMonitor", onException);
    for (const undo of restore.reverse()) await undo();
    await servers.tearDown();
  });

  setup(async () => {
    await closeAllEditors();
    ollama.reset();
    cloud.reset();
    problems.length = 0;
  });

  teardown(() => {
    assert.deepEqual(problems, [], "no unhandled rejection or uncaught exception in the extension host");
  });

  /** Applies the fault to one side; returns how to undo it. */
  async function inject(side: "local" | "cloud", fault: Fault): Promise<() => Promise<void>> {
    if (fault.down) {
      // Port 9 (discard) has no listener on a test machine: connection refused.
      const closed = "http://127.0.0.1:9";
      return setUserSetting(side === "local" ? "local.endpoint" : "cloud.endpoint", side === "local" ? closed : `${closed}/v1`);
    }
    if (side === "local") {
      ollama.script({ path: "/api/generate", ...fault.rule });
      ollama.script({ path: "/api/chat", ...fault.rule });
    } else {
      cloud.script({ path: "/v1/chat/completions", ...fault.rule });
    }
    return async () => {};
  }

  async function ledgerRowFor(path: string, before: number) {
    await waitFor(
      `a ledger row for ${path}`,
      async () => {
        await vscode.commands.executeCommand("editor.action.inlineSuggest.trigger");
        await sleep(250);
        return api
          .panelState()
          .requests.slice(0, api.panelState().requests.length - before)
          .some((row) => row.file === path);
      },
      20_000,
    );
    return api.panelState().requests.find((row) => row.file === path)!;
  }

  for (const fault of FAULTS) {
    test(`local completion, ${fault.name}`, async () => {
      const undo = await inject("local", fault);
      try {
        const { editor, before, path } = await freshFile("demo");
        const rows = api.panelState().requests.length;
        const row = await ledgerRowFor(path, rows);
        if (!fault.mayWork || row.outcome !== "ok") {
          assert.ok(["failed", "refused"].includes(row.outcome), `${row.outcome}: ${row.reasons.join("; ")}`);
          const bar = api.statusBar();
          assert.equal(bar.warning, true, `the status bar warns: ${bar.text}`);
          assert.ok(bar.accessibleLabel.length > 40, `and says what to do: ${bar.accessibleLabel}`);
          await waitFor("the log to say why", () => /failed|unavailable|Nothing answers/i.test(junctionLog(api)));
        }
        assert.equal(row.usd, 0, "no cost for a failure or a local request");
        assert.equal(editor.document.getText(), before, "the editor text is unchanged");
        assert.equal(cloud.requests.filter((request) => request.path === "/v1/chat/completions").length, 0, "a private file never falls back to the cloud");
      } finally {
        await undo();
        await vscode.commands.executeCommand("junction.checkLocalModel");
      }
    });
  }

  for (const fault of FAULTS) {
    test(`cloud completion, ${fault.name}`, async () => {
      const undo = await inject("cloud", fault);
      try {
        const { editor, before, path } = await freshFile("public-app");
        const rows = api.panelState().requests.length;
        const row = await ledgerRowFor(path, rows);
        assert.equal(row.target, "cloud", row.reasons.join("; "));
        if (!fault.mayWork || row.outcome !== "ok") {
          assert.equal(row.outcome, "failed", row.reasons.join("; "));
          assert.equal(row.usd, 0, "a failure costs nothing");
          const bar = api.statusBar();
          assert.equal(bar.warning, true, `the status bar warns: ${bar.text}`);
          assert.match(bar.accessibleLabel, /completion failed/);
          await waitFor("the log to say why", () => /Completion with gpt-4\.1-mini failed/.test(junctionLog(api)));
        }
        assert.equal(editor.document.getText(), before, "the editor text is unchanged");
        if (fault.fallsBack && row.outcome !== "ok") {
          // The cloud rests after such a failure: the next request from this public file goes local.
          const second = await freshFile("public-app");
          const next = await ledgerRowFor(second.path, api.panelState().requests.length);
          assert.equal(next.target, "local", next.reasons.join("; "));
        }
      } finally {
        await undo();
        // Clearing the key and setting it again ends the cloud's rest for the next test.
        await vscode.commands.executeCommand("junction.setCloudApiKey", "sk-junction-test-key");
      }
    });
  }

  for (const side of ["local", "cloud"] as const) {
    for (const fault of FAULTS) {
      test(`${side} refactor, ${fault.name}`, async () => {
        const undo = await inject(side, fault);
        try {
          const folder = side === "local" ? "private-app" : "public-app";
          const { editor, before } = await freshFile(folder);
          const rows = api.panelState().requests.length;
          const outcome = await vscode.commands.executeCommand<RefactorOutcome>("junction.refactorSelection", {
            instruction: "Implement the function",
            route: side === "cloud" ? "cloud" : "auto",
            applyWithoutPreview: true,
          });
          assert.equal(outcome?.status, "failed", JSON.stringify(outcome));
          assert.ok(outcome?.status === "failed" && outcome.message.length > 30, "the notification says what to do");
          assert.equal(editor.document.getText(), before, "the editor text is unchanged");
          const row = api
            .panelState()
            .requests.slice(0, api.panelState().requests.length - rows)
            .find((candidate) => candidate.kind === "refactor");
          assert.ok(row, "the refactor is in the ledger");
          assert.equal(row.usd === null ? 0 : row.usd, row.outcome === "ok" ? (row.usd ?? 0) : 0, "a failure costs nothing");
          await waitFor("the log to say why", () => /Refactor (with .* failed|answer not applied|not sent)/.test(junctionLog(api)));
          if (side === "local")
            assert.equal(cloud.requests.filter((request) => request.path === "/v1/chat/completions").length, 0, "private code never falls back to the cloud");
        } finally {
          await undo();
          await vscode.commands.executeCommand("junction.setCloudApiKey", "sk-junction-test-key");
          await vscode.commands.executeCommand("junction.checkLocalModel");
        }
      });
    }
  }
});
