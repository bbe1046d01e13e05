// resolveEditPath (DESIGN §1–§2): a path from a model's answer is untrusted. An edit lands only
// inside a workspace folder, only in a file the request sent or in a new file, and never through
// a symlink that leads out of the folder. Everything that could escape is refused, not repaired.
import { test } from "node:test";
import assert from "node:assert/strict";
import { checkPathSyntax, resolveEditPath, resolveEditPathLexically, workspaceRelativePath } from "../../src/core/refactor/pathSafety.ts";
import { wordPathRejection } from "../../src/words/pathWords.ts";
import type { PathProblem, PathRejectionKind, ResolvedEditPath, ResolveEditPathOptions, WorkspaceFolderRoot } from "../../src/core/refactor/pathSafety.ts";

const SHOP: WorkspaceFolderRoot = { name: "shop", root: "/home/dev/shop" };
const BILLING: WorkspaceFolderRoot = { name: "billing", root: "/home/dev/billing/" };
const REQUESTED = ["src/cart.ts", "src/money.ts", ".vscode/settings.json"];

// ── builders ──

/**
 * A file system of absolute paths: files, folders (implied by the files' parents) and symlinks
 * (path → absolute target). `realpath` follows links component by component, like the real one.
 */
function fakeFs(layout: { files: string[]; links?: Record<string, string> }): Required<Pick<ResolveEditPathOptions, "realpath" | "lstat">> {
  const links = new Map(Object.entries(layout.links ?? {}));
  const present = new Set<string>(["/"]);
  for (const file of layout.files) {
    const parts = file.split("/").filter(Boolean);
    parts.forEach((_, index) => present.add(`/${parts.slice(0, index + 1).join("/")}`));
  }
  const missing = (path: string): Error => Object.assign(new Error(`ENOENT: ${path}`), { code: "ENOENT" });

  const resolve = (path: string, depth = 0): string => {
    if (depth > 20) throw Object.assign(new Error("ELOOP"), { code: "ELOOP" });
    let current = "";
    for (const part of path.split("/").filter(Boolean)) {
      const next = `${current}/${part}`;
      const target = links.get(next);
      if (target !== undefined) current = resolve(target, depth + 1);
      else if (present.has(next)) current = next;
      else throw missing(path);
    }
    return current === "" ? "/" : current;
  };
  return {
    realpath: async (path) => resolve(path),
    lstat: async (path) => {
      if (!present.has(path) && !links.has(path)) throw missing(path);
      return {};
    },
  };
}

function accepted(result: ResolvedEditPath): Extract<ResolvedEditPath, { ok: true }> {
  assert.ok(result.ok, `expected the path to be accepted, got ${JSON.stringify(!result.ok && result.error)}`);
  return result;
}

/** Asserts the rejection's kind (and its problem's code, when given); returns the sentence the user reads. */
function rejectedAs(result: ResolvedEditPath, kind: PathRejectionKind, code?: PathProblem["code"]): string {
  assert.ok(!result.ok, `expected a "${kind}" rejection, got ${JSON.stringify(result)}`);
  assert.equal(result.error.kind, kind, JSON.stringify(result.error));
  if (code !== undefined) assert.equal(result.error.problem.code, code, JSON.stringify(result.error));
  return wordPathRejection(result.error);
}

const lexical = (path: string, options: { isNew?: boolean; folders?: WorkspaceFolderRoot[] } = {}): ResolvedEditPath =>
  resolveEditPathLexically(path, options.folders ?? [SHOP], { requestedPaths: REQUESTED, isNew: options.isNew ?? false });

// ── spelling ──

test("a requested relative path resolves inside its folder", () => {
  const result = accepted(lexical("src/cart.ts"));
  assert.equal(result.absolute, "/home/dev/shop/src/cart.ts");
  assert.equal(result.relative, "src/cart.ts");
  assert.equal(result.folder, SHOP);
  assert.equal(result.isNew, false);
});

test("./ prefixes and doubled slashes are normalised, not refused", () => {
  assert.deepEqual(checkPathSyntax(".//src///cart.ts"), { ok: true, path: "src/cart.ts" });
  assert.equal(accepted(lexical("./src/cart.ts")).path, "src/cart.ts");
});

