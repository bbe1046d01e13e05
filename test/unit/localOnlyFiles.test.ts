// junction.privacy.localOnlyFiles (DESIGN §2): gitignore-style patterns of files that never leave
// the machine. Every default must catch its file at the root and deep in the tree.
import { test } from "node:test";
import assert from "node:assert/strict";
import { DEFAULT_LOCAL_ONLY_FILES } from "../../src/core/config.ts";
import { createLocalOnlyMatcher, normaliseRelativePath, validateLocalOnlyPatterns } from "../../src/core/privacy/localOnlyFiles.ts";

const defaults = createLocalOnlyMatcher(DEFAULT_LOCAL_ONLY_FILES);

/** For each default pattern, a file it exists to catch. */
const EXAMPLES: Record<string, string> = {
  ".env": ".env",
  ".env.*": ".env.local",
  "*.pem": "server.pem",
  "*.key": "tls.key",
  "id_rsa*": "id_rsa",
  "id_ed25519*": "id_ed25519.pub",
  "*.p12": "signing.p12",
  "*.pfx": "cert.pfx",
  ".npmrc": ".npmrc",
  ".netrc": ".netrc",
  "**/secrets/**": "secrets/db.yaml",
  "*.tfvars": "prod.tfvars",
  credentials: "credentials",
  "credentials.json": "credentials.json",
  ".envrc": ".envrc",
  ".pgpass": ".pgpass",
  ".git-credentials": ".git-credentials",
  ".pypirc": ".pypirc",
  "*.jks": "release.jks",
  "*.keystore": "debug.keystore",
  "*.tfstate": "terraform.tfstate",
  "*.tfstate.backup": "terraform.tfstate.backup",
  kubeconfig: "kubeconfig",
  "*.credentials": "aws.credentials",
};

const DEPTHS = ["", "config/", "a/b/", "packages/api/deploy/"];

test("every default local-only pattern has an example here", () => {
  assert.deepEqual(Object.keys(EXAMPLES).sort(), [...DEFAULT_LOCAL_ONLY_FILES].sort());
});

for (const pattern of DEFAULT_LOCAL_ONLY_FILES) {
  test(`the default pattern ${pattern} matches its file at the root and at every depth`, () => {
    const file = EXAMPLES[pattern];
    assert.ok(file, `an example for ${pattern}`);
    for (const depth of DEPTHS) assert.equal(defaults(`${depth}${file}`), pattern, `${depth}${file}`);
  });
}

test("the brief's examples are local-only: config/.env.local, a/b/server.pem, infra/secrets/db.yaml", () => {
  assert.equal(defaults("config/.env.local"), ".env.*");
  assert.equal(defaults("a/b/server.pem"), "*.pem");
  assert.equal(defaults("infra/secrets/db.yaml"), "**/secrets/**");
});

test("a file anywhere under a secrets folder is local-only, however deep", () => {
  assert.equal(defaults("infra/secrets/prod/k8s/db.yaml"), "**/secrets/**");
});

test("a .env* pattern catches .env.local, .env.production and .envrc", () => {
  const matcher = createLocalOnlyMatcher([".env*"]);
  for (const path of [".env", ".env.local", "apps/web/.env.production", ".envrc"]) assert.equal(matcher(path), ".env*", path);
});

test("ordinary source files match no default pattern", () => {
  for (const path of ["src/index.ts", "README.md", "config/settings.json", "docs/secrets.md", "environment.ts", "keys.ts", "src/credentials.ts"]) {
    assert.equal(defaults(path), undefined, path);
  }
});

test("matching ignores case, as a case-insensitive disk does", () => {
  assert.equal(defaults("Config/.ENV"), ".env");
  assert.equal(defaults("certs/Server.PEM"), "*.pem");
});

test("Windows separators and ./ prefixes are read as / paths", () => {
  assert.equal(defaults("config\\.env.local"), ".env.*");
  assert.equal(defaults("./infra/secrets/db.yaml"), "**/secrets/**");
});

test("a path that leaves the folder is still matched by its own name", () => {
  assert.equal(defaults("/home/me/app/.env"), ".env");
  assert.equal(defaults("../other/server.pem"), "*.pem");
});

test("the first matching pattern, as written, is the one reported", () => {
  const matcher = createLocalOnlyMatcher(["  *.yaml  ", "**/secrets/**"]);
  assert.equal(matcher("infra/secrets/db.yaml"), "  *.yaml  ");
});

test("an anchored pattern matches only at the folder root", () => {
  const matcher = createLocalOnlyMatcher(["/local.settings.json"]);
  assert.equal(matcher("local.settings.json"), "/local.settings.json");
  assert.equal(matcher("src/local.settings.json"), undefined);
});

test("a pattern naming a folder makes everything inside it local-only", () => {
  const matcher = createLocalOnlyMatcher(["private/"]);
  assert.equal(matcher("private/notes/plan.md"), "private/");
});

// ── malformed patterns ──

test("a negation cannot exempt a file from the local-only patterns", () => {
  const matcher = createLocalOnlyMatcher([...DEFAULT_LOCAL_ONLY_FILES, "!.env"]);
  assert.equal(matcher(".env"), ".env");
});

test("malformed patterns are skipped without throwing, and the rest still match", () => {
  const matcher = createLocalOnlyMatcher(["", "   ", "# comment", "!*.pem", "/", "../outside", "*.pem"]);
  assert.equal(matcher("a/b/server.pem"), "*.pem");
  assert.equal(matcher("src/index.ts"), undefined);
});

test("an empty pattern list matches nothing", () => {
  assert.equal(createLocalOnlyMatcher([])("a/.env"), undefined);
});

test("validateLocalOnlyPatterns accepts every default pattern", () => {
  assert.deepEqual(validateLocalOnlyPatterns(DEFAULT_LOCAL_ONLY_FILES), []);
});

test("validateLocalOnlyPatterns names each malformed pattern with its index and what is wrong", () => {
  const problems = validateLocalOnlyPatterns(["*.pem", "", "# note", "!.env.example", "/", "../x", 42]);
  assert.deepEqual(problems, [
    { index: 1, fault: { code: "empty" } },
    { index: 2, fault: { code: "comment", text: "# note" } },
    { index: 3, fault: { code: "negation", text: "!.env.example" } },
    { index: 4, fault: { code: "no-file", text: "/" } },
    { index: 5, fault: { code: "outside", text: "../x" } },
    { index: 6, fault: { code: "not-text", type: "number" } },
  ]);
});

test("an escaped # or ! is a valid pattern for a name starting with that character", () => {
  assert.deepEqual(validateLocalOnlyPatterns(["\\#notes", "\\!important"]), []);
  assert.equal(createLocalOnlyMatcher(["\\#notes"])("docs/#notes"), "\\#notes");
});

// ── paths ──

test("normaliseRelativePath uses /, drops . segments and resolves .. inside the folder", () => {
  assert.equal(normaliseRelativePath("src\\a\\..\\b/./c.ts"), "src/b/c.ts");
});

test("normaliseRelativePath refuses paths that leave the folder or are absolute", () => {
  for (const path of ["../x", "a/../../x", "/etc/passwd", "C:\\x", "", "."]) assert.equal(normaliseRelativePath(path), undefined, path);
});
