import { findSecrets } from "./secrets.ts";

/**
 * The last check before bytes leave for a cloud-side model (DESIGN §2, egress guard). The
 * classification and redaction that run earlier decide what a request may hold; this sees the
 * exact body about to be sent and refuses it when it still holds
 * - a secret finding (redaction missed it, or the policy let it through by mistake);
 * - a secret value seen anywhere in this window (a model may have moved it under a neutral name,
 *   or a window may have cut it so its own rule no longer recognises it);
 * - text of a document classified local-only in this window (a symbolic link, a nested
 *   repository or a pattern the classification got wrong).
 * It is defence in depth: each earlier step must still be right on its own.
 */

export type EgressRule = "secret" | "known-secret" | "local-only-text";

export interface EgressRefusal {
  rule: EgressRule;
  /** The secret rule's id, or the local-only document's path. Never the content. */
  source: string;
}

/** Lines shorter than this (`}`, `end`, `);`) say nothing about where text came from. */
const MIN_LINE_CHARS = 8;
/**
 * Consecutive meaningful lines that together are evidence of a document's text. One line is not:
 * `export function greet(name: string): string {` sits in private and public files alike. A
 * document with fewer meaningful lines is left to the classification and the secret rules.
 */
const SHINGLE_LINES = 3;
/** Any piece of a known secret this long is caught, wherever a window or a model cut it. */
const SECRET_PIECE_CHARS = 24;
/** Shorter values are too likely to occur by chance (`password`); the secret rules judge those. */
const MIN_KNOWN_SECRET_CHARS = 8;
/** Known secrets kept per window; the oldest is forgotten first. */
const MAX_KNOWN_SECRETS = 10_000;
/** Characters of a document fingerprinted; past this a huge file's tail is not (it is rarely sent). */
const MAX_FINGERPRINTED_CHARS = 4 * 1024 * 1024;
/** A run of token characters, the shape every secret piece the scan looks for lives in. */
const TOKEN_RUN = /[A-Za-z0-9+/_-]{24,}/g;
/**
 * Lines shared by public and private code alike, so never evidence: comments (licence headers, doc
 * comments) and imports.
 */
