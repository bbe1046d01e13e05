// Junction's one convention for failures that are expected — an answer that does not parse, a plan
// that does not fit the files, a path that is refused, a refactor that cannot be prepared, a model
// name Ollama would refuse: they are values, never exceptions. `ok` tells success from failure; a
// failure carries `error`, whose `kind` is one of a closed set the caller can switch on exhaustively
// and whose `message` (when it has one) is the user's words. Thrown errors are kept for I/O that
// fails (`ProviderError`) and for programming mistakes.

/** An expected failure: a closed `kind`, and whatever that kind needs to be worded. */
export interface Failure<E extends { kind: string }> {
  ok: false;
  error: E;
}

/** What succeeded (its fields beside `ok: true`), or why it did not. */
export type Result<T extends object, E extends { kind: string }> = ({ ok: true } & T) | Failure<E>;

export function failure<E extends { kind: string }>(error: E): Failure<E> {
  return { ok: false, error };
}
