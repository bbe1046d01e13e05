import type { PriceQuote } from "../pricing.ts";
import type { PrivacyReason } from "../privacy/privacyReasons.ts";
import { scoreComplexity } from "./complexity.ts";
import { routingFacts } from "./routeFacts.ts";
import type { Routing } from "./routeFacts.ts";
import type { BudgetWarning, RouteAction, RouteReason, SecretSource, SideProblem, StayedLocal } from "./routeReasons.ts";

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
  /** Why, as the classifier's codes; they travel into the route's reasons unworded. */
  privacyReasons: readonly PrivacyReason[];
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
  /** Why not: as the user should read it, including the fix (the host's words), or as a code. */
  problem?: string | SideProblem;
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
  /** Why, in the order the steps gave them; src/core/routing/routeWords.ts words them. */
  reasons: RouteReason[];
  /** The privacy step's reasons, also the first of `reasons`, for a refusal to quote. Never empty. */
  privacyReasons: RouteReason[];
  /** Context files left out because they may not leave the machine (cloud target only). */
  droppedContext: string[];
  /** Files whose secrets are replaced by placeholders before sending (cloud target only). */
  redactions: Array<SecretSource & { secrets: number }>;
  /**
   * `usd`: the worst case at the model's price; undefined when that price is unknown, and then
   * `assumedUsd` is the worst case at FALLBACK_PRICE, which the budget step counted instead.
   */
  estimate: { inputTokens: number; outputTokens: number; usd: number | undefined; assumedUsd?: number };
  /**
   * Why a request that wanted the cloud model (complex enough, or asked for) runs on the local
   * model after all: one sentence the notification shows. Undefined otherwise.
   */
  stayedLocal?: StayedLocal;
  complexity: number | undefined;
  /** Set when this request brings cloud spend to 80 % of a budget or more. */
  budgetWarning: BudgetWarning | undefined;
  /** For target "none": what the user should do. */
  action: RouteAction | undefined;
}

/** One step of the route: a Decision, or undefined to let the next step decide. */
type RouteStep = (routing: Routing) => Decision | undefined;

/** 2. The user's explicit choice. */
const userChoice: RouteStep = ({ request, reasons, cloudPermitted, localOrNone, toCloud }) => {
  if (request.override === "cloud") {
    if (!cloudPermitted) {
      reasons.push({ code: "asked-cloud-refused" });
      return localOrNone();
    }
    reasons.push({ code: "asked-cloud" });
    return toCloud();
  }
  if (request.override === "local") {
    reasons.push({ code: "asked-local" });
    return localOrNone();
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
    reasons.push({ code: "completion-route-cloud" });
    if (!cloudPermitted) return localOrNone();
    return toCloud();
  }
  if (localUsable) {
    reasons.push({ code: "completion-local" });
    return decide("local");
  }
  if (context.completionRoute === "auto" && cloudUsable && withinBudget()) {
    reasons.push({ code: "local-problem", problem: localProblem }, { code: "completion-auto-cloud-stands-in" });
    return decide("cloud");
  }
  return localOrNone();
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
  reasons.push({ code: "complexity", score: complexity.score, threshold: context.cloudThreshold, signals: complexity.signals });
  const extra = { complexity: complexity.score };
  if (complex && cloudPermitted) {
    return toCloud(extra);
  }
  if (localUsable) return decide("local", extra);
  // 5. Health: the local model is down; the cloud may stand in only where privacy allows.
  if (cloudPermitted && cloudUsable && withinBudget()) {
    reasons.push({ code: "local-problem", problem: localProblem }, { code: "cloud-stands-in" });
    return decide("cloud", extra);
  }
  return localOrNone(undefined, extra);
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
