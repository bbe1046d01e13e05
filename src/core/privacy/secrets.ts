/**
 * Finds secrets in text bound for a cloud model and swaps them for placeholders the model can
 * echo back (DESIGN §2, `junction.privacy.secrets: "redact"`); `restore` puts the originals back
 * into the model's answer so an applied edit loses nothing the user wrote.
 */
import { withKnownSecrets } from "./knownSecrets.ts";
import { SECRET_RULES } from "./secretRules.ts";
import type { PatternRule, ScanRule } from "./secretRules.ts";
import { findCopies } from "./secretCopies.ts";

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

/** A pattern rule compiled for scanning: its own regex object, since `lastIndex` is state. */
interface CompiledRule {
  rule: PatternRule;
  groups: readonly string[];
  /** Sticky for an anchored rule (tried where its keyword starts), global otherwise. */
  regex: RegExp;
}

function compile(rule: PatternRule, flag: "g" | "y"): CompiledRule {
  const flags = rule.pattern.flags.replace(/[dgy]/g, "");
  return { rule, groups: rule.valueGroups ?? ["secret"], regex: new RegExp(rule.pattern.source, `${flags}${flag}`) };
}

const PATTERN_RULES = SECRET_RULES.filter((rule): rule is PatternRule => "pattern" in rule);
const SCAN_RULES = SECRET_RULES.filter((rule): rule is ScanRule => "scan" in rule);

/**
 * Anchored rules are indexed by the first two characters of their keywords: one pass of one
 * regex finds every keyword in the text, and only the rules whose keyword may start there are
 * tried, sticky, at that position. Forty token formats cost one scan instead of forty.
 */
const ANCHORED_BY_PAIR = new Map<number, CompiledRule[]>();
const ANCHORED_KEYWORDS: string[] = [];
for (const rule of PATTERN_RULES.filter((candidate) => candidate.anchored === true)) {
  const compiled = compile(rule, "y");
  for (const keyword of rule.keywords) {
    ANCHORED_KEYWORDS.push(keyword);
    const pair = pairAt(keyword, 0);
    const list = ANCHORED_BY_PAIR.get(pair) ?? [];
    if (!list.includes(compiled)) list.push(compiled);
    ANCHORED_BY_PAIR.set(pair, list);
  }
}
const ANY_ANCHOR = new RegExp(trie([...new Set(ANCHORED_KEYWORDS)]), "g");

/** An alternation of literals as a trie (`gl(?:pat-|dt-|…)`): shared prefixes are read once. */
function trie(words: readonly string[]): string {
  const byFirst = new Map<string, string[]>();
  let includesEmpty = false;
  for (const word of words) {
    if (word === "") includesEmpty = true;
    else byFirst.set(word.charAt(0), [...(byFirst.get(word.charAt(0)) ?? []), word.slice(1)]);
  }
  const branches = [...byFirst].map(([first, rests]) => escapeRegExp(first) + trie(rests));
  if (branches.length === 0) return "";
  const group = `(?:${branches.join("|")})`;
  return includesEmpty ? `${group}?` : group;
}

/** The other pattern rules scan the whole text, when it mentions one of their keywords. */
const SCANNED = PATTERN_RULES.filter((rule) => rule.anchored !== true).map((rule) => ({ compiled: compile(rule, "g"), mentionsKeyword: keywordTest(rule) }));

function pairAt(text: string, at: number): number {
  return (text.charCodeAt(at) << 16) | text.charCodeAt(at + 1);
}

function keywordTest(rule: PatternRule): (text: string) => boolean {
  if (rule.keywords.length === 0) return () => true;
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
  collectAnchored(text, candidates);
  for (const { compiled, mentionsKeyword } of SCANNED) if (mentionsKeyword(text)) collect(compiled, text, candidates);
  if (SCAN_RULES.length > 0) {
    const found = coveredBy(candidates);
    for (const rule of SCAN_RULES) {
      const covered = found();
      rule.scan(
        text,
        (start, end) => candidates.push({ ruleId: rule.id, start, end, specificity: rule.specificity, foundByContext: rule.foundByContext ?? false }),
        covered,
      );
    }
  }
  if (candidates.length === 0) return [];
  const kept = keepNonOverlapping(candidates);
  addOtherCopies(text, kept);
  return kept.map(({ ruleId, start, end }) => ({ ruleId, start, end }));
}

