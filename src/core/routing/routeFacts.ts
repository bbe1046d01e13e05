import type { TokenCounts } from "../pricing.ts";
import { FALLBACK_PRICE, costUsd, quoteCost } from "../pricing.ts";
import { isReasoningModel, REASONING_ALLOWANCE_TOKENS } from "../providers/modelParameters.ts";
import type { Decision, RouteContext, RouteFile, RouteRequest, Target } from "./router.ts";
import type { BudgetWarning, RouteAction, RouteReason, SecretSource, SideProblem, StayedLocal } from "./routeReasons.ts";

// The facts every routing step reads, computed once per request: the privacy step's verdict (a
// hard limit, with its reasons first), what each side can take, the token estimates, the budget
// check, and how a target becomes a Decision. The steps themselves are in router.ts.

const BUDGET_WARNING_SHARE = 0.8;

/** A side's problem as the host words it is reported text; one given as a code stays one. */
function asProblem(problem: string | SideProblem): SideProblem {
  return typeof problem === "string" ? { code: "reported", text: problem } : problem;
}

export interface Routing {
  request: RouteRequest;
  context: RouteContext;
  /** Every reason so far, in order; a step adds its own. */
  reasons: RouteReason[];
  edited: RouteFile[];
  cloudPermitted: boolean;
  localUsable: boolean;
  localProblem: SideProblem;
  cloudUsable: boolean;
  estimateTokens(target: Target): number;
  decide(target: Target, extra?: { complexity?: number; action?: RouteAction }): Decision;
  /** Local when usable, else none with what to do; `because`: why the cloud model did not take it. */
  localOrNone(because?: StayedLocal, extra?: { complexity?: number }): Decision;
  /** The budget step: whether the worst-case cloud cost fits (its reasons are added). */
  withinBudget(): boolean;
  /** Cloud when it is usable and affordable, else local with the reason, else none. */
  toCloud(extra?: { complexity?: number }): Decision;
}

