/**
 * Relative imports of a source file, for "files it imports and that import it" in a multi-file
 * refactor. Only relative specifiers count: packages are not workspace files.
 */

const JS_IMPORT =
  /(?:\bimport\s+(?:type\s+)?(?:[\w*{}\s,$]+\s+from\s+)?|\bexport\s+(?:type\s+)?(?:\*(?:\s+as\s+\w+)?|\{[^}]*\})\s+from\s+|\brequire\s*\(\s*|\bimport\s*\(\s*)["'](\.{1,2}\/[^"'\n]+)["']/g;
const PY_IMPORT = /^\s*from\s+(\.+)([\w.]*)\s+import\b/gm;

const JS_EXTENSIONS = [".ts", ".tsx", ".js", ".jsx", ".mjs", ".cjs", ".mts", ".cts"];

/** The relative module specifiers a file imports, in order of appearance, without duplicates. */
export function findRelativeImports(text: string, languageId: string): string[] {
  const found: string[] = [];
  if (languageId === "python") {
    for (const match of text.matchAll(PY_IMPORT)) {
      const dots = match[1] ?? ".";
      const module = (match[2] ?? "").replace(/\./g, "/");
      const up = dots.length > 1 ? "../".repeat(dots.length - 1) : "./";
      if (module) found.push(`${up}${module}`);
    }
  } else {
    for (const match of text.matchAll(JS_IMPORT)) if (match[1]) found.push(match[1]);
  }
  return [...new Set(found)];
}

/**
 * Workspace-relative paths a specifier may name, most likely first: the path as written, with
 * each source extension, as a folder's index file; `.js` written for a `.ts` source (ESM style).
 */
export function importCandidates(fromPath: string, specifier: string, languageId: string): string[] {
  const base = joinPath(dirname(fromPath), specifier);
  if (base === undefined) return [];
  if (languageId === "python") return [`${base}.py`, `${base}/__init__.py`];
  const withoutJs = base.replace(/\.(m|c)?js$/, "");
  const candidates = [base, ...JS_EXTENSIONS.map((extension) => `${withoutJs}${extension}`), ...JS_EXTENSIONS.map((extension) => `${base}/index${extension}`)];
  return [...new Set(candidates)];
}

function dirname(path: string): string {
  const slash = path.lastIndexOf("/");
  return slash < 0 ? "" : path.slice(0, slash);
}

/** Joins and normalises; undefined when `..` climbs above the root. */
function joinPath(directory: string, relative: string): string | undefined {
  const segments = directory === "" ? [] : directory.split("/");
  for (const segment of relative.split("/")) {
    if (segment === "" || segment === ".") continue;
    if (segment === "..") {
      if (segments.length === 0) return undefined;
      segments.pop();
    } else {
      segments.push(segment);
    }
  }
  return segments.join("/");
}
