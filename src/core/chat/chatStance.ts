import type { PrivacyReason } from "../privacy/privacyReasons.ts";

/**
 * What VS Code's chat is told about "Junction (routed)" before any request: where the next request
 * will go (its `detail`), how much it may send (`maxInputTokens`: the local model's real window
 * when requests stay local, the cloud model's catalog window where the cloud is allowed), and
 * whether it can call tools (Agent mode). One model rather than one per side: which side answers
 * is the privacy rules' and the router's choice per request, and a second entry in the picker
 * would only look like a way around them. The picker's detail and tooltip are data here (issue
 * #15); chatStanceWords.ts words them where the host shows them.
 */

/** An answer longer than this is rarely what a chat turn needs; a quarter of a small window is the cap. */
export const LOCAL_CHAT_MAX_OUTPUT_TOKENS = 4_096;
export const CLOUD_CHAT_MAX_OUTPUT_TOKENS = 8_192;
/**
 * Agent mode's first turn carries a system prompt of about 15,000–17,000 characters and some 40
 * tool schemas: about 12,000 tokens as Junction counts them, before any file is read or any answer
 * written. Half of a 32k window leaves room for both; a 16k window would not even hold the prompt
 * beside the answer's share.
 */
export const AGENT_MIN_CONTEXT_TOKENS = 32_768;
/** The window assumed for a cloud model no catalog knows: small, so a prompt is never cut by the server. */
export const UNKNOWN_CLOUD_CONTEXT_TOKENS = 32_768;
/** What planChat keeps free of the estimate in a local window (localContext.ts: template 32 + margin 256). */
export const LOCAL_FIT_MARGIN_TOKENS = 288;

export type AgentConcern = "no-tools" | "tools-unknown" | "small-window" | "remote";

/** Why every request stays on this machine. */
export type LocalWhy = "untrusted-workspace" | "private-workspace" | "no-cloud-model";

/** The picker's one-line detail: where the next request goes. */
export type StanceDetail = { code: "cloud"; secretsPolicy: "redact" | "route-local" } | { code: "local"; available: boolean; why: LocalWhy };

/** The picker's tooltip: the same, with the models, what stays local, and what Agent mode needs. */
export type StanceTooltip =
  | {
      code: "cloud";
      localModel: string;
      cloudModel: string;
      secretsPolicy: "redact" | "route-local";
      /** Some folders are private, so their files keep a request local. */
      privateFolders: boolean;
    }
  | {
      code: "local";
      localModel: string;
      window: number;
      available: boolean;
      /** Why the local model is unavailable, as the host worded it (LocalChatModel.problem). */
      problem?: string;
      /** Empty when it serves Agent mode. */
      agentConcerns: AgentConcern[];
    };

export interface LocalChatModel {
  model: string;
  available: boolean;
  /** Why not, worded for the user with the fix. */
  problem?: string;
  /** Ollama runs it elsewhere, or the server is not private. */
  remote: boolean;
  /** The one context window Junction gives the model (num_ctx). */
  window: number;
  /** As the server reports them; undefined when it does not say (OpenAI-compatible servers). */
  capabilities: readonly string[] | undefined;
}

export interface ChatStanceInput {
  trusted: boolean;
  folders: ReadonlyArray<{ name: string; cloudAllowed: boolean }>;
  secretsPolicy: "redact" | "route-local";
  local: LocalChatModel;
  cloud: { usable: boolean; model: string; contextTokens: number | undefined };
}

export interface ChatStance {
  /** Where a request that names no local-only file goes when it is too big or too hard for the local model. */
  target: "local" | "cloud";
  /** The conversation itself may reach the cloud: the privacy step's verdict before any file is named. */
  cloudAllowed: boolean;
  /** Why it may not, for the router's privacy reason. */
  privacyReasons: PrivacyReason[];
  detail: StanceDetail;
  tooltip: StanceTooltip;
  maxInputTokens: number;
  maxOutputTokens: number;
  toolCalling: boolean;
  /** Why the local model cannot serve Agent mode; empty when it can. */
  agentConcerns: AgentConcern[];
}

/** How a local window is shared between the prompt and the answer. */
export function localChatBudget(window: number): { maxInputTokens: number; maxOutputTokens: number } {
  const maxOutputTokens = Math.max(1, Math.min(LOCAL_CHAT_MAX_OUTPUT_TOKENS, Math.floor(window / 4)));
  return { maxOutputTokens, maxInputTokens: Math.max(1, window - maxOutputTokens - LOCAL_FIT_MARGIN_TOKENS) };
}

/** The server says the model can call tools (Ollama's `tools` capability). */
export function canCallTools(model: { capabilities: readonly string[] | undefined }): boolean {
  return model.capabilities?.includes("tools") === true;
}

/** Why a local model cannot do Agent mode: it must call tools, run here, and have room for the agent's prompt. */
export function agentConcerns(model: { capabilities: readonly string[] | undefined; remote: boolean }, window: number): AgentConcern[] {
  const concerns: AgentConcern[] = [];
  if (model.capabilities === undefined) concerns.push("tools-unknown");
  else if (!model.capabilities.includes("tools")) concerns.push("no-tools");
  if (window < AGENT_MIN_CONTEXT_TOKENS) concerns.push("small-window");
  if (model.remote) concerns.push("remote");
  return concerns;
}

export function chatStance(input: ChatStanceInput): ChatStance {
  const allowing = input.folders.filter((folder) => folder.cloudAllowed);
  const privacyReasons: PrivacyReason[] = [];
  if (!input.trusted) privacyReasons.push({ code: "chat-untrusted" });
  else if (input.folders.length === 0) privacyReasons.push({ code: "chat-no-folder" });
  else if (allowing.length === 0) privacyReasons.push({ code: "chat-no-folder-allows-cloud", folders: input.folders.map((folder) => folder.name) });
  const cloudAllowed = privacyReasons.length === 0;
  const concerns = agentConcerns(input.local, input.local.window);
  const local = localChatBudget(input.local.window);
  const localModel = input.local.model;

  if (cloudAllowed && input.cloud.usable) {
    const window = input.cloud.contextTokens ?? UNKNOWN_CLOUD_CONTEXT_TOKENS;
    return {
      target: "cloud",
      cloudAllowed,
      privacyReasons,
      detail: { code: "cloud", secretsPolicy: input.secretsPolicy },
      tooltip: {
        code: "cloud",
        localModel,
        cloudModel: input.cloud.model,
        secretsPolicy: input.secretsPolicy,
        privateFolders: allowing.length < input.folders.length,
      },
      maxInputTokens: Math.max(1, window - CLOUD_CHAT_MAX_OUTPUT_TOKENS),
      maxOutputTokens: CLOUD_CHAT_MAX_OUTPUT_TOKENS,
      toolCalling: true,
      agentConcerns: concerns,
    };
  }

  const why: LocalWhy = !input.trusted ? "untrusted-workspace" : !cloudAllowed ? "private-workspace" : "no-cloud-model";
  const { available, problem, window } = input.local;
  return {
    target: "local",
    cloudAllowed,
    privacyReasons,
    detail: { code: "local", available, why },
    tooltip: {
      code: "local",
      localModel,
      window,
      available,
      ...(available || problem === undefined ? {} : { problem }),
      agentConcerns: concerns,
    },
    ...local,
    toolCalling: concerns.length === 0,
    agentConcerns: concerns,
  };
}
