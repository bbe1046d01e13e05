// privacyWords.ts: the English of every privacy code, pinned. The classifier's tests assert codes;
// these sentences are what the status bar, Explain Route, the panel, the routing reasons and the
// settings report show, and the bundle keys (and the extension-host tests) depend on them.
import { test } from "node:test";
import assert from "node:assert/strict";
import { classifyFile, classifyWorkspace } from "../../src/core/privacy/classify.ts";
import type { FolderFacts } from "../../src/core/privacy/classify.ts";
import { detectLicence } from "../../src/core/privacy/licence.ts";
import { createLocalOnlyMatcher, validateLocalOnlyPatterns } from "../../src/core/privacy/localOnlyFiles.ts";
import type { PrivacyReason } from "../../src/core/privacy/privacyReasons.ts";
import {
  wordEndpointReason,
  wordLicenceEvidence,
  wordPatternProblem,
  wordPrivacyReason,
  wordPrivacyReasons,
  wordPrivacySettingProblem,
} from "../../src/words/privacyWords.ts";
import { mergeLocalOnlyFiles, mergePrivacyMode, mergeSecretsPolicy } from "../../src/core/privacy/settingLayers.ts";
import { endpointTrust } from "../../src/core/privacy/trustedEndpoints.ts";

const MIT = "MIT License\n\nPermission is hereby granted, free of charge, to any person obtaining a copy of this software.";

function folderWords(facts: Partial<FolderFacts>, privateRemotes: readonly string[] = [], trusted = true): string[] {
  const folder: FolderFacts = { name: "app", remotes: ["https://github.com/jane/app.git"], licenceText: MIT, mode: "auto", modeSource: "default", ...facts };
  const [only] = classifyWorkspace({ folders: [folder], trusted, privateRemotes }).folders;
  assert.ok(only);
  return wordPrivacyReasons(only.reasons);
}

// ── folders ──

test("a public folder's evidence: its remote and its licence", () => {
  assert.deepEqual(folderWords({}), ["remote github.com/jane/app is on a public host", "open-source licence MIT at the folder root"]);
});

test("a private folder's remote evidence, one sentence per kind of remote", () => {
  assert.deepEqual(folderWords({ remotes: [] }), ["no git remote, so nothing shows the code is public", "open-source licence MIT at the folder root"]);
  assert.equal(folderWords({ remotes: undefined })[0], "git remotes could not be read, so the folder is treated as private");
  assert.equal(folderWords({ remotes: ["/srv/git/app.git"] })[0], "a git remote is a local path or not a URL Junction can read");
  assert.equal(
    folderWords({ remotes: ["git@git.corp.example.com:team/app.git"] })[0],
    "remote git.corp.example.com/team/app is on git.corp.example.com, not a known public host",
  );
  assert.equal(
    folderWords({ remotes: ["git@github.com:acme/app.git"] }, ["github.com/acme/**"])[0],
    "remote github.com/acme/app matches junction.privacy.privateRemotes pattern github.com/acme/**",
  );
});

test("the licence evidence is quoted inside the folder's reason", () => {
  assert.equal(folderWords({ licenceText: undefined })[0], "no open-source licence at the folder root (no licence file was found, or it could not be read)");
  assert.equal(
    folderWords({ licenceText: "Copyright (c) 2024 Acme Corporation. All rights reserved." })[0],
    'no open-source licence at the folder root (the licence has proprietary terms ("all rights reserved") and no open-source grant)',
  );
});

test("the privacy mode names where it came from, and a private remote overrides cloud-allowed", () => {
  assert.deepEqual(folderWords({ mode: "local-only", modeSource: "default" }), ['junction.privacy.mode is "local-only" (the default)']);
  assert.deepEqual(folderWords({ mode: "local-only", modeSource: "user" }), ['junction.privacy.mode is "local-only" (user settings)']);
  assert.deepEqual(folderWords({ mode: "local-only", modeSource: "workspace" }), ['junction.privacy.mode is "local-only" (workspace settings)']);
  assert.deepEqual(folderWords({ mode: "cloud-allowed", modeSource: "folder" }), ['junction.privacy.mode is "cloud-allowed" (folder settings)']);
  assert.deepEqual(folderWords({ mode: "cloud-allowed", modeSource: "folder", remotes: ["git@github.com:acme/app.git"] }, ["github.com/acme/**"]), [
    "remote github.com/acme/app matches junction.privacy.privateRemotes pattern github.com/acme/**",
    'junction.privacy.mode is "cloud-allowed" (folder settings), but a private remote wins',
  ]);
});