test("a .. segment is refused wherever it is, even when it would land back inside", () => {
  rejectedAs(lexical("../x", { isNew: true }), "parent-segment");
  rejectedAs(lexical("src/../../x", { isNew: true }), "parent-segment");
  rejectedAs(lexical("src/../src/cart.ts"), "parent-segment");
});

test("absolute and home-relative paths are refused", () => {
  assert.match(rejectedAs(lexical("/etc/passwd", { isNew: true }), "absolute"), /"\/etc\/passwd" is absolute/);
  rejectedAs(lexical("//server/share/x", { isNew: true }), "absolute");
  rejectedAs(lexical("~/.ssh/authorized_keys", { isNew: true }), "absolute", "home-directory");
});

test("Windows drive letters, backslashes, UNC paths and colons are refused", () => {
  rejectedAs(lexical("C:\\x", { isNew: true }), "windows-path", "drive-letter");
  rejectedAs(lexical("c:/Windows/win.ini", { isNew: true }), "windows-path");
  rejectedAs(lexical("src\\..\\..\\x", { isNew: true }), "windows-path", "backslash");
  rejectedAs(lexical("\\\\server\\share\\x", { isNew: true }), "windows-path");
  rejectedAs(lexical("src/cart.ts:secret", { isNew: true }), "windows-path", "colon");
  rejectedAs(lexical("file:///etc/passwd", { isNew: true }), "windows-path");
});

test("names Windows rewrites silently are refused: trailing dots or spaces, device names", () => {
  rejectedAs(lexical("src/cart.ts.", { isNew: true }), "windows-path", "trailing-dot-or-space");
  rejectedAs(lexical("src/cart.ts ", { isNew: true }), "windows-path");
  rejectedAs(lexical("src/CON.ts", { isNew: true }), "windows-path", "reserved-name");
  rejectedAs(lexical("nul", { isNew: true }), "windows-path");
});

test("NUL, control and bidi characters are refused, and shown escaped in the message", () => {
  const message = rejectedAs(lexical("src/cart.ts\u0000.png", { isNew: true }), "control-character");
  assert.ok(!message.includes("\u0000"));
  assert.match(message, /\\u\{0\}/);
  rejectedAs(lexical("src/a\nb.ts", { isNew: true }), "control-character");
  rejectedAs(lexical("src/evil\u202Ests.ts", { isNew: true }), "control-character");
});

test("empty paths and folder paths are refused", () => {
  rejectedAs(lexical("  "), "empty");
  rejectedAs(lexical("src/", { isNew: true }), "not-a-file", "folder");
  rejectedAs(lexical("./", { isNew: true }), "not-a-file");
});

test(".git is never written, in any case and at any depth", () => {
  rejectedAs(lexical(".git/hooks/pre-commit", { isNew: true }), "protected", "inside-git");
  rejectedAs(lexical("vendor/lib/.GIT/config", { isNew: true }), "protected");
});

test("a new file in a folder's .vscode is refused, but a requested .vscode file may be edited", () => {
  assert.match(rejectedAs(lexical(".vscode/tasks.json", { isNew: true }), "protected", "new-file-in-vscode"), /tasks and settings can run code/);
  accepted(lexical(".vscode/settings.json"));
});

// ── the request's files ──

test("an existing file the request did not include is refused", () => {
  assert.match(rejectedAs(lexical("src/checkout.ts"), "not-requested", "not-requested"), /was not part of the request/);
});

test("a new file outside the request's list is accepted and flagged new", () => {
  const result = accepted(lexical("src/prices.ts", { isNew: true }));
  assert.equal(result.isNew, true);
  assert.equal(result.absolute, "/home/dev/shop/src/prices.ts");
});

test("a new file named like a requested file is refused: it exists", () => {
  rejectedAs(lexical("src/cart.ts", { isNew: true }), "new-file-exists", "new-file-was-sent");
});

// ── multi-root ──

