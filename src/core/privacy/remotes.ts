import picomatch from "picomatch/posix.js";

/**
 * Git remote URLs → `host/path`, the form `junction.privacy.privateRemotes` globs are written in.
 * Nothing returned here ever carries the user name, password or token of a remote URL: remotes
 * end up in reasons shown in the panel and the log.
 */

/** A remote reduced to what privacy needs: lower-cased host without port, path without `.git`. */
export interface ParsedRemote {
  host: string;
  path: string;
}

/**
 * Forges whose repositories are public unless made private — a public host is necessary, never
 * sufficient: the folder also needs an open-source licence. A company's own GitHub Enterprise or
 * GitLab is deliberately absent (unknown host ⇒ private).
 */
export const PUBLIC_GIT_HOSTS: ReadonlySet<string> = new Set([
  "github.com",
  "ssh.github.com",
  "gitlab.com",
  "altssh.gitlab.com",
  "bitbucket.org",
  "altssh.bitbucket.org",
  "codeberg.org",
  "sr.ht",
  "git.sr.ht",
  "gitee.com",
  "gitea.com",
  "framagit.org",
  "git.launchpad.net",
]);

/**
 * Other names of a public host (SSH over port 443, `www.`). A privateRemotes glob written for the
 * canonical host must also catch a remote that uses the alias, or an alias would loosen privacy.
 */
const HOST_ALIASES: Readonly<Record<string, string>> = {
  "ssh.github.com": "github.com",
  "www.github.com": "github.com",
  "altssh.gitlab.com": "gitlab.com",
  "www.gitlab.com": "gitlab.com",
  "altssh.bitbucket.org": "bitbucket.org",
  "www.bitbucket.org": "bitbucket.org",
};

/** `scheme://…` with a host: https, http, ssh, git, git+ssh, ssh+git … (not `file://`). */
const URL_WITH_SCHEME = /^([a-z][a-z0-9+.-]*):\/\//i;
/** scp-like `[user@]host:path`; git reads it so when a colon comes before any slash. */
const SCP_LIKE = /^(?:[^/]+@)?(\[[^\]/]+\]|[^:/@\s]+):(?!\/\/)(.*)$/;
/** A Windows drive (`C:\repo`, `C:/repo`), which the scp-like form would take for a host. */
const WINDOWS_DRIVE = /^[a-z]:[\\/]/i;

/** Parses one remote URL; undefined for a local path, `file://`, or anything without host and path. */
export function parseRemoteUrl(url: string): ParsedRemote | undefined {
  const text = url.trim();
  if (text === "" || WINDOWS_DRIVE.test(text)) return undefined;
  const scheme = URL_WITH_SCHEME.exec(text)?.[1];
  if (scheme !== undefined) return scheme.toLowerCase() === "file" ? undefined : parseSchemeUrl(text);
  const scp = SCP_LIKE.exec(text);
  // An "@" left in the path means user info this form does not allow (`user:to/ken@host:repo`);
  // reading it as a path could put a secret into a reason.
  if (!scp || scp[2]?.includes("@")) return undefined;
  return remote(scp[1] ?? "", scp[2] ?? "");
}

function parseSchemeUrl(text: string): ParsedRemote | undefined {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return undefined;
  }
  // URL keeps user name and password apart from hostname and pathname; neither is read.
  return remote(url.hostname, decodePath(url.pathname));
}

function decodePath(pathname: string): string {
  try {
    return decodeURIComponent(pathname);
  } catch {
    return pathname;
  }
}

function remote(rawHost: string, rawPath: string): ParsedRemote | undefined {
  const host = rawHost.toLowerCase().replace(/\.$/, "");
  const path = rawPath
    .replace(/[?#].*$/, "")
    .replace(/^\/+|\/+$/g, "")
    .replace(/\.git$/i, "")
    .replace(/\/+$/, "");
  if (host === "" || path === "") return undefined;
  return { host, path };
}

/** `host/path`: how a remote is named in reasons and matched against privateRemotes globs. */
export function describeRemote(remote: ParsedRemote): string {
  return `${remote.host}/${remote.path}`;
}

export function isPublicGitHost(host: string): boolean {
  return PUBLIC_GIT_HOSTS.has(host.toLowerCase());
}

/**
 * The first `junction.privacy.privateRemotes` glob the remote matches, or undefined. Globs are
 * `host/path` patterns (`github.com/acme/**`, `*.corp.example.com/**`); a glob written as a URL
 * (`https://github.com/acme/**`, `git@github.com:acme/*`) is read as its `host/path`. Matching
 * ignores case everywhere: forges treat owner names case-insensitively, and matching too much
 * only makes a folder private. A glob picomatch cannot compile is skipped.
 */
export function matchesPrivateRemote(remote: ParsedRemote | string, globs: readonly string[]): string | undefined {
  const parsed = typeof remote === "string" ? parseRemoteUrl(remote) : remote;
  if (!parsed) return undefined;
  const candidates = [describeRemote(parsed)];
  const canonical = HOST_ALIASES[parsed.host];
  if (canonical) candidates.push(`${canonical}/${parsed.path}`);
  for (const glob of globs) {
    const normalised = normaliseRemoteGlob(glob);
    if (normalised === undefined) continue;
    try {
      const isMatch = picomatch(normalised, { nocase: true, dot: true });
      if (candidates.some((candidate) => isMatch(candidate))) return glob;
    } catch {
      // V8 compiles the regex at its first use: a glob too large for it throws only then.
      continue;
    }
  }
  return undefined;
}

/** A privateRemotes glob as `host/path`: scheme, user and port dropped, `.git` removed. */
export function normaliseRemoteGlob(glob: string): string | undefined {
  let text = glob.trim();
  if (text === "") return undefined;
  const scheme = URL_WITH_SCHEME.exec(text);
  if (scheme) {
    text = text.slice(scheme[0].length).replace(/^[^/]*@/, "");
    text = text.replace(/^([^/]*?):\d+(?=\/|$)/, "$1");
  } else {
    const scp = /^[^/*?[\]{}]+@([^:/]+):(?!\/\/)(.*)$/.exec(text);
    if (scp) text = `${scp[1]}/${scp[2]}`;
  }
  text = text.replace(/\.git$/i, "").replace(/\/+$/, "");
  return text === "" ? undefined : text;
}
