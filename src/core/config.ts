import * as z from "zod/mini";
// Named types, not `z.core.$ZodError`: touching the `core` namespace object would bundle all of zod's core.
import type { $ZodError, $ZodIssue } from "zod/v4/core";
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

/**
 * Junction's own checks of a value. Each check's zod `error` is its code (zod takes any string
 * there and reports it as the issue's `message`), so a failed check comes back as data and
 * settingsWords.ts is the one place it becomes a sentence; zod's own messages (a wrong type, a
 * number out of range, an unknown option) are not codes and are kept as text.
 */
export type SettingCheck = "url-too-long" | "not-http-url" | "url-credentials" | "empty" | "name-too-long" | "pattern-too-long" | "negative";

/** The limit each length check names in its words. */
const MAX_LENGTHS = { "url-too-long": MAX_URL_CHARS, "name-too-long": MAX_NAME_CHARS, "pattern-too-long": MAX_PATTERN_CHARS } as const;

const httpUrl = z.pipe(
  z.string().check(
    z.trim(),
    z.maxLength(MAX_URL_CHARS, { error: "url-too-long" satisfies SettingCheck }),
    z.refine(
      (value: string) => {
        const url = parsedUrl(value);
        return url !== undefined && (url.protocol === "http:" || url.protocol === "https:");
      },
      { error: "not-http-url" satisfies SettingCheck },
    ),
    // Endpoints are written to the log and shown in messages: a password in one would leak there.
    z.refine(
      (value: string) => {
        const url = parsedUrl(value);
        return url === undefined || (url.username === "" && url.password === "");
      },
      { error: "url-credentials" satisfies SettingCheck },
    ),
  ),
  z.transform((value: string) => value.replace(/\/+$/, "")),
);

const nonEmpty = z.string().check(z.trim(), z.minLength(1, { error: "empty" satisfies SettingCheck }));
const modelName = nonEmpty.check(z.maxLength(MAX_NAME_CHARS, { error: "name-too-long" satisfies SettingCheck }));
/** One glob of a privacy list. */
const pattern = nonEmpty.check(z.maxLength(MAX_PATTERN_CHARS, { error: "pattern-too-long" satisfies SettingCheck }));
const usd = z.number().check(z.nonnegative({ error: "negative" satisfies SettingCheck }));

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

/** One failed check of a setting's value; `path` leads into the value (a list's index, a price's model). */
export type SettingIssue = { path: readonly PropertyKey[] } & (
  | { code: keyof typeof MAX_LENGTHS; maxLength: number }
  | { code: Exclude<SettingCheck, keyof typeof MAX_LENGTHS> }
  /** A check that is not Junction's own: zod's English (zodMessages.ts) as it gave it. */
  | { code: "zod"; message: string }
);

/** What Junction uses instead of an invalid value. */
export type SettingOutcome =
  /** The safe value (SAFE_FALLBACKS) or the default; the problem names only the issues. */
  | { code: "fallback" }
  /** An endpoint whose only fault is a user name or password, used without them. */
  | { code: "without-credentials"; endpoint: string }
  /** A privacy list's valid entries, `withDefaults` when the default patterns are added (local-only files). */
  | { code: "valid-entries"; kept: number; withDefaults: boolean };

/** An invalid setting, as data: settingsWords.ts words it for the log and the notification. */
export interface SettingProblem {
  key: `junction.${string}`;
  /** The first MAX_ISSUES_SHOWN issues, in zod's order; one value can hold thousands. */
  issues: SettingIssue[];
  /** How many issues there are beyond those. */
  more: number;
  outcome: SettingOutcome;
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

/** A problem lists this many of a setting's issues; one value can hold thousands. */
const MAX_ISSUES_SHOWN = 3;

export interface ParsedConfig {
  config: JunctionConfig;
  /**
   * One entry per invalid setting; each of those fell back to its safe value (SAFE_FALLBACKS) or
   * default, except a privacy list, which keeps its valid entries (local-only files: with the
   * defaults), and an endpoint with credentials, which is used without them (`outcome`).
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
      problems.push(problemOf(key, result.error, { code: "valid-entries", kept: kept.length, withDefaults: base.length > 0 }));
      config[key] = [...new Set([...base, ...kept])];
      continue;
    }
    const stripped = URL_KEYS.has(key) ? withoutCredentials(value) : undefined;
    if (stripped !== undefined) {
      // The endpoint the user chose, minus the credentials: falling back to the default instead
      // would send code (and the API key) to a service the user never picked.
      problems.push(problemOf(key, result.error, { code: "without-credentials", endpoint: stripped }));
      config[key] = stripped;
      continue;
    }
    problems.push(problemOf(key, result.error, { code: "fallback" }));
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

function problemOf(key: SettingKey, error: $ZodError, outcome: SettingOutcome): SettingProblem {
  const issues = error.issues.slice(0, MAX_ISSUES_SHOWN).map(settingIssue);
  return { key: `junction.${key}`, issues, more: error.issues.length - issues.length, outcome };
}

// Keyed by every check, so a new one cannot be forgotten; a message not listed here is zod's own.
const CHECKS: Record<SettingCheck, true> = {
  "url-too-long": true,
  "not-http-url": true,
  "url-credentials": true,
  empty: true,
  "name-too-long": true,
  "pattern-too-long": true,
  negative: true,
};

function isSettingCheck(message: string): message is SettingCheck {
  return Object.hasOwn(CHECKS, message);
}

function settingIssue(issue: $ZodIssue): SettingIssue {
  const { path, message } = issue;
  if (!isSettingCheck(message)) return { path, code: "zod", message };
  if (message === "url-too-long" || message === "name-too-long" || message === "pattern-too-long")
    return { path, code: message, maxLength: MAX_LENGTHS[message] };
  return { path, code: message };
}
