// Secret detection beyond the per-family corpus: what makes a name secret, where a URL
// password ends, how long a named value may be, which templates and JSON keys are no values,
// the rule that ignores names, the hex entropy bar, and adversarial input for the new rules.
// Tokens come from the seeded generator, so nothing here is a live credential.
import { test } from "node:test";
import assert from "node:assert/strict";
import { findSecrets, redactSecrets } from "../../src/core/privacy/secrets.ts";
import { isHighEntropy, isSecretName, shannonEntropy } from "../../src/core/privacy/secretRules.ts";
import { BASE62, BASE64, HEX, fake } from "../fixtures/fakeTokens.ts";

function found(text: string): string[] {
  return findSecrets(text).map((finding) => text.slice(finding.start, finding.end));
}

test("a secret word followed by a qualifier is still a secret name: environment, version, encoding, role", () => {
  for (const name of [
    "DB_PASSWORD_PROD",
    "API_KEY_V2",
    "SIGNING_KEY_B64",
    "apiKeyProd",
    "SESSION_SECRET_OLD",
    "stripeSecretKeyLive",
    "TOKEN_V2_STAGING",
    "ADMIN_PASSWORD_ROOT",
  ]) {
    assert.ok(isSecretName(name), name);
  }
});

test("a secret word followed by any other word names something else: a URL, an id, a hash, a length", () => {
  for (const name of [
    "TOKEN_URL",
    "API_KEY_ID",
    "PASSWORD_HASH",
    "API_KEY_HEADER",
    "PASSWORD_MIN_LENGTH",
    "TOKEN_TTL_SECONDS",
    "KEY_PATH",
    "primaryKey",
    "cacheKey",
  ]) {
    assert.ok(!isSecretName(name), name);
  }
});

test("hex has its own entropy bar: random lower-case hex counts, repeated patterns do not", () => {
  const hex = fake("hex-bar-3", 32, HEX); // 3.3 bits: under the 3.5 bar of wider alphabets
  assert.ok(shannonEntropy(hex) < 3.5 && isHighEntropy(hex));
  assert.ok(!isHighEntropy("ab12ab12ab12ab12"));
  assert.deepEqual(found(`WEBHOOK_SECRET=${hex}\n`), [hex]);
});

test("a URL password may be letters only, and runs to the last @ before the host", () => {
  assert.deepEqual(found("postgres://app:WombatCorrectHorseStaple@db.internal/app"), ["WombatCorrectHorseStaple"]);
  assert.deepEqual(found("redis://:p@ss@w0rd@cache.internal:6379/0"), ["p@ss@w0rd"]);
  const password = fake("url-pw", 18);
  assert.deepEqual(redactSecrets(`amqp://orders:${password}@mq:5672/`).redacted, "amqp://orders:<<JUNCTION_SECRET_1>>@mq:5672/");
});

test("a URL password that is a template, a doc example, the user's own name or a port is not a secret", () => {
  for (const text of [
    "postgres://app:{password}@db/app",
    "postgres://app:$(PGPASSWORD)@db/app",
    "postgres://app:%DB_PASSWORD%@db/app",
    "postgres://app:<password>@db/app",
    "postgres://app:${{ secrets.DB_PASSWORD }}@db/app",
    "postgres://user:pass@localhost/app",
    "amqp://guest:guest@localhost:5672",
    "docker://registry:5000@sha256:abc",
    "https://user:@example.com",
  ]) {
    assert.deepEqual(found(text), [], text);
  }
});

test("a named value may be long: 300 and 4096 characters are found whole; past the bound nothing is cut in two", () => {
  for (const length of [300, 4096]) {
    const value = fake(`long-${length}`, length, BASE62);
    assert.deepEqual(found(`SECRET_KEY=${value}\n`), [value]);
    assert.deepEqual(found(`{"private_token": "${value}"}`), [value]);
  }
  assert.deepEqual(found(`SECRET_KEY=${fake("too-long", 5_000, BASE62)}\n`), []);
});

test("a Go, Rust or Kotlin typed declaration is an assignment", () => {
  const value = fake("typed", 24);
  for (const line of [`var dbPassword string = "${value}"`, `const API_KEY: &str = "${value}";`, `val apiToken: String = "${value}"`]) {
    assert.deepEqual(found(line), [value], line);
  }
});

test("a Dockerfile ENV in its space form is found with Windows line endings too", () => {
  const value = fake("docker-crlf", 24);
  assert.deepEqual(found(`FROM node:22\r\nENV API_KEY ${value}\r\nCMD ["node", "server.js"]\r\n`), [value]);
});

