// The core in a second language. Activation hands @vscode/l10n the bundle VS Code loaded for the
// display language; here a pseudo-locale made from the shipped English bundle (every message
// wrapped in ⟦ ⟧, placeholders kept) stands in for a translation. Routing and privacy reasons,
// settings problems, the chat model's detail and tooltip, refusals of a model's answer and failed model requests must then all come out of that bundle: an
// English sentence built outside l10n.t would show up unwrapped.
import { before, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import * as l10n from "@vscode/l10n";
import { chatStance } from "../../src/core/chat/chatStance.ts";
import { wordAgentConcerns, wordStanceDetail, wordStanceTooltip } from "../../src/words/chatStanceWords.ts";
import { parseConfig } from "../../src/core/config.ts";
import { wordSettingProblems } from "../../src/words/settingsWords.ts";
import { classifyFile, classifyWorkspace } from "../../src/core/privacy/classify.ts";
import { createLocalOnlyMatcher } from "../../src/core/privacy/localOnlyFiles.ts";
import { mergeLocalOnlyFiles, mergePrivacyMode } from "../../src/core/privacy/settingLayers.ts";
import { endpointTrust } from "../../src/core/privacy/trustedEndpoints.ts";
import { wordEndpointReason, wordPrivacyReasons, wordPrivacySettingProblem } from "../../src/words/privacyWords.ts";
import type { ProviderProblem } from "../../src/core/errors.ts";
import { wordProviderProblem, wordServer } from "../../src/words/providerWords.ts";
import { parseRefactorEdits } from "../../src/core/refactor/editFormat.ts";
import { refactorErrorDetail } from "../../src/words/refactorWords.ts";
import { route } from "../../src/core/routing/router.ts";
import type { RouteContext, RouteRequest } from "../../src/core/routing/router.ts";
import { wordRouteAction, wordRouteReasons } from "../../src/words/routeWords.ts";

type Bundle = Record<string, string | { message: string; comment?: string[] }>;

const english = JSON.parse(readFileSync(new URL("../../l10n/bundle.l10n.json", import.meta.url), "utf8")) as Bundle;

/** "⟦" + message + "⟧" for every key: a translation that can be told from English at a glance. */
function pseudoLocale(bundle: Bundle): Record<string, string> {
  return Object.fromEntries(Object.entries(bundle).map(([key, entry]) => [key, `⟦${typeof entry === "string" ? entry : entry.message}⟧`]));
}

/** Translated: the whole text is one message of the bundle (its values may be messages too). */
function assertTranslated(text: string): void {
  assert.match(text, /^⟦[\s\S]*⟧$/, `not from the bundle: ${JSON.stringify(text)}`);
}

/** Sentences joined by spaces: outside the bundle's messages (⟦ … ⟧, nested or not) there is only the spaces. */
function assertSentencesTranslated(text: string): void {
  let depth = 0;
  let outside = "";
  for (const char of text) {
    if (char === "⟦") depth += 1;
    else if (char === "⟧") depth -= 1;
    else if (depth === 0) outside += char;
  }
  assert.equal(depth, 0, `unbalanced: ${JSON.stringify(text)}`);
  assert.match(outside, /^ *$/, `not from the bundle: ${JSON.stringify(text)}`);
  assert.match(text, /^⟦/);
}

before(() => {
  l10n.config({ contents: pseudoLocale(english) });
});

const CONTEXT: RouteContext = {
  trusted: true,
  completionRoute: "local",
  cloudThreshold: 0.6,
  secretsPolicy: "redact",
  local: { available: true, model: "qwen2.5-coder:7b-instruct", endpoint: "http://127.0.0.1:11434", contextTokens: 32_768, remote: false },
  cloud: {
    available: true,
    configured: true,
    model: "gpt-4.1",
    price: {
      matchedId: "gpt-4.1",
      source: "catalog",
      date: "2026-09-23",
      rates: { inputUsdPerMTok: 2, outputUsdPerMTok: 8 },
      tiered: false,
      contextTokens: undefined,
    },
  },
  budget: { sessionUsd: 2, sessionSpentUsd: 0, monthlyUsd: 30, monthSpentUsd: 0 },
};

function multiFileRefactor(cloudAllowed: boolean): RouteRequest {
  const file = (path: string, role: "edited" | "context") => ({
    path,
    role,
    cloudAllowed,
    privacyReasons: cloudAllowed
      ? []
      : [{ code: "folder" as const, name: "billing", classification: "private" as const, evidence: [{ code: "no-remote" as const }] }],
    tokens: 1_000,
    secrets: 0,
  });
  return {
    kind: "multi-file refactor",
    files: [file("src/cart.ts", "edited"), file("src/checkout.ts", "edited"), file("src/types.ts", "context"), file("src/money.ts", "context")],
    instruction: "move the tax rules out of the cart",
    instructionTokens: 50,
    selectionTokens: 200,
    crossFileReferences: 3,
    maxOutputTokens: 2_000,
    override: "cloud",
  };
}

test("the pseudo-locale is the shipped bundle, so a key missing from it would stay English", () => {
  assert.ok(Object.keys(english).length > 300, "the bundle holds the core's messages as well as the host's");
  assert.equal(l10n.t("failed: {0}", "x"), "⟦failed: x⟧");
});

test("every routing reason and the refusal come from the bundle: private code forced to the cloud", () => {
  const decision = route(multiFileRefactor(false), CONTEXT);
  assert.equal(decision.target, "local");
  assert.ok(decision.reasons.length >= 3);
  for (const reason of wordRouteReasons(decision.reasons)) assertTranslated(reason);
  for (const reason of wordRouteReasons(decision.privacyReasons)) assertTranslated(reason);
  assert.ok(
    wordRouteReasons(decision.reasons).some((reason) => reason.includes("src/cart.ts")),
    "the values are still filled in",
  );
});

test("a cloud route over budget is explained from the bundle, including the budget and complexity reasons", () => {
  const decision = route(multiFileRefactor(true), { ...CONTEXT, budget: { sessionUsd: 0.01, sessionSpentUsd: 0.009, monthlyUsd: 30, monthSpentUsd: 0 } });
  for (const reason of wordRouteReasons(decision.reasons)) assertTranslated(reason);
  if (decision.action !== undefined) assertTranslated(wordRouteAction(decision.action));
});

test("folder classification reasons come from the bundle: private, public and untrusted", () => {
  const mit = "MIT License\n\nPermission is hereby granted, free of charge, to any person obtaining a copy of this software.";
  const folders = [
    { name: "billing", remotes: [], licenceText: undefined, mode: "auto" as const, modeSource: "default" as const },
    { name: "shop", remotes: ["https://github.com/jane/shop.git"], licenceText: mit, mode: "auto" as const, modeSource: "default" as const },
  ];
  for (const trusted of [true, false]) {
    const result = classifyWorkspace({ folders, trusted, privateRemotes: [] });
    for (const folder of result.folders) {
      assert.ok(folder.reasons.length > 0);
      for (const reason of wordPrivacyReasons(folder.reasons)) assertTranslated(reason);
    }
  }
});

test("file, local server and privacy settings reasons come from the bundle, nested evidence too", () => {
  const [billing] = classifyWorkspace({
    folders: [{ name: "billing", remotes: [], licenceText: undefined, mode: "auto", modeSource: "default" }],
    trusted: true,
    privateRemotes: [],
  }).folders;
  const file = classifyFile(
    { folder: billing, relativePath: "config/.env", gitIgnored: true, aiIgnored: { file: ".aiexclude", line: 2, pattern: "config/" } },
    createLocalOnlyMatcher([".env"]),
  );
  const worded = wordPrivacyReasons(file.reasons);
  assert.equal(worded.length, 4);
  for (const reason of worded) assertTranslated(reason);
  assert.match(worded[0] ?? "", /^⟦folder billing is private \(⟦no git remote, so nothing shows the code is public⟧; ⟦no open-source licence/);
  for (const endpoint of ["http://127.0.0.1:11434", "http://gpu-box.lan:8000", "not a url"])
    assertTranslated(wordEndpointReason(endpointTrust(endpoint, []).reason));
  const problems = [...mergePrivacyMode({ workspace: "public" }, true).problems, ...mergeLocalOnlyFiles({ folder: ["", "!x"] }).problems];
  assert.equal(problems.length, 3);
  for (const problem of problems) assertTranslated(wordPrivacySettingProblem(problem).message);
});

test("a bad setting's problem comes from the bundle (zod keeps only its ✖ bullet)", () => {
  const { problems } = parseConfig({ "privacy.localOnlyFiles": ["fixtures/**", ""], "cloud.endpoint": "file:///etc", "budget.sessionUsd": -1 });
  assert.deepEqual(problems.map((problem) => problem.key).sort(), ["junction.budget.sessionUsd", "junction.cloud.endpoint", "junction.privacy.localOnlyFiles"]);
  for (const problem of wordSettingProblems(problems)) assertTranslated(problem.message.replace(/^✖ /, ""));
});

test("a model answer that edits a file outside the request is refused in the user's language", () => {
  const answer = ["<<<<<<< FILE ../outside.ts", "<<<<<<< SEARCH", "a", "=======", "b", ">>>>>>> REPLACE"].join("\n");
  const result = parseRefactorEdits(answer, { files: ["src/cart.ts"] });
  assert.equal(result.ok, false);
  if (!result.ok) assertTranslated(refactorErrorDetail(result.error));
});

test("a failed model request and the server's label are worded from the bundle; a server's own text stays as it came", () => {
  const endpoint = "http://127.0.0.1:11434";
  const ours: ProviderProblem[] = [
    { code: "timeout", endpoint },
    { code: "cancelled" },
    { code: "unreachable", endpoint },
    { code: "model-not-served", model: "m", endpoint, served: ["a"] },
    { code: "model-not-served", model: "m", endpoint, served: [] },
    { code: "egress-refused", rule: "secret", source: "github-pat" },
    { code: "model-is-remote", model: "m" },
    { code: "model-lacks-insert", model: "m" },
    { code: "prompt-too-long", model: "m", promptTokens: 2, windowTokens: 1 },
    { code: "pull-unfinished", model: "m" },
    { code: "no-cloud-key" },
    { code: "conversation-over-window" },
    { code: "no-chat-with-tools" },
  ];
  for (const problem of ours) assertTranslated(wordProviderProblem(problem));
  assert.equal(wordProviderProblem({ code: "server-said", text: "boom" }), "boom");
  assertTranslated(wordServer({ product: "openai-compatible", version: undefined }));
  assert.equal(wordServer({ product: "ollama", version: undefined }), "Ollama ⟦unknown⟧");
});

test("the chat model's detail, tooltip and Agent-mode concerns come from the bundle", () => {
  const local = { model: "qwen2.5-coder:7b-instruct", available: false, remote: false, window: 8_192, capabilities: ["completion"] };
  for (const trusted of [true, false]) {
    for (const cloudAllowed of [true, false]) {
      const stance = chatStance({
        trusted,
        folders: [{ name: "shop", cloudAllowed }],
        secretsPolicy: "redact",
        local,
        cloud: { usable: true, model: "gpt-4.1", contextTokens: undefined },
      });
      assertTranslated(wordStanceDetail(stance.detail));
      assertSentencesTranslated(wordStanceTooltip(stance.tooltip));
    }
  }
  for (const sentence of wordAgentConcerns(["no-tools", "tools-unknown", "small-window", "remote"], local.model, local.window)) assertTranslated(sentence);
});