test("an untrusted workspace says Workspace Trust", () => {
  assert.deepEqual(folderWords({}, [], false), ["Workspace Trust: this workspace is not trusted"]);
});

// ── licences ──

test("every licence evidence has its sentence", () => {
  const cases: Array<[string | undefined, string]> = [
    [undefined, "no licence file was found, or it could not be read"],
    [" \n", "the licence file is empty"],
    ["TODO: pick a licence", "the licence text is not a recognised open-source licence"],
    [MIT, "the licence text is MIT"],
    ["Proprietary and confidential.\n\n" + MIT, 'the licence mentions MIT but also "proprietary and confidential", so it is not clearly open source'],
    ["SPDX-License-Identifier: MIT", "the licence file declares SPDX-License-Identifier: MIT"],
    ["SPDX-License-Identifier: LicenseRef-Proprietary", "the SPDX-License-Identifier LicenseRef-Proprietary is not an open-source licence"],
  ];
  for (const [text, words] of cases) assert.equal(wordLicenceEvidence(detectLicence(text).reason), words, String(text));
});

test("several recognised licences are joined with and; one not counted as open source is named", () => {
  assert.equal(wordLicenceEvidence({ code: "recognised", ids: ["MIT", "Apache-2.0", "ISC"] }), "the licence text is MIT and Apache-2.0 and ISC");
  assert.equal(
    wordLicenceEvidence({ code: "recognised-not-open-source", spdx: "MIT AND SSPL-1.0" }),
    "the licence text is MIT AND SSPL-1.0, which is not counted as open source",
  );
});

test("a long SPDX expression that is not open source is clipped in the sentence, never in the data", () => {
  const expression = `LicenseRef-${"x".repeat(100)}`;
  const licence = detectLicence(`SPDX-License-Identifier: ${expression}`);
  assert.deepEqual(licence.reason, { code: "spdx-not-open-source", expression });
  assert.equal(wordLicenceEvidence(licence.reason), `the SPDX-License-Identifier ${expression.slice(0, 77)}... is not an open-source licence`);
});

// ── files ──

const publicFolder = { name: "app", classification: "public" as const, cloudAllowed: true, reasons: [] };
const defaults = createLocalOnlyMatcher([".env", "*.pem"]);

test("a file that may go to the cloud says why, link included", () => {
  assert.deepEqual(wordPrivacyReasons(classifyFile({ folder: publicFolder, relativePath: "src/app.ts", gitIgnored: false }, defaults).reasons), [
    "folder app is public",
    "matches no local-only pattern",
    "not ignored by git",
  ]);
  const linked = classifyFile({ folder: publicFolder, relativePath: "src/app.ts", gitIgnored: false, openedAs: "app-link.ts" }, defaults);
  assert.deepEqual(wordPrivacyReasons(linked.reasons), [
    "folder app is public",
    "opened through a symbolic link to src/app.ts",
    "matches no local-only pattern",
    "not ignored by git",
  ]);
});

test("a file kept local names each fact: pattern, git, outside its folder", () => {
  const kept = classifyFile({ folder: publicFolder, relativePath: "certs/server.pem", gitIgnored: true }, defaults);
  assert.deepEqual(wordPrivacyReasons(kept.reasons), ["matches junction.privacy.localOnlyFiles pattern *.pem", "ignored by git"]);
  assert.deepEqual(wordPrivacyReasons(classifyFile({ folder: undefined, relativePath: "/tmp/x", gitIgnored: false }, defaults).reasons), [
    "the file is outside every workspace folder",
  ]);
  assert.deepEqual(wordPrivacyReasons(classifyFile({ folder: publicFolder, relativePath: "../x.ts", gitIgnored: false }, defaults).reasons), [
    "the path is not inside folder app",
  ]);
});

