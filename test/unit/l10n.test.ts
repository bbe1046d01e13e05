// Localisation: every user-visible string goes through `vscode.l10n.t` (host code), `l10n.t` from
// @vscode/l10n (the panel's webview/ and the core's src/core/, which have no `vscode` module) or a
// `%key%` placeholder (package.json), and the English bundles hold exactly the keys in use.
//   l10n/bundle.l10n.json  the runtime strings, generated from src/ and webview/ by `npm run l10n`
//   package.nls.json       the manifest strings, edited by hand (key scheme: `command.<id>.title`,
//                          `setting.<key>.description`, `setting.<key>.enumDescription.<value>`,
//                          `walkthrough.<id>.step.<id>.title|description`)
// The calls are found with the TypeScript compiler API, so a call split over lines counts; the
// scanner is tested on a sample first, so a broken scanner cannot pass the real files vacuously.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { API } from "typescript-native/unstable/sync";
import type { CallExpression, Expression, Node, SourceFile } from "typescript-native/unstable/ast";
import {
  isArrayLiteralExpression,
  isBinaryExpression,
  isCallExpression,
  isConditionalExpression,
  isEqualsToken,
  isFunctionLikeDeclaration,
  isIdentifier,
  isImportDeclaration,
  isNamespaceImport,
  isNoSubstitutionTemplateLiteral,
  isObjectLiteralExpression,
  isParenthesizedExpression,
  isPropertyAccessExpression,
  isPropertyAssignment,
  isSpreadElement,
  isStringLiteral,
  isTaggedTemplateExpression,
  isTemplateExpression,
} from "typescript-native/unstable/ast/is";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const REGENERATE = "run `npm run l10n` to regenerate l10n/bundle.l10n.json from src/ and webview/";

/** One `l10n.t(…)` call: its bundle key, or why no key can be read from it. */
interface L10nCall {
  where: string;
  key?: string;
  message?: string;
  /** Positional values passed after the message; undefined when they are named or spread. */
  positionalArgs?: number;
  defect?: string;
  /** Outside any function: it runs when the module loads, before the webview can load its bundle. */
  atLoad: boolean;
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
function readCall(call: CallExpression, where: string): Omit<L10nCall, "atLoad"> {
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
    const comments =
      comment === undefined ? [] : isArrayLiteralExpression(comment) ? comment.elements.map((element) => literalText(element)) : [literalText(comment)];
    if (objectMessage !== undefined && comments.length > 0 && comments.every((text) => text !== undefined)) {
      return { where, key: `${objectMessage}/${comments.join("")}`, message: objectMessage };
    }
    return { where, defect: "an options object without a literal `message` and a literal `comment`" };
  }
  if (first && isTemplateExpression(first)) return { where, defect: 'a template literal with ${…}; write "… {0} …" and pass the value as an argument' };
  return { where, defect: `a non-literal first argument (${first ? first.getText() : "none"}); pass a string literal` };
}

/** Properties and attributes whose value a person reads or hears. */
const TEXT_SINKS = new Set([
  "textContent",
  "innerText",
  "title",
  "label",
  "text",
  "placeholder",
  "alt",
  "aria-label",
  "ariaLabel",
  "aria-valuetext",
  "ariaValueText",
]);
/**
 * Helpers that put an argument on the page as text, and which argument (the panel had such DOM
 * helpers before its Lit templates; the scanner keeps reading them).
 */
const TEXT_ARGUMENTS: Record<string, number> = { setText: 1, svgElement: 2 };

/** A literal that reaches a text sink without l10n.t; `text` has `{}` where a template has a value. */
interface TextLiteral {
  where: string;
  text: string;
}

interface Scan {
  calls: L10nCall[];
  /** How many text sinks were looked at: a scan that finds none proves nothing. */
  sinks: number;
  /** English-looking literals in those sinks; only the webview's are asserted on (see below). */
  literals: TextLiteral[];
}

