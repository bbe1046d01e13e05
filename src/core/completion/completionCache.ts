// Answers repeated positions without asking the model again: an LRU of finished completions,
// and the one request still streaming. Both also serve a user who types exactly what a
// completion predicted ("typing through" the ghost text).

export interface CompletionKey {
  /** The text before the cursor (a window of it is enough, as long as it is the same window). */
  prefix: string;
  /** The text after the cursor. */
  suffix: string;
  model: string;
}

export interface CompletionCacheOptions {
  /** Entries kept; the least recently used goes first. Default 200. */
  maxEntries?: number;
  /** Characters of the prefix's end that identify a position. Default 200. */
  prefixChars?: number;
  /** Characters of the suffix's start that identify a position. Default 100. */
  suffixChars?: number;
}

interface Entry {
  model: string;
  prefixTail: string;
  suffixHead: string;
  completion: string;
}

/** The longest stretch of typing through a completion that is still looked for. */
const MAX_TYPED_CHARS = 400;

export class CompletionCache {
  readonly #entries = new Map<string, Entry>();
  readonly #maxEntries: number;
  readonly #prefixChars: number;
  readonly #suffixChars: number;

  constructor(options: CompletionCacheOptions = {}) {
    this.#maxEntries = Math.max(1, options.maxEntries ?? 200);
    this.#prefixChars = Math.max(1, options.prefixChars ?? 200);
    this.#suffixChars = Math.max(0, options.suffixChars ?? 100);
  }

  get size(): number {
    return this.#entries.size;
  }