test("in a multi-root workspace the first segment names the folder", () => {
  const folders = [SHOP, BILLING];
  const result = resolveEditPathLexically("billing/src/invoice.ts", folders, { requestedPaths: ["billing/src/invoice.ts"] });
  const ok = accepted(result);
  assert.equal(ok.folder, BILLING);
  assert.equal(ok.relative, "src/invoice.ts");
  assert.equal(ok.absolute, "/home/dev/billing/src/invoice.ts", "a trailing slash on the root is not doubled");
});

test("in a multi-root workspace a path without a known folder name is refused", () => {
  const message = rejectedAs(
    resolveEditPathLexically("src/cart.ts", [SHOP, BILLING], { requestedPaths: ["src/cart.ts"] }),
    "outside-workspace",
    "unknown-folder",
  );
  assert.match(message, /does not start with a workspace folder name \(shop, billing\)/);
});

test("two folders with the same name make the prefix ambiguous, so it is refused", () => {
  const twin = { name: "shop", root: "/srv/shop" };
  rejectedAs(resolveEditPathLexically("shop/src/cart.ts", [SHOP, twin], { requestedPaths: ["shop/src/cart.ts"] }), "outside-workspace");
});

test("with no workspace folder nothing can be edited", () => {
  rejectedAs(resolveEditPathLexically("src/cart.ts", [], { requestedPaths: ["src/cart.ts"] }), "outside-workspace", "no-workspace-folder");
});

test("workspaceRelativePath writes request paths the way resolveEditPath reads them", () => {
  assert.equal(workspaceRelativePath("/home/dev/shop/src/cart.ts", [SHOP]), "src/cart.ts");
  assert.equal(workspaceRelativePath("/home/dev/billing/src/invoice.ts", [SHOP, BILLING]), "billing/src/invoice.ts");
  assert.equal(workspaceRelativePath("/home/dev/shopping/x.ts", [SHOP]), undefined, "a sibling sharing a prefix is outside");
  assert.equal(workspaceRelativePath("/etc/passwd", [SHOP, BILLING]), undefined);
  const nested = { name: "web", root: "/home/dev/shop/web" };
  assert.equal(workspaceRelativePath("/home/dev/shop/web/app.ts", [SHOP, nested]), "web/app.ts", "the innermost folder wins");
});

// ── symlinks, through an injected realpath ──

const SHOP_FILES = ["/home/dev/shop/src/cart.ts", "/home/dev/shop/src/money.ts", "/home/dev/shop/src/checkout.ts", "/etc/passwd", "/tmp/outside/readme"];

test("a requested file that is a symlink out of the folder is refused", async () => {
  const fs = fakeFs({ files: SHOP_FILES, links: { "/home/dev/shop/src/cart.ts": "/etc/passwd" } });
  const message = rejectedAs(await resolveEditPath("src/cart.ts", [SHOP], { requestedPaths: REQUESTED, ...fs }), "symlink-escape");
  assert.match(message, /leads outside the workspace folder through a symbolic link/);
});

test("a requested file under a symlinked folder that points outside is refused", async () => {
  const fs = fakeFs({ files: ["/home/dev/shop/package.json", "/tmp/outside/money.ts"], links: { "/home/dev/shop/src": "/tmp/outside" } });
  rejectedAs(await resolveEditPath("src/money.ts", [SHOP], { requestedPaths: REQUESTED, ...fs }), "symlink-escape");
});

test("a symlink that stays inside the folder is fine", async () => {
  const fs = fakeFs({ files: [...SHOP_FILES, "/home/dev/shop/lib/money.ts"], links: { "/home/dev/shop/src/money.ts": "/home/dev/shop/lib/money.ts" } });
  accepted(await resolveEditPath("src/money.ts", [SHOP], { requestedPaths: REQUESTED, ...fs }));
});

test("a workspace folder that is itself a symlink is compared by its real path", async () => {
  const fs = fakeFs({ files: ["/home/dev/.profile", "/data/shop/src/cart.ts"], links: { "/home/dev/shop": "/data/shop" } });
  const result = accepted(await resolveEditPath("src/cart.ts", [SHOP], { requestedPaths: REQUESTED, ...fs }));
  assert.equal(result.absolute, "/home/dev/shop/src/cart.ts", "the edit is addressed through the folder as the editor knows it");
});