/** Looks like words a person reads: a capitalised word ("Cost", "Model {}") or two words ("not sent"). */
function looksLikeEnglish(text: string): boolean {
  return /^[A-Z][a-z]+\b/.test(text.trim()) || /[A-Za-z]{2,}[\s,:;]+[A-Za-z]{2,}/.test(text);
}

/** The literal text that can end up as `node`'s value: through ?:, ||, ??, + and templates, never through a call. */
function textParts(node: Expression): { node: Node; text: string }[] {
  if (isStringLiteral(node) || isNoSubstitutionTemplateLiteral(node)) return [{ node, text: node.text }];
  if (isTemplateExpression(node)) {
    const text = node.head.text + node.templateSpans.map((span) => `{}${span.literal.text}`).join("");
    return [{ node, text }, ...node.templateSpans.flatMap((span) => textParts(span.expression))];
  }
  if (isParenthesizedExpression(node)) return textParts(node.expression);
  if (isConditionalExpression(node)) return [...textParts(node.whenTrue), ...textParts(node.whenFalse)];
  if (isBinaryExpression(node) && !isEqualsToken(node.operatorToken)) return [...textParts(node.left), ...textParts(node.right)];
  return [];
}

function sinkName(node: Node | undefined): string | undefined {
  if (!node) return undefined;
  if (isIdentifier(node) || isStringLiteral(node)) return node.text;
  return undefined;
}

/** The expression `node` puts into a text sink, if it is one: `x.title = …`, `{ text: … }`, `setAttribute("aria-label", …)`, `setText(node, …)`. */
function sinkValue(node: Node): Expression | undefined {
  if (isBinaryExpression(node) && isEqualsToken(node.operatorToken) && isPropertyAccessExpression(node.left) && TEXT_SINKS.has(node.left.name.text))
    return node.right;
  if (isPropertyAssignment(node) && TEXT_SINKS.has(sinkName(node.name) ?? "")) return node.initializer;
  if (isCallExpression(node)) {
    const callee = node.expression;
    if (isPropertyAccessExpression(callee) && callee.name.text === "setAttribute" && TEXT_SINKS.has(literalText(node.arguments[0]) ?? ""))
      return node.arguments[1];
    const index = isIdentifier(callee) ? TEXT_ARGUMENTS[callee.text] : undefined;
    if (index !== undefined) return node.arguments[index];
  }
  return undefined;
}

/** Lit's template tags: the panel's markup is written in them (webview/*.ts). */
const TEMPLATE_TAGS = new Set(["html", "svg"]);
/** Names, the same in every language: not English to translate. */
const NAMES = new Set(["Junction"]);
/** Stands for a `${…}` in a template's markup while it is read. */
const HOLE = "\u0000";

interface TemplateSinks {
  /** The expressions the template puts in text or in a text attribute. */
  values: Expression[];
  /** Text written into the markup itself: between tags, or as a text attribute's value. */
  texts: string[];
}

/**
 * What a Lit template (html`…`, svg`…`) shows as text: each `${…}` in a text position or in the
 * value of a text attribute (`title=${…}`, `aria-label="${…}: ${…}"`, `.label=${…}`), and the
 * markup's own text and text attributes, with `{}` for the values inside them.
 */
