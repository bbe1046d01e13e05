import type { ChatCompletionFunctionTool, ChatCompletionMessageParam } from "openai/resources/chat/completions/completions";
import type { ChatTool, ChatToolCall, ChatTurn } from "./chatMessages.ts";
import { textOf } from "./chatMessages.ts";

/**
 * A chat request in the two wire formats Junction speaks, and tool calls read back from each.
 * - Ollama `/api/chat` (github.com/ollama/ollama api/types.go Message, ToolCall): a tool call's
 *   `arguments` is a JSON object; a tool's answer is a `tool` message with `tool_name` and
 *   `tool_call_id`; streamed tool calls arrive whole, one chunk each, with an `id` from Ollama
 *   0.12 on (server/routes.go toolCallId) and none before.
 * - OpenAI `chat.completions` (platform.openai.com/docs/guides/function-calling): `arguments` is a
 *   JSON string; a tool's answer is a `tool` message with `tool_call_id`, and every call of an
 *   assistant message must be answered before the next message, or the API answers 400.
 * VS Code puts tool results in a User message after the Assistant message that called them; both
 * APIs want them as `tool` messages right after that call, before any user text.
 */

export interface OllamaWireMessage {
  role: "system" | "user" | "assistant" | "tool";
  content: string;
  tool_calls?: Array<{ id?: string; function: { name: string; arguments: Record<string, unknown> } }>;
  tool_name?: string;
  tool_call_id?: string;
}

export interface OllamaWireTool {
  type: "function";
  function: { name: string; description: string; parameters: object };
}

/** What a conversion left out or repaired, for the log (never the content). */
export interface WireNotes {
  notes: string[];
}

const EMPTY_SCHEMA = { type: "object", properties: {} } as const;
/** OpenAI's pattern for a message author's `name`. */
const OPENAI_NAME = /^[A-Za-z0-9_-]{1,64}$/;
/** What a call that never got its result is answered with, so the conversation stays valid. */
export const MISSING_RESULT_TEXT = "No result was returned for this tool call.";

export function toOllamaMessages(turns: readonly ChatTurn[]): OllamaWireMessage[] {
  const toolNames = new Map<string, string>();
  const messages: OllamaWireMessage[] = [];
  for (const turn of turns) {
    if (turn.role === "assistant") {
      const calls = turn.parts.flatMap((part) => (part.type === "tool-call" ? [part] : []));
      for (const call of calls) toolNames.set(call.callId, call.name);
      const content = textOf(turn);
      if (content === "" && calls.length === 0) continue;
      messages.push({
        role: "assistant",
        content,
        ...(calls.length > 0 ? { tool_calls: calls.map((call) => ({ id: call.callId, function: { name: call.name, arguments: call.input } })) } : {}),
      });
      continue;
    }
    for (const part of turn.parts) {
      if (part.type !== "tool-result") continue;
      const name = toolNames.get(part.callId);
      messages.push({ role: "tool", content: part.text, tool_call_id: part.callId, ...(name ? { tool_name: name } : {}) });
    }
    const content = textOf(turn);
    if (content !== "") messages.push({ role: turn.role, content });
  }
  return messages;
}

export function toOllamaTools(tools: readonly ChatTool[]): OllamaWireTool[] {
  return tools.map((tool) => ({
    type: "function",
    function: { name: tool.name, description: tool.description, parameters: tool.inputSchema ?? EMPTY_SCHEMA },
  }));
}

/**
 * OpenAI's messages. A conversation VS Code shortened can hold a tool result whose call is gone,
 * or a call whose result never came (a cancelled turn): both would be refused, so an orphan result
 * becomes user text naming its call, and an unanswered call gets MISSING_RESULT_TEXT.
 */
