// Builders for the chat tests: conversations as VS Code's chat sends them (a long system prompt,
// user turns with attachments, agent tool calls and their results), route contexts and stances.
import { priceFor } from "../../src/core/pricing.ts";
import type { ChatTool, ChatTurn } from "../../src/core/chat/chatMessages.ts";
import type { ChatRouteInput } from "../../src/core/chat/chatRoute.ts";
import type { ChatStance, LocalChatModel } from "../../src/core/chat/chatStance.ts";
import { chatStance } from "../../src/core/chat/chatStance.ts";
import type { RouteContext } from "../../src/core/routing/router.ts";

export const LOCAL_MODEL = "qwen2.5-coder:7b-instruct";
export const CLOUD_MODEL = "gpt-4.1-mini";

export const system = (text: string): ChatTurn => ({ role: "system", parts: [{ type: "text", text }] });
export const user = (...texts: string[]): ChatTurn => ({ role: "user", parts: texts.map((text) => ({ type: "text", text })) });
export const assistant = (text: string): ChatTurn => ({ role: "assistant", parts: [{ type: "text", text }] });

/** An assistant turn that calls one tool, optionally after some text. */
export function calls(callId: string, name: string, input: Record<string, unknown>, text = ""): ChatTurn {
  return { role: "assistant", parts: [...(text ? [{ type: "text" as const, text }] : []), { type: "tool-call", callId, name, input }] };
}

/** The user turn VS Code sends with a tool's result. */
export function result(callId: string, text: string, after = ""): ChatTurn {
  return { role: "user", parts: [{ type: "tool-result", callId, text }, ...(after ? [{ type: "text" as const, text: after }] : [])] };
}

export function aTool(name: string, overrides: Partial<ChatTool> = {}): ChatTool {
  return {
    name,
    description: `Runs ${name}.`,
    inputSchema: { type: "object", properties: { filePath: { type: "string", description: "An absolute path" } }, required: ["filePath"] },
    ...overrides,
  };
}

/** About 17,000 characters of agent instructions, as chat sends on an agent turn's first request. */
export function agentSystemPrompt(chars = 17_000): string {
  const paragraph =
    "You are an expert programming assistant working in the user's editor. Use the tools to read files before you change them; " +
    "prefer small, reviewable edits; run the tests after a change (`npm test -- --grep <name>`); never invent file paths.\n" +
    '<instructions>\n  <rule id="edit">When editing, call replace_string_in_file with three lines of context.</rule>\n</instructions>\n';
  let text = "";
  while (text.length < chars) text += paragraph;
  return text.slice(0, chars);
}

/** The ~40 tools chat offers in Agent mode, each with a schema of a few properties. */
export function agentTools(count = 40): ChatTool[] {
  return Array.from({ length: count }, (_, index) =>
    aTool(`tool_${index}_${["read_file", "grep_search", "run_in_terminal", "replace_string_in_file"][index % 4]}`, {
      description: `Tool ${index}: reads or changes the workspace. Use it when the task needs it; the input is validated against the schema.`,
      inputSchema: {
        type: "object",
        properties: {
          filePath: { type: "string", description: "The absolute path of the file." },
          query: { type: "string", description: "What to look for; a regular expression when isRegexp is true." },
          isRegexp: { type: "boolean" },
          maxResults: { type: "number", description: "At most this many results." },
        },
        required: ["filePath"],
      },
    }),
  );
}

export interface ContextOverrides extends Partial<Omit<RouteContext, "local" | "cloud" | "budget">> {
  local?: Partial<RouteContext["local"]>;
  cloud?: Partial<RouteContext["cloud"]>;
  budget?: Partial<RouteContext["budget"]>;
}

/** Trusted, both sides up, a priced cloud model, an untouched budget, a 32k local window. */
export function aContext(overrides: ContextOverrides = {}): RouteContext {
  const { local, cloud, budget, ...rest } = overrides;
  return {
    trusted: true,
    completionRoute: "local",
    cloudThreshold: 0.6,
    secretsPolicy: "redact",
    local: { available: true, model: LOCAL_MODEL, endpoint: "http://127.0.0.1:11434", contextTokens: 32_768, remote: false, ...local },
    cloud: { configured: true, available: true, model: CLOUD_MODEL, price: priceFor(CLOUD_MODEL), ...cloud },
    budget: { sessionUsd: 2, sessionSpentUsd: 0, monthlyUsd: 30, monthSpentUsd: 0, ...budget },
    ...rest,
  };
}

export function aLocalModel(overrides: Partial<LocalChatModel> = {}): LocalChatModel {
  return { model: LOCAL_MODEL, available: true, remote: false, window: 32_768, capabilities: ["completion", "tools"], ...overrides };
}

/** The stance of a workspace whose folders are public (cloud allowed) unless `private` names them. */
export function aStance(options: { private?: boolean; trusted?: boolean; cloud?: boolean; local?: Partial<LocalChatModel> } = {}): ChatStance {
  return chatStance({
    trusted: options.trusted ?? true,
    folders: [{ name: "shop", cloudAllowed: options.private !== true }],
    secretsPolicy: "redact",
    local: aLocalModel(options.local),
    cloud: { usable: options.cloud ?? true, model: CLOUD_MODEL, contextTokens: 1_000_000 },
  });
}

/** One chat request to route: a short question, no tools, a public workspace and a 32k local window. */
export function aChatRouteInput(overrides: Partial<ChatRouteInput> = {}): ChatRouteInput {
  return {
    turns: [system("You are a helpful assistant."), user("How do I sort an array in place?")],
    tools: [],
    stance: aStance(),
    namedFiles: [],
    unchecked: false,
    secrets: 0,
    local: { window: 32_768, supportsTools: true },
    maxOutputTokens: 8_192,
    ...overrides,
  };
}
