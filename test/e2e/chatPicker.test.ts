// Junction's model in VS Code's own chat view, as a user meets it: the chat opened (AI features
// on for this session only), the model picker lists "Junction (routed)" with where its requests go.
// Only the picker: sending from the chat view needs the Copilot Chat extension, which VS Code sets
// up after a sign-in (offline here it asks for one); requests through vscode.lm are covered by
// test/integration/chat.test.ts.
import * as assert from "node:assert/strict";
import { after, before, test } from "node:test";
import type { Locator, Page } from "playwright-core";
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
  const widget = page.locator(".action-widget");
  await openPickerUntil(widget.getByText("Junction (routed)", { exact: true }).first());
  await widget.getByText("local — private workspace").first().waitFor({ state: "visible", timeout: 10_000 });
  await screenshot(page, "chat-model-picker");
  assert.equal(ollama.requestsTo("/api/chat").length, 0, "opening the picker sends nothing");
});

/**
 * The picker lists the models VS Code knew when it opened, so an entry that arrives a moment
 * later is seen by opening it again: at most three times, then the failure shows the picker and
 * what Junction said of its chat model.
 */
async function openPickerUntil(entry: Locator): Promise<void> {
  const chat = page.locator(".part.auxiliarybar");
  // The picker shows the chosen model's name, or "Models" before one is chosen.
  const picker = chat
    .getByText("Models", { exact: true })
    .or(chat.getByText(/^Junction \(rou/))
    .first();
  for (let attempt = 1; ; attempt++) {
    await picker.waitFor({ state: "visible", timeout: 30_000 });
    await picker.click();
    try {
      await entry.waitFor({ state: "visible", timeout: 15_000 });
      return;
    } catch (error) {
      if (attempt === 3) {
        const shot = await screenshot(page, "chat-model-picker-missing");
        const said = session
          .junctionLog()
          .split("\n")
          .filter((line) => /chat model|local model/i.test(line));
        throw new Error(`Junction (routed) is not in the picker (${shot}); Junction said:\n${said.join("\n")}`, { cause: error });
      }
      await page.keyboard.press("Escape");
    }
  }
}
