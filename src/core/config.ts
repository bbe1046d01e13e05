import * as l10n from "@vscode/l10n";
import { z } from "zod";
import { DEFAULT_LOCAL_CONTEXT_TOKENS } from "./models/localContext.ts";

/**
 * The one schema for Junction's settings. `package.json` `contributes.configuration` declares the
 * same keys (a unit test compares them). Every field has a safe default: when a value is invalid
 * the field falls back to its default, which for privacy means local-only.
 */

/** Longer values are typos or garbage; they would also flood the log and every message. */
const MAX_URL_CHARS = 2048;
const MAX_NAME_CHARS = 256;
const MAX_PATTERN_CHARS = 1024;

function parsedUrl(value: string): URL | undefined {
  try {
    return new URL(value);
  } catch {
    return undefined;
  }
}

// zod gets its messages as functions (`{ error: () => … }`): these schemas are built when the module
// loads, before the host gives @vscode/l10n the translations, so a plain string would stay English.
const httpUrl = z
  .string()
  .trim()
  .max(MAX_URL_CHARS, { error: () => l10n.t("must be an http:// or https:// URL of at most {0} characters", MAX_URL_CHARS) })
  .refine((value) => {
    const url = parsedUrl(value);
    return url !== undefined && (url.protocol === "http:" || url.protocol === "https:");
  }, { error: () => l10n.t("must be an http:// or https:// URL") })
  // Endpoints are written to the log and shown in messages: a password in one would leak there.
  .refine((value) => {
    const url = parsedUrl(value);
    return url === undefined || (url.username === "" && url.password === "");
  }, { error: () => l10n.t("must not contain a user name or password (URLs are written to the log); remove the part before @ and set the cloud API key with the command Junction: Set Cloud API Key") })
  .transform((value) => value.replace(/\/+$/, ""));

const nonEmpty = z.string().trim().min(1, { error: () => l10n.t("must not be empty") });
const modelName = nonEmpty.max(MAX_NAME_CHARS, { error: () => l10n.t("must be a model name of at most {0} characters", MAX_NAME_CHARS) });
/** One glob of a privacy list. */
const pattern = nonEmpty.max(MAX_PATTERN_CHARS, { error: () => l10n.t("must be a pattern of at most {0} characters", MAX_PATTERN_CHARS) });
const usd = z.number().finite().nonnegative({ error: () => l10n.t("must be zero or more") });

export const DEFAULT_LOCAL_ONLY_FILES: readonly string[] = [
  ".env",
  ".env.*",
  "*.pem",
  "*.key",
  "id_rsa*",
  "id_ed25519*",
  "*.p12",
  "*.pfx",
  ".npmrc",
  ".netrc",
  "**/secrets/**",
  "*.tfvars",
  "credentials",
  "credentials.json",
  "*.credentials",
  // direnv's file, other tools' credential stores, Java key stores, Terraform state (it holds the
  // resources' secrets in clear text) and cluster credentials.
  ".envrc",
  ".pgpass",
  ".git-credentials",
  ".pypirc",
  "*.jks",
  "*.keystore",
  "*.tfstate",
  "*.tfstate.backup",
  "kubeconfig",
];

export const modelPriceSchema = z.object({
  inputUsdPerMTok: usd,
  outputUsdPerMTok: usd,
  cachedInputUsdPerMTok: usd.optional(),
});

