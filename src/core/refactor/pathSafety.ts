import { failure } from "../result.ts";
import type { Failure, Result } from "../result.ts";

/**
 * Where a model's edit may land (DESIGN §1 refactors, §2): only inside a workspace folder, only
 * in a file the request included, or in a new file the user confirms. A path from a model is
 * untrusted input, so everything that could reach outside is refused rather than repaired:
 * absolute paths, `..`, drive letters and backslashes, control and bidi characters, names Windows
 * silently rewrites (`a.ts.`, `CON`), `.git`, and symlinks that lead out of the folder.
 *
 * Request paths are workspace-relative with forward slashes: relative to the folder in a
 * single-root workspace, `folderName/relative` in a multi-root one (as VS Code's
 * `asRelativePath(uri, true)` writes them). `workspaceRelativePath` makes them.
 */

export type PathRejectionKind =
  | "empty"
  | "not-a-file"
  | "control-character"
  | "absolute"
  /** Drive letters, backslashes, colons, characters or names Windows treats specially. */
  | "windows-path"
  | "parent-segment"
  /** `.git` anywhere, or a new file under a folder's `.vscode` (tasks there can run on open). */
  | "protected"
  | "outside-workspace"
  /** An existing file the request did not include. */
  | "not-requested"
  /** The edit creates a file, but something is already at that path. */
  | "new-file-exists"
  | "symlink-escape"
  /** The file system could not say where the path leads (missing file, loop, permission). */
  | "unresolvable";

/**
 * Why a path is refused, as a code with its parameters (one per sentence the user may read;
 * pathWords.ts words them). `kind` groups them for the refactor error's lead and for tests.
 */
export type PathProblem =
  | { code: "empty" }
  | { code: "control-character" }
  | { code: "drive-letter" }
  | { code: "backslash" }
  | { code: "absolute" }
  | { code: "home-directory" }
  | { code: "colon" }
  | { code: "windows-character" }
  | { code: "folder" }
  | { code: "parent-segment" }
  | { code: "trailing-dot-or-space"; segment: string }
  | { code: "reserved-name"; segment: string }
  | { code: "inside-git" }
  | { code: "no-workspace-folder" }
  | { code: "unknown-folder"; folders: readonly string[] }
  | { code: "new-file-was-sent" }
  | { code: "new-file-in-vscode" }
  | { code: "not-requested" }
  | { code: "cannot-resolve"; errorCode: string }
  | { code: "folder-missing"; folder: string }
  | { code: "folder-unresolvable"; folder: string; errorCode: string }
  | { code: "no-longer-exists" }
  | { code: "new-file-exists" }
  | { code: "symlink-escape" }
  | { code: "dangling-symlink" };

export interface PathRejection {
  kind: PathRejectionKind;
  /** The path as the model wrote it. */
  path: string;
  problem: PathProblem;
}

export interface WorkspaceFolderRoot {
  name: string;
  /** Absolute POSIX path (`/home/me/shop`; on Windows the URI path, `/c:/Users/me/shop`). */
  root: string;
}

export type PathSyntaxResult = Result<{ path: string }, PathRejection>;

