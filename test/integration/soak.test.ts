// A soak (figures, not a timed test): 10,000 completion requests with random cancellations
// against the fake Ollama and 200 refactors, through the very provider and commands VS Code uses.
// It judges only what Junction owns, because the extension host is shared with VS Code:
// - the timers and requests Junction's requests hold (Junction counts them) return to zero;
// - the connections Junction's clients keep to the model servers (the servers count them) stay few;
// - the memory Junction's own code allocated and keeps alive (V8's sampling heap profiler,
//   attributed by stack to Junction's bundle) does not grow with the work: the slope of live bytes
//   against requests done, fitted over checkpoints, is neither large nor distinguishable from a
//   leak. Bounded structures (the ledger's 500 rows, the caches) fill during the warm-up and give
//   a flat line. The process heap is printed for context and never judged.
import * as assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import * as vscode from "vscode";
import type { FakeOllama } from "../fakes/fakeOllama.ts";
import type { RefactorOutcome } from "../../src/host/refactor/refactorFlow.ts";
import { closeAllEditors, EXTENSION_ID, folderFile, setUpModelServers, setUserSetting, sleep, waitFor } from "./helpers.ts";
import type { ModelServers } from "./helpers.ts";
import { growthPerUnit, OwnedHeapSampler, processHeapAfterGc } from "./ownedHeap.ts";
import type { Growth } from "./ownedHeap.ts";

const COMPLETIONS = 10_000;
const REFACTORS = 200;
const CHECKPOINT_EVERY = 1_000;
const REFACTOR_CHECKPOINT_EVERY = 40;
/**
 * Above this a request keeps something of its own alive: the smallest thing a leaking request
 * could keep (its prompt, its reply, a closure with its signal) is larger. The slope's standard
 * error in the quiet runs measured is a few bytes per request.
 */
