/** The two kinds of secret rule: a regex with a value test, or a hand-written scanner. */

interface RuleBase {
  readonly id: string;
  /** One line for the docs: what the rule finds. */
  readonly description: string;
  /** Wins over a lower one when two findings overlap: a token format says more than a name. */
  readonly specificity: number;
  /**
   * The value is recognised by what surrounds it (a name, a URL), not by its own shape, so it
   * may appear again elsewhere without that context; findSecrets then looks for every copy.
   * A token format needs no such search: the rule itself finds every copy.
   */
  readonly foundByContext?: boolean;
}

export interface PatternRule extends RuleBase {
  /** The rule runs only when the text contains one of these; most texts contain none. Empty: always runs. */
  readonly keywords: readonly string[];
  readonly keywordsIgnoreCase?: boolean;
  /**
   * Every match starts exactly where one of the (case-sensitive) keywords starts. Such rules are
   * not scanned one by one: one pass finds every keyword, and the rule is tried there only.
   */
  readonly anchored?: boolean;
  /** For an anchored rule whose keyword comes after a fixed-length start (`<14 chars>.atlasv1.`): that length. */
  readonly anchorOffset?: number;
  /**
   * Global (`g`). The secret value is the first defined group of `valueGroups`, and it ends the
   * match: whatever must follow the value is a lookahead. So the value's offsets are known from
   * the match alone, without matching again with the costly `d` flag.
   */
  readonly pattern: RegExp;
  /** Named groups that may hold the value; `["secret"]` when absent. */
  readonly valueGroups?: readonly string[];
  /** Turns down a match that is a placeholder, a reference or too regular to be a secret. */
  readonly accept?: (value: string, match: RegExpExecArray, text: string) => boolean;
}

export interface ScanRule extends RuleBase {
  /**
   * Reports the span of every secret it finds. `covered(start, end)` says whether a pattern rule
   * (all of which rank above a scan rule) already found a span holding this one, so the scan
   * need not judge it; it must be asked with ascending `start`.
   */
  readonly scan: (text: string, report: (start: number, end: number) => void, covered: (start: number, end: number) => boolean) => void;
}

export type SecretRule = PatternRule | ScanRule;
