// "Junction (routed)" through vscode.lm, as chat and every other extension reach it, against the
// Ollama and OpenAI twins: what the picker is told, where requests go, what each server receives,
// the answer's parts in order, tool calls from each twin, cancellation and token counting.
import * as assert from "node:assert/strict";
import * as vscode from "vscode";
import type { JunctionApi } from "../../src/host/extension.ts";
import type { FakeOllama } from "../fakes/fakeOllama.ts";
import type { ChatTwin } from "../fakes/cloud/chatTwin.ts";
import { FAKE_GITHUB_TOKEN, LOCAL_ONLY_MARKER } from "../fixtures/privacyValues.ts";
import { folderFile, junctionLog, setUpModelServers, setUserSetting, waitFor } from "./helpers.ts";
import type { ModelServers } from "./helpers.ts";

const CONTROL = "POSITIVE_CONTROL_chat_cart_total";
const READ_FILE: vscode.LanguageModelChatTool = {
  name: "read_file",
  description: "Reads a file of the workspace.",
  inputSchema: { type: "object", properties: { filePath: { type: "string" } }, required: ["filePath"] },
};
/** VS Code's chat sends its system prompt with this role, which the stable enum does not name. */
const SYSTEM_ROLE = 3 as vscode.LanguageModelChatMessageRole;

