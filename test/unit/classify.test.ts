// classifyWorkspace and classifyFile (DESIGN §2): which folders and files may reach a cloud model,
// each decision with the evidence behind it, as codes (their words: privacyWords.test.ts).
// Uncertain ⇒ private.
import { test } from "node:test";
import assert from "node:assert/strict";
import { DEFAULT_LOCAL_ONLY_FILES } from "../../src/core/config.ts";
import { classifyFile, classifyWorkspace } from "../../src/core/privacy/classify.ts";
import type { FolderFacts, FolderPrivacy, WorkspaceFacts } from "../../src/core/privacy/classify.ts";
import { createLocalOnlyMatcher } from "../../src/core/privacy/localOnlyFiles.ts";

const MIT = `MIT License

Copyright (c) 2024 Jane Doe

Permission is hereby granted, free of charge, to any person obtaining a copy
of this software and associated documentation files (the "Software"), to deal
in the Software without restriction.`;

const PROPRIETARY = "Copyright (c) 2024 Acme Corporation. All rights reserved.\nNot for distribution.";

// ── builders ──

/** A folder that auto mode finds public: a GitHub remote and an MIT licence. */
function folder(overrides: Partial<FolderFacts> = {}): FolderFacts {
  return {
    name: "app",
    remotes: ["https://github.com/jane/app.git"],
    licenceText: MIT,
    mode: "auto",
    modeSource: "default",
    ...overrides,
  };
}

function workspace(overrides: Partial<WorkspaceFacts> = {}): WorkspaceFacts {
  return { folders: [folder()], trusted: true, privateRemotes: [], ...overrides };
}

/** Classifies a one-folder trusted workspace (unless overridden) and returns that folder. */
function classifyOne(facts: Partial<FolderFacts> = {}, space: Partial<WorkspaceFacts> = {}): FolderPrivacy {
  const result = classifyWorkspace(workspace({ folders: [folder(facts)], ...space }));
  const only = result.folders[0];
  assert.ok(only);
  return only;
}

function folderPrivacy(classification: FolderPrivacy["classification"]): FolderPrivacy {
  const cloudAllowed = classification === "public" || classification === "cloud-allowed";
  return { name: "app", classification, cloudAllowed, reasons: [] };
}

const defaults = createLocalOnlyMatcher(DEFAULT_LOCAL_ONLY_FILES);

// ── auto mode: public ──

test("auto: a public remote and an open-source licence make the folder public, with both as reasons", () => {
  const result = classifyOne();
  assert.equal(result.classification, "public");
  assert.equal(result.cloudAllowed, true);
  assert.deepEqual(result.reasons, [
    { code: "remote-public", remote: "github.com/jane/app" },
    { code: "licence-open-source", spdx: "MIT" },
  ]);
});

test("auto: every URL shape of a public remote counts", () => {
  for (const url of ["git@github.com:jane/app.git", "ssh://git@gitlab.com/jane/app.git", "https://codeberg.org/jane/app", "git@git.sr.ht:~jane/app"]) {
    assert.equal(classifyOne({ remotes: [url] }).classification, "public", url);
  }
});

test("auto: several remotes, all public, keep the folder public", () => {
  const result = classifyOne({ remotes: ["git@github.com:jane/app.git", "https://gitlab.com/mirror/app.git"] });
  assert.equal(result.classification, "public");
});

test("auto: the same remote listed twice (fetch and push) gives one reason", () => {
  const result = classifyOne({ remotes: ["git@github.com:jane/app.git", "https://github.com/jane/app.git"] });
  assert.deepEqual(
    result.reasons.filter((reason) => reason.code.startsWith("remote-")),
    [{ code: "remote-public", remote: "github.com/jane/app" }],
  );
});

// ── auto mode: private ──

test("auto: no git remote makes the folder private", () => {
  const result = classifyOne({ remotes: [] });
  assert.equal(result.classification, "private");
  assert.equal(result.cloudAllowed, false);
  assert.deepEqual(result.reasons[0], { code: "no-remote" });
});

test("auto: git that could not be read makes the folder private", () => {
  const result = classifyOne({ remotes: undefined });
  assert.equal(result.classification, "private");
  assert.deepEqual(result.reasons[0], { code: "remotes-unreadable" });
});

test("auto: a remote on an unknown host makes the folder private", () => {
  const result = classifyOne({ remotes: ["git@git.corp.example.com:team/app.git"] });
  assert.equal(result.classification, "private");
  assert.deepEqual(result.reasons[0], { code: "remote-unknown-host", remote: "git.corp.example.com/team/app", host: "git.corp.example.com" });
});

test("auto: a remote that is a local path makes the folder private", () => {
  const result = classifyOne({ remotes: ["/srv/git/app.git"] });
  assert.equal(result.classification, "private");
  assert.deepEqual(result.reasons[0], { code: "remote-unreadable" });
});

test("auto: a remote matching privateRemotes makes the folder private, naming the pattern", () => {
  const result = classifyOne({ remotes: ["git@github.com:acme/app.git"] }, { privateRemotes: ["github.com/acme/**"] });
  assert.equal(result.classification, "private");
  assert.deepEqual(result.reasons[0], { code: "remote-private-pattern", remote: "github.com/acme/app", pattern: "github.com/acme/**" });
});

