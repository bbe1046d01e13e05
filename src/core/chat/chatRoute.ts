import type { EgressRefusal } from "../privacy/egressGuard.ts";
import type { PrivacyReason } from "../privacy/privacyReasons.ts";
import { CONVERSATION_PATH } from "../routing/routeReasons.ts";
import type { SideProblem } from "../routing/routeReasons.ts";
import { route } from "../routing/router.ts";
import type { Decision, RouteContext, RouteRequest } from "../routing/router.ts";
import type { ChatTool, ChatTurn } from "./chatMessages.ts";
import { lastUserText } from "./chatMessages.ts";
import type { ChatStance } from "./chatStance.ts";
import { localChatBudget } from "./chatStance.ts";
import { countToolTokens, countTurnTokens } from "./tokenCount.ts";

/**
 * Where one chat request goes, decided afresh for every request, so an agent turn that reads a
 * local-only file stays local while the next one, if it names none, may not. The router decides
 * (privacy, the user's budget, complexity, health) with the whole conversation as the one "file"
 * of the request:
 * - it may reach the cloud only where the workspace stance allows it and it names no local-only
 *   file, every name checked, and the egress guard found no local-only text or secret in what
 *   would be sent;
 * - the local model is unusable for it when the conversation does not fit its window, or it needs
 *   tools the model cannot call: where privacy allows, the cloud model stands in;
 * - where privacy does not, the local model gets what it can take: the newest messages that fit
 *   and no tools, and the reasons say what was left out.
 */

export interface NamedFile {
  /** As the user reads it (relative to its folder). */
  path: string;
  cloudAllowed: boolean;
  reasons: readonly PrivacyReason[];
}

export interface ChatRouteInput {
  turns: readonly ChatTurn[];
  tools: readonly ChatTool[];
  stance: Pick<ChatStance, "cloudAllowed" | "privacyReasons">;
  /** Existing files the request names, classified. */
  namedFiles: readonly NamedFile[];
  /** The request names more files than Junction checks. */
  unchecked: boolean;
  /** The egress guard refused the body the cloud would receive. */
  refusal?: EgressRefusal;
  /** Secrets found in what the cloud would receive (before redaction). */
  secrets: number;
  /** The local chat model's window and whether it can call tools. */
  local: { window: number; supportsTools: boolean };
  /** The answer's cap, for the worst-case cost. */
  maxOutputTokens: number;
}

export interface ChatRoute {
  decision: Decision;
  /** What a local request sends: the conversation, or its newest part when only that fits. */
  localTurns: readonly ChatTurn[];
  /** Tools go with a local request only when the model can call them. */
  localTools: boolean;
  /** Tokens of what is sent on the decided side. */
  promptTokens: number;
}

export function routeChat(input: ChatRouteInput, context: RouteContext): ChatRoute {
  const toolTokens = countToolTokens(input.tools);
  const turnTokens = input.turns.map(countTurnTokens);
  const tokens = toolTokens + sum(turnTokens);
  const capacity = localChatBudget(input.local.window).maxInputTokens;
  const model = context.local.model;
  const obstacles: SideProblem[] = [];
  if (tokens > capacity) obstacles.push({ code: "chat-over-window", tokens, capacity, window: input.local.window, model });
  if (input.tools.length > 0 && !input.local.supportsTools) obstacles.push({ code: "cannot-call-tools", model });
  const problem: SideProblem | undefined = obstacles.length > 1 ? { code: "several", problems: obstacles } : obstacles[0];
  const blocked = problem && context.local.available ? { ...context, local: { ...context.local, available: false, problem } } : context;
  const first = route(chatRequest(input, tokens), blocked);
  const whole: ChatRoute = { decision: first, localTurns: input.turns, localTools: input.local.supportsTools, promptTokens: tokens };
  if (first.target !== "none" || blocked === context) return whole;

  // Privacy keeps it here (or the cloud cannot take it): the local model gets what it can take.
  const tools = input.local.supportsTools ? toolTokens : 0;
  const kept = newestThatFit(input.turns, turnTokens, capacity - tools);
  if (!kept) return whole;
  const fitted = kept.tokens + tools;
  const second = route(chatRequest(input, fitted), context);
  if (second.target !== "local") return whole;
  const reasons = [...second.reasons];
  if (kept.dropped > 0) reasons.push({ code: "chat-oldest-left-out", count: kept.dropped });
  if (input.tools.length > 0 && !input.local.supportsTools) reasons.push({ code: "chat-tools-left-out", count: input.tools.length, model });
  return { decision: { ...second, reasons }, localTurns: kept.turns, localTools: input.local.supportsTools, promptTokens: fitted };
}

function chatRequest(input: ChatRouteInput, tokens: number): RouteRequest {
  const reasons: PrivacyReason[] = [...input.stance.privacyReasons];
  if (input.unchecked) reasons.push({ code: "chat-unchecked-files" });
  for (const file of input.namedFiles) {
    if (!file.cloudAllowed) reasons.push({ code: "chat-names-local-only", path: file.path, reasons: file.reasons });
  }
  if (input.refusal?.rule === "local-only-text") reasons.push({ code: "chat-holds-local-only-text", source: input.refusal.source });
  else if (input.refusal) reasons.push({ code: "chat-secret-missed", source: input.refusal.source });
  return {
    kind: "chat",
    files: [{ path: CONVERSATION_PATH, role: "edited", cloudAllowed: reasons.length === 0, privacyReasons: reasons, tokens, secrets: input.secrets }],
    instruction: lastUserText(input.turns),
    instructionTokens: 0,
    maxOutputTokens: input.maxOutputTokens,
  };
}

/**
 * The leading system messages and the newest others whose tokens fit `capacity`; a tool result
 * left without the call it answers goes too. Undefined when not even the last message fits.
 */
export function newestThatFit(
  turns: readonly ChatTurn[],
  tokens: readonly number[],
  capacity: number,
): { turns: ChatTurn[]; dropped: number; tokens: number } | undefined {
  let system = 0;
  while (system < turns.length && turns[system]!.role === "system") system += 1;
  let used = sum(tokens.slice(0, system));
  let start = turns.length;
  while (start > system && used + tokens[start - 1]! <= capacity) {
    start -= 1;
    used += tokens[start]!;
  }
  if (start === turns.length && turns.length > system) return undefined;
  if (used > capacity) return undefined;
  // A result whose call was left out means nothing to the model.
  while (
    start < turns.length &&
    turns[start]!.role === "user" &&
    turns[start]!.parts.length > 0 &&
    turns[start]!.parts.every((part) => part.type === "tool-result")
  ) {
    used -= tokens[start]!;
    start += 1;
  }
  if (start === turns.length && turns.length > system) return undefined;
  return { turns: [...turns.slice(0, system), ...turns.slice(start)], dropped: start - system, tokens: used };
}

function sum(values: readonly number[]): number {
  let total = 0;
  for (const value of values) total += value;
  return total;
}
