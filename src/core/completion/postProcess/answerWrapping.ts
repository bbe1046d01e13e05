// What models wrap around the code: reasoning blocks, markdown fences and chatter, control
// tokens, and the prompt's own furniture (the path comment Junction writes above the code).
import { commentSyntaxFor } from "../fimPrompt.ts";
import { ALL_SPECIAL_TOKENS } from "../fimTemplates.ts";
import { documentContains } from "./context.ts";
import type { Context } from "./context.ts";

// ── reasoning blocks ──

export function stripThinking(text: string, context: Context): string {
  if (!text.includes("think>") || documentContains(context, "<think>") || documentContains(context, "</think>")) return text;
  let result = text.replace(/<think>[\s\S]*?<\/think>/g, "");
  // The model's template opened the block; only its end is in the answer.
  const orphanEnd = result.indexOf("</think>");
  if (orphanEnd >= 0) result = result.slice(orphanEnd + "</think>".length);
  // Cut off mid-thought (the stream ended first): nothing after it is code.
  const unterminated = result.indexOf("<think>");
  if (unterminated >= 0) result = result.slice(0, unterminated);
  // The answer after a leading block starts on fresh lines of its own.
  return /^\s*<think>/u.test(text) || text.includes("</think>") ? result.replace(/^\s*\n/u, "") : result;
}

// ── markdown fences ──

const FENCE_LINE = /^[ \t]*(`{3,}|~{3,})[ \t]*([\w+#.-]*)[ \t]*$/;

export function unwrapMarkdownFence(text: string, context: Context): string {
  if (!text.includes("```") && !text.includes("~~~")) return text;
  if (context.languageId === "markdown" || context.languageId === "mdx" || insideFence(context.prefix)) return text;
  const lines = text.split("\n");
  const opening = lines.findIndex((line) => FENCE_LINE.test(line));
  if (opening < 0) return text;
  const [, fence = "```", tag = ""] = FENCE_LINE.exec(lines[opening] ?? "") ?? [];
  const before = lines.slice(0, opening).filter((line) => line.trim() !== "");
  // A fence opens a block when it comes first, names a language, or follows "Here is the code:".
  const opens = before.length === 0 || tag !== "" || /:\s*$/u.test(before.at(-1) ?? "");
  if (!opens) return lines.slice(0, opening).join("\n"); // code, then a closing fence and chatter
  const closing = lines.findIndex((line, index) => index > opening && line.trim().startsWith(fence.slice(0, 3)) && FENCE_LINE.test(line));
  return lines.slice(opening + 1, closing < 0 ? undefined : closing).join("\n");
}

