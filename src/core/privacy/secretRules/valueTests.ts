/**
 * Tests on a candidate value alone: how random it is, whether it is a placeholder or a pointer
 * to a secret, and whether its shape is that of a generated token. Rules call these after their
 * regex matched, so they run on short strings, a few times per kilobyte at most.
 */

/** Shannon entropy in bits per character: ~4.7–5.9 for random tokens, < 3 for words. */
export function shannonEntropy(value: string): number {
  if (value === lastEntropy.value) return lastEntropy.bits;
  const bits = computeEntropy(value);
  lastEntropy = { value, bits };
  return bits;
}

/**
 * A rule asks several questions of one value in a row (the code test, the entropy test, the
 * shape test): the last answer is kept, and only the last, until another value is asked about.
 */
let lastEntropy = { value: "", bits: 0 };

function computeEntropy(value: string): number {
  const n = value.length;
  if (n === 0) return 0;
  // H = log2(n) − Σ c·log2(c) / n over the character counts c: a reused count table for ASCII,
  // reset only where this value wrote, and a table of c·log2(c).
  let seen = 0;
  let nonAscii: Map<number, number> | undefined;
  for (let i = 0; i < n; i += 1) {
    const code = value.charCodeAt(i);
    if (code >= 128) {
      (nonAscii ??= new Map()).set(code, (nonAscii.get(code) ?? 0) + 1);
      continue;
    }
    const count = ASCII_COUNTS[code] ?? 0;
    if (count === 0) SEEN[seen++] = code;
    ASCII_COUNTS[code] = count + 1;
  }
  let sum = 0;
  for (let i = 0; i < seen; i += 1) {
    const code = SEEN[i] ?? 0;
    const count = ASCII_COUNTS[code] ?? 0;
    sum += count < COUNT_LOG.length ? (COUNT_LOG[count] ?? 0) : countLog(count);
    ASCII_COUNTS[code] = 0;
  }
  if (nonAscii !== undefined) for (const count of nonAscii.values()) sum += countLog(count);
  return Math.log2(n) - sum / n;
}

const ASCII_COUNTS = new Uint32Array(128);
const SEEN = new Uint8Array(128);
const COUNT_LOG = Float64Array.from({ length: 4097 }, (_, count) => (count === 0 ? 0 : count * Math.log2(count)));

function countLog(count: number): number {
  return count < COUNT_LOG.length ? (COUNT_LOG[count] ?? 0) : count * Math.log2(count);
}

/** What a value is made of, counted in one pass. */
interface Composition {
  upper: number;
  lower: number;
  digit: number;
  other: number;
  /** Adjacent letter–digit pairs: random alphanumerics switch often, names rarely. */
  letterDigitSwitches: number;
}

let lastComposition: { value: string; composition: Composition } | undefined;

function composition(value: string): Composition {
  if (lastComposition?.value === value) return lastComposition.composition;
  const result: Composition = { upper: 0, lower: 0, digit: 0, other: 0, letterDigitSwitches: 0 };
  let previousKind = 0;
  for (let i = 0; i < value.length; i += 1) {
    const code = value.charCodeAt(i);
    let kind = 0; // 1 letter, 2 digit
    if (code >= 97 && code <= 122) {
      result.lower += 1;
      kind = 1;
    } else if (code >= 65 && code <= 90) {
      result.upper += 1;
      kind = 1;
    } else if (code >= 48 && code <= 57) {
      result.digit += 1;
      kind = 2;
    } else result.other += 1;
    if (kind !== 0 && previousKind !== 0 && kind !== previousKind) result.letterDigitSwitches += 1;
    previousKind = kind;
  }
  lastComposition = { value, composition: result };
  return result;
}

function characterClasses(c: Composition): number {
  return (c.upper > 0 ? 1 : 0) + (c.lower > 0 ? 1 : 0) + (c.digit > 0 ? 1 : 0) + (c.other > 0 ? 1 : 0);
}

const FIVE_LETTER_WORD = /[a-z]{5}/i;

/** Lower- or upper-case hexadecimal, with both digits and letters (`deadbeef…` or a digest). */
export function isHexToken(value: string): boolean {
  let digits = 0;
  let lower = 0;
  let upper = 0;
  for (let i = 0; i < value.length; i += 1) {
    const code = value.charCodeAt(i);
    if (code >= 48 && code <= 57) digits += 1;
    else if (code >= 97 && code <= 102) lower += 1;
    else if (code >= 65 && code <= 70) upper += 1;
    else return false;
  }
  return digits > 0 && lower > 0 !== upper > 0;
}

