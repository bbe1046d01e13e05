// The words for the router's codes (src/core/routing/routeReasons.ts), through l10n: the one
// place a routing reason becomes a sentence, for the ledger's rows, Explain Route, the refactor
// notifications and the chat's refusals alike. Without a bundle (the unit tests) l10n.t gives the
// English; each switch is exhaustive, so a new code without words does not compile.
import * as l10n from "@vscode/l10n";
import { wordPrivacyReasons } from "./privacyWords.ts";
import { CONVERSATION_PATH } from "../core/routing/routeReasons.ts";
import type { BudgetWarning, ComplexitySignal, RouteAction, RouteReason, SecretSource, SideProblem, StayedLocal } from "../core/routing/routeReasons.ts";

export function wordRouteReasons(reasons: readonly RouteReason[]): string[] {
  return reasons.map(wordRouteReason);
}

export function wordRouteReason(reason: RouteReason): string {
  switch (reason.code) {
    case "privacy-untrusted":
      return l10n.t("privacy: the workspace is not trusted (Workspace Trust), so it is local-only");
    case "privacy-file-local-only":
      return reason.why.length > 0
        ? l10n.t("privacy: {0} is local-only: {1}", wordRoutePath(reason.path), wordPrivacyReasons(reason.why).join("; "))
        : l10n.t("privacy: {0} is local-only: private", wordRoutePath(reason.path));
    case "privacy-secrets-route-local":
      return l10n.t('privacy: secrets found in {0} and junction.privacy.secrets is "route-local"', reason.sources.map(wordSecretSource).join(", "));
    case "privacy-cloud-allowed":
      return l10n.t("privacy: every file sent may go to the cloud");
    case "context-left-out":
      return l10n.t("left out local-only context: {0}", reason.paths.join(", "));
    case "secrets-redacted":
      return l10n.t("secrets are replaced by placeholders before sending ({0} found)", reason.count);
    case "local-problem":
      return l10n.t("local: {0}", wordSideProblem(reason.problem));
    case "cloud-problem":
      return l10n.t("cloud: {0}; using the local model", wordSideProblem(reason.problem));
    case "budget-price-unknown":
      return l10n.t(
        "budget: no price is known for {0}, so its cost shows as unknown and the budget counts up to ${1} at a conservative ${2} in / ${3} out per million tokens (set its price in junction.pricing.models)",
        reason.model,
        reason.worstUsd.toFixed(4),
        String(reason.inputUsdPerMTok),
        String(reason.outputUsdPerMTok),
      );
    case "budget-exceeded":
      return reason.period === "session"
        ? l10n.t(
            "budget: up to ${0} would exceed the session budget (${1} of ${2} spent)",
            reason.worstUsd.toFixed(4),
            reason.spentUsd.toFixed(2),
            reason.budgetUsd.toFixed(2),
          )
        : l10n.t(
            "budget: up to ${0} would exceed the monthly budget (${1} of ${2} spent)",
            reason.worstUsd.toFixed(4),
            reason.spentUsd.toFixed(2),
            reason.budgetUsd.toFixed(2),
          );
    case "routed-to-cloud":
      return l10n.t("routed to the cloud model");
    case "asked-cloud-refused":
      return l10n.t("you asked for the cloud model: refused, because privacy forbids it");
    case "asked-cloud":
      return l10n.t("you asked for the cloud model");
    case "asked-local":
      return l10n.t("you asked for the local model");
    case "completion-route-cloud":
      return l10n.t('completions: junction.completion.route is "cloud"');
    case "completion-local":
      return l10n.t("completions go to the local model (fast, free, private)");
    case "completion-auto-cloud-stands-in":
      return l10n.t('completions: junction.completion.route is "auto", so the cloud model stands in');
    case "complexity":
      return wordComplexity(reason);
    case "cloud-stands-in":
      return l10n.t("the cloud model stands in (privacy allows it)");
    case "chat-oldest-left-out":
      return l10n.t("left out the {0} oldest messages, which do not fit the local model's window", reason.count);
    case "chat-tools-left-out":
      return l10n.t("sent without its {0} tools, since {1} cannot call tools", reason.count, reason.model);
  }
}