test("the next JSON key or list item is not a value, nor is an empty one", () => {
  for (const text of [
    '{"password", "passwordConfirmation2": true}',
    '{"fields": ["password", "passwordConfirmation2"]}',
    '{"password": "", "username": "admin"}',
    '{"token": null, "refreshTokenLifetimeSeconds": 86400}',
  ]) {
    assert.deepEqual(found(text), [], text);
  }
});

test("renaming the variable does not hide the value: a random 32+ value is found under any name", () => {
  const value = fake("renamed", 40);
  assert.deepEqual(found(`const dbPassword = "${value}";`), [value]);
  assert.deepEqual(found(`const setting = "${value}";`), [value]);
  assert.deepEqual(found(`connect("db.internal", "${value}")`), [value]);
  const hex = fake("renamed-hex", 32, HEX);
  assert.deepEqual(found(`const setting = "${hex}";`), [hex]);
});

test("hex of a digest's length (SHA-1, SHA-256) counts under a secret-looking name only", () => {
  for (const length of [40, 64]) {
    const hex = fake(`digest-${length}`, length, HEX);
    assert.deepEqual(found(`case "${hex}":\n  return "llama-bpe";`), []);
    assert.deepEqual(found(`"blk.0.attn_q.weight": "${hex}",`), []);
    assert.deepEqual(found(`WEBHOOK_SECRET="${hex}"`), [hex]);
  }
});

test("a wrapped base64 blob and a minified line are no secrets; a lone value on its own line is", () => {
  const lines = Array.from({ length: 6 }, (_, i) => fake(`blob-line-${i}`, 64, BASE64));
  assert.deepEqual(found(`const image = \`\n${lines.join("\n")}\n\`;`), []);
  assert.deepEqual(found(`      body: "${lines.join("\\\n            ")}"`), []);
  assert.deepEqual(found(`!function(){var t="${lines[0]}";${"e=e+1;".repeat(400)}}();`), []);
  assert.deepEqual(found(`const a = 1;\nconst setting = "${lines[0]}";\nconst b = 2;\n`), [lines[0]]);
});

test("hex is a secret only as a literal: a commit id in prose or in a URL path is left alone", () => {
  const sha = fake("commit", 40, HEX);
  assert.deepEqual(found(`Fixed in ${sha}; see https://github.com/acme/app/commit/${sha}`), []);
});

test("a hex secret found by its name is found again where it appears bare", () => {
  const hex = fake("copied-hex", 32, HEX);
  const text = `APP_SECRET=${hex}\n# rotate: curl https://hooks.example.com/rotate/${hex}\n`;
  assert.deepEqual(found(text), [hex, hex]);
});

test("a short context-found value is redacted where found but not hunted elsewhere: it would match too much", () => {
  const text = "redis://:abcd@cache:6379\nconst label = 'abcd';\n";
  assert.deepEqual(
    findSecrets(text).map((finding) => text.slice(finding.start, finding.end)),
    ["abcd"],
  );
});

test("Basic credentials are decoded: a documentation pair is not a secret, a real one is", () => {
  const doc = Buffer.from("user:password").toString("base64");
  assert.deepEqual(found(`Authorization: Basic ${doc}`), []);
  const real = Buffer.from(`svc:${fake("basic-real", 20)}`).toString("base64");
  assert.deepEqual(found(`Authorization: Basic ${real}`), [real]);
});

test("adversarial input for the new rules is scanned linearly, every finding inside the text", () => {
  const inputs = [
    "Private-Lines: 9\n" + `${"A".repeat(64)}\n`.repeat(20_000),
    "://u:" + "@".repeat(200_000),
    "-u a:".repeat(50_000),
    "- name: DB_PASSWORD\n  value: ".repeat(20_000),
    "&sig=".repeat(60_000),
    "dp.st." + "a".repeat(200_000),
    "1".repeat(200_000) + ":" + "A".repeat(40),
    "M" + "A".repeat(200_000) + ".abcdef.",
    "abc8Q~".repeat(40_000),
    "abcdefghijklmn.atlasv1.".repeat(10_000),
    "SECRET_KEY=" + "x".repeat(300_000),
    '"password": "' + "a".repeat(300_000),
    "LS0tLS1CRUdJTi" + "A".repeat(300_000),
    fake("blob", 300_000, BASE64),
    "Authorization: Bearer ".repeat(30_000),
    '<add key="DbPassword" value="'.repeat(20_000),
    "--password ".repeat(50_000),
    "ENV API_KEY ".repeat(50_000),
  ];
  for (const text of inputs) {
    for (const finding of findSecrets(text)) assert.ok(finding.start >= 0 && finding.start < finding.end && finding.end <= text.length, text.slice(0, 40));
  }
});
