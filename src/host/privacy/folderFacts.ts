import { execFile } from "node:child_process";
import { readFile, readdir, stat } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";

/**
 * Reads the facts the privacy classification needs from disk: git remotes and the licence text.
 * Reading `.git/config` directly works without the git extension or a git binary; anything
 * unreadable is reported as unknown, which the classification treats as private.
 */

const LICENCE_FILE = /^(licen[cs]e|copying|unlicense)([-.](md|txt|rst|mit|apache))?$/i;
const MAX_LICENCE_BYTES = 64 * 1024;
/** A folder nested deeper than this below its repository root is unusual; stop looking. */
const MAX_PARENT_LEVELS = 32;

/** Remote URLs in a repository's config (a worktree's or submodule's shared one); undefined when unreadable. */
export async function readRepositoryRemotes(repository: Repository): Promise<string[] | undefined> {
  try {
    return parseRemoteUrls(await readFile(join(await commonDir(repository.gitDir), "config"), "utf8"));
  } catch {
    return undefined;
  }
}

/** `[remote "origin"]` sections' `url` values of a git config file. */
export function parseRemoteUrls(config: string): string[] {
  const urls: string[] = [];
  let inRemote = false;
  for (const rawLine of config.split(/\r?\n/)) {
    const line = rawLine.trim();
    if (line.startsWith("[")) {
      inRemote = /^\[remote\s+"[^"]*"\]$/.test(line);
      continue;
    }
    const match = inRemote ? /^(push)?url\s*=\s*(.+)$/i.exec(line) : null;
    if (match?.[2]) urls.push(match[2].trim().replace(/^"(.*)"$/, "$1"));
  }
  return urls;
}

/** A git repository: its work tree's root and its git directory. */
export interface Repository {
  root: string;
  gitDir: string;
}

/**
 * The repository that really contains `path` (a directory): the nearest `.git` at or above it —
 * a nested clone's own, a submodule's or a worktree's `.git` file pointing elsewhere. null when
 * there is none, undefined when unreadable.
 */
export async function findRepository(path: string): Promise<Repository | null | undefined> {
  let current = resolve(path);
  for (let level = 0; level < MAX_PARENT_LEVELS; level += 1) {
    const candidate = join(current, ".git");
    try {
      const info = await stat(candidate);
      if (info.isDirectory()) return { root: current, gitDir: candidate };
      // A worktree or submodule: `.git` is a file saying `gitdir: <path>`.
      const pointer = /^gitdir:\s*(.+)$/m.exec(await readFile(candidate, "utf8"));
      return pointer?.[1] ? { root: current, gitDir: resolve(current, pointer[1].trim()) } : undefined;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ENOENT") return undefined;
    }
    const parent = dirname(current);
    if (parent === current) return null;
    current = parent;
  }
  return undefined;
}

/** Worktrees keep the shared config in the directory named by `commondir`. */
async function commonDir(gitDir: string): Promise<string> {
  try {
    return resolve(gitDir, (await readFile(join(gitDir, "commondir"), "utf8")).trim());
  } catch {
    return gitDir;
  }
}

/** Text of the licence file at the folder's root; undefined when there is none or it is unreadable. */
export async function readLicenceText(folder: string): Promise<string | undefined> {
  try {
    const names = (await readdir(folder)).filter((name) => LICENCE_FILE.test(name)).sort();
    for (const name of names) {
      const buffer = await readFile(join(folder, name));
      return buffer.subarray(0, MAX_LICENCE_BYTES).toString("utf8");
    }
  } catch {
    // unreadable folder: no evidence of a licence
  }
  return undefined;
}

/**
 * Whether git ignores `path` in the repository at `folder` (call it only for folders in a
 * repository). Uncertain — no git binary, git fails — counts as ignored: ignored files are
 * local-only, and uncertain means private.
 */
export function isGitIgnored(folder: string, path: string): Promise<boolean> {
  return new Promise((resolvePromise) => {
    execFile("git", ["check-ignore", "-q", "--", path], { cwd: folder, timeout: 5_000 }, (error) => {
      // Exit 0: ignored. Exit 1: not ignored. Anything else: git could not tell.
      resolvePromise(!error || (error as { code?: unknown }).code !== 1);
    });
  });
}