/** Setting key (without the `junction.` prefix) → schema with its default. */
export const settingsShape = {
  "local.provider": z.enum(["ollama", "openai-compatible"]).default("ollama"),
  "local.endpoint": httpUrl.default("http://127.0.0.1:11434"),
  "local.completionModel": modelName.default("qwen2.5-coder:1.5b-base"),
  "local.refactorModel": modelName.default("qwen2.5-coder:7b-instruct"),
  "local.timeoutSeconds": z.number().min(1).max(600).default(30),
  "local.contextTokens": z.number().int().min(2048).max(262144).default(DEFAULT_LOCAL_CONTEXT_TOKENS),
  "cloud.endpoint": httpUrl.default("https://api.openai.com/v1"),
  "cloud.model": modelName.default("gpt-5-mini"),
  "cloud.timeoutSeconds": z.number().min(1).max(600).default(120),
  "privacy.mode": z.enum(["auto", "local-only", "cloud-allowed"]).default("auto"),
  "privacy.privateRemotes": z.array(pattern).default([]),
  "privacy.localOnlyFiles": z.array(pattern).default([...DEFAULT_LOCAL_ONLY_FILES]),
  "privacy.secrets": z.enum(["redact", "route-local"]).default("redact"),
  "privacy.trustedEndpoints": z.array(pattern).default([]),
  "privacy.aiIgnoreFiles": z.boolean().default(true),
  "routing.cloudThreshold": z.number().min(0).max(1).default(0.6),
  "completion.enabled": z.boolean().default(true),
  "completion.route": z.enum(["auto", "local", "cloud"]).default("local"),
  "completion.debounceFloorMs": z.number().int().min(0).max(2000).default(75),
  "completion.debounceCeilingMs": z.number().int().min(0).max(5000).default(350),
  "completion.promptTokens": z.number().int().min(128).max(32768).default(1500),
  "completion.maxTokens": z.number().int().min(1).max(4096).default(128),
  "budget.sessionUsd": usd.default(2),
  "budget.monthlyUsd": usd.default(30),
  "pricing.models": z.record(z.string(), modelPriceSchema).default({}),
  "pricing.localUsdPerHour": usd.default(0),
} as const;

export type SettingKey = keyof typeof settingsShape;
export type JunctionConfig = { [K in SettingKey]: z.output<(typeof settingsShape)[K]> };

export const SETTING_KEYS = Object.keys(settingsShape) as SettingKey[];

/**
 * What an invalid value falls back to when that differs from the unset default: for privacy the
 * safe value is the strict one, so a typo can never open the door to the cloud.
 */
export const SAFE_FALLBACKS: Partial<{ [K in SettingKey]: JunctionConfig[K] }> = {
  "privacy.mode": "local-only",
  "privacy.secrets": "route-local",
  "completion.route": "local",
  "privacy.aiIgnoreFiles": true,
  "budget.sessionUsd": 0,
  "budget.monthlyUsd": 0,
};

/**
 * Settings that could send code somewhere else or loosen privacy. Their manifest scope is
 * `application` or `machine`, and the host reads them from user-level values only (`inspect()`),
 * so a workspace's `.vscode/settings.json` cannot set them even if VS Code let it through.
 */
export const USER_ONLY_SETTINGS: ReadonlySet<SettingKey> = new Set<SettingKey>([
  "local.provider",
  "local.endpoint",
  "cloud.endpoint",
  "cloud.model",
  "privacy.privateRemotes",
  "privacy.trustedEndpoints",
  "privacy.aiIgnoreFiles",
  "routing.cloudThreshold",
  "completion.route",
  "budget.sessionUsd",
  "budget.monthlyUsd",
  "pricing.models",
  "pricing.localUsdPerHour",
]);

export interface SettingProblem {
  key: `junction.${string}`;
  message: string;
}

/**
 * Lists of privacy patterns: an invalid entry is dropped, never the valid entries beside it. A
 * typo in one entry must not make the remotes or files the others name leave the machine.
 */
const PATTERN_LISTS: ReadonlySet<SettingKey> = new Set<SettingKey>(["privacy.privateRemotes", "privacy.localOnlyFiles", "privacy.trustedEndpoints"]);

/**
 * Endpoints: one whose only fault is a user name or password keeps its host and path without
 * them, instead of falling back to the default.
 */
const URL_KEYS: ReadonlySet<SettingKey> = new Set<SettingKey>(["local.endpoint", "cloud.endpoint"]);

/** A problem message lists this many of a setting's issues; one value can hold thousands. */
const MAX_ISSUES_SHOWN = 3;
/** And stays this short, whatever the value held (a 1 MB key in `pricing.models`). */
const MAX_MESSAGE_CHARS = 500;

export interface ParsedConfig {
  config: JunctionConfig;
  /**
   * One entry per invalid setting; each of those fell back to its safe value (SAFE_FALLBACKS) or
   * default, except a privacy list, which keeps its valid entries (local-only files: with the
   * defaults), and an endpoint with
   * credentials, which is used without them.
   */
  problems: SettingProblem[];
}

