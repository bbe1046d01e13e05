/**
 * The rules that recognise secrets in text bound for a cloud model (DESIGN §2). Provider token
 * formats come first, each from the provider's documented format (the page is named beside the
 * rule); the regexes are our own. Rules that know a value by its context follow: a URL's
 * user-info, a command line, an Authorization header, a name/value pair, a secret-looking name
 * assigned a random value. Last, a rule that ignores names: a long value shaped like a generated
 * token is a secret whatever it is called.
 *
 * Every pattern stays linear in the length of the text:
 * - no quantified group repeats another quantifier over the same characters;
 * - every unbounded run is cut by a character it cannot contain (`.` in a JWT, `-----` in a PEM
 *   body), so a failed attempt never rescans far;
 * - a token may only start where a run of token characters starts (a lookbehind), so a long run
 *   of `sk-sk-sk-…` is tried once, not once per position;
 * - values are bounded (4096 characters for a named value), a bare value may stop at the bound
 *   without failing the match (the rule then turns it down), and a turned-down long value is not
 *   read again from inside, so no position is read more than a bounded number of times.
 */
import type { SecretRule } from "./secretRules/ruleTypes.ts";
import { CLOUD_TOKENS, KEY_MATERIAL } from "./secretRules/cloudCredentials.ts";
import { NAME_INDEPENDENT_RULE } from "./secretRules/nameIndependent.ts";
import { NAMED_VALUE_RULES } from "./secretRules/namedValues.ts";
import { CODE_HOST_TOKENS, SERVICE_TOKENS } from "./secretRules/providerTokens.ts";

export type { PatternRule, ScanRule, SecretRule } from "./secretRules/ruleTypes.ts";
export { isHighEntropy, looksLikePlaceholder, looksLikeReference, shannonEntropy } from "./secretRules/valueTests.ts";
export { isSecretName } from "./secretRules/names.ts";

export const SECRET_RULES: readonly SecretRule[] = [
  ...KEY_MATERIAL,
  ...CLOUD_TOKENS,
  ...CODE_HOST_TOKENS,
  ...SERVICE_TOKENS,
  ...NAMED_VALUE_RULES,
  NAME_INDEPENDENT_RULE,
];

/** The rule ids, for documentation and for telling users which rule fired. */
export const SECRET_RULE_IDS: readonly string[] = SECRET_RULES.map((rule) => rule.id);