  /** Remembers a finished completion ("" too: the model had nothing here, don't ask again). */
  set(key: CompletionKey, completion: string): void {
    const entry: Entry = { model: key.model, prefixTail: key.prefix.slice(-this.#prefixChars), suffixHead: key.suffix.slice(0, this.#suffixChars), completion };
    const id = this.#id(entry.model, entry.prefixTail, entry.suffixHead);
    this.#entries.delete(id);
    this.#entries.set(id, entry);
    while (this.#entries.size > this.#maxEntries) {
      const oldest = this.#entries.keys().next().value;
      if (oldest === undefined) break;
      this.#entries.delete(oldest);
    }
  }

  /** The completion cached for exactly this position; undefined when there is none. */
  get(key: CompletionKey): string | undefined {
    const id = this.#id(key.model, key.prefix.slice(-this.#prefixChars), key.suffix.slice(0, this.#suffixChars));
    const entry = this.#entries.get(id);
    if (entry === undefined) return undefined;
    this.#touch(id, entry);
    return entry.completion;
  }

  /**
   * An exact hit, or else what is left of a cached completion whose beginning the user has
   * typed since (same model, same text after the cursor). Undefined when neither applies.
   */
  lookup(key: CompletionKey): string | undefined {
    const exact = this.get(key);
    if (exact !== undefined) return exact;
    const suffixHead = key.suffix.slice(0, this.#suffixChars);
    const recent = key.prefix.slice(-(this.#prefixChars + MAX_TYPED_CHARS));
    // Newest first: the completion shown last is the one the user is typing through.
    for (const [id, entry] of [...this.#entries].reverse()) {
      if (entry.model !== key.model || entry.suffixHead !== suffixHead || entry.completion === "") continue;
      const typed = this.#typedSince(entry.prefixTail, key.prefix, recent);
      if (typed === undefined || typed === "" || !entry.completion.startsWith(typed)) continue;
      const rest = entry.completion.slice(typed.length);
      if (rest.trim() === "") continue;
      this.#touch(id, entry);
      return rest;
    }
    return undefined;
  }

  /** What was typed after a cached prefix tail, if the new prefix continues it. */
  #typedSince(prefixTail: string, prefix: string, recent: string): string | undefined {
    // A tail shorter than the window is the start of the document: it must stay the start.
    if (prefixTail.length < this.#prefixChars) {
      return prefix.startsWith(prefixTail) && prefix.length - prefixTail.length <= MAX_TYPED_CHARS ? prefix.slice(prefixTail.length) : undefined;
    }
    const at = recent.lastIndexOf(prefixTail);
    return at < 0 ? undefined : recent.slice(at + prefixTail.length);
  }

  clear(): void {
    this.#entries.clear();
  }

  #touch(id: string, entry: Entry): void {
    this.#entries.delete(id);
    this.#entries.set(id, entry);
  }

  #id(model: string, prefixTail: string, suffixHead: string): string {
    // Lengths make the key unambiguous whatever characters the parts contain.
    return `${model.length}:${model}${prefixTail.length}:${prefixTail}${suffixHead}`;
  }
}

/**
 * What is left of a completion made at `cachedPrefix` once the user has typed on to
 * `newPrefix`: defined only when the new prefix is the cached one plus exactly the beginning of
 * the completion, and something is left to suggest. Same prefix: the whole completion.
 */
export function reuseTypedThrough(cachedPrefix: string, cachedCompletion: string, newPrefix: string): string | undefined {
  if (newPrefix.length < cachedPrefix.length || !newPrefix.startsWith(cachedPrefix)) return undefined;
  const typed = newPrefix.slice(cachedPrefix.length);
  if (!cachedCompletion.startsWith(typed)) return undefined;
  const rest = cachedCompletion.slice(typed.length);
  return rest.trim() === "" ? undefined : rest;
}

interface Pending {
  key: CompletionKey;
  controller: AbortController;
  /** The post-processed completion, "" for none; rejects as the request does. */
  result: Promise<string>;
  /** The raw text streamed so far, to tell early that the user typed something else. */
  streamed: string;
}

/**
 * The one completion request still streaming, so that a keystroke that types what it is
 * predicting reuses it instead of aborting it and asking again.
 *
 * How a host uses it, per request (after a cache miss):
 *   1. `const joined = inFlight.join(key)`: when defined, await it (without aborting the shared
 *      request if this one is cancelled) and show the result if it is not undefined.
 *   2. Otherwise `inFlight.start(key, controller, promise)`, which aborts the previous request:
 *      nobody can use it any more. Feed `progress(text)` from the stream's `onText` if at hand.
 *   3. When the editor's own cancellation fires, do not abort the controller directly; the next
 *      `start` does, so a request the user is typing through survives its first cancellation.
 */
export class InFlightCompletion {
  #pending: Pending | undefined;

  /** Tracks a new request and aborts the one before it. */
  start(key: CompletionKey, controller: AbortController, result: Promise<string>): void {
    this.abort();
    const pending: Pending = { key, controller, result, streamed: "" };
    this.#pending = pending;
    const settle = (): void => {
      if (this.#pending === pending) this.#pending = undefined;
    };
    result.then(settle, settle);
  }

  /** The raw text the tracked request has streamed so far. */
  progress(streamed: string): void {
    if (this.#pending !== undefined) this.#pending.streamed = streamed;
  }

  /**
   * A promise of what the tracked request will leave to suggest at `key` (undefined when its
   * answer turns out not to start with what was typed), or undefined when it cannot serve `key`
   * at all: another model, other text after the cursor, or the user typed something else.
   */
  join(key: CompletionKey): Promise<string | undefined> | undefined {
    const pending = this.#pending;
    if (pending === undefined || pending.key.model !== key.model || pending.key.suffix !== key.suffix) return undefined;
    if (!key.prefix.startsWith(pending.key.prefix)) return undefined;
    const typed = key.prefix.slice(pending.key.prefix.length);
    // The raw stream can still change at its start (a fence, a token), so only a clear mismatch counts.
    const head = pending.streamed.trimStart();
    // Nothing streamed yet: whether the user typed what it will say is unknowable, and a stream
    // that never starts must not hold the new keystroke hostage.
    if (typed.trim() !== "" && head === "") return undefined;
    if (head.length >= typed.length && typed.trim() !== "" && !head.startsWith(typed.trimStart())) return undefined;
    return pending.result.then(
      (completion) => reuseTypedThrough(pending.key.prefix, completion, key.prefix),
      () => undefined,
    );
  }

  /** Aborts the tracked request, if any. */
  abort(): void {
    this.#pending?.controller.abort();
    this.#pending = undefined;
  }
}
