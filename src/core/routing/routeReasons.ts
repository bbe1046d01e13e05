// What the router decided and why, as data: each reason is a code with its parameters, and the
// words are src/core/routing/routeWords.ts's (through l10n), so the core's tests assert codes and a
// translation changes no decision. A side's problem as the host words it travels as text; a file's
// privacy reasons travel as the classifier's codes (privacyReasons.ts), worded by privacyWords.ts.
import type { PrivacyReason } from "../privacy/privacyReasons.ts";

/** Why a model side cannot take the request. */
export type SideProblem =
  /** Worded by whoever knows the side (the host's health check, the remote-server check). */
  | { code: "reported"; text: string }
  | { code: "local-model-remote"; model: string }
  | { code: "local-unavailable"; endpoint: string }
  /** A remote "local" side may take neither secrets nor local-only context: only the cloud path redacts. */
  | { code: "remote-with-private-content"; remote: SideProblem }
  | { code: "cloud-unavailable" }
  | { code: "cloud-not-configured" }
  /** Chat: the conversation (with its tools) is more than the local model's window leaves for it. */
  | { code: "chat-over-window"; tokens: number; capacity: number; window: number; model: string }
  | { code: "cannot-call-tools"; model: string }
  /** Chat's fallback: the side's server failed this very request, with the failure's kind. */
  | { code: "failed-just-now"; kind: string }
  /** More than one of the above at once, said in order. */
  | { code: "several"; problems: readonly SideProblem[] };

/** What made a request look complex (src/core/routing/complexity.ts), with the points it added. */
export type ComplexitySignal = { points: number } & (
  | { code: "multi-file"; files: number }
  | { code: "context-fills-window"; tokens: number; percent: number; windowTokens: number }
  | { code: "context-over-half-window"; tokens: number }
  | { code: "cross-file-references"; count: number }
  | { code: "structural-instruction"; cue: string }
  | { code: "large-selection"; tokens: number }
  | { code: "medium-selection"; tokens: number }
);

/**
 * The path a chat request's one route "file" carries: the whole conversation, which has no path
 * of its own. A code in a path's place, so a reason naming it stays data; the words say "the
 * conversation" (routeWords.ts wordRoutePath).
 */
export const CONVERSATION_PATH = "<conversation>";

/** Where secrets were found: a file of the request, or the instruction sent with them. */
export type SecretSource = { path: string } | { instruction: true };

/** Why a request that wanted the cloud model runs on the local one after all. */
export type StayedLocal = { code: "cloud-cannot-take-it"; problem: SideProblem } | { code: "over-budget" };

export type RouteReason =
  | { code: "privacy-untrusted" }
  /** `why`: the file's privacy reasons as the classifier gave them (may be none). */
  | { code: "privacy-file-local-only"; path: string; why: readonly PrivacyReason[] }
  | { code: "privacy-secrets-route-local"; sources: readonly SecretSource[] }
  | { code: "privacy-cloud-allowed" }
  | { code: "context-left-out"; paths: readonly string[] }
  | { code: "secrets-redacted"; count: number }
  | { code: "local-problem"; problem: SideProblem }
  | { code: "cloud-problem"; problem: SideProblem }
  | { code: "budget-price-unknown"; model: string; worstUsd: number; inputUsdPerMTok: number; outputUsdPerMTok: number }
  | { code: "budget-exceeded"; period: "session" | "month"; worstUsd: number; spentUsd: number; budgetUsd: number }
  | { code: "routed-to-cloud" }
  | { code: "asked-cloud-refused" }
  | { code: "asked-cloud" }
  | { code: "asked-local" }
  | { code: "completion-route-cloud" }
  | { code: "completion-local" }
  | { code: "completion-auto-cloud-stands-in" }
  | { code: "complexity"; score: number; threshold: number; signals: readonly ComplexitySignal[] }
  | { code: "cloud-stands-in" }
  /** Chat: the oldest messages did not fit the local model's window. */
  | { code: "chat-oldest-left-out"; count: number }
  | { code: "chat-tools-left-out"; count: number; model: string };

export type RouteReasonCode = RouteReason["code"];

/** For target "none": what stands in the way, for the user to act on. */
export interface RouteAction {
  problem: SideProblem;
  /** Privacy keeps the request on this machine, so only the local side could have taken it. */
  mayNotLeave: boolean;
  /** Said first when the request wanted the cloud model. */
  because?: StayedLocal;
}

/** Cloud spend would reach 80 % or more of a budget. */
export interface BudgetWarning {
  period: "session" | "month";
  /** Of the budget, rounded; 100 when the budget is zero. */
  percent: number;
  budgetUsd: number;
}
