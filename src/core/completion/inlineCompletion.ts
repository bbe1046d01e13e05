import { ProviderError } from "../errors.ts";
import type { CompletionResult } from "../providers/providerTypes.ts";
import type { LocalModelProvider } from "../providers/providerTypes.ts";
import { completionMode, createStopPredicate } from "./completionMode.ts";
import type { CompletionMode } from "./completionMode.ts";
import { buildFimPrompt } from "./fimPrompt.ts";
import type { PromptSnippet } from "./fimPrompt.ts";
import { FIM_TEMPLATES, detectFimFamily } from "./fimTemplates.ts";
import type { FimFamily } from "./fimTemplates.ts";
import { postProcessCompletion } from "./postProcess.ts";
import { planCompletion } from "../models/localContext.ts";

export interface InlineCompletionRequest {
  text: string;
  offset: number;
  model: string;
  /** The most the prompt may use (`junction.completion.promptTokens`); less when the model's window is smaller. */
  promptTokens: number;
  maxTokens: number;
  signal: AbortSignal;
  /** The edited file's workspace-relative path, written as a comment above its code. */
  filePath?: string;
  languageId?: string;
  /** Other open files of the same language, most recently used first, already cleared for the local model. */
  snippets?: readonly PromptSnippet[];
  /** The document's line ending; by default the one its text uses. */
  lineEnding?: "\n" | "\r\n";
  /** The raw text streamed so far, for a host that lets the user type through a running request. */
  onProgress?: (textSoFar: string) => void;
}

export interface InlineCompletion {
  /** The text to insert at the cursor; "" when the model had nothing useful. */
  insertText: string;
  result: CompletionResult;
  /** "suffix": Ollama's own FIM template (the model has "insert"); "raw": Junction wrote the family's FIM tokens. */
  prompting: "suffix" | "raw";
  family: FimFamily | undefined;
  /** Whether the model was allowed a block or only the rest of the line. */
  mode: CompletionMode;
}

const TEMPERATURE = 0.2;

/**
 * Asks the local model to fill in the middle at the cursor. A model with Ollama's "insert"
 * capability gets the code after the cursor as `suffix`; a model without it whose family is
 * known gets a raw prompt in its own FIM format. Refuses before sending anything when the model
 * is proxied to a remote service, or can do neither.
 */
export async function requestInlineCompletion(provider: LocalModelProvider, request: InlineCompletionRequest): Promise<InlineCompletion> {
  const info = await provider.modelInfo(request.model);
  const base = { side: "local" as const, endpoint: provider.endpoint, model: request.model };
  if (info.isRemote) {
    throw new ProviderError({ ...base, kind: "model-is-remote", problem: { code: "model-is-remote", model: request.model } });
  }
  const family = detectFimFamily(request.model);
  if (!info.supportsInsert && family === undefined) {
    throw new ProviderError({ ...base, kind: "model-lacks-insert", problem: { code: "model-lacks-insert", model: request.model } });
  }
  const prompting = info.supportsInsert ? "suffix" : "raw";
  const template = family !== undefined ? FIM_TEMPLATES[family] : undefined;
  // The model's one window decides how much may be sent, never the other way round.
  const window = await provider.contextWindow(request.model);
  const plan = planCompletion(window, request.promptTokens, request.maxTokens);

  const prompt = buildFimPrompt({
    text: request.text,
    offset: request.offset,
    budgetTokens: plan.promptTokens,
    filePath: request.filePath,
    languageId: request.languageId,
    snippets: request.snippets,
  });
  const cursor = { prefix: prompt.window, suffix: prompt.suffix, languageId: request.languageId };
  const mode = completionMode(cursor);
  const stopAt = createStopPredicate(mode, cursor);
  let cut: number | undefined;

  const result = await provider.generateFim({
    model: request.model,
    prefix: prompting === "raw" && template ? template.build(prompt.prefix, prompt.suffix) : prompt.prefix,
    suffix: prompting === "raw" ? "" : prompt.suffix,
    raw: prompting === "raw",
    maxTokens: plan.maxTokens,
    contextTokens: window,
    temperature: TEMPERATURE,
    stop: [...(template?.stop ?? [])],
    signal: request.signal,
    onText: (textSoFar) => {
      request.onProgress?.(textSoFar);
      cut = stopAt(textSoFar);
      return cut === undefined;
    },
  });
  // The stream's last line is complete once it has ended: judge it as if a newline followed.
  cut ??= stopAt(`${result.text}\n`);
  const answer = cut !== undefined ? result.text.slice(0, cut) : result.text;
  const lineEnding = request.lineEnding ?? (request.text.includes("\r\n") ? "\r\n" : "\n");
  return {
    insertText: postProcessCompletion(answer, { ...cursor, lineEnding }),
    result,
    prompting,
    family,
    mode,
  };
}
