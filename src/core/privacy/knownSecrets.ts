import type { SecretFinding } from "./secrets.ts";

/** The id findings of a value known from elsewhere carry: not a rule, a memory. */
export const KNOWN_SECRET_RULE = "known-secret";

/**
 * Adds every occurrence of a secret value seen elsewhere in this window to the findings, where it
 * does not overlap one already found. Detection leans partly on names and surroundings; a value a
 * model renamed, or one cut away from its name by a window, is still the user's secret.
 */
export function withKnownSecrets(findings: readonly SecretFinding[], text: string, known: readonly string[] | undefined): SecretFinding[] {
  if (!known || known.length === 0) return [...findings];
  const merged = [...findings];
  const overlaps = (start: number, end: number) => merged.some((finding) => finding.start < end && start < finding.end);
  // Longest first, so a value holding another is taken whole.
  for (const value of [...known].sort((a, b) => b.length - a.length)) {
    for (let at = text.indexOf(value); at >= 0; at = text.indexOf(value, at + value.length)) {
      if (!overlaps(at, at + value.length)) merged.push({ ruleId: KNOWN_SECRET_RULE, start: at, end: at + value.length });
    }
  }
  return merged.sort((a, b) => a.start - b.start);
}