function collectAnchored(text: string, out: Candidate[]): void {
  ANY_ANCHOR.lastIndex = 0;
  for (let hit = ANY_ANCHOR.exec(text); hit !== null; hit = ANY_ANCHOR.exec(text)) {
    const at = hit.index;
    for (const compiled of ANCHORED_BY_PAIR.get(pairAt(text, at)) ?? []) {
      const start = at - (compiled.rule.anchorOffset ?? 0);
      if (start < 0) continue;
      compiled.regex.lastIndex = start;
      const match = compiled.regex.exec(text);
      if (match !== null) consider(compiled, match, text, out);
    }
    // Keywords may overlap (`sk-` inside `sk-ant-`): the next one may start one character on.
    ANY_ANCHOR.lastIndex = at + 1;
  }
}

function collect(compiled: CompiledRule, text: string, out: Candidate[]): void {
  const { regex } = compiled;
  regex.lastIndex = 0;
  for (let match = regex.exec(text); match !== null; match = regex.exec(text)) {
    if (match[0].length === 0) regex.lastIndex += 1;
    const value = consider(compiled, match, text, out);
    if (value === undefined || value === "") continue;
    // A turned-down short value may itself begin the next match (`process.env.TOKEN || "…"`);
    // a long one is not read again from inside, which keeps repeated keys linear.
    const end = match.index + match[0].length;
    regex.lastIndex = value.length > 256 ? end : Math.max(match.index + 1, end - value.length);
  }
}

/** Adds the match's value when the rule accepts it; returns the value when it was turned down. */
function consider({ rule, groups }: CompiledRule, match: RegExpExecArray, text: string, out: Candidate[]): string | undefined {
  let value: string | undefined;
  for (const name of groups) {
    value = match.groups?.[name];
    if (value !== undefined) break;
  }
  if (value === undefined) return "";
  if (rule.accept !== undefined && !rule.accept(value, match, text)) return value;
  // The value ends the match (see PatternRule.pattern), so its offsets need no second match.
  const end = match.index + match[0].length;
  out.push({ ruleId: rule.id, start: end - value.length, end, specificity: rule.specificity, foundByContext: rule.foundByContext ?? false });
  return undefined;
}

/**
 * The pattern rules' findings merged into disjoint spans; each call returns a fresh predicate
 * that walks them forward as the scan's positions ascend.
 */
function coveredBy(candidates: readonly Candidate[]): () => (start: number, end: number) => boolean {
  const spans: Array<[number, number]> = [];
  for (const { start, end } of [...candidates].sort((a, b) => a.start - b.start)) {
    const last = spans[spans.length - 1];
    if (last !== undefined && start <= last[1]) last[1] = Math.max(last[1], end);
    else spans.push([start, end]);
  }
  return () => {
    let next = 0;
    return (start, end) => {
      while (next < spans.length && (spans[next]?.[1] ?? 0) <= start) next += 1;
      const span = spans[next];
      return span !== undefined && span[0] <= start && end <= span[1];
    };
  };
}

function keepNonOverlapping(candidates: Candidate[]): Candidate[] {
  const ranked = candidates.sort((a, b) => b.specificity - a.specificity || b.end - b.start - (a.end - a.start) || a.start - b.start);
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
  if (firstOf.size === 0) return;
  findCopies(text, [...firstOf.keys()], (value, at) => {
    const first = firstOf.get(value);
    if (first !== undefined) insertIfFree(kept, { ...first, start: at, end: at + value.length });
  });
}

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
    restore: (answer) => (answer.includes(PLACEHOLDER_PREFIX) ? answer.replace(PLACEHOLDER, (placeholder) => valueOf.get(placeholder) ?? placeholder) : answer),
  };
}

function escapeRegExp(literal: string): string {
  return literal.replace(/[.*+?^${}()|[\]\\/-]/g, "\\$&");
}
