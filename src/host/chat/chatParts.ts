import * as vscode from "vscode";
import { chatRoleOf } from "../../core/index.ts";
import type { ChatEvent, ChatPart, ChatTool, ChatTurn, Logger } from "../../core/index.ts";

/**
 * VS Code's chat messages to Junction's ChatTurns and the answer's events back to response parts.
 * Text, tool calls and tool results cross; data parts are read when they hold text (a text or
 * JSON mime type), and everything else — images, cache markers, thinking, parts of newer VS Code
 * versions — is dropped with a log line naming only its kind.
 */

/** A part VS Code 1.104's types do not name yet (LanguageModelDataPart, from 1.105 on). */
interface DataPartLike {
  mimeType: string;
  data: Uint8Array;
}

/** `logger`: where what was left out is noted; token counting passes none. */
export function toChatTurns(messages: readonly vscode.LanguageModelChatRequestMessage[], logger?: Logger): ChatTurn[] {
  const dropped = new Map<string, number>();
  const drop = (what: string) => dropped.set(what, (dropped.get(what) ?? 0) + 1);
  const turns = messages.map((message): ChatTurn => {
    const role = chatRoleOf(message.role);
    if (role === undefined) drop(`message role ${String(message.role)} (sent as user)`);
    const parts = message.content.flatMap((part) => toChatPart(part, drop));
    return { role: role ?? "user", parts, ...(message.name ? { name: message.name } : {}) };
  });
  if (logger && dropped.size > 0) logger.debug(`Chat request: left out ${[...dropped].map(([what, count]) => `${count} × ${what}`).join(", ")}`);
  return turns;
}

function toChatPart(part: unknown, drop: (what: string) => void): ChatPart[] {
  if (part instanceof vscode.LanguageModelTextPart) return [{ type: "text", text: part.value }];
  if (part instanceof vscode.LanguageModelToolCallPart) return [{ type: "tool-call", callId: part.callId, name: part.name, input: asObject(part.input) }];
  if (part instanceof vscode.LanguageModelToolResultPart) return [{ type: "tool-result", callId: part.callId, text: resultText(part.content, drop) }];
  const data = dataText(part);
  if (data !== undefined) return data === null ? (drop(`data part (${(part as DataPartLike).mimeType})`), []) : [{ type: "text", text: data }];
  drop(kindOf(part));
  return [];
}

/** A tool result's content: text parts, prompt-tsx parts (their text pieces) and text data parts. */
function resultText(content: readonly unknown[], drop: (what: string) => void): string {
  const texts: string[] = [];
  for (const item of content) {
    if (item instanceof vscode.LanguageModelTextPart) texts.push(item.value);
    else if (item instanceof vscode.LanguageModelPromptTsxPart) texts.push(promptTsxText(item.value));
    else {
      const data = dataText(item);
      if (typeof data === "string") texts.push(data);
      else drop(`tool result ${data === null ? `data part (${(item as DataPartLike).mimeType})` : kindOf(item)}`);
    }
  }
  return texts.join("");
}

/** The text of a data part; null for a data part that is not text; undefined for anything else. */
function dataText(part: unknown): string | null | undefined {
  if (typeof part !== "object" || part === null) return undefined;
  const { mimeType, data } = part as Partial<DataPartLike>;
  if (typeof mimeType !== "string" || !(data instanceof Uint8Array)) return undefined;
  if (!/^text\/|^application\/(?:[\w.+-]+\+)?json\b/i.test(mimeType)) return null;
  return new TextDecoder().decode(data);
}

/** @vscode/prompt-tsx's JSON: text lives in `text` fields of nested nodes. */
function promptTsxText(value: unknown): string {
  const texts: string[] = [];
  const pending: unknown[] = [value];
  while (pending.length > 0) {
    const node = pending.pop();
    if (Array.isArray(node)) for (let i = node.length - 1; i >= 0; i -= 1) pending.push(node[i]);
    else if (node !== null && typeof node === "object") {
      const { text, ...rest } = node as Record<string, unknown>;
      if (typeof text === "string") texts.push(text);
      pending.push(...Object.values(rest).reverse());
    }
  }
  return texts.join("");
}

function asObject(input: unknown): Record<string, unknown> {
  return typeof input === "object" && input !== null && !Array.isArray(input) ? (input as Record<string, unknown>) : {};
}

function kindOf(part: unknown): string {
  if (typeof part !== "object" || part === null) return typeof part;
  return part.constructor?.name && part.constructor.name !== "Object" ? part.constructor.name : "unknown part";
}

export function toChatTools(tools: readonly vscode.LanguageModelChatTool[] | undefined): ChatTool[] {
  return (tools ?? []).map((tool) => ({ name: tool.name, description: tool.description, ...(tool.inputSchema ? { inputSchema: tool.inputSchema } : {}) }));
}

export function toResponsePart(event: ChatEvent): vscode.LanguageModelResponsePart {
  return event.type === "text" ? new vscode.LanguageModelTextPart(event.text) : new vscode.LanguageModelToolCallPart(event.callId, event.name, event.input);
}