test("a file in a private folder carries the folder's evidence, worded inside its own sentence", () => {
  const [billing] = classifyWorkspace({
    folders: [{ name: "billing", remotes: [], licenceText: undefined, mode: "auto", modeSource: "default" }],
    trusted: true,
    privateRemotes: [],
  }).folders;
  const file = classifyFile({ folder: billing, relativePath: "src/tax.ts", gitIgnored: false }, defaults);
  assert.deepEqual(wordPrivacyReasons(file.reasons), [
    "folder billing is private (no git remote, so nothing shows the code is public; no open-source licence at the folder root (no licence file was found, or it could not be read))",
  ]);
  for (const classification of ["public", "private", "local-only", "cloud-allowed"] as const) {
    assert.equal(wordPrivacyReason({ code: "folder", name: "app", classification, evidence: [] }), `folder app is ${classification}`);
    assert.equal(
      wordPrivacyReason({ code: "folder", name: "app", classification, evidence: [{ code: "workspace-untrusted" }, { code: "no-remote" }] }),
      `folder app is ${classification} (Workspace Trust: this workspace is not trusted; no git remote, so nothing shows the code is public)`,
    );
  }
});

test("another AI tool's ignore file is named with its pattern and line, or as empty", () => {
  const matched = classifyFile(
    { folder: publicFolder, relativePath: "data/customers.csv", gitIgnored: false, aiIgnored: { file: "data/.cursorignore", line: 4, pattern: "*.csv" } },
    defaults,
  );
  assert.deepEqual(wordPrivacyReasons(matched.reasons), ["matches *.csv in data/.cursorignore, line 4"]);
  const empty = classifyFile(
    { folder: publicFolder, relativePath: "vendor/lib.ts", gitIgnored: false, aiIgnored: { file: "vendor/.aiexclude", line: 0, pattern: "" } },
    defaults,
  );
  assert.deepEqual(wordPrivacyReasons(empty.reasons), ["vendor/.aiexclude is empty, which keeps everything below it away from AI tools"]);
});

test("a real path that cannot be trusted says what is wrong with it", () => {
  const words = (realPathProblem: Parameters<typeof classifyFile>[0]["realPathProblem"]) =>
    wordPrivacyReasons(classifyFile({ folder: publicFolder, relativePath: "notes.txt", gitIgnored: false, realPathProblem }, defaults).reasons);
  assert.deepEqual(words({ kind: "outside-folder", realPath: "/home/me/.ssh/id_rsa" }), [
    "a symbolic link leads out of folder app (the real file is /home/me/.ssh/id_rsa)",
  ]);
  assert.deepEqual(words({ kind: "unresolved" }), ["its real path could not be resolved, so what the file is cannot be established"]);
  assert.deepEqual(words({ kind: "repository-unreadable", repository: "app/vendor/lib" }), [
    "the git repository app/vendor/lib that contains it could not be read",
  ]);
});

test("the host's file reasons: nested repository, not a file, a chat's outside file, unreadable privacy", () => {
  const reasons: PrivacyReason[] = [
    { code: "nested-repository", name: "app/vendor/lib" },
    { code: "not-a-file", scheme: "untitled" },
    { code: "outside-workspace-local-only-pattern", pattern: ".env" },
    { code: "privacy-unreadable" },
  ];
  assert.deepEqual(wordPrivacyReasons(reasons), [
    "the file belongs to the nested git repository app/vendor/lib",
    "the document is not a file on disk (untitled)",
    "outside every workspace folder, and matches the local-only pattern .env",
    "its privacy could not be read",
  ]);
});

// ── a chat conversation ──

test("a chat's privacy reasons, the named local-only file with its own reasons nested", () => {
  const reasons: PrivacyReason[] = [
    { code: "chat-untrusted" },
    { code: "chat-no-folder" },
    { code: "chat-no-folder-allows-cloud", folders: ["shop", "billing"] },
    { code: "chat-unchecked-files" },
    { code: "chat-names-local-only", path: ".env", reasons: [{ code: "local-only-pattern", pattern: ".env" }, { code: "git-ignored" }] },
    { code: "chat-holds-local-only-text", source: "billing/src/tax.ts" },
    { code: "chat-secret-missed", source: "aws-access-key" },
  ];
  assert.deepEqual(wordPrivacyReasons(reasons), [
    "the workspace is not trusted",
    "no folder is open, so nothing says the chat may leave the machine",
    "no workspace folder allows the cloud (shop, billing)",
    "it names more files than Junction checks",
    "it names .env, which is local-only (matches junction.privacy.localOnlyFiles pattern .env; ignored by git)",
    "it holds text of billing/src/tax.ts, which is local-only",
    "the egress guard found a secret in it that redaction missed (aws-access-key)",
  ]);
});

// ── the local server ──

