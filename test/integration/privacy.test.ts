// The privacy leak matrix (DESIGN §2), in a real extension host. Each case asks for a completion
// from a file in one privacy situation with `junction.completion.route: "cloud"` set by the user,
// and proves from the fake cloud server's request log that nothing — or no secret byte — reached it.
import * as assert from "node:assert/strict";
import * as vscode from "vscode";
import { startFakeOllama } from "../fakes/fakeOllama.ts";
import type { FakeOllama } from "../fakes/fakeOllama.ts";
import type { ChatTwin } from "../fakes/cloud/chatTwin.ts";
import { FAKE_GITHUB_TOKEN, LOCAL_ONLY_MARKER } from "../fixtures/privacyValues.ts";
import type { JunctionApi } from "../../src/host/extension.ts";
import { TEST_API_KEY, closeAllEditors, completeIn, folderFile, junctionLog, setUpModelServers, setUserSetting, waitFor } from "./helpers.ts";
import type { ModelServers } from "./helpers.ts";

const CLOUD_ANSWER = "return `Hello, ${name}!`;";
const LOCAL_ANSWER = "return 'hello ' + name;";

suite("Privacy leak matrix: private code never reaches the cloud", () => {
  let ollama: FakeOllama;
  let cloud: ChatTwin;
  let api: JunctionApi;
  let servers: ModelServers;

  suiteSetup(async () => {
    servers = await setUpModelServers();
    ({ ollama, cloud, api } = servers);
  });

  suiteTeardown(() => servers.tearDown());

  setup(async () => {
    await closeAllEditors();
    ollama.reset();
    cloud.reset();
    ollama.script({ path: "/api/generate", reply: LOCAL_ANSWER });
    cloud.script({ path: "/v1/chat/completions", reply: CLOUD_ANSWER });
  });

  const cloudRequests = () => cloud.requests.filter((request) => request.path === "/v1/chat/completions");
  const localRequests = () => ollama.requests.filter((request) => request.path === "/api/generate");

  test("workspace settings cannot redirect endpoints, enable the cloud route or drop local-only defaults", () => {
    const settings = api.effectiveSettings();
    assert.equal(settings["local.endpoint"], ollama.url);
    assert.equal(settings["cloud.endpoint"], `${cloud.url}/v1`);
    assert.equal(settings["cloud.model"], "gpt-4.1-mini");
    assert.deepEqual(settings["privacy.privateRemotes"], ["github.com/acme/**"]);
  });

  test("the panel lists every folder with its classification and reasons", async () => {
    // The suite's privateRemotes setting reaches the panel's classification asynchronously.
    await waitFor("the privacy section to reflect this suite's settings", () =>
      api.panelState().privacy.folders.some((folder) => folder.name === "acme-app" && folder.classification === "private"),
    );
    const byName = new Map(api.panelState().privacy.folders.map((folder) => [folder.name, folder]));
    assert.equal(byName.get("demo")?.classification, "private");
    assert.equal(byName.get("public-app")?.classification, "cloud-allowed", "its trusted folder settings allow the cloud");
    assert.equal(byName.get("private-app")?.classification, "private");
    assert.equal(byName.get("acme-app")?.classification, "private");
    assert.equal(byName.get("unlicensed-app")?.classification, "private");
    assert.equal(byName.get("localonly-app")?.classification, "local-only");
    assert.ok(byName.get("acme-app")?.reasons.some((reason) => reason.includes("github.com/acme/**")));
  });

  test('"Keep this folder local-only" writes the folder setting, and the next request from it stays local', async () => {
    const folder = vscode.workspace.workspaceFolders!.find((candidate) => candidate.name === "public-app")!;
    const section = () => vscode.workspace.getConfiguration("junction", folder.uri);
    const previous = section().inspect("privacy.mode")?.workspaceFolderValue;
    try {
      assert.equal(await vscode.commands.executeCommand("junction.setFolderPrivacyMode", folder.uri.toString(), "local-only"), true);
      await waitFor("public-app to become local-only", () =>
        api.panelState().privacy.folders.some((candidate) => candidate.name === "public-app" && candidate.classification === "local-only"),
      );
      const { row } = await completeIn(api, "public-app", "src/app.ts");
      assert.equal(row.target, "local", row.reasons.join("; "));
      assert.equal(cloudRequests().length, 0);
    } finally {
      await section().update("privacy.mode", previous, vscode.ConfigurationTarget.WorkspaceFolder);
    }
    await waitFor("public-app to allow the cloud again", () =>
      api.panelState().privacy.folders.some((candidate) => candidate.name === "public-app" && candidate.cloudAllowed),
    );
  });

  test("control: a file of a public, MIT-licensed folder does reach the cloud model", async () => {
    const { row } = await completeIn(api, "public-app", "src/app.ts");
    assert.equal(row.target, "cloud", row.reasons.join("; "));
    assert.equal(cloudRequests().length, 1);
    assert.equal(cloudRequests()[0]?.authorized, true, "with the key from secret storage");
    assert.ok(!JSON.stringify(cloudRequests()[0]?.headers).includes(TEST_API_KEY), "the fake records no key value");
  });

  for (const [folder, why] of [
    ["private-app", /no git remote/i],
    ["acme-app", /privateRemotes pattern github\.com\/acme/],
    ["unlicensed-app", /licen[cs]e/i],
    ["localonly-app", /local-only/],
  ] as const) {
    test(`${folder}: completions stay local and the cloud receives nothing`, async () => {
      const { row } = await completeIn(api, folder, "src/app.ts");
      assert.equal(row.target, "local", row.reasons.join("; "));
      assert.match(row.reasons.join("; "), why);
      assert.equal(cloudRequests().length, 0);
      assert.ok(localRequests().length >= 1, "the local model answered instead");
    });
  }

  test("a local-only file (.env) in a public folder stays local", async () => {
    const uri = folderFile("public-app", ".env");
    const document = await vscode.workspace.openTextDocument(uri);
    const editor = await vscode.window.showTextDocument(document);
    editor.selection = new vscode.Selection(new vscode.Position(1, 0), new vscode.Position(1, 0));
    const before = api.panelState().requests.length;
    await waitFor("a routed completion for the .env file", async () => {
      await vscode.commands.executeCommand("editor.action.inlineSuggest.trigger");
      await new Promise((resolve) => setTimeout(resolve, 400));
      return api.panelState().requests.length > before;
    });
    const row = api.panelState().requests[0];
    assert.equal(row?.target, "local");
    assert.match(row?.reasons.join("; ") ?? "", /local-only pattern|\.env/);
    assert.equal(cloudRequests().length, 0);
  });

  test("a git-ignored file in a public folder stays local", async () => {
    const { row } = await completeIn(api, "public-app", "generated/out.ts");
    assert.equal(row.target, "local", row.reasons.join("; "));
    assert.match(row.reasons.join("; "), /ignored by git|git-ignored|gitignore/i);
    assert.equal(cloudRequests().length, 0);
  });

  test("a local-only file open as context is left out of a cloud-bound request, never sent", async () => {
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(folderFile("public-app", "secrets/keys.ts")), { preview: false });
    const { row } = await completeIn(api, "public-app", "src/context.ts");
    assert.equal(row.target, "cloud", row.reasons.join("; "));
    assert.match(row.reasons.join("; "), /left out local-only context: public-app\/secrets\/keys\.ts/);
    assert.equal(cloudRequests().length, 1);
    assert.ok(!JSON.stringify(cloudRequests()[0]?.body).includes(LOCAL_ONLY_MARKER), "no byte of the local-only file was sent");
  });

  test("a secret in a cloud-allowed file is replaced by a placeholder and restored in the accepted text", async () => {
    cloud.reset();
    cloud.script({ path: "/v1/chat/completions", reply: 'return githubToken || "<<JUNCTION_SECRET_1>>";' });
    const { row, document, line } = await completeIn(api, "public-app", "src/config.ts");
    assert.equal(row.target, "cloud", row.reasons.join("; "));
    const body = JSON.stringify(cloudRequests()[0]?.body);
    assert.ok(!body.includes(FAKE_GITHUB_TOKEN), "the token never reached the cloud");
    assert.ok(body.includes("<<JUNCTION_SECRET_1>>"), "a placeholder stood in for it");
    await waitFor("the completion to be accepted", async () => {
      await vscode.commands.executeCommand("editor.action.inlineSuggest.trigger");
      await new Promise((resolve) => setTimeout(resolve, 300));
      await vscode.commands.executeCommand("editor.action.inlineSuggest.commit");
      return document.lineAt(line).text.includes("return githubToken");
    });
    assert.ok(document.lineAt(line).text.includes(FAKE_GITHUB_TOKEN), "the user's value is back in the editor");
    await vscode.commands.executeCommand("workbench.action.files.revert");
  });

  test("a local model that Ollama proxies to a remote service is never sent private code", async () => {
    const undo = await setUserSetting("local.completionModel", "gpt-oss:120b-cloud");
    try {
      await waitFor("the proxied model to be recognised", () => {
        const health = api.localHealth();
        return health.state === "unavailable" && health.problem === "model-is-remote";
      });
      const { row } = await completeIn(api, "private-app", "src/app.ts");
      assert.equal(row.target, "none");
      assert.equal(row.outcome, "refused");
      assert.match(row.reasons.join("; "), /remote service/);
      assert.equal(localRequests().length, 0, "nothing was generated by the proxied model");
      assert.equal(cloudRequests().length, 0);
    } finally {
      await undo();
    }
    await waitFor("the local model to be ready again", () => api.localHealth().state === "ready");
  });

  test("with the local model down, a private file gets a clear refusal and the cloud receives nothing", async () => {
    const down = await startFakeOllama();
    const closed = down.url;
    await down.stop();
    const undo = await setUserSetting("local.endpoint", closed);
    try {
      await waitFor("the local model to be unreachable", () => api.localHealth().state === "unavailable");
      const { row } = await completeIn(api, "private-app", "src/app.ts");
      assert.equal(row.target, "none");
      assert.match(row.reasons.join("; "), new RegExp(`Nothing answers at ${closed.replace(/\./g, "\\.")}.*ollama serve`));
      assert.equal(cloudRequests().length, 0);
    } finally {
      await undo();
    }
    await waitFor("the local model to be ready again", () => api.localHealth().state === "ready");
  });

  test("a mistyped cloud endpoint turns the cloud off instead of falling back to the default endpoint", async () => {
    const undo = await setUserSetting("cloud.endpoint", "htps://corp-gateway.example/v1");
    try {
      await waitFor("the invalid endpoint to be read", () => api.effectiveSettings()["cloud.endpoint"] === "https://api.openai.com/v1");
      const { row } = await completeIn(api, "public-app", "src/context.ts");
      assert.equal(row.target, "local", row.reasons.join("; "));
      assert.match(row.reasons.join("; "), /cloud\.endpoint.*invalid/);
      assert.equal(cloudRequests().length, 0);
    } finally {
      await undo();
    }
  });

  test("the API key is never in the log, never in the panel, and never sent to the local endpoint", async () => {
    // After the whole matrix above: completions, refusals, failures, key set and cleared.
    await vscode.commands.executeCommand("junction.checkLocalModel");
    assert.ok(ollama.requests.length > 0, "Ollama was asked something in this test");
    assert.ok(junctionLog(api).length > 0, "the log was found and read");
    assert.ok(!junctionLog(api).includes(TEST_API_KEY), "not in the log");
    assert.ok(!JSON.stringify(api.panelState()).includes(TEST_API_KEY), "not in the panel's state");
    assert.ok(
      ollama.requests.every((request) => !request.keyPresented && !String(JSON.stringify(request.body ?? "")).includes(TEST_API_KEY)),
      "not sent to Ollama",
    );
    assert.ok(
      cloud.requests.every((request) => !String(JSON.stringify(request.body ?? "")).includes(TEST_API_KEY)),
      "only in the cloud request's Authorization header",
    );
  });
});
