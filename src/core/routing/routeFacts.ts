import * as l10n from "@vscode/l10n";
import type { TokenCounts } from "../pricing.ts";
import { FALLBACK_PRICE, costUsd, quoteCost } from "../pricing.ts";
import { isReasoningModel, REASONING_ALLOWANCE_TOKENS } from "../providers/modelParameters.ts";
import type { Decision, RouteContext, RouteFile, RouteRequest, Target } from "./router.ts";

// The facts every routing step reads, computed once per request: the privacy step's verdict (a
// hard limit, with its reasons first), what each side can take, the token estimates, the budget
// check, and how a target becomes a Decision. The steps themselves are in router.ts.

const BUDGET_WARNING_SHARE = 0.8;

export interface Routing {
  request: RouteRequest;
  context: RouteContext;
  /** Every reason so far, in order; a step adds its own. */
  reasons: string[];
  edited: RouteFile[];
  cloudPermitted: boolean;
  localUsable: boolean;
  localProblem: string;
  cloudUsable: boolean;
  estimateTokens(target: Target): number;
  decide(target: Target, extra?: { complexity?: number; action?: string }): Decision;
  /** Local when usable, else none with what to do; `why` is a sentence put before the action. */
  localOrNone(why: string, extra?: { complexity?: number }): Decision;
  /** The budget step: whether the worst-case cloud cost fits (its reasons are added). */
  withinBudget(): boolean;
  /** Cloud when it is usable and affordable, else local with the reason, else none. */
  toCloud(extra?: { complexity?: number }): Decision;
}

