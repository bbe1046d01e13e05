import * as z from "zod/mini";
import "../zodMessages.ts";
import { DEFAULT_LOCAL_ONLY_FILES } from "../config.ts";
import { validateLocalOnlyPatterns } from "./localOnlyFiles.ts";
import type { ModeSource, PrivacyMode, PrivacySettingProblem, SettingLayer } from "./privacyReasons.ts";

/**
 * DESIGN §2 "workspace settings can only tighten privacy": the privacy settings a workspace may
 * set are merged from every level VS Code reports (`inspect()`), so the strictest value wins.
 */

/** The explicitly set values of one setting, as `WorkspaceConfiguration.inspect()` reports them. */
export interface SettingLayers {
  user?: unknown;
  workspace?: unknown;
  folder?: unknown;
}

const LAYER_ORDER: readonly SettingLayer[] = ["folder", "workspace", "user"];

const STRICTNESS: Readonly<Record<PrivacyMode, number>> = { "local-only": 2, auto: 1, "cloud-allowed": 0 };
const modeSchema = z.enum(["auto", "local-only", "cloud-allowed"]);
const secretsSchema = z.enum(["redact", "route-local"]);
// Entries are checked one by one: a bad entry must not discard the valid patterns beside it.
const patternsSchema = z.array(z.unknown());

/** Problems reported per layer before the rest are counted in one line: a list can hold thousands. */
const MAX_PATTERN_PROBLEMS = 5;

export interface MergedMode {
  mode: PrivacyMode;
  source: ModeSource;
  /** Why values were ignored or replaced; only ever logged, so left untranslated. */
  notes: string[];
  /** As codes: the host words them (privacyWords.ts) for the settings report. */
  problems: PrivacySettingProblem[];
}

/**
 * The effective `junction.privacy.mode` of a folder: the strictest explicitly set value.
 * `cloud-allowed` from workspace or folder settings counts only in a trusted workspace; an
 * invalid value counts as `local-only`.
 */
export function mergePrivacyMode(layers: SettingLayers, trusted: boolean): MergedMode {
  const notes: string[] = [];
  const problems: PrivacySettingProblem[] = [];
  let best: { mode: PrivacyMode; source: SettingLayer } | undefined;
  for (const layer of LAYER_ORDER) {
    const raw = layers[layer];
    if (raw === undefined) continue;
    const parsed = modeSchema.safeParse(raw);
    let mode: PrivacyMode;
    if (parsed.success) {
      mode = parsed.data;
    } else {
      problems.push({ code: "mode-invalid", layer, issues: z.prettifyError(parsed.error) });
      mode = "local-only";
    }
    if (mode === "cloud-allowed" && layer !== "user" && !trusted) {
      notes.push(`"cloud-allowed" in ${layer} settings is ignored because the workspace is not trusted`);
      continue;
    }
    // Ties keep the most specific layer, so the reason names the setting the user sees first.
    if (!best || STRICTNESS[mode] > STRICTNESS[best.mode]) best = { mode, source: layer };
  }
  return best ? { mode: best.mode, source: best.source, notes, problems } : { mode: "auto", source: "default", notes, problems };
}

/** `junction.privacy.secrets`: `route-local` anywhere wins; an invalid value counts as `route-local`. */
export function mergeSecretsPolicy(layers: SettingLayers): { policy: "redact" | "route-local"; problems: PrivacySettingProblem[] } {
  const problems: PrivacySettingProblem[] = [];
  let policy: "redact" | "route-local" = "redact";
  for (const layer of LAYER_ORDER) {
    const raw = layers[layer];
    if (raw === undefined) continue;
    const parsed = secretsSchema.safeParse(raw);
    if (!parsed.success) problems.push({ code: "secrets-invalid", layer, issues: z.prettifyError(parsed.error) });
    if (!parsed.success || parsed.data === "route-local") policy = "route-local";
  }
  return { policy, problems };
}

/**
 * `junction.privacy.localOnlyFiles`: the defaults plus every level's patterns. No level can remove
 * a default; malformed patterns are skipped and reported.
 */
export function mergeLocalOnlyFiles(layers: SettingLayers): { patterns: string[]; problems: PrivacySettingProblem[] } {
  const problems: PrivacySettingProblem[] = [];
  const patterns = new Set<string>(DEFAULT_LOCAL_ONLY_FILES);
  for (const layer of LAYER_ORDER) {
    const raw = layers[layer];
    if (raw === undefined) continue;
    const parsed = patternsSchema.safeParse(raw);
    if (!parsed.success) {
      problems.push({ code: "local-only-files-invalid", layer, issues: z.prettifyError(parsed.error) });
      continue;
    }
    const faults = validateLocalOnlyPatterns(parsed.data);
    for (const problem of faults.slice(0, MAX_PATTERN_PROBLEMS)) problems.push({ code: "local-only-pattern", layer, problem });
    const more = faults.length - MAX_PATTERN_PROBLEMS;
    if (more > 0) problems.push({ code: "local-only-patterns-more", layer, count: more });
    // The matcher skips the malformed ones; keeping them here keeps this list what the user wrote.
    for (const pattern of parsed.data) if (typeof pattern === "string") patterns.add(pattern);
  }
  return { patterns: [...patterns], problems };
}
