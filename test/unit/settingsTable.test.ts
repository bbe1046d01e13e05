// The README's settings table is generated from package.json (scripts/settingsTable.ts).
// These tests keep it current — `npm test` fails on a stale table — and specify how a setting
// is rendered. config.test.ts already proves the schema and the manifest declare the same keys.
import { test } from "node:test";
import type { TestContext } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SETTING_KEYS } from "../../src/core/config.ts";
import {
  END_MARKER,
  START_MARKER,
  STALE_MESSAGE,
  currentTable,
  renderSettingsTable,
  runSettingsTable,
  tableInReadme,
  withTable,
} from "../../scripts/settingsTable.ts";
import type { Manifest, ManifestSetting, NlsBundle } from "../../scripts/settingsTable.ts";

const README = readFileSync(new URL("../../README.md", import.meta.url), "utf8");

// ── builders ──

function manifestWith(properties: Record<string, ManifestSetting>): Manifest {
  return { contributes: { configuration: { title: "Junction", properties } } };
}

function stringSetting(overrides: Partial<ManifestSetting> = {}): ManifestSetting {
  return { type: "string", default: "x", scope: "application", markdownDescription: "A setting.", ...overrides };
}

/** The cells of the one row `properties` renders to, split on unescaped pipes. */
function rowOf(setting: ManifestSetting, nls?: NlsBundle): string[] {
  const lines = renderSettingsTable(manifestWith({ "junction.example": setting }), nls).split("\n");
  assert.equal(lines.length, 3, "a header, a separator and one row");
  return splitRow(lines[2] ?? "");
}

function splitRow(line: string): string[] {
  return line.replace(/^\| | \|$/g, "").split(/ (?<!\\)\| /);
}

const [KEY, SCOPE, TYPE, DEFAULT, DESCRIPTION] = [0, 1, 2, 3, 4] as const;

