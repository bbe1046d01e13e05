/**
 * Names that hold secrets (`DB_PASSWORD`, `apiKeyV2`, `x-auth-token`) and the name a value is
 * assigned to, read back from the value's position.
 */

/** Names ending like these hold secrets (`DB_PASSWORD`, `apiKey`, `secret_key_base`, `x-auth-token`). */
const SECRET_NAME =
  /(?:key|secret|secrets|token|pass|passwd|password|passphrase|pwd|auth|authorization|credentials?|creds)(?:base|value|val|string|str|hex|b64|base64)?$/;
/** …unless the name is a well-known non-secret: database and UI keys, paging tokens, `bypass`. */
const NON_SECRET_NAME =
  /(?:public|primary|foreign|sort|partition|range|hash|row|cache|storage|lookup|map|query|i18n|translation|locale|label|unique|route|group|object|message|field|state|context|injection|setting|config|menu|shortcut|modifier|meta|ctrl|shift|alt|cmd|hot|mon|don|tur|whis|item|column|index|idempotency|dedup|pub|socket)key$|(?:csrf|xsrf|page|cursor|continuation|sync|cancellation|cancel)token$|(?:by|com|sur|over|under)pass$/;

/**
 * Words that qualify a secret name without changing what it holds: the environment, a version,
 * an encoding, a role (`DB_PASSWORD_PROD`, `API_KEY_V2`, `SIGNING_KEY_B64`, `TOKEN_OLD`). Any
 * other trailing word makes a different thing of it: `TOKEN_URL`, `KEY_ID`, `PASSWORD_HASH`.
 */
const QUALIFIER =
  /^(?:prod|production|prd|dev|devel|develop|development|stage|staging|stg|test|testing|qa|uat|sandbox|live|local|ci|preview|demo|int|integration|v\d+|\d+|b64|base64|hex|raw|enc|encoded|encrypted|plain|plaintext|pem|value|val|str|string|old|new|next|prev|previous|current|curr|backup|primary|secondary|alt|alternate|default|override|main|master|admin|root|readonly|ro|rw)$/;

/** `SIGNING_KEY_B64` → SIGNING·KEY·B64, `apiKeyV2` → api·Key·V2, `APIKey` → API·Key. */
const WORD = /[A-Z]?[a-z]+\d*|[A-Z]+\d*(?![a-z])|\d+/g;

function isSecretNormalized(normalized: string): boolean {
  return SECRET_NAME.test(normalized) && !NON_SECRET_NAME.test(normalized);
}

function normalize(name: string): string {
  return name
    .toLowerCase()
    .replace(/[^a-z0-9]/g, "")
    .replace(/\d+$/, "");
}

function decideSecretName(name: string): boolean {
  if (isSecretNormalized(normalize(name))) return true;
  const words = name.match(WORD) ?? [];
  let last = words.length;
  while (last > 1 && QUALIFIER.test((words[last - 1] ?? "").toLowerCase())) last -= 1;
  return last < words.length && isSecretNormalized(normalize(words.slice(0, last).join("")));
}

/**
 * Names repeat across a file (and across requests): remembering the verdict halves the cost of
 * a dense configuration file. Names are not secrets; the table is bounded all the same.
 */
const verdicts = new Map<string, boolean>();
const MAX_VERDICTS = 4_096;

export function isSecretName(name: string): boolean {
  const known = verdicts.get(name);
  if (known !== undefined) return known;
  const verdict = decideSecretName(name);
  if (verdicts.size >= MAX_VERDICTS) verdicts.clear();
  verdicts.set(name, verdict);
  return verdict;
}

/** Characters of a name, read backwards from a keyword: letters, digits, `_`, `.`, `$`, `-`. */
const NAME_CHAR = new Uint8Array(128);
for (const char of "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.$-") NAME_CHAR[char.charCodeAt(0)] = 1;

function isNameChar(code: number): boolean {
  return code < 128 && NAME_CHAR[code] === 1;
}

/** Where the whole name a keyword sits in starts: `DB_` + `PASSWORD`, `config.auth.` + `token`. */
export function nameStart(text: string, keywordStart: number): number {
  let start = keywordStart;
  const limit = Math.max(0, keywordStart - 64);
  while (start > limit && isNameChar(text.charCodeAt(start - 1))) start -= 1;
  return start;
}

export interface Assignment {
  /** The name the value is assigned to, `""` when the value stands alone. */
  name: string;
  /** A quote opens the value: a string literal. */
  quoted: boolean;
}

const QUOTES = "\"'`";
const OPERATOR_CHARS = "=:>";

/**
 * Reads back from a value to what it is assigned to: `name = "…`, `"name": "…`, `name: …`,
 * `name => '…`, `name := "…`. Only spaces, one quote and up to three operator characters may
 * sit between; anything else means the value is not directly assigned.
 */
export function assignmentBefore(text: string, valueStart: number): Assignment {
  let i = valueStart;
  const quoted = i > 0 && QUOTES.includes(text.charAt(i - 1));
  if (quoted) i -= 1;
  while (i > 0 && (text.charAt(i - 1) === " " || text.charAt(i - 1) === "\t")) i -= 1;
  let operators = 0;
  while (i > 0 && operators < 3 && OPERATOR_CHARS.includes(text.charAt(i - 1))) {
    i -= 1;
    operators += 1;
  }
  if (operators === 0) return { name: "", quoted };
  while (i > 0 && (text.charAt(i - 1) === " " || text.charAt(i - 1) === "\t")) i -= 1;
  if (i > 0 && (QUOTES.includes(text.charAt(i - 1)) || text.charAt(i - 1) === "]")) i -= 1;
  if (i > 0 && QUOTES.includes(text.charAt(i - 1))) i -= 1;
  const end = i;
  const start = nameStart(text, end);
  return { name: text.slice(start, end), quoted };
}
