// Secret detection and redaction (src/core/privacy, DESIGN §2): each rule family finds exactly
// the secret value, placeholders and references are left alone, overlapping rules resolve to
// one finding, and redaction round-trips through a model's answer without losing a byte.
// Every token is built at run time from a seeded generator (test/fixtures/secretExamples.ts), so
// this file holds nothing a secret scanner would take for a live credential.
import { test } from "node:test";
import assert from "node:assert/strict";
import { SECRET_RULE_IDS, findSecrets, redactSecrets } from "../../src/core/privacy/secrets.ts";
import { SECRET_RULES, isHighEntropy, shannonEntropy } from "../../src/core/privacy/secretRules.ts";
import { BASE64, HEX, fake, pemBlock } from "../fixtures/fakeTokens.ts";
import { EXAMPLE_BY_RULE, TOKENS } from "../fixtures/secretExamples.ts";

interface Expected {
  ruleId: string;
  value: string;
}

function secretsIn(text: string): Expected[] {
  return findSecrets(text).map((finding) => ({ ruleId: finding.ruleId, value: text.slice(finding.start, finding.end) }));
}

/** The text holds exactly these secrets, in this order, at the offsets of their values. */
function assertSecrets(text: string, expected: Expected[]): void {
  assert.deepEqual(secretsIn(text), expected, text.slice(0, 200));
  let from = 0;
  for (const [i, finding] of findSecrets(text).entries()) {
    const value = expected[i]?.value ?? "";
    const start = text.indexOf(value, from);
    assert.deepEqual([finding.start, finding.end], [start, start + value.length]);
    from = finding.end;
  }
}

// ── one example per rule (test/fixtures/secretExamples.ts): the table every rule must appear in ──

test("every rule id is listed once in SECRET_RULE_IDS and has an example here", () => {
  assert.deepEqual(
    SECRET_RULE_IDS,
    SECRET_RULES.map((rule) => rule.id),
  );
  assert.equal(new Set(SECRET_RULE_IDS).size, SECRET_RULE_IDS.length);
  assert.deepEqual(Object.keys(EXAMPLE_BY_RULE).sort(), [...SECRET_RULE_IDS].sort());
});

for (const [ruleId, { text, value }] of Object.entries(EXAMPLE_BY_RULE)) {
  test(`${ruleId}: its example is found, offsets covering exactly the value`, () => {
    assertSecrets(text, [{ ruleId, value }]);
  });
}

// ── rule families ──

test("private-key: RSA, EC, OpenSSH, PKCS#8 and PGP blocks are secrets, markers included; a JSON-escaped key too", () => {
  for (const label of ["RSA PRIVATE KEY", "EC PRIVATE KEY", "OPENSSH PRIVATE KEY", "PRIVATE KEY", "ENCRYPTED PRIVATE KEY", "PGP PRIVATE KEY BLOCK"]) {
    const block = pemBlock(label, label);
    assertSecrets(`before\n${block}\nafter\n`, [{ ruleId: "private-key", value: block }]);
  }
  const escaped = pemBlock("PRIVATE KEY", "service-account", true);
  assertSecrets(`{"type": "service_account", "private_key": "${escaped}\\n", "client_email": "ci@demo.iam.gserviceaccount.com"}`, [
    { ruleId: "private-key", value: escaped },
  ]);
});

test("private-key: public keys, certificates and an elided example are not secrets", () => {
  for (const label of ["PUBLIC KEY", "CERTIFICATE", "RSA PUBLIC KEY"]) assertSecrets(pemBlock(label, label), []);
  assertSecrets("-----BEGIN " + "PRIVATE KEY-----\nMIIEvQ...\n-----END " + "PRIVATE KEY-----", []);
});