suite("Junction in VS Code's chat: the routed model through vscode.lm", () => {
  let ollama: FakeOllama;
  let cloud: ChatTwin;
  let api: JunctionApi;
  let servers: ModelServers;
  const restore: Array<() => Promise<void>> = [];

  suiteSetup(async () => {
    servers = await setUpModelServers();
    ({ ollama, cloud, api } = servers);
  });

  suiteTeardown(() => servers.tearDown());

  setup(() => {
    ollama.reset();
    cloud.reset();
  });

  teardown(async () => {
    for (const undo of restore.splice(0).reverse()) await undo();
  });

  const model = async (): Promise<vscode.LanguageModelChat> => {
    const [found] = await vscode.lm.selectChatModels({ vendor: "junction" });
    assert.ok(found, "Junction's model is offered");
    return found;
  };
  /** Every folder local-only (the user's own setting), and the picker told so. */
  const privateWorkspace = async () => {
    restore.push(await setUserSetting("privacy.mode", "local-only"));
    await waitFor("the model to say it stays local", async () => (await api.chatModelInformation()).detail === "local — private workspace");
  };
  /** Any request complex enough for the cloud, so a request that does not go there shows why. */
  const eagerCloud = async () => {
    restore.push(await setUserSetting("routing.cloudThreshold", 0));
    await waitFor("the model to allow the cloud", async () => (await api.chatModelInformation()).detail === "cloud allowed — secrets redacted");
  };
  const ask = async (messages: vscode.LanguageModelChatMessage[], options: vscode.LanguageModelChatRequestOptions = {}, token?: vscode.CancellationToken) => {
    const response = await (await model()).sendRequest(messages, options, token);
    const parts: unknown[] = [];
    for await (const part of response.stream) parts.push(part);
    return { parts, text: parts.flatMap((part) => (part instanceof vscode.LanguageModelTextPart ? [part.value] : [])).join("") };
  };
  const cloudBodies = () => cloud.chatRequests().map((request) => JSON.stringify(request.body));
  const localChats = () => ollama.requestsTo("/api/chat");
  const chatRows = () => api.panelState().requests.filter((row) => row.kind === "chat");

  test("selectChatModels offers Junction (routed), with no sign-in and no other chat extension", async () => {
    const all = await vscode.lm.selectChatModels({ vendor: "junction" });
    assert.equal(all.length, 1, "one model: the route is decided per request, not by picking a side");
    const [routed] = all;
    assert.equal(routed?.name, "Junction (routed)");
    assert.equal(routed?.id, "routed");
    assert.equal(routed?.family, "junction");
    assert.ok((routed?.maxInputTokens ?? 0) > 0);
  });

  test("a private workspace: only the local twin is asked, and the row says why", async () => {
    await privateWorkspace();
    ollama.script({ path: "/api/chat", reply: "Sort with Array.prototype.sort." });
    const { text } = await ask([
      new vscode.LanguageModelChatMessage(SYSTEM_ROLE, "Be brief."),
      vscode.LanguageModelChatMessage.User("How do I sort an array in place?"),
    ]);
    assert.equal(text, "Sort with Array.prototype.sort.");
    assert.equal(cloud.chatRequests().length, 0, "the cloud received nothing");
    assert.equal(localChats().length, 1);
    assert.deepEqual(localChats()[0]?.body.messages[0], { role: "system", content: "Be brief." }, "System (3) arrives as the system message");
    await waitFor("the chat row", () => chatRows().some((row) => row.target === "local"));
    assert.match(chatRows()[0]?.reasons.join("; ") ?? "", /no workspace folder allows the cloud/);
  });

  test("the model's detail and window change when the folders' privacy changes", async () => {
    const allowed = await api.chatModelInformation();
    assert.equal(allowed.detail, "cloud allowed — secrets redacted");
    assert.equal((await model()).maxInputTokens, allowed.maxInputTokens);
    await privateWorkspace();
    const local = await api.chatModelInformation();
    assert.notEqual(local.maxInputTokens, allowed.maxInputTokens, "the local window, not the cloud model's");
    await waitFor("selectChatModels to show the local window", async () => (await model()).maxInputTokens === local.maxInputTokens);
  });

  test("when the model's facts could not be read, Junction reads them again and tells the picker unasked", async () => {
    await privateWorkspace();
    const refactorModel = String(vscode.workspace.getConfiguration("junction").get("local.refactorModel"));
    // The completion model stays healthy: only the chat's own read fails, as on a busy machine.
    ollama.script({ path: "/api/show", model: refactorModel, status: 500, errorBody: "model runner busy" });
    // A new window means a new provider, whose facts are read afresh (and fail).
    restore.push(await setUserSetting("local.contextTokens", 32_768));
    await waitFor("the model to be offered without tools", async () => (await api.chatModelInformation()).capabilities.toolCalling === false);
    // VS Code looks again when the provider says its information changed; Junction logs each time it says so.
    const toldWithTools = () => junctionLog(api).match(/Chat model: .*, tools\)/g)?.length ?? 0;
    // Settled: the health check after the settings change is done, and a timed re-read has failed
    // (it scheduled the next); from here only a re-read can tell VS Code anything.
    await waitFor("the local model to be ready", () => api.statusBar().accessibleLabel === "Junction: ready");
    await waitFor("a timed re-read to fail", () => /reading them again in 3000 ms/.test(junctionLog(api)), 20_000);
    const before = toldWithTools();
    ollama.reset();
    await waitFor("Junction to tell VS Code, with nobody asking, that the model calls tools", () => toldWithTools() > before, 20_000);
    const information = await api.chatModelInformation();
    assert.equal(information.capabilities.toolCalling, true, "a 32k window and a model that calls tools: Agent mode");
    assert.ok(ollama.requestsTo("/api/show").length > 0, "read again from the server");
  });

  test("where the cloud is allowed: the cloud twin receives the text with the secret redacted, and the positive control", async () => {
    await eagerCloud();
    cloud.script({ path: "/v1/chat/completions", reply: "Read it from <<JUNCTION_SECRET_1>>'s environment instead." });
    const { text } = await ask([vscode.LanguageModelChatMessage.User(`${CONTROL}: const token = "${FAKE_GITHUB_TOKEN}"; is this safe?`)]);
    const [body] = cloudBodies();
    assert.ok(body, "the cloud was asked");
    assert.ok(!body.includes(FAKE_GITHUB_TOKEN), "the secret never reached the cloud");
    assert.ok(body.includes(CONTROL), "the rest of the text did");
    assert.equal(localChats().length, 0);
    assert.ok(text.includes(FAKE_GITHUB_TOKEN), "the answer has the user's value back");
  });

  test("internal model options are never forwarded; sampling options are", async () => {
    await eagerCloud();
    cloud.script({ path: "/v1/chat/completions", reply: "ok" });
    await ask([vscode.LanguageModelChatMessage.User("hi")], { modelOptions: { _capturingTokenCorrelationId: "abc-123", temperature: 0.3 } });
    const body = cloud.chatRequests()[0]?.body;
    assert.equal(body?.temperature, 0.3);
    assert.ok(!JSON.stringify(body).includes("_capturingTokenCorrelationId") && !JSON.stringify(body).includes("abc-123"));
  });

  test("the answer's parts arrive in the order the cloud twin streamed them", async () => {
    await eagerCloud();
    cloud.script({ path: "/v1/chat/completions", reply: "alpha beta gamma delta epsilon", chunks: 5, chunkDelayMs: 30 });
    const { parts, text } = await ask([vscode.LanguageModelChatMessage.User("five words")]);
    assert.equal(text, "alpha beta gamma delta epsilon");
    assert.ok(parts.length >= 2, `streamed in ${parts.length} parts`);
    assert.ok(parts.every((part) => part instanceof vscode.LanguageModelTextPart));
  });

  test("cancelling the request aborts the twin's stream", async () => {
    await eagerCloud();
    cloud.script({ path: "/v1/chat/completions", reply: "one two three four", chunks: 4, stallAfterChunks: 1 });
    const source = new vscode.CancellationTokenSource();
    try {
      const response = await (await model()).sendRequest([vscode.LanguageModelChatMessage.User("go on forever")], {}, source.token);
      for await (const part of response.stream) {
        assert.ok(part instanceof vscode.LanguageModelTextPart);
        source.cancel();
        break;
      }
    } catch (error) {
      assert.ok(error instanceof vscode.CancellationError || source.token.isCancellationRequested, String(error));
    } finally {
      source.dispose();
    }
    await waitFor("the twin to see the client go", () => cloud.chatRequests()[0]?.clientClosedEarly === true);
    await waitFor("a cancelled chat row", () => chatRows().some((row) => row.outcome === "cancelled"));
  });

  test("a tool call from the Ollama twin comes back as a tool-call part", async () => {
    await privateWorkspace();
    ollama.script({ path: "/api/chat", reply: "", toolCalls: [{ name: "read_file", arguments: { filePath: "/work/shop/src/cart.ts" } }] });
    const { parts } = await ask([vscode.LanguageModelChatMessage.User("What does cart.ts export?")], { tools: [READ_FILE] });
    const calls = parts.filter((part): part is vscode.LanguageModelToolCallPart => part instanceof vscode.LanguageModelToolCallPart);
    assert.equal(calls.length, 1, JSON.stringify(parts));
    assert.equal(calls[0]?.name, "read_file");
    assert.deepEqual(calls[0]?.input, { filePath: "/work/shop/src/cart.ts" });
    assert.equal(localChats()[0]?.body.tools[0].function.name, "read_file");
  });

  test("a tool call streamed by the cloud twin comes back as a tool-call part, and its result goes back as a tool message", async () => {
    await eagerCloud();
    cloud.script({ path: "/v1/chat/completions", reply: "", toolCalls: [{ name: "read_file", arguments: { filePath: "/work/shop/src/cart.ts" } }], times: 1 });
    const question = vscode.LanguageModelChatMessage.User("What does cart.ts export?");
    const { parts } = await ask([question], { tools: [READ_FILE] });
    const [call] = parts.filter((part): part is vscode.LanguageModelToolCallPart => part instanceof vscode.LanguageModelToolCallPart);
    assert.ok(call, JSON.stringify(parts));
    assert.deepEqual(call.input, { filePath: "/work/shop/src/cart.ts" });
    // The round trip: the call in an Assistant message, its result in a User message, as chat sends them.
    cloud.script({ path: "/v1/chat/completions", reply: "It exports total()." });
    const { text } = await ask(
      [
        question,
        vscode.LanguageModelChatMessage.Assistant([call]),
        vscode.LanguageModelChatMessage.User([
          new vscode.LanguageModelToolResultPart(call.callId, [new vscode.LanguageModelTextPart("export function total() {}")]),
        ]),
      ],
      { tools: [READ_FILE] },
    );
    assert.equal(text, "It exports total().", "the twin accepted the tool exchange (it refuses a broken one)");
    const messages = cloud.chatRequests()[1]?.body.messages;
    assert.deepEqual(
      messages.map((message: { role: string }) => message.role),
      ["user", "assistant", "tool"],
    );
    assert.equal(messages[2].tool_call_id, call.callId);
  });

  test("a tool result that names a local-only file keeps that request local", async () => {
    await eagerCloud();
    ollama.script({ path: "/api/chat", reply: "Rotate that key." });
    const envPath = folderFile("public-app", ".env").fsPath;
    const call = new vscode.LanguageModelToolCallPart("call_env", "read_file", { filePath: envPath });
    await ask(
      [
        vscode.LanguageModelChatMessage.User("Check the deploy settings"),
        vscode.LanguageModelChatMessage.Assistant([call]),
        vscode.LanguageModelChatMessage.User([
          new vscode.LanguageModelToolResultPart("call_env", [new vscode.LanguageModelTextPart(`${LOCAL_ONLY_MARKER}=1`)]),
        ]),
      ],
      { tools: [READ_FILE] },
    );
    assert.equal(cloud.chatRequests().length, 0, "the cloud received nothing");
    assert.ok(!cloudBodies().some((body) => body.includes(LOCAL_ONLY_MARKER)));
    assert.equal(localChats().length, 1);
    await waitFor("the chat row", () => chatRows().some((row) => row.file.includes(".env")));
    assert.match(chatRows()[0]?.reasons.join("; ") ?? "", /names public-app\/\.env, which is local-only/);
  });

  test("countTokens is answered on this machine: no server receives anything", async () => {
    // Settings restored after the last test start a health check: let it finish first.
    let seen = -1;
    await waitFor("the twins to go quiet", async () => {
      const now = ollama.requests.length + cloud.requests.length;
      const quiet = now === seen;
      seen = now;
      await new Promise((resolve) => setTimeout(resolve, 300));
      return quiet;
    });
    const before = ollama.requests.length + cloud.requests.length;
    const routed = await model();
    const prompt = "You are an agent. Use the tools.\n".repeat(520);
    const tokens = await routed.countTokens(prompt);
    const message = await routed.countTokens(
      vscode.LanguageModelChatMessage.Assistant([
        new vscode.LanguageModelTextPart(prompt),
        new vscode.LanguageModelToolCallPart("c", "read_file", { filePath: "/a" }),
      ]),
    );
    assert.ok(tokens >= prompt.length / 4, String(tokens));
    assert.ok(message > tokens);
    assert.equal(ollama.requests.length + cloud.requests.length, before);
  });
});
