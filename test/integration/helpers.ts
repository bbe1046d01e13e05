import * as assert from "node:assert/strict";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import * as vscode from "vscode";
import type { JunctionApi } from "../../src/host/extension.ts";
import { assertNoTwinSurprises, startFakeOllama } from "../fakes/fakeOllama.ts";
import type { FakeOllama } from "../fakes/fakeOllama.ts";
import type { ChatTwin } from "../fakes/cloud/chatTwin.ts";
import { startOpenAiTwin } from "../fakes/cloud/openAiTwin.ts";

export const EXTENSION_ID = "junction-dev.junction";

/**
 * Every extension-host test runs against the Ollama twin strictly: its costs are ~0, but a model
 * reload (a changed num_ctx, an eviction) or a request forwarded to a cloud is what a real Ollama
 * would punish, so a test during which one happened fails — unless it took them with
 * `ollama.acknowledgeSurprises()`. A root hook: it runs after every test of every suite; failing the
 * test through `error()` rather than throwing leaves the remaining tests to run.
 */
teardown(function failOnOllamaSurprises(this: Mocha.Context) {
  try {
    assertNoTwinSurprises();
  } catch (error) {
    (this.test as Mocha.Hook).error(error);
  }
});

export async function activateJunction(): Promise<JunctionApi> {
  const extension = vscode.extensions.getExtension<JunctionApi>(EXTENSION_ID);
  if (!extension) throw new Error(`${EXTENSION_ID} is not installed in this extension host`);
  return extension.activate();
}

/** Polls until `condition` holds; fails with `what` after `timeoutMs`. Bounded, never spins forever. */
export async function waitFor(what: string, condition: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await condition()) return;
    await sleep(50);
  }
  throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Sets a user-level Junction setting for the test, returning a function that restores it. */
export async function setUserSetting(key: string, value: unknown): Promise<() => Promise<void>> {
  const section = vscode.workspace.getConfiguration("junction");
  const previous = section.inspect(key)?.globalValue;
  await section.update(key, value, vscode.ConfigurationTarget.Global);
  return async () => {
    await vscode.workspace.getConfiguration("junction").update(key, previous, vscode.ConfigurationTarget.Global);
  };
}

export function workspaceFile(relativePath: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error("the suite needs a workspace folder (the demo workspace)");
  return vscode.Uri.joinPath(folder.uri, relativePath);
}

export async function closeAllEditors(): Promise<void> {
  await vscode.commands.executeCommand("workbench.action.closeAllEditors");
}

export const TEST_API_KEY = "sk-junction-test-key";

export interface ModelServers {
  ollama: FakeOllama;
  cloud: ChatTwin;
  api: JunctionApi;
  /** Stops the fakes, clears the key and restores every setting changed. */
  tearDown(): Promise<void>;
}

/**
 * The Ollama twin (costs of ~0, reloads and cloud requests counted) and fake cloud on 127.0.0.1,
 * wired in through user settings and the key command, with the cloud route for completions on so
 * that every privacy rule is exercised.
 */
export async function setUpModelServers(): Promise<ModelServers> {
  const ollama = await startFakeOllama();
  const cloud = await startOpenAiTwin({ apiKey: TEST_API_KEY, models: ["gpt-4.1-mini"] });
  const api = await activateJunction();
  const restore = [
    await setUserSetting("local.endpoint", ollama.url),
    await setUserSetting("cloud.endpoint", `${cloud.url}/v1`),
    await setUserSetting("cloud.model", "gpt-4.1-mini"),
    await setUserSetting("completion.route", "cloud"),
    await setUserSetting("privacy.privateRemotes", ["github.com/acme/**"]),
  ];
  await vscode.commands.executeCommand("junction.setCloudApiKey", TEST_API_KEY);
  await waitFor("the cloud key to be loaded", () => api.hasCloudKey());
  await waitFor("the local model to be ready", () => api.localHealth().state === "ready");
  return {
    ollama,
    cloud,
    api,
    async tearDown() {
      await vscode.commands.executeCommand("junction.clearCloudApiKey");
      for (const undo of restore.reverse()) await undo();
      await closeAllEditors();
      await ollama.stop();
      await cloud.stop();
    },
  };
}

export function folderFile(folder: string, path: string): vscode.Uri {
  const match = vscode.workspace.workspaceFolders?.find((candidate) => candidate.name === folder);
  if (!match) throw new Error(`the test workspace has no folder ${folder}`);
  return vscode.Uri.joinPath(match.uri, path);
}

/** Everything Junction has written to its log in this window. */
export function junctionLog(api: JunctionApi): string {
  const files: string[] = [];
  const walk = (dir: string, depth: number) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) {
        if (depth < 3) walk(path, depth + 1);
      } else if (name.endsWith("Junction.log")) files.push(path);
    }
  };
  walk(api.logDirectory(), 0);
  return files.map((file) => readFileSync(file, "utf8")).join("\n");
}

/** An answer in Junction's edit format that fills in greet() in `path`. */
export function greetAnswer(path: string, body: string): string {
  return [
    "Here is the change:",
    "```",
    `<<<FILE ${path}`,
    "<<<SEARCH",
    "export function greet(name: string): string {",
    "  ",
    "}",
    "===",
    "export function greet(name: string): string {",
    `  ${body}`,
    "}",
    ">>>REPLACE",
    ">>>END",
    "```",
  ].join("\n");
}

/** Opens the file with the cursor on its empty line and waits for the request's panel row. */
export async function completeIn(api: JunctionApi, folder: string, path: string) {
  const uri = folderFile(folder, path);
  const document = await vscode.workspace.openTextDocument(uri);
  const editor = await vscode.window.showTextDocument(document);
  const line = document
    .getText()
    .split("\n")
    .findIndex((text) => text.trim() === "");
  const cursor = new vscode.Position(line, document.lineAt(line).text.length);
  editor.selection = new vscode.Selection(cursor, cursor);
  // New rows by id: counting rows stops working once the ledger holds as many as it keeps.
  const seen = new Set(api.panelState().requests.map((row) => row.id));
  const expected = `${folder}/${path}`;
  const fresh = () => api.panelState().requests.find((row) => !seen.has(row.id) && row.file === expected);
  await waitFor(
    `a routed completion for ${expected}`,
    async () => {
      await vscode.commands.executeCommand("editor.action.inlineSuggest.trigger");
      await new Promise((resolve) => setTimeout(resolve, 400));
      return fresh() !== undefined;
    },
    15_000,
  );
  const row = fresh();
  assert.ok(row);
  return { row, editor, document, line };
}