test("aws-access-key-id: AKIA and ASIA ids are secrets; AWS's documented …EXAMPLE id is not", () => {
  assertSecrets(`keys = ["${TOKENS.awsKeyId}", "${TOKENS.awsSessionKeyId}"]`, [
    { ruleId: "aws-access-key-id", value: TOKENS.awsKeyId },
    { ruleId: "aws-access-key-id", value: TOKENS.awsSessionKeyId },
  ]);
  assertSecrets("aws_access_key_id = AKIA" + "IOSFODNN7EXAMPLE", []);
});

test("aws-secret-access-key: the 40-character key in credentials files, env and CLI JSON wins over the generic rule", () => {
  const secret = TOKENS.awsSecret;
  for (const text of [
    `aws_secret_access_key=${secret}`,
    `export AWS_SECRET_ACCESS_KEY="${secret}"`,
    `"SecretAccessKey": "${secret}",`,
    `awsSecretKey: '${secret}'`,
  ]) {
    assertSecrets(text, [{ ruleId: "aws-secret-access-key", value: secret }]);
  }
  assertSecrets("aws_secret_access_key = " + "wJalrXUtnFEMI/K7MDENG/" + "bPxRfiCYEXAMPLEKEY", []);
});

test("github: ghp_, gho_, ghu_, ghs_, ghr_ and github_pat_ tokens each have their rule", () => {
  assertSecrets(`a=${TOKENS.ghp} b=${TOKENS.gho} c=${TOKENS.ghu} d=${TOKENS.ghs} e=${TOKENS.ghr} f=${TOKENS.fineGrained}`, [
    { ruleId: "github-pat", value: TOKENS.ghp },
    { ruleId: "github-oauth", value: TOKENS.gho },
    { ruleId: "github-app-token", value: TOKENS.ghu },
    { ruleId: "github-app-token", value: TOKENS.ghs },
    { ruleId: "github-refresh-token", value: TOKENS.ghr },
    { ruleId: "github-fine-grained-pat", value: TOKENS.fineGrained },
  ]);
  assertSecrets(`token = "ghp_${"x".repeat(36)}"`, []);
});

test("slack: bot, user and app tokens are secrets; a webhook keeps its host and loses its path", () => {
  assertSecrets(`SLACK_BOT=${TOKENS.slackBot}\nSLACK_USER=${TOKENS.slackUser}\nSLACK_APP=${TOKENS.slackApp}\n`, [
    { ruleId: "slack-token", value: TOKENS.slackBot },
    { ruleId: "slack-token", value: TOKENS.slackUser },
    { ruleId: "slack-token", value: TOKENS.slackApp },
  ]);
  const { redacted } = redactSecrets(EXAMPLE_BY_RULE["slack-webhook-url"]?.text ?? "");
  assert.equal(redacted, "hook: https://hooks.slack.com/services/<<JUNCTION_SECRET_1>>\n");
  assertSecrets("SLACK_TOKEN=xoxb-your-token-here", []);
});

test("stripe-secret-key: live secret, live restricted and test keys are secrets", () => {
  assertSecrets(`STRIPE_SECRET=${TOKENS.stripeLive}\nSTRIPE_RESTRICTED=${TOKENS.stripeRestricted}\nSTRIPE_TEST=${TOKENS.stripeTest}\n`, [
    { ruleId: "stripe-secret-key", value: TOKENS.stripeLive },
    { ruleId: "stripe-secret-key", value: TOKENS.stripeRestricted },
    { ruleId: "stripe-secret-key", value: TOKENS.stripeTest },
  ]);
});

test("openai-api-key: legacy sk- and sk-proj- keys are secrets; a kebab-case sk- class name is not", () => {
  assertSecrets(`old = "${TOKENS.openaiLegacy}"\nnew = "${TOKENS.openaiProject}"`, [
    { ruleId: "openai-api-key", value: TOKENS.openaiLegacy },
    { ruleId: "openai-api-key", value: TOKENS.openaiProject },
  ]);
  assertSecrets('<button class="sk-button-primary-large-hover">', []);
});

test("anthropic-api-key: an sk-ant- key is Anthropic's, never reported as OpenAI's", () => {
  assertSecrets(`ANTHROPIC_API_KEY=${TOKENS.anthropic}`, [{ ruleId: "anthropic-api-key", value: TOKENS.anthropic }]);
});

