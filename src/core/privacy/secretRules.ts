/**
 * The rules that recognise secrets in text bound for a cloud model (DESIGN §2). Provider token
 * formats come first, learned from gitleaks' rule set (config/gitleaks.toml); the regexes are
 * our own. A generic rule then catches a secret-looking name assigned a high-entropy value.
 *
 * Every pattern stays linear in the length of the text:
 * - no quantified group repeats another quantifier over the same characters;
 * - every unbounded run is cut by a character it cannot contain (`.` in a JWT, `-----` in a PEM
 *   body), so a failed attempt never rescans far;
 * - a token may only start where a run of token characters starts (a lookbehind), so a long run
 *   of `sk-sk-sk-…` is tried once, not once per position.
 */

export interface SecretRule {
  readonly id: string;
  /** One line for the docs: what the rule finds. */
  readonly description: string;
  /** Wins over a lower one when two findings overlap: a token format says more than a name. */
  readonly specificity: number;
  /** The rule runs only when the text contains one of these; most texts contain none. */
  readonly keywords: readonly string[];
  readonly keywordsIgnoreCase?: boolean;
  /**
   * Global (`g`); the secret value is the first defined group of `valueGroups`. Scanning runs
   * without the `d` flag, which doubles the cost of every match; only an accepted match is
   * matched again with `d` to learn where its value sits.
   */
  readonly pattern: RegExp;
  /** Named groups that may hold the value; `["secret"]` when absent. */
  readonly valueGroups?: readonly string[];
  /** Turns down a match that is a placeholder, a reference or too regular to be a secret. */
  readonly accept?: (value: string, match: RegExpExecArray, text: string) => boolean;
  /**
   * The value is recognised by what surrounds it (a name, a URL), not by its own shape, so it
   * may appear again elsewhere without that context; findSecrets then looks for every copy.
   * A token format needs no such search: the rule itself finds every copy.
   */
  readonly foundByContext?: boolean;
}

// ── value tests, shared with the generic rule ──

/** Shannon entropy in bits per character: ~4.7–5.9 for random tokens, < 3 for words. */
export function shannonEntropy(value: string): number {
  if (value.length === 0) return 0;
  // Values are mostly ASCII: a reused count table is much cheaper than a Map per call.
  const counts = ASCII_COUNTS.fill(0);
  let other: Map<number, number> | undefined;
  for (let i = 0; i < value.length; i += 1) {
    const code = value.charCodeAt(i);
    if (code < 128) counts[code] = (counts[code] ?? 0) + 1;
    else (other ??= new Map()).set(code, (other.get(code) ?? 0) + 1);
  }
  let bits = 0;
  const add = (count: number): void => {
    const p = count / value.length;
    bits -= p * Math.log2(p);
  };
  for (const count of counts) if (count > 0) add(count);
  if (other !== undefined) for (const count of other.values()) add(count);
  return bits;
}

const ASCII_COUNTS = new Uint32Array(128);

/** `abcdef`, `123456`, `ABCDEFGHIJ…0123456789+/`: an alphabet or a typed sequence, not randomness. */
function longestAscendingRun(value: string): number {
  let longest = 1;
  let run = 1;
  for (let i = 1; i < value.length; i += 1) {
    run = value.charCodeAt(i) === value.charCodeAt(i - 1) + 1 ? run + 1 : 1;
    longest = Math.max(longest, run);
  }
  return longest;
}