// C0/C1 controls, zero-width characters, bidi overrides and isolates ("Trojan Source"), BOM.
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/;
const WINDOWS_RESERVED = /^(?:con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])(?:\..*)?$/i;
const WINDOWS_INVALID = /[<>"|?*]/;

/**
 * Checks a path's spelling alone, without any workspace: the normalised request path
 * (`./src//a.ts` → `src/a.ts`) or why it is refused.
 */
export function checkPathSyntax(path: string): PathSyntaxResult {
  const reject = (kind: PathRejectionKind, problem: PathProblem): PathSyntaxResult => failure({ kind, path, problem });

  if (path.trim() === "") return reject("empty", { code: "empty" });
  if (INVISIBLE.test(path)) return reject("control-character", { code: "control-character" });
  if (/^[a-z]:/i.test(path)) return reject("windows-path", { code: "drive-letter" });
  if (path.includes("\\")) return reject("windows-path", { code: "backslash" });
  if (path.startsWith("/")) return reject("absolute", { code: "absolute" });
  if (path.startsWith("~")) return reject("absolute", { code: "home-directory" });
  if (path.includes(":")) return reject("windows-path", { code: "colon" });
  if (WINDOWS_INVALID.test(path)) return reject("windows-path", { code: "windows-character" });
  if (path.endsWith("/")) return reject("not-a-file", { code: "folder" });

  const segments = path.split("/").filter((segment) => segment !== "" && segment !== ".");
  if (segments.length === 0) return reject("not-a-file", { code: "folder" });
  for (const segment of segments) {
    if (segment === "..") return reject("parent-segment", { code: "parent-segment" });
    if (/[. ]$/.test(segment)) return reject("windows-path", { code: "trailing-dot-or-space", segment });
    if (WINDOWS_RESERVED.test(segment)) return reject("windows-path", { code: "reserved-name", segment });
    if (segment.toLowerCase() === ".git") return reject("protected", { code: "inside-git" });
  }
  return { ok: true, path: segments.join("/") };
}

export interface LexicalOptions {
  /** The request paths of the files the request sent. */
  requestedPaths: readonly string[];
  /** The edit creates this file (the host asks the user to confirm it). */
  isNew?: boolean;
}

export interface ResolveEditPathOptions extends LexicalOptions {
  /**
   * Resolves symlinks (`fs.promises.realpath`, taking and giving the same path form as the folder
   * roots). A missing path is reported by throwing an error with code `ENOENT` or `ENOTDIR`.
   * Without it only the spelling is checked, not where links lead.
   */
  realpath?: (absolute: string) => Promise<string>;
  /**
   * Anything at the path, not following links (`fs.promises.lstat`); throws `ENOENT` when nothing
   * is there. Lets a dangling symlink, which `realpath` reports as missing, be refused as a new file.
   */
  lstat?: (absolute: string) => Promise<unknown>;
}

export type ResolvedEditPath =
  | {
      ok: true;
      /** The normalised request path. */
      path: string;
      absolute: string;
      folder: WorkspaceFolderRoot;
      /** Relative to `folder.root`. */
      relative: string;
      isNew: boolean;
    }
  | Failure<PathRejection>;

/** Spelling, workspace folder and request membership; no file system access. */
export function resolveEditPathLexically(path: string, folders: readonly WorkspaceFolderRoot[], options: LexicalOptions): ResolvedEditPath {
  const syntax = checkPathSyntax(path);
  if (!syntax.ok) return syntax;
  const reject = (kind: PathRejectionKind, problem: PathProblem): ResolvedEditPath => failure({ kind, path, problem });

  const located = locateFolder(syntax.path, folders);
  if (located === undefined) {
    if (folders.length === 0) return reject("outside-workspace", { code: "no-workspace-folder" });
    return reject("outside-workspace", { code: "unknown-folder", folders: folders.map((folder) => folder.name) });
  }
  const { folder, relative } = located;
  const requested = new Set(options.requestedPaths.map(normalisedOrSelf));
  const isNew = options.isNew ?? false;
  if (isNew) {
    if (requested.has(syntax.path)) return reject("new-file-exists", { code: "new-file-was-sent" });
    if (relative.split("/")[0]?.toLowerCase() === ".vscode") return reject("protected", { code: "new-file-in-vscode" });
  } else if (!requested.has(syntax.path)) {
    return reject("not-requested", { code: "not-requested" });
  }
  return { ok: true, path: syntax.path, absolute: joinRoot(folder.root, relative), folder, relative, isNew };
}

/**
 * Everything `resolveEditPathLexically` checks, then, given `realpath`, where the path really
 * leads: an existing file must resolve inside its folder's real root; for a new file nothing may
 * exist at the path yet (not even a dangling link) and its nearest existing ancestor must
 * resolve inside the folder.
 */
export async function resolveEditPath(path: string, folders: readonly WorkspaceFolderRoot[], options: ResolveEditPathOptions): Promise<ResolvedEditPath> {
  const lexical = resolveEditPathLexically(path, folders, options);
  if (!lexical.ok || options.realpath === undefined) return lexical;
  const { realpath, lstat } = options;
  const reject = (kind: PathRejectionKind, problem: PathProblem): ResolvedEditPath => failure({ kind, path, problem });
  const unresolved = (errorCode: string): ResolvedEditPath => reject("unresolvable", { code: "cannot-resolve", errorCode });
  const escaped = (): ResolvedEditPath => reject("symlink-escape", { code: "symlink-escape" });

  const root = stripTrailingSlash(lexical.folder.root);
  const realRoot = await probe(realpath, root);
  if (realRoot.state === "missing") return reject("unresolvable", { code: "folder-missing", folder: lexical.folder.name });
  if (realRoot.state === "error") return reject("unresolvable", { code: "folder-unresolvable", folder: lexical.folder.name, errorCode: realRoot.code });
  const escapes = (real: string): boolean => !isInside(real, realRoot.real);

  const target = await probe(realpath, lexical.absolute);
  if (target.state === "error") return unresolved(target.code);
  if (!lexical.isNew) {
    if (target.state === "missing") return reject("unresolvable", { code: "no-longer-exists" });
    if (escapes(target.real)) return escaped();
    return lexical;
  }

  if (target.state === "found") return reject("new-file-exists", { code: "new-file-exists" });
  // Walk up to the nearest existing ancestor: that is where the new file's folders get created.
  for (let current = lexical.absolute; current.length > root.length; current = parentOf(current)) {
    const found = current === lexical.absolute ? target : await probe(realpath, current);
    if (found.state === "error") return unresolved(found.code);
    if (found.state === "found") return escapes(found.real) ? escaped() : lexical;
    // realpath says "missing" for a dangling link too; writing through it would land wherever it points.
    if (lstat !== undefined && (await probeExists(lstat, current))) return reject("symlink-escape", { code: "dangling-symlink" });
  }
  return lexical;
}

/**
 * The request path of an absolute path, or undefined outside every folder; the innermost folder
 * wins when folders nest.
 */
export function workspaceRelativePath(absolute: string, folders: readonly WorkspaceFolderRoot[]): string | undefined {
  let best: { folder: WorkspaceFolderRoot; relative: string } | undefined;
  for (const folder of folders) {
    const root = stripTrailingSlash(folder.root);
    const prefix = root === "/" ? "/" : `${root}/`;
    if (!absolute.startsWith(prefix) || absolute.length <= prefix.length) continue;
    if (best === undefined || root.length > stripTrailingSlash(best.folder.root).length) best = { folder, relative: absolute.slice(prefix.length) };
  }
  if (best === undefined) return undefined;
  return folders.length === 1 ? best.relative : `${best.folder.name}/${best.relative}`;
}

function locateFolder(path: string, folders: readonly WorkspaceFolderRoot[]): { folder: WorkspaceFolderRoot; relative: string } | undefined {
  const [only] = folders;
  if (folders.length === 1 && only !== undefined) return { folder: only, relative: path };
  const slash = path.indexOf("/");
  if (slash <= 0) return undefined;
  const name = path.slice(0, slash);
  const matching = folders.filter((folder) => folder.name === name);
  // Two folders with one name: the prefix cannot say which is meant.
  const [folder] = matching;
  if (matching.length !== 1 || folder === undefined) return undefined;
  return { folder, relative: path.slice(slash + 1) };
}

function normalisedOrSelf(path: string): string {
  const syntax = checkPathSyntax(path);
  return syntax.ok ? syntax.path : path;
}

type Probe = { state: "found"; real: string } | { state: "missing" } | { state: "error"; code: string };

async function probe(realpath: (absolute: string) => Promise<string>, absolute: string): Promise<Probe> {
  try {
    // Real paths come from the file system, not the model: Windows separators are safe to fold.
    return { state: "found", real: stripTrailingSlash((await realpath(absolute)).replaceAll("\\", "/")) };
  } catch (error) {
    const code = errorCode(error);
    return code === "ENOENT" || code === "ENOTDIR" ? { state: "missing" } : { state: "error", code: code ?? "unknown error" };
  }
}

async function probeExists(lstat: (absolute: string) => Promise<unknown>, absolute: string): Promise<boolean> {
  try {
    await lstat(absolute);
    return true;
  } catch {
    return false;
  }
}

function errorCode(error: unknown): string | undefined {
  if (typeof error !== "object" || error === null || !("code" in error)) return undefined;
  return typeof error.code === "string" ? error.code : undefined;
}

function isInside(child: string, parent: string): boolean {
  if (parent === "" || parent === "/") return child.startsWith("/");
  return child === parent || child.startsWith(`${parent}/`);
}

function joinRoot(root: string, relative: string): string {
  const base = stripTrailingSlash(root);
  return base === "/" ? `/${relative}` : `${base}/${relative}`;
}

function parentOf(absolute: string): string {
  const slash = absolute.lastIndexOf("/");
  return slash <= 0 ? "/" : absolute.slice(0, slash);
}

function stripTrailingSlash(path: string): string {
  return path.length > 1 ? path.replace(/\/+$/, "") : path;
}

/** Makes control characters visible in messages instead of letting them act. */
export function printablePath(path: string): string {
  return path.replace(new RegExp(INVISIBLE.source, "g"), (char) => `\\u{${char.codePointAt(0)?.toString(16) ?? "?"}}`);
}
