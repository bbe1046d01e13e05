/**
 * Finds secrets in text bound for a cloud model and swaps them for placeholders the model can
 * echo back (DESIGN §2, `junction.privacy.secrets: "redact"`); `restore` puts the originals back
 * into the model's answer so an applied edit loses nothing the user wrote.
 */
import { withKnownSecrets } from "./knownSecrets.ts";
import { SECRET_RULES } from "./secretRules.ts";
import type { SecretRule } from "./secretRules.ts";

export { SECRET_RULE_IDS } from "./secretRules.ts";

export interface SecretFinding {
  ruleId: string;
  /** Offset of the secret value itself, not of the `key = "` around it. */
  start: number;
  end: number;
}

export interface Redaction {
  /** The text with every secret value replaced by `<<JUNCTION_SECRET_n>>`. */
  redacted: string;
  /** Offsets in the original text. */
  findings: SecretFinding[];
  /** Puts the original values back wherever this redaction's placeholders appear. */
  restore(text: string): string;
}

interface Candidate extends SecretFinding {
  specificity: number;
  foundByContext: boolean;
}

/** A rule compiled for scanning: its own regex objects, since `lastIndex` is state. */
interface CompiledRule {
  rule: SecretRule;
  /** A rule whose keywords the text never mentions is skipped: most rules, for most texts. */
  mentionsKeyword: (text: string) => boolean;
  /** The pattern with `g` and without `d`. */
  scan: RegExp;
  /** The same pattern, sticky and with `d`: matched again at an accepted match's start. */
  locate: RegExp;
}

const COMPILED: readonly CompiledRule[] = SECRET_RULES.map((rule) => {
  const flags = rule.pattern.flags.replace(/[dgy]/g, "");
  return {
    rule,
    mentionsKeyword: keywordTest(rule),
    scan: new RegExp(rule.pattern.source, `${flags}g`),
    locate: new RegExp(rule.pattern.source, `${flags}dy`),
  };
});

function keywordTest(rule: SecretRule): (text: string) => boolean {
  if (!rule.keywordsIgnoreCase) return (text) => rule.keywords.some((keyword) => text.includes(keyword));
  const anyKeyword = new RegExp(rule.keywords.map(escapeRegExp).join("|"), "i");
  return (text) => anyKeyword.test(text);
}

/**
 * The secrets in `text`, sorted by start and never overlapping. Where rules overlap, the more
 * specific rule wins (a token format over a generic assignment), then the longer finding.
 * A value recognised by its context is looked for everywhere else too, so a password assigned
 * once and used again later does not leak through the second use.
 */
export function findSecrets(text: string): SecretFinding[] {
  const candidates: Candidate[] = [];
  for (const compiled of COMPILED) {
    if (compiled.mentionsKeyword(text)) collect(compiled, text, candidates);
  }
  if (candidates.length === 0) return [];
  const kept = keepNonOverlapping(candidates);
  addOtherCopies(text, kept);
  return kept.map(({ ruleId, start, end }) => ({ ruleId, start, end }));
}

function collect({ rule, scan, locate }: CompiledRule, text: string, out: Candidate[]): void {
  const groups = rule.valueGroups ?? ["secret"];
  scan.lastIndex = 0;
  for (let match = scan.exec(text); match !== null; match = scan.exec(text)) {
    if (match[0].length === 0) scan.lastIndex += 1;
    const value = groups.map((name) => match.groups?.[name]).find((group) => group !== undefined);
    if (value === undefined) continue;
    if (rule.accept !== undefined && !rule.accept(value, match, text)) {
      // The turned-down value may itself begin the next match: `process.env.TOKEN || "…"`.
      scan.lastIndex = match.index + Math.max(1, match[0].lastIndexOf(value));
      continue;
    }
    const span = locateValue(locate, text, match.index, groups);
    if (span === undefined) continue;
    out.push({ ruleId: rule.id, start: span[0], end: span[1], specificity: rule.specificity, foundByContext: rule.foundByContext ?? false });
  }
}

function locateValue(locate: RegExp, text: string, at: number, groups: readonly string[]): [number, number] | undefined {
  locate.lastIndex = at;
  const indices = locate.exec(text)?.indices?.groups;
  if (indices === undefined) return undefined;
  for (const name of groups) {
    const span = indices[name];
    if (span !== undefined) return span;
  }
  return undefined;
}