test("auto: one private remote among public ones makes the folder private", () => {
  const result = classifyOne({ remotes: ["https://github.com/jane/app.git", "git@git.corp.example.com:team/app.git"] });
  assert.equal(result.classification, "private");
  assert.deepEqual(result.reasons[0], { code: "remote-unknown-host", remote: "git.corp.example.com/team/app", host: "git.corp.example.com" });
  assert.ok(result.reasons.some((reason) => reason.code === "remote-public" && reason.remote === "github.com/jane/app"));
});

test("auto: no licence file makes a folder with a public remote private", () => {
  const result = classifyOne({ licenceText: undefined });
  assert.equal(result.classification, "private");
  assert.deepEqual(result.reasons[0], { code: "licence-not-open-source", evidence: { code: "no-file" } });
});

test("auto: a proprietary licence makes a folder with a public remote private", () => {
  const result = classifyOne({ licenceText: PROPRIETARY });
  assert.equal(result.classification, "private");
  assert.deepEqual(result.reasons[0], { code: "licence-not-open-source", evidence: { code: "proprietary-terms", term: "all rights reserved" } });
});

test("auto: an empty licence file makes the folder private", () => {
  assert.equal(classifyOne({ licenceText: "" }).classification, "private");
});

test("auto: a private folder lists what made it private first, then the rest of the evidence", () => {
  const result = classifyOne({ licenceText: undefined });
  assert.deepEqual(result.reasons, [
    { code: "licence-not-open-source", evidence: { code: "no-file" } },
    { code: "remote-public", remote: "github.com/jane/app" },
  ]);
});

// ── credentials ──

test("credentials in a remote URL never appear in any reason", () => {
  const secrets = ["ghp_s3cretT0ken", "hunter2"];
  const remotes = [
    "https://alice:ghp_s3cretT0ken@github.com/jane/app.git",
    "ssh://deploy:hunter2@git.corp.example.com:22/team/app.git",
    "https://bob:hunter2@bad host/x",
    "deploy:hunter2@/not/a/remote",
  ];
  for (const mode of ["auto", "cloud-allowed"] as const) {
    const result = classifyWorkspace(workspace({ folders: [folder({ remotes, mode })], privateRemotes: ["github.com/jane/**", "git.corp.example.com/**"] }));
    const text = JSON.stringify(result);
    for (const secret of secrets) assert.doesNotMatch(text, new RegExp(secret), `${mode}: ${secret}`);
    assert.doesNotMatch(text, /alice|deploy|bob/, mode);
  }
});

// ── explicit modes ──

test("mode local-only makes even a public folder local-only, naming where the mode came from", () => {
  const result = classifyOne({ mode: "local-only", modeSource: "workspace" });
  assert.equal(result.classification, "local-only");
  assert.equal(result.cloudAllowed, false);
  assert.deepEqual(result.reasons, [{ code: "mode", mode: "local-only", source: "workspace" }]);
});

test("mode cloud-allowed allows the cloud for a folder auto would find private", () => {
  const result = classifyOne({ mode: "cloud-allowed", modeSource: "user", remotes: [], licenceText: undefined });
  assert.equal(result.classification, "cloud-allowed");
  assert.equal(result.cloudAllowed, true);
  assert.deepEqual(result.reasons, [{ code: "mode", mode: "cloud-allowed", source: "user" }]);
});

test("mode cloud-allowed does not override a remote matching privateRemotes: those are always private", () => {
  const result = classifyOne(
    { mode: "cloud-allowed", modeSource: "folder", remotes: ["git@github.com:acme/app.git"] },
    { privateRemotes: ["github.com/acme/**"] },
  );
  assert.equal(result.classification, "private");
  assert.equal(result.cloudAllowed, false);
  assert.deepEqual(result.reasons, [
    { code: "remote-private-pattern", remote: "github.com/acme/app", pattern: "github.com/acme/**" },
    { code: "mode-overridden-by-private-remote", mode: "cloud-allowed", source: "folder" },
  ]);
});

test("the default mode is named as the default in reasons", () => {
  const result = classifyOne({ mode: "local-only", modeSource: "default" });
  assert.deepEqual(result.reasons, [{ code: "mode", mode: "local-only", source: "default" }]);
});

// ── Workspace Trust ──

test("an untrusted workspace makes every folder local-only, whatever its mode", () => {
  const result = classifyWorkspace(
    workspace({
      trusted: false,
      folders: [folder({ name: "public" }), folder({ name: "forced", mode: "cloud-allowed", modeSource: "user" })],
    }),
  );
  assert.equal(result.trusted, false);
  for (const each of result.folders) {
    assert.equal(each.classification, "local-only", each.name);
    assert.equal(each.cloudAllowed, false, each.name);
    assert.deepEqual(each.reasons, [{ code: "workspace-untrusted" }]);
  }
});

test("a trusted workspace reports itself trusted", () => {
  assert.equal(classifyWorkspace(workspace()).trusted, true);
});

