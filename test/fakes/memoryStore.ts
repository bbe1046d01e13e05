// An in-memory KeyValueStore behaving like VS Code's globalState: values go through JSON (what
// the real store persists), `update` changes what `get` returns at once and then resolves, and
// `undefined` removes the key. Tests can plant raw data and make reads or writes fail.
import type { KeyValueStore } from "../../src/core/ledger/costLedger.ts";

export class MemoryStore implements KeyValueStore {
  readonly #values = new Map<string, string>();
  /** Every successful update, in order. */
  readonly updates: Array<{ key: string; value: unknown }> = [];
  /** Set to make the next reads throw / the next updates reject. */
  failReads = false;
  failWrites = false;

  get<T>(key: string): T | undefined {
    if (this.failReads) throw new Error("storage unavailable");
    const json = this.#values.get(key);
    return json === undefined ? undefined : (JSON.parse(json) as T);
  }

  update(key: string, value: unknown): Promise<void> {
    if (this.failWrites) return Promise.reject(new Error("disk full"));
    if (value === undefined) this.#values.delete(key);
    else this.#values.set(key, JSON.stringify(value));
    this.updates.push({ key, value: value === undefined ? undefined : JSON.parse(JSON.stringify(value)) });
    return Promise.resolve();
  }

  /** Plants a value as-is, as another version of the extension (or a corrupt file) might have left it. */
  plant(key: string, value: unknown): void {
    this.#values.set(key, JSON.stringify(value));
  }

  keys(): string[] {
    return [...this.#values.keys()];
  }
}
