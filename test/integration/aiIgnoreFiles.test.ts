// Other AI tools' ignore files (.aiexclude, .aiignore, .cursorignore, .codeiumignore,
// .continueignore, .geminiignore, .aiderignore) keep the files they cover local, nested and
// negated as those tools define, in a folder that is otherwise public; a user setting turns it off.
import * as assert from "node:assert/strict";
import type { ChatTwin } from "../fakes/cloud/chatTwin.ts";
import { AI_IGNORE_CASES, AI_IGNORE_FOLDER } from "../harness/boundaryFolders.ts";
import type { JunctionApi } from "../../src/host/extension.ts";
import { closeAllEditors, completeIn, setUpModelServers, setUserSetting, waitFor } from "./helpers.ts";
import type { ModelServers } from "./helpers.ts";

suite("Other AI tools' ignore files keep what they cover local", () => {
  let cloud: ChatTwin;
  let api: JunctionApi;
  let servers: ModelServers;

  suiteSetup(async () => {
    servers = await setUpModelServers();
    ({ cloud, api } = servers);
  });

  suiteTeardown(() => servers.tearDown());

  setup(async () => {
    await closeAllEditors();
    servers.ollama.reset();
    cloud.reset();
    servers.ollama.script({ path: "/api/generate", reply: "return name;" });
    cloud.script({ path: "/v1/chat/completions", reply: "return `Hi ${name}`;" });
  });

  const cloudRequests = () => cloud.requests.filter((request) => request.path === "/v1/chat/completions");

  test("control: an uncovered file of the folder goes to the cloud", async () => {
    const { row } = await completeIn(api, AI_IGNORE_FOLDER, "src/open.ts");
    assert.equal(row.target, "cloud", row.reasons.join("; "));
    assert.equal(cloudRequests().length, 1);
  });

  for (const { file, covered, pattern } of AI_IGNORE_CASES) {
    test(`${file} keeps ${covered} local and the reason names its line`, async () => {
      const { row } = await completeIn(api, AI_IGNORE_FOLDER, covered);
      assert.equal(row.target, "local", row.reasons.join("; "));
      assert.ok(
        row.reasons.some((reason) => reason.includes(`matches ${pattern} in ${file}, line 2`)),
        row.reasons.join("; "),
      );
      assert.equal(cloudRequests().length, 0);
    });
  }

  test("a negation in .cursorignore takes its own pattern back: app/allowed.ts goes to the cloud", async () => {
    const { row } = await completeIn(api, AI_IGNORE_FOLDER, "app/allowed.ts");
    assert.equal(row.target, "cloud", row.reasons.join("; "));
  });

  test("an empty nested .aiexclude keeps its whole directory local", async () => {
    const { row } = await completeIn(api, AI_IGNORE_FOLDER, "vendor/lib.ts");
    assert.equal(row.target, "local", row.reasons.join("; "));
    assert.ok(
      row.reasons.some((reason) => reason.includes("vendor/.aiexclude is empty")),
      row.reasons.join("; "),
    );
    assert.equal(cloudRequests().length, 0);
  });

  test("with junction.privacy.aiIgnoreFiles off (user settings), the ignore files no longer count", async () => {
    const restore = await setUserSetting("privacy.aiIgnoreFiles", false);
    try {
      await waitFor("the setting to reach Junction", () => api.effectiveSettings()["privacy.aiIgnoreFiles"] === false);
      const { row } = await completeIn(api, AI_IGNORE_FOLDER, "src/payroll.ts");
      assert.equal(row.target, "cloud", row.reasons.join("; "));
    } finally {
      await restore();
    }
  });
});
