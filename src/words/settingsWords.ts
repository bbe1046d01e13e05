// The words for an invalid setting (config.ts's SettingProblem), through l10n: the one place a
// failed check and what Junction uses instead become a sentence, for the log, the notification and
// the Set Up Cloud Model box. Without a bundle (the unit tests) l10n.t gives the English; each
// switch is exhaustive, so a new check without words does not compile.
import * as l10n from "@vscode/l10n";
import * as z from "zod/mini";
// Named, not `z.core.$ZodError`: touching the `core` namespace object would bundle all of zod's core.
import { $ZodError } from "zod/v4/core";
import type { SettingIssue, SettingOutcome, SettingProblem } from "../core/config.ts";

/** An invalid setting as the settings report shows it (privacyWords.ts words the privacy layers' into this too). */
export interface SettingMessage {
  key: `junction.${string}`;
  message: string;
}

/** Whatever the value held (a 1 MB key in `pricing.models`), the issues' text stays this short. */
const MAX_MESSAGE_CHARS = 500;

export function wordSettingProblem(problem: SettingProblem): SettingMessage {
  return { key: problem.key, message: wordOutcome(wordIssues(problem.issues, problem.more), problem.outcome) };
}

export function wordSettingProblems(problems: readonly SettingProblem[]): SettingMessage[] {
  return problems.map(wordSettingProblem);
}

export function wordSettingIssue(issue: SettingIssue): string {
  switch (issue.code) {
    case "url-too-long":
      return l10n.t("must be an http:// or https:// URL of at most {0} characters", issue.maxLength);
    case "not-http-url":
      return l10n.t("must be an http:// or https:// URL");
    case "url-credentials":
      return l10n.t(
        "must not contain a user name or password (URLs are written to the log); remove the part before @ and set the cloud API key with the command Junction: Set Cloud API Key",
      );
    case "empty":
      return l10n.t("must not be empty");
    case "name-too-long":
      return l10n.t("must be a model name of at most {0} characters", issue.maxLength);
    case "pattern-too-long":
      return l10n.t("must be a pattern of at most {0} characters", issue.maxLength);
    case "negative":
      return l10n.t("must be zero or more");
    case "zod":
      return issue.message;
  }
}

/**
 * zod's layout of the issues ("✖ message", then "  → at path", shortest paths first), by zod's own
 * prettifyError so it stays the same, with Junction's words in place of its codes; then the count
 * of the issues not shown.
 */
function wordIssues(issues: readonly SettingIssue[], more: number): string {
  const worded = new $ZodError(issues.map((issue) => ({ code: "custom" as const, path: [...issue.path], message: wordSettingIssue(issue), input: undefined })));
  let text = z.prettifyError(worded);
  if (more > 0) text += `\n${more === 1 ? l10n.t("✖ and 1 more problem like these") : l10n.t("✖ and {0} more problems like these", more)}`;
  return text.length > MAX_MESSAGE_CHARS ? `${text.slice(0, MAX_MESSAGE_CHARS - 1)}…` : text;
}

/** The issues, then what Junction uses instead: whole sentences, one per count and list. */
function wordOutcome(issues: string, outcome: SettingOutcome): string {
  switch (outcome.code) {
    case "fallback":
      return issues;
    case "without-credentials":
      return l10n.t("{0}; until then Junction uses {1}", issues, outcome.endpoint);
    case "valid-entries": {
      const { kept } = outcome;
      if (outcome.withDefaults) {
        if (kept === 0) return l10n.t("{0}; invalid entries are skipped, no entry is valid together with the default patterns", issues);
        if (kept === 1) return l10n.t("{0}; invalid entries are skipped, the 1 valid entry is kept together with the default patterns", issues);
        return l10n.t("{0}; invalid entries are skipped, the {1} valid entries are kept together with the default patterns", issues, kept);
      }
      if (kept === 0) return l10n.t("{0}; invalid entries are skipped, no entry is valid", issues);
      if (kept === 1) return l10n.t("{0}; invalid entries are skipped, the 1 valid entry is kept", issues);
      return l10n.t("{0}; invalid entries are skipped, the {1} valid entries are kept", issues, kept);
    }
  }
}

/** One readable message for all problems, for the log and a single notification. */
export function describeSettingProblems(problems: readonly SettingMessage[]): string {
  return problems.map((problem) => `${problem.key}: ${problem.message.replace(/\n/g, " ")}`).join("; ");
}
