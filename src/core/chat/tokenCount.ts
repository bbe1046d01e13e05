import type { ChatTool, ChatTurn } from "./chatMessages.ts";

/**
 * Token counts for VS Code's chat, computed on this machine with no tokenizer and no request.
 * Chat calls `provideTokenCount` thousands of times a turn (every piece of an agent prompt it
 * lays out), so a count must cost microseconds; the exact tokenizer of whichever model the router
 * picks later is not known at that point anyway. The estimate follows how byte-pair tokenizers
 * split code and prose, and errs high: VS Code sizes prompts with it, and Junction's own check of
 * whether a request fits the local model's window uses the same numbers.
 *
 * - a run of ASCII letters, digits and `_` costs one token per four characters (`getUserName`
 *   is three or four pieces in real vocabularies, `the` one);
 * - a run of punctuation one per two characters (`);`, `=>`, `{}` are often single tokens);
 * - a single space is free (it joins the next word), longer runs of spaces or tabs one per four,
 *   every line break one;
 * - any other character (accented letters, CJK, emoji halves) one each.
 */

/** What a chat template adds around each message (role markers, separators). */
export const MESSAGE_OVERHEAD_TOKENS = 4;
/** What a tool's framing adds around its name, description and schema. */
export const TOOL_OVERHEAD_TOKENS = 8;

const WORD = 1;
const PUNCTUATION = 2;
const SPACE = 3;
const LINE_BREAK = 4;
const OTHER = 5;

/** Character classes of the ASCII range, looked up once per character. */
const CLASS = new Uint8Array(128);
for (let code = 0; code < 128; code += 1) {
  const isWord = (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 95;
  CLASS[code] = isWord ? WORD : code === 32 || code === 9 ? SPACE : code === 10 || code === 13 ? LINE_BREAK : PUNCTUATION;
}

export function countTokens(text: string): number {
  let tokens = 0;
  let runClass = 0;
  let runLength = 0;
  for (let i = 0; i < text.length; i += 1) {
    const code = text.charCodeAt(i);
    const kind = code < 128 ? CLASS[code]! : OTHER;
    // Words, punctuation and spaces are counted per run; line breaks and other characters one each.
    if (kind === runClass && kind <= SPACE) {
      runLength += 1;
      continue;
    }
    tokens += runTokens(runClass, runLength);
    runClass = kind;
    runLength = 1;
    // "\r\n" is one line break.
    if (kind === LINE_BREAK && !(code === 10 && i > 0 && text.charCodeAt(i - 1) === 13)) tokens += 1;
    else if (kind === OTHER) tokens += 1;
  }
  return tokens + runTokens(runClass, runLength);
}

function runTokens(runClass: number, length: number): number {
  if (runClass === WORD) return (length + 3) >> 2;
  if (runClass === PUNCTUATION) return (length + 1) >> 1;
  if (runClass === SPACE && length > 1) return (length + 3) >> 2;
  return 0;
}

/** A message as a model receives it: its texts, tool calls (name and arguments) and tool results. */
export function countTurnTokens(turn: ChatTurn): number {
  let tokens = MESSAGE_OVERHEAD_TOKENS;
  for (const part of turn.parts) {
    if (part.type === "text") tokens += countTokens(part.text);
    else if (part.type === "tool-call") tokens += countTokens(part.name) + countTokens(JSON.stringify(part.input) ?? "") + MESSAGE_OVERHEAD_TOKENS;
    else tokens += countTokens(part.text) + MESSAGE_OVERHEAD_TOKENS;
  }
  return tokens;
}

/** Tools are sent with every request: their names, descriptions and schemas count against the window. */
export function countToolTokens(tools: readonly ChatTool[]): number {
  let tokens = 0;
  for (const tool of tools)
    tokens += TOOL_OVERHEAD_TOKENS + countTokens(tool.name) + countTokens(tool.description) + countTokens(JSON.stringify(tool.inputSchema ?? {}));
  return tokens;
}

/** The whole prompt of a request: every message and every tool. */
export function countRequestTokens(turns: readonly ChatTurn[], tools: readonly ChatTool[]): number {
  let tokens = countToolTokens(tools);
  for (const turn of turns) tokens += countTurnTokens(turn);
  return tokens;
}
