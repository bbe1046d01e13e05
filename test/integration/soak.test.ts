// A soak (figures, not a timed test): 10,000 completion requests with random cancellations
// against the fake Ollama and 200 refactors, through the very provider and commands VS Code uses.
// It prints heap, handles and timers before and after, and fails only on growth: more than
// 10 MB of heap after GC, or handles or timers left behind.
import * as assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { runInNewContext } from "node:vm";
import { setFlagsFromString } from "node:v8";
import * as vscode from "vscode";
import type { FakeOllama } from "../fakes/fakeOllama.ts";
import type { RefactorOutcome } from "../../src/host/refactor/refactorFlow.ts";
import { closeAllEditors, folderFile, setUpModelServers, setUserSetting, sleep } from "./helpers.ts";
import type { ModelServers } from "./helpers.ts";

const COMPLETIONS = 10_000;
const REFACTORS = 200;

setFlagsFromString("--expose-gc");
const collectGarbage = runInNewContext("gc") as () => void;

function resources(): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const kind of process.getActiveResourcesInfo()) counts[kind] = (counts[kind] ?? 0) + 1;
  return counts;
}

async function settledHeap(): Promise<number> {
  for (let i = 0; i < 3; i += 1) {
    collectGarbage();
    await sleep(50);
  }
  return process.memoryUsage().heapUsed;
}

suite("Soak: 10,000 completions and 200 refactors", function () {
  this.timeout(15 * 60_000);
  let servers: ModelServers;
  let ollama: FakeOllama;
  const restore: Array<() => Promise<void>> = [];

  suiteSetup(async () => {
    servers = await setUpModelServers();
    ollama = servers.ollama;
    restore.push(await setUserSetting("completion.route", "local"));
  });

  suiteTeardown(async () => {
    for (const undo of restore.reverse()) await undo();
    await servers.tearDown();
  });

  test("memory, handles and timers do not grow", async () => {
    const lines = Array.from({ length: 2_000 }, (_, index) => `export const value${index} = ${index};`);
    const uri = folderFile("demo", "src/soak.ts");
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(`${lines.join("\n")}\n`));
    const document = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(document);
    ollama.script({ path: "/api/generate", reply: " + 1;", chunks: 2 });
    ollama.script({ path: "/api/chat", reply: "Nothing to change." });
    const provider = servers.api.inlineCompletionProvider;
    const context: vscode.InlineCompletionContext = { triggerKind: vscode.InlineCompletionTriggerKind.Invoke, selectedCompletionInfo: undefined, requestUuid: "soak" } as unknown as vscode.InlineCompletionContext;

    // Warm up until every bounded structure (ledger, cache, history) is full and the JIT has
    // settled, then measure from there: growth after that is what would leak.
    for (let i = 0; i < 3_000; i += 1) await provider.provideInlineCompletionItems(document, new vscode.Position(i % lines.length, 10 + (i % 5)), context, new vscode.CancellationTokenSource().token);
    for (let i = 0; i < 50; i += 1) await vscode.commands.executeCommand("junction.refactorSelection", { instruction: `Warm-up ${i}`, route: "auto", applyWithoutPreview: true });
    ollama.requests.length = 0;
    await sleep(500);
    const heapBefore = await settledHeap();
    const resourcesBefore = resources();
    const started = Date.now();
    let cancelled = 0;
    let requests = 0;
    let heapHalfway = 0;
    for (let i = 0; i < COMPLETIONS; i += 1) {
      const source = new vscode.CancellationTokenSource();
      const position = new vscode.Position(i % lines.length, 8 + (i % 7));
      const pending = provider.provideInlineCompletionItems(document, position, context, source.token);
      if (i % 3 === 0) {
        source.cancel();
        cancelled += 1;
      }
      await pending;
      source.dispose();
      if (i === COMPLETIONS / 2) heapHalfway = await settledHeap();
      // The fake records every request body in this same process: count them and let them go,
      // so what is measured is Junction's memory, not the recorder's.
      if (ollama.requests.length >= 500) {
        requests += ollama.requests.filter((request) => request.path === "/api/generate").length;
        ollama.requests.length = 0;
      }
    }
    requests += ollama.requests.filter((request) => request.path === "/api/generate").length;
    ollama.requests.length = 0;
    const completionSeconds = (Date.now() - started) / 1000;
    for (let i = 0; i < REFACTORS; i += 1) {
      const outcome = await vscode.commands.executeCommand<RefactorOutcome>("junction.refactorSelection", { instruction: `Soak ${i}`, route: "auto", applyWithoutPreview: true });
      assert.equal(outcome?.status, "failed", "the scripted answer holds no edits, so nothing is applied");
    }
    await closeAllEditors();
    await sleep(1_500);
    const heapAfter = await settledHeap();
    const resourcesAfter = resources();
    const growthMb = (heapAfter - heapBefore) / 1024 / 1024;
    const figures = [
      `Soak: ${COMPLETIONS} completion calls (${cancelled} cancelled at once) in ${completionSeconds.toFixed(1)} s, ${requests} requests reached the fake Ollama; ${REFACTORS} refactors`,
      `heap after GC: ${(heapBefore / 1024 / 1024).toFixed(1)} MB before, ${(heapHalfway / 1024 / 1024).toFixed(1)} MB halfway, ${(heapAfter / 1024 / 1024).toFixed(1)} MB after (${growthMb >= 0 ? "+" : ""}${growthMb.toFixed(2)} MB)`,
      `active resources before: ${JSON.stringify(resourcesBefore)}`,
      `active resources after:  ${JSON.stringify(resourcesAfter)}`,
      `ledger rows kept: ${servers.api.panelState().requests.length} (bounded)`,
    ].join("\n");
    if (process.env.JUNCTION_TEST_REPORT) writeFileSync(`${process.env.JUNCTION_TEST_REPORT}.soak.txt`, `${figures}\n`);
    assert.ok(growthMb < 10, `heap grew by ${growthMb.toFixed(2)} MB`);
    assert.ok((resourcesAfter.Timeout ?? 0) <= (resourcesBefore.Timeout ?? 0) + 2, `timers left behind: ${resourcesAfter.Timeout} after, ${resourcesBefore.Timeout} before`);
    assert.ok((resourcesAfter.TCPSocketWrap ?? 0) <= (resourcesBefore.TCPSocketWrap ?? 0) + 2, "sockets left open");
    assert.ok(servers.api.panelState().requests.length <= 500, "the ledger stays bounded");
  });
});
