// The words of the core's codes: the one layer that turns a decision, a reason or a problem into
// the user's language, through @vscode/l10n (the host hands it the bundle VS Code loaded). The core
// decides in codes and never imports this layer; the host and the tests word through it.
export { describeSettingProblems, wordSettingIssue, wordSettingProblem, wordSettingProblems } from "./settingsWords.ts";
export type { SettingMessage } from "./settingsWords.ts";
export { wordProviderError, wordProviderProblem, wordServer } from "./providerWords.ts";
export {
  wordEndpointReason,
  wordLicenceEvidence,
  wordPatternProblem,
  wordPrivacyReason,
  wordPrivacyReasons,
  wordPrivacySettingProblem,
} from "./privacyWords.ts";
export { wordRefusal, wordRouteAction, wordRouteReason, wordRouteReasons, wordStayedLocal } from "./routeWords.ts";
export { wordLedgerEntry, wordLedgerNote } from "./ledgerWords.ts";
export { describeRefactorError, isRefactorError, refactorErrorDetail, wordParseProblem, wordPlanProblem } from "./refactorWords.ts";
export { wordPathRejection } from "./pathWords.ts";
export { wordAgentConcerns, wordStanceDetail, wordStanceTooltip } from "./chatStanceWords.ts";