test("gitlab-pat: a glpat- token in an env file is a secret", () => {
  assertSecrets(`GITLAB_TOKEN=${TOKENS.glpat}\n`, [{ ruleId: "gitlab-pat", value: TOKENS.glpat }]);
});

test("gcp-api-key: an AIza key in an Android resource file is a secret", () => {
  assertSecrets(`<string name="google_maps_key">${TOKENS.gcp}</string>`, [{ ruleId: "gcp-api-key", value: TOKENS.gcp }]);
});

test("npm-access-token: an npm_ token on a command line is a secret", () => {
  assertSecrets(`NPM_TOKEN=${TOKENS.npm} npm publish`, [{ ruleId: "npm-access-token", value: TOKENS.npm }]);
});

test("jwt: a signed token is a secret wherever it appears; two base64 segments without a signature are not", () => {
  assertSecrets(`curl -H 'Authorization: Bearer ${TOKENS.jwt}' https://api.example.com`, [{ ruleId: "jwt", value: TOKENS.jwt }]);
  const [header = "", payload = ""] = TOKENS.jwt.split(".");
  assertSecrets(`const parts = "${header}.${payload}";`, []);
});

test("url-credentials: the password in a connection string is a secret, the user and host are not", () => {
  const password = TOKENS.dbPassword;
  assertSecrets(`url = "mongodb+srv://admin:${password}@cluster0.example.net/app?retryWrites=true"`, [{ ruleId: "url-credentials", value: password }]);
  assertSecrets("DATABASE_URL=postgres://postgres:postgres@localhost:5432/app", []);
  assertSecrets("MONGO_URL=mongodb://app:${MONGO_PASSWORD}@mongo:27017", []);
  assertSecrets("proxy = http://proxy.internal:3128/", []);
});

test("generic-secret: a secret-looking name assigned a high-entropy value, in every common syntax", () => {
  const v = TOKENS.clientSecret;
  const lines = [
    `DB_PASSWORD=${v}`,
    `export API_KEY="${v}"`,
    `  "client_secret": "${v}",`,
    `  password: ${v}`,
    `  auth_token: '${v}'`,
    `const apiKey = "${v}";`,
    `const sessionSecret: string = "${v}";`,
    `const config = { token: \`${v}\` };`,
    `SECRET_KEY = '${v}'`,
    `api_key: str = "${v}"`,
    `conn = connect(host="db", password="${v}")`,
    `apiKey := "${v}"`,
    `'password' => '${v}',`,
    `<password>${v}</password>`,
    `Authorization: Bearer ${v}`,
    `headers.set("X-Api-Key", "${v}");`,
    `const token = process.env.TOKEN || "${v}";`,
    `if (credentials === "${v}") grant();`,
  ];
  for (const line of lines) assertSecrets(line, [{ ruleId: line.startsWith("Authorization") ? "authorization-header" : "generic-secret", value: v }]);
});

test("generic-secret: a short password counts when nearly every character differs and it mixes classes", () => {
  const short = ["Tr0ub", "4dor&3"].join("");
  assert.ok(shannonEntropy(short) < 3.5 && isHighEntropy(short));
  assertSecrets(`SMTP_PASS=${short}`, [{ ruleId: "generic-secret", value: short }]);
});

