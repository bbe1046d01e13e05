import { redactSecrets } from "../privacy/secrets.ts";
import type { ChatPart, ChatTurn } from "./chatMessages.ts";
import { mapStrings } from "./chatMessages.ts";

/**
 * Secrets out of every text a cloud-bound chat request carries: message texts, every string in
 * a tool call's arguments, tool results. All of them are redacted in one pass, so one secret has
 * one placeholder throughout the conversation and two secrets never share one. The answer gets
 * the values back, streamed text and tool arguments alike, so a file an agent writes keeps the
 * user's real value instead of a placeholder.
 */

export interface RedactedChat {
  turns: ChatTurn[];
  /** Secret values replaced. */
  secrets: number;
  restore(text: string): string;
}

/** How redactSecrets writes a placeholder (src/core/privacy/secrets.ts); a unit test holds the two together. */
export const PLACEHOLDER_PREFIX = "<<JUNCTION_SECRET_";
/** A placeholder's number has at most this many digits before its `>>`. */
const MAX_PLACEHOLDER_DIGITS = 12;
const MAX_SEPARATOR_TRIES = 1_000;

export function redactChat(turns: readonly ChatTurn[], known: readonly string[]): RedactedChat {
  const texts: string[] = [];
  for (const turn of turns) for (const part of turn.parts) mapPart(part, (text) => (texts.push(text), text));
  const separator = separatorFor(texts);
  const redaction = redactSecrets(texts.join(separator), { known });
  if (redaction.findings.length === 0) return { turns: [...turns], secrets: 0, restore: (text) => text };
  const pieces = redaction.redacted.split(separator);
  if (pieces.length !== texts.length) throw new Error("redaction joined two chat texts");
  let next = 0;
  const take = () => pieces[next++] ?? "";
  const redacted = turns.map((turn) => ({ ...turn, parts: turn.parts.map((part) => mapPart(part, take)) }));
  return { turns: redacted, secrets: redaction.findings.length, restore: redaction.restore };
}

/** A copy of the part with each of its texts replaced, in a fixed order (text, then argument strings). */
function mapPart(part: ChatPart, map: (text: string) => string): ChatPart {
  switch (part.type) {
    case "text":
      return { ...part, text: map(part.text) };
    case "tool-result":
      return { ...part, text: map(part.text) };
    case "tool-call":
      return { ...part, input: mapStrings(part.input, map) };
  }
}

/**
 * A NUL between newlines: no secret rule matches across it. A text that holds it already gets a
 * numbered one it does not hold.
 */
function separatorFor(texts: readonly string[]): string {
  for (let n = 0; n < MAX_SEPARATOR_TRIES; n += 1) {
    const separator = n === 0 ? "\n\u0000\n" : `\n\u0000${n}\u0000\n`;
    if (!texts.some((text) => text.includes(separator))) return separator;
  }
  throw new Error("no separator fits these chat texts");
}

/**
 * Restores placeholders in a streamed answer. A placeholder may be cut between two pieces
 * (`<<JUNCTION_SEC` … `RET_1>>`): the tail that could still become one is held back until the
 * next piece settles it, or the stream ends.
 */
export class StreamRestorer {
  readonly #restore: (text: string) => string;
  #held = "";

  constructor(restore: (text: string) => string) {
    this.#restore = restore;
  }

  push(piece: string): string {
    const text = this.#held + piece;
    const cut = partialPlaceholderStart(text);
    this.#held = text.slice(cut);
    return this.#restore(text.slice(0, cut));
  }

  /** What is still held at the end of the stream: it never became a placeholder. */
  flush(): string {
    const rest = this.#held;
    this.#held = "";
    return this.#restore(rest);
  }
}

/** Where a tail that may still grow into a placeholder starts; the text's length when there is none. */
export function partialPlaceholderStart(text: string): number {
  const longest = PLACEHOLDER_PREFIX.length + MAX_PLACEHOLDER_DIGITS + 2;
  for (let start = Math.max(0, text.length - longest); start < text.length; start += 1) {
    if (text.charCodeAt(start) === 60 /* < */ && couldBecomePlaceholder(text.slice(start))) return start;
  }
  return text.length;
}

function couldBecomePlaceholder(tail: string): boolean {
  if (tail.length <= PLACEHOLDER_PREFIX.length) return PLACEHOLDER_PREFIX.startsWith(tail);
  return tail.startsWith(PLACEHOLDER_PREFIX) && /^\d*>?$/.test(tail.slice(PLACEHOLDER_PREFIX.length));
}