/** `8-4-4-4-12` hex digits, told without a regex (values of 36 characters are common). */
export function isUuid(value: string, start = 0, end = value.length): boolean {
  if (end - start !== 36) return false;
  for (let i = 0; i < 36; i += 1) {
    const code = value.charCodeAt(start + i);
    const dash = i === 8 || i === 13 || i === 18 || i === 23;
    if (dash ? code !== 45 : !((code >= 48 && code <= 57) || (code >= 97 && code <= 102) || (code >= 65 && code <= 70))) return false;
  }
  return true;
}

/** Whether the value holds a digit, and both cases of letter (counted once per value). */
export function hasDigit(value: string): boolean {
  return composition(value).digit > 0;
}

export function hasBothCases(value: string): boolean {
  const c = composition(value);
  return c.lower > 0 && c.upper > 0;
}

/**
 * Hex carries at most 4 bits per character, and a random 16–64-character hex string shows
 * 3.1–3.9: it never reaches the 3.5 bar meant for wider alphabets, so it gets a bar of its own,
 * lower for short values (a string of n characters has at most log2(n) bits).
 */
function hexMinBits(length: number): number {
  return Math.min(2.9, Math.log2(length) - 1.25);
}

/**
 * A string of n characters has at most log2(n) bits per character, so 3.5 bits needs 12 or more.
 * A shorter value still counts when nearly every character differs, it mixes three classes (all
 * four if it holds a word of five letters) and holds no typed run (`Xk9#mP2$qL` and `Summer2024!`
 * do; `changeme` mixes one class, `session-7` has a word and no capital, `jwt_abc123` has runs).
 */
export function isHighEntropy(value: string): boolean {
  if (value.length < 8) return false;
  const bits = shannonEntropy(value);
  if (bits >= 3.5) return true;
  if (value.length >= 16 && bits >= hexMinBits(value.length) && isHexToken(value)) return true;
  if (value.length >= 16 || bits < Math.log2(value.length) - 0.6 || scanRuns(value).longestAscending >= 3) return false;
  const classes = characterClasses(composition(value));
  return classes === 4 || (classes === 3 && !FIVE_LETTER_WORD.test(value));
}

/**
 * Templates, masks and doc examples: `${PASSWORD}`, `{{ token }}`, `{password}`, `$(PGPASSWORD)`,
 * `%DB_PASSWORD%`, `%env(X)%`, `#{secret}`, `<%= key %>`, `@TOKEN@`, `__TOKEN__`, `<your-token>`,
 * `[secret]`, `ENC[…]` (a value SOPS has encrypted), `xxxxxxxx`, `…`.
 */
