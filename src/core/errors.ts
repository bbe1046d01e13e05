import type { EgressRefusal, EgressRule } from "./privacy/egressGuard.ts";

/**
 * Typed errors of the core. Callers branch on `kind`, never on message text; the words a user
 * reads are chosen in `src/host`.
 */
export type ProviderErrorKind =
  /** Nothing answers at the endpoint (connection refused, DNS failure, reset before a reply). */
  | "unreachable"
  /** The server answered but does not have the model (Ollama 404 "not found, try pulling it"). */
  | "model-not-found"
  /** The model cannot fill in the middle (Ollama 400 "does not support insert"). */
  | "model-lacks-insert"
  /** Ollama proxies the "local" model to a remote service, so private code must not go to it. */
  | "model-is-remote"
  | "unauthorized"
  | "rate-limited"
  | "server-error"
  | "bad-request"
  /** The reply could not be understood (malformed stream, error line mid-stream). */
  | "bad-response"
  | "timeout"
  /**
   * Junction's egress guard stopped the request before anything was sent: it still held a secret
   * or text of a local-only document. A privacy event, never retried or sent elsewhere.
   */
  | "egress-refused"
  /** The caller cancelled; expected, never shown to the user. */
  | "aborted";

export type ProviderSide = "local" | "cloud";

/**
 * What went wrong, as a code with its parameters (issue #15: decisions are data). `kind` says
 * what the caller may do about it (retry, fall back, mark the model unavailable); the problem
 * says what to tell the user, and providerWords.ts words it. Text a server or client wrote
 * itself stays a parameter: it has no words of Junction's to translate.
 */
export type ProviderProblem =
  /** The deadline passed before the server answered. */
  | { code: "timeout"; endpoint: string }
  | { code: "cancelled" }
  | { code: "unreachable"; endpoint: string }
  /** A self-hosted OpenAI-compatible server does not list the model; `served` is every model it lists. */
  | { code: "model-not-served"; model: string; endpoint: string; served: readonly string[] }
  | { code: "egress-refused"; rule: EgressRule; source: string }
  | { code: "model-is-remote"; model: string }
  | { code: "model-lacks-insert"; model: string }
  /** A local chat whose prompt does not fit the one window Junction gives the model. */
  | { code: "prompt-too-long"; model: string; promptTokens: number; windowTokens: number }
  /** A chat that cannot fit the local window even with the oldest messages left out. */
  | { code: "conversation-over-window" }
  /** A chat with tools sent to a local provider that has no tool-calling chat. */
  | { code: "no-chat-with-tools" }
  /** Ollama's pull stream ended without reporting success. */
  | { code: "pull-unfinished"; model: string }
  | { code: "no-cloud-key" }
  /** The server's own error text (an HTTP error's message). */
  | { code: "server-said"; text: string }
  /** What the client said about an answer it could not read (a malformed stream, an error line mid-stream). */
  | { code: "unreadable-answer"; text: string }
  /** Words the thrower chose itself (a ProviderError built with `message`). */
  | { code: "worded"; text: string };

/**
 * The problem in plain English, for `Error.message`: what logs, stack traces and a defect report
 * show, whatever the display language, and without the core depending on l10n. It is exactly the
 * English of providerWords.ts (providerWords.test.ts holds the two together), so a ledger reason
 * built from the message reads as before; what the user reads is worded from the code in the host.
 */
export function englishProblem(problem: ProviderProblem): string {
  switch (problem.code) {
    case "timeout":
      return `no answer from ${problem.endpoint} in time`;
    case "cancelled":
      return "request cancelled";
    case "unreachable":
      return `nothing answers at ${problem.endpoint}`;
    case "model-not-served":
      return problem.served.length > 0
        ? `${problem.model} is not served at ${problem.endpoint} (it serves ${problem.served.slice(0, SERVED_NAMED).join(", ")})`
        : `${problem.model} is not served at ${problem.endpoint} (it serves no models)`;
    case "egress-refused":
      return `the egress guard stopped the request (${problem.rule}: ${problem.source})`;
    case "model-is-remote":
      return `${problem.model} runs on a remote service`;
    case "model-lacks-insert":
      return `${problem.model} cannot fill in the middle`;
    case "prompt-too-long":
      return `the request needs about ${problem.promptTokens} tokens, more than the ${problem.windowTokens}-token context Junction gives ${problem.model} (junction.local.contextTokens)`;
    case "conversation-over-window":
      return "the conversation does not fit the local model's window";
    case "no-chat-with-tools":
      return "this local provider has no chat with tools";
    case "pull-unfinished":
      return `Ollama did not finish pulling ${problem.model}`;
    case "no-cloud-key":
      return "no cloud API key is set";
    case "server-said":
    case "unreadable-answer":
    case "worded":
      return problem.text;
  }
}

/** How many of the served models a "not served" sentence names. */
export const SERVED_NAMED = 5;

export class ProviderError extends Error {
  override readonly name = "ProviderError";
  readonly kind: ProviderErrorKind;
  readonly side: ProviderSide;
  readonly endpoint: string;
  readonly model: string | undefined;
  readonly status: number | undefined;
  /** What went wrong, for the host to word; `message` is its English. */
  readonly problem: ProviderProblem;
  /** For "egress-refused": which rule stopped the request, and the rule id or document it names. */
  readonly refusal: EgressRefusal | undefined;
  /** The provider's own error code, when it gives one ("insufficient_quota", "unsupported_parameter" …). */
  readonly code: string | undefined;
  /** The request field the provider names as the problem (OpenAI's `param`). */
  readonly param: string | undefined;

  constructor(
    options: {
      kind: ProviderErrorKind;
      side: ProviderSide;
      endpoint: string;
      model?: string;
      status?: number;
      refusal?: EgressRefusal;
      code?: string;
      param?: string;
      cause?: unknown;
    } & ({ problem: ProviderProblem; message?: never } | { message: string; problem?: never }),
  ) {
    const problem: ProviderProblem = options.problem ?? { code: "worded", text: options.message };
    super(englishProblem(problem), { cause: options.cause });
    this.problem = problem;
    this.kind = options.kind;
    this.side = options.side;
    this.endpoint = options.endpoint;
    this.model = options.model;
    this.status = options.status;
    this.refusal = options.refusal;
    this.code = options.code;
    this.param = options.param;
  }

  static is(error: unknown, kind?: ProviderErrorKind): error is ProviderError {
    return error instanceof ProviderError && (kind === undefined || error.kind === kind);
  }
}