// ── multi-root ──

test("a workspace with a public and a private folder classifies each on its own facts, in order", () => {
  const result = classifyWorkspace(
    workspace({
      folders: [folder({ name: "oss-lib" }), folder({ name: "billing", remotes: ["git@github.com:acme/billing.git"], licenceText: PROPRIETARY })],
      privateRemotes: ["github.com/acme/**"],
    }),
  );
  assert.deepEqual(
    result.folders.map(({ name, classification, cloudAllowed }) => ({ name, classification, cloudAllowed })),
    [
      { name: "oss-lib", classification: "public", cloudAllowed: true },
      { name: "billing", classification: "private", cloudAllowed: false },
    ],
  );
});

test("a workspace without folders has no folder classifications", () => {
  assert.deepEqual(classifyWorkspace(workspace({ folders: [] })), { trusted: true, folders: [] });
});

// ── files ──

test("a file in a public folder, matching no local-only pattern and not git-ignored, may go to the cloud", () => {
  const result = classifyFile({ folder: folderPrivacy("public"), relativePath: "src/index.ts", gitIgnored: false }, defaults);
  assert.equal(result.cloudAllowed, true);
  assert.deepEqual(result.reasons, [
    { code: "folder", name: "app", classification: "public", evidence: [] },
    { code: "no-local-only-pattern" },
    { code: "not-git-ignored" },
  ]);
});

test("a file in a cloud-allowed folder may go to the cloud", () => {
  const result = classifyFile({ folder: folderPrivacy("cloud-allowed"), relativePath: "src/index.ts", gitIgnored: false }, defaults);
  assert.equal(result.cloudAllowed, true);
});

for (const classification of ["private", "local-only"] as const) {
  test(`a file in a ${classification} folder stays local`, () => {
    const result = classifyFile({ folder: folderPrivacy(classification), relativePath: "src/index.ts", gitIgnored: false }, defaults);
    assert.equal(result.cloudAllowed, false);
    assert.deepEqual(result.reasons, [{ code: "folder", name: "app", classification, evidence: [] }]);
  });
}

test("a file kept local by its folder carries the folder's evidence in its reasons", () => {
  const folder: FolderPrivacy = { ...folderPrivacy("private"), reasons: [{ code: "no-remote" }] };
  const result = classifyFile({ folder, relativePath: "src/index.ts", gitIgnored: false }, defaults);
  assert.deepEqual(result.reasons, [{ code: "folder", name: "app", classification: "private", evidence: [{ code: "no-remote" }] }]);
});

test("a file outside every workspace folder stays local", () => {
  const result = classifyFile({ folder: undefined, relativePath: "/tmp/notes.ts", gitIgnored: false }, defaults);
  assert.equal(result.cloudAllowed, false);
  assert.deepEqual(result.reasons, [{ code: "outside-workspace-folders" }]);
});

test("a file matching a local-only pattern stays local even in a public folder, naming the pattern", () => {
  const result = classifyFile({ folder: folderPrivacy("public"), relativePath: "config/.env.local", gitIgnored: false }, defaults);
  assert.equal(result.cloudAllowed, false);
  assert.deepEqual(result.reasons, [{ code: "local-only-pattern", pattern: ".env.*" }]);
});

test("a git-ignored file stays local even in a public folder", () => {
  const result = classifyFile({ folder: folderPrivacy("public"), relativePath: "dist/bundle.js", gitIgnored: true }, defaults);
  assert.equal(result.cloudAllowed, false);
  assert.deepEqual(result.reasons, [{ code: "git-ignored" }]);
});

test("a file kept local for several reasons names every one of them", () => {
  const result = classifyFile({ folder: folderPrivacy("private"), relativePath: "infra/secrets/db.yaml", gitIgnored: true }, defaults);
  assert.deepEqual(result.reasons, [
    { code: "folder", name: "app", classification: "private", evidence: [] },
    { code: "local-only-pattern", pattern: "**/secrets/**" },
    { code: "git-ignored" },
  ]);
});

test("a relative path that climbs out of its folder stays local", () => {
  const result = classifyFile({ folder: folderPrivacy("public"), relativePath: "../other/src/index.ts", gitIgnored: false }, defaults);
  assert.equal(result.cloudAllowed, false);
  assert.deepEqual(result.reasons, [{ code: "path-outside-folder", folder: "app" }]);
});

test("a file's Windows-style relative path is matched like a / path", () => {
  const result = classifyFile({ folder: folderPrivacy("public"), relativePath: "certs\\server.pem", gitIgnored: false }, defaults);
  assert.deepEqual(result.reasons, [{ code: "local-only-pattern", pattern: "*.pem" }]);
});

test("a public folder classified by classifyWorkspace feeds classifyFile directly", () => {
  const [publicFolder] = classifyWorkspace(workspace()).folders;
  assert.equal(classifyFile({ folder: publicFolder, relativePath: "src/app.ts", gitIgnored: false }, defaults).cloudAllowed, true);
  assert.equal(classifyFile({ folder: publicFolder, relativePath: "deploy/id_rsa", gitIgnored: false }, defaults).cloudAllowed, false);
});
