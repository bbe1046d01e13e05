// Bad input for Junction's settings (DESIGN §2, §6): every setting, set to a wrong type, an
// out-of-range number, a malformed pattern, a URL that is no http(s) URL or carries credentials,
// an unknown option or a huge value, costs exactly that one setting: one readable problem naming
// it, its safe value, and nothing thrown. Privacy never loosens: what a bad value falls back to is
// at least as strict as the default, and a bad value in any settings layer gives the strict result.
import { test } from "node:test";
import assert from "node:assert/strict";
import { DEFAULT_LOCAL_ONLY_FILES, SAFE_FALLBACKS, SETTING_KEYS, parseConfig, settingsShape } from "../../src/core/config.ts";
import type { JunctionConfig, SettingCheck, SettingKey } from "../../src/core/config.ts";
import { describeSettingProblems, wordSettingProblem, wordSettingProblems } from "../../src/words/settingsWords.ts";
import type { SettingMessage } from "../../src/words/settingsWords.ts";
import { createLocalOnlyMatcher } from "../../src/core/privacy/localOnlyFiles.ts";
import { matchesPrivateRemote } from "../../src/core/privacy/remotes.ts";
import { mergeLocalOnlyFiles, mergePrivacyMode, mergeSecretsPolicy } from "../../src/core/privacy/settingLayers.ts";
import type { SettingLayers } from "../../src/core/privacy/settingLayers.ts";
import type { PrivacySettingProblem } from "../../src/core/privacy/privacyReasons.ts";
import { wordPrivacySettingProblem } from "../../src/words/privacyWords.ts";

// ── bad values ──

const SECRET = "s3cret-Passw0rd";
const ONE_MB = 1 << 20;
const HUGE_TEXT = "x".repeat(ONE_MB);
const MANY = 100_000;

/** A problem a user can act on: it says what is expected or what to do, in a few lines at most. */
const READABLE = /expected|must|invalid|skipped/i;
const MAX_MESSAGE_CHARS = 600;

interface BadValue {
  label: string;
  value: unknown;
  /** What the setting becomes, when it is not the safe value (SAFE_FALLBACKS, else the default). */
  becomes?: unknown;
  /** Text the worded problem must contain, beyond being readable. */
  says?: RegExp;
  /** Junction's own check that must be among the problem's issues (settingsWords.test.ts pins its words). */
  check?: SettingCheck;
}

/** One value of each JSON type; a setting gets every one its schema does not accept. */
const SAMPLES: Record<"null" | "boolean" | "number" | "string" | "array" | "object", unknown> = {
  null: null,
  boolean: true,
  number: 42,
  string: "yes",
  array: ["a"],
  object: { a: 1 },
};
type JsonType = keyof typeof SAMPLES;

function wrongTypes(...accepted: JsonType[]): BadValue[] {
  return (Object.keys(SAMPLES) as JsonType[])
    .filter((type) => !accepted.includes(type))
    .map((type) => ({ label: `a ${type}`, value: SAMPLES[type], says: /expected/ }));
}

function enumValues(valid: readonly string[]): BadValue[] {
  const [first = ""] = valid;
  return [
    ...wrongTypes("string"),
    { label: "an unknown option", value: "public", says: new RegExp(valid.map((option) => `"${option}"`).join(".*")) },
    { label: "a known option in another case", value: first.toUpperCase(), says: /expected one of/ },
    { label: "a known option with spaces around it", value: ` ${first} `, says: /expected one of/ },
    { label: "an empty string", value: "" },
    { label: "a 1 MB string", value: HUGE_TEXT },
  ];
}

