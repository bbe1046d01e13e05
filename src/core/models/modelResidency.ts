// Whether Ollama holds Junction's completion and refactor models side by side. It unloads a model
// to make room for another when OLLAMA_MAX_LOADED_MODELS runners are loaded or memory is short
// (server/sched.go findRunnerToUnload); with one slot, every switch between a completion and a
// refactor reloads a model. Junction cannot see the slots, but it can see a generation that
// waited for a load (Ollama's load_duration) and ask /api/ps what is still loaded.

/** A load_duration this long means the runner was started for this request, not just scheduled. */
const LOAD_MS = 500;
/** Junction asks Ollama to keep a model this long after its last request (keep_alive). */
const KEEP_ALIVE_MS = 30 * 60_000;

export class ModelResidency {
  readonly #lastUsed = new Map<string, number>();
  readonly #now: () => number;
  #reported = false;

  constructor(now: () => number) {
    this.#now = now;
  }

  /**
   * After a generation with `model`: the other models Junction used within their keep_alive
   * that Ollama may have dropped to load this one — the ones to look for in /api/ps. Empty when
   * there is nothing to check (no load happened, nothing else in use, or already reported).
   */
  afterGeneration(model: string, loadMs: number): string[] {
    const now = this.#now();
    this.#lastUsed.set(withTag(model), now);
    if (this.#reported || loadMs < LOAD_MS) return [];
    return [...this.#lastUsed].filter(([name, at]) => name !== withTag(model) && now - at < KEEP_ALIVE_MS).map(([name]) => name);
  }

  /** Of `candidates`, those `loaded` (/api/ps names) no longer lists; once some are found, later checks report nothing. */
  evicted(candidates: readonly string[], loaded: readonly string[]): string[] {
    const held = new Set(loaded.map(withTag));
    const gone = candidates.filter((name) => !held.has(withTag(name)));
    if (gone.length > 0) this.#reported = true;
    return gone;
  }
}

/** Ollama's default tag, so "m" and "m:latest" compare equal. */
function withTag(name: string): string {
  const lower = name.trim().toLowerCase();
  return lower.lastIndexOf(":") > lower.lastIndexOf("/") ? lower : `${lower}:latest`;
}
