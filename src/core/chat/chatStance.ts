import * as l10n from "@vscode/l10n";
import type { PrivacyReason } from "../privacy/privacyReasons.ts";

/**
 * What VS Code's chat is told about "Junction (routed)" before any request: where the next request
 * will go (its `detail`), how much it may send (`maxInputTokens`: the local model's real window
 * when requests stay local, the cloud model's catalog window where the cloud is allowed), and
 * whether it can call tools (Agent mode). One model rather than one per side: which side answers
 * is the privacy rules' and the router's choice per request, and a second entry in the picker
 * would only look like a way around them.
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
  detail: string;
  tooltip: string;
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
    const secrets = input.secretsPolicy === "redact";
    return {
      target: "cloud",
      cloudAllowed,
      privacyReasons,
      detail: secrets ? l10n.t("cloud allowed — secrets redacted") : l10n.t("cloud allowed — secrets stay local"),
      tooltip: [
        l10n.t(
          "Each request goes to {0} on this machine, or to {1} when it is too long or too hard for it; the reasons are in Junction's panel.",
          localModel,
          input.cloud.model,
        ),
        secrets
          ? l10n.t("What goes to the cloud has its secrets replaced by placeholders; a request that names or holds a local-only file stays on this machine.")
          : l10n.t("A request that holds a secret, or names or holds a local-only file, stays on this machine."),
        ...(allowing.length < input.folders.length ? [l10n.t("Files of the private folders keep a request local.")] : []),
      ].join(" "),
      maxInputTokens: Math.max(1, window - CLOUD_CHAT_MAX_OUTPUT_TOKENS),
      maxOutputTokens: CLOUD_CHAT_MAX_OUTPUT_TOKENS,
      toolCalling: true,
      agentConcerns: concerns,
    };
  }

  const why = !input.trusted ? l10n.t("untrusted workspace") : !cloudAllowed ? l10n.t("private workspace") : l10n.t("no cloud model set up");
  const detail = input.local.available ? l10n.t("local — {0}", why) : l10n.t("local, unavailable — {0}", why);
  const toolCalling = concerns.length === 0;
  return {
    target: "local",
    cloudAllowed,
    privacyReasons,
    detail,
    tooltip: [
      l10n.t("Every request goes to {0} on this machine ({1}-token window).", localModel, input.local.window),
      ...(input.local.available ? [] : [input.local.problem ?? l10n.t("The local model is unavailable.")]),
      toolCalling
        ? l10n.t("It can call tools, so it serves Agent mode.")
        : l10n.t("Ask mode only: {0}", describeAgentConcerns(concerns, localModel, input.local.window).join(" ")),
    ].join(" "),
    ...local,
    toolCalling,
    agentConcerns: concerns,
  };
}

/** One sentence per concern, each with what to do. */
export function describeAgentConcerns(concerns: readonly AgentConcern[], model: string, window: number): string[] {
  return concerns.map((concern) => {
    switch (concern) {
      case "no-tools":
        return l10n.t(
          "{0} cannot call tools; choose a model whose capabilities include tools (such as qwen2.5-coder:7b-instruct or qwen3) in junction.local.refactorModel.",
          model,
        );
      case "tools-unknown":
        return l10n.t("the server does not say whether {0} can call tools, so Junction does not offer it for Agent mode.", model);
      case "small-window":
        return l10n.t(
          "Agent mode needs a window of at least {0} tokens and {1} gets {2}; set junction.local.contextTokens to {0} or more, if the model was trained on that much.",
          AGENT_MIN_CONTEXT_TOKENS,
          model,
          window,
        );
      case "remote":
        return l10n.t("{0} does not run on this machine.", model);
    }
  });
}
