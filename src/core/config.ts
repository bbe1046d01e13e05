import { z } from "zod";

/**
 * The one schema for Junction's settings. `package.json` `contributes.configuration` declares the
 * same keys (a unit test compares them). Every field has a safe default: when a value is invalid
 * the field falls back to its default, which for privacy means local-only.
 */

const httpUrl = z
  .string()
  .trim()
  .refine((value) => {
    try {
      const url = new URL(value);
      return url.protocol === "http:" || url.protocol === "https:";
    } catch {
      return false;
    }
  }, "must be an http:// or https:// URL")
  .transform((value) => value.replace(/\/+$/, ""));

const nonEmpty = z.string().trim().min(1, "must not be empty");
const usd = z.number().finite().nonnegative("must be zero or more");

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
  "local.completionModel": nonEmpty.default("qwen2.5-coder:1.5b-base"),
  "local.refactorModel": nonEmpty.default("qwen2.5-coder:7b-instruct"),
  "cloud.endpoint": httpUrl.default("https://api.openai.com/v1"),
  "cloud.model": nonEmpty.default("gpt-5-mini"),
  "privacy.mode": z.enum(["auto", "local-only", "cloud-allowed"]).default("auto"),
  "privacy.privateRemotes": z.array(nonEmpty).default([]),
  "privacy.localOnlyFiles": z.array(nonEmpty).default([...DEFAULT_LOCAL_ONLY_FILES]),
  "privacy.secrets": z.enum(["redact", "route-local"]).default("redact"),
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

export interface ParsedConfig {
  config: JunctionConfig;
  /** One entry per invalid setting; each of those fell back to its safe value (SAFE_FALLBACKS) or default. */
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
    } else {
      problems.push({ key: `junction.${key}`, message: z.prettifyError(result.error) });
      config[key] = key in SAFE_FALLBACKS ? SAFE_FALLBACKS[key] : schema.parse(undefined);
    }
  }
  return { config: config as JunctionConfig, problems };
}

/** One readable message for all problems, for the log and a single notification. */
export function describeSettingProblems(problems: readonly SettingProblem[]): string {
  return problems.map((problem) => `${problem.key}: ${problem.message.replace(/\n/g, " ")}`).join("; ");
}