function templateSinks(template: Expression): TemplateSinks {
  if (isNoSubstitutionTemplateLiteral(template)) return { values: [], texts: markupTexts(template.text) };
  if (!isTemplateExpression(template)) return { values: [], texts: [] };
  const values: Expression[] = [];
  let markup = template.head.text;
  for (const span of template.templateSpans) {
    const inTag = markup.lastIndexOf("<") > markup.lastIndexOf(">");
    const attribute = inTag ? /([\w.?@-]+)=["']?[^"'=<>]*$/.exec(markup)?.[1]?.replace(/^[.?@]/, "") : undefined;
    if (!inTag || (attribute !== undefined && TEXT_SINKS.has(attribute))) values.push(span.expression);
    markup += HOLE + span.literal.text;
  }
  return { values, texts: markupTexts(markup) };
}

function markupTexts(markup: string): string[] {
  const attributes = [...markup.matchAll(/\s([\w-]+)="([^"]*)"/g)].filter((match) => TEXT_SINKS.has(match[1] ?? "")).map((match) => match[2] ?? "");
  const between = markup.replace(/<[^>]*>/g, HOLE).split(HOLE);
  return [...attributes.map((text) => text.replaceAll(HOLE, "{}")), ...between].map((text) => text.trim()).filter((text) => text !== "" && !NAMES.has(text));
}

/** Every `l10n.t` call and every text sink in `files`, parsed as part of the TypeScript project of `tsconfig`. */
function scanProject(tsconfig: string, files: readonly string[]): Scan {
  const api = new API({ cwd: ROOT });
  try {
    const project = api.updateSnapshot({ openProjects: [tsconfig] }).getProjects()[0];
    assert.ok(project, `TypeScript opened ${tsconfig}`);
    const scan: Scan = { calls: [], sinks: 0, literals: [] };
    for (const file of files) {
      const sourceFile = project.program.getSourceFile(file);
      assert.ok(sourceFile, `${file} is part of the TypeScript project ${tsconfig}`);
      const where = (node: Node, source: SourceFile) => `${relative(ROOT, file)}:${source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1}`;
      const visit = (node: Node, inFunction: boolean): void => {
        if (isCallExpression(node) && isL10nT(node.expression)) scan.calls.push({ ...readCall(node, where(node, sourceFile)), atLoad: !inFunction });
        if (isTaggedTemplateExpression(node) && isL10nT(node.tag))
          scan.calls.push({ where: where(node, sourceFile), defect: "a tagged template; vscode.l10n.t is not a tag function", atLoad: !inFunction });
        const value = sinkValue(node);
        if (value !== undefined) {
          scan.sinks += 1;
          for (const part of textParts(value)) if (looksLikeEnglish(part.text)) scan.literals.push({ where: where(part.node, sourceFile), text: part.text });
        }
        if (isTaggedTemplateExpression(node) && isIdentifier(node.tag) && TEMPLATE_TAGS.has(node.tag.text)) {
          const sinks = templateSinks(node.template);
          scan.sinks += sinks.values.length;
          for (const text of sinks.texts) if (looksLikeEnglish(text)) scan.literals.push({ where: where(node, sourceFile), text });
          for (const part of sinks.values.flatMap((expression) => textParts(expression)))
            if (looksLikeEnglish(part.text)) scan.literals.push({ where: where(part.node, sourceFile), text: part.text });
        }
        const inner = inFunction || isFunctionLikeDeclaration(node);
        node.forEachChild((child) => visit(child, inner));
      };
      visit(sourceFile, false);
    }
    return scan;
  } finally {
    api.close();
  }
}

function scanL10nCalls(tsconfig: string, files: readonly string[]): L10nCall[] {
  return scanProject(tsconfig, files).calls;
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

/** Runs `read` over a one-file project in a temporary folder holding `lines`, then removes it. */
function withSampleProject<T>(lines: readonly string[], compilerOptions: object, read: (tsconfig: string, sample: string) => T): T {
  const dir = mkdtempSync(join(tmpdir(), "junction-l10n-"));
  try {
    const sample = join(dir, "sample.ts");
    writeFileSync(join(dir, "tsconfig.json"), JSON.stringify({ compilerOptions, files: ["sample.ts"] }));
    writeFileSync(sample, lines.join("\n"));
    return read(join(dir, "tsconfig.json"), sample);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// ── the scanner ──

test("the scanner reads literal, multi-line and commented calls, and reports every call it cannot read", () => {
  const lines = [
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
    'function later() { return vscode.l10n.t("In a function"); }',
  ];
  withSampleProject(lines, {}, (tsconfig, sample) => {
    // A defect is compared by its opening words: what kind of call it is, not the advice after it.
    const calls = scanL10nCalls(tsconfig, [sample]).map(({ where, key, positionalArgs, defect, atLoad }) => ({
      line: where.split(":").at(-1),
      key,
      positionalArgs,
      defect: defect?.replace(/\s*[;(].*$/, ""),
      atLoad,
    }));
    assert.deepEqual(calls, [
      { line: "3", key: "Plain {0}", positionalArgs: 1, defect: undefined, atLoad: true },
      { line: "4", key: "Split over {0} lines", positionalArgs: 1, defect: undefined, atLoad: true },
      { line: "8", key: "No substitution", positionalArgs: 0, defect: undefined, atLoad: true },
      { line: "9", key: "Save/verbon a button", positionalArgs: undefined, defect: undefined, atLoad: true },
      { line: "10", key: "Named {who}", positionalArgs: undefined, defect: undefined, atLoad: true },
      { line: "11", key: undefined, positionalArgs: undefined, defect: "a template literal with ${…}", atLoad: true },
      { line: "12", key: undefined, positionalArgs: undefined, defect: "a non-literal first argument", atLoad: true },
      { line: "13", key: undefined, positionalArgs: undefined, defect: "a tagged template", atLoad: true },
      { line: "15", key: "In a function", positionalArgs: 0, defect: undefined, atLoad: false },
    ]);
  });
});

test("the text check flags English literals that reach textContent, title, labels or setText without l10n.t", () => {
  const lines = [
    'import * as l10n from "@vscode/l10n";',
    "declare const node: HTMLElement, count: number, name: string;",
    "declare function setText(node: HTMLElement, text: string): void;",
    "declare function element(tag: string, options: object): HTMLElement;",
    'node.textContent = "No requests yet";',
    'node.title = count > 0 ? "" : "not billed";',
    'node.setAttribute("aria-label", `Page ${count} of 3`);',
    'setText(node, "Cost");',
    'element("li", { text: `${name} ` + "left over", attributes: { "aria-label": "Show requests" } });',
    'node.textContent = l10n.t("No requests yet");',
    'node.title = l10n.t("Model {0}", name);',
    'node.setAttribute("aria-label", `${name}: ${count}`);',
    'element("li", { className: "why-first", text: name, attributes: { "aria-hidden": "true" } });',
    'setText(node, String(count) + " %");',
    'node.dataset.state = "not a sink";',
  ];
  withSampleProject(lines, { lib: ["ES2023", "DOM"] }, (tsconfig, sample) => {
    const scan = scanProject(tsconfig, [sample]);
    assert.deepEqual(
      scan.literals.map(({ where, text }) => `${where.split(":").at(-1)} ${text}`),
      ["5 No requests yet", "6 not billed", "7 Page {} of 3", "8 Cost", "9 left over", "9 Show requests"],
    );
    assert.equal(scan.sinks, 11, "every textContent, title, aria-label, text and setText counts as a sink");
  });
});

test("the text check reads Lit templates: text between tags, text attributes and the values put there", () => {
  const lines = [
    'import * as l10n from "@vscode/l10n";',
    "declare const count: number, name: string;",
    "declare function html(strings: TemplateStringsArray, ...values: unknown[]): unknown;",
    "declare function svg(strings: TemplateStringsArray, ...values: unknown[]): unknown;",
    "html`<h2>Totals</h2>`;",
    'html`<button title="Open the log">${l10n.t("Open log")}</button>`;',
    'html`<span aria-label=${count > 0 ? "Some requests" : name} class=${"not a sink"}>${name}</span>`;',
    'html`<p>${"No requests yet"}</p>`;',
    'svg`<text x=${count}>${count > 1 ? "Many requests" : ""}</text>`;',
    'html`<vscode-radio .label=${`${name} (${count})`} label="${name}: ${count} requests left"></vscode-radio>`;',
    "html`<h1>Junction</h1>`;",
    'html`<li data-id=${name}>${l10n.t("Model {0}", name)} · ${count}</li>`;',
    "other`<h2>Not a template of the panel</h2>`;",
  ];
  withSampleProject(lines, { lib: ["ES2023", "DOM"] }, (tsconfig, sample) => {
    const scan = scanProject(tsconfig, [sample]);
    assert.deepEqual(
      scan.literals.map(({ where, text }) => `${where.split(":").at(-1)} ${text}`),
      ["5 Totals", "6 Open the log", "7 Some requests", "8 No requests yet", "9 Many requests", "10 {}: {} requests left"],
    );
    assert.equal(scan.sinks, 10, "each value in text or in a text attribute counts as a sink; data-id, class and x do not");
  });
});

// ── runtime strings: src/ and webview/ ↔ l10n/bundle.l10n.json ──

const webviewFiles = sourceFilesUnder(join(ROOT, "webview"));
const wordsFiles = sourceFilesUnder(join(ROOT, "src", "words"));
const srcScan = scanProject(join(ROOT, "tsconfig.json"), sourceFilesUnder(join(ROOT, "src")));
const wordsScan: Scan = { ...srcScan, calls: srcScan.calls.filter((call) => call.where.startsWith(`src${sep}words${sep}`)) };
const coreCalls = srcScan.calls.filter((call) => call.where.startsWith(`src${sep}core${sep}`));
const webviewScan = scanProject(join(ROOT, "tsconfig.json"), webviewFiles);
const calls = [...srcScan.calls, ...webviewScan.calls];
const bundle = readJson<Bundle>("l10n/bundle.l10n.json");

test("src/ calls vscode.l10n.t at all (a scan that finds nothing proves nothing)", () => {
  assert.ok(srcScan.calls.filter((call) => call.key !== undefined).length >= 50, `found only ${srcScan.calls.length} l10n.t calls in src/`);
});

test("webview/ calls l10n.t at all (a scan that finds nothing proves nothing)", () => {
  assert.ok(webviewScan.calls.filter((call) => call.key !== undefined).length >= 50, `found only ${webviewScan.calls.length} l10n.t calls in webview/`);
  assert.ok(webviewScan.sinks >= 30, `found only ${webviewScan.sinks} text sinks (textContent, title, labels, setText, Lit template text) in webview/`);
});

/**
 * Files under `dir` that import `vscode`, or call l10n.t without `import * as l10n from "@vscode/l10n"`:
 * the webview and the core have no vscode module and take l10n.t from the library instead.
 */
function filesTakingL10nWrongly(files: readonly string[], scan: Scan): string[] {
  const api = new API({ cwd: ROOT });
  try {
    const project = api.updateSnapshot({ openProjects: [join(ROOT, "tsconfig.json")] }).getProjects()[0];
    assert.ok(project);
    return files.filter((file) => {
      const sourceFile = project.program.getSourceFile(file);
      assert.ok(sourceFile, file);
      const imports = sourceFile.statements.filter(isImportDeclaration);
      const fromL10n = imports.some(
        (statement) =>
          literalText(statement.moduleSpecifier) === "@vscode/l10n" &&
          statement.importClause?.namedBindings !== undefined &&
          isNamespaceImport(statement.importClause.namedBindings) &&
          statement.importClause.namedBindings.name.text === "l10n",
      );
      const fromVscode = imports.some((statement) => literalText(statement.moduleSpecifier) === "vscode");
      const callsT = scan.calls.some((call) => call.where.startsWith(`${relative(ROOT, file)}:`));
      return fromVscode || (callsT && !fromL10n);
    });
  } finally {
    api.close();
  }
}

test("webview/ takes l10n from @vscode/l10n: the webview has no vscode module", () => {
  assert.deepEqual(
    filesTakingL10nWrongly(webviewFiles, webviewScan),
    [],
    'webview files that call l10n.t must `import * as l10n from "@vscode/l10n"` (and never import vscode)',
  );
});

test("src/core/ words nothing: it decides in codes, and src/words turns them into the user's language", () => {
  assert.deepEqual(
    coreCalls.map((call) => `${call.where}: ${JSON.stringify(call.key)}`),
    [],
    "the core calls l10n.t: return a code with its parameters and word it in src/words",
  );
});

test("src/words/ calls l10n.t from @vscode/l10n, never from vscode, and words the core's codes with it", () => {
  assert.deepEqual(
    filesTakingL10nWrongly(wordsFiles, wordsScan),
    [],
    'words files that call l10n.t must `import * as l10n from "@vscode/l10n"` (and never import vscode)',
  );
  assert.ok(wordsScan.calls.filter((call) => call.key !== undefined).length >= 100, `found only ${wordsScan.calls.length} l10n.t calls in src/words/`);
});

test("no l10n.t call of src/words runs when its module loads, before activation has given @vscode/l10n the bundle", () => {
  const early = wordsScan.calls.filter((call) => call.atLoad).map((call) => `${call.where}: ${JSON.stringify(call.key)}`);
  assert.deepEqual(early, [], `move these into a function called at use time (a constant would keep the English):${list(early)}`);
});

test("no English literal reaches the panel's text without l10n.t", () => {
  const literals = webviewScan.literals.map(({ where, text }) => `${where}: ${JSON.stringify(text)}`);
  assert.deepEqual(literals, [], `wrap these in l10n.t(…), values as {0}, {1}; then ${REGENERATE}:${list(literals)}`);
});

test("no webview l10n.t call runs when its module loads, before webview/main.ts has loaded the bundle", () => {
  const early = webviewScan.calls.filter((call) => call.atLoad).map((call) => `${call.where}: ${JSON.stringify(call.key)}`);
  assert.deepEqual(early, [], `move these into a function called at render time (a constant would keep the English):${list(early)}`);
});

test("every l10n.t call passes its message as a string literal, so the bundle can be generated", () => {
  const defects = calls.filter((call) => call.defect !== undefined).map((call) => `${call.where}: ${call.defect}`);
  assert.deepEqual(defects, [], `l10n.t calls whose key cannot be read from the source:${list(defects)}`);
});

test("every l10n.t key in src/ and webview/ is in l10n/bundle.l10n.json", () => {
  const missing = calls
    .filter((call) => call.key !== undefined && !Object.hasOwn(bundle, call.key))
    .map((call) => `${call.where}: ${JSON.stringify(call.key)}`);
  assert.deepEqual(missing, [], `keys missing from l10n/bundle.l10n.json; ${REGENERATE}:${list(missing)}`);
});

test("l10n/bundle.l10n.json has no key that src/ and webview/ no longer use", () => {
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
  if (typeof value === "string")
    return [
      {
        path,
        field:
          path
            .replace(/\[\d+\]$/, "")
            .split(".")
            .at(-1) ?? "",
        text: value,
      },
    ];
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
const manifestStrings = stringsIn(
  { displayName: manifest.displayName, description: manifest.description, capabilities: manifest.capabilities, contributes: manifest.contributes },
  "",
);
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
  const literals = manifestStrings
    .filter(({ field, text }) => USER_VISIBLE_FIELDS.has(field) && !PLACEHOLDER.test(text))
    .map(({ path, text }) => `${path}: ${JSON.stringify(text)}`);
  assert.deepEqual(
    literals,
    [],
    `move these strings to package.nls.json and put "%key%" in package.json (e.g. command.<id>.title, setting.<key>.description):${list(literals)}`,
  );
});

test("package.json points VS Code at the runtime bundle", () => {
  assert.equal(manifest.l10n, "./l10n");
});
