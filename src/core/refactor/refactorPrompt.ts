import { redactSecrets } from "../privacy/secrets.ts";
import { estimateTokens } from "../tokens.ts";
import type { ChatMessage } from "../providers/providerTypes.ts";
import { EDIT_FORMAT_INSTRUCTIONS } from "./editFormat.ts";

/**
 * The chat messages of a refactor request (DESIGN §1): a system prompt with Junction's edit
 * format, and one user message with the files, the selection, and the task last (models follow
 * an instruction best when it comes after the material it is about).
 *
 * The selection is quoted separately with its line numbers instead of being marked inside the
 * file: markers inside the text tend to get copied into SEARCH texts, which then match nothing.
 */

export interface RefactorFile {
  /** Request path (see `workspaceRelativePath`); the model writes it back in `<<<FILE` headers. */
  path: string;
  text: string;
  /** Offsets into `text`; an empty selection counts as none. */
  selection?: { start: number; end: number };
}

export interface RefactorPromptInput {
  instruction: string;
  files: readonly RefactorFile[];
  /** Editor language of the file with the selection (or of the only file), e.g. `typescript`. */
  languageId?: string;
}

export type QuickRefactorId = "extract-function" | "add-types" | "add-docs" | "simplify" | "convert-async-await" | "rename-symbol" | "add-error-handling";

export interface QuickRefactor {
  id: QuickRefactorId;
  /** Quick-pick label. */
  label: string;
  /** Quick-pick description line. */
  detail: string;
  /** The task as the model reads it. */
  instruction: string;
}

export const QUICK_REFACTORS: readonly QuickRefactor[] = [
  {
    id: "extract-function",
    label: "Extract Function",
    detail: "Move the selected code into a well-named function and call it",
    instruction:
      "Extract the selected code into a new, well-named function (a method if it belongs to a class), placed next to the code it came from. Pass what it reads as parameters, return what the code after it uses, and replace the selection with a call. Behaviour must stay identical, including errors thrown and the order of side effects.",
  },
  {
    id: "add-types",
    label: "Add Types",
    detail: "Annotate parameters, return values and unclear variables",
    instruction:
      "Add precise types to the selected code: parameters, return types, and variables whose type is not obvious from their initialiser. Use the language's own way of writing types (TypeScript annotations, JSDoc in JavaScript, type hints in Python). Prefer the project's existing types and narrow types; never use `any` where `unknown` or a real type fits. Do not change behaviour.",
  },
  {
    id: "add-docs",
    label: "Add Documentation Comments",
    detail: "Document functions, classes and exported members",
    instruction:
      "Add documentation comments in the language's conventional style (TSDoc/JSDoc, Python docstrings, …) to the functions, classes and exported members in the selected code: what each does, its parameters, its return value, the errors it throws, and why where that is not obvious. Do not restate the code. Keep existing comments and change no code.",
  },
  {
    id: "simplify",
    label: "Simplify",
    detail: "Same behaviour, less code and less nesting",
    instruction:
      "Simplify the selected code without changing its behaviour: remove duplication and dead code, flatten needless nesting with early returns, and use clearer built-in constructs. Keep public names and signatures as they are.",
  },
  {
    id: "convert-async-await",
    label: "Convert to async/await",
    detail: "Replace promise chains and callbacks with async/await",
    instruction:
      "Convert promise chains (.then/.catch/.finally) and callback-style asynchronous code in the selected code to async/await. Keep error handling equivalent (a .catch becomes try/catch), keep the order of operations, run operations concurrently only where they already were, and mark changed functions async. If a function's signature changes, update its callers in the files given.",
  },
  {
    id: "rename-symbol",
    label: "Rename Symbol Meaningfully",
    detail: "Give the selected identifier a name that says what it is",
    instruction:
      "Rename the identifier at the selection (or, if the selection holds several poorly named ones, each of them) to a name that says what it holds or does, following the code's naming conventions. Update every use in the files given, including comments that mention it, and change nothing else.",
  },
  {
    id: "add-error-handling",
    label: "Add Error Handling",
    detail: "Handle failures of I/O, parsing and network calls",
    instruction:
      "Add error handling to the selected code: validate inputs where bad values would cause confusing failures, handle failures of I/O, parsing and network calls where they can be handled meaningfully, and otherwise let errors propagate with useful context. Never swallow errors silently, do not change behaviour for valid inputs, and follow the error-handling style the file already uses.",
  },
];

const SYSTEM_PROMPT = [
  "You are a careful refactoring engine inside a code editor.",
  "Change the code exactly as the task asks and nothing more: keep behaviour unless the task says otherwise, and keep the code's style, naming, formatting and comments.",
  "Edit only the files you are given. When a selection is given, change the selected code, and code outside it only where the task requires (a call site, an import, a new helper next to it).",
  "",
  EDIT_FORMAT_INSTRUCTIONS,
].join("\n");