export function wordSideProblem(problem: SideProblem): string {
  switch (problem.code) {
    case "reported":
      return problem.text;
    case "local-model-remote":
      return l10n.t("the local model {0} runs on a remote service through Ollama; choose a model that runs on this machine", problem.model);
    case "local-unavailable":
      return l10n.t("the local model at {0} is unavailable", problem.endpoint);
    case "remote-with-private-content":
      return l10n.t("{0}, and the request holds secrets or local-only context", wordSideProblem(problem.remote));
    case "cloud-unavailable":
      return l10n.t("the cloud model is unavailable");
    case "cloud-not-configured":
      return l10n.t("no cloud model is configured (set junction.cloud.endpoint, junction.cloud.model and the API key)");
    case "chat-over-window":
      return l10n.t(
        "the conversation needs about {0} tokens, more than the {1} that the {2}-token window of {3} leaves for it",
        problem.tokens,
        problem.capacity,
        problem.window,
        problem.model,
      );
    case "cannot-call-tools":
      return l10n.t("{0} cannot call tools", problem.model);
    case "failed-just-now":
      return l10n.t("it failed just now ({0})", problem.kind);
    case "several":
      return problem.problems.map(wordSideProblem).join("; ");
  }
}

/** What the user should do about a request that went nowhere: one or two sentences. */
export function wordRouteAction(action: RouteAction): string {
  const problem = wordSideProblem(action.problem);
  const what = action.mayNotLeave ? l10n.t("This request may not leave the machine and {0}.", problem) : problem;
  if (!action.because) return what;
  const why =
    action.because.code === "over-budget"
      ? l10n.t("The cloud budget does not allow it.")
      : l10n.t("The cloud model cannot take it: {0}.", wordSideProblem(action.because.problem));
  return `${why} ${what}`;
}

/** The clause a notification puts after "because". */
export function wordStayedLocal(stayed: StayedLocal): string {
  return stayed.code === "over-budget"
    ? l10n.t("the cloud budget does not allow it")
    : l10n.t("the cloud model cannot take it: {0}", wordSideProblem(stayed.problem));
}

export function wordBudgetWarning(warning: BudgetWarning): string {
  const percent = `${warning.percent} %`;
  return warning.period === "session"
    ? l10n.t("cloud spend reaches {0} of the session budget (${1})", percent, warning.budgetUsd.toFixed(2))
    : l10n.t("cloud spend reaches {0} of the monthly budget (${1})", percent, warning.budgetUsd.toFixed(2));
}

/** "the instruction" or the path, where secrets were found. */
export function wordSecretSource(source: SecretSource): string {
  return "path" in source ? wordRoutePath(source.path) : l10n.t("the instruction");
}

/** A route file's path as the user reads it: a chat's conversation has none of its own. */
export function wordRoutePath(path: string): string {
  return path === CONVERSATION_PATH ? l10n.t("the conversation") : path;
}

function wordComplexity(reason: Extract<RouteReason, { code: "complexity" }>): string {
  const score = reason.score.toFixed(2);
  const comparison = reason.score >= reason.threshold ? "≥" : "<";
  const threshold = reason.threshold.toFixed(2);
  return reason.signals.length > 0
    ? l10n.t("complexity {0} {1} threshold {2}: {3}", score, comparison, threshold, reason.signals.map(wordComplexitySignal).join(", "))
    : l10n.t("complexity {0} {1} threshold {2}", score, comparison, threshold);
}

export function wordComplexitySignal(signal: ComplexitySignal): string {
  return `${wordSignal(signal)} (+${signal.points.toFixed(1)})`;
}

function wordSignal(signal: ComplexitySignal): string {
  switch (signal.code) {
    case "multi-file":
      return l10n.t("multi-file change ({0} files)", signal.files);
    case "context-fills-window":
      return l10n.t("context of {0} tokens fills {1} % of the local model's {2}-token window", signal.tokens, signal.percent, signal.windowTokens);
    case "context-over-half-window":
      return l10n.t("context of {0} tokens is over half the local model's window", signal.tokens);
    case "cross-file-references":
      return l10n.t("{0} cross-file references", signal.count);
    case "structural-instruction":
      return l10n.t('the instruction asks for structural work ("{0}")', signal.cue);
    case "large-selection":
      return l10n.t("large selection ({0} tokens)", signal.tokens);
    case "medium-selection":
      return l10n.t("medium selection ({0} tokens)", signal.tokens);
  }
}

/** Why a request was not sent, as one line: what to do when the router says it, else its reasons. */
export function wordRefusal(decision: { action: RouteAction | undefined; reasons: readonly RouteReason[] }): string {
  return decision.action ? wordRouteAction(decision.action) : wordRouteReasons(decision.reasons).join("; ");
}
