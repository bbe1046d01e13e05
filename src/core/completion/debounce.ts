import type { Clock } from "../ports.ts";
import { systemClock } from "../ports.ts";

export interface AdaptiveDebounceOptions {
  /** The shortest wait, in ms (`junction.completion.debounceFloorMs`). */
  floorMs: number;
  /** The longest wait, in ms (`junction.completion.debounceCeilingMs`). */
  ceilingMs: number;
  clock?: Clock;
  /** How many recent keystroke gaps to learn from. Default 10. */
  samples?: number;
}

/** The share of recent gaps the wait should outlast: most keystrokes of a burst come sooner. */
const GAP_PERCENTILE = 0.75;
/** Margin over that gap, so a keystroke that comes a little late still cancels nothing. */
const GAP_MARGIN = 1.25;
/** A gap this many ceilings long is a pause, not the user's typing rhythm. */
const PAUSE_CEILINGS = 3;

/**
 * How long to wait after a keystroke before asking for a completion: just longer than the
 * user's usual gap between keystrokes (the 75th percentile of the last gaps, plus a quarter),
 * clamped to [floor, ceiling]. A fast typist gets completions sooner once they stop; a slow one
 * does not get a request between every two keys. Pauses are left out of the rhythm. With no
 * rhythm yet, it waits the ceiling. Deterministic for given timestamps.
 */
export class AdaptiveDebounce {
  readonly #floor: number;
  readonly #ceiling: number;
  readonly #clock: Clock;
  readonly #samples: number;
  readonly #gaps: number[] = [];
  #last: number | undefined;

  constructor(options: AdaptiveDebounceOptions) {
    this.#ceiling = Math.max(0, options.ceilingMs);
    this.#floor = Math.min(Math.max(0, options.floorMs), this.#ceiling);
    this.#clock = options.clock ?? systemClock;
    this.#samples = Math.max(1, options.samples ?? 10);
  }

  recordKeystroke(now: number = this.#clock.now()): void {
    const gap = this.#last === undefined ? undefined : now - this.#last;
    if (gap !== undefined && gap < 0) return; // a clock that went back says nothing about rhythm
    this.#last = now;
    if (gap === undefined || gap > PAUSE_CEILINGS * Math.max(this.#ceiling, 1)) return;
    this.#gaps.push(gap);
    if (this.#gaps.length > this.#samples) this.#gaps.shift();
  }

  /** The wait before the next request, in whole ms. */
  delay(): number {
    if (this.#gaps.length === 0) return this.#ceiling;
    const sorted = [...this.#gaps].sort((a, b) => a - b);
    const gap = sorted[Math.min(sorted.length - 1, Math.floor(GAP_PERCENTILE * sorted.length))] ?? this.#ceiling;
    return Math.round(Math.min(this.#ceiling, Math.max(this.#floor, gap * GAP_MARGIN)));
  }
}
