/**
 * A chat request as Junction handles it, free of VS Code's classes: the host turns each
 * `LanguageModelChatRequestMessage` into a ChatTurn (src/host/chat/chatParts.ts) and each event
 * of a streamed answer back into a response part. Only what a model can read survives: text,
 * tool calls and tool results. Anything else is dropped with a log line before it gets here.
 */

export type ChatRole = "system" | "user" | "assistant";

export type ChatPart =
  | { type: "text"; text: string }
  /** `input` is the tool's arguments, a JSON object. */
  | { type: "tool-call"; callId: string; name: string; input: Record<string, unknown> }
  /** A tool's output, its text parts joined. */
  | { type: "tool-result"; callId: string; text: string };

export interface ChatTurn {
  role: ChatRole;
  parts: ChatPart[];
  /** The author's name, when the caller gave one. */
  name?: string;
}

/** A tool the model may call (VS Code's `LanguageModelChatTool`). */
export interface ChatTool {
  name: string;
  description: string;
  /** A JSON schema of the tool's input. */
  inputSchema?: object;
}

export type ChatToolCall = Extract<ChatPart, { type: "tool-call" }>;

/** What a streamed answer is made of, in the order the model produced it. */
export type ChatEvent = { type: "text"; text: string } | ChatToolCall;

/**
 * VS Code's `LanguageModelChatMessageRole`: User 1 and Assistant 2 in the stable API, and System 3,
 * which chat sends for its system prompt although the stable enum does not name it yet.
 */
export const VSCODE_ROLES = { user: 1, assistant: 2, system: 3 } as const;

/** The role a VS Code message role stands for; undefined for one Junction does not know. */
export function roleOf(role: number): ChatRole | undefined {
  switch (role) {
    case VSCODE_ROLES.user:
      return "user";
    case VSCODE_ROLES.assistant:
      return "assistant";
    case VSCODE_ROLES.system:
      return "system";
    default:
      return undefined;
  }
}

/** The text of a turn's text parts, joined as they are sent. */
export function textOf(turn: ChatTurn): string {
  return turn.parts.flatMap((part) => (part.type === "text" ? [part.text] : [])).join("");
}

/** The last thing the user typed: what instruction cues are read from. */
export function lastUserText(turns: readonly ChatTurn[]): string {
  for (let i = turns.length - 1; i >= 0; i -= 1) {
    const turn = turns[i]!;
    if (turn.role === "user") {
      const text = textOf(turn);
      if (text.trim() !== "") return text;
    }
  }
  return "";
}

/** Every string a model would read in the request: texts, tool arguments (each string value) and tool results. */
export function everyText(turns: readonly ChatTurn[]): string[] {
  const texts: string[] = [];
  for (const turn of turns) {
    for (const part of turn.parts) {
      if (part.type === "tool-call") {
        texts.push(part.name);
        collectStrings(part.input, texts);
      } else texts.push(part.text);
    }
  }
  return texts;
}

/** The string leaves of a JSON value, depth-first. Bounded by the value's own size. */
export function collectStrings(value: unknown, into: string[]): void {
  const pending: unknown[] = [value];
  while (pending.length > 0) {
    const next = pending.pop();
    if (typeof next === "string") into.push(next);
    else if (Array.isArray(next)) for (let i = next.length - 1; i >= 0; i -= 1) pending.push(next[i]);
    else if (next !== null && typeof next === "object") pending.push(...Object.values(next).reverse());
  }
}

/** A copy of a JSON value with every string replaced by `map(string)`. */
export function mapStrings<T>(value: T, map: (text: string) => string): T {
  if (typeof value === "string") return map(value) as T;
  if (Array.isArray(value)) return value.map((item: unknown) => mapStrings(item, map)) as T;
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, mapStrings(item, map)])) as T;
  }
  return value;
}
