// One reading of what went wrong with a request to a model server, for every provider: an HTTP
// status becomes a kind, a cancellation is told from a deadline, and each gets the same problem
// code (providerWords.ts words it).
// The providers differ only in how their client reports these (ollama's status_code, openai's
// error classes), which each reads before asking here.
import { ProviderError } from "../errors.ts";
import type { ProviderErrorKind, ProviderSide } from "../errors.ts";

export interface FailureBase {
  side: ProviderSide;
  endpoint: string;
  model: string | undefined;
  cause: unknown;
}

/** The kind an HTTP error status means, the same for Ollama's API and OpenAI-compatible ones. */
export function kindForStatus(status: number, message = ""): ProviderErrorKind {
  if (status === 404) return "model-not-found";
  // Ollama's wording; no structured code says this. No other server uses it.
  if (status === 400 && /does not support insert/i.test(message)) return "model-lacks-insert";
  if (status === 401 || status === 403) return "unauthorized";
  if (status === 429) return "rate-limited";
  if (status >= 500) return "server-error";
  return "bad-request";
}

/** A deadline (AbortSignal.timeout, or the client's own) is a timeout; anything else that stopped the request is the caller cancelling. */
export function isDeadline(reason: unknown): boolean {
  return (reason as { name?: unknown } | undefined)?.name === "TimeoutError";
}

export function stoppedError(base: FailureBase, timedOut: boolean): ProviderError {
  return timedOut
    ? new ProviderError({ ...base, kind: "timeout", problem: { code: "timeout", endpoint: base.endpoint } })
    : new ProviderError({ ...base, kind: "aborted", problem: { code: "cancelled" } });
}

export function unreachableError(base: FailureBase): ProviderError {
  return new ProviderError({ ...base, kind: "unreachable", problem: { code: "unreachable", endpoint: base.endpoint } });
}

export function statusError(base: FailureBase, status: number, message: string, extra: { code?: string; param?: string } = {}): ProviderError {
  return new ProviderError({ ...base, kind: kindForStatus(status, message), status, problem: { code: "server-said", text: message }, ...extra });
}

/** What is left: the server answered something that could not be understood. */
export function badResponseError(base: FailureBase, error: unknown): ProviderError {
  const text = error instanceof Error ? error.message : String(error);
  return new ProviderError({ ...base, kind: "bad-response", problem: { code: "unreadable-answer", text } });
}
