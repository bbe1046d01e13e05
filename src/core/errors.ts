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
    this.code = options.code;
    this.param = options.param;
  }

  static is(error: unknown, kind?: ProviderErrorKind): error is ProviderError {
    return error instanceof ProviderError && (kind === undefined || error.kind === kind);
  }
}
