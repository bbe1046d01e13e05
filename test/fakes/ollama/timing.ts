// What a request costs on the twin's clock, and Ollama's duration settings.

/** Per model: how long a load takes and how fast the runner evaluates the prompt and generates. */
export interface LatencyProfile {
  /** Spawning the runner and reading the weights (sched.go load). */
  loadMs: number;
  /** Prompt evaluation of tokens not already in the KV cache. */
  promptTokensPerSecond: number;
  /** Generation, one token at a time. */
  evalTokensPerSecond: number;
}

export const LATENCY_PROFILES = {
  /** The default: every cost is below a millisecond, so nothing is waited for, yet each is reported. */
  instant: { loadMs: 0.5, promptTokensPerSecond: 1_000_000, evalTokensPerSecond: 100_000 },
  /** A small code model on a laptop CPU. */
  laptopCpu: { loadMs: 3_000, promptTokensPerSecond: 250, evalTokensPerSecond: 25 },
  /** The same model on a desktop GPU. */
  gpu: { loadMs: 1_000, promptTokensPerSecond: 4_000, evalTokensPerSecond: 120 },
} as const satisfies Record<string, LatencyProfile>;

export function promptEvalMs(profile: LatencyProfile, tokens: number): number {
  return (tokens / profile.promptTokensPerSecond) * 1000;
}

export function generationMs(profile: LatencyProfile, tokens: number): number {
  return (tokens / profile.evalTokensPerSecond) * 1000;
}

/** The Go time.Duration maximum: what Ollama stores for "never expire" (a negative keep_alive). */
export const FOREVER_MS = 9_223_372_036_854;
/** envconfig.KeepAlive(): five minutes unless OLLAMA_KEEP_ALIVE says otherwise. */
export const DEFAULT_KEEP_ALIVE_MS = 5 * 60_000;

const UNITS: Record<string, number> = { ns: 1e-6, us: 1e-3, µs: 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/**
 * api.Duration.UnmarshalJSON (api/types.go): a number is seconds, a string is a Go duration
 * ("30m", "1h30m", "0"), negative means forever. Undefined when the request did not say; an
 * error message (Go's wording) when the string is not a duration.
 */
export function parseKeepAlive(value: unknown): { ms: number | undefined } | { error: string } {
  if (value === undefined || value === null) return { ms: undefined };
  if (typeof value === "number") return { ms: value < 0 ? FOREVER_MS : value * 1000 };
  if (typeof value !== "string") return { error: `Unsupported type: '${typeof value}'` };
  const text = value.trim();
  if (text === "0") return { ms: 0 };
  const sign = text.startsWith("-") ? -1 : 1;
  const body = text.replace(/^[-+]/, "");
  const parts = [...body.matchAll(/(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/g)];
  if (body === "" || parts.map((part) => part[0]).join("") !== body) return { error: `time: invalid duration "${value}"` };
  const ms = parts.reduce((sum, part) => sum + Number(part[1]) * (UNITS[part[2] ?? "s"] ?? 0), 0) * sign;
  return { ms: ms < 0 ? FOREVER_MS : ms };
}
