// Onboarding and ecosystem fit in a real extension host: a self-hosted OpenAI-compatible server as
// the local side (private only when loopback or trusted), the model pickers, the cloud connection
// test, and turning completions off, snoozing them and back — against the fakes on 127.0.0.1.
import * as assert from "node:assert/strict";
import * as vscode from "vscode";
import type { ChatTwin } from "../fakes/cloud/chatTwin.ts";
import { OPENAI_QUOTA_EXHAUSTED, startOpenAiTwin } from "../fakes/cloud/openAiTwin.ts";
import { startSelfHostedTwin } from "../fakes/cloud/selfHostedTwin.ts";
import { closeAllEditors, folderFile, setUpModelServers, setUserSetting, waitFor } from "./helpers.ts";
import type { ModelServers } from "./helpers.ts";

const SELF_HOSTED_CODE_MODEL = "Qwen/Qwen2.5-Coder-1.5B";
const SELF_HOSTED_CHAT_MODEL = "Qwen/Qwen2.5-Coder-7B-Instruct";
const CONTEXT = { triggerKind: vscode.InlineCompletionTriggerKind.Invoke, selectedCompletionInfo: undefined } as unknown as vscode.InlineCompletionContext;

let fileCount = 0;

/** A fresh file in `folder` with the cursor inside an empty function body. */
async function fileWithCursor(folder: string): Promise<{ document: vscode.TextDocument; position: vscode.Position }> {
  fileCount += 1;
  const uri = folderFile(folder, `src/onboarding-${fileCount}-${Date.now()}.ts`);
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(`export function total${fileCount}(prices: number[]): number {\n  return \n}\n`));
  const document = await vscode.workspace.openTextDocument(uri);
  await vscode.window.showTextDocument(document);
  return { document, position: new vscode.Position(1, "  return ".length) };
}

async function complete(servers: ModelServers, at: { document: vscode.TextDocument; position: vscode.Position }): Promise<string | undefined> {
  const items = await servers.api.inlineCompletionProvider.provideInlineCompletionItems(
    at.document,
    at.position,
    CONTEXT,
    new vscode.CancellationTokenSource().token,
  );
  const list = Array.isArray(items) ? items : items?.items;
  const first = list?.[0]?.insertText;
  return typeof first === "string" ? first : first?.value;
}