test("generic-secret: placeholders, references, low-entropy values and non-secret names are not secrets", () => {
  const uuid = `${fake("u1", 8, HEX)}-${fake("u2", 4, HEX)}-4${fake("u3", 3, HEX)}-a${fake("u4", 3, HEX)}-${fake("u5", 12, HEX)}`;
  const notSecrets = [
    'password = "changeme"',
    'password: "Passw0rd!"',
    'password = "hunter2hunter2"',
    "PASSWORD=postgres123",
    'secret: "ab12ab12ab12ab12"',
    'DB_PASSWORD="${PASSWORD}"',
    "const token = process.env.GITHUB_TOKEN;",
    'api_key = os.environ["OPENAI_API_KEY"]',
    'api_key = os.getenv("OPENAI_API_KEY")',
    'SECRET_KEY = env("DJANGO_SECRET_KEY")',
    '"apiKey": "<your-token>"',
    'token: "xxxxxxxxxxxxxxxx"',
    "API_KEY=your-api-key-here",
    'password: "********"',
    "password = getpass.getpass()",
    "const token = session.credentials.accessToken;",
    'const storageKey = "junction.lastModel";',
    `"requestId": "${uuid}"`,
    `"keyId": "${uuid}"`,
    `"tokenType": "Bearer", "max_tokens": 4096`,
    'tokenizer = "cl100k_base"',
    'author = "Ada Lovelace <ada@example.com>"',
    'authDomain: "demo-app-7f3a2.firebaseapp.com"',
    'secretName: "prod-db-credentials-v2"',
    'const cacheKey = "user-profile-2024-v3-" + id;',
    'publicKey: "' + fake("public", 44, BASE64) + '"',
    'password_hash = "$2b$12$' + fake("bcrypt", 53, BASE64) + '"',
    "export async function refresh(token: CancellationToken, store: SecretStore) {}",
    "const password = await vscode.window.showInputBox({ password: true });",
    "return items.map((item) => ({ key: item.id, label: item.title }));",
    '{ "command": "junction.showPanel", "key": "ctrl+shift+alt+k" }',
    'await page.keyboard.press("Control+Shift+T", { key: "Control+o" });',
    "const GRANT = 'urn:ietf:params:oauth:grant-type:token-exchange-v2';",
    'mime["application/vnd.mediastation.cdkey"] = ["cdkey"], "application/vnd.mfer";',
    "const auth = authenticateUser2(request);",
    "const token = bearerFromHeader2;",
    "return { secret: rotatedSigningKey2 };",
    "tokenFile: ./secrets/token.txt",
  ];
  for (const text of notSecrets) assertSecrets(text, []);
});

test("base64 image data in code is not a secret", () => {
  const png = "iVBORw0KGgoAAAANSUhEUgAA" + fake("png", 4000, BASE64) + "==";
  assertSecrets(`const logo = "data:image/png;base64,${png}";\nconst thumbnail = { src: "${png}" };\n`, []);
});

// ── several secrets, overlaps, copies ──

test("several secrets in one file are all found, sorted by start, never overlapping", () => {
  const text = [
    "# production settings",
    `AWS_ACCESS_KEY_ID=${TOKENS.awsKeyId}`,
    `AWS_SECRET_ACCESS_KEY=${TOKENS.awsSecret}`,
    "REGION=eu-west-1",
    `STRIPE_KEY=${TOKENS.stripeLive}`,
    `DATABASE_URL=postgres://app:${TOKENS.dbPassword}@db:5432/app`,
    `SESSION_SECRET=${TOKENS.clientSecret}`,
    TOKENS.rsaKey,
    "",
  ].join("\n");
  assertSecrets(text, [
    { ruleId: "aws-access-key-id", value: TOKENS.awsKeyId },
    { ruleId: "aws-secret-access-key", value: TOKENS.awsSecret },
    { ruleId: "stripe-secret-key", value: TOKENS.stripeLive },
    { ruleId: "url-credentials", value: TOKENS.dbPassword },
    { ruleId: "generic-secret", value: TOKENS.clientSecret },
    { ruleId: "private-key", value: TOKENS.rsaKey },
  ]);
});

test("overlapping rules resolve to the most specific one: a token format beats a generic assignment", () => {
  assertSecrets(`GITHUB_TOKEN="${TOKENS.ghp}"`, [{ ruleId: "github-pat", value: TOKENS.ghp }]);
  assertSecrets(`{"id_token": "${TOKENS.jwt}"}`, [{ ruleId: "jwt", value: TOKENS.jwt }]);
  assertSecrets(`OPENAI_API_KEY="${TOKENS.openaiLegacy}"`, [{ ruleId: "openai-api-key", value: TOKENS.openaiLegacy }]);
  assertSecrets(`//registry.npmjs.org/:_authToken=${TOKENS.npm}`, [{ ruleId: "npm-access-token", value: TOKENS.npm }]);
});

