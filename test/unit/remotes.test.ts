// Git remote URLs (DESIGN §2): every common shape reduces to `host/path`, credentials never
// survive the parse, and `junction.privacy.privateRemotes` globs match that `host/path`.
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  PUBLIC_GIT_HOSTS,
  describeRemote,
  isPublicGitHost,
  matchesPrivateRemote,
  normaliseRemoteGlob,
  parseRemoteUrl,
} from "../../src/core/privacy/remotes.ts";

// ── parsing ──

const SHAPES: { label: string; url: string; host: string; path: string }[] = [
  { label: "https", url: "https://github.com/acme/app", host: "github.com", path: "acme/app" },
  { label: "https with .git", url: "https://github.com/acme/app.git", host: "github.com", path: "acme/app" },
  { label: "https with a trailing slash", url: "https://gitlab.com/group/sub/project.git/", host: "gitlab.com", path: "group/sub/project" },
  { label: "http with a port", url: "http://git.corp.example.com:8080/team/repo.git", host: "git.corp.example.com", path: "team/repo" },
  { label: "ssh:// with user and port", url: "ssh://git@git.corp.example.com:2222/team/repo.git", host: "git.corp.example.com", path: "team/repo" },
  { label: "ssh:// without a port", url: "ssh://git@github.com/acme/app.git", host: "github.com", path: "acme/app" },
  { label: "git+ssh://", url: "git+ssh://git@gitlab.com/group/project.git", host: "gitlab.com", path: "group/project" },
  { label: "scp-like", url: "git@github.com:acme/app.git", host: "github.com", path: "acme/app" },
  { label: "scp-like without a user", url: "github.com:acme/app", host: "github.com", path: "acme/app" },
  { label: "scp-like with a sourcehut ~user", url: "git@git.sr.ht:~alice/tool", host: "git.sr.ht", path: "~alice/tool" },
  { label: "git://", url: "git://git.kernel.org/pub/scm/git/git.git", host: "git.kernel.org", path: "pub/scm/git/git" },
  { label: "upper-case host", url: "https://GitHub.COM/Acme/App.git", host: "github.com", path: "Acme/App" },
  { label: "https with a query", url: "https://codeberg.org/forgejo/forgejo.git?ref=main", host: "codeberg.org", path: "forgejo/forgejo" },
  { label: "surrounding whitespace", url: "  https://gitee.com/o/r.git\n", host: "gitee.com", path: "o/r" },
];

for (const { label, url, host, path } of SHAPES) {
  test(`a ${label} remote parses to host ${host} and path ${path}`, () => {
    assert.deepEqual(parseRemoteUrl(url), { host, path });
  });
}

const CREDENTIALS: { label: string; url: string; secret: string }[] = [
  { label: "user:token@ in https", url: "https://alice:ghp_s3cretT0ken@github.com/acme/app.git", secret: "ghp_s3cretT0ken" },
  { label: "a bare token@ in https", url: "https://glpat-xyzSECRET@gitlab.com/acme/app.git", secret: "glpat-xyzSECRET" },
  { label: "x-access-token in https", url: "https://x-access-token:ghs_ABCDEF123@github.com/acme/app", secret: "ghs_ABCDEF123" },
  { label: "a password in ssh://", url: "ssh://deploy:hunter2@git.corp.example.com:22/team/repo.git", secret: "hunter2" },
  { label: "a password in scp-like", url: "deploy:hunter2@git.corp.example.com:team/repo.git", secret: "hunter2" },
];

for (const { label, url, secret } of CREDENTIALS) {
  test(`a remote with ${label} parses without the credentials`, () => {
    const parsed = parseRemoteUrl(url);
    assert.ok(parsed);
    assert.doesNotMatch(JSON.stringify(parsed), new RegExp(secret));
    assert.doesNotMatch(describeRemote(parsed), new RegExp(secret));
    assert.doesNotMatch(describeRemote(parsed), /@/);
  });
}

test("an scp-like remote whose user info holds a slash is refused rather than read as a path", () => {
  assert.equal(parseRemoteUrl("user:to/ken@git.corp.example.com:team/repo.git"), undefined);
});

const NOT_NETWORK: { label: string; url: string }[] = [
  { label: "an absolute local path", url: "/srv/git/app.git" },
  { label: "a relative local path", url: "../app.git" },
  { label: "a file:// URL", url: "file:///srv/git/app.git" },
  { label: "a Windows path", url: "C:\\repos\\app.git" },
  { label: "a Windows path with slashes", url: "C:/repos/app.git" },
  { label: "a host without a path", url: "https://github.com/" },
  { label: "an empty string", url: "" },
  { label: "a malformed URL", url: "https://exa mple.com/a/b" },
];

