// mergePrivacyMode, mergeSecretsPolicy, mergeLocalOnlyFiles (DESIGN §2): "workspace settings can
// only tighten privacy". Each setting is merged from the user, workspace and folder layers that
// inspect() reports, so the strictest explicitly set value wins and a bad value is the safe one.
import { test } from "node:test";
import assert from "node:assert/strict";
import { DEFAULT_LOCAL_ONLY_FILES } from "../../src/core/config.ts";
import { mergeLocalOnlyFiles, mergePrivacyMode, mergeSecretsPolicy } from "../../src/core/privacy/settingLayers.ts";
import type { SettingLayers } from "../../src/core/privacy/settingLayers.ts";
import type { PrivacySettingProblem } from "../../src/core/privacy/privacyReasons.ts";

// ── builders ──

/** Only the layers given are explicitly set; the others are undefined, as inspect() reports them. */
function layers(values: SettingLayers = {}): SettingLayers {
  return { ...values };
}

/**
 * A problem's code and layer; zod's description of the bad value must be there, but its words are
 * zod's (privacyWords.test.ts pins the sentence the problem becomes).
 */
function withoutIssues(problem: PrivacySettingProblem | undefined): Pick<PrivacySettingProblem, "code" | "layer"> | undefined {
  if (problem === undefined) return undefined;
  assert.ok("issues" in problem && problem.issues.trim() !== "", "zod's description of the bad value");
  return { code: problem.code, layer: problem.layer };
}

const TRUSTED = true;
const UNTRUSTED = false;

// ── junction.privacy.mode ──

test("with no layer set, the mode is auto from the default, with nothing to report", () => {
  assert.deepEqual(mergePrivacyMode(layers(), TRUSTED), { mode: "auto", source: "default", notes: [], problems: [] });
});

test("a single explicitly set value is used and its layer named as the source", () => {
  assert.deepEqual(mergePrivacyMode(layers({ user: "cloud-allowed" }), TRUSTED), { mode: "cloud-allowed", source: "user", notes: [], problems: [] });
  assert.deepEqual(mergePrivacyMode(layers({ workspace: "local-only" }), TRUSTED), { mode: "local-only", source: "workspace", notes: [], problems: [] });
  assert.deepEqual(mergePrivacyMode(layers({ folder: "auto" }), TRUSTED), { mode: "auto", source: "folder", notes: [], problems: [] });
});

test("the strictest explicitly set value wins: local-only over auto over cloud-allowed", () => {
  assert.equal(mergePrivacyMode(layers({ user: "cloud-allowed", workspace: "auto" }), TRUSTED).mode, "auto");
  assert.equal(mergePrivacyMode(layers({ user: "cloud-allowed", folder: "local-only" }), TRUSTED).mode, "local-only");
  assert.equal(mergePrivacyMode(layers({ user: "local-only", workspace: "cloud-allowed", folder: "auto" }), TRUSTED).mode, "local-only");
  assert.equal(mergePrivacyMode(layers({ user: "auto", workspace: "cloud-allowed", folder: "cloud-allowed" }), TRUSTED).mode, "auto");
});

test("a more specific layer cannot loosen what the user set", () => {
  const merged = mergePrivacyMode(layers({ user: "local-only", folder: "cloud-allowed" }), TRUSTED);
  assert.equal(merged.mode, "local-only");
  assert.equal(merged.source, "user");
});

test("when layers agree, the most specific one is named as the source", () => {
  assert.equal(mergePrivacyMode(layers({ user: "local-only", workspace: "local-only", folder: "local-only" }), TRUSTED).source, "folder");
  assert.equal(mergePrivacyMode(layers({ user: "auto", workspace: "auto" }), TRUSTED).source, "workspace");
});

