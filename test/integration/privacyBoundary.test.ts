// The privacy boundary against repositories laid out the way real ones are (DESIGN §2): links into
// a private folder and to .env, a nested clone with a private remote, a private key cut by a
// completion window or a snippet, a key typed into an instruction, a secret a model moved. Each
// test plants a canary and proves from the cloud server's request log that it never arrived —
// next to a positive control from the same public folder that does arrive.
import * as assert from "node:assert/strict";
import * as vscode from "vscode";
import type { FakeOllama } from "../fakes/fakeOllama.ts";
import type { ChatTwin } from "../fakes/cloud/chatTwin.ts";
import {
  ALLOWED_CANARY,
  ENVRC_CANARY,
  ENV_CANARY,
  INSTRUCTION_TOKEN,
  MOVED_PASSWORD,
  NESTED_CANARY,
  PEM_BODY_LINES,
  PRIVATE_CANARY,
} from "../fixtures/boundaryValues.ts";
import { BOUNDARY_PRIVATE, BOUNDARY_PUBLIC } from "../harness/boundaryFolders.ts";
import type { JunctionApi } from "../../src/host/extension.ts";
import type { RefactorOutcome } from "../../src/host/refactor/refactorFlow.ts";
import { relatedFiles } from "../../src/host/refactor/relatedFiles.ts";
import { closeAllEditors, completeIn, folderFile, setUpModelServers, setUserSetting } from "./helpers.ts";
import type { ModelServers } from "./helpers.ts";

const CLOUD_ANSWER = "return `Hello, ${name}!`;";
const CANARIES = [PRIVATE_CANARY, ENV_CANARY, NESTED_CANARY, ENVRC_CANARY, INSTRUCTION_TOKEN, MOVED_PASSWORD, ...PEM_BODY_LINES];