suite("Self-hosted OpenAI-compatible server as the local side", () => {
  let servers: ModelServers;
  let selfHosted: ChatTwin;
  const restore: Array<() => Promise<void>> = [];
  const textCompletions = () => selfHosted.requests.filter((request) => request.path === "/v1/completions");

  suiteSetup(async () => {
    servers = await setUpModelServers();
    selfHosted = await startSelfHostedTwin({ models: [SELF_HOSTED_CODE_MODEL, SELF_HOSTED_CHAT_MODEL] });
    restore.push(
      await setUserSetting("completion.route", "local"),
      await setUserSetting("local.provider", "openai-compatible"),
      await setUserSetting("local.completionModel", SELF_HOSTED_CODE_MODEL),
      await setUserSetting("local.refactorModel", SELF_HOSTED_CHAT_MODEL),
    );
  });

  suiteTeardown(async () => {
    for (const undo of restore.reverse()) await undo();
    await selfHosted.stop();
    await servers.tearDown();
  });

  setup(async () => {
    await closeAllEditors();
    selfHosted.reset();
    servers.cloud.reset();
  });

  test("on loopback it is private: a private file's completion comes from /v1/completions in the model's FIM format", async () => {
    restore.push(await setUserSetting("local.endpoint", `${selfHosted.url}/v1`));
    await waitFor("the self-hosted server to be ready", () => {
      const health = servers.api.localHealth();
      return health.state === "ready" && health.server.product === "openai-compatible" && health.model === SELF_HOSTED_CODE_MODEL;
    });
    selfHosted.script({ path: "/v1/completions", reply: "prices.reduce((sum, price) => sum + price, 0);" });
    const text = await complete(servers, await fileWithCursor("demo"));
    assert.equal(text, "prices.reduce((sum, price) => sum + price, 0);");
    // A warning left by an earlier suite's failure is cleared by this success.
    await waitFor("the status bar to show no warning", () => !servers.api.statusBar().warning);
    assert.match(servers.api.statusBar().tooltip, /on OpenAI-compatible server at http:\/\/127\.0\.0\.1/);
    const [request] = textCompletions();
    assert.ok(request, "the completion went to the self-hosted server");
    assert.match(request.body.prompt, /^<\|fim_prefix\|>[\s\S]*<\|fim_suffix\|>[\s\S]*<\|fim_middle\|>$/);
    assert.equal(servers.ollama.requests.filter((r) => r.path === "/api/generate").length, 0, "nothing went to Ollama");
    assert.equal(servers.cloud.requests.length, 0, "nothing went to the cloud");
  });

  test("off loopback and not trusted, private code never reaches it; listing it in trustedEndpoints lets it", async () => {
    // 0.0.0.0 reaches this machine's listener on Linux, yet is not a loopback name: it stands in
    // for a LAN server without any traffic leaving the machine.
    const port = new URL(selfHosted.url).port;
    restore.push(await setUserSetting("local.endpoint", `http://0.0.0.0:${port}/v1`));
    await waitFor("the server to be checked", () => servers.api.localHealth().state === "ready" && servers.api.localHealth().endpoint.includes("0.0.0.0"));
    selfHosted.script({ path: "/v1/completions", reply: "0;" });

    assert.equal(await complete(servers, await fileWithCursor("demo")), undefined, "no ghost text for private code");
    assert.equal(textCompletions().length, 0, "the untrusted server saw no completion request");
    const refused = servers.api.panelState().requests.find((row) => row.target === "none");
    assert.ok(refused, "the refusal is in the panel");
    assert.ok(
      refused.reasons.some((reason) => /0\.0\.0\.0:\d+ is not on this machine and not listed in junction\.privacy\.trustedEndpoints/.test(reason)),
      refused.reasons.join(" | "),
    );

    restore.push(await setUserSetting("privacy.trustedEndpoints", [`0.0.0.0:${port}`]));
    await waitFor("the trusted list to apply", () => servers.api.effectiveSettings()["privacy.trustedEndpoints"].length === 1);
    assert.equal(await complete(servers, await fileWithCursor("demo")), "0;");
    assert.equal(textCompletions().length, 1);
  });

  test("a trusted endpoint set in workspace settings does not count: the setting is user-level only", async () => {
    const section = vscode.workspace.getConfiguration("junction");
    assert.equal(section.inspect("privacy.trustedEndpoints")?.workspaceValue, undefined);
    await section.update("privacy.trustedEndpoints", ["evil.example"], vscode.ConfigurationTarget.Workspace).then(
      () => assert.fail("VS Code accepted an application-scoped setting in the workspace"),
      (error: unknown) => assert.match(String(error), /application|workspace/i),
    );
  });

  test("Pull Local Model explains that an OpenAI-compatible server loads models itself, and sends nothing", async () => {
    assert.equal(await vscode.commands.executeCommand("junction.pullLocalModel", SELF_HOSTED_CODE_MODEL), false);
    assert.equal(selfHosted.requests.filter((request) => request.method === "POST").length, 0);
  });

  test("Select Local Model lists the self-hosted server's models and writes the chosen one to user settings", async () => {
    const chosen = await vscode.commands.executeCommand("junction.selectLocalModel", { role: "refactor", model: SELF_HOSTED_CHAT_MODEL });
    assert.equal(chosen, SELF_HOSTED_CHAT_MODEL);
    assert.ok(selfHosted.requests.some((request) => request.path === "/v1/models"));
    assert.equal(vscode.workspace.getConfiguration("junction").inspect("local.refactorModel")?.globalValue, SELF_HOSTED_CHAT_MODEL);
  });
});

