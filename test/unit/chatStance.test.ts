// What VS Code's chat shows of "Junction (routed)": where the next request goes, how much it may
// send, and whether it serves Agent mode, as codes (chatStanceWords.test.ts pins the English).
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  AGENT_MIN_CONTEXT_TOKENS,
  CLOUD_CHAT_MAX_OUTPUT_TOKENS,
  UNKNOWN_CLOUD_CONTEXT_TOKENS,
  agentConcerns,
  chatStance,
  localChatBudget,
} from "../../src/core/chat/chatStance.ts";
import type { ChatStanceInput } from "../../src/core/chat/chatStance.ts";
import { planChat } from "../../src/core/models/localContext.ts";
import { CLOUD_MODEL, LOCAL_MODEL, aLocalModel } from "./chatFixtures.ts";

function anInput(overrides: Partial<ChatStanceInput> = {}): ChatStanceInput {
  return {
    trusted: true,
    folders: [{ name: "shop", cloudAllowed: true }],
    secretsPolicy: "redact",
    local: aLocalModel(),
    cloud: { usable: true, model: CLOUD_MODEL, contextTokens: 1_000_000 },
    ...overrides,
  };
}

test("a private workspace: local, the local window's size, and the reason in the detail", () => {
  const stance = chatStance(
    anInput({
      folders: [
        { name: "shop", cloudAllowed: false },
        { name: "billing", cloudAllowed: false },
      ],
    }),
  );
  assert.equal(stance.target, "local");
  assert.deepEqual(stance.detail, { code: "local", available: true, why: "private-workspace" });
  assert.equal(stance.cloudAllowed, false);
  assert.deepEqual(stance.privacyReasons, [{ code: "chat-no-folder-allows-cloud", folders: ["shop", "billing"] }]);
  assert.deepEqual({ maxInputTokens: stance.maxInputTokens, maxOutputTokens: stance.maxOutputTokens }, localChatBudget(32_768));
});

test("an untrusted workspace, and one with no folder open, are local", () => {
  assert.deepEqual(chatStance(anInput({ trusted: false })).detail, { code: "local", available: true, why: "untrusted-workspace" });
  const none = chatStance(anInput({ folders: [] }));
  assert.deepEqual(none.detail, { code: "local", available: true, why: "private-workspace" });
  assert.equal(none.cloudAllowed, false);
  assert.deepEqual(chatStance(anInput({ trusted: false })).privacyReasons, [{ code: "chat-untrusted" }]);
  assert.deepEqual(none.privacyReasons, [{ code: "chat-no-folder" }]);
});

test("where the cloud is allowed: the detail says secrets are redacted and the window is the cloud model's catalog window", () => {
  const stance = chatStance(anInput());
  assert.equal(stance.target, "cloud");
  assert.deepEqual(stance.detail, { code: "cloud", secretsPolicy: "redact" });
  assert.deepEqual(stance.tooltip, { code: "cloud", localModel: LOCAL_MODEL, cloudModel: CLOUD_MODEL, secretsPolicy: "redact", privateFolders: false });
  assert.equal(stance.maxInputTokens, 1_000_000 - CLOUD_CHAT_MAX_OUTPUT_TOKENS);
  assert.equal(stance.toolCalling, true);
  assert.deepEqual(chatStance(anInput({ secretsPolicy: "route-local" })).detail, { code: "cloud", secretsPolicy: "route-local" });
  assert.equal(
    chatStance(anInput({ cloud: { usable: true, model: "team-model", contextTokens: undefined } })).maxInputTokens,
    UNKNOWN_CLOUD_CONTEXT_TOKENS - CLOUD_CHAT_MAX_OUTPUT_TOKENS,
  );
});

test("a mixed workspace allows the cloud, and says that private folders' files keep a request local", () => {
  const stance = chatStance(
    anInput({
      folders: [
        { name: "oss", cloudAllowed: true },
        { name: "billing", cloudAllowed: false },
      ],
    }),
  );
  assert.equal(stance.target, "cloud");
  assert.deepEqual(stance.tooltip, { code: "cloud", localModel: LOCAL_MODEL, cloudModel: CLOUD_MODEL, secretsPolicy: "redact", privateFolders: true });
});

test("allowed but no cloud model set up: local, and it says why", () => {
  const stance = chatStance(anInput({ cloud: { usable: false, model: "", contextTokens: undefined } }));
  assert.deepEqual(stance.detail, { code: "local", available: true, why: "no-cloud-model" });
  assert.equal(stance.cloudAllowed, true, "privacy would allow it");
});

test("an unavailable local model is said so in the detail, with the fix in the tooltip", () => {
  const stance = chatStance(
    anInput({ trusted: false, local: aLocalModel({ available: false, problem: "Nothing answers at http://127.0.0.1:11434. Start Ollama." }) }),
  );
  assert.deepEqual(stance.detail, { code: "local", available: false, why: "untrusted-workspace" });
  assert.deepEqual(stance.tooltip, {
    code: "local",
    localModel: LOCAL_MODEL,
    window: 32_768,
    available: false,
    problem: "Nothing answers at http://127.0.0.1:11434. Start Ollama.",
    agentConcerns: [],
  });
});

test("the local budget leaves the answer's share free, and planChat agrees a full prompt still fits", () => {
  for (const window of [2_048, 8_192, 32_768, 131_072]) {
    const budget = localChatBudget(window);
    assert.ok(budget.maxOutputTokens <= window / 4);
    assert.deepEqual(planChat(window, budget.maxInputTokens, budget.maxOutputTokens), { maxTokens: budget.maxOutputTokens }, String(window));
  }
});

test("Agent mode needs a local model that calls tools, runs here and has a large enough window", () => {
  assert.deepEqual(agentConcerns(aLocalModel(), AGENT_MIN_CONTEXT_TOKENS), []);
  assert.deepEqual(agentConcerns(aLocalModel({ capabilities: ["completion", "insert"] }), 32_768), ["no-tools"]);
  assert.deepEqual(agentConcerns(aLocalModel({ capabilities: undefined }), 32_768), ["tools-unknown"]);
  assert.deepEqual(agentConcerns(aLocalModel({ remote: true }), 8_192), ["small-window", "remote"]);
});

test("a local model that cannot do Agent mode is offered for Ask only, and the tooltip says what to change", () => {
  const small = chatStance(anInput({ trusted: false, local: aLocalModel({ window: 8_192 }) }));
  assert.equal(small.toolCalling, false);
  assert.deepEqual(small.tooltip, { code: "local", localModel: LOCAL_MODEL, window: 8_192, available: true, agentConcerns: ["small-window"] });
  const noTools = chatStance(anInput({ trusted: false, local: aLocalModel({ capabilities: ["completion"] }) }));
  assert.equal(noTools.toolCalling, false);
  assert.deepEqual(noTools.tooltip, { code: "local", localModel: LOCAL_MODEL, window: 32_768, available: true, agentConcerns: ["no-tools"] });
  const serves = chatStance(anInput({ trusted: false }));
  assert.equal(serves.toolCalling, true);
  assert.deepEqual(serves.tooltip, { code: "local", localModel: LOCAL_MODEL, window: 32_768, available: true, agentConcerns: [] });
});