const TEMPLATE =
  /\$\{|\{\{|\}\}|%\(|\$\(|#\{|<%|^\$[A-Za-z_]|^%[\w()-]+%$|^<.*>$|^\[.*\]$|^\{[A-Za-z_][\w.-]*\}$|^@[A-Za-z_][\w.]*@$|^__[A-Za-z0-9_]+__$|^ENC\[|\.\.\.|…/;
const PLACEHOLDER_WORD =
  /example|placeholder|change[_-]?me|changeit|replace[_-]?me|^your|[_:.-]your|your[_-]|(?:insert|enter|put)[_-]?(?:your|the|a)|dummy|sample|redacted|fixme|\btodo\b|fake|not[_-]?a[_-]?real|lorem|^(?:ctrl|control|cmd|command|shift|alt|option|meta|super)\+|^(?:p[a@]ssw[o0]rd|secret|letmein|qwerty|admin|test)[\d!@#$%^&*._-]*$/i;

export function looksLikePlaceholder(value: string): boolean {
  return TEMPLATE.test(value) || PLACEHOLDER_WORD.test(value) || isMask(value);
}

/**
 * Four equal characters in a row mask a short value; a long random one (hex above all) shows
 * such a run by chance, so it takes six. Six ascending ones are an alphabet.
 */
function isMask(value: string): boolean {
  return isMaskRun(value, scanRuns(value));
}

function isMaskRun(value: string, runs: { longestAscending: number; longestRepeat: number }): boolean {
  return runs.longestAscending >= 6 || runs.longestRepeat >= (value.length < 24 ? 4 : 6);
}

/** Pointers to a secret rather than the secret: URLs, paths, `process.env.X`, `config.apiKey`, file names, ARNs. */
const REFERENCE = new RegExp(
  [
    String.raw`:\/\/`,
    String.raw`^(?:data|urn|arn):`,
    String.raw`^(?:\.{1,2}|~)?\/[\w.-]+\/[\w./-]*$`,
    String.raw`^[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$-]*)+$`,
    String.raw`\b(?:process\.env|import\.meta\.env|environ|getenv|Deno\.env|ENV\[|\$env:)`,
  ].join("|"),
);
/** Words and separators, no digit: YOUR_API_KEY, grant-type:jwt-bearer, text/plain. */
const WORDS_ONLY = /^[A-Za-z_.:/-]+$/;

export function looksLikeReference(value: string): boolean {
  return REFERENCE.test(value) || (WORDS_ONLY.test(value) && !looksLikeRandomLetters(value));
}

/**
 * looksLikeReference or looksLikePlaceholder, for a rule that asks both of every match: their
 * regexes as one (a regex call is a good part of the cost of a value test).
 */
const REFERENCE_OR_PLACEHOLDER = new RegExp(`${REFERENCE.source}|${TEMPLATE.source}|${PLACEHOLDER_WORD.source}`, "i");

/** A regex's source (`[A-Z0-9]{58}`, `(?:a|b)`, `\d+`) is a pattern for secrets, not one. */
const REGEX_SOURCE = /\[[^\]]{1,80}\][{*+?]|\(\?[:=!<]|\\[dwsb]/;

export function looksLikeReferenceOrPlaceholder(value: string): boolean {
  if (REFERENCE_OR_PLACEHOLDER.test(value) || REGEX_SOURCE.test(value)) return true;
  const runs = scanRuns(value);
  return isMaskRun(value, runs) || (runs.wordsOnly && !looksLikeRandomLetters(value));
}

const WORD_ONLY_CHAR = new Uint8Array(128);
for (const char of "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_.:/-") WORD_ONLY_CHAR[char.charCodeAt(0)] = 1;

/** One pass for the loop-shaped tests: typed sequences, repeated characters, WORDS_ONLY. */
function scanRuns(value: string): { longestAscending: number; longestRepeat: number; wordsOnly: boolean } {
  let repeat = 1;
  let ascending = 1;
  let longestRepeat = 0;
  let longestAscending = 0;
  let wordsOnly = value.length > 0;
  let previous = -2;
  for (let i = 0; i < value.length; i += 1) {
    const code = value.charCodeAt(i);
    if (wordsOnly && !(code < 128 && WORD_ONLY_CHAR[code] === 1)) wordsOnly = false;
    repeat = code === previous ? repeat + 1 : 1;
    ascending = code === previous + 1 && isAlphanumeric(code) ? ascending + 1 : 1;
    if (repeat > longestRepeat) longestRepeat = repeat;
    if (ascending > longestAscending) longestAscending = ascending;
    previous = code;
  }
  return { longestAscending, longestRepeat, wordsOnly };
}

const isAlphanumeric = (code: number): boolean => (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122);

/**
 * Letters without digits that are no words: 16 or more, both cases, in short camelCase pieces
 * (`QSvAogQPpyilpajMGXeD…`: 2.4 a piece; `ConfigurationManager` 10, `aVeryLongName` 3.3 but
 * only 3.5 bits). Random 32-letter strings pass 97 times in 100.
 */
export function looksLikeRandomLetters(value: string): boolean {
  if (value.length < 16 || !hasBothCases(value)) return false;
  const pieces = meanWordLength(value);
  return pieces < 3 || (pieces < 4 && shannonEntropy(value) >= 4.1);
}

/** The random part of a prefixed token: long enough, varied enough, not `ghp_XXXX…`. */
export function randomTail(prefixLength: number, minBits: number): (value: string) => boolean {
  return (value: string): boolean => {
    const tail = value.slice(prefixLength);
    return !looksLikePlaceholder(tail) && shannonEntropy(tail) >= minBits;
  };
}

/**
 * The mean length of the words in a camelCase name: `X509WorkloadIdentityAuth` splits into
 * X·509·Workload·Identity·Auth (4.8); a random mixed-case token into pieces under 2 (3.2 for
 * one in a thousand 32-character tokens).
 */
export function meanWordLength(value: string): number {
  // One pass doing what /[A-Z]?[a-z]+|[A-Z]+(?![a-z])|\d+/g would match, without the arrays.
  let words = 0;
  let letters = 0;
  let i = 0;
  while (i < value.length) {
    const start = i;
    if (isUpper(value.charCodeAt(i)) && isLower(value.charCodeAt(i + 1))) i += 1;
    if (isLower(value.charCodeAt(i))) {
      while (isLower(value.charCodeAt(i))) i += 1;
    } else if (isUpper(value.charCodeAt(i))) {
      while (isUpper(value.charCodeAt(i))) i += 1;
      if (isLower(value.charCodeAt(i)) && i - start > 1) i -= 1; // `HTMLParser`: HTML·Parser
    } else if (isDigit(value.charCodeAt(i))) {
      while (isDigit(value.charCodeAt(i))) i += 1;
    } else {
      i += 1;
      continue;
    }
    words += 1;
    letters += i - start;
  }
  return words === 0 ? 0 : letters / words;
}

const isUpper = (code: number): boolean => code >= 65 && code <= 90;
const isLower = (code: number): boolean => code >= 97 && code <= 122;
const isDigit = (code: number): boolean => code >= 48 && code <= 57;

/**
 * The share of a value spelt by pronounceable pieces (`[A-Z]?[a-z]{2,}` holding a vowel):
 * `setGLM4MoeLiteExtraEOGFromEOSIDs` 0.59, `createHTTP2ServerWithTLS13Support` 0.70; a random
 * 32-character base62 token 0.13, over 0.5 one time in a hundred. Acronyms cut camelCase names
 * into short pieces, so the mean piece length alone takes them for random.
 */
export function wordCoverage(value: string): number {
  let covered = 0;
  for (const piece of value.match(PRONOUNCEABLE_PIECE) ?? []) if (VOWEL.test(piece)) covered += piece.length;
  return covered / Math.max(1, value.length);
}

const PRONOUNCEABLE_PIECE = /[A-Z]?[a-z]{2,}/g;
const VOWEL = /[aeiou]/;

/** What a long run of token characters looks like, for the rule that ignores names. */
export type TokenShape = "hex" | "random";

/**
 * Is this 32-or-more-character run shaped like a generated secret? Calibrated on seeded random
 * tokens against identifiers, paths and constants (bench/secretRecall.bench.ts measures it):
 * - hex: both digits and letters, ≥ 2.9 bits (random 32-hex: 3.1 at the 0.1 % low end, 3.6 typical);
 * - mixed case: digits too, entropy ≥ 3.9 rising to 4.5 with length (random 32-base62: 4.1 at the
 *   0.1 % low end), short camelCase pieces (names run ≥ 3.5 per word) and little of it spelt in
 *   pronounceable pieces (wordCoverage);
 * - one case with digits (base32, base36): ≥ 3.6 bits, letters and digits alternating often
 *   (random: 4 switches in 10 characters; `user_42_profile_photo`: 2 in 21), letters a third or
 *   more (random base36: 72 %) and digits a tenth or more.
 * Digits are required throughout: a long run of letters alone is a word or a name.
 */
export function tokenShape(value: string): TokenShape | undefined {
  const n = value.length;
  const c = composition(value);
  if (c.digit === 0 || c.upper + c.lower === 0) return undefined;
  if (isMask(value)) return undefined;
  const bits = shannonEntropy(value);
  if (c.other === 0 && isHexToken(value)) return bits >= hexMinBits(n) ? "hex" : undefined;
  if (c.upper > 0 && c.lower > 0) {
    return bits >= Math.min(4.5, 3.4 + n / 64) && meanWordLength(value) < 3.3 && wordCoverage(value) < 0.5 ? "random" : undefined;
  }
  // Mostly digits with a few letters is a number, a date or a version (`20160628152529-48b4e1c0`).
  const letters = c.upper + c.lower;
  return bits >= 3.6 && c.letterDigitSwitches >= 0.2 * n && letters >= 0.35 * n && c.digit >= 0.1 * n ? "random" : undefined;
}