export function buildRefactorMessages(input: RefactorPromptInput): ChatMessage[] {
  if (input.files.length === 0) throw new RangeError("a refactor request needs at least one file");
  const parts: string[] = [input.files.length === 1 ? "The file:" : "The files:"];
  const selections: string[] = [];
  for (const file of input.files) {
    const language = fenceLanguage(file, input);
    parts.push(`File: ${file.path}\n${fenced(file.text, language)}`);
    const selection = selectionOf(file);
    if (selection !== undefined) {
      const lines = selection.firstLine === selection.lastLine ? `line ${selection.firstLine}` : `lines ${selection.firstLine}–${selection.lastLine}`;
      selections.push(`The selection in ${file.path} (${lines}), the code to refactor:\n${fenced(selection.text, language)}`);
    }
  }
  parts.push(...selections, `Task: ${input.instruction.trim()}`);
  return [
    { role: "system", content: SYSTEM_PROMPT },
    { role: "user", content: parts.join("\n\n") },
  ];
}

/** Roughly what a chat API counts per message on top of its content. */
const MESSAGE_OVERHEAD_TOKENS = 4;
const MIN_OUTPUT_TOKENS = 512;
const MAX_OUTPUT_TOKENS = 16_384;

/**
 * Tokens for routing and the worst-case cost (DESIGN §3). The output bound assumes the answer
 * quotes the edited code once as SEARCH text and once, grown by up to half, as the replacement.
 */
export function estimateRefactorTokens(
  input: RefactorPromptInput,
  messages: readonly ChatMessage[] = buildRefactorMessages(input),
): { inputTokens: number; selectionTokens: number; maxOutputTokens: number } {
  const inputTokens = messages.reduce((sum, message) => sum + estimateTokens(message.content) + MESSAGE_OVERHEAD_TOKENS, 0);
  let selectionTokens = 0;
  let editedTokens = 0;
  for (const file of input.files) {
    const selection = selectionOf(file);
    if (selection !== undefined) selectionTokens += estimateTokens(selection.text);
    editedTokens += estimateTokens(selection?.text ?? file.text);
  }
  const maxOutputTokens = Math.min(MAX_OUTPUT_TOKENS, Math.max(MIN_OUTPUT_TOKENS, Math.ceil(editedTokens * 2.5) + 256));
  return { inputTokens, selectionTokens, maxOutputTokens };
}

/**
 * Secrets in the user's content replaced by placeholders for a cloud request (DESIGN §2), with
 * one numbering across all of it so that `restore` (for `planEdits`) maps every placeholder in
 * the answer back to its one value. The system prompt holds no user content and is left alone.
 */
export function redactRefactorMessages(
  messages: readonly ChatMessage[],
  known: readonly string[] = [],
): { messages: ChatMessage[]; restore: (text: string) => string; redactedSecrets: number } {
  const userIndexes = messages.flatMap((message, index) => (message.role === "system" ? [] : [index]));
  // NUL between newlines: no secret rule matches across it, so the parts split apart again.
  const separator = "\n\u0000\n";
  const redaction = redactSecrets(userIndexes.map((index) => messages[index]?.content ?? "").join(separator), { known });
  const redactedParts = redaction.redacted.split(separator);
  if (redactedParts.length !== userIndexes.length) throw new Error("redaction merged two messages");
  const redacted = messages.map((message) => ({ ...message }));
  userIndexes.forEach((messageIndex, partIndex) => {
    const target = redacted[messageIndex];
    if (target !== undefined) target.content = redactedParts[partIndex] ?? "";
  });
  return { messages: redacted, restore: redaction.restore, redactedSecrets: redaction.findings.length };
}

function selectionOf(file: RefactorFile): { text: string; firstLine: number; lastLine: number } | undefined {
  if (file.selection === undefined) return undefined;
  const start = clamp(Math.min(file.selection.start, file.selection.end), 0, file.text.length);
  const end = clamp(Math.max(file.selection.start, file.selection.end), 0, file.text.length);
  const text = file.text.slice(start, end);
  if (text.trim() === "") return undefined;
  // A selection ending at the start of a line does not include that line.
  const lastOffset = end > start && file.text[end - 1] === "\n" ? end - 2 : end - 1;
  return { text, firstLine: lineOf(file.text, start), lastLine: lineOf(file.text, Math.max(start, lastOffset)) };
}

/** A fence longer than any backtick run in the code, so code holding ``` cannot close it early. */
function fenced(code: string, language: string): string {
  const longestRun = Math.max(0, ...[...code.matchAll(/`+/g)].map((run) => run[0].length));
  const fence = "`".repeat(Math.max(3, longestRun + 1));
  return `${fence}${language}\n${code.endsWith("\n") ? code : `${code}\n`}${fence}`;
}

function fenceLanguage(file: RefactorFile, input: RefactorPromptInput): string {
  const declared = input.languageId?.trim() ?? "";
  if (declared !== "" && (input.files.length === 1 || file.selection !== undefined)) return declared;
  const dot = file.path.lastIndexOf(".");
  return dot > file.path.lastIndexOf("/") ? file.path.slice(dot + 1).replace(/[^\w+-]/g, "") : "";
}

function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let at = text.indexOf("\n"); at !== -1 && at < offset; at = text.indexOf("\n", at + 1)) line += 1;
  return line;
}

function clamp(value: number, low: number, high: number): number {
  return Math.min(high, Math.max(low, value));
}