test("the local server's trust, in each of its four sentences", () => {
  assert.equal(wordEndpointReason(endpointTrust("http://127.0.0.1:8000/v1", []).reason), "the local endpoint 127.0.0.1:8000 is on this machine");
  assert.equal(
    wordEndpointReason(endpointTrust("http://gpu-box.lan:8000/v1", []).reason),
    "the local endpoint gpu-box.lan:8000 is not on this machine and not listed in junction.privacy.trustedEndpoints, so private code is never sent to it",
  );
  assert.equal(
    wordEndpointReason(endpointTrust("http://gpu-box.lan:8000/v1", ["other", "gpu-box.lan"]).reason),
    'the local endpoint gpu-box.lan:8000 is listed in junction.privacy.trustedEndpoints ("gpu-box.lan")',
  );
  assert.equal(wordEndpointReason(endpointTrust("gpu box", ["*"]).reason), "the local endpoint gpu box is not a URL, so it is not trusted with private code");
});

// ── settings ──

test("each malformed local-only pattern is named with its index and what is wrong", () => {
  const problems = validateLocalOnlyPatterns(["*.pem", "", "# note", "!.env.example", "/", "../x", 42, "x".repeat(1_025)]);
  assert.deepEqual(problems.map(wordPatternProblem), [
    "junction.privacy.localOnlyFiles[1] is empty; it is skipped",
    'junction.privacy.localOnlyFiles[2] "# note" is a comment in gitignore syntax and matches nothing; write \\# for a name starting with #',
    'junction.privacy.localOnlyFiles[3] "!.env.example" is a negation; local-only patterns can only add files, never exempt them',
    'junction.privacy.localOnlyFiles[4] "/" names no file; it is skipped',
    'junction.privacy.localOnlyFiles[5] "../x" points outside the folder and matches nothing; it is skipped',
    "junction.privacy.localOnlyFiles[6] is not text (number); it is skipped",
    "junction.privacy.localOnlyFiles[7] is 1025 characters long; patterns longer than 1024 characters are skipped",
  ]);
  // The ignore package rejects few patterns; the sentence for one it does reject:
  assert.equal(
    wordPatternProblem({ index: 3, fault: { code: "invalid", text: "a[" } }),
    'junction.privacy.localOnlyFiles[3] "a[" is not a valid gitignore pattern; it is skipped',
  );
});

test("a privacy setting's problem is headed by its level and says what is used instead", () => {
  const mode = mergePrivacyMode({ workspace: "public" }, true).problems.map(wordPrivacySettingProblem);
  assert.equal(mode.length, 1);
  assert.equal(mode[0]?.key, "junction.privacy.mode");
  assert.match(mode[0]?.message ?? "", /^workspace settings: .*; using local-only$/s);

  const secrets = mergeSecretsPolicy({ folder: "ignore" }).problems.map(wordPrivacySettingProblem);
  assert.equal(secrets[0]?.key, "junction.privacy.secrets");
  assert.match(secrets[0]?.message ?? "", /^folder settings: .*; using route-local$/s);

  const notAList = mergeLocalOnlyFiles({ workspace: "*.env" }).problems.map(wordPrivacySettingProblem);
  assert.equal(notAList[0]?.key, "junction.privacy.localOnlyFiles");
  assert.match(notAList[0]?.message ?? "", /^workspace settings: .*; the defaults still apply$/s);

  const patterns = mergeLocalOnlyFiles({ user: ["!.env"] }).problems.map(wordPrivacySettingProblem);
  assert.deepEqual(patterns, [
    {
      key: "junction.privacy.localOnlyFiles",
      message: 'user settings: junction.privacy.localOnlyFiles[0] "!.env" is a negation; local-only patterns can only add files, never exempt them',
    },
  ]);
});

test("past five malformed patterns, the rest of a level are counted in one sentence", () => {
  assert.deepEqual(wordPrivacySettingProblem({ code: "local-only-patterns-more", layer: "folder", count: 1 }), {
    key: "junction.privacy.localOnlyFiles",
    message: "folder settings: 1 more malformed pattern is skipped",
  });
  const many = mergeLocalOnlyFiles({ workspace: Array.from({ length: 8 }, (_, index) => `!exempt-${index}`) }).problems.map(wordPrivacySettingProblem);
  assert.equal(many.length, 6);
  assert.equal(many[5]?.message, "workspace settings: 3 more malformed patterns are skipped");
});
