import * as l10n from "@vscode/l10n";
import * as z from "zod/mini";
// Named, not `z.core.$ZodError`: touching the `core` namespace object would bundle all of zod's core.
import { $ZodError } from "zod/v4/core";
import "./zodMessages.ts";
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
const httpUrl = z.pipe(
  z.string().check(
    z.trim(),
    z.maxLength(MAX_URL_CHARS, { error: () => l10n.t("must be an http:// or https:// URL of at most {0} characters", MAX_URL_CHARS) }),
    z.refine(
      (value: string) => {
        const url = parsedUrl(value);
        return url !== undefined && (url.protocol === "http:" || url.protocol === "https:");
      },
      { error: () => l10n.t("must be an http:// or https:// URL") },
    ),
    // Endpoints are written to the log and shown in messages: a password in one would leak there.
    z.refine(
      (value: string) => {
        const url = parsedUrl(value);
        return url === undefined || (url.username === "" && url.password === "");
      },
      {
        error: () =>
          l10n.t(
            "must not contain a user name or password (URLs are written to the log); remove the part before @ and set the cloud API key with the command Junction: Set Cloud API Key",
          ),
      },
    ),
  ),
  z.transform((value: string) => value.replace(/\/+$/, "")),
);

const nonEmpty = z.string().check(z.trim(), z.minLength(1, { error: () => l10n.t("must not be empty") }));
const modelName = nonEmpty.check(z.maxLength(MAX_NAME_CHARS, { error: () => l10n.t("must be a model name of at most {0} characters", MAX_NAME_CHARS) }));
/** One glob of a privacy list. */
const pattern = nonEmpty.check(z.maxLength(MAX_PATTERN_CHARS, { error: () => l10n.t("must be a pattern of at most {0} characters", MAX_PATTERN_CHARS) }));
const usd = z.number().check(z.nonnegative({ error: () => l10n.t("must be zero or more") }));

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
  cachedInputUsdPerMTok: z.optional(usd),
});

/** Setting key (without the `junction.` prefix) → schema with its default. */
export const settingsShape = {
  "local.provider": z._default(z.enum(["ollama", "openai-compatible"]), "ollama"),
  "local.endpoint": z._default(httpUrl, "http://127.0.0.1:11434"),
  "local.completionModel": z._default(modelName, "qwen2.5-coder:1.5b-base"),
  "local.refactorModel": z._default(modelName, "qwen2.5-coder:7b-instruct"),
  "local.timeoutSeconds": z._default(z.number().check(z.gte(1), z.lte(600)), 30),
  "local.contextTokens": z._default(z.number().check(z.int(), z.gte(2048), z.lte(262144)), DEFAULT_LOCAL_CONTEXT_TOKENS),
  "cloud.endpoint": z._default(httpUrl, "https://api.openai.com/v1"),
  "cloud.model": z._default(modelName, "gpt-5-mini"),
  "cloud.timeoutSeconds": z._default(z.number().check(z.gte(1), z.lte(600)), 120),
  "privacy.mode": z._default(z.enum(["auto", "local-only", "cloud-allowed"]), "auto"),
  "privacy.privateRemotes": z._default(z.array(pattern), []),
  "privacy.localOnlyFiles": z._default(z.array(pattern), [...DEFAULT_LOCAL_ONLY_FILES]),
  "privacy.secrets": z._default(z.enum(["redact", "route-local"]), "redact"),
  "privacy.trustedEndpoints": z._default(z.array(pattern), []),
  "privacy.aiIgnoreFiles": z._default(z.boolean(), true),
  "routing.cloudThreshold": z._default(z.number().check(z.gte(0), z.lte(1)), 0.6),
  "completion.enabled": z._default(z.boolean(), true),
  "completion.route": z._default(z.enum(["auto", "local", "cloud"]), "local"),
  "completion.debounceFloorMs": z._default(z.number().check(z.int(), z.gte(0), z.lte(2000)), 75),
  "completion.debounceCeilingMs": z._default(z.number().check(z.int(), z.gte(0), z.lte(5000)), 350),
  "completion.promptTokens": z._default(z.number().check(z.int(), z.gte(128), z.lte(32768)), 1500),
  "completion.maxTokens": z._default(z.number().check(z.int(), z.gte(1), z.lte(4096)), 128),
  "budget.sessionUsd": z._default(usd, 2),
  "budget.monthlyUsd": z._default(usd, 30),
  "pricing.models": z._default(z.record(z.string(), modelPriceSchema), {}),
  "pricing.localUsdPerHour": z._default(usd, 0),
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

function describeIssues(error: $ZodError): string {
  const shown = error.issues.slice(0, MAX_ISSUES_SHOWN);
  let text = z.prettifyError(new $ZodError(shown));
  const more = error.issues.length - shown.length;
  if (more > 0) text += `\n${more === 1 ? l10n.t("✖ and 1 more problem like these") : l10n.t("✖ and {0} more problems like these", more)}`;
  return text.length > MAX_MESSAGE_CHARS ? `${text.slice(0, MAX_MESSAGE_CHARS - 1)}…` : text;
}

/** One readable message for all problems, for the log and a single notification. */
export function describeSettingProblems(problems: readonly SettingProblem[]): string {
  return problems.map((problem) => `${problem.key}: ${problem.message.replace(/\n/g, " ")}`).join("; ");
}
