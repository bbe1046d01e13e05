/**
 * One promise per key, shared by every caller while it runs and after it resolves. A rejected
 * promise is forgotten — only if it is still the cached one, so an older failure settling late
 * cannot drop a newer request — and the next call asks again.
 */
export class PromiseCache<K, V> {
  readonly #entries = new Map<K, Promise<V>>();

  get(key: K, load: () => Promise<V>, options: { refresh?: boolean } = {}): Promise<V> {
    const cached = options.refresh ? undefined : this.#entries.get(key);
    if (cached) return cached;
    const loading = load();
    this.#entries.set(key, loading);
    loading.catch(() => {
      if (this.#entries.get(key) === loading) this.#entries.delete(key);
    });
    return loading;
  }

  forget(key: K): void {
    this.#entries.delete(key);
  }
}