function characterClasses(value: string): number {
  return [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((pattern) => pattern.test(value)).length;
}

/**
 * A string of n characters has at most log2(n) bits per character, so 3.5 bits needs 12 or more.
 * A shorter value still counts when nearly every character differs, it mixes three classes and
 * holds no typed run (`Xk9#mP2$qL` does; `changeme` mixes one class, `jwt_abc123` has runs).
 */
export function isHighEntropy(value: string): boolean {
  if (value.length < 8) return false;
  const bits = shannonEntropy(value);
  if (bits >= 3.5) return true;
  return value.length < 16 && characterClasses(value) >= 3 && bits >= Math.log2(value.length) - 0.6 && longestAscendingRun(value) < 3;
}

/** Templates, masks and doc examples: `${PASSWORD}`, `{{ token }}`, `<your-token>`, `xxxxxxxx`. */
const TEMPLATE_OR_MASK = /\$\{|\{\{|\}\}|%\(|^\$[A-Za-z_]|^%[A-Za-z_]+%$|^<.*>$|^\[.*\]$|(.)\1{3}|\.\.\./;
const PLACEHOLDER_WORD =
  /example|placeholder|change[_-]?me|changeit|replace[_-]?me|^your|[_-]your|dummy|sample|redacted|fixme|\btodo\b|fake|not[_-]?a[_-]?real|^(?:ctrl|control|cmd|command|shift|alt|option|meta|super)\+|^(?:p[a@]ssw[o0]rd|secret|letmein|qwerty|admin|test)[\d!@#$%^&*._-]*$/i;

export function looksLikePlaceholder(value: string): boolean {
  return TEMPLATE_OR_MASK.test(value) || PLACEHOLDER_WORD.test(value) || longestAscendingRun(value) >= 6;
}

/** Pointers to a secret rather than the secret: URLs, paths, `process.env.X`, `config.apiKey`, file names. */
const REFERENCE = [
  /:\/\//,
  /^(?:data|urn):/,
  /^(?:\.{1,2}|~)?\/[\w.-]+\/[\w./-]*$/,
  /^[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$-]*)+$/,
  /\b(?:process\.env|import\.meta\.env|environ|getenv|Deno\.env)\b/,
  /^[A-Za-z_.:/-]+$/, // words and separators, no digit: YOUR_API_KEY, grant-type:jwt-bearer, text/plain
];

export function looksLikeReference(value: string): boolean {
  return REFERENCE.some((pattern) => pattern.test(value));
}

/** The random part of a prefixed token: long enough, varied enough, not `ghp_XXXX…`. */
function randomTail(prefixLength: number, minBits: number) {
  return (value: string): boolean => {
    const tail = value.slice(prefixLength);
    return !looksLikePlaceholder(tail) && shannonEntropy(tail) >= minBits;
  };
}

// ── the generic "secret name = value" rule ──

/** Names ending like these hold secrets (`DB_PASSWORD`, `apiKey`, `secret_key_base`, `x-auth-token`). */
const SECRET_NAME =
  /(?:key|secret|secrets|token|pass|passwd|password|passphrase|pwd|auth|authorization|credentials?|creds)(?:base|value|val|string|str|hex|b64|base64)?$/;
/** …unless the name is a well-known non-secret: database and UI keys, paging tokens, `bypass`. */
const NON_SECRET_NAME =
  /(?:public|primary|foreign|sort|partition|range|hash|row|cache|storage|lookup|map|query|i18n|translation|locale|label|unique|route|group|object|message|field|state|context|injection|setting|config|menu|shortcut|modifier|meta|ctrl|shift|alt|cmd|hot|mon|don|tur|whis|item|column|index|idempotency|dedup|pub|socket)key$|(?:csrf|xsrf|page|cursor|continuation|sync|cancellation|cancel)token$|(?:by|com|sur|over|under)pass$/;

export function isSecretName(name: string): boolean {
  const normalized = name
    .toLowerCase()
    .replace(/[^a-z0-9]/g, "")
    .replace(/\d+$/, "");
  return SECRET_NAME.test(normalized) && !NON_SECRET_NAME.test(normalized);
}

/** Where the whole name a keyword sits in starts: `DB_` + `PASSWORD`, `config.auth.` + `token`. */
function nameStart(text: string, keywordStart: number): number {
  let start = keywordStart;
  const limit = Math.max(0, keywordStart - 64);
  while (start > limit && /[\w.$-]/.test(text.charAt(start - 1))) start -= 1;
  return start;
}

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;
/** Operators no token contains: `!flag`, `a?.b`, `x ?? y`, `a || b`, `n++`. */
const OPERATOR = /^[!#]|\?\.|\?\?|\|\||&&|\+\+/;
/** A member access: `this.#key`, `options.xml.charKey`, `r.C0.ESC`. */
const MEMBER_ACCESS = /[A-Za-z_$\])]\.#?[A-Za-z_$]/;

/**
 * The mean length of the words in a camelCase name: `X509WorkloadIdentityAuth` splits into
 * X·509·Workload·Identity·Auth (4.8); a random mixed-case token into pieces under 3.
 */
function meanWordLength(value: string): number {
  const words = value.match(/[A-Z]?[a-z]+|[A-Z]+(?![a-z])|\d+/g) ?? [];
  return words.length === 0 ? 0 : words.reduce((total, word) => total + word.length, 0) / words.length;
}

/**
 * Unquoted, a value in code is an expression, not a literal: `token = accessToken2`,
 * `auth = X509WorkloadIdentityAuth`, `key = e.ctrlKey ? a : b`. A long random value is a secret
 * even with a dot in it.
 */
function looksLikeCode(value: string): boolean {
  if (IDENTIFIER.test(value)) {
    const camelCaseWords = /[a-z]/.test(value) && /[A-Z]/.test(value) && meanWordLength(value) >= 4;
    return camelCaseWords || !(/\d/.test(value) && shannonEntropy(value) >= 4);
  }
  if (OPERATOR.test(value)) return true;
  return MEMBER_ACCESS.test(value) && !(value.length >= 20 && shannonEntropy(value) >= 4.5);
}

function acceptAssignment(value: string, match: RegExpExecArray, text: string): boolean {
  const groups = match.groups ?? {};
  const bare = groups["bare"] !== undefined;
  // After a comma only a quoted pair is an assignment, `set("token", "…")`; not `f(token, x)`
  // nor a list `["cdkey"], "application/…"`.
  if (groups["op"] === "," && (bare || !/^["'\x60]$/.test(groups["close"] ?? ""))) return false;
  const start = nameStart(text, match.index);
  if (!isSecretName(text.slice(start, match.index + (groups["key"]?.length ?? 0)))) return false;
  // Between colons a name is a segment of a URN or a path (`urn:ietf:params:oauth:grant-type`).
  if (groups["op"] === ":" && text.charAt(start - 1) === ":") return false;
  if (looksLikePlaceholder(value) || looksLikeReference(value)) return false;
  if (bare && looksLikeCode(value)) return false;
  return isHighEntropy(value);
}

const SCHEME = String.raw`(?:(?:bearer|basic|token|digest)[ \t]+)?`;
const GENERIC_ASSIGNMENT = new RegExp(
  [
    // The keyword and the rest of the name; the name's start is found by scanning back.
    String.raw`(?<key>(?:key|secret|token|pass|pwd|auth|credential|creds)[\w.-]{0,30})`,
    // The quote or bracket closing the key: `"api_key":`, `config['token'] =`.
    String.raw`(?<close>["'\x60]?\]?)[ \t]{0,8}`,
    // A type annotation: `api_key: str =`, `const token: string =`.
    String.raw`(?::[ \t]{0,8}[A-Za-z_][\w.<>\[\]|, ]{0,40}?(?==))?`,
    String.raw`(?<op>=>|!==?|={1,3}|::?=|:|\?\?=?|\|\|=?|\?=|,|>)[ \t]{0,8}`,
    // The value: a string literal, or a bare word ended by whitespace, a quote, `,;<` or the end.
    String.raw`(?:"${SCHEME}(?<dq>[^\s"\\]{8,256})"`,
    String.raw`|'${SCHEME}(?<sq>[^\s'\\]{8,256})'`,
    String.raw`|\x60${SCHEME}(?<bq>[^\s\x60\\$]{8,256})\x60`,
    String.raw`|${SCHEME}(?<bare>[^\s"'\x60,;<>(){}\[\]\\]{8,256})(?=[\s"'\x60,;<\\]|$))`,
  ].join(""),
  "gi",
);

// ── the table ──

/** A token starts where a run of token characters starts, never in the middle of one. */
const START = String.raw`(?<![A-Za-z0-9_-])`;
const END = String.raw`(?![A-Za-z0-9_-])`;

function token(prefix: string, body: string): RegExp {
  return new RegExp(`${START}(?<secret>${prefix}${body})${END}`, "g");
}

export const SECRET_RULES: readonly SecretRule[] = [
  {
    id: "private-key",
    description: "A PEM private key block (RSA, EC, DSA, OpenSSH, PGP, PKCS#8), markers included.",
    specificity: 3,
    keywords: ["PRIVATE KEY"],
    // The body cannot contain `-----`, so it stops at the first marker: an unclosed BEGIN
    // costs one pass over its own body, never a scan to the end of the text.
    pattern:
      /(?<secret>-----BEGIN (?<kind>(?:[A-Z0-9]{1,16} ){0,3})PRIVATE KEY(?<block> BLOCK)?-----(?<body>(?:[^-]|-(?!----)){32,}?)-----END \k<kind>PRIVATE KEY\k<block>-----)/g,
    accept: (_value, match) => (match.groups?.["body"]?.match(/[A-Za-z0-9+/]/g)?.length ?? 0) >= 40,
  },
  {
    id: "aws-access-key-id",
    description: "An AWS access key id (AKIA…, ASIA…); AWS's documented …EXAMPLE id is not.",
    specificity: 2,
    keywords: ["AKIA", "ASIA", "ABIA", "ACCA", "A3T"],
    pattern: /(?<![A-Za-z0-9])(?<secret>(?:A3T[A-Z0-9]|AKIA|ASIA|ABIA|ACCA)[A-Z2-7]{16})(?![A-Za-z0-9])/g,
    accept: (value) => !value.endsWith("EXAMPLE") && shannonEntropy(value) >= 3,
  },
  {
    id: "aws-secret-access-key",
    description: "A 40-character AWS secret access key assigned to an aws…secret / secret_access_key name.",
    specificity: 2,
    keywords: ["secret"],
    keywordsIgnoreCase: true,
    pattern:
      /(?<key>aws[\w.-]{0,24}?secret|secret[_.-]?access[_.-]?key)[\w.-]{0,16}["'`]?\]?[ \t]{0,8}(?:=>|={1,3}|:=|:|,)[ \t]{0,8}["'`]?(?<secret>[A-Za-z0-9/+]{40})(?![A-Za-z0-9/+=])/gi,
    accept: (value) => !/example/i.test(value) && /\d/.test(value) && shannonEntropy(value) >= 4,
    foundByContext: true,
  },
  {
    id: "github-pat",
    description: "A GitHub classic personal access token (ghp_…).",
    specificity: 2,
    keywords: ["ghp_"],
    pattern: token("ghp_", "[A-Za-z0-9]{36,251}"),
    accept: randomTail(4, 3),
  },
  {
    id: "github-fine-grained-pat",
    description: "A GitHub fine-grained personal access token (github_pat_…).",
    specificity: 2,
    keywords: ["github_pat_"],
    pattern: token("github_pat_", "[A-Za-z0-9_]{50,251}"),
    accept: randomTail(11, 3),
  },
  {
    id: "github-oauth",
    description: "A GitHub OAuth access token (gho_…).",
    specificity: 2,
    keywords: ["gho_"],
    pattern: token("gho_", "[A-Za-z0-9]{36,251}"),
    accept: randomTail(4, 3),
  },
  {
    id: "github-app-token",
    description: "A GitHub App user-to-server or server-to-server token (ghu_…, ghs_…).",
    specificity: 2,
    keywords: ["ghu_", "ghs_"],
    pattern: token("gh[us]_", "[A-Za-z0-9]{36,251}"),
    accept: randomTail(4, 3),
  },
  {
    id: "github-refresh-token",
    description: "A GitHub refresh token (ghr_…).",
    specificity: 2,
    keywords: ["ghr_"],
    pattern: token("ghr_", "[A-Za-z0-9]{36,251}"),
    accept: randomTail(4, 3),
  },
  {
    id: "gitlab-pat",
    description: "A GitLab personal access token (glpat-…), legacy or routable.",
    specificity: 2,
    keywords: ["glpat-"],
    pattern: token("glpat-", String.raw`[A-Za-z0-9_-]{20,300}(?:\.[0-9a-z]{2}[0-9a-z]{7})?`),
    accept: randomTail(6, 3),
  },
  {
    id: "slack-token",
    description: "A Slack bot, user, workspace, refresh or app token (xoxb-, xoxp-, xoxa-, xoxr-, xoxs-, xapp-…).",
    specificity: 2,
    keywords: ["xox", "xapp-"],
    // Segments are split by `-`, which the segment class excludes: one way to split, no backtracking.
    pattern: token("(?:xox[abeoprs]|xapp)-", String.raw`\d{1,14}(?:-[A-Za-z0-9]{1,64}){1,6}`),
    accept: (value) => {
      const last = value.slice(value.lastIndexOf("-") + 1);
      return last.length >= 8 && !looksLikePlaceholder(last) && shannonEntropy(last) >= 2.5;
    },
  },
  {
    id: "slack-webhook-url",
    description: "The secret path of a Slack incoming webhook (hooks.slack.com/services/…); the host stays visible.",
    specificity: 2,
    keywords: ["hooks.slack.com"],
    pattern: /hooks\.slack\.com\/(?:services|workflows|triggers)\/(?<secret>[A-Za-z0-9+/]{40,120})(?![A-Za-z0-9+/])/g,
    accept: randomTail(0, 3),
    foundByContext: true,
  },
  {
    id: "stripe-secret-key",
    description: "A Stripe secret or restricted key, live or test (sk_live_…, rk_live_…, sk_test_…).",
    specificity: 2,
    keywords: ["sk_", "rk_"],
    pattern: token("[sr]k_(?:live|test|prod)_", "[A-Za-z0-9]{16,247}"),
    accept: (value) => randomTail(value.indexOf("_", 3) + 1, 3)(value),
  },
  {
    id: "anthropic-api-key",
    description: "An Anthropic API or admin key (sk-ant-api03-…, sk-ant-admin01-…).",
    specificity: 2,
    keywords: ["sk-ant-"],
    pattern: token("sk-ant-", String.raw`[a-z]{2,10}\d{2}-[A-Za-z0-9_-]{32,300}`),
    accept: (value) => randomTail(value.indexOf("-", 7) + 1, 3.5)(value),
  },
  {
    id: "openai-api-key",
    description: "An OpenAI API key (sk-…, sk-proj-…, sk-svcacct-…, sk-admin-…).",
    specificity: 2,
    keywords: ["sk-"],
    // Kebab-case names (`sk-button-primary-lg`) share the prefix: a key mixes in digits.
    pattern: token("sk-(?!ant-)", "[A-Za-z0-9_-]{20,300}"),
    accept: (value) => /\d/.test(value) && /[A-Z]/.test(value) && randomTail(3, 3.5)(value),
  },
  {
    id: "gcp-api-key",
    description: "A Google Cloud / Firebase API key (AIza…).",
    specificity: 2,
    keywords: ["AIza"],
    pattern: token("AIza", "[A-Za-z0-9_-]{35}"),
    accept: randomTail(4, 3.5),
  },
  {
    id: "npm-access-token",
    description: "An npm access token (npm_…).",
    specificity: 2,
    keywords: ["npm_"],
    pattern: token("npm_", "[A-Za-z0-9]{36}"),
    accept: randomTail(4, 3),
  },
  {
    id: "jwt",
    description: "A signed JSON Web Token (eyJ….eyJ….signature).",
    specificity: 2,
    keywords: ["eyJ"],
    // `.` separates the segments and no segment class contains it, so each run is read once.
    pattern: token("eyJ", String.raw`[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}`),
  },
  {
    id: "url-credentials",
    description: "The password in a URL's user-info (postgres://user:password@host).",
    specificity: 1.5,
    keywords: ["://"],
    pattern: /(?<=[A-Za-z0-9]):\/\/(?<user>[^\s:@/"'`<>]{0,64}):(?<secret>[^\s:@/"'`<>]{6,128})@/g,
    accept: (value) => !looksLikePlaceholder(value) && !/^[A-Za-z_.-]+$|^\d+$/.test(value),
    foundByContext: true,
  },
  {
    id: "generic-secret",
    description:
      "A key/secret/token/password/auth/credential name assigned a high-entropy value (≥ 3.5 bits/char) in code, JSON, YAML, .env or XML.",
    specificity: 1,
    keywords: ["key", "secret", "token", "pass", "pwd", "auth", "credential", "creds"],
    keywordsIgnoreCase: true,
    pattern: GENERIC_ASSIGNMENT,
    valueGroups: ["dq", "sq", "bq", "bare"],
    accept: acceptAssignment,
    foundByContext: true,
  },
];

/** The rule ids, for documentation and for telling users which rule fired. */
export const SECRET_RULE_IDS: readonly string[] = SECRET_RULES.map((rule) => rule.id);
