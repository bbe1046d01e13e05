import type { EgressRefusal } from "./privacy/egressGuard.ts";

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

export class ProviderError extends Error {
  override readonly name = "ProviderError";
  readonly kind: ProviderErrorKind;
  readonly side: ProviderSide;
  readonly endpoint: string;
  readonly model: string | undefined;
  readonly status: number | undefined;
  /** For "egress-refused": which rule stopped the request, and the rule id or document it names. */
  readonly refusal: EgressRefusal | undefined;
  /** The provider's own error code, when it gives one ("insufficient_quota", "unsupported_parameter" …). */
  readonly code: string | undefined;
  /** The request field the provider names as the problem (OpenAI's `param`). */
  readonly param: string | undefined;

  constructor(options: {
    kind: ProviderErrorKind;
    side: ProviderSide;
    endpoint: string;
    model?: string;
    status?: number;
    refusal?: EgressRefusal;
    code?: string;
    param?: string;
    message: string;
    cause?: unknown;
  }) {
    super(options.message, { cause: options.cause });
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