export function routingFacts(request: RouteRequest, context: RouteContext): Routing {
  const reasons: RouteReason[] = [];
  const edited = request.files.filter((file) => file.role === "edited");
  const contextFiles = request.files.filter((file) => file.role === "context");

  // 1. Privacy: may this request reach a cloud model at all?
  const privacyBlocks: RouteReason[] = [];
  if (!context.trusted) privacyBlocks.push({ code: "privacy-untrusted" });
  for (const file of edited) {
    if (!file.cloudAllowed) privacyBlocks.push({ code: "privacy-file-local-only", path: file.path, why: [...file.privacyReasons] });
  }
  const droppedContext = contextFiles.filter((file) => !file.cloudAllowed);
  const cloudBound = [...edited, ...contextFiles.filter((file) => file.cloudAllowed)];
  const instructionSecrets = request.instructionSecrets ?? 0;
  const withSecrets: Array<SecretSource & { secrets: number }> = [
    ...cloudBound.filter((file) => file.secrets > 0).map((file) => ({ path: file.path, secrets: file.secrets })),
    ...(instructionSecrets > 0 ? [{ instruction: true as const, secrets: instructionSecrets }] : []),
  ];
  if (withSecrets.length > 0 && context.secretsPolicy === "route-local") {
    privacyBlocks.push({ code: "privacy-secrets-route-local", sources: withSecrets.map(({ secrets: _count, ...source }) => source) });
  }
  const cloudPermitted = privacyBlocks.length === 0;
  const privacyReasons: RouteReason[] = cloudPermitted ? [{ code: "privacy-cloud-allowed" }] : privacyBlocks;
  reasons.push(...privacyReasons);

  // A remote "local" side is a cloud model: never for a private request, and never with secrets
  // or local-only context, because only the cloud path redacts and drops those.
  const remoteBlocked = context.local.remote && (!cloudPermitted || withSecrets.length > 0 || droppedContext.length > 0);
  const localUsable = context.local.available && !remoteBlocked;
  // The remote side is the obstacle only when it blocks; otherwise name the real problem.
  const remoteWhy: SideProblem =
    context.local.remoteReason !== undefined
      ? { code: "reported", text: context.local.remoteReason }
      : { code: "local-model-remote", model: context.local.model };
  const localProblem: SideProblem = remoteBlocked
    ? cloudPermitted
      ? { code: "remote-with-private-content", remote: remoteWhy }
      : remoteWhy
    : context.local.problem !== undefined
      ? asProblem(context.local.problem)
      : { code: "local-unavailable", endpoint: context.local.endpoint };
  const cloudUsable = cloudPermitted && context.cloud.configured && context.cloud.available;
  const cloudProblem: SideProblem =
    context.cloud.problem !== undefined
      ? asProblem(context.cloud.problem)
      : context.cloud.configured
        ? { code: "cloud-unavailable" }
        : { code: "cloud-not-configured" };

  const estimateTokens = (target: Target) => {
    const files = target === "cloud" ? cloudBound : request.files;
    return files.reduce((sum, file) => sum + file.tokens, request.instructionTokens ?? 0);
  };
  const decide = (target: Target, extra: { complexity?: number; action?: RouteAction } = {}): Decision => {
    const inputTokens = target === "none" ? 0 : estimateTokens(target);
    const outputTokens = target === "none" ? 0 : target === "cloud" ? cloudOutputTokens : request.maxOutputTokens;
    const tokens = { input: inputTokens, output: outputTokens };
    const usd = target !== "cloud" ? 0 : context.cloud.price ? quoteCost(context.cloud.price, tokens) : undefined;
    const assumed = target === "cloud" && !context.cloud.price ? { assumedUsd: worstCase(tokens) } : {};
    if (target === "cloud") {
      if (droppedContext.length > 0) reasons.push({ code: "context-left-out", paths: droppedContext.map((file) => file.path) });
      if (withSecrets.length > 0) reasons.push({ code: "secrets-redacted", count: withSecrets.reduce((sum, source) => sum + source.secrets, 0) });
    }
    return {
      target,
      model: target === "local" ? context.local.model : target === "cloud" ? context.cloud.model : undefined,
      reasons,
      privacyReasons,
      droppedContext: target === "cloud" ? droppedContext.map((file) => file.path) : [],
      redactions: target === "cloud" ? withSecrets : [],
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
  const budgetWarning = (inputTokens: number, outputTokens: number): BudgetWarning | undefined => {
    const worst = worstCase({ input: inputTokens, output: outputTokens });
    const { sessionUsd, sessionSpentUsd, monthlyUsd, monthSpentUsd } = context.budget;
    if (sessionSpentUsd + worst >= BUDGET_WARNING_SHARE * sessionUsd) {
      return { period: "session", percent: percent(sessionSpentUsd + worst, sessionUsd), budgetUsd: sessionUsd };
    }
    if (monthSpentUsd + worst >= BUDGET_WARNING_SHARE * monthlyUsd) {
      return { period: "month", percent: percent(monthSpentUsd + worst, monthlyUsd), budgetUsd: monthlyUsd };
    }
    return undefined;
  };
  const localOrNone = (because?: StayedLocal, extra: { complexity?: number } = {}): Decision => {
    if (localUsable) return decide("local", extra);
    reasons.push({ code: "local-problem", problem: localProblem });
    return decide("none", { ...extra, action: { problem: localProblem, mayNotLeave: !cloudPermitted, ...(because ? { because } : {}) } });
  };

  /**
   * 4. Budget: the worst-case cost must fit what is left of the session and month budgets. A model
   * nobody prices still goes to the cloud the user configured: its cost shows as unknown, and the
   * budget counts it at the conservative FALLBACK_PRICE, which the reason states.
   */
  function withinBudget(): boolean {
    const worst = worstCase({ input: estimateTokens("cloud"), output: cloudOutputTokens });
    if (!context.cloud.price) {
      reasons.push({
        code: "budget-price-unknown",
        model: context.cloud.model,
        worstUsd: worst,
        inputUsdPerMTok: FALLBACK_PRICE.inputUsdPerMTok,
        outputUsdPerMTok: FALLBACK_PRICE.outputUsdPerMTok,
      });
    }
    const { sessionUsd, sessionSpentUsd, monthlyUsd, monthSpentUsd } = context.budget;
    if (sessionSpentUsd + worst > sessionUsd) {
      reasons.push({ code: "budget-exceeded", period: "session", worstUsd: worst, spentUsd: sessionSpentUsd, budgetUsd: sessionUsd });
      return false;
    }
    if (monthSpentUsd + worst > monthlyUsd) {
      reasons.push({ code: "budget-exceeded", period: "month", worstUsd: worst, spentUsd: monthSpentUsd, budgetUsd: monthlyUsd });
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
      (because) => localOrNone(because, extra),
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
  reasons: RouteReason[],
  cloudUsable: boolean,
  cloudProblem: SideProblem,
  decide: (target: Target) => Decision,
  localOrNone: (because: StayedLocal) => Decision,
  withinBudget: () => boolean,
): Decision {
  if (!cloudUsable) {
    reasons.push({ code: "cloud-problem", problem: cloudProblem });
    return stayingLocal(localOrNone, { code: "cloud-cannot-take-it", problem: cloudProblem });
  }
  if (!withinBudget()) return stayingLocal(localOrNone, { code: "over-budget" });
  reasons.push({ code: "routed-to-cloud" });
  return decide("cloud");
}

/** A request that wanted the cloud and runs locally carries why, for the notification to say. */
function stayingLocal(localOrNone: (because: StayedLocal) => Decision, because: StayedLocal): Decision {
  const decision = localOrNone(because);
  return decision.target === "local" ? { ...decision, stayedLocal: because } : decision;
}

/** Of the budget, rounded; a zero budget is full. */
function percent(value: number, of: number): number {
  return of > 0 ? Math.round((value / of) * 100) : 100;
}
