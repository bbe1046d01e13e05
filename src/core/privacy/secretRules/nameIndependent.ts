/**
 * The rule that ignores names: a long run of token characters shaped like a generated secret is
 * a finding whatever it is called, so renaming `dbPassword` to `setting` (as a model's refactor
 * may) does not hide its value. Runs are found by a hand-written scan, not a regex: a regex for
 * "32 token characters" is tried at every position of ordinary text, this reads one character
 * in 32 plus the words around it.
 *
 * What looks random but is not a secret, and why each is left alone:
 * - digests and password hashes (lockfile `integrity: sha512-…`, `sha256:…`, go.sum `h1:…`,
 *   `…#<commit>` in a resolved URL, `action@<commit>`, bcrypt `$2b$…`, `$argon2id$…`): they identify
 *   or verify, they grant nothing;
 * - hex outside a literal (a commit id in prose, a content hash in a URL path): only a quoted or
 *   assigned hex value counts, since hex is what every commit and hash is written in; hex of a
 *   digest's length (40, 64, 96, 128: SHA-1 to SHA-512) counts only under a secret-looking name
 *   (the named rules); more than 8 hex values of one length in a text are a list of digests;
 * - UUIDs, W3C traceparent ids, slugs (`Cody-Client-Releases-<hex id>`: words and an id) and values
 *   named like ids, hashes, versions, signatures, MACs, IVs or public keys;
 * - public key material (certificates and public keys in PEM, one-line DER public keys, SSH
 *   public keys `AAAA…`, age recipients `age1…`), Stripe publishable keys (`pk_live_…`, public by
 *   design);
 * - alphabets written out (no character twice) and regex character classes;
 * - the lines of a wrapped base64 blob, and anything on a line of 2000 characters or more (minified
 *   bundles, one-line data files);
 * - embedded files (`data:…;base64,`, PNG/JPEG/GIF/PDF/ZIP/font/SVG/wasm magic in base64), base64
 *   JSON (`eyJ…`: the JWT rule decides about signed tokens), base64 of a sentence or of JSON, and runs over
 *   1024 characters (blobs);
 * - paths (`src/components/UserProfile`): a run that starts with a word, or holds two, between
 *   slashes is judged by its segments, and only a random (not hex) segment of 32 or more counts.
 */
import type { ScanRule } from "./ruleTypes.ts";
import { assignmentBefore } from "./names.ts";
import { decodeBase64 } from "./tokenPattern.ts";
import { isUuid, looksLikePlaceholder, tokenShape } from "./valueTests.ts";
import type { TokenShape } from "./valueTests.ts";

const MIN_LENGTH = 32;
const MAX_LENGTH = 1024;
const MAX_HEX_OF_ONE_LENGTH = 8;

const RUN_CHAR = new Uint8Array(128);
for (const char of "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/_-") RUN_CHAR[char.charCodeAt(0)] = 1;

function isRunChar(code: number): boolean {
  return code < 128 && RUN_CHAR[code] === 1;
}

/** Digests, embedded files, public key material, base64 JSON, number literals, publishable keys. */
const NOT_A_SECRET_PREFIX =
  /^(?:sha(?:1|224|256|384|512)-|iVBORw0KGgo|\/9j\/|R0lGOD|UklGR|PHN2Zy|PD94bWw|JVBERi0|UEsDB|d09GR|d09GMg|AGFzbQ|AAAA|eyJ|LS0tLS1|MIIBIjAN|MIIBCgKCAQEA|MIGfMA0G|MFkwEwYHKoZIzj0CAQ|MHYwEAYHKoZIzj0CAQ|MCowBQYDK2Vw|MII[A-Za-z0-9+/]{2}CCA|0x|pk_(?:live|test)_|age1)/;
/** `sha256:…`, `md5=…`, go.sum's `h1:…`. */
const DIGEST_LABEL_BEFORE = /(?:sha\d{0,3}|md5|h1|blake2[bs]?|xxh\d{0,3}|crc32c?)[:=]$/i;
/** A name that says the value is an id, a digest, a version, a signature or public. */
const NOT_A_SECRET_NAME =
  /(?:hash|sha\d*|checksum|digest|integrity|etag|commit|rev|revision|fingerprint|thumbprint|nonce|salt|uuid|guid|id|ids|public|publickey|pubkey|cert|certificate|signature|mac|iv|tag|traceparent|version|build|shasum|sum|crc|md5|resolved|cid)$/;
