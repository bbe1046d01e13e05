// Shared by the benchmarks: timing samples, percentiles and seeded text. Benchmarks print
// numbers; nothing here asserts anything.

export const ALPHANUMERIC = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

export function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

/** Sorted per-run times in ms, after a warm-up so the JIT has settled. */
export function samplesMs(run: () => unknown, iterations: number, warmUp = 200): number[] {
  let sink = 0;
  for (let i = 0; i < Math.min(warmUp, iterations); i += 1) sink += run() === undefined ? 0 : 1;
  const samples: number[] = [];
  for (let i = 0; i < iterations; i += 1) {
    const start = process.hrtime.bigint();
    sink += run() === undefined ? 0 : 1;
    samples.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  if (sink < 0) console.log(sink); // keeps the results observable, so no call is optimised away
  return samples.sort((a, b) => a - b);
}

/** Seeded, so every run measures the same text. */
export function randomText(seed: number): (length: number, alphabet?: string) => string {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t ^= t + Math.imul(t ^ (t >>> 7), 61 | t);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return (length, alphabet = ALPHANUMERIC) => Array.from({ length }, () => alphabet[Math.floor(next() * alphabet.length)]).join("");
}
