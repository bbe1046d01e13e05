// The twin's sense of time. Ollama's costs (loading a model, evaluating a prompt, generating
// tokens, keep_alive expiry) are charged on this clock, never on the wall clock directly, so tests
// stay fast and deterministic: the integration and e2e layers run the real clock with costs of ~0,
// unit tests and benchmarks a virtual clock they move themselves.
import { setTimeout as delay } from "node:timers/promises";

export interface TwinClock {
  /** Milliseconds on this clock. */
  now(): number;
  /** Resolves true after `ms` of this clock's time, or false as soon as `signal` aborts. */
  sleep(ms: number, signal: AbortSignal): Promise<boolean>;
}

/**
 * Wall-clock time, with waits scaled by `scale` (0.001: a 3 s model load takes 3 ms). Waits
 * shorter than a millisecond are not waited for: the costs are still reported, just not slept.
 */
export function realClock(scale = 1): TwinClock {
  const started = Date.now();
  return {
    now: () => (scale > 0 ? started + (Date.now() - started) / scale : Date.now()),
    sleep(ms, signal) {
      const real = ms * scale;
      if (signal.aborted || real < 1) return Promise.resolve(!signal.aborted);
      return delay(real, true, { signal }).catch(() => false);
    },
  };
}

interface Timer {
  at: number;
  seq: number;
  wake: (fired: boolean) => void;
}

/**
 * Time that moves only when told to (`advance`, `advanceTo`, `runUntilIdle`), or — with
 * `autoAdvance` — jumps to the next timer whenever the process has had a moment with nothing else
 * to do. Timers fire in time order, ties in the order they were set.
 */
export class VirtualClock implements TwinClock {
  #now: number;
  #seq = 0;
  #timers: Timer[] = [];
  readonly #auto: boolean;
  #autoScheduled = false;

  constructor(options: { start?: number; autoAdvance?: boolean } = {}) {
    this.#now = options.start ?? 0;
    this.#auto = options.autoAdvance === true;
  }

  now(): number {
    return this.#now;
  }

  /** Timers waiting to fire. */
  get pendingTimers(): number {
    return this.#timers.length;
  }

  /** When the next timer fires; undefined when none is set. */
  get nextTimerAt(): number | undefined {
    return this.#timers[0]?.at;
  }

  sleep(ms: number, signal: AbortSignal): Promise<boolean> {
    if (signal.aborted) return Promise.resolve(false);
    if (!(ms > 0)) return Promise.resolve(true);
    return new Promise<boolean>((resolve) => {
      const timer: Timer = { at: this.#now + ms, seq: this.#seq++, wake: resolve };
      const onAbort = (): void => {
        this.#timers = this.#timers.filter((t) => t !== timer);
        resolve(false);
      };
      signal.addEventListener("abort", onAbort, { once: true });
      timer.wake = (fired) => {
        signal.removeEventListener("abort", onAbort);
        resolve(fired);
      };
      this.#timers.push(timer);
      this.#timers.sort((a, b) => a.at - b.at || a.seq - b.seq);
      this.#scheduleAuto();
    });
  }

  /** Moves time forward by `ms`, firing every timer due on the way (each after the ones before it have run). */
  advance(ms: number): Promise<void> {
    return this.advanceTo(this.#now + ms);
  }

  async advanceTo(time: number): Promise<void> {
    for (let fired = 0; fired < 100_000; fired++) {
      const next = this.#timers[0];
      if (!next || next.at > time) break;
      this.#timers.shift();
      this.#now = Math.max(this.#now, next.at);
      next.wake(true);
      await settle();
    }
    this.#now = Math.max(this.#now, time);
  }

  /** Fires timers until none is left (bounded), returning the time reached. */
  async runUntilIdle(maxTimers = 100_000): Promise<number> {
    for (let fired = 0; fired < maxTimers && this.#timers.length > 0; fired++) await this.advanceTo(this.#timers[0]?.at ?? this.#now);
    return this.#now;
  }

  #scheduleAuto(): void {
    if (!this.#auto || this.#autoScheduled) return;
    this.#autoScheduled = true;
    // A real millisecond: long enough for requests sent together to have arrived and queued.
    setTimeout(() => {
      this.#autoScheduled = false;
      const next = this.#timers[0];
      if (next) void this.advanceTo(next.at).then(() => this.#scheduleAuto());
    }, 1);
  }
}

/** Lets promise continuations and I/O callbacks that are already due run. */
export function settle(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