const BOILERPLATE_LINE = /^(?:\/\/|\/\*|\*|#|--|<!--|;|%|'|(?:import|from|using|package|require|use)\b|export \* from\b)/;

interface LocalOnlyDocument {
  path: string;
  version: string;
  shingles: Set<number>;
}

export class EgressGuard {
  readonly #documents = new Map<string, LocalOnlyDocument>();
  /** shingle hash → the path of a local-only document holding it; rebuilt when documents change. */
  #shingleIndex: Map<number, string> | undefined;
  /** Known secret values, oldest first, with the rule that first found each. */
  readonly #secrets = new Map<string, string>();
  /** Every SECRET_PIECE_CHARS-long piece of every long known secret → its rule. */
  #pieces: Map<string, string> | undefined;
  #shortSecrets: RegExp | undefined | null;

  /** Remembers a local-only document's text (again when its version changes). */
  noteLocalOnly(id: string, path: string, version: string | number, text: string): void {
    const known = this.#documents.get(id);
    if (known && known.version === String(version) && known.path === path) return;
    this.#documents.set(id, { path, version: String(version), shingles: shinglesOf(text.slice(0, MAX_FINGERPRINTED_CHARS)) });
    this.#shingleIndex = undefined;
  }

  /** Forgets a document that is no longer local-only or no longer open. */
  forgetDocument(id: string): void {
    if (this.#documents.delete(id)) this.#shingleIndex = undefined;
  }

  /** Remembers the secret values found in a text, so they are caught wherever they show up later. */
  noteSecretsIn(text: string): void {
    for (const finding of findSecrets(text)) this.noteSecret(text.slice(finding.start, finding.end), finding.ruleId);
  }

  noteSecret(value: string, ruleId: string): void {
    if (value.length < MIN_KNOWN_SECRET_CHARS || this.#secrets.has(value)) return;
    this.#secrets.set(value, ruleId);
    if (this.#secrets.size > MAX_KNOWN_SECRETS) this.#secrets.delete(this.#secrets.keys().next().value as string);
    this.#pieces = undefined;
    this.#shortSecrets = undefined;
  }

  /** Secret values seen in this window, for redaction to replace wherever they appear. */
  knownSecrets(): string[] {
    return [...this.#secrets.keys()];
  }

  /**
   * Judges the exact body of a request. A JSON body is judged by its string values (what the
   * model reads, escapes undone); anything else as one text.
   */
  inspect(body: string): EgressRefusal | undefined {
    for (const text of textsOf(body)) {
      const refusal = this.#inspectText(text);
      if (refusal) return refusal;
    }
    return undefined;
  }

  #inspectText(text: string): EgressRefusal | undefined {
    const finding = findSecrets(text)[0];
    if (finding) return { rule: "secret", source: finding.ruleId };
    const known = this.#findKnownSecret(text);
    if (known) return { rule: "known-secret", source: known };
    const document = this.#findLocalOnlyText(text);
    if (document) return { rule: "local-only-text", source: document };
    return undefined;
  }

  #findKnownSecret(text: string): string | undefined {
    if (this.#secrets.size === 0) return undefined;
    this.#buildSecretIndex();
    const pieces = this.#pieces!;
    if (pieces.size > 0) {
      for (const run of text.matchAll(TOKEN_RUN)) {
        const token = run[0];
        for (let start = 0; start + SECRET_PIECE_CHARS <= token.length; start += 1) {
          const rule = pieces.get(token.slice(start, start + SECRET_PIECE_CHARS));
          if (rule !== undefined) return rule;
        }
      }
    }
    const short = this.#shortSecrets;
    const match = short ? short.exec(text) : null;
    if (short) short.lastIndex = 0;
    return match ? this.#secrets.get(match[0]) : undefined;
  }

  #buildSecretIndex(): void {
    if (this.#pieces !== undefined && this.#shortSecrets !== undefined) return;
    const pieces = new Map<string, string>();
    const short: string[] = [];
    for (const [value, rule] of this.#secrets) {
      // Pieces are cut from the value's token runs, the same runs the scan reads from a body.
      const runs = [...value.matchAll(TOKEN_RUN)].map((run) => run[0]);
      if (runs.length === 0) {
        short.push(value);
        continue;
      }
      for (const run of runs)
        for (let start = 0; start + SECRET_PIECE_CHARS <= run.length; start += 1) pieces.set(run.slice(start, start + SECRET_PIECE_CHARS), rule);
    }
    this.#pieces = pieces;
    this.#shortSecrets =
      short.length > 0
        ? new RegExp(
            short
              .sort((a, b) => b.length - a.length)
              .map(escapeRegExp)
              .join("|"),
            "g",
          )
        : null;
  }

  #findLocalOnlyText(text: string): string | undefined {
    if (this.#documents.size === 0) return undefined;
    this.#shingleIndex ??= this.#buildShingleIndex();
    for (const shingle of shinglesOf(text)) {
      const path = this.#shingleIndex.get(shingle);
      if (path !== undefined) return path;
    }
    return undefined;
  }

  #buildShingleIndex(): Map<number, string> {
    const index = new Map<number, string>();
    for (const document of this.#documents.values()) for (const shingle of document.shingles) if (!index.has(shingle)) index.set(shingle, document.path);
    return index;
  }
}

/**
 * Fingerprints of a text: hashes of every run of SHINGLE_LINES consecutive meaningful lines
 * (whitespace collapsed, so re-indented text still matches).
 */
export function shinglesOf(text: string): Set<number> {
  const lines: string[] = [];
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(/\s+/g, " ").trim();
    if (line.length >= MIN_LINE_CHARS && !BOILERPLATE_LINE.test(line)) lines.push(line);
  }
  const shingles = new Set<number>();
  for (let i = 0; i + SHINGLE_LINES <= lines.length; i += 1) shingles.add(hash53(lines.slice(i, i + SHINGLE_LINES).join("\n")));
  return shingles;
}

/** The string values of a JSON body, or the body itself when it is not JSON. */
function textsOf(body: string): string[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return [body];
  }
  const texts: string[] = [];
  const pending: unknown[] = [parsed];
  for (let value = pending.pop(); pending.length > 0 || value !== undefined; value = pending.pop()) {
    if (typeof value === "string") texts.push(value);
    else if (Array.isArray(value)) pending.push(...value);
    else if (value !== null && typeof value === "object") pending.push(...Object.values(value));
  }
  return texts;
}

/**
 * A 53-bit hash (two 32-bit FNV-1a variants): with 10⁵ fingerprints on each side a chance
 * collision is about one in a million runs, where 32 bits would give one in forty requests.
 */
function hash53(text: string): number {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ text.length;
  for (let i = 0; i < text.length; i += 1) {
    const code = text.charCodeAt(i);
    a = Math.imul(a ^ code, 0x01000193);
    b = Math.imul(b ^ code, 0x5bd1e995);
  }
  return (a >>> 0) * 0x200000 + ((b >>> 0) & 0x1fffff);
}

function escapeRegExp(literal: string): string {
  return literal.replace(/[.*+?^${}()|[\]\\/-]/g, "\\$&");
}
