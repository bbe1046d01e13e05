// The settings schema (src/core/config.ts) against the manifest (package.json) and DESIGN §2/§6:
// the same keys and defaults on both sides, the scopes that keep a workspace from loosening
// privacy, and a bad value costing only that one setting, with a message a user can act on.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { DEFAULT_LOCAL_ONLY_FILES, SAFE_FALLBACKS, SETTING_KEYS, USER_ONLY_SETTINGS, parseConfig, settingsShape } from "../../src/core/config.ts";
import type { SettingIssue, SettingKey } from "../../src/core/config.ts";
import { describeSettingProblems, wordSettingProblems } from "../../src/words/settingsWords.ts";

interface ManifestProperty {
  default?: unknown;
  scope?: string;
}

const manifest = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as {
  contributes: { configuration: { properties: Record<string, ManifestProperty> } };
};
const properties = manifest.contributes.configuration.properties;

function manifestProperty(key: string): ManifestProperty {
  const property = properties[key];
  assert.ok(property, `package.json declares ${key}`);
  return property;
}

function defaultOf(key: SettingKey): unknown {
  return settingsShape[key].parse(undefined);
}

// ── schema ↔ manifest ──

test("the schema and package.json declare exactly the same setting keys", () => {
  const schemaKeys = SETTING_KEYS.map((key) => `junction.${key}`).sort();
  assert.deepEqual(schemaKeys, Object.keys(properties).sort());
});

for (const key of SETTING_KEYS) {
  test(`the manifest default of junction.${key} is the schema's default`, () => {
    assert.deepEqual(manifestProperty(`junction.${key}`).default, defaultOf(key));
  });
}

// ── scopes (DESIGN §2: workspace settings can only tighten privacy) ──

const REQUIRED_SCOPES: Record<string, string> = {
  "junction.local.endpoint": "machine",
  "junction.local.provider": "machine",
  "junction.local.completionModel": "machine-overridable",
  "junction.local.refactorModel": "machine-overridable",
  "junction.cloud.endpoint": "application",
  "junction.cloud.model": "application",
  "junction.privacy.privateRemotes": "application",
  "junction.routing.cloudThreshold": "application",
  "junction.completion.route": "application",
};

for (const [key, scope] of Object.entries(REQUIRED_SCOPES)) {
  test(`${key} is ${scope}-scoped, so a workspace cannot set it`, () => {
    assert.equal(manifestProperty(key).scope, scope);
  });
}

for (const group of ["junction.budget.", "junction.pricing."]) {
  test(`every ${group}* setting is application-scoped: only the user decides what the cloud may cost`, () => {
    const keys = Object.keys(properties).filter((key) => key.startsWith(group));
    assert.ok(keys.length > 0, `package.json declares ${group}* settings`);
    for (const key of keys) assert.equal(manifestProperty(key).scope, "application", key);
  });
}

// ── parsing ──

test("an invalid privacy mode falls back to local-only, never to auto", () => {
  assert.equal(parseConfig({ "privacy.mode": "public" }).config["privacy.mode"], "local-only");
});

test("an invalid secrets policy falls back to route-local", () => {
  assert.equal(parseConfig({ "privacy.secrets": "ignore" }).config["privacy.secrets"], "route-local");
});

test("an invalid budget falls back to zero, so nothing is spent by mistake", () => {
  assert.equal(parseConfig({ "budget.sessionUsd": -5 }).config["budget.sessionUsd"], 0);
  assert.equal(parseConfig({ "budget.monthlyUsd": "lots" }).config["budget.monthlyUsd"], 0);
});

test("every user-only setting has application or machine scope in the manifest", () => {
  for (const key of USER_ONLY_SETTINGS) {
    assert.ok(["application", "machine"].includes(String(properties[`junction.${key}`]?.scope)), key);
  }
});

test("with nothing set, every setting takes its default and there are no problems", () => {
  const { config, problems } = parseConfig({});
  assert.deepEqual(problems, []);
  for (const key of SETTING_KEYS) assert.deepEqual(config[key], defaultOf(key), key);
});