function urlValues(): BadValue[] {
  return [
    ...wrongTypes("string"),
    { label: "an ftp:// URL", value: "ftp://models.example.com", says: /http:\/\/ or https:\/\//, check: "not-http-url" },
    { label: "a file:// URL", value: "file:///etc/passwd", says: /http:\/\/ or https:\/\//, check: "not-http-url" },
    { label: "a javascript: URL", value: "javascript:alert(1)", says: /http:\/\/ or https:\/\//, check: "not-http-url" },
    { label: "a host and port without a scheme", value: "localhost:11434", says: /http:\/\/ or https:\/\//, check: "not-http-url" },
    { label: "text that is no URL", value: "my ollama box", says: /http:\/\/ or https:\/\//, check: "not-http-url" },
    { label: "an empty string", value: "" },
    { label: "a 1 MB URL", value: `https://${"a".repeat(ONE_MB)}.example.com`, says: /at most 2048 characters/, check: "url-too-long" },
    {
      label: "an https URL with a user name and password",
      value: `https://user:${SECRET}@models.example.com/v1`,
      becomes: "https://models.example.com/v1",
      says: /must not contain a user name or password.*Junction: Set Cloud API Key.*uses https:\/\/models\.example\.com\/v1/s,
      check: "url-credentials",
    },
    {
      label: "an http URL with a token as the user name",
      value: `http://${SECRET}@10.0.0.5:11434/`,
      becomes: "http://10.0.0.5:11434",
      says: /must not contain a user name or password/,
      check: "url-credentials",
    },
  ];
}

function modelNameValues(): BadValue[] {
  return [
    ...wrongTypes("string"),
    { label: "an empty string", value: "", says: /must not be empty/, check: "empty" },
    { label: "only spaces", value: "   ", says: /must not be empty/, check: "empty" },
    { label: "a 1 MB string", value: HUGE_TEXT, says: /at most 256 characters/, check: "name-too-long" },
  ];
}

/** Privacy lists keep their valid entries: a typo beside them must not let what they name out. */
function patternListValues(key: "privacy.privateRemotes" | "privacy.localOnlyFiles" | "privacy.trustedEndpoints", valid: string): BadValue[] {
  const base = key === "privacy.localOnlyFiles" ? DEFAULT_LOCAL_ONLY_FILES : [];
  const keeping = (...patterns: string[]): string[] => [...new Set([...base, ...patterns])];
  return [
    ...wrongTypes("array"),
    { label: "one pattern as a string instead of a list", value: valid, says: /expected array/ },
    {
      label: "a list with an empty pattern",
      value: [valid, ""],
      becomes: keeping(valid),
      says: /must not be empty.*\[1\].*1 valid entry is kept/s,
      check: "empty",
    },
    { label: "a list with a number and null", value: [42, valid, null], becomes: keeping(valid), says: /expected string.*\[0\]/s },
    { label: "a list with a 1 MB pattern", value: [valid, HUGE_TEXT], becomes: keeping(valid), says: /at most 1024 characters/, check: "pattern-too-long" },
    {
      label: `${MANY.toLocaleString("en")} patterns that are not text`,
      value: Array.from({ length: MANY }, (_, index) => index),
      becomes: keeping(),
      says: /and 99997 more problems/,
    },
  ];
}

function numberValues(range: { min: number; max: number; integer: boolean }): BadValue[] {
  return [
    ...wrongTypes("number"),
    { label: "a number as a string", value: String(range.min), says: /expected number/ },
    { label: "a number below the range", value: range.min - 1, says: />=/ },
    { label: "a number above the range", value: range.max + 1, says: /<=/ },
    { label: "NaN", value: Number.NaN, says: /expected number/ },
    { label: "Infinity", value: Number.POSITIVE_INFINITY, says: /expected number/ },
    { label: "-Infinity", value: Number.NEGATIVE_INFINITY, says: /expected number/ },
    ...(range.integer ? [{ label: "a fraction", value: range.min + 0.5, says: /expected int/ }] : []),
  ];
}

function usdValues(): BadValue[] {
  return [
    ...wrongTypes("number"),
    { label: "a negative amount", value: -0.01, says: /zero or more/, check: "negative" },
    { label: "an amount as a string", value: "5", says: /expected number/ },
    { label: "NaN", value: Number.NaN, says: /expected number/ },
    { label: "Infinity", value: Number.POSITIVE_INFINITY, says: /expected number/ },
  ];
}

function priceTableValues(): BadValue[] {
  return [
    ...wrongTypes("object"),
    { label: "a negative price", value: { "gpt-5": { inputUsdPerMTok: -1, outputUsdPerMTok: 10 } }, says: /zero or more.*gpt-5/s, check: "negative" },
    { label: "a model without prices", value: { "gpt-5": {} }, says: /expected number/ },
    { label: "a price that is text", value: { "gpt-5": { inputUsdPerMTok: "1.25", outputUsdPerMTok: 10 } }, says: /expected number/ },
    {
      label: "10,000 models with bad prices",
      value: Object.fromEntries(Array.from({ length: 10_000 }, (_, index) => [`model-${index}`, { inputUsdPerMTok: -1, outputUsdPerMTok: -1 }])),
      says: /more problems/,
    },
    { label: "a model named by a 1 MB string", value: { [HUGE_TEXT]: { inputUsdPerMTok: -1, outputUsdPerMTok: 1 } } },
  ];
}

/** Every setting's bad values; a Record, so a new setting without them does not type-check. */
const BAD_VALUES: Record<SettingKey, BadValue[]> = {
  "local.provider": enumValues(["ollama", "openai-compatible"]),
  "local.endpoint": urlValues(),
  "local.completionModel": modelNameValues(),
  "local.refactorModel": modelNameValues(),
  "local.timeoutSeconds": numberValues({ min: 1, max: 600, integer: false }),
  "local.contextTokens": numberValues({ min: 2048, max: 262144, integer: true }),
  "cloud.endpoint": urlValues(),
  "cloud.model": modelNameValues(),
  "cloud.timeoutSeconds": numberValues({ min: 1, max: 600, integer: false }),
  "privacy.mode": enumValues(["auto", "local-only", "cloud-allowed"]),
  "privacy.privateRemotes": patternListValues("privacy.privateRemotes", "github.com/acme/**"),
  "privacy.localOnlyFiles": patternListValues("privacy.localOnlyFiles", "fixtures/customers/**"),
  "privacy.secrets": enumValues(["redact", "route-local"]),
  "privacy.trustedEndpoints": patternListValues("privacy.trustedEndpoints", "gpu-box.lan:8000"),
  "routing.cloudThreshold": numberValues({ min: 0, max: 1, integer: false }),
  "completion.enabled": [...wrongTypes("boolean"), { label: '"true" as a string', value: "true" }, { label: "1", value: 1 }],
  "privacy.aiIgnoreFiles": [...wrongTypes("boolean"), { label: '"false" as a string', value: "false" }, { label: "0", value: 0 }],
  "completion.route": enumValues(["auto", "local", "cloud"]),
  "completion.debounceFloorMs": numberValues({ min: 0, max: 2000, integer: true }),
  "completion.debounceCeilingMs": numberValues({ min: 0, max: 5000, integer: true }),
  "completion.promptTokens": numberValues({ min: 128, max: 32768, integer: true }),
  "completion.maxTokens": numberValues({ min: 1, max: 4096, integer: true }),
  "budget.sessionUsd": usdValues(),
  "budget.monthlyUsd": usdValues(),
  "pricing.models": priceTableValues(),
  "pricing.localUsdPerHour": usdValues(),
};

// ── helpers ──

function defaultOf(key: SettingKey): unknown {
  return settingsShape[key].parse(undefined);
}

function safeValueOf(key: SettingKey): unknown {
  return key in SAFE_FALLBACKS ? SAFE_FALLBACKS[key] : defaultOf(key);
}

/** A privacy layer's problem as the settings report shows it. */
function worded(problem: PrivacySettingProblem | undefined): SettingMessage | undefined {
  return problem && wordPrivacySettingProblem(problem);
}

function assertReadable(problem: SettingMessage | undefined, says?: RegExp): void {
  assert.ok(problem, "there is a problem");
  assert.match(problem.message, READABLE);
  assert.ok(problem.message.length <= MAX_MESSAGE_CHARS, `the message is ${problem.message.length} characters long`);
  assert.ok(!problem.message.includes(SECRET), "the message never repeats a credential");
  if (says !== undefined) assert.match(problem.message, says);
}

// ── every setting, every kind of bad value ──

test("every setting has bad values to be tried with", () => {
  for (const key of SETTING_KEYS) assert.ok(BAD_VALUES[key].length >= 4, key);
});

for (const key of SETTING_KEYS) {
  for (const { label, value, becomes, says, check } of BAD_VALUES[key]) {
    test(`junction.${key} set to ${label} gives one readable problem naming it and ${becomes === undefined ? "its safe value" : "keeps what is valid"}`, () => {
      const { config, problems } = parseConfig({ [key]: value });
      assert.deepEqual(
        problems.map((problem) => problem.key),
        [`junction.${key}`],
      );
      // What the user reads is the worded problem; the problem itself never holds the credential either.
      assert.ok(!JSON.stringify(problems).includes(SECRET), "the problem never holds a credential");
      if (check !== undefined)
        assert.ok(
          problems[0]?.issues.some((issue) => issue.code === check),
          `${check} is among ${JSON.stringify(problems[0]?.issues)}`,
        );
      assertReadable(problems[0] && wordSettingProblem(problems[0]), says);
      assert.deepEqual(config[key], becomes ?? safeValueOf(key));
      for (const other of SETTING_KEYS) if (other !== key) assert.deepEqual(config[other], defaultOf(other), `${other} is untouched`);
    });
  }
}

test("every setting set to a bad value at once gives one problem per setting, all on one bounded line", () => {
  const raw = Object.fromEntries(SETTING_KEYS.map((key) => [key, BAD_VALUES[key][0]?.value]));
  const { problems } = parseConfig(raw);
  assert.deepEqual(
    problems.map((problem) => problem.key),
    SETTING_KEYS.map((key) => `junction.${key}`),
  );
  const line = describeSettingProblems(wordSettingProblems(problems));
  assert.doesNotMatch(line, /\n/);
  assert.ok(line.length <= SETTING_KEYS.length * MAX_MESSAGE_CHARS);
});

test("values that are not JSON at all (a symbol, a function, a bigint, a Date) are problems, not crashes", () => {
  for (const value of [Symbol("x"), () => "ollama", 10n, new Date(0)]) {
    const raw = Object.fromEntries(SETTING_KEYS.map((key) => [key, value]));
    const { config, problems } = parseConfig(raw);
    assert.equal(problems.length, SETTING_KEYS.length, String(typeof value));
    for (const key of SETTING_KEYS) assert.deepEqual(config[key], safeValueOf(key), key);
  }
});

// ── huge but valid ──

test(`${MANY.toLocaleString("en")} valid local-only patterns and private remotes are accepted as they are`, () => {
  const patterns = Array.from({ length: MANY }, (_, index) => `generated/${index}/**`);
  const { config, problems } = parseConfig({ "privacy.localOnlyFiles": patterns, "privacy.privateRemotes": patterns });
  assert.deepEqual(problems, []);
  assert.equal(config["privacy.localOnlyFiles"].length, MANY);
  assert.equal(config["privacy.privateRemotes"].length, MANY);
});

// ── privacy never loosens ──

/** Stricter is larger: less goes to the cloud. */
const STRICTNESS: { [K in SettingKey]?: (value: JunctionConfig[K]) => number } = {
  "privacy.mode": (mode) => ({ "cloud-allowed": 0, auto: 1, "local-only": 2 })[mode],
  "privacy.secrets": (policy) => ({ redact: 0, "route-local": 1 })[policy],
  "completion.route": (route) => ({ cloud: 0, auto: 1, local: 2 })[route],
  "routing.cloudThreshold": (threshold) => threshold,
  "budget.sessionUsd": (usd) => -usd,
  "budget.monthlyUsd": (usd) => -usd,
};

for (const key of Object.keys(STRICTNESS) as SettingKey[]) {
  test(`what an invalid junction.${key} falls back to is at least as strict as its default`, () => {
    const strictness = STRICTNESS[key] as (value: unknown) => number;
    assert.ok(strictness(safeValueOf(key)) >= strictness(defaultOf(key)), `${String(safeValueOf(key))} against ${String(defaultOf(key))}`);
  });
}

for (const key of ["privacy.privateRemotes", "privacy.localOnlyFiles", "privacy.trustedEndpoints"] as const) {
  test(`every bad junction.${key} leaves at least the default patterns`, () => {
    // The 100,000-entry lists are checked against their exact result above.
    for (const { label, value } of BAD_VALUES[key].filter((bad) => !Array.isArray(bad.value) || bad.value.length <= 1_000)) {
      const patterns = parseConfig({ [key]: value }).config[key];
      for (const pattern of defaultOf(key) as string[]) assert.ok(patterns.includes(pattern), `${label}: ${pattern} is kept`);
    }
  });
}

test("a private remote listed beside a typo still makes its repository private", () => {
  const remotes = parseConfig({ "privacy.privateRemotes": ["", "github.com/acme/**", { glob: "x" }] }).config["privacy.privateRemotes"];
  assert.equal(matchesPrivateRemote("git@github.com:acme/shop.git", remotes), "github.com/acme/**");
});

test("a remote glob too large for the regex engine is skipped instead of throwing", () => {
  const glob = `github.com/${"*a".repeat(20_000)}`;
  assert.equal(matchesPrivateRemote("https://github.com/acme/shop", [glob, "github.com/acme/**"]), "github.com/acme/**");
});

// ── settings layers: any garbage in any layer gives the strict result ──

const GARBAGE: readonly { label: string; value: unknown; validPatterns?: true }[] = [
  { label: "null", value: null },
  { label: "a number", value: 42 },
  { label: "NaN", value: Number.NaN },
  { label: "a boolean", value: true },
  { label: "an empty string", value: "" },
  { label: "an unknown word", value: "public" },
  { label: "a 1 MB string", value: HUGE_TEXT },
  { label: "an object", value: { mode: "cloud-allowed" } },
  // Two file names, as far as local-only patterns go.
  { label: "a list holding a valid value", value: ["cloud-allowed", "redact"], validPatterns: true },
  { label: `a list of ${MANY.toLocaleString("en")} numbers`, value: Array.from({ length: MANY }, (_, index) => index) },
];
const LAYERS = ["user", "workspace", "folder"] as const;

for (const layer of LAYERS) {
  for (const trusted of [true, false]) {
    test(`garbage for junction.privacy.mode in ${layer} settings makes the folder local-only (${trusted ? "trusted" : "untrusted"})`, () => {
      for (const { label, value } of GARBAGE) {
        const layers: SettingLayers = { user: "cloud-allowed", workspace: "cloud-allowed", folder: "cloud-allowed", [layer]: value };
        const merged = mergePrivacyMode(layers, trusted);
        assert.equal(merged.mode, "local-only", label);
        assert.equal(merged.problems.length, 1, label);
        assert.equal(merged.problems[0]?.code, "mode-invalid", label);
        assertReadable(worded(merged.problems[0]), /using local-only/);
      }
    });
  }

  test(`garbage for junction.privacy.secrets in ${layer} settings routes secrets locally`, () => {
    for (const { label, value } of GARBAGE) {
      const merged = mergeSecretsPolicy({ user: "redact", workspace: "redact", folder: "redact", [layer]: value });
      assert.equal(merged.policy, "route-local", label);
      assert.equal(merged.problems.length, 1, label);
      assert.equal(merged.problems[0]?.code, "secrets-invalid", label);
      assertReadable(worded(merged.problems[0]), /using route-local/);
    }
  });

  test(`garbage for junction.privacy.localOnlyFiles in ${layer} settings keeps the defaults and the other layers' patterns`, () => {
    const others = { user: ["user.sqlite"], workspace: ["workspace.sqlite"], folder: ["folder.sqlite"] };
    for (const { label, value } of GARBAGE.filter((garbage) => garbage.validPatterns === undefined)) {
      const merged = mergeLocalOnlyFiles({ ...others, [layer]: value });
      for (const pattern of DEFAULT_LOCAL_ONLY_FILES) assert.ok(merged.patterns.includes(pattern), `${label}: ${pattern}`);
      for (const other of LAYERS) if (other !== layer) assert.ok(merged.patterns.includes(`${other}.sqlite`), `${label}: ${other}.sqlite`);
      assert.ok(merged.problems.length >= 1 && merged.problems.length <= 6, `${label}: ${merged.problems.length} problems`);
      for (const problem of merged.problems) assertReadable(worded(problem));
    }
  });
}

test(`${MANY.toLocaleString("en")} malformed local-only patterns give five problems and a count of the rest`, () => {
  const merged = mergeLocalOnlyFiles({ workspace: Array.from({ length: MANY }, (_, index) => `!exempt-${index}`) });
  assert.equal(merged.problems.length, 6);
  assert.deepEqual(merged.problems[5], { code: "local-only-patterns-more", layer: "workspace", count: 99_995 });
  assert.match(worded(merged.problems[5])?.message ?? "", /^workspace settings: 99995 more malformed patterns are skipped$/);
  const line = describeSettingProblems(merged.problems.map(wordPrivacySettingProblem));
  assert.ok(line.length < 2_000, `${line.length} characters`);
});

test("a 1 MB local-only pattern is reported and skipped without compiling it, and the defaults still match", () => {
  const merged = mergeLocalOnlyFiles({ folder: [HUGE_TEXT, "*.sqlite"] });
  assert.equal(merged.problems.length, 1);
  assert.deepEqual(merged.problems[0], {
    code: "local-only-pattern",
    layer: "folder",
    problem: { index: 0, fault: { code: "too-long", length: 1_048_576, limit: 1_024 } },
  });
  assertReadable(worded(merged.problems[0]), /is 1048576 characters long; patterns longer than 1024 characters are skipped/);
  const isLocalOnly = createLocalOnlyMatcher(merged.patterns);
  assert.equal(isLocalOnly("config/.env"), ".env");
  assert.equal(isLocalOnly("data/app.sqlite"), "*.sqlite");
  assert.equal(isLocalOnly("src/app.ts"), undefined);
});