function keepNonOverlapping(candidates: Candidate[]): Candidate[] {
  const ranked = candidates.sort(
    (a, b) => b.specificity - a.specificity || b.end - b.start - (a.end - a.start) || a.start - b.start,
  );
  const kept: Candidate[] = [];
  for (const candidate of ranked) insertIfFree(kept, candidate);
  return kept;
}

/** Inserts into `kept` (sorted, disjoint, so ends are sorted too) unless it overlaps a kept finding. */
function insertIfFree(kept: Candidate[], candidate: Candidate): void {
  let low = 0;
  let high = kept.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((kept[middle]?.end ?? 0) <= candidate.start) low = middle + 1;
    else high = middle;
  }
  const next = kept[low];
  if (next !== undefined && next.start < candidate.end) return;
  kept.splice(low, 0, candidate);
}

function addOtherCopies(text: string, kept: Candidate[]): void {
  const firstOf = new Map<string, Candidate>();
  for (const finding of kept) {
    const value = text.slice(finding.start, finding.end);
    if (finding.foundByContext && !firstOf.has(value)) firstOf.set(value, finding);
  }
  // Longest first, so a value that contains another is matched whole. Irregexp searches an
  // alternation of literals far faster than one `indexOf` per value once there are many (30,000
  // values in 1 MB: 0.1 s against 4 s); chunks bound the size of one regex.
  const values = [...firstOf.keys()].sort((a, b) => b.length - a.length);
  for (let chunk = 0; chunk < values.length; chunk += COPY_SEARCH_CHUNK) {
    const anyValue = new RegExp(values.slice(chunk, chunk + COPY_SEARCH_CHUNK).map(escapeRegExp).join("|"), "g");
    for (const match of text.matchAll(anyValue)) {
      const first = firstOf.get(match[0]);
      if (first !== undefined) insertIfFree(kept, { ...first, start: match.index, end: match.index + match[0].length });
    }
  }
}

const COPY_SEARCH_CHUNK = 20_000;

const PLACEHOLDER_PREFIX = "<<JUNCTION_SECRET_";
const PLACEHOLDER = /<<JUNCTION_SECRET_\d+>>/g;

/**
 * Replaces every secret value with `<<JUNCTION_SECRET_n>>`; the same value always gets the same
 * placeholder, so the model can see that two places use one secret. `restore(redacted)` gives
 * back `text` exactly: a number that already appears as a placeholder in `text` is never issued.
 */
export function redactSecrets(text: string, options: { known?: readonly string[] } = {}): Redaction {
  // `known`: secret values seen elsewhere in this window, replaced wherever they appear.
  const findings = withKnownSecrets(findSecrets(text), text, options.known);
  if (findings.length === 0) return { redacted: text, findings, restore: (answer) => answer };

  const taken = new Set(text.includes(PLACEHOLDER_PREFIX) ? text.match(PLACEHOLDER) : []);
  let counter = 0;
  const nextPlaceholder = (): string => {
    let placeholder: string;
    do placeholder = `${PLACEHOLDER_PREFIX}${(counter += 1)}>>`;
    while (taken.has(placeholder));
    return placeholder;
  };

  const placeholderOf = new Map<string, string>();
  const valueOf = new Map<string, string>();
  const parts: string[] = [];
  let cursor = 0;
  for (const finding of findings) {
    const value = text.slice(finding.start, finding.end);
    let placeholder = placeholderOf.get(value);
    if (placeholder === undefined) {
      placeholder = nextPlaceholder();
      placeholderOf.set(value, placeholder);
      valueOf.set(placeholder, value);
    }
    parts.push(text.slice(cursor, finding.start), placeholder);
    cursor = finding.end;
  }
  parts.push(text.slice(cursor));

  return {
    redacted: parts.join(""),
    findings,
    // A replacer function inserts the value literally: a `$&` inside a secret stays as it is.
    restore: (answer) =>
      answer.includes(PLACEHOLDER_PREFIX) ? answer.replace(PLACEHOLDER, (placeholder) => valueOf.get(placeholder) ?? placeholder) : answer,
  };
}

function escapeRegExp(literal: string): string {
  return literal.replace(/[.*+?^${}()|[\]\\/-]/g, "\\$&");
}
