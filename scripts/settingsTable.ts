// The README's settings table, generated from the settings as package.json declares them
// (`contributes.configuration`), with `%key%` placeholders resolved through package.nls.json.
//   node scripts/settingsTable.ts --write   rewrites the table in README.md
//   node scripts/settingsTable.ts --check   exits 1 when README.md's table is out of date
// test/unit/settingsTable.test.ts runs the same check, so `npm test` fails on a stale table.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { repoRoot } from "./paths.ts";

export const START_MARKER = "<!-- settings:start -->";
export const END_MARKER = "<!-- settings:end -->";

/** One `contributes.configuration.properties` entry, as far as the table reads it. */
export interface ManifestSetting {
  type?: string | string[];
  enum?: unknown[];
  enumDescriptions?: string[];
  markdownEnumDescriptions?: string[];
  items?: { type?: string | string[]; enum?: unknown[] };
  minimum?: number;
  maximum?: number;
  default?: unknown;
  scope?: string;
  description?: string;
  markdownDescription?: string;
}

interface ConfigurationSection {
  title?: string;
  properties?: Record<string, ManifestSetting>;
}

export interface Manifest {
  contributes?: { configuration?: ConfigurationSection | ConfigurationSection[] };
}

/** package.nls.json: a message, or VS Code's `{ message, comment }` form. */
export type NlsBundle = Record<string, string | { message: string; comment?: string[] }>;

/** VS Code replaces a manifest string only when the whole string is one placeholder. */
const PLACEHOLDER = /^%([^%\s]+)%$/;

/** VS Code's default scope for a setting that declares none. */
const DEFAULT_SCOPE = "window";

function resolveText(text: string, nls: NlsBundle | undefined, where: string): string {
  const key = PLACEHOLDER.exec(text)?.[1];
  if (key === undefined) return text;
  if (nls === undefined) {
    throw new Error(`${where} is the placeholder %${key}%, but there is no package.nls.json to resolve it`);
  }
  const entry = Object.hasOwn(nls, key) ? nls[key] : undefined;
  const message = typeof entry === "string" ? entry : entry?.message;
  if (typeof message !== "string") {
    throw new Error(`${where} is the placeholder %${key}%, but package.nls.json has no string "${key}"`);
  }
  return message;
}

/** Text for a table cell: one line, pipes escaped (GFM splits cells on them, even inside code). */
function cell(text: string): string {
  return text
    .trim()
    .replace(/\r\n?/g, "\n")
    .replace(/\n\s*\n/g, "<br>")
    .replace(/\s*\n\s*/g, " ")
    .replace(/\|/g, "\\|");
}

/** A markdown code span holding `text`, with enough backticks that none inside can close it. */
function code(text: string): string {
  const longestRun = Math.max(0, ...[...text.matchAll(/`+/g)].map((run) => run[0].length));
  const fence = "`".repeat(longestRun + 1);
  const pad = text.startsWith("`") || text.endsWith("`") ? " " : "";
  return `${fence}${pad}${text}${pad}${fence}`;
}

/** JSON as a user would write it in settings.json, on one line. */
function compactJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(compactJson).join(", ")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value);
    if (entries.length === 0) return "{}";
    return `{ ${entries.map(([key, inner]) => `${JSON.stringify(key)}: ${compactJson(inner)}`).join(", ")} }`;
  }
  return JSON.stringify(value) ?? String(value);
}

export function formatDefault(value: unknown): string {
  return value === undefined ? "—" : code(compactJson(value));
}

function typeNames(type: string | string[] | undefined): string {
  if (type === undefined) return "";
  return Array.isArray(type) ? type.join(" or ") : type;
}

function enumList(values: unknown[]): string {
  return values.map((value) => code(compactJson(value))).join(", ");
}

function range(setting: ManifestSetting): string {
  const { minimum, maximum } = setting;
  if (minimum !== undefined && maximum !== undefined) return `${minimum}–${maximum}`;
  if (minimum !== undefined) return `≥ ${minimum}`;
  if (maximum !== undefined) return `≤ ${maximum}`;
  return "";
}

export function formatType(setting: ManifestSetting): string {
  if (setting.enum !== undefined) return `one of ${enumList(setting.enum)}`;
  const type = typeNames(setting.type);
  if (type === "array" && setting.items !== undefined) {
    const items = setting.items.enum !== undefined ? `one of ${enumList(setting.items.enum)}` : typeNames(setting.items.type);
    return items === "" ? "array" : `array of ${items}`;
  }
  const bounds = range(setting);
  if (type === "") return "any";
  return bounds === "" ? type : `${type}, ${bounds}`;
}

/** VS Code's `#junction.x#` setting links read as plain setting names outside the Settings editor. */
function withoutSettingLinks(markdown: string): string {
  return markdown.replace(/`#([\w.-]+)#`/g, "`$1`");
}