test("a new file in a folder that is a symlink out of the workspace is refused", async () => {
  const fs = fakeFs({ files: SHOP_FILES, links: { "/home/dev/shop/generated": "/tmp/outside" } });
  rejectedAs(await resolveEditPath("generated/deep/new.ts", [SHOP], { requestedPaths: REQUESTED, isNew: true, ...fs }), "symlink-escape");
});

test("a new file in new folders inside the workspace is accepted", async () => {
  const fs = fakeFs({ files: SHOP_FILES });
  const result = accepted(await resolveEditPath("src/pricing/rules/tax.ts", [SHOP], { requestedPaths: REQUESTED, isNew: true, ...fs }));
  assert.equal(result.isNew, true);
});

test("a new file where a file already exists on disk is refused, even if the request did not send it", async () => {
  const fs = fakeFs({ files: SHOP_FILES });
  rejectedAs(await resolveEditPath("src/checkout.ts", [SHOP], { requestedPaths: REQUESTED, isNew: true, ...fs }), "new-file-exists", "new-file-exists");
});

test("a new file at a dangling symlink is refused: writing would follow the link wherever it points", async () => {
  const fs = fakeFs({ files: SHOP_FILES, links: { "/home/dev/shop/src/new.ts": "/etc/cron.d/job" } });
  const message = rejectedAs(
    await resolveEditPath("src/new.ts", [SHOP], { requestedPaths: REQUESTED, isNew: true, ...fs }),
    "symlink-escape",
    "dangling-symlink",
  );
  assert.match(message, /symbolic link whose target is missing/);
});

test("a requested file that no longer exists is refused as unresolvable", async () => {
  const fs = fakeFs({ files: ["/home/dev/shop/src/money.ts"] });
  assert.match(
    rejectedAs(await resolveEditPath("src/cart.ts", [SHOP], { requestedPaths: REQUESTED, ...fs }), "unresolvable", "no-longer-exists"),
    /no longer exists/,
  );
});

test("a file system error other than missing refuses the path instead of assuming it is safe", async () => {
  const realpath = async (): Promise<string> => {
    throw Object.assign(new Error("EACCES"), { code: "EACCES" });
  };
  assert.match(
    rejectedAs(await resolveEditPath("src/cart.ts", [SHOP], { requestedPaths: REQUESTED, realpath }), "unresolvable", "folder-unresolvable"),
    /EACCES/,
  );
});

test("a symlink loop is refused", async () => {
  const fs = fakeFs({
    files: SHOP_FILES,
    links: { "/home/dev/shop/src/cart.ts": "/home/dev/shop/src/loop", "/home/dev/shop/src/loop": "/home/dev/shop/src/cart.ts" },
  });
  assert.match(rejectedAs(await resolveEditPath("src/cart.ts", [SHOP], { requestedPaths: REQUESTED, ...fs }), "unresolvable"), /ELOOP/);
});

test("spelling is checked before the file system is asked", async () => {
  let asked = 0;
  const realpath = async (path: string): Promise<string> => {
    asked += 1;
    return path;
  };
  rejectedAs(await resolveEditPath("../../etc/passwd", [SHOP], { requestedPaths: REQUESTED, isNew: true, realpath }), "parent-segment");
  assert.equal(asked, 0);
});

test("Windows real paths with backslashes are compared with forward slashes", async () => {
  const windowsShop = { name: "shop", root: "/c:/Users/dev/shop" };
  const realpath = async (path: string): Promise<string> => (path === "/c:/Users/dev/shop" ? "C:\\Users\\dev\\shop" : "C:\\Users\\dev\\shop\\src\\cart.ts");
  accepted(await resolveEditPath("src/cart.ts", [windowsShop], { requestedPaths: REQUESTED, realpath }));
  const outside = async (path: string): Promise<string> => (path === "/c:/Users/dev/shop" ? "C:\\Users\\dev\\shop" : "C:\\Users\\dev\\shopping\\cart.ts");
  rejectedAs(await resolveEditPath("src/cart.ts", [windowsShop], { requestedPaths: REQUESTED, realpath: outside }), "symlink-escape");
});