/** Junction's own checks are codes; a check that is zod's keeps zod's words (settingsWords.test.ts pins the sentences). */
const INVALID_VALUES: { key: SettingKey; label: string; value: unknown; issue: SettingIssue }[] = [
  {
    key: "completion.enabled",
    label: "a string for a boolean",
    value: "yes",
    issue: { path: [], code: "zod", message: "Invalid input: expected boolean, received string" },
  },
  {
    key: "local.completionModel",
    label: "a number for a model name",
    value: 5,
    issue: { path: [], code: "zod", message: "Invalid input: expected string, received number" },
  },
  { key: "local.endpoint", label: "an ftp:// URL", value: "ftp://x", issue: { path: [], code: "not-http-url" } },
  { key: "cloud.endpoint", label: "a file:// URL", value: "file:///etc", issue: { path: [], code: "not-http-url" } },
  { key: "local.endpoint", label: "text that is no URL", value: "localhost 11434", issue: { path: [], code: "not-http-url" } },
  { key: "budget.sessionUsd", label: "a negative budget", value: -1, issue: { path: [], code: "negative" } },
  { key: "routing.cloudThreshold", label: "a threshold of 2", value: 2, issue: { path: [], code: "zod", message: "Too big: expected number to be <=1" } },
  {
    key: "privacy.mode",
    label: '"public"',
    value: "public",
    issue: { path: [], code: "zod", message: 'Invalid option: expected one of "auto"|"local-only"|"cloud-allowed"' },
  },
];

/** What an invalid value becomes: the strict value for privacy and money, else the default. */
function fallbackOf(key: SettingKey): unknown {
  return key in SAFE_FALLBACKS ? SAFE_FALLBACKS[key] : defaultOf(key);
}

for (const { key, label, value, issue } of INVALID_VALUES) {
  test(`junction.${key} set to ${label} falls back to its safe value with one problem naming the check`, () => {
    const { config, problems } = parseConfig({ [key]: value });
    assert.deepEqual(config[key], fallbackOf(key));
    assert.deepEqual(problems, [{ key: `junction.${key}`, issues: [issue], more: 0, outcome: { code: "fallback" } }]);
  });
}

test("one invalid setting does not reset the valid ones next to it", () => {
  const { config, problems } = parseConfig({
    "privacy.mode": "public",
    "local.endpoint": "http://10.0.0.5:11434",
    "local.completionModel": "starcoder2:3b",
    "budget.sessionUsd": 0.5,
    "privacy.privateRemotes": ["github.com/acme/**"],
  });
  assert.deepEqual(
    problems.map((problem) => problem.key),
    ["junction.privacy.mode"],
  );
  assert.equal(config["privacy.mode"], "local-only");
  assert.equal(config["local.endpoint"], "http://10.0.0.5:11434");
  assert.equal(config["local.completionModel"], "starcoder2:3b");
  assert.equal(config["budget.sessionUsd"], 0.5);
  assert.deepEqual(config["privacy.privateRemotes"], ["github.com/acme/**"]);
});

test("describeSettingProblems puts every problem on one line, each named by its key", () => {
  const { problems } = parseConfig({
    "budget.sessionUsd": -1,
    // A nested error: zod reports it on several lines.
    "pricing.models": { "gpt-5": { inputUsdPerMTok: -1 } },
  });
  assert.equal(problems.length, 2);
  const line = describeSettingProblems(wordSettingProblems(problems));
  assert.doesNotMatch(line, /\n/);
  assert.match(line, /junction\.budget\.sessionUsd: .*zero or more/);
  assert.match(line, /junction\.pricing\.models: /);
});

test("describeSettingProblems of no problems is the empty string", () => {
  assert.equal(describeSettingProblems([]), "");
});

test("a trailing slash is removed from the local and cloud endpoints", () => {
  const { config, problems } = parseConfig({
    "local.endpoint": "http://127.0.0.1:11434/",
    "cloud.endpoint": "https://openrouter.ai/api/v1/",
  });
  assert.deepEqual(problems, []);
  assert.equal(config["local.endpoint"], "http://127.0.0.1:11434");
  assert.equal(config["cloud.endpoint"], "https://openrouter.ai/api/v1");
});

test("the default local-only files cover env files, keys, certificates and credential files", () => {
  const defaults = parseConfig({}).config["privacy.localOnlyFiles"];
  assert.deepEqual(defaults, [...DEFAULT_LOCAL_ONLY_FILES]);
  for (const pattern of [".env", ".env.*", "*.pem", "*.key", "id_rsa*", "*.p12", "*.pfx", ".npmrc", ".netrc", "**/secrets/**", "*.tfvars"]) {
    assert.ok(defaults.includes(pattern), `default localOnlyFiles include ${pattern}`);
  }
});