suite("Privacy boundary: what really holds a file, whole texts, instructions, moved secrets", () => {
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
    ollama.script({ path: "/api/generate", reply: "return name;" });
    ollama.script({ path: "/api/chat", reply: "Nothing to change." });
    cloud.script({ path: "/v1/chat/completions", reply: CLOUD_ANSWER });
  });

  teardown(async () => {
    for (const document of vscode.workspace.textDocuments) {
      if (document.isDirty) {
        await vscode.window.showTextDocument(document);
        await vscode.commands.executeCommand("workbench.action.files.revert");
      }
    }
  });

  const cloudBodies = () => cloud.requests.filter((request) => request.path === "/v1/chat/completions").map((request) => JSON.stringify(request.body));
  /** No canary in anything the cloud received; `allowed` (the positive control) in every request when given. */
  const assertNoCanaryReachedTheCloud = (allowed?: string) => {
    for (const body of cloudBodies()) {
      for (const canary of CANARIES) assert.ok(!body.includes(canary), `${canary.slice(0, 24)}… reached the cloud`);
      if (allowed) assert.ok(body.includes(allowed), "the allowed content did arrive");
    }
  };

  test("control: allowed code of the public folder reaches the cloud model", async () => {
    const { row } = await completeIn(api, BOUNDARY_PUBLIC, "src/control.ts");
    assert.equal(row.target, "cloud", row.reasons.join("; "));
    assert.equal(cloudBodies().length, 1);
    assertNoCanaryReachedTheCloud(ALLOWED_CANARY);
  });

  for (const [path, why] of [
    ["links/pricing.ts", /symbolic link leads out of folder boundary-public/],
    ["links/private-src/margins.ts", /symbolic link leads out of folder boundary-public/],
    ["src/settings.ts", /localOnlyFiles pattern \.env/],
    ["vendor/internal/lib.ts", /nested git repository boundary-public\/vendor\/internal/],
    [".envrc", /localOnlyFiles pattern \.envrc/],
  ] as const) {
    test(`${path} is judged by what it really is and stays local`, async () => {
      const { row } = await completeIn(api, BOUNDARY_PUBLIC, path);
      assert.notEqual(row.target, "cloud", row.reasons.join("; "));
      assert.ok(
        row.reasons.some((reason) => why.test(reason)),
        row.reasons.join("; "),
      );
      assert.equal(cloudBodies().length, 0);
    });
  }

  test("a cloud refactor through a link to .env is refused and writes nothing", async () => {
    const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(folderFile(BOUNDARY_PUBLIC, "src/settings.ts")));
    const before = editor.document.getText();
    const outcome = await vscode.commands.executeCommand<RefactorOutcome>("junction.refactorSelection", {
      instruction: "Rename MARKER",
      route: "cloud",
      applyWithoutPreview: true,
    });
    assert.equal(outcome?.status, "failed");
    assert.equal(editor.document.getText(), before);
    assert.equal(cloudBodies().length, 0);
  });

  test("a key whose BEGIN line is above the completion window is redacted whole; the rest of the file still arrives", async () => {
    const { row } = await completeIn(api, BOUNDARY_PUBLIC, "src/keys.ts");
    assert.equal(row.target, "cloud", row.reasons.join("; "));
    assert.equal(cloudBodies().length, 1);
    assert.ok(cloudBodies()[0]?.includes("<<JUNCTION_SECRET_"), "the key, redacted whole, sits in the window");
    assertNoCanaryReachedTheCloud(ALLOWED_CANARY);
  });

  test("a key that a snippet's cut would split is redacted before the cut; the snippet still arrives", async () => {
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(folderFile(BOUNDARY_PUBLIC, "src/snippetKey.ts")), { preview: false });
    await completeIn(api, BOUNDARY_PUBLIC, "src/withSnippet.ts");
    assert.equal(cloudBodies().length, 1);
    assert.ok(cloudBodies()[0]?.includes("snippetKey.ts"), "the other tab was sent as a snippet");
    assert.ok(cloudBodies()[0]?.includes("<<JUNCTION_SECRET_"), "with its key redacted whole");
    assertNoCanaryReachedTheCloud(ALLOWED_CANARY);
  });

  test("a key typed into a refactor instruction is redacted in what the cloud receives", async () => {
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(folderFile(BOUNDARY_PUBLIC, "src/control.ts")));
    await vscode.commands.executeCommand<RefactorOutcome>("junction.refactorSelection", {
      instruction: `Read the token ${INSTRUCTION_TOKEN} from the environment instead`,
      route: "cloud",
      applyWithoutPreview: true,
    });
    assert.equal(cloudBodies().length, 1);
    assert.ok(cloudBodies()[0]?.includes("<<JUNCTION_SECRET_"), "the instruction's key became a placeholder");
    assertNoCanaryReachedTheCloud(ALLOWED_CANARY);
  });

  test('with junction.privacy.secrets "route-local", a key in the instruction keeps the refactor off the cloud', async () => {
    const restore = await setUserSetting("privacy.secrets", "route-local");
    try {
      await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(folderFile(BOUNDARY_PUBLIC, "src/control.ts")));
      const outcome = await vscode.commands.executeCommand<RefactorOutcome>("junction.refactorSelection", {
        instruction: `Use ${INSTRUCTION_TOKEN} as the token`,
        route: "cloud",
        applyWithoutPreview: true,
      });
      assert.equal(outcome?.status, "failed", "a forced cloud route that privacy forbids is refused");
      assert.equal(cloudBodies().length, 0);
    } finally {
      await restore();
    }
  });

  test("a secret a cloud refactor moved under a neutral name is still redacted in the next cloud request", async () => {
    cloud.reset();
    cloud.script({
      path: "/v1/chat/completions",
      times: 1,
      reply: [
        "```",
        `<<<FILE ${BOUNDARY_PUBLIC}/src/account.ts`,
        "<<<SEARCH",
        'const dbPassword = "<<JUNCTION_SECRET_1>>";',
        "export const connect = () => open(dbPassword);",
        "===",
        'const setting = "<<JUNCTION_SECRET_1>>";',
        "export const connect = () => open(setting);",
        ">>>REPLACE",
        ">>>END",
        "```",
      ].join("\n"),
    });
    cloud.script({ path: "/v1/chat/completions", reply: CLOUD_ANSWER });
    const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(folderFile(BOUNDARY_PUBLIC, "src/account.ts")));
    const outcome = await vscode.commands.executeCommand<RefactorOutcome>("junction.refactorSelection", {
      instruction: "Rename dbPassword to setting",
      route: "cloud",
      applyWithoutPreview: true,
    });
    assert.equal(outcome?.status, "applied", JSON.stringify(outcome));
    assert.ok(editor.document.getText().includes(`const setting = "${MOVED_PASSWORD}";`), "the user's value is back, under the new name");
    await completeIn(api, BOUNDARY_PUBLIC, "src/account.ts");
    assert.equal(cloudBodies().length, 2, "the refactor and the completion both went to the cloud");
    assertNoCanaryReachedTheCloud();
    assert.ok(cloudBodies()[1]?.includes("<<JUNCTION_SECRET_"), "the moved value went as a placeholder");
  });

  test("Refactor Across Files relates files within the active file's folder only, never a private folder's namesake", async () => {
    const active = await vscode.workspace.openTextDocument(folderFile(BOUNDARY_PUBLIC, "src/uses.ts"));
    const files = await vscode.workspace.findFiles("**/*.ts");
    assert.ok(
      files.some((uri) => uri.path.endsWith(`${BOUNDARY_PRIVATE}/src/pricing.ts`)),
      "the private namesake of ./pricing exists",
    );
    const related = await relatedFiles(active, files);
    assert.deepEqual(
      related.filter((file) => file.uri.path.includes(BOUNDARY_PRIVATE)),
      [],
    );
  });
});
