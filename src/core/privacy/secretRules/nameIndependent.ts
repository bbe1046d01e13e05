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
 *   assigned hex value counts, since hex is what every commit and hash is written in;
 * - UUIDs and values named like ids, hashes, versions, signatures, MACs, IVs or public keys;
 * - public key material (certificates and public keys in PEM, one-line DER public keys, SSH
 *   public keys `AAAA…`, age recipients `age1…`), Stripe publishable keys (`pk_live_…`, public by
 *   design);
 * - embedded files (`data:…;base64,`, PNG/JPEG/GIF/PDF/ZIP/font/SVG/wasm magic in base64), base64
 *   JSON (`eyJ…`: the JWT rule decides about signed tokens), base64 of a sentence, and runs over
 *   1024 characters (blobs);
 * - paths (`src/components/UserProfile`): a run made of words and slashes is judged by its
 *   segments, and only a random (not hex) segment of 32 or more counts.
 */
import type { ScanRule } from "./ruleTypes.ts";
import { assignmentBefore } from "./names.ts";
import { decodeBase64 } from "./tokenPattern.ts";
import { isUuid, looksLikePlaceholder, tokenShape } from "./valueTests.ts";

const MIN_LENGTH = 32;
const MAX_LENGTH = 1024;

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

/** Base64 of a sentence (test data, a message): its first 24 bytes are printable text with spaces between words. */
function encodesProse(value: string): boolean {
  const decoded = decodeBase64(value.slice(0, 32));
  if (decoded === undefined) return false;
  const printable = decoded.replace(/[^\x20-\x7e\t\r\n]/g, "").length;
  return printable === decoded.length && (decoded.match(/ /g)?.length ?? 0) >= 2;
}

function normalizedName(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]/g, "");
}

/** Reports [start, end) when the run is a secret by its shape and nothing around it says otherwise. */
function judgeRun(text: string, start: number, end: number, report: (start: number, end: number) => void): void {
  const before = text.charAt(start - 1);
  if (before === "#" || before === "@" || before === "$") return;
  if (before === "," && text.slice(start - 7, start) === "base64,") return;
  if ((before === ":" || before === "=") && DIGEST_LABEL_BEFORE.test(text.slice(Math.max(0, start - 10), start))) return;
  if (isUuid(text, start, end) || insideCryptHash(text, start)) return;
  const value = text.slice(start, end);
  if (NOT_A_SECRET_PREFIX.test(value) || (value.includes("-") && UUID_INSIDE.test(value))) return;
  if (value.includes("/")) {
    const segments = value.split("/");
    if (segments.filter((segment) => WORD_SEGMENT.test(segment)).length >= 2) {
      let offset = start;
      for (const segment of segments) {
        if (segment.length >= MIN_LENGTH && tokenShape(segment) === "random" && !looksLikePlaceholder(segment)) report(offset, offset + segment.length);
        offset += segment.length + 1;
      }
      return;
    }
  }
  const dashedHex = /[-_]/.test(value) && tokenShape(value.replace(SEPARATORS, "")) === "hex";
  const shape = dashedHex ? "hex" : tokenShape(value);
  if (shape === undefined || looksLikePlaceholder(value)) return;
  const assignment = assignmentBefore(text, start);
  if (NOT_A_SECRET_NAME.test(normalizedName(assignment.name))) return;
  if (shape === "hex" && !assignment.quoted && assignment.name === "") return;
  if (shape === "random" && encodesProse(value)) return;
  let padded = end;
  while (padded < end + 2 && text.charAt(padded) === "=") padded += 1;
  report(start, padded);
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
    scanRuns(text, (start, end) => {
      if (covered(start, end) || publicBlocks.some(([from, to]) => start >= from && start < to)) return;
      judgeRun(text, start, end, report);
    });
  },
};