test("cloud-allowed from workspace or folder settings counts in a trusted workspace", () => {
  assert.deepEqual(mergePrivacyMode(layers({ workspace: "cloud-allowed" }), TRUSTED), { mode: "cloud-allowed", source: "workspace", notes: [], problems: [] });
  assert.deepEqual(mergePrivacyMode(layers({ folder: "cloud-allowed" }), TRUSTED), { mode: "cloud-allowed", source: "folder", notes: [], problems: [] });
});

test("cloud-allowed from workspace or folder settings is ignored, with a note, in an untrusted workspace", () => {
  const merged = mergePrivacyMode(layers({ workspace: "cloud-allowed", folder: "cloud-allowed" }), UNTRUSTED);
  assert.equal(merged.mode, "auto");
  assert.equal(merged.source, "default");
  assert.equal(merged.notes.length, 2);
  assert.match(merged.notes[0] ?? "", /"cloud-allowed" in folder settings is ignored because the workspace is not trusted/);
  assert.match(merged.notes[1] ?? "", /"cloud-allowed" in workspace settings is ignored because the workspace is not trusted/);
  assert.deepEqual(merged.problems, []);
});

test("cloud-allowed from user settings counts in an untrusted workspace: the workspace cannot have set it", () => {
  const merged = mergePrivacyMode(layers({ user: "cloud-allowed" }), UNTRUSTED);
  assert.equal(merged.mode, "cloud-allowed");
  assert.equal(merged.source, "user");
  assert.deepEqual(merged.notes, []);
});

test("an untrusted workspace's cloud-allowed does not displace the user's stricter value", () => {
  const merged = mergePrivacyMode(layers({ user: "auto", workspace: "cloud-allowed" }), UNTRUSTED);
  assert.equal(merged.mode, "auto");
  assert.equal(merged.source, "user");
});

test("an untrusted workspace may still tighten the mode", () => {
  const merged = mergePrivacyMode(layers({ user: "cloud-allowed", workspace: "local-only" }), UNTRUSTED);
  assert.equal(merged.mode, "local-only");
  assert.equal(merged.source, "workspace");
});

test("an invalid value counts as local-only, and the problem names its layer", () => {
  for (const bad of ["public", "Cloud-Allowed", 42, null, true, ["cloud-allowed"]]) {
    const merged = mergePrivacyMode(layers({ user: "cloud-allowed", workspace: bad }), TRUSTED);
    assert.equal(merged.mode, "local-only", JSON.stringify(bad));
    assert.equal(merged.source, "workspace");
    assert.equal(merged.problems.length, 1);
    assert.deepEqual(withoutIssues(merged.problems[0]), { code: "mode-invalid", layer: "workspace" });
  }
});

test("an invalid value counts as local-only even in an untrusted workspace", () => {
  assert.equal(mergePrivacyMode(layers({ folder: "cloud" }), UNTRUSTED).mode, "local-only");
});

// ── junction.privacy.secrets ──

test("with no layer set, secrets are redacted", () => {
  assert.deepEqual(mergeSecretsPolicy(layers()), { policy: "redact", problems: [] });
});

test("route-local in any layer wins over redact in the others", () => {
  assert.equal(mergeSecretsPolicy(layers({ user: "route-local", workspace: "redact", folder: "redact" })).policy, "route-local");
  assert.equal(mergeSecretsPolicy(layers({ user: "redact", workspace: "route-local" })).policy, "route-local");
  assert.equal(mergeSecretsPolicy(layers({ user: "redact", folder: "route-local" })).policy, "route-local");
});

test("redact everywhere it is set is redact", () => {
  assert.deepEqual(mergeSecretsPolicy(layers({ user: "redact", folder: "redact" })), { policy: "redact", problems: [] });
});

test("an invalid secrets policy counts as route-local, and the problem names its layer", () => {
  for (const bad of ["ignore", "", 0, null]) {
    const merged = mergeSecretsPolicy(layers({ user: "redact", folder: bad }));
    assert.equal(merged.policy, "route-local", JSON.stringify(bad));
    assert.equal(merged.problems.length, 1);
    assert.deepEqual(withoutIssues(merged.problems[0]), { code: "secrets-invalid", layer: "folder" });
  }
});

