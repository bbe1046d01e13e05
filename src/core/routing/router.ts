import * as l10n from "@vscode/l10n";
import type { PriceQuote } from "../pricing.ts";
import { scoreComplexity } from "./complexity.ts";
import { routingFacts } from "./routeFacts.ts";
import type { Routing } from "./routeFacts.ts";

/**
 * DESIGN §3: where one request goes, and why. Pure and deterministic. Order: privacy (hard, in
 * routingFacts) → the user's override → task kind → complexity, each an ordered step (ROUTE_STEPS)
 * that decides or passes; the budget and the health of each side are checked wherever a step
 * would send to the cloud. Every branch taken adds a reason; a private request never falls back
 * to the cloud.
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

/** One step of the route: a Decision, or undefined to let the next step decide. */
type RouteStep = (routing: Routing) => Decision | undefined;

/** 2. The user's explicit choice. */
const userChoice: RouteStep = ({ request, reasons, cloudPermitted, localOrNone, toCloud }) => {
  if (request.override === "cloud") {
    if (!cloudPermitted) {
      reasons.push(l10n.t("you asked for the cloud model: refused, because privacy forbids it"));
      return localOrNone("");
    }
    reasons.push(l10n.t("you asked for the cloud model"));
    return toCloud();
  }
  if (request.override === "local") {
    reasons.push(l10n.t("you asked for the local model"));
    return localOrNone("");
  }
  return undefined;
};

/** 3. Inline completions: local unless junction.completion.route says otherwise. */
const completionRoute: RouteStep = ({
  request,
  context,
  reasons,
  cloudPermitted,
  localUsable,
  localProblem,
  cloudUsable,
  decide,
  localOrNone,
  withinBudget,
  toCloud,
}) => {
  if (request.kind !== "completion") return undefined;
  if (context.completionRoute === "cloud") {
    reasons.push(l10n.t('completions: junction.completion.route is "cloud"'));
    if (!cloudPermitted) return localOrNone("");
    return toCloud();
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
};

/** 4. Refactors and chat: complex enough work goes to the cloud where privacy allows; 5. health. */
const complexityRoute: RouteStep = ({
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
}) => {
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
    return toCloud(extra);
  }
  if (localUsable) return decide("local", extra);
  // 5. Health: the local model is down; the cloud may stand in only where privacy allows.
  if (cloudPermitted && cloudUsable && withinBudget()) {
    reasons.push(l10n.t("local: {0}", localProblem), l10n.t("the cloud model stands in (privacy allows it)"));
    return decide("cloud", extra);
  }
  return localOrNone("", extra);
};

const ROUTE_STEPS: readonly RouteStep[] = [userChoice, completionRoute, complexityRoute];

export function route(request: RouteRequest, context: RouteContext): Decision {
  const routing = routingFacts(request, context);
  for (const step of ROUTE_STEPS) {
    const decision = step(routing);
    if (decision) return decision;
  }
  // complexityRoute always decides; this keeps the loop's promise explicit.
  throw new Error("no routing step decided");
}
