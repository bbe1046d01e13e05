import { redactSecrets } from "../privacy/secrets.ts";
import type { ChatMessage, ChatResult, OpenAiCompatibleProvider } from "../providers/openAiProvider.ts";
import { buildFimPrompt } from "./fimPrompt.ts";
import { postProcessCompletion } from "./postProcess.ts";

/** Code from another open file, already cleared by the privacy rules for this target. */
export interface ContextSnippet {
  path: string;
  text: string;
}

export interface CloudCompletionRequest {
  model: string;
  path: string;
  languageId: string;
  text: string;
  offset: number;
  snippets: readonly ContextSnippet[];
  promptTokens: number;
  maxTokens: number;
  signal: AbortSignal;
  /** The raw text streamed so far (placeholders not yet restored). */
  onProgress?: (textSoFar: string) => void;
}

export interface CloudCompletion {
  insertText: string;
  result: ChatResult;
  /** How many secret values were replaced by placeholders in what was sent. */
  redactedSecrets: number;
}

const CURSOR = "<|cursor|>";

const SYSTEM_PROMPT = [
  "You are a code completion engine inside an editor.",
  `The user sends one file with the marker ${CURSOR} where the cursor is, and sometimes related code from other files.`,
  `Reply with only the text to insert at ${CURSOR}: no explanation, no code fences, nothing that already follows the marker.`,
  "Placeholders such as <<JUNCTION_SECRET_1>> stand for values hidden from you; keep them exactly as they are.",
].join(" ");

/** The chat messages of a cloud completion: related snippets, then the file around the cursor. */
export function buildCloudCompletionMessages(request: Omit<CloudCompletionRequest, "signal" | "model" | "maxTokens">): { messages: ChatMessage[]; prefix: string; suffix: string } {
  const window = buildFimPrompt({ text: request.text, offset: request.offset, budgetTokens: request.promptTokens });
  const related = request.snippets.map((snippet) => `--- ${snippet.path} ---\n${snippet.text}`).join("\n\n");
  const user = [
    related ? `Related code from other files (read-only):\n\n${related}\n` : "",
    `File: ${request.path} (${request.languageId})`,
    `${window.prefix}${CURSOR}${window.suffix}`,
  ]
    .filter(Boolean)
    .join("\n");
  return { messages: [{ role: "system", content: SYSTEM_PROMPT }, { role: "user", content: user }], prefix: window.prefix, suffix: window.suffix };
}

/**
 * A completion from an OpenAI-compatible chat model. Secrets in everything sent are replaced by
 * placeholders first; placeholders in the answer are turned back into the user's values.
 */
export async function requestCloudCompletion(provider: OpenAiCompatibleProvider, request: CloudCompletionRequest): Promise<CloudCompletion> {
  const { messages, prefix, suffix } = buildCloudCompletionMessages(request);
  // One redaction over all the user's content, so each placeholder number means one value.
  const userContent = messages.filter((message) => message.role === "user").map((message) => message.content).join("\n");
  const redaction = redactSecrets(userContent);
  const redactedMessages = messages.map((message) => (message.role === "user" ? { ...message, content: redaction.redacted } : message));
  const result = await provider.chat({
    model: request.model,
    messages: redactedMessages,
    maxTokens: request.maxTokens,
    temperature: 0.2,
    signal: request.signal,
    onText: (textSoFar) => {
      request.onProgress?.(textSoFar);
      return true;
    },
  });
  return {
    insertText: postProcessCompletion(redaction.restore(stripCodeFence(result.text)), { prefix, suffix, languageId: request.languageId }),
    result,
    redactedSecrets: redaction.findings.length,
  };
}

/** Chat models wrap code in fences despite being told not to. */
function stripCodeFence(text: string): string {
  const fenced = /^\s*```[\w+-]*\n([\s\S]*?)\n?```\s*$/.exec(text);
  return fenced?.[1] ?? text;
}