// ── junction.privacy.localOnlyFiles ──

test("with no layer set, the local-only patterns are the defaults", () => {
  assert.deepEqual(mergeLocalOnlyFiles(layers()), { patterns: [...DEFAULT_LOCAL_ONLY_FILES], problems: [] });
});

test("the defaults are always kept, even when a layer sets an empty list", () => {
  const merged = mergeLocalOnlyFiles(layers({ user: [], workspace: [], folder: [] }));
  assert.deepEqual(merged.patterns, [...DEFAULT_LOCAL_ONLY_FILES]);
});

test("a layer that lists only some defaults cannot remove the others", () => {
  const merged = mergeLocalOnlyFiles(layers({ workspace: [".env"] }));
  assert.deepEqual(merged.patterns, [...DEFAULT_LOCAL_ONLY_FILES]);
  assert.ok(merged.patterns.includes("*.pem"));
});

test("every layer adds its patterns after the defaults, each once", () => {
  const merged = mergeLocalOnlyFiles(layers({ user: ["*.sqlite"], workspace: ["fixtures/customers/**", "*.sqlite"], folder: ["internal/**"] }));
  assert.deepEqual(merged.patterns, [...DEFAULT_LOCAL_ONLY_FILES, "internal/**", "fixtures/customers/**", "*.sqlite"]);
  assert.deepEqual(merged.problems, []);
});

test("a negation cannot exempt a default: it is reported and .env stays local-only", () => {
  const merged = mergeLocalOnlyFiles(layers({ workspace: ["!.env"] }));
  assert.ok(merged.patterns.includes(".env"));
  assert.deepEqual(merged.problems, [{ code: "local-only-pattern", layer: "workspace", problem: { index: 0, fault: { code: "negation", text: "!.env" } } }]);
});

test("malformed patterns are reported with their layer and position", () => {
  const merged = mergeLocalOnlyFiles(layers({ folder: ["*.sqlite", "", "# notes", "../outside/**"] }));
  assert.deepEqual(merged.problems, [
    { code: "local-only-pattern", layer: "folder", problem: { index: 1, fault: { code: "empty" } } },
    { code: "local-only-pattern", layer: "folder", problem: { index: 2, fault: { code: "comment", text: "# notes" } } },
    { code: "local-only-pattern", layer: "folder", problem: { index: 3, fault: { code: "outside", text: "../outside/**" } } },
  ]);
  assert.ok(merged.patterns.includes("*.sqlite"), "the valid pattern still counts");
});

test("a layer that is not a list is reported, and the defaults and other layers still apply", () => {
  const merged = mergeLocalOnlyFiles(layers({ user: ["*.sqlite"], workspace: "*.env" }));
  assert.deepEqual(merged.patterns, [...DEFAULT_LOCAL_ONLY_FILES, "*.sqlite"]);
  assert.equal(merged.problems.length, 1);
  assert.deepEqual(withoutIssues(merged.problems[0]), { code: "local-only-files-invalid", layer: "workspace" });
});

test("an entry that is not text is reported, and the layer's other patterns still count", () => {
  const merged = mergeLocalOnlyFiles(layers({ workspace: ["customers.csv", 42, null] }));
  assert.ok(merged.patterns.includes("customers.csv"), "a sibling's mistake must not let customers.csv leave the machine");
  assert.deepEqual(merged.patterns, [...DEFAULT_LOCAL_ONLY_FILES, "customers.csv"]);
  assert.deepEqual(merged.problems, [
    { code: "local-only-pattern", layer: "workspace", problem: { index: 1, fault: { code: "not-text", type: "number" } } },
    { code: "local-only-pattern", layer: "workspace", problem: { index: 2, fault: { code: "not-text", type: "null" } } },
  ]);
});
