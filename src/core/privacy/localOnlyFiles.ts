import ignore from "ignore";
import type { PatternFault, PatternProblem } from "./privacyReasons.ts";

/**
 * `junction.privacy.localOnlyFiles`: gitignore-style patterns of files that never leave the
 * machine. Matching is the `ignore` package's (the rules of `.gitignore`): a pattern without a
 * slash matches a name at any depth (`.env.*` matches `config/.env.local`), and a match on a
 * folder covers everything in it. Case is ignored, so `.ENV` on a case-insensitive disk is caught.
 *
 * Local-only patterns can only add files. A negation (`!.env.example`) would take a file out of
 * the defaults, and a workspace must not loosen privacy, so negations are refused.
 */

/** Returns the first pattern (as written) that makes the path local-only, or undefined. */
export type LocalOnlyMatcher = (relativePath: string) => string | undefined;

/** Problems with the patterns, as codes (privacyWords.ts words them); such patterns are skipped. */
export function validateLocalOnlyPatterns(patterns: readonly unknown[]): PatternProblem[] {
  const problems: PatternProblem[] = [];
  patterns.forEach((pattern, index) => {
    const fault = patternFault(pattern);
    if (fault !== undefined) problems.push({ index, fault });
  });
  return problems;
}

/** No file name needs more; the same limit as the settings schema's. */
const MAX_PATTERN_CHARS = 1024;

function patternFault(pattern: unknown): PatternFault | undefined {
  if (typeof pattern !== "string") return { code: "not-text", type: pattern === null ? "null" : typeof pattern };
  const text = pattern.trim();
  if (text === "") return { code: "empty" };
  // Compiling a very long pattern takes time that grows with the square of its length (1 MB: minutes).
  if (text.length > MAX_PATTERN_CHARS) return { code: "too-long", length: text.length, limit: MAX_PATTERN_CHARS };
  if (text.startsWith("#")) return { code: "comment", text };
  if (text.startsWith("!")) return { code: "negation", text };
  if (/^\/+$/.test(text)) return { code: "no-file", text };
  if (text.split("/").includes("..")) return { code: "outside", text };
  try {
    ignore().add(text).ignores("probe");
  } catch {
    return { code: "invalid", text };
  }
  return undefined;
}

/**
 * Builds the matcher once per pattern list. Malformed patterns are skipped (see
 * `validateLocalOnlyPatterns` for the messages); building never throws.
 */
export function createLocalOnlyMatcher(patterns: readonly string[]): LocalOnlyMatcher {
  // One `ignore` instance per pattern, so the answer can name the pattern that matched.
  const rules = patterns.filter((pattern) => patternFault(pattern) === undefined).map((pattern) => ({ pattern, rule: ignore().add(pattern.trim()) }));
  return (relativePath) => {
    const path = matchablePath(relativePath);
    if (path === undefined) return undefined;
    for (const { pattern, rule } of rules) {
      try {
        if (rule.ignores(path)) return pattern;
      } catch {
        // `ignore` rejects paths it considers not relative; matchablePath prevents that.
      }
    }
    return undefined;
  };
}

/**
 * A path relative to its folder, with `/` separators, no `.` segments and `..` resolved; undefined
 * when it is empty or leaves the folder (`../x`, `/abs`, `C:\x`).
 */
export function normaliseRelativePath(relativePath: string): string | undefined {
  const slashed = relativePath.replace(/\\/g, "/");
  if (slashed.startsWith("/") || /^[a-z]:\//i.test(slashed)) return undefined;
  const segments: string[] = [];
  for (const segment of slashed.split("/")) {
    if (segment === "" || segment === ".") continue;
    if (segment === "..") {
      if (segments.length === 0) return undefined;
      segments.pop();
      continue;
    }
    segments.push(segment);
  }
  return segments.length === 0 ? undefined : segments.join("/");
}

/**
 * What the matcher tests. A path that leaves the folder is still tested by its own segments, so a
 * caller's odd path (`/home/me/app/.env`) cannot dodge a pattern like `.env`.
 */
function matchablePath(relativePath: string): string | undefined {
  const normalised = normaliseRelativePath(relativePath);
  if (normalised !== undefined) return normalised;
  const segments = relativePath
    .replace(/\\/g, "/")
    .split("/")
    .filter((segment) => segment !== "" && segment !== "." && segment !== ".." && !/^[a-z]:$/i.test(segment));
  return segments.length === 0 ? undefined : segments.join("/");
}
