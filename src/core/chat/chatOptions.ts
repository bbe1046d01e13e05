import * as z from "zod/mini";

/**
 * The model options a chat request may carry to a model. VS Code's chat passes its own internal
 * options (names starting with `_`) along with the caller's: they describe the chat session, not
 * the model, and are never forwarded. Of the rest only the sampling options every Ollama and
 * OpenAI-compatible model understands are kept, within their documented ranges; anything else is
 * left out and named in the log.
 */

export interface ChatOptions {
  temperature?: number;
  topP?: number;
  /** The caller's cap on the answer; Junction's own cap still applies. */
  maxTokens?: number;
  stop?: string[];
}

export interface ParsedChatOptions {
  options: ChatOptions;
  /** Option names left out: internal (`_…`), unknown, or out of range. */
  ignored: string[];
}

const temperature = z.number().check(z.minimum(0), z.maximum(2));
const topP = z.number().check(z.minimum(0), z.maximum(1));
const maxTokens = z.number().check(z.int(), z.positive());
const stop = z.union([z.string(), z.array(z.string()).check(z.maxLength(4))]);

const KNOWN: Record<string, (value: unknown) => Partial<ChatOptions> | undefined> = {
  temperature: (value) => ok(temperature, value, (parsed) => ({ temperature: parsed })),
  top_p: (value) => ok(topP, value, (parsed) => ({ topP: parsed })),
  topP: (value) => ok(topP, value, (parsed) => ({ topP: parsed })),
  max_tokens: (value) => ok(maxTokens, value, (parsed) => ({ maxTokens: parsed })),
  maxTokens: (value) => ok(maxTokens, value, (parsed) => ({ maxTokens: parsed })),
  stop: (value) => ok(stop, value, (parsed) => ({ stop: (Array.isArray(parsed) ? parsed : [parsed]).filter((entry) => entry !== "") })),
};

function ok<T>(schema: z.ZodMiniType<T>, value: unknown, pick: (parsed: T) => Partial<ChatOptions>): Partial<ChatOptions> | undefined {
  const parsed = schema.safeParse(value);
  return parsed.success ? pick(parsed.data) : undefined;
}

export function parseChatOptions(modelOptions: Readonly<Record<string, unknown>> | undefined): ParsedChatOptions {
  const options: ChatOptions = {};
  const ignored: string[] = [];
  for (const [name, value] of Object.entries(modelOptions ?? {})) {
    const read = name.startsWith("_") || !Object.hasOwn(KNOWN, name) ? undefined : KNOWN[name]!(value);
    if (read) Object.assign(options, read);
    else ignored.push(name);
  }
  if (options.stop?.length === 0) delete options.stop;
  return { options, ignored };
}