/** The setting keys a table has rows for, without their backticks. */
function keysInTable(table: string): string[] {
  return table
    .split("\n")
    .slice(2)
    .map((line) => splitRow(line)[KEY]?.replace(/`/g, "") ?? "");
}

// ── the README is current ──

test("the README's settings table is the one package.json and package.nls.json render", () => {
  assert.equal(tableInReadme(README), currentTable(), STALE_MESSAGE);
});

test("every setting the schema parses has a row in the README's settings table", () => {
  const rows = new Set(keysInTable(tableInReadme(README)));
  const missing = SETTING_KEYS.map((key) => `junction.${key}`).filter((key) => !rows.has(key));
  assert.deepEqual(missing, [], STALE_MESSAGE);
});

// ── rendering ──

test("a row shows the key, the scope, the type, the default as JSON and the description", () => {
  assert.deepEqual(rowOf(stringSetting({ default: "http://127.0.0.1:11434", scope: "machine", markdownDescription: "Base URL." })), [
    "`junction.example`",
    "machine",
    "string",
    '`"http://127.0.0.1:11434"`',
    "Base URL.",
  ]);
});

test("an enum lists its values as the type, and each value's description after the setting's", () => {
  const row = rowOf(stringSetting({ enum: ["auto", "local-only"], enumDescriptions: ["Decide per folder.", "Never leaves."], default: "auto" }));
  assert.equal(row[TYPE], 'one of `"auto"`, `"local-only"`');
  assert.equal(row[DESCRIPTION], 'A setting.<br>`"auto"`: Decide per folder.<br>`"local-only"`: Never leaves.');
});

test("markdownEnumDescriptions are preferred over enumDescriptions", () => {
  const row = rowOf(stringSetting({ enum: ["a"], enumDescriptions: ["plain"], markdownEnumDescriptions: ["**rich**"] }));
  assert.match(row[DESCRIPTION] ?? "", /`"a"`: \*\*rich\*\*/);
});

test("an array of enum values lists the values its items may take", () => {
  assert.equal(rowOf({ type: "array", items: { type: "string", enum: ["ts", "py"] }, default: [] })[TYPE], 'array of one of `"ts"`, `"py"`');
});

test("a number shows its range", () => {
  assert.equal(rowOf({ type: "integer", minimum: 0, maximum: 2000, default: 75 })[TYPE], "integer, 0–2000");
  assert.equal(rowOf({ type: "number", minimum: 0, default: 2 })[TYPE], "number, ≥ 0");
});

test("a default array is one line of JSON, and an empty one is []", () => {
  assert.equal(rowOf({ type: "array", items: { type: "string" }, default: [".env", "*.pem"] })[DEFAULT], '`[".env", "*.pem"]`');
  assert.equal(rowOf({ type: "array", items: { type: "string" }, default: [] })[DEFAULT], "`[]`");
});

test("a default object is one line of JSON, and an empty one is {}", () => {
  assert.equal(rowOf({ type: "object", default: { "gpt-5": { inputUsdPerMTok: 1.25 } } })[DEFAULT], '`{ "gpt-5": { "inputUsdPerMTok": 1.25 } }`');
  assert.equal(rowOf({ type: "object", default: {} })[DEFAULT], "`{}`");
});

test("a setting without a default says so with a dash", () => {
  assert.equal(rowOf({ type: "string" })[DEFAULT], "—");
});

test("pipe characters are escaped in descriptions, defaults and enum values, so they do not split the row", () => {
  const row = rowOf(stringSetting({ markdownDescription: "Either `a|b` or c | d.", default: "x|y", enum: ["x|y"] }));
  assert.equal(row.length, 5);
  assert.equal(row[DESCRIPTION]?.startsWith("Either `a\\|b` or c \\| d."), true);
  assert.equal(row[DEFAULT], '`"x\\|y"`');
  assert.equal(row[TYPE], 'one of `"x\\|y"`');
});

test("a description over several lines stays in its row, paragraphs joined by <br>", () => {
  assert.equal(rowOf(stringSetting({ markdownDescription: "First line\nwraps.\n\nSecond paragraph." }))[DESCRIPTION], "First line wraps.<br>Second paragraph.");
});

test("markdownDescription is preferred over description", () => {
  assert.equal(rowOf(stringSetting({ description: "plain", markdownDescription: "**rich**" }))[DESCRIPTION], "**rich**");
  assert.equal(rowOf(stringSetting({ description: "plain", markdownDescription: undefined }))[DESCRIPTION], "plain");
});

test("a setting link written for the Settings editor reads as the setting's name", () => {
  assert.equal(rowOf(stringSetting({ markdownDescription: "See `#junction.local.endpoint#`." }))[DESCRIPTION], "See `junction.local.endpoint`.");
});

test("a setting without a scope shows VS Code's default, window", () => {
  assert.equal(rowOf(stringSetting({ scope: undefined }))[SCOPE], "window");
});

test("%key% placeholders are resolved through package.nls.json, in either of its forms", () => {
  const nls: NlsBundle = {
    "config.example": "Resolved description.",
    "config.example.auto": { message: "Resolved value.", comment: ["for translators"] },
  };
  const row = rowOf(stringSetting({ markdownDescription: "%config.example%", enum: ["auto"], enumDescriptions: ["%config.example.auto%"] }), nls);
  assert.equal(row[DESCRIPTION], 'Resolved description.<br>`"auto"`: Resolved value.');
});

test("text that only contains percent signs is not a placeholder", () => {
  assert.equal(
    rowOf(stringSetting({ markdownDescription: "Up to 80 % of the budget, then 100 %." }), {})[DESCRIPTION],
    "Up to 80 % of the budget, then 100 %.",
  );
});

test("a placeholder package.nls.json does not define fails loudly, naming the setting and the key", () => {
  assert.throws(
    () => rowOf(stringSetting({ markdownDescription: "%config.missing%" }), { "config.other": "x" }),
    /junction\.example markdownDescription is the placeholder %config\.missing%, but package\.nls\.json has no string "config\.missing"/,
  );
  assert.throws(() => rowOf(stringSetting({ enum: ["a"], enumDescriptions: ["%config.gone%"] }), {}), /enumDescriptions\[0\].*config\.gone/);
});

test("a placeholder with no package.nls.json at all fails loudly", () => {
  assert.throws(() => rowOf(stringSetting({ markdownDescription: "%config.example%" }), undefined), /there is no package\.nls\.json/);
});

test("settings split into several configuration sections are all listed, in declaration order", () => {
  const manifest: Manifest = {
    contributes: {
      configuration: [
        { title: "Local", properties: { "junction.b": stringSetting(), "junction.a": stringSetting() } },
        { title: "Cloud", properties: { "junction.c": stringSetting() } },
      ],
    },
  };
  assert.deepEqual(keysInTable(renderSettingsTable(manifest, undefined)), ["junction.b", "junction.a", "junction.c"]);
});

test("a manifest without settings is an error, not an empty table", () => {
  assert.throws(() => renderSettingsTable({ contributes: {} }, undefined), /declares no settings/);
});

// ── the markers and the command ──

test("the table is replaced between the markers only", () => {
  const readme = `# Title\n\nBefore.\n${START_MARKER}\nold table\n${END_MARKER}\nAfter.\n`;
  const updated = withTable(readme, "| new |");
  assert.equal(updated, `# Title\n\nBefore.\n${START_MARKER}\n\n| new |\n\n${END_MARKER}\nAfter.\n`);
  assert.equal(tableInReadme(updated), "| new |");
});

test("a README without both markers is an error that names them", () => {
  assert.throws(() => tableInReadme(`# Title\n${START_MARKER}\n`), /<!-- settings:start --> and <!-- settings:end -->/);
});

/** A checkout with one setting and a README whose table says `table`, removed after the test. */
function checkout(t: TestContext, table: string): { root: string; readme: () => string } {
  const root = mkdtempSync(join(tmpdir(), "junction-settings-table-"));
  t.after(() => rmSync(root, { recursive: true, force: true }));
  writeFileSync(join(root, "package.json"), JSON.stringify(manifestWith({ "junction.example": stringSetting() })));
  writeFileSync(join(root, "README.md"), `# Junction\n\n${START_MARKER}\n${table}\n${END_MARKER}\n\nMore.\n`);
  return { root, readme: () => readFileSync(join(root, "README.md"), "utf8") };
}

test("--check of a stale table exits 1 with the command that fixes it, and changes nothing", (t) => {
  const repo = checkout(t, "| stale |");
  const before = repo.readme();
  assert.deepEqual(runSettingsTable(["--check"], repo.root), { exitCode: 1, message: STALE_MESSAGE });
  assert.equal(repo.readme(), before);
});

test("--write brings a stale table up to date, after which --check passes and --write changes nothing", (t) => {
  const repo = checkout(t, "| stale |");
  assert.equal(runSettingsTable(["--write"], repo.root).exitCode, 0);
  const written = repo.readme();
  assert.equal(tableInReadme(written), currentTable(repo.root));
  assert.match(written, /^# Junction\n\n/);
  assert.match(written, /\n\nMore\.\n$/);
  assert.equal(runSettingsTable(["--check"], repo.root).exitCode, 0);
  runSettingsTable(["--write"], repo.root);
  assert.equal(repo.readme(), written);
});

test("the command without --write or --check prints its usage and exits 2", (t) => {
  const repo = checkout(t, "| stale |");
  assert.deepEqual(runSettingsTable([], repo.root), { exitCode: 2, message: "usage: node scripts/settingsTable.ts --write | --check" });
});