for (const { label, url } of NOT_NETWORK) {
  test(`${label} is not a network remote`, () => {
    assert.equal(parseRemoteUrl(url), undefined);
  });
}

test("describeRemote names a remote as host/path", () => {
  assert.equal(describeRemote({ host: "github.com", path: "acme/app" }), "github.com/acme/app");
});

// ── public hosts ──

for (const host of ["github.com", "gitlab.com", "bitbucket.org", "codeberg.org", "sr.ht", "git.sr.ht", "gitee.com"]) {
  test(`${host} is a public git host`, () => {
    assert.ok(PUBLIC_GIT_HOSTS.has(host));
    assert.equal(isPublicGitHost(host), true);
  });
}

test("a company's own git server and GitHub Enterprise are not public hosts", () => {
  assert.equal(isPublicGitHost("git.corp.example.com"), false);
  assert.equal(isPublicGitHost("github.acme.com"), false);
  assert.equal(isPublicGitHost("gist.github.com"), false);
});

test("the public-host check ignores case", () => {
  assert.equal(isPublicGitHost("GitHub.com"), true);
});

// ── privateRemotes globs ──

test("an owner glob matches every repository of that owner", () => {
  assert.equal(matchesPrivateRemote("git@github.com:acme/app.git", ["github.com/acme/**"]), "github.com/acme/**");
  assert.equal(matchesPrivateRemote("https://github.com/acme/group/deep.git", ["github.com/acme/**"]), "github.com/acme/**");
});

test("an owner glob does not match an owner whose name merely starts the same", () => {
  assert.equal(matchesPrivateRemote("https://github.com/acmeco/app", ["github.com/acme/**"]), undefined);
  assert.equal(matchesPrivateRemote("https://github.com/other/acme", ["github.com/acme/**"]), undefined);
});

test("a host glob matches every repository on that host, whatever the URL shape and port", () => {
  const globs = ["git.corp.example.com/**"];
  assert.equal(matchesPrivateRemote("ssh://git@git.corp.example.com:2222/team/repo.git", globs), globs[0]);
  assert.equal(matchesPrivateRemote("git@git.corp.example.com:team/repo.git", globs), globs[0]);
  assert.equal(matchesPrivateRemote("https://git.corp.example.com/a/b/c", globs), globs[0]);
});

test("a wildcard host glob matches subdomains", () => {
  assert.equal(matchesPrivateRemote("https://git.corp.example.com/team/repo", ["*.corp.example.com/**"]), "*.corp.example.com/**");
});

test("glob matching ignores the case of host and owner", () => {
  assert.equal(matchesPrivateRemote("https://GITHUB.com/ACME/App.git", ["github.com/acme/**"]), "github.com/acme/**");
  assert.equal(matchesPrivateRemote("https://github.com/acme/app.git", ["GitHub.com/Acme/**"]), "GitHub.com/Acme/**");
});

test("the first matching glob is the one reported", () => {
  assert.equal(matchesPrivateRemote("https://github.com/acme/app", ["gitlab.com/**", "github.com/acme/*", "github.com/**"]), "github.com/acme/*");
});

test("a glob written as a URL is read as its host/path", () => {
  assert.equal(matchesPrivateRemote("git@github.com:acme/app.git", ["https://github.com/acme/**"]), "https://github.com/acme/**");
  assert.equal(matchesPrivateRemote("https://github.com/acme/app", ["git@github.com:acme/*"]), "git@github.com:acme/*");
  assert.equal(normaliseRemoteGlob("ssh://git@git.corp.example.com:2222/team/*.git"), "git.corp.example.com/team/*");
});

test("a glob for github.com also catches the same repository reached through ssh.github.com", () => {
  assert.equal(matchesPrivateRemote("ssh://git@ssh.github.com:443/acme/app.git", ["github.com/acme/**"]), "github.com/acme/**");
});

test("a remote matching no glob, or an empty glob list, is not pinned private", () => {
  assert.equal(matchesPrivateRemote("https://github.com/acme/app", []), undefined);
  assert.equal(matchesPrivateRemote("https://github.com/acme/app", ["gitlab.com/acme/**"]), undefined);
});

test("empty and blank globs are skipped without throwing", () => {
  assert.equal(matchesPrivateRemote("https://github.com/acme/app", ["", "   ", "github.com/acme/*"]), "github.com/acme/*");
});

test("an unreadable remote matches no glob", () => {
  assert.equal(matchesPrivateRemote("/srv/git/app.git", ["**"]), undefined);
});