/**
 * Parses raw setting values (as read from VS Code, `undefined` when unset). Invalid values are
 * reported and replaced one by one (by the safe value, else the default), so one typo does not
 * reset everything.
 */
export function parseConfig(raw: Partial<Record<SettingKey, unknown>>): ParsedConfig {
  const config: Record<string, unknown> = {};
  const problems: SettingProblem[] = [];
  for (const key of SETTING_KEYS) {
    const schema = settingsShape[key];
    const result = schema.safeParse(raw[key]);
    if (result.success) {
      config[key] = result.data;
      continue;
    }
    const value = raw[key];
    if (PATTERN_LISTS.has(key) && Array.isArray(value)) {
      const kept = value.flatMap((entry: unknown) => {
        const parsed = pattern.safeParse(entry);
        return parsed.success ? [parsed.data] : [];
      });
      // Local-only files never end up with fewer patterns than the defaults, even when no entry is valid.
      const base = key === "privacy.localOnlyFiles" ? DEFAULT_LOCAL_ONLY_FILES : [];
      problems.push({ key: `junction.${key}`, message: skippedEntries(describeIssues(result.error), kept.length, base.length > 0) });
      config[key] = [...new Set([...base, ...kept])];
      continue;
    }
    const stripped = URL_KEYS.has(key) ? withoutCredentials(value) : undefined;
    if (stripped !== undefined) {
      // The endpoint the user chose, minus the credentials: falling back to the default instead
      // would send code (and the API key) to a service the user never picked.
      problems.push({ key: `junction.${key}`, message: l10n.t("{0}; until then Junction uses {1}", describeIssues(result.error), stripped) });
      config[key] = stripped;
      continue;
    }
    problems.push({ key: `junction.${key}`, message: describeIssues(result.error) });
    config[key] = key in SAFE_FALLBACKS ? SAFE_FALLBACKS[key] : schema.parse(undefined);
  }
  return { config: config as JunctionConfig, problems };
}

/** The valid endpoint `value` would be without its user name and password, if that is its only fault. */
function withoutCredentials(value: unknown): string | undefined {
  if (typeof value !== "string") return undefined;
  const url = parsedUrl(value.trim());
  if (url === undefined || (url.username === "" && url.password === "")) return undefined;
  url.username = "";
  url.password = "";
  const parsed = httpUrl.safeParse(url.href);
  return parsed.success ? parsed.data : undefined;
}

/** The problem of a privacy list that kept its valid entries: whole sentences, one per count and list. */
function skippedEntries(issues: string, kept: number, withDefaults: boolean): string {
  if (withDefaults) {
    if (kept === 0) return l10n.t("{0}; invalid entries are skipped, no entry is valid together with the default patterns", issues);
    if (kept === 1) return l10n.t("{0}; invalid entries are skipped, the 1 valid entry is kept together with the default patterns", issues);
    return l10n.t("{0}; invalid entries are skipped, the {1} valid entries are kept together with the default patterns", issues, kept);
  }
  if (kept === 0) return l10n.t("{0}; invalid entries are skipped, no entry is valid", issues);
  if (kept === 1) return l10n.t("{0}; invalid entries are skipped, the 1 valid entry is kept", issues);
  return l10n.t("{0}; invalid entries are skipped, the {1} valid entries are kept", issues, kept);
}

function describeIssues(error: z.ZodError): string {
  const shown = error.issues.slice(0, MAX_ISSUES_SHOWN);
  let text = z.prettifyError(new z.ZodError(shown));
  const more = error.issues.length - shown.length;
  if (more > 0) text += `\n${more === 1 ? l10n.t("✖ and 1 more problem like these") : l10n.t("✖ and {0} more problems like these", more)}`;
  return text.length > MAX_MESSAGE_CHARS ? `${text.slice(0, MAX_MESSAGE_CHARS - 1)}…` : text;
}

/** One readable message for all problems, for the log and a single notification. */
export function describeSettingProblems(problems: readonly SettingProblem[]): string {
  return problems.map((problem) => `${problem.key}: ${problem.message.replace(/\n/g, " ")}`).join("; ");
}
