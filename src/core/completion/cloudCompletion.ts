import { redactSecrets } from "../privacy/secrets.ts";
import type { Redaction } from "../privacy/secrets.ts";
import { cutSnippet } from "./snippets.ts";
import type { CloudModelProvider } from "../providers/providerTypes.ts";
import type { ChatMessage, ChatResult } from "../providers/providerTypes.ts";
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
  /** The whole document: secrets are found in it before the window is cut. */
  text: string;
  offset: number;
  /** Other open files cleared for the cloud, whole: each is redacted, then cut to a snippet. */
  snippets: readonly ContextSnippet[];
  /** Secret values seen elsewhere in this window, replaced wherever they appear. */
  knownSecrets?: readonly string[];
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
export function buildCloudCompletionMessages(request: Omit<CloudCompletionRequest, "signal" | "model" | "maxTokens">): {
  messages: ChatMessage[];
  prefix: string;
  suffix: string;
} {
  const window = buildFimPrompt({ text: request.text, offset: request.offset, budgetTokens: request.promptTokens });
  const related = request.snippets.map((snippet) => `--- ${snippet.path} ---\n${snippet.text}`).join("\n\n");
  const user = [
    related ? `Related code from other files (read-only):\n\n${related}\n` : "",
    `File: ${request.path} (${request.languageId})`,
    `${window.prefix}${CURSOR}${window.suffix}`,
  ]
    .filter(Boolean)
    .join("\n");
  return {
    messages: [
      { role: "system", content: SYSTEM_PROMPT },
      { role: "user", content: user },
    ],
    prefix: window.prefix,
    suffix: window.suffix,
  };
}

/**
 * Redacts the document and every snippet source whole, in one pass (so one placeholder means one
 * value everywhere), and only then cuts the window and the snippets from the redacted texts: a
 * secret is never cut in two before it is recognised. undefined when the cursor is inside a
 * secret, where nothing can be sent.
 */
export function redactBeforeCutting(
  request: Pick<CloudCompletionRequest, "text" | "offset" | "snippets" | "knownSecrets">,
): { text: string; offset: number; snippets: ContextSnippet[]; redaction: Redaction } | undefined {
  // NUL between newlines: no secret rule matches across it, so the parts split apart again.
  const separator = "\n\u0000\n";
  const sources = [request.text, ...request.snippets.map((snippet) => snippet.text)];
  const redaction = redactSecrets(sources.join(separator), request.knownSecrets ? { known: request.knownSecrets } : {});
  const parts = redaction.redacted.split(separator);
  if (parts.length !== sources.length) return undefined;
  let offset = request.offset;
  let shift = 0;
  for (const finding of redaction.findings) {
    if (finding.start >= request.offset) break;
    if (finding.end > request.offset) return undefined;
    const placeholderLength = redaction.redacted.indexOf(">>", finding.start + shift) + 2 - (finding.start + shift);
    shift += placeholderLength - (finding.end - finding.start);
  }
  offset += shift;
  return {
    text: parts[0] ?? "",
    offset,
    snippets: request.snippets.map((snippet, index) => ({ path: snippet.path, text: cutSnippet(parts[index + 1] ?? "") })),
    redaction,
  };
}

/**
 * A completion from an OpenAI-compatible chat model. Secrets in everything sent are replaced by
 * placeholders first, on whole texts; placeholders in the answer are turned back into the user's values.
 */
export async function requestCloudCompletion(provider: CloudModelProvider, request: CloudCompletionRequest): Promise<CloudCompletion> {
  const redacted = redactBeforeCutting(request);
  if (!redacted)
    return {
      insertText: "",
      result: { text: "", model: request.model, usage: { inputTokens: 0, outputTokens: 0, estimated: true }, latencyMs: 0, finishReason: undefined },
      redactedSecrets: 0,
    };
  const { messages, prefix, suffix } = buildCloudCompletionMessages({ ...request, text: redacted.text, offset: redacted.offset, snippets: redacted.snippets });
  const result = await provider.chat({
    model: request.model,
    messages,
    maxTokens: request.maxTokens,
    temperature: 0.2,
    signal: request.signal,
    onText: (textSoFar) => {
      request.onProgress?.(textSoFar);
      return true;
    },
  });
  // Judged against the redacted windows it was written for, then given the user's values back.
  const cleaned = postProcessCompletion(stripCodeFence(result.text), { prefix, suffix, languageId: request.languageId });
  return { insertText: redacted.redaction.restore(cleaned), result, redactedSecrets: redacted.redaction.findings.length };
}

/** Chat models wrap code in fences despite being told not to. */
function stripCodeFence(text: string): string {
  const fenced = /^\s*```[\w+-]*\n([\s\S]*?)\n?```\s*$/.exec(text);
  return fenced?.[1] ?? text;
}