const UUID_INSIDE = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;
/** A path segment that is a word: `com`, `components`, `UserProfile`, `node_modules`, `v2`. */
const WORD_SEGMENT = /^(?:[a-z]{3,}|[A-Z][a-z]{2,}|[a-z]+(?:[A-Z][a-z]+)+|[A-Z][a-z]+(?:[A-Z][a-z]+)+|[a-z]+(?:[-_][a-z0-9]+)+|v\d{1,3})$/;
const SEPARATORS = /[-_]/g;

/** A modular-crypt password hash (`$2b$12$…`, `$6$…`, `$argon2id$…`): the run is part of a hash, whose `.` and `/` cut it. */
const CRYPT_PREFIX = /\$(?:2[abxy]?|[156]|argon2(?:id|i|d)|scrypt|pbkdf2(?:-sha\d+)?)\$[^\s"'`]*$/;

function insideCryptHash(text: string, start: number): boolean {
  const before = text.charAt(start - 1);
  return (before === "." || before === "/" || before === "$") && CRYPT_PREFIX.test(text.slice(Math.max(0, start - 96), start));
}

/** Where public PEM blocks (certificates, public keys) sit: their base64 lines are not secrets. */
function publicPemRanges(text: string): Array<[number, number]> {
  const ranges: Array<[number, number]> = [];
  for (let at = text.indexOf("-----BEGIN "); at >= 0; at = text.indexOf("-----BEGIN ", at + 1)) {
    const labelEnd = text.indexOf("-----", at + 11);
    const end = text.indexOf("-----END ", at + 11);
    if (labelEnd < 0 || end < 0) break;
    if (!text.slice(at + 11, labelEnd).includes("PRIVATE")) ranges.push([at, end]);
  }
  return ranges;
}

/**
 * 26 or more characters, none repeated: an alphabet (`QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L`, Bech32's),
 * written out as a constant. A random 32-character token repeats one with odds of 3 in 10,000 to not.
 */
function isAlphabet(value: string): boolean {
  return value.length >= 26 && new Set(value).size === value.length;
}

/** A W3C traceparent (`00-<trace id>-<span id>-01`): ids for tracing, not secrets. */
const TRACE_CONTEXT = /^[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$/;
/** A piece of a slug that is a word: `Client`, `releases`, `cody`. */
const SLUG_WORD = /^[A-Za-z]?[a-z]{2,}$/;

/**
 * The shape of a run, judged by its id part when it is a slug (`Cody-Client-Releases-82244a6d…`,
 * `olafurpg-cody-5e3355b3-2024-08-28`): two words or more joined by `-` or `_` name something,
 * and what is left decides; dashed hex is hex.
 */
function shapeOf(value: string): TokenShape | undefined {
  if (!/[-_]/.test(value)) return tokenShape(value);
  const pieces = value.split(SEPARATORS);
  const words = pieces.filter((piece) => SLUG_WORD.test(piece) && VOWEL.test(piece));
  const rest = words.length >= 2 ? pieces.filter((piece) => !words.includes(piece)).join("") : value.replace(SEPARATORS, "");
  if (rest.length >= MIN_LENGTH && tokenShape(rest) === "hex") return "hex";
  if (words.length >= 2) return rest.length >= MIN_LENGTH ? tokenShape(rest) : undefined;
  return tokenShape(value);
}

const VOWEL = /[aeiou]/i;

/** SHA-1, SHA-256, SHA-384 and SHA-512 in hex: a value of one of these lengths is a digest far more often than a key. */
const DIGEST_LENGTHS = new Set([40, 64, 96, 128]);
const MINIFIED_LINE = 2_000;
const BLOB_LINE = 48;

/**
 * Tells whether a run sits on a line of 2000 characters or more (generated: a minified bundle, a
 * one-line data file), whose runs are code tables and hashes. Runs come in ascending order, so
 * the current line is remembered and each part of the text is searched for line ends once.
 */
function minifiedLineTest(text: string): (start: number, end: number) => boolean {
  let lineStart = -1;
  let lineEnd = -1;
  return (start) => {
    if (start > lineEnd) {
      const next = text.indexOf("\n", start);
      lineEnd = next < 0 ? text.length : next;
      lineStart = text.lastIndexOf("\n", start);
    }
    return lineEnd - lineStart > MINIFIED_LINE;
  };
}

/** Quotes, escapes, string joins and indentation that may sit between the lines of a wrapped blob. */
const BETWEEN_BLOB_LINES = /^[\s"'`\\+,]*$/;

/**
 * The run is one line of a wrapped base64 blob (an image, a recorded response, a certificate
 * outside PEM markers): a run of 48 or more ends the line before or starts the line after.
 * Private keys in PEM, base64 PEM and PuTTY form have rules of their own.
 */
function inWrappedBlob(text: string, start: number, end: number): boolean {
  return longRunAfter(text, end) || longRunBefore(text, start);
}

function longRunAfter(text: string, end: number): boolean {
  let i = end;
  while (i < text.length && i - end < 40 && !isRunChar(text.charCodeAt(i))) i += 1;
  if (text.charAt(i - 1) === "\\" && (text.charAt(i) === "n" || text.charAt(i) === "r")) i += 1; // an escaped newline
  if (
    !BETWEEN_BLOB_LINES.test(text.slice(end, i).replace(/\\[nr]/g, "\n")) ||
    !text
      .slice(end, i)
      .replace(/\\[nr]/g, "\n")
      .includes("\n")
  )
    return false;
  let run = i;
  while (run < text.length && run - i < BLOB_LINE && isRunChar(text.charCodeAt(run))) run += 1;
  return run - i >= BLOB_LINE;
}

function longRunBefore(text: string, start: number): boolean {
  let i = start;
  while (i > 0 && start - i < 40 && !isRunChar(text.charCodeAt(i - 1))) i -= 1;
  // `…abc\n    def`: the `n` of an escaped newline reads as a run character; step over it.
  if (text.charAt(i - 1) === "n" && text.charAt(i - 2) === "\\") i -= 2;
  while (i > 0 && start - i < 40 && !isRunChar(text.charCodeAt(i - 1))) i -= 1;
  const gap = text.slice(i, start).replace(/\\[nr]/g, "\n");
  if (!BETWEEN_BLOB_LINES.test(gap) || !gap.includes("\n")) return false;
  let run = i;
  while (run > 0 && i - run < BLOB_LINE && isRunChar(text.charCodeAt(run - 1))) run -= 1;
  return i - run >= BLOB_LINE;
}

/** Base64 of a sentence or of JSON (test data, a message): its first 24 bytes are such printable text. */
function encodesProse(value: string): boolean {
  const decoded = decodeBase64(value.slice(0, 32));
  if (decoded === undefined) return false;
  const printable = decoded.replace(/[^\x20-\x7e\t\r\n]/g, "").length;
  // A sentence, or JSON, plain or URL-encoded (`JTdCJTIy…` is `%7B%22…`).
  return printable === decoded.length && ((decoded.match(/ /g)?.length ?? 0) >= 2 || /^(?:[{[]|%7B|%5B)/i.test(decoded));
}

function normalizedName(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]/g, "");
}

/** Reports [start, end) when the run is a secret by its shape and nothing around it says otherwise. */
function judgeRun(
  text: string,
  start: number,
  end: number,
  report: (start: number, end: number, shape: TokenShape) => void,
  onMinifiedLine: (start: number, end: number) => boolean,
): void {
  const before = text.charAt(start - 1);
  if (before === "#" || before === "@" || before === "$") return;
  if (before === "[" && text.charAt(end) === "]") return; // a regex character class
  if (before === "," && text.slice(start - 7, start) === "base64,") return;
  if ((before === ":" || before === "=") && DIGEST_LABEL_BEFORE.test(text.slice(Math.max(0, start - 10), start))) return;
  if (isUuid(text, start, end) || insideCryptHash(text, start) || onMinifiedLine(start, end) || inWrappedBlob(text, start, end)) return;
  const value = text.slice(start, end);
  if (NOT_A_SECRET_PREFIX.test(value) || (value.includes("-") && UUID_INSIDE.test(value))) return;
  const assignment = assignmentBefore(text, start);
  if (NOT_A_SECRET_NAME.test(normalizedName(assignment.name))) return;
  if (value.includes("/")) {
    const segments = value.split("/");
    // A path starts with a word (`images/`, `com/`) or holds two; random base64 rarely does either.
    if (WORD_SEGMENT.test(segments[0] ?? "") || segments.filter((segment) => WORD_SEGMENT.test(segment)).length >= 2) {
      let offset = start;
      for (const segment of segments) {
        if (segment.length >= MIN_LENGTH && !NOT_A_SECRET_PREFIX.test(segment) && shapeOf(segment) === "random" && !looksLikePlaceholder(segment)) {
          report(offset, offset + segment.length, "random");
        }
        offset += segment.length + 1;
      }
      return;
    }
  }
  if (TRACE_CONTEXT.test(value)) return;
  const shape = shapeOf(value);
  if (shape === undefined || looksLikePlaceholder(value) || isAlphabet(value)) return;
  if (shape === "hex" && DIGEST_LENGTHS.has(value.replace(SEPARATORS, "").length)) return;
  if (shape === "hex" && !assignment.quoted && assignment.name === "") return;
  if (shape === "random" && encodesProse(value)) return;
  let padded = end;
  while (padded < end + 2 && text.charAt(padded) === "=") padded += 1;
  report(start, padded, shape);
}

/**
 * Every run of 32 or more token characters holds a position ≡ 31 (mod 32); only those positions
 * are read, and a run is widened from there. Each character is read at most twice.
 */
function scanRuns(text: string, visit: (start: number, end: number) => void): void {
  const length = text.length;
  let position = MIN_LENGTH - 1;
  while (position < length) {
    if (!isRunChar(text.charCodeAt(position))) {
      position += MIN_LENGTH;
      continue;
    }
    let start = position;
    while (start > 0 && isRunChar(text.charCodeAt(start - 1))) start -= 1;
    let end = position + 1;
    while (end < length && isRunChar(text.charCodeAt(end))) end += 1;
    if (end - start >= MIN_LENGTH && end - start <= MAX_LENGTH) visit(start, end);
    position = end + ((MIN_LENGTH - 1 - (end % MIN_LENGTH) + MIN_LENGTH) % MIN_LENGTH);
  }
}

export const NAME_INDEPENDENT_RULE: ScanRule = {
  id: "high-entropy-value",
  description:
    "A long random-looking value whatever its name: base64/base64url/base62 of 32+ characters mixing letters and digits, or hex of 32+ in a string or assignment; digests, ids, public keys and embedded files excepted.",
  specificity: 0.5,
  foundByContext: true,
  scan: (text, report, covered) => {
    const publicBlocks = text.includes("-----BEGIN ") ? publicPemRanges(text) : [];
    let block = 0;
    const onMinifiedLine = minifiedLineTest(text);
    const hexByLength = new Map<number, Array<[number, number]>>();
    scanRuns(text, (start, end) => {
      while (block < publicBlocks.length && (publicBlocks[block]?.[1] ?? 0) <= start) block += 1;
      const inPublicBlock = (publicBlocks[block]?.[0] ?? Infinity) <= start;
      if (covered(start, end) || inPublicBlock) return;
      judgeRun(
        text,
        start,
        end,
        (from, to, shape) => {
          if (shape === "random") return report(from, to);
          const list = hexByLength.get(to - from) ?? [];
          list.push([from, to]);
          hexByLength.set(to - from, list);
        },
        onMinifiedLine,
      );
    });
    // Many hex strings of one length are a manifest of digests (checksums, lockfiles, model
    // files, test data), not a key ring: secrets do not come by the dozen.
    for (const spans of hexByLength.values()) if (spans.length <= MAX_HEX_OF_ONE_LENGTH) for (const [from, to] of spans) report(from, to);
  },
};
