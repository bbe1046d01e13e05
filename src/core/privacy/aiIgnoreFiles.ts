import ignore from "ignore";
import type { Ignore } from "ignore";

/**
 * Other AI tools' ignore files, read as extra local-only patterns: a team that keeps a file away
 * from one assistant means to keep it away from all of them. Each file speaks gitignore syntax
 * and, as a `.gitignore` does, applies to its own directory and everything below it, with its
 * patterns relative to that directory. A file can only add local-only paths: its negations
 * (`!app/`) take back only its own earlier patterns, never Junction's patterns or another file's.
 *
 * - `.aiexclude` (Gemini Code Assist, Android Studio): an empty file blocks its whole directory;
 *   negation is not part of the format, so a `!` line is skipped.
 * - `.aiignore` (JetBrains AI Assistant), `.cursorignore` (Cursor), `.codeiumignore` (Windsurf /
 *   Codeium), `.continueignore` (Continue), `.geminiignore` (Gemini CLI), `.aiderignore` (aider):
 *   plain gitignore syntax, negation included.
 */
export const AI_IGNORE_FILE_NAMES: readonly string[] = [
  ".aiexclude",
  ".aiignore",
  ".cursorignore",
  ".codeiumignore",
  ".continueignore",
  ".geminiignore",
  ".aiderignore",
];

export interface AiIgnoreFile {
  /** The ignore file's path relative to its workspace folder, `/`-separated (`.aiexclude`, `app/.cursorignore`). */
  path: string;
  text: string;
}

/** Which line of which ignore file keeps a path local-only, for the reasons the user reads. */
export interface AiIgnoreMatch {
  file: string;
  /** 1-based; 0 for an empty `.aiexclude`, which blocks by being there. */
  line: number;
  pattern: string;
}

export type AiIgnoreMatcher = (relativePath: string) => AiIgnoreMatch | undefined;

interface CompiledFile {
  file: string;
  /** The file's directory relative to the folder, "" at the root. */
  directory: string;
  /** All of the file's rules together, for gitignore's own answer (order, negation, directories). */
  all: Ignore;
  /** Each rule on its own with its line, to name the one that decided. */
  lines: Array<{ line: number; pattern: string; rule: Ignore }>;
  blocksEverything: boolean;
}

export function createAiIgnoreMatcher(files: readonly AiIgnoreFile[]): AiIgnoreMatcher {
  const compiled = files.map(compile);
  return (relativePath) => {
    const path = relativePath.replace(/\\/g, "/").replace(/^\.\//, "");
    for (const file of compiled) {
      const below = file.directory === "" ? path : path.startsWith(`${file.directory}/`) ? path.slice(file.directory.length + 1) : undefined;
      if (below === undefined || below === "") continue;
      if (file.blocksEverything) return { file: file.file, line: 0, pattern: "" };
      if (!safely(() => file.all.ignores(below))) continue;
      const decided = [...file.lines].reverse().find((candidate) => safely(() => candidate.rule.ignores(below)));
      return { file: file.file, line: decided?.line ?? 0, pattern: decided?.pattern ?? "" };
    }
    return undefined;
  };
}

function compile(source: AiIgnoreFile): CompiledFile {
  const name = source.path.split("/").at(-1) ?? source.path;
  const directory = source.path.includes("/") ? source.path.slice(0, source.path.lastIndexOf("/")) : "";
  const allowsNegation = name !== ".aiexclude";
  const all = ignore();
  const lines: CompiledFile["lines"] = [];
  let patterns = 0;
  source.text.split(/\r?\n/).forEach((raw, index) => {
    const pattern = raw.replace(/\s+$/, "");
    if (pattern === "" || pattern.startsWith("#")) return;
    patterns += 1;
    if (pattern.startsWith("!") && !allowsNegation) return;
    safely(() => all.add(pattern));
    if (!pattern.startsWith("!")) lines.push({ line: index + 1, pattern, rule: safely(() => ignore().add(pattern)) ?? ignore() });
  });
  return { file: source.path, directory, all, lines, blocksEverything: !allowsNegation && patterns === 0 };
}

/** `ignore` throws on paths it considers invalid and on some malformed patterns: such a case matches nothing. */
function safely<T>(run: () => T): T | undefined {
  try {
    return run();
  } catch {
    return undefined;
  }
}
