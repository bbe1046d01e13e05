// Junction's model in VS Code's own chat view, as a user meets it: the chat opened (AI features
// on for this session only), the model picker lists "Junction (routed)" with where its requests go.
// Only the picker: sending from the chat view needs the Copilot Chat extension, which VS Code sets
// up after a sign-in (offline here it asks for one); requests through vscode.lm are covered by
// test/integration/chat.test.ts.
import * as assert from "node:assert/strict";
import { after, before, test } from "node:test";
import type { Page } from "playwright-core";
import { startFakeOllama } from "../fakes/fakeOllama.ts";
import type { FakeOllama } from "../fakes/fakeOllama.ts";
import { demoWorkspaceIn, openJunction } from "./session.ts";
import type { JunctionSession } from "./session.ts";
import { runCommand, screenshot } from "./workbench.ts";

let ollama: FakeOllama;
let session: JunctionSession;
let page: Page;

before(async () => {
  ollama = await startFakeOllama();
  session = await openJunction({
    name: "e2e-chat",
    folder: demoWorkspaceIn,
    // A 32k window and a model that calls tools: Junction (routed) qualifies for Agent mode, the chat's default.
    userSettings: { "junction.local.endpoint": ollama.url, "junction.local.contextTokens": 32_768, "chat.disableAIFeatures": false },
  });
  page = session.page;
});

after(async () => {
  await session?.close();
  await ollama?.stop();
});

test("the chat view's model picker offers Junction (routed), saying its requests stay local in a private workspace", async () => {
  await runCommand(page, "Chat: Open Chat");
  const chat = page.locator(".part.auxiliarybar");
  // The picker shows the chosen model's name, or "Models" before one is chosen.
  const picker = chat
    .getByText("Models", { exact: true })
    .or(chat.getByText(/^Junction \(rou/))
    .first();
  await picker.waitFor({ state: "visible", timeout: 30_000 });
  await picker.click();
  const entry = page.locator(".action-widget").getByText("Junction (routed)", { exact: true }).first();
  await entry.waitFor({ state: "visible", timeout: 30_000 });
  await page.locator(".action-widget").getByText("local — private workspace").first().waitFor({ state: "visible", timeout: 10_000 });
  await screenshot(page, "chat-model-picker");
  assert.equal(ollama.requestsTo("/api/chat").length, 0, "opening the picker sends nothing");
});
