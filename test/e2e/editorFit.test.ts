// Ghost text only where it belongs, in a real VS Code in a real browser: none in the Source
// Control commit message box and none in a comment thread's reply box, while a file of the same
// window does get it. Absence is proved by order, not by waiting: after typing in the box, the
// file's completion is asked for and shown, and no request before it carried the box's text.
import * as assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { after, before, test } from "node:test";
import type { Page } from "playwright-core";
import { startFakeOllama } from "../fakes/fakeOllama.ts";
import type { FakeOllama } from "../fakes/fakeOllama.ts";
import { demoWorkspaceIn, openJunction } from "./session.ts";
import type { JunctionSession } from "./session.ts";
import { ghostText, openFile, runCommand, screenshot, waitForGhostText } from "./workbench.ts";

const FILE_COMPLETION = "42; // from the local model";

let ollama: FakeOllama;
let session: JunctionSession;
let page: Page;

before(async () => {
  ollama = await startFakeOllama();
  ollama.script({ path: "/api/generate", reply: FILE_COMPLETION });
  session = await openJunction({
    name: "e2e-editor-fit",
    folder: (profileDir) => {
      const workspace = demoWorkspaceIn(profileDir);
      // A repository, so the Source Control view has a commit message box.
      execFileSync("git", ["init", "-q"], { cwd: workspace });
      return workspace;
    },
    // The test profiles turn git off; this one needs it for the commit message box.
    userSettings: { "junction.local.endpoint": ollama.url, "git.enabled": true },
    otherExtensions: ["comment-threads"],
  });
  page = session.page;
});

after(async () => {
  await session?.close();
  await ollama?.stop();
});

const promptsWith = (text: string) => ollama.requests.filter((request) => request.path === "/api/generate" && JSON.stringify(request.body).includes(text));

let fileCompletions = 0;

/**
 * Types a new line in a file until its ghost text shows: a request caused by earlier typing
 * elsewhere would have reached the server before this one. Each line is new, so no cached answer
 * stands in for the request.
 */
async function completeInFile(): Promise<void> {
  fileCompletions += 1;
  await openFile(page, "src/scratch.ts");
  await page.keyboard.press("Control+End");
  await page.keyboard.type(`\nexport const answer${fileCompletions} = `, { delay: 40 });
  await waitForGhostText(page, FILE_COMPLETION);
  assert.ok(promptsWith(`answer${fileCompletions} = `).length > 0, "the file's request reached the local model");
  await page.keyboard.press("Escape");
}

test("control: a file gets ghost text", async () => {
  await completeInFile();
  await screenshot(page, "fit-00-file");
});

test("the commit message box gets no ghost text and Junction is never asked", async () => {
  await page.keyboard.press("Control+Shift+G"); // the Source Control view
  const input = page.locator(".scm-view .scm-editor .monaco-editor, .scm-view .scm-editor-container .monaco-editor").first();
  await input.waitFor({ state: "visible", timeout: 30_000 });
  await input.click();
  await page.keyboard.type("zebra commit: ", { delay: 60 });
  await page.keyboard.press("Alt+Backslash"); // Trigger Inline Suggestion, inside the box
  await screenshot(page, "fit-01-commit-box");
  assert.equal(await ghostText(page), "", "no ghost text in the commit message box");
  await completeInFile();
  assert.deepEqual(promptsWith("zebra commit"), [], "no request carried the commit message");
});

test("a comment thread's reply box gets no ghost text and Junction is never asked", async () => {
  await openFile(page, "src/checkout.ts");
  await runCommand(page, "Junction tests: Open Comment Thread");
  const reply = page.locator(".review-widget .comment-form .monaco-editor, .review-widget .monaco-editor").first();
  await reply.waitFor({ state: "visible", timeout: 30_000 });
  await reply.click();
  await page.keyboard.type("zebra comment: ", { delay: 60 });
  await page.keyboard.press("Alt+Backslash");
  await screenshot(page, "fit-02-comment-thread");
  assert.equal(await ghostText(page), "", "no ghost text in the comment");
  await page.keyboard.press("Escape");
  await completeInFile();
  assert.deepEqual(promptsWith("zebra comment"), [], "no request carried the comment");
});