suite("Model pickers, cloud connection test, completion toggle and snooze", () => {
  let servers: ModelServers;
  const restore: Array<() => Promise<void>> = [];
  const generations = () => servers.ollama.requests.filter((request) => request.path === "/api/generate" && request.body.prompt !== "");

  suiteSetup(async () => {
    servers = await setUpModelServers();
    restore.push(await setUserSetting("completion.route", "local"), await setUserSetting("local.completionModel", "qwen2.5-coder:1.5b-base"));
  });

  suiteTeardown(async () => {
    for (const undo of restore.reverse()) await undo();
    await servers.tearDown();
  });

  setup(async () => {
    await closeAllEditors();
    servers.ollama.reset();
    servers.cloud.reset();
  });

  test("Select Local Model reads Ollama's list and capabilities and sets the completion model", async () => {
    const undo = await setUserSetting("local.completionModel", "qwen2.5-coder:1.5b-base");
    // A model installed just now: what Junction knows of it can only come from this listing (the
    // capabilities of models asked about before are cached, as they should be).
    const installed = "starcoder2:3b";
    servers.ollama.models.push({ name: installed, capabilities: ["completion", "insert"], family: "starcoder2", parameterSize: "3B" });
    try {
      assert.equal(await vscode.commands.executeCommand("junction.selectLocalModel", { role: "completion", model: installed }), installed);
      assert.ok(
        servers.ollama.requests.some((request) => request.path === "/api/tags"),
        "the list came from /api/tags",
      );
      assert.ok(
        servers.ollama.requests.some((request) => request.path === "/api/show" && JSON.stringify(request.body).includes(installed)),
        "its capabilities came from /api/show",
      );
      assert.equal(vscode.workspace.getConfiguration("junction").inspect("local.completionModel")?.globalValue, installed);
    } finally {
      // The next tests complete with the suite's model; the twin forgets this one at its reset.
      await undo();
    }
  });

  test("Select Local Model refuses a model the server does not have and changes nothing", async () => {
    const before = vscode.workspace.getConfiguration("junction").inspect("local.completionModel")?.globalValue;
    assert.equal(await vscode.commands.executeCommand("junction.selectLocalModel", { role: "completion", model: "not-installed:1b" }), undefined);
    assert.equal(vscode.workspace.getConfiguration("junction").inspect("local.completionModel")?.globalValue, before);
  });

  test("Select Cloud Model lists /v1/models with the key and writes junction.cloud.model", async () => {
    restore.push(await setUserSetting("cloud.model", "gpt-4.1-mini"));
    assert.equal(await vscode.commands.executeCommand("junction.selectCloudModel", "gpt-4.1-mini"), "gpt-4.1-mini");
    const [listing] = servers.cloud.requests.filter((request) => request.path === "/v1/models");
    assert.ok(listing?.authorized, "the key went with the listing, to the cloud endpoint only");
    assert.equal(
      servers.ollama.requests.some((request) => request.keyPresented),
      false,
      "the key never reached the local server",
    );
  });

  test("Test Cloud Connection lists the models, then sends the model one token with a refactor's parameters", async () => {
    const result = await vscode.commands.executeCommand<{ ok: boolean; message: string }>("junction.testCloudConnection");
    assert.equal(result.ok, true, result.message);
    assert.match(result.message, /connected to .* \(1 models listed\); gpt-4\.1-mini answered a test request\. Price from @pydantic\/genai-prices/);
    const [probe, ...more] = servers.cloud.chatRequests();
    assert.equal(more.length, 0);
    assert.equal(probe?.body.max_completion_tokens, 1);
    assert.equal(probe?.body.temperature, 0.1);
  });

  test("Test Cloud Connection with the default gpt-5-mini passes at once: no temperature, no max_tokens", async () => {
    servers.cloud.models.push("gpt-5-mini");
    const undo = await setUserSetting("cloud.model", "gpt-5-mini");
    try {
      await waitFor("the model setting", () => servers.api.effectiveSettings()["cloud.model"] === "gpt-5-mini");
      const result = await vscode.commands.executeCommand<{ ok: boolean; message: string }>("junction.testCloudConnection");
      assert.equal(result.ok, true, result.message);
      const probes = servers.cloud.chatRequests();
      assert.equal(probes.length, 1, "accepted the first time");
      assert.equal(probes[0]?.body.temperature, undefined);
      assert.equal(probes[0]?.body.max_tokens, undefined);
      assert.equal(probes[0]?.body.reasoning_effort, "low");
    } finally {
      await undo();
    }
  });

  test("Test Cloud Connection with an exhausted quota says so and what to do", async () => {
    servers.cloud.script({ path: "/v1/chat/completions", status: 429, errorBody: OPENAI_QUOTA_EXHAUSTED });
    const result = await vscode.commands.executeCommand<{ ok: boolean; message: string }>("junction.testCloudConnection");
    assert.equal(result.ok, false);
    assert.match(result.message, /quota is used up \(insufficient_quota\)\. Add credits or raise the spend limit/);
  });

  test("Test Cloud Connection with a model the key may not use names the model and the fix", async () => {
    servers.cloud.script({ path: "/v1/chat/completions", status: 403, errorBody: "You have insufficient permissions for this operation." });
    const result = await vscode.commands.executeCommand<{ ok: boolean; message: string }>("junction.testCloudConnection");
    assert.equal(result.ok, false);
    assert.match(result.message, /accepted the key but refused gpt-4\.1-mini \(HTTP 403\)/);
  });

  test("a loopback endpoint that is Junction's simulated cloud (the demo) is used without the key, and said to be simulated", async () => {
    const simulated = await startOpenAiTwin({ simulated: true, models: ["gpt-5-mini"] });
    const undoEndpoint = await setUserSetting("cloud.endpoint", simulated.baseUrl);
    const undoModel = await setUserSetting("cloud.model", "gpt-5-mini");
    try {
      await waitFor("the simulated cloud to be recognised", () => servers.api.panelState().pricing.cloudSimulated === true);
      const result = await vscode.commands.executeCommand<{ ok: boolean; message: string }>("junction.testCloudConnection");
      assert.equal(result.ok, true, result.message);
      assert.match(result.message, /Junction's simulated cloud: no real model/);
      assert.ok(
        simulated.requests.some((request) => request.path === "/v1/models" && !request.keyPresented),
        "recognised by a request with no credentials",
      );
      assert.equal(servers.cloud.requests.length, 0, "nothing went to the real endpoint");
    } finally {
      await undoModel();
      await undoEndpoint();
      await simulated.stop();
    }
    await waitFor("the real endpoint again", () => servers.api.panelState().pricing.cloudSimulated === false);
  });

  test("Test Cloud Connection with a refused key says so and what to do", async () => {
    await vscode.commands.executeCommand("junction.setCloudApiKey", "sk-wrong");
    try {
      await waitFor("the new key", () => servers.api.hasCloudKey());
      const result = await vscode.commands.executeCommand<{ ok: boolean; message: string }>("junction.testCloudConnection");
      assert.equal(result.ok, false);
      assert.match(result.message, /refused the API key\. Run “Junction: Set Cloud API Key”/);
      assert.equal(
        servers.api.panelState().requests.some((row) => row.reasons.join(" ").includes("sk-wrong")),
        false,
      );
    } finally {
      await vscode.commands.executeCommand("junction.setCloudApiKey", "sk-junction-test-key");
    }
  });

  test("Toggle turns completions off (user setting, status bar says so, no request) and on again", async () => {
    const at = await fileWithCursor("demo");
    await vscode.commands.executeCommand("junction.toggleInlineCompletions");
    try {
      assert.equal(vscode.workspace.getConfiguration("junction").inspect("completion.enabled")?.globalValue, false);
      await waitFor("the status bar to say completions are off", () => servers.api.statusBar().text.includes("completions off"));
      assert.equal(await complete(servers, at), undefined);
      assert.equal(generations().length, 0, "no request while off");
    } finally {
      await vscode.commands.executeCommand("junction.toggleInlineCompletions");
    }
    assert.equal(vscode.workspace.getConfiguration("junction").inspect("completion.enabled")?.globalValue, true);
    await waitFor("the status bar to drop the note", () => !servers.api.statusBar().text.includes("completions off"));
    servers.ollama.script({ path: "/api/generate", reply: "prices.length;" });
    assert.equal(await complete(servers, at), "prices.length;");
    await vscode.workspace.getConfiguration("junction").update("completion.enabled", undefined, vscode.ConfigurationTarget.Global);
  });

  test("Snooze pauses completions for 15 minutes with the end time in the status bar; Toggle ends the snooze", async () => {
    const at = await fileWithCursor("demo");
    const state = await vscode.commands.executeCommand<{ state: string; until: number }>("junction.snoozeInlineCompletions");
    assert.equal(state.state, "snoozed");
    const minutes = (state.until - Date.now()) / 60_000;
    assert.ok(minutes > 14.9 && minutes <= 15, `snoozed for ${minutes} minutes`);
    await waitFor("the status bar to show the snooze", () => servers.api.statusBar().text.includes("snoozed until"));
    assert.equal(await complete(servers, at), undefined);
    assert.equal(generations().length, 0, "no request while snoozed");
    assert.equal(vscode.workspace.getConfiguration("junction").inspect("completion.enabled")?.globalValue, undefined, "a snooze does not touch the setting");

    const resumed = await vscode.commands.executeCommand<{ state: string }>("junction.toggleInlineCompletions");
    assert.equal(resumed.state, "on");
    await waitFor("the status bar to drop the snooze", () => !servers.api.statusBar().text.includes("snoozed"));
    servers.ollama.script({ path: "/api/generate", reply: "0;" });
    assert.equal(await complete(servers, at), "0;");
  });
});