test("a token inside a longer generic value is reported by its token rule, not swallowed by the generic one", () => {
  assertSecrets(`auth: "${TOKENS.ghp}:x-oauth-basic"`, [{ ruleId: "github-pat", value: TOKENS.ghp }]);
});

test("a secret found by its name is found again where it is used without one", () => {
  const text = `DB_PASSWORD=${TOKENS.dbPassword}\n\nclient.connect("db.internal", "${TOKENS.dbPassword}");\n`;
  assertSecrets(text, [
    { ruleId: "generic-secret", value: TOKENS.dbPassword },
    { ruleId: "generic-secret", value: TOKENS.dbPassword },
  ]);
  assert.equal(redactSecrets(text).redacted, 'DB_PASSWORD=<<JUNCTION_SECRET_1>>\n\nclient.connect("db.internal", "<<JUNCTION_SECRET_1>>");\n');
});

// ── redaction ──

const REPEATED = `const a = "${TOKENS.ghp}";\nconst b = "${TOKENS.ghp}";\nconst c = "${TOKENS.gcp}";\n`;
/** `$&` and `$1` mean something to String.replace: restoring must insert them literally. */
const DOLLARS = `PASSWORD=${TOKENS.dbPassword.slice(0, 12)}$&$1\n`;
const HOLDS_A_PLACEHOLDER = `docs: <<JUNCTION_SECRET_1>> is a placeholder; token = "${TOKENS.clientSecret}"`;
const WITH_SECRETS: readonly string[] = [...Object.values(EXAMPLE_BY_RULE).map((example) => example.text), REPEATED, DOLLARS, HOLDS_A_PLACEHOLDER];

test("redaction round-trips: restore(redacted) gives back the original text exactly", () => {
  for (const text of WITH_SECRETS) {
    const redaction = redactSecrets(text);
    assert.ok(redaction.findings.length > 0, text);
    assert.equal(redaction.restore(redaction.redacted), text);
  }
});

test("the redacted text contains no secret value", () => {
  for (const text of WITH_SECRETS) {
    const { redacted, findings } = redactSecrets(text);
    const secrets = [...findings.map((finding) => text.slice(finding.start, finding.end)), ...Object.values(TOKENS).filter((token) => text.includes(token))];
    for (const secret of secrets) assert.ok(!redacted.includes(secret), `${secret} in ${redacted}`);
  }
});

test("the same secret value gets the same placeholder; different values get different ones", () => {
  const { redacted, findings } = redactSecrets(REPEATED);
  assert.equal(findings.length, 3);
  assert.equal(redacted, 'const a = "<<JUNCTION_SECRET_1>>";\nconst b = "<<JUNCTION_SECRET_1>>";\nconst c = "<<JUNCTION_SECRET_2>>";\n');
});

test("a placeholder already in the text is never issued, so it survives the round trip untouched", () => {
  const redaction = redactSecrets(HOLDS_A_PLACEHOLDER);
  assert.equal(redaction.redacted, 'docs: <<JUNCTION_SECRET_1>> is a placeholder; token = "<<JUNCTION_SECRET_2>>"');
  assert.equal(redaction.restore(redaction.redacted), HOLDS_A_PLACEHOLDER);
});