export function routingFacts(request: RouteRequest, context: RouteContext): Routing {
  const reasons: string[] = [];
  const edited = request.files.filter((file) => file.role === "edited");
  const contextFiles = request.files.filter((file) => file.role === "context");

  // 1. Privacy: may this request reach a cloud model at all?
  const privacyBlocks: string[] = [];
  if (!context.trusted) privacyBlocks.push(l10n.t("privacy: the workspace is not trusted (Workspace Trust), so it is local-only"));
  for (const file of edited) {
    if (file.cloudAllowed) continue;
    const why = file.privacyReasons.join("; ");
    privacyBlocks.push(why ? l10n.t("privacy: {0} is local-only: {1}", file.path, why) : l10n.t("privacy: {0} is local-only: private", file.path));
  }
  const droppedContext = contextFiles.filter((file) => !file.cloudAllowed);
  const cloudBound = [...edited, ...contextFiles.filter((file) => file.cloudAllowed)];
  const instructionSecrets = request.instructionSecrets ?? 0;
  const withSecrets: Array<{ path: string; secrets: number }> = [
    ...cloudBound.filter((file) => file.secrets > 0),
    ...(instructionSecrets > 0 ? [{ path: l10n.t("the instruction"), secrets: instructionSecrets }] : []),
  ];
  if (withSecrets.length > 0 && context.secretsPolicy === "route-local") {
    privacyBlocks.push(l10n.t('privacy: secrets found in {0} and junction.privacy.secrets is "route-local"', withSecrets.map((file) => file.path).join(", ")));
  }
  const cloudPermitted = privacyBlocks.length === 0;
  const privacyReasons = cloudPermitted ? [l10n.t("privacy: every file sent may go to the cloud")] : privacyBlocks;
  reasons.push(...privacyReasons);

  // A remote "local" side is a cloud model: never for a private request, and never with secrets
  // or local-only context, because only the cloud path redacts and drops those.
  const remoteBlocked = context.local.remote && (!cloudPermitted || withSecrets.length > 0 || droppedContext.length > 0);
  const localUsable = context.local.available && !remoteBlocked;
  // The remote side is the obstacle only when it blocks; otherwise name the real problem.
  const remoteWhy =
    context.local.remoteReason ??
    l10n.t("the local model {0} runs on a remote service through Ollama; choose a model that runs on this machine", context.local.model);
  const localProblem = remoteBlocked
    ? cloudPermitted
      ? l10n.t("{0}, and the request holds secrets or local-only context", remoteWhy)
      : remoteWhy
    : (context.local.problem ?? l10n.t("the local model at {0} is unavailable", context.local.endpoint));
  const cloudUsable = cloudPermitted && context.cloud.configured && context.cloud.available;
  const cloudProblem =
    context.cloud.problem ??
    (context.cloud.configured
      ? l10n.t("the cloud model is unavailable")
      : l10n.t("no cloud model is configured (set junction.cloud.endpoint, junction.cloud.model and the API key)"));

  const estimateTokens = (target: Target) => {
    const files = target === "cloud" ? cloudBound : request.files;
    return files.reduce((sum, file) => sum + file.tokens, request.instructionTokens ?? 0);
  };
  const decide = (target: Target, extra: { complexity?: number; action?: string } = {}): Decision => {
    const inputTokens = target === "none" ? 0 : estimateTokens(target);
    const outputTokens = target === "none" ? 0 : target === "cloud" ? cloudOutputTokens : request.maxOutputTokens;
    const tokens = { input: inputTokens, output: outputTokens };
    const usd = target !== "cloud" ? 0 : context.cloud.price ? quoteCost(context.cloud.price, tokens) : undefined;
    const assumed = target === "cloud" && !context.cloud.price ? { assumedUsd: worstCase(tokens) } : {};
    if (target === "cloud") {
      if (droppedContext.length > 0) reasons.push(l10n.t("left out local-only context: {0}", droppedContext.map((file) => file.path).join(", ")));
      if (withSecrets.length > 0)
        reasons.push(
          l10n.t(
            "secrets are replaced by placeholders before sending ({0} found)",
            withSecrets.reduce((sum, file) => sum + file.secrets, 0),
          ),
        );
    }
    return {
      target,
      model: target === "local" ? context.local.model : target === "cloud" ? context.cloud.model : undefined,
      reasons,
      privacyReasons,
      droppedContext: target === "cloud" ? droppedContext.map((file) => file.path) : [],
      redactions: target === "cloud" ? withSecrets.map((file) => ({ path: file.path, secrets: file.secrets })) : [],
      estimate: { inputTokens, outputTokens, usd, ...assumed },
      complexity: extra.complexity,
      budgetWarning: target === "cloud" ? budgetWarning(inputTokens, outputTokens) : undefined,
      action: extra.action,
    };
  };
  // A reasoning model may think on top of the answer, up to the allowance the provider gives it: the worst case counts it.
  const cloudOutputTokens = request.maxOutputTokens + (isReasoningModel(context.cloud.model) ? REASONING_ALLOWANCE_TOKENS : 0);
  /** At the model's price, or at FALLBACK_PRICE when it is unknown. */
  const worstCase = (tokens: TokenCounts): number => (context.cloud.price ? quoteCost(context.cloud.price, tokens) : costUsd(FALLBACK_PRICE, tokens));
  const budgetWarning = (inputTokens: number, outputTokens: number): string | undefined => {
    const worst = worstCase({ input: inputTokens, output: outputTokens });
    const { sessionUsd, sessionSpentUsd, monthlyUsd, monthSpentUsd } = context.budget;
    if (sessionSpentUsd + worst >= BUDGET_WARNING_SHARE * sessionUsd) {
      return l10n.t("cloud spend reaches {0} of the session budget (${1})", percent(sessionSpentUsd + worst, sessionUsd), sessionUsd.toFixed(2));
    }
    if (monthSpentUsd + worst >= BUDGET_WARNING_SHARE * monthlyUsd) {
      return l10n.t("cloud spend reaches {0} of the monthly budget (${1})", percent(monthSpentUsd + worst, monthlyUsd), monthlyUsd.toFixed(2));
    }
    return undefined;
  };
  /** `why`: a whole sentence, full stop included, put before the action; "" for none. */
  const localOrNone = (why: string, extra: { complexity?: number } = {}): Decision => {
    if (localUsable) return decide("local", extra);
    reasons.push(l10n.t("local: {0}", localProblem));
    const action = cloudPermitted ? localProblem : l10n.t("This request may not leave the machine and {0}.", localProblem);
    return decide("none", { ...extra, action: why ? `${why} ${action}` : action });
  };

  /**
   * 4. Budget: the worst-case cost must fit what is left of the session and month budgets. A model
   * nobody prices still goes to the cloud the user configured: its cost shows as unknown, and the
   * budget counts it at the conservative FALLBACK_PRICE, which the reason states.
   */
  function withinBudget(): boolean {
    const worst = worstCase({ input: estimateTokens("cloud"), output: cloudOutputTokens });
    if (!context.cloud.price) {
      reasons.push(
        l10n.t(
          "budget: no price is known for {0}, so its cost shows as unknown and the budget counts up to ${1} at a conservative ${2} in / ${3} out per million tokens (set its price in junction.pricing.models)",
          context.cloud.model,
          worst.toFixed(4),
          String(FALLBACK_PRICE.inputUsdPerMTok),
          String(FALLBACK_PRICE.outputUsdPerMTok),
        ),
      );
    }
    const { sessionUsd, sessionSpentUsd, monthlyUsd, monthSpentUsd } = context.budget;
    if (sessionSpentUsd + worst > sessionUsd) {
      reasons.push(
        l10n.t("budget: up to ${0} would exceed the session budget (${1} of ${2} spent)", worst.toFixed(4), sessionSpentUsd.toFixed(2), sessionUsd.toFixed(2)),
      );
      return false;
    }
    if (monthSpentUsd + worst > monthlyUsd) {
      reasons.push(
        l10n.t("budget: up to ${0} would exceed the monthly budget (${1} of ${2} spent)", worst.toFixed(4), monthSpentUsd.toFixed(2), monthlyUsd.toFixed(2)),
      );
      return false;
    }
    return true;
  }

  const toCloud = (extra: { complexity?: number } = {}): Decision =>
    cloudOrFallback(
      reasons,
      cloudUsable,
      cloudProblem,
      (target) => decide(target, extra),
      (why) => localOrNone(why, extra),
      withinBudget,
    );
  return {
    request,
    context,
    reasons,
    edited,
    cloudPermitted,
    localUsable,
    localProblem,
    cloudUsable,
    estimateTokens,
    decide,
    localOrNone,
    withinBudget,
    toCloud,
  };
}

/** Cloud when it is usable and affordable, else local with the reason, else none. */
function cloudOrFallback(
  reasons: string[],
  cloudUsable: boolean,
  cloudProblem: string,
  decide: (target: Target) => Decision,
  localOrNone: (why: string) => Decision,
  withinBudget: () => boolean,
): Decision {
  if (!cloudUsable) {
    reasons.push(l10n.t("cloud: {0}; using the local model", cloudProblem));
    return stayingLocal(localOrNone(l10n.t("The cloud model cannot take it: {0}.", cloudProblem)), l10n.t("the cloud model cannot take it: {0}", cloudProblem));
  }
  if (!withinBudget()) return stayingLocal(localOrNone(l10n.t("The cloud budget does not allow it.")), l10n.t("the cloud budget does not allow it"));
  reasons.push(l10n.t("routed to the cloud model"));
  return decide("cloud");
}

/** A request that wanted the cloud and runs locally carries why, for the notification to say. */
function stayingLocal(decision: Decision, why: string): Decision {
  return decision.target === "local" ? { ...decision, stayedLocal: why } : decision;
}

function percent(value: number, of: number): string {
  return of > 0 ? `${Math.round((value / of) * 100)} %` : "100 %";
}
