// Localisation: every user-visible string goes through `vscode.l10n.t` (host code) or a `%key%`
// placeholder (package.json), and the English bundles hold exactly the keys in use.
//   l10n/bundle.l10n.json  the runtime strings, generated from src/ by `npm run l10n`
//   package.nls.json       the manifest strings, edited by hand (key scheme: `command.<id>.title`,
//                          `setting.<key>.description`, `setting.<key>.enumDescription.<value>`,
//                          `walkthrough.<id>.step.<id>.title|description`)
// The calls are found with the TypeScript compiler API, so a call split over lines counts; the
// scanner is tested on a sample first, so a broken scanner cannot pass the real files vacuously.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { API } from "typescript/unstable/sync";
import type { CallExpression, Expression, Node, SourceFile } from "typescript/unstable/ast";
import {
  isArrayLiteralExpression,
  isCallExpression,
  isIdentifier,
  isNoSubstitutionTemplateLiteral,
  isObjectLiteralExpression,
  isPropertyAccessExpression,
  isPropertyAssignment,
  isSpreadElement,
  isStringLiteral,
  isTaggedTemplateExpression,
  isTemplateExpression,
} from "typescript/unstable/ast/is";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const REGENERATE = "run `npm run l10n` to regenerate l10n/bundle.l10n.json from src/";

/** One `l10n.t(…)` call: its bundle key, or why no key can be read from it. */
interface L10nCall {
  where: string;
  key?: string;
  message?: string;
  /** Positional values passed after the message; undefined when they are named or spread. */
  positionalArgs?: number;
  defect?: string;
}

/** `vscode.l10n.t`, `something.l10n.t` or an imported `l10n.t`. */
function isL10nT(node: Node): boolean {
  if (!isPropertyAccessExpression(node) || node.name.text !== "t") return false;
  const owner = node.expression;
  return isIdentifier(owner) ? owner.text === "l10n" : isPropertyAccessExpression(owner) && owner.name.text === "l10n";
}

function literalText(node: Node | undefined): string | undefined {
  return node && (isStringLiteral(node) || isNoSubstitutionTemplateLiteral(node)) ? node.text : undefined;
}

function propertyOf(object: Expression, name: string): Expression | undefined {
  if (!isObjectLiteralExpression(object)) return undefined;
  for (const property of object.properties) {
    if (isPropertyAssignment(property) && isIdentifier(property.name) && property.name.text === name) return property.initializer;
  }
  return undefined;
}

/** The key @vscode/l10n-dev writes for a call, read the same way: `message`, or `message/comment`. */
function readCall(call: CallExpression, where: string): L10nCall {
  const [first, ...rest] = call.arguments;
  const message = literalText(first);
  if (message !== undefined) {
    const named = rest.length === 1 && rest[0] !== undefined && isObjectLiteralExpression(rest[0]);
    const spread = rest.some((arg) => isSpreadElement(arg));
    return { where, key: message, message, positionalArgs: named || spread ? undefined : rest.length };
  }
  if (first && isObjectLiteralExpression(first)) {
    const objectMessage = literalText(propertyOf(first, "message"));
    const comment = propertyOf(first, "comment");
    const comments = comment === undefined ? [] : isArrayLiteralExpression(comment) ? comment.elements.map((element) => literalText(element)) : [literalText(comment)];
    if (objectMessage !== undefined && comments.length > 0 && comments.every((text) => text !== undefined)) {
      return { where, key: `${objectMessage}/${comments.join("")}`, message: objectMessage };
    }
    return { where, defect: "an options object without a literal `message` and a literal `comment`" };
  }
  if (first && isTemplateExpression(first)) return { where, defect: "a template literal with ${…}; write \"… {0} …\" and pass the value as an argument" };
  return { where, defect: `a non-literal first argument (${first ? first.getText() : "none"}); pass a string literal` };
}

/** Every `l10n.t` call in `files`, parsed as part of the TypeScript project of `tsconfig`. */
function scanL10nCalls(tsconfig: string, files: readonly string[]): L10nCall[] {
  const api = new API({ cwd: ROOT });
  try {
    const project = api.updateSnapshot({ openProjects: [tsconfig] }).getProjects()[0];
    assert.ok(project, `TypeScript opened ${tsconfig}`);
    const calls: L10nCall[] = [];
    for (const file of files) {
      const sourceFile = project.program.getSourceFile(file);
      assert.ok(sourceFile, `${file} is part of the TypeScript project ${tsconfig}`);
      const where = (node: Node, source: SourceFile) => `${relative(ROOT, file)}:${source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1}`;
      const visit = (node: Node): void => {
        if (isCallExpression(node) && isL10nT(node.expression)) calls.push(readCall(node, where(node, sourceFile)));
        if (isTaggedTemplateExpression(node) && isL10nT(node.tag)) calls.push({ where: where(node, sourceFile), defect: "a tagged template; vscode.l10n.t is not a tag function" });
        node.forEachChild(visit);
      };
      visit(sourceFile);
    }
    return calls;
  } finally {
    api.close();
  }
}

function sourceFilesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && /\.tsx?$/.test(entry.name) && !entry.name.endsWith(".d.ts"))
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
}

type Bundle = Record<string, string | { message: string; comment?: string | string[] }>;

function readJson<T>(path: string): T {
  return JSON.parse(readFileSync(join(ROOT, path), "utf8")) as T;
}

function messageOf(entry: Bundle[string] | undefined): string | undefined {
  return typeof entry === "string" ? entry : entry?.message;
}

/** `{0}`, `{1}` or `{name}`, sorted, one per distinct placeholder. */
function placeholders(text: string): string[] {
  return [...new Set([...text.matchAll(/\{(\w+)\}/g)].map((match) => match[0]))].sort();
}

function list(items: readonly string[]): string {
  return items.map((item) => `\n  ${item}`).join("");
}

// ── the scanner ──

test("the scanner reads literal, multi-line and commented calls, and reports every call it cannot read", () => {
  const dir = mkdtempSync(join(tmpdir(), "junction-l10n-"));
  try {
    const sample = join(dir, "sample.ts");
    writeFileSync(join(dir, "tsconfig.json"), JSON.stringify({ files: ["sample.ts"] }));
    writeFileSync(
      sample,
      [
        'import * as vscode from "vscode";',
        'import { l10n } from "vscode";',
        'vscode.l10n.t("Plain {0}", name);',
        "vscode.l10n.t(",
        '  "Split over {0} lines",',
        "  2,",
        ");",
        "l10n.t(`No substitution`);",
        'vscode.l10n.t({ message: "Save", comment: ["verb", "on a button"] });',
        'vscode.l10n.t("Named {who}", { who: "me" });',
        "vscode.l10n.t(`Hello ${name}`);",
        "vscode.l10n.t(label);",
        "vscode.l10n.t`tagged`;",
        'other.t("not l10n");',
      ].join("\n"),
    );
    // A defect is compared by its opening words: what kind of call it is, not the advice after it.
    const calls = scanL10nCalls(join(dir, "tsconfig.json"), [sample]).map(({ where, key, positionalArgs, defect }) => ({
      line: where.split(":").at(-1),
      key,
      positionalArgs,
      defect: defect?.replace(/\s*[;(].*$/, ""),
    }));
    assert.deepEqual(
      calls,
      [
        { line: "3", key: "Plain {0}", positionalArgs: 1, defect: undefined },
        { line: "4", key: "Split over {0} lines", positionalArgs: 1, defect: undefined },
        { line: "8", key: "No substitution", positionalArgs: 0, defect: undefined },
        { line: "9", key: "Save/verbon a button", positionalArgs: undefined, defect: undefined },
        { line: "10", key: "Named {who}", positionalArgs: undefined, defect: undefined },
        { line: "11", key: undefined, positionalArgs: undefined, defect: "a template literal with ${…}" },
        { line: "12", key: undefined, positionalArgs: undefined, defect: "a non-literal first argument" },
        { line: "13", key: undefined, positionalArgs: undefined, defect: "a tagged template" },
      ],
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

// ── runtime strings: src/ ↔ l10n/bundle.l10n.json ──

const calls = scanL10nCalls(join(ROOT, "tsconfig.json"), sourceFilesUnder(join(ROOT, "src")));
const bundle = readJson<Bundle>("l10n/bundle.l10n.json");

test("src/ calls vscode.l10n.t at all (a scan that finds nothing proves nothing)", () => {
  assert.ok(calls.filter((call) => call.key !== undefined).length >= 50, `found only ${calls.length} l10n.t calls in src/`);
});

test("every l10n.t call passes its message as a string literal, so the bundle can be generated", () => {
  const defects = calls.filter((call) => call.defect !== undefined).map((call) => `${call.where}: ${call.defect}`);
  assert.deepEqual(defects, [], `l10n.t calls whose key cannot be read from the source:${list(defects)}`);
});

test("every l10n.t key in src/ is in l10n/bundle.l10n.json", () => {
  const missing = calls.filter((call) => call.key !== undefined && !Object.hasOwn(bundle, call.key)).map((call) => `${call.where}: ${JSON.stringify(call.key)}`);
  assert.deepEqual(missing, [], `keys missing from l10n/bundle.l10n.json; ${REGENERATE}:${list(missing)}`);
});

test("l10n/bundle.l10n.json has no key that src/ no longer uses", () => {
  const used = new Set(calls.map((call) => call.key));
  const stale = Object.keys(bundle).filter((key) => !used.has(key));
  assert.deepEqual(stale, [], `stale keys in l10n/bundle.l10n.json; ${REGENERATE}:${list(stale.map((key) => JSON.stringify(key)))}`);
});

test("every bundle message has the same placeholders as its key", () => {
  const mismatched = Object.entries(bundle)
    .filter(([key, entry]) => {
      const keyMessage = typeof entry === "string" ? key : entry.message;
      return messageOf(entry) === undefined || placeholders(keyMessage).join() !== placeholders(messageOf(entry) ?? "").join();
    })
    .map(([key]) => JSON.stringify(key));
  assert.deepEqual(mismatched, [], `bundle messages whose {0}, {1} placeholders differ from their key; ${REGENERATE}:${list(mismatched)}`);
});

test("every l10n.t call passes one value per positional placeholder", () => {
  const wrong = calls
    .filter((call) => call.message !== undefined && call.positionalArgs !== undefined)
    .filter((call) => {
      const indices = placeholders(call.message ?? "").flatMap((placeholder) => (/^\{\d+\}$/.test(placeholder) ? [Number(placeholder.slice(1, -1))] : []));
      return call.positionalArgs !== (indices.length === 0 ? 0 : Math.max(...indices) + 1);
    })
    .map((call) => `${call.where}: ${JSON.stringify(call.message)} with ${call.positionalArgs} value(s)`);
  assert.deepEqual(wrong, [], `l10n.t calls whose values do not match their placeholders:${list(wrong)}`);
});

// ── manifest strings: package.json ↔ package.nls.json ──

const PLACEHOLDER = /^%([^%\s]+)%$/;
const manifest = readJson<Record<string, unknown>>("package.json");
const nls = readJson<Bundle>("package.nls.json");

/** Every string in a JSON value, with its path, e.g. `contributes.commands[0].title`. */
function stringsIn(value: unknown, path: string): { path: string; field: string; text: string }[] {
  if (typeof value === "string") return [{ path, field: path.replace(/\[\d+\]$/, "").split(".").at(-1) ?? "", text: value }];
  if (Array.isArray(value)) return value.flatMap((item, index) => stringsIn(item, `${path}[${index}]`));
  if (value !== null && typeof value === "object") return Object.entries(value).flatMap(([key, item]) => stringsIn(item, path === "" ? key : `${path}.${key}`));
  return [];
}

/** Manifest fields VS Code or the Marketplace shows to a person. */
const USER_VISIBLE_FIELDS = new Set([
  "displayName",
  "description",
  "markdownDescription",
  "title",
  "shortTitle",
  "category",
  "label",
  "name",
  "altText",
  "enumDescriptions",
  "markdownEnumDescriptions",
  "enumItemLabels",
  "deprecationMessage",
  "markdownDeprecationMessage",
]);
const manifestStrings = stringsIn({ displayName: manifest.displayName, description: manifest.description, capabilities: manifest.capabilities, contributes: manifest.contributes }, "");
const usedNlsKeys = stringsIn(manifest, "").flatMap(({ text }) => PLACEHOLDER.exec(text)?.[1] ?? []);

test("every %key% in package.json is in package.nls.json", () => {
  const missing = usedNlsKeys.filter((key) => messageOf(nls[key]) === undefined);
  assert.deepEqual(missing, [], `add these keys, with their English text, to package.nls.json:${list(missing)}`);
});

test("every package.nls.json key is used by package.json", () => {
  const used = new Set(usedNlsKeys);
  const unused = Object.keys(nls).filter((key) => !used.has(key));
  assert.deepEqual(unused, [], `remove these keys from package.nls.json, or use them in package.json as "%key%":${list(unused)}`);
});

test("no user-visible manifest string is left as literal text", () => {
  const literals = manifestStrings.filter(({ field, text }) => USER_VISIBLE_FIELDS.has(field) && !PLACEHOLDER.test(text)).map(({ path, text }) => `${path}: ${JSON.stringify(text)}`);
  assert.deepEqual(literals, [], `move these strings to package.nls.json and put "%key%" in package.json (e.g. command.<id>.title, setting.<key>.description):${list(literals)}`);
});

test("package.json points VS Code at the runtime bundle", () => {
  assert.equal(manifest.l10n, "./l10n");
});