/** Is the cursor inside an open fenced block (the user is writing markdown in a docstring)? */
function insideFence(prefix: string): boolean {
  return (prefix.match(/^[ \t]*(?:```|~~~)/gm)?.length ?? 0) % 2 === 1;
}

// ── control tokens ──

/** Junction's own cursor marker in cloud prompts: a chat model may echo it. */
const JUNCTION_TOKENS = ["<|cursor|>"];
const TOKENS = [...ALL_SPECIAL_TOKENS, ...JUNCTION_TOKENS];

/** Languages where `<s>…</s>` is markup (strikethrough), not Mistral's sentence tokens. */
const MARKUP = new Set(["html", "xml", "markdown", "mdx", "vue", "svelte", "javascriptreact", "typescriptreact", "php", "astro"]);

/** Is this token, in this document, more likely text than a leaked control token? */
function isText(token: string, context: Context): boolean {
  // A token the document itself contains is code there (this very file, a tokenizer test).
  if (documentContains(context, token)) return true;
  if ((token === "<s>" || token === "</s>") && MARKUP.has(context.languageId ?? "")) return true;
  // `[PREFIX]` is also `opts[PREFIX]` where the code has a PREFIX of its own.
  const word = /^\[(\w+)\]$/u.exec(token)?.[1];
  return word !== undefined && new RegExp(String.raw`\b${word}\b`, "u").test(context.prefix + context.suffix);
}

export function cutAtSpecialTokens(text: string, context: Context): string {
  if (!text.includes("<") && !text.includes("[")) return text;
  const tokens = TOKENS.filter((token) => text.includes(token) && !isText(token, context));
  if (tokens.length === 0) return text;
  let result = text;
  for (let stripped = true; stripped;) {
    stripped = false;
    const start = result.length - result.trimStart().length;
    for (const token of tokens) {
      if (result.startsWith(token, start)) {
        result = result.slice(0, start) + result.slice(start + token.length);
        stripped = true;
      }
    }
  }
  const cut = Math.min(...tokens.map((token) => result.indexOf(token)).filter((index) => index >= 0));
  return Number.isFinite(cut) ? result.slice(0, cut) : result;
}

// ── the prompt's furniture ──

/** The headers of Junction's cloud prompt (cloudCompletion.ts): the file line and a snippet's path line. */
const CLOUD_HEADERS = [/^File: \S*[./\\]\S* \([\w+#.-]+\)$/u, /^--- \S*[./\\]\S* ---$/u, /^Related code from other files \(read-only\):$/u];

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

const pathCommentCache = new Map<string, RegExp>();

/** `// Path: src/a.ts`, `# Path: a.py`, `<!-- Path: a.html -->`: the path line of the local prompt (fimPrompt.ts). */
function pathComment(languageId: string | undefined): RegExp {
  const key = languageId ?? "";
  let pattern = pathCommentCache.get(key);
  if (pattern === undefined) {
    const syntax = commentSyntaxFor(languageId);
    const [open, close] = syntax.line !== undefined ? [escapeRegExp(syntax.line), ""] : (syntax.block ?? ["/*", "*/"]).map(escapeRegExp);
    pattern = new RegExp(String.raw`^${open}\s*(?:Path|File):\s*\S*[./\\]\S*\s*${close}$`, "u");
    pathCommentCache.set(key, pattern);
  }
  return pattern;
}

/**
 * A model trained on repository dumps may write the prompt's own headers: the path comment
 * Junction puts above the code or a snippet, or the cloud prompt's `File:` line. Leading ones
 * (with the commented snippet lines after a snippet's path) are dropped; a later one means the
 * model has started another file, and the answer ends before it. A document that has such lines
 * itself keeps them all.
 */
export function dropPromptFurniture(text: string, context: Context): string {
  if (!/Path:|File:|--- |Related code/u.test(text)) return text;
  const pathLine = pathComment(context.languageId);
  const lineComment = commentSyntaxFor(context.languageId).line;
  const looksLikeFurniture = (line: string): boolean => {
    const code = line.trim();
    return pathLine.test(code) || CLOUD_HEADERS.some((header) => header.test(code));
  };
  if (!text.split("\n").some(looksLikeFurniture)) return text;
  // A file of such lines (a dump of a repository, notes) is written in them: they are its code.
  if (`${context.prefix}\n${context.suffix}`.split("\n").some(looksLikeFurniture)) return text;
  const lines = text.split("\n");
  const midLine = context.cursorLine.trim() !== "";
  // After code on the cursor's line, an answer that starts on the next line keeps that line break.
  let start = midLine && (lines[0] ?? "").trim() === "" ? 1 : 0;
  let dropped = false;
  while (start < lines.length) {
    const line = lines[start] ?? "";
    if (line.trim() === "") start += 1;
    else if (looksLikeFurniture(line)) {
      dropped = true;
      start += 1;
      // A snippet's path line is followed by the snippet, commented out.
      if (lineComment !== undefined && pathLine.test(line.trim()))
        while (start < lines.length && (lines[start] ?? "").trim().startsWith(lineComment)) start += 1;
    } else break;
  }
  let end = lines.length;
  for (let index = start; index < lines.length; index += 1) {
    if (looksLikeFurniture(lines[index] ?? "")) {
      end = index;
      break;
    }
  }
  if (!dropped) return end === lines.length ? text : lines.slice(0, end).join("\n");
  const kept = lines.slice(start, end).join("\n");
  if (kept.trim() === "") return "";
  return midLine ? `\n${kept}` : kept;
}
