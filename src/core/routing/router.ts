import * as l10n from "@vscode/l10n";
import type { PriceQuote, TokenCounts } from "../pricing.ts";
import { FALLBACK_PRICE, costUsd, quoteCost } from "../pricing.ts";
import { isReasoningModel, REASONING_ALLOWANCE_TOKENS } from "../providers/modelParameters.ts";
import { scoreComplexity } from "./complexity.ts";

/**
 * DESIGN §3: where one request goes, and why. Pure and deterministic. Order: privacy (hard) →
 * the user's override → task kind and complexity → budget → provider health. Every branch taken
 * adds a reason; a private request never falls back to the cloud.
 */

export type RequestKind = "completion" | "refactor" | "multi-file refactor" | "chat";
export type Target = "local" | "cloud" | "none";

export interface RouteFile {
  path: string;
  /** "edited": its content is changed by the request; "context": sent only to inform the model. */
  role: "edited" | "context";
  /** From the privacy classification of the file (folder, local-only patterns, git-ignore). */
  cloudAllowed: boolean;
  privacyReasons: readonly string[];
  tokens: number;
  /** Secrets found in the content that would be sent. */
  secrets: number;
}

export interface RouteRequest {
  kind: RequestKind;
  files: readonly RouteFile[];
  instruction?: string;
  instructionTokens?: number;
  /** Secrets found in the instruction: it is sent with the files and counts like one of them. */
  instructionSecrets?: number;
  selectionTokens?: number;
  crossFileReferences?: number;
  /** The most output the request may produce (max tokens), for the worst-case cost. */
  maxOutputTokens: number;
  /** The user's per-request choice. */
  override?: "local" | "cloud";
}

export interface SideStatus {
  available: boolean;
  /** Why not, as the user should read it, including the fix. */
  problem?: string;
  model: string;
}

export interface RouteContext {
  trusted: boolean;
  completionRoute: "auto" | "local" | "cloud";
  cloudThreshold: number;
  secretsPolicy: "redact" | "route-local";
  local: SideStatus & {
    endpoint: string;
    contextTokens: number;
    /**
     * For privacy this "local" side is a cloud model: Ollama proxies the model to a remote service,
     * or the server is neither on this machine nor in junction.privacy.trustedEndpoints.
     */
    remote: boolean;
    /** Why it counts as remote, when that is the server rather than the model. */
    remoteReason?: string;
  };
  cloud: SideStatus & {
    /** Endpoint, model and API key are all set. */
    configured: boolean;
    /** Undefined when no source prices the model: the budget then counts FALLBACK_PRICE. */
    price: PriceQuote | undefined;
  };
  budget: { sessionUsd: number; sessionSpentUsd: number; monthlyUsd: number; monthSpentUsd: number };
}

export interface Decision {
  target: Target;
  model: string | undefined;
  reasons: string[];
  /**
   * The privacy step's reasons, also the first of `reasons` ("privacy: …"), as data: callers quote
   * them without matching text that is translated. Never empty.
   */
  privacyReasons: string[];
  /** Context files left out because they may not leave the machine (cloud target only). */
  droppedContext: string[];
  /** Files whose secrets are replaced by placeholders before sending (cloud target only). */
  redactions: Array<{ path: string; secrets: number }>;
  /**
   * `usd`: the worst case at the model's price; undefined when that price is unknown, and then
   * `assumedUsd` is the worst case at FALLBACK_PRICE, which the budget step counted instead.
   */
  estimate: { inputTokens: number; outputTokens: number; usd: number | undefined; assumedUsd?: number };
  /**
   * Why a request that wanted the cloud model (complex enough, or asked for) runs on the local
   * model after all: one sentence the notification shows. Undefined otherwise.
   */
  stayedLocal?: string;
  complexity: number | undefined;
  /** Set when this request brings cloud spend to 80 % of a budget or more. */
  budgetWarning: string | undefined;
  /** For target "none": what the user should do. */
  action: string | undefined;
}

const BUDGET_WARNING_SHARE = 0.8;

export function route(request: RouteRequest, context: RouteContext): Decision {
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

  // 2. The user's explicit choice.
  if (request.override === "cloud") {
    if (!cloudPermitted) {
      reasons.push(l10n.t("you asked for the cloud model: refused, because privacy forbids it"));
      return localOrNone("");
    }
    reasons.push(l10n.t("you asked for the cloud model"));
    return cloudOrFallback(reasons, cloudUsable, cloudProblem, decide, localOrNone, withinBudget);
  }
  if (request.override === "local") {
    reasons.push(l10n.t("you asked for the local model"));
    return localOrNone("");
  }

  // 3. Kind and complexity.
  if (request.kind === "completion") {
    if (context.completionRoute === "cloud") {
      reasons.push(l10n.t('completions: junction.completion.route is "cloud"'));
      if (!cloudPermitted) return localOrNone("");
      return cloudOrFallback(reasons, cloudUsable, cloudProblem, decide, localOrNone, withinBudget);
    }
    if (localUsable) {
      reasons.push(l10n.t("completions go to the local model (fast, free, private)"));
      return decide("local");
    }
    if (context.completionRoute === "auto" && cloudUsable && withinBudget()) {
      reasons.push(l10n.t("local: {0}", localProblem), l10n.t('completions: junction.completion.route is "auto", so the cloud model stands in'));
      return decide("cloud");
    }
    return localOrNone("");
  }

  const contextTokens = estimateTokens("local");
  const complexity = scoreComplexity({
    multiFile: request.kind === "multi-file refactor",
    editedFiles: edited.length,
    contextTokens,
    localContextTokens: context.local.contextTokens,
    crossFileReferences: request.crossFileReferences ?? 0,
    instruction: request.instruction ?? "",
    selectionTokens: request.selectionTokens ?? 0,
  });
  const complex = complexity.score >= context.cloudThreshold;
  const score = complexity.score.toFixed(2);
  const comparison = complex ? "≥" : "<";
  const threshold = context.cloudThreshold.toFixed(2);
  reasons.push(
    complexity.reasons.length > 0
      ? l10n.t("complexity {0} {1} threshold {2}: {3}", score, comparison, threshold, complexity.reasons.join(", "))
      : l10n.t("complexity {0} {1} threshold {2}", score, comparison, threshold),
  );
  const extra = { complexity: complexity.score };
  if (complex && cloudPermitted) {
    return cloudOrFallback(
      reasons,
      cloudUsable,
      cloudProblem,
      (target) => decide(target, extra),
      (why) => localOrNone(why, extra),
      withinBudget,
    );
  }
  if (localUsable) return decide("local", extra);
  // 5. Health: the local model is down; the cloud may stand in only where privacy allows.
  if (cloudPermitted && cloudUsable && withinBudget()) {
    reasons.push(l10n.t("local: {0}", localProblem), l10n.t("the cloud model stands in (privacy allows it)"));
    return decide("cloud", extra);
  }
  return localOrNone("", extra);

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