test("restore puts secrets back into a model's rewrite: placeholders moved, repeated, dropped or unknown", () => {
  const source = `const github = new Octokit({ auth: "${TOKENS.ghp}" });\nconst stripe = new Stripe("${TOKENS.stripeLive}");\n`;
  const { redacted, restore } = redactSecrets(source);
  assert.equal(redacted, 'const github = new Octokit({ auth: "<<JUNCTION_SECRET_1>>" });\nconst stripe = new Stripe("<<JUNCTION_SECRET_2>>");\n');
  const answer = [
    "const STRIPE_KEY = '<<JUNCTION_SECRET_2>>';",
    "const GITHUB_TOKEN = '<<JUNCTION_SECRET_1>>';",
    "export const clients = { github: new Octokit({ auth: GITHUB_TOKEN }), stripe: new Stripe(STRIPE_KEY) };",
    "// was <<JUNCTION_SECRET_1>>; see also <<JUNCTION_SECRET_7>> and <<JUNCTION_SECRET_1",
  ].join("\n");
  assert.equal(
    restore(answer),
    [
      `const STRIPE_KEY = '${TOKENS.stripeLive}';`,
      `const GITHUB_TOKEN = '${TOKENS.ghp}';`,
      "export const clients = { github: new Octokit({ auth: GITHUB_TOKEN }), stripe: new Stripe(STRIPE_KEY) };",
      `// was ${TOKENS.ghp}; see also <<JUNCTION_SECRET_7>> and <<JUNCTION_SECRET_1`,
    ].join("\n"),
  );
});

test("text without secrets is left as it is, and so is an answer restored against it", () => {
  const text = "export function add(a: number, b: number): number {\n  return a + b;\n}\n";
  const redaction = redactSecrets(text);
  assert.deepEqual([redaction.redacted, redaction.findings], [text, []]);
  assert.equal(redaction.restore("<<JUNCTION_SECRET_1>>"), "<<JUNCTION_SECRET_1>>");
});

test("redacting a redacted text finds nothing more: placeholders never look like secrets", () => {
  for (const text of WITH_SECRETS) {
    const { redacted } = redactSecrets(text);
    assert.deepEqual(findSecrets(redacted), []);
  }
});

// ── size and adversarial input (functional only: benchmarks measure time, tests never do) ──

test("a 1 MB source file is scanned and every planted secret is found", () => {
  const code = [
    "export async function refresh(token: CancellationToken): Promise<void> {",
    '  const apiKey = await secrets.get("junction.cloud.apiKey");',
    "  const headers = { Authorization: `Bearer ${apiKey}` };",
    "  return items.map((item) => ({ key: item.id, author: item.author }));",
    "}",
  ];
  const planted = [TOKENS.ghp, TOKENS.stripeLive, TOKENS.jwt, TOKENS.anthropic, TOKENS.awsKeyId];
  const lines: string[] = [];
  const expected: string[] = [];
  for (let size = 0, i = 0; size < 1 << 20; i += 1) {
    const secret = planted[expected.length % planted.length] ?? "";
    const line = i % 400 === 399 ? `const planted${i} = "${secret}";` : (code[i % code.length] ?? "");
    if (line.startsWith("const planted")) expected.push(secret);
    lines.push(line);
    size += line.length + 1;
  }
  const text = lines.join("\n");
  assert.ok(text.length >= 1 << 20);
  assert.deepEqual(
    secretsIn(text).map((finding) => finding.value),
    expected,
  );
});

test("adversarial input (unclosed PEM blocks, endless token runs, repeated keys) is scanned without catastrophic backtracking", () => {
  // Unclosed blocks are no PEM key, but each body line is random key material: a finding each.
  const bodyLine = fake("pem", 60, BASE64);
  const unclosed = ("-----BEGIN RSA " + "PRIVATE KEY-----\n" + bodyLine + "\n").repeat(2_000);
  const findings = findSecrets(unclosed);
  assert.equal(findings.length, 2_000);
  assert.ok(findings.every((finding) => unclosed.slice(finding.start, finding.end) === bodyLine));
  const inputs = [
    "eyJ-".repeat(60_000),
    "eyJ" + "a".repeat(200_000),
    "sk-".repeat(80_000),
    "key=".repeat(60_000),
    'password="'.repeat(25_000),
    "a".repeat(250_000),
    "://a:".repeat(50_000),
  ];
  for (const text of inputs) assert.deepEqual(findSecrets(text), [], text.slice(0, 40));
});