export function toOpenAiMessages(turns: readonly ChatTurn[], notes?: WireNotes): ChatCompletionMessageParam[] {
  const messages: ChatCompletionMessageParam[] = [];
  let open: Set<string> = new Set();
  const closeOpenCalls = () => {
    for (const callId of open) {
      messages.push({ role: "tool", tool_call_id: callId, content: MISSING_RESULT_TEXT });
      notes?.notes.push(`tool call ${callId} had no result; answered with a placeholder`);
    }
    open = new Set();
  };
  for (const turn of turns) {
    if (turn.role === "assistant") {
      closeOpenCalls();
      const calls = turn.parts.flatMap((part) => (part.type === "tool-call" ? [part] : []));
      const content = textOf(turn);
      if (content === "" && calls.length === 0) continue;
      messages.push({
        role: "assistant",
        content: content === "" && calls.length > 0 ? null : content,
        ...(calls.length > 0
          ? {
              tool_calls: calls.map((call) => ({
                id: call.callId,
                type: "function" as const,
                function: { name: call.name, arguments: JSON.stringify(call.input) },
              })),
            }
          : {}),
      });
      open = new Set(calls.map((call) => call.callId));
      continue;
    }
    const orphans: string[] = [];
    for (const part of turn.parts) {
      if (part.type !== "tool-result") continue;
      if (open.delete(part.callId)) messages.push({ role: "tool", tool_call_id: part.callId, content: part.text });
      else {
        orphans.push(`[Result of tool call ${part.callId}]\n${part.text}`);
        notes?.notes.push(`tool result ${part.callId} had no call before it; sent as user text`);
      }
    }
    closeOpenCalls();
    const content = [...orphans, textOf(turn)].filter((text) => text !== "").join("\n\n");
    if (content === "") continue;
    if (turn.role === "system") messages.push({ role: "system", content });
    else messages.push({ role: "user", content, ...(turn.name && OPENAI_NAME.test(turn.name) ? { name: turn.name } : {}) });
  }
  closeOpenCalls();
  return messages;
}

export function toOpenAiTools(tools: readonly ChatTool[]): ChatCompletionFunctionTool[] {
  return tools.map((tool) => ({
    type: "function",
    function: { name: tool.name, description: tool.description, parameters: (tool.inputSchema ?? EMPTY_SCHEMA) as Record<string, unknown> },
  }));
}

/** A tool call's arguments that are not a JSON object; the provider reports it as a bad answer. */
export class ToolArgumentsError extends Error {
  override readonly name = "ToolArgumentsError";
  readonly kind = "bad-tool-arguments" as const;

  readonly toolName: string;

  constructor(toolName: string) {
    super(`the model called ${toolName} with arguments that are not a JSON object`);
    this.toolName = toolName;
  }
}

/** Ollama's tool calls of one chunk as events; a call without an id (Ollama before 0.12) gets one. */
export function ollamaToolCallEvents(
  calls: ReadonlyArray<{ id?: unknown; function?: { name?: unknown; arguments?: unknown } }>,
  newId: () => string,
): ChatToolCall[] {
  return calls.map((call) => {
    const name = typeof call.function?.name === "string" ? call.function.name : "";
    const input = call.function?.arguments ?? {};
    if (typeof input !== "object" || input === null || Array.isArray(input)) throw new ToolArgumentsError(name);
    return { type: "tool-call", callId: typeof call.id === "string" && call.id !== "" ? call.id : newId(), name, input: input as Record<string, unknown> };
  });
}

interface PendingCall {
  id: string;
  name: string;
  arguments: string;
}

/**
 * OpenAI streams a tool call in pieces (platform.openai.com/docs/guides/function-calling,
 * "Streaming"): the first delta of an `index` carries its `id` and `function.name`, later ones
 * only more of `function.arguments`. The calls are complete when the stream finishes.
 */
export class OpenAiToolCallAssembler {
  readonly #calls = new Map<number, PendingCall>();
  readonly #newId: () => string;

  constructor(newId: () => string) {
    this.#newId = newId;
  }

  add(deltas: ReadonlyArray<{ index: number; id?: string | null; function?: { name?: string | null; arguments?: string | null } | null }>): void {
    for (const delta of deltas) {
      const call = this.#calls.get(delta.index) ?? { id: "", name: "", arguments: "" };
      if (delta.id) call.id = delta.id;
      if (delta.function?.name) call.name += delta.function.name;
      if (delta.function?.arguments) call.arguments += delta.function.arguments;
      this.#calls.set(delta.index, call);
    }
  }

  get pending(): boolean {
    return this.#calls.size > 0;
  }

  /** The calls received, in index order; throws ToolArgumentsError for arguments that are not a JSON object. */
  finish(): ChatToolCall[] {
    const events: ChatToolCall[] = [];
    for (const [, call] of [...this.#calls].sort(([a], [b]) => a - b)) {
      let input: unknown = {};
      if (call.arguments.trim() !== "") {
        try {
          input = JSON.parse(call.arguments);
        } catch {
          throw new ToolArgumentsError(call.name);
        }
      }
      if (typeof input !== "object" || input === null || Array.isArray(input)) throw new ToolArgumentsError(call.name);
      events.push({ type: "tool-call", callId: call.id || this.#newId(), name: call.name, input: input as Record<string, unknown> });
    }
    this.#calls.clear();
    return events;
  }
}