const LEAK_BYTES_PER_COMPLETION = 256;
const LEAK_BYTES_PER_REFACTOR = 4_096;
/** A slope must also stand this many standard errors clear of zero to count as growth. */
const SIGNIFICANCE = 4;
/** Keep-alive pools reuse a few connections; a leak would keep one per request. */
const MAX_EXTRA_CONNECTIONS = 4;

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(2)} MB`;
const describeGrowth = (growth: Growth, unit: string) => `${growth.perUnit.toFixed(1)} ± ${growth.standardError.toFixed(1)} B per ${unit}`;
const leaks = (growth: Growth, limit: number) => growth.perUnit > limit && growth.perUnit > SIGNIFICANCE * growth.standardError;

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

  test("what Junction holds and the memory it keeps do not grow with the work", async () => {
    const lines = Array.from({ length: 2_000 }, (_, index) => `export const value${index} = ${index};`);
    const uri = folderFile("demo", "src/soak.ts");
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(`${lines.join("\n")}\n`));
    const document = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(document);
    ollama.script({ path: "/api/generate", reply: " + 1;", chunks: 2 });
    ollama.script({ path: "/api/chat", reply: "Nothing to change." });
    const { api } = servers;
    const provider = api.inlineCompletionProvider;
    const context: vscode.InlineCompletionContext = {
      triggerKind: vscode.InlineCompletionTriggerKind.Invoke,
      selectedCompletionInfo: undefined,
      requestUuid: "soak",
    } as unknown as vscode.InlineCompletionContext;
    const complete = async (i: number) => {
      const source = new vscode.CancellationTokenSource();
      const pending = provider.provideInlineCompletionItems(document, new vscode.Position(i % lines.length, 8 + (i % 7)), context, source.token);
      if (i % 3 === 0) source.cancel();
      await pending;
      source.dispose();
    };
    const refactor = () =>
      vscode.commands.executeCommand<RefactorOutcome>("junction.refactorSelection", { instruction: "Soak", route: "auto", applyWithoutPreview: true });
    // Requests still settling (an aborted stream, a health check) give back what they hold soon;
    // a leak never does. Wait, bounded, then judge.
    const settled = async () => {
      await waitFor("Junction's requests to settle", () => api.heldResources().requests === 0 && api.heldResources().timers === 0).catch(() => undefined);
      return api.heldResources();
    };
    // The fake records every request body in this same process: count them and let them go.
    let requests = 0;
    const forgetRecorded = () => {
      requests += ollama.requests.filter((request) => request.path === "/api/generate").length;
      ollama.requests.length = 0;
    };

    // Warm up until every bounded structure (ledger, cache, history) is full and the JIT has
    // settled; measuring starts from there.
    for (let i = 0; i < 3_000; i += 1) await complete(i);
    for (let i = 0; i < 50; i += 1) await refactor();
    forgetRecorded();
    requests = 0;
    await sleep(500);
    const isOwned = (url: string) => url.includes(vscode.extensions.getExtension(EXTENSION_ID)!.extensionUri.path + "/dist/");
    const sampler = new OwnedHeapSampler(isOwned);
    const heldBefore = await settled();
    const connectionsBefore = ollama.openConnections;
    const processBefore = processHeapAfterGc();
    await sampler.start();

    const started = Date.now();
    const completionPoints: Array<{ work: number; bytes: number }> = [];
    for (let i = 1; i <= COMPLETIONS; i += 1) {
      await complete(i);
      if (ollama.requests.length >= 500) forgetRecorded();
      if (i % CHECKPOINT_EVERY === 0) completionPoints.push({ work: i, bytes: await sampler.ownedLiveBytes() });
    }
    forgetRecorded();
    const completionSeconds = (Date.now() - started) / 1000;
    const refactorPoints: Array<{ work: number; bytes: number }> = [{ work: 0, bytes: await sampler.ownedLiveBytes() }];
    for (let i = 1; i <= REFACTORS; i += 1) {
      const outcome = await refactor();
      assert.equal(outcome?.status, "failed", "the scripted answer holds no edits, so nothing is applied");
      if (i % REFACTOR_CHECKPOINT_EVERY === 0) refactorPoints.push({ work: i, bytes: await sampler.ownedLiveBytes() });
    }
    await closeAllEditors();
    const heldAfter = await settled();
    const sites = await sampler.topAllocationSites(8);
    const connectionsAfter = ollama.openConnections;
    await sampler.stop();
    const processAfter = processHeapAfterGc();

    const completionGrowth = growthPerUnit(completionPoints);
    const refactorGrowth = growthPerUnit(refactorPoints);
    const figures = [
      `Soak: ${COMPLETIONS} completion calls (a third cancelled at once) in ${completionSeconds.toFixed(1)} s, ${requests} requests reached the fake Ollama; ${REFACTORS} refactors`,
      `live memory allocated by Junction's code, after GC, per ${CHECKPOINT_EVERY} completions: ${completionPoints.map((point) => mb(point.bytes)).join(", ")}`,
      `  growth: ${describeGrowth(completionGrowth, "completion")} (a leak is > ${LEAK_BYTES_PER_COMPLETION} B and > ${SIGNIFICANCE} standard errors)`,
      `per ${REFACTOR_CHECKPOINT_EVERY} refactors: ${refactorPoints.map((point) => mb(point.bytes)).join(", ")}`,
      `  growth: ${describeGrowth(refactorGrowth, "refactor")} (a leak is > ${LEAK_BYTES_PER_REFACTOR} B and > ${SIGNIFICANCE} standard errors)`,
      `where it was allocated (innermost frame of Junction's bundle):\n    ${sites.join("\n    ")}`,
      `held by Junction's requests: ${JSON.stringify(heldBefore)} before, ${JSON.stringify(heldAfter)} after`,
      `connections to the model server: ${connectionsBefore} before, ${connectionsAfter} after`,
      `process heap after GC (VS Code's and Junction's, not judged): ${mb(processBefore)} before, ${mb(processAfter)} after`,
      `ledger rows kept: ${api.panelState().requests.length} (bounded)`,
    ].join("\n");
    if (process.env.JUNCTION_TEST_REPORT) writeFileSync(`${process.env.JUNCTION_TEST_REPORT}.soak.txt`, `${figures}\n`);
    assert.ok(
      !leaks(completionGrowth, LEAK_BYTES_PER_COMPLETION),
      `Junction's live memory grows with completions: ${describeGrowth(completionGrowth, "completion")}\n${figures}`,
    );
    assert.ok(
      !leaks(refactorGrowth, LEAK_BYTES_PER_REFACTOR),
      `Junction's live memory grows with refactors: ${describeGrowth(refactorGrowth, "refactor")}\n${figures}`,
    );
    assert.deepEqual(heldAfter, { timers: 0, requests: 0 }, `Junction's requests left timers or requests behind\n${figures}`);
    assert.ok(connectionsAfter <= Math.max(connectionsBefore, 1) + MAX_EXTRA_CONNECTIONS, `connections left open\n${figures}`);
    assert.ok(api.panelState().requests.length <= 500, "the ledger stays bounded");
  });
});