function formatDescription(key: string, setting: ManifestSetting, nls: NlsBundle | undefined): string {
  const field = setting.markdownDescription !== undefined ? "markdownDescription" : "description";
  const raw = setting[field];
  const description = raw === undefined ? "" : withoutSettingLinks(resolveText(raw, nls, `${key} ${field}`));
  const enumField = setting.markdownEnumDescriptions !== undefined ? "markdownEnumDescriptions" : "enumDescriptions";
  const enumDescriptions = setting[enumField] ?? [];
  const values = setting.enum ?? [];
  const explained = enumDescriptions.flatMap((text, index) => {
    if (index >= values.length) return [];
    const resolved = withoutSettingLinks(resolveText(text, nls, `${key} ${enumField}[${index}]`)).trim();
    return resolved === "" ? [] : [`${code(compactJson(values[index]))}: ${resolved}`];
  });
  // Paragraphs: the row's cell() turns the blank lines between them into <br>.
  return [description, ...explained]
    .map((part) => part.trim())
    .filter((part) => part !== "")
    .join("\n\n");
}

/** The settings in declaration order; `contributes.configuration` may be one section or several. */
export function manifestSettings(manifest: Manifest): [string, ManifestSetting][] {
  const configuration = manifest.contributes?.configuration;
  const sections = configuration === undefined ? [] : Array.isArray(configuration) ? configuration : [configuration];
  return sections.flatMap((section) => Object.entries(section.properties ?? {}));
}

/**
 * The markdown table of every setting the manifest declares: key, scope, type (enum values
 * listed), default and description, with `%key%` placeholders resolved through `nls`. A
 * placeholder `nls` cannot resolve throws: a table with a raw `%key%` in it is a bug.
 */
export function renderSettingsTable(manifest: Manifest, nls: NlsBundle | undefined): string {
  const settings = manifestSettings(manifest);
  if (settings.length === 0) throw new Error("package.json declares no settings under contributes.configuration");
  const rows = settings.map(([key, setting]) =>
    [code(key), setting.scope ?? DEFAULT_SCOPE, formatType(setting), formatDefault(setting.default), formatDescription(key, setting, nls)].map(cell),
  );
  return ["| Setting | Scope | Type | Default | Description |", "|---|---|---|---|---|", ...rows.map((row) => `| ${row.join(" | ")} |`)].join("\n");
}

/** The text between the markers, without the blank lines around it; throws when they are missing. */
export function tableInReadme(readme: string): string {
  return readme.slice(...markerBounds(readme)).trim();
}

/** README text with the table between the markers replaced. */
export function withTable(readme: string, table: string): string {
  const [start, end] = markerBounds(readme);
  return `${readme.slice(0, start)}\n\n${table}\n\n${readme.slice(end)}`;
}

function markerBounds(readme: string): [number, number] {
  const start = readme.indexOf(START_MARKER);
  const end = readme.indexOf(END_MARKER);
  if (start === -1 || end === -1 || end < start) {
    throw new Error(`README.md needs the markers ${START_MARKER} and ${END_MARKER}, in that order, around the settings table`);
  }
  if (readme.indexOf(START_MARKER, start + 1) !== -1 || readme.indexOf(END_MARKER, end + 1) !== -1) {
    throw new Error(`README.md has ${START_MARKER} or ${END_MARKER} more than once`);
  }
  return [start + START_MARKER.length, end];
}

/** The table for a checkout's package.json and package.nls.json (when it exists). */
export function currentTable(root = repoRoot): string {
  const manifest = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as Manifest;
  const nlsPath = join(root, "package.nls.json");
  const nls = existsSync(nlsPath) ? (JSON.parse(readFileSync(nlsPath, "utf8")) as NlsBundle) : undefined;
  return renderSettingsTable(manifest, nls);
}

export const STALE_MESSAGE = "README settings table is out of date; run node scripts/settingsTable.ts --write";
const USAGE = "usage: node scripts/settingsTable.ts --write | --check";

export interface CliOutcome {
  exitCode: number;
  message: string;
}

/** What the command does in a checkout; only `--write` of a stale table touches README.md. */
export function runSettingsTable(args: readonly string[], root = repoRoot): CliOutcome {
  const mode = args[0];
  if (args.length !== 1 || (mode !== "--write" && mode !== "--check")) return { exitCode: 2, message: USAGE };
  const readmePath = join(root, "README.md");
  const readme = readFileSync(readmePath, "utf8");
  const table = currentTable(root);
  if (tableInReadme(readme) === table) return { exitCode: 0, message: "README settings table is current." };
  if (mode === "--check") return { exitCode: 1, message: STALE_MESSAGE };
  writeFileSync(readmePath, withTable(readme, table));
  return { exitCode: 0, message: "README settings table rewritten from package.json." };
}

if (import.meta.main) {
  let outcome: CliOutcome;
  try {
    outcome = runSettingsTable(process.argv.slice(2));
  } catch (error) {
    outcome = { exitCode: 1, message: error instanceof Error ? error.message : String(error) };
  }
  (outcome.exitCode === 0 ? process.stdout : process.stderr).write(`${outcome.message}\n`);
  process.exitCode = outcome.exitCode;
}
