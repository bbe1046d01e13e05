// The English of what VS Code's chat shows of "Junction (routed)" (src/core/chat/chatStanceWords.ts):
// the picker's detail, its tooltip, and each reason a local model is offered for Ask mode only.
// chatStance.test.ts asserts the codes; this pins the sentences (the extension-host tests read the
// detail too: "local — private workspace").
import { test } from "node:test";
import assert from "node:assert/strict";
import { chatStance } from "../../src/core/chat/chatStance.ts";
import type { StanceDetail, StanceTooltip } from "../../src/core/chat/chatStance.ts";
import { wordAgentConcerns, wordStanceDetail, wordStanceTooltip } from "../../src/words/chatStanceWords.ts";
import { CLOUD_MODEL, LOCAL_MODEL, aLocalModel } from "./chatFixtures.ts";

const DETAILS: [StanceDetail, string][] = [
  [{ code: "cloud", secretsPolicy: "redact" }, "cloud allowed — secrets redacted"],
  [{ code: "cloud", secretsPolicy: "route-local" }, "cloud allowed — secrets stay local"],
  [{ code: "local", available: true, why: "private-workspace" }, "local — private workspace"],
  [{ code: "local", available: true, why: "untrusted-workspace" }, "local — untrusted workspace"],
  [{ code: "local", available: true, why: "no-cloud-model" }, "local — no cloud model set up"],
  [{ code: "local", available: false, why: "untrusted-workspace" }, "local, unavailable — untrusted workspace"],
  [{ code: "local", available: false, why: "private-workspace" }, "local, unavailable — private workspace"],
];

for (const [detail, words] of DETAILS) {
  test(`the picker's detail "${words}"`, () => {
    assert.equal(wordStanceDetail(detail), words);
  });
}

const CLOUD_TOOLTIP: Extract<StanceTooltip, { code: "cloud" }> = {
  code: "cloud",
  localModel: LOCAL_MODEL,
  cloudModel: CLOUD_MODEL,
  secretsPolicy: "redact",
  privateFolders: false,
};
const CLOUD_LEAD = `Each request goes to ${LOCAL_MODEL} on this machine, or to ${CLOUD_MODEL} when it is too long or too hard for it; the reasons are in Junction's panel.`;

test("the cloud tooltip: where requests go, and that secrets are replaced by placeholders", () => {
  assert.equal(
    wordStanceTooltip(CLOUD_TOOLTIP),
    `${CLOUD_LEAD} What goes to the cloud has its secrets replaced by placeholders; a request that names or holds a local-only file stays on this machine.`,
  );
});

test("the cloud tooltip with secrets kept local, and with private folders", () => {
  assert.equal(
    wordStanceTooltip({ ...CLOUD_TOOLTIP, secretsPolicy: "route-local", privateFolders: true }),
    `${CLOUD_LEAD} A request that holds a secret, or names or holds a local-only file, stays on this machine. Files of the private folders keep a request local.`,
  );
});

const LOCAL_TOOLTIP: Extract<StanceTooltip, { code: "local" }> = { code: "local", localModel: LOCAL_MODEL, window: 32_768, available: true, agentConcerns: [] };
const LOCAL_LEAD = `Every request goes to ${LOCAL_MODEL} on this machine (32768-token window).`;

test("the local tooltip of a model that serves Agent mode", () => {
  assert.equal(wordStanceTooltip(LOCAL_TOOLTIP), `${LOCAL_LEAD} It can call tools, so it serves Agent mode.`);
});

test("the local tooltip of an unavailable model: the host's problem, or that it is unavailable", () => {
  const problem = "Nothing answers at http://127.0.0.1:11434. Start Ollama.";
  assert.equal(wordStanceTooltip({ ...LOCAL_TOOLTIP, available: false, problem }), `${LOCAL_LEAD} ${problem} It can call tools, so it serves Agent mode.`);
  assert.equal(
    wordStanceTooltip({ ...LOCAL_TOOLTIP, available: false }),
    `${LOCAL_LEAD} The local model is unavailable. It can call tools, so it serves Agent mode.`,
  );
});

const CONCERNS = {
  "no-tools": `${LOCAL_MODEL} cannot call tools; choose a model whose capabilities include tools (such as qwen2.5-coder:7b-instruct or qwen3) in junction.local.refactorModel.`,
  "tools-unknown": `the server does not say whether ${LOCAL_MODEL} can call tools, so Junction does not offer it for Agent mode.`,
  "small-window": `Agent mode needs a window of at least 32768 tokens and ${LOCAL_MODEL} gets 8192; set junction.local.contextTokens to 32768 or more, if the model was trained on that much.`,
  remote: `${LOCAL_MODEL} does not run on this machine.`,
} as const;

for (const [concern, sentence] of Object.entries(CONCERNS) as [keyof typeof CONCERNS, string][]) {
  test(`the Agent-mode concern ${concern} says what to do`, () => {
    assert.deepEqual(wordAgentConcerns([concern], LOCAL_MODEL, 8_192), [sentence]);
  });
}

test("a model with several concerns is offered for Ask mode only, each concern a sentence", () => {
  assert.equal(
    wordStanceTooltip({ ...LOCAL_TOOLTIP, window: 8_192, agentConcerns: ["no-tools", "small-window"] }),
    `Every request goes to ${LOCAL_MODEL} on this machine (8192-token window). Ask mode only: ${CONCERNS["no-tools"]} ${CONCERNS["small-window"]}`,
  );
});

test("a stance worded: a private workspace with a small local window", () => {
  const stance = chatStance({
    trusted: true,
    folders: [{ name: "billing", cloudAllowed: false }],
    secretsPolicy: "redact",
    local: aLocalModel({ window: 8_192 }),
    cloud: { usable: true, model: CLOUD_MODEL, contextTokens: 1_000_000 },
  });
  assert.equal(wordStanceDetail(stance.detail), "local — private workspace");
  assert.match(wordStanceTooltip(stance.tooltip), /Ask mode only: .*junction\.local\.contextTokens to 32768/);
});
