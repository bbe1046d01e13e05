/**
 * What Junction's requests hold while they run — timers (deadlines, debounce waits) and the
 * requests themselves — counted. Every request must give back what it took, however it ends;
 * VS Code's own timers share the process, so a long-running check can judge Junction only by
 * counting what Junction itself holds, never by counting the process.
 */

export interface HeldResources {
  /** Timers started for a request (a deadline, a debounce wait) and not yet fired or cleared. */
  timers: number;
  /** Requests started under a deadline and not yet settled. */
  requests: number;
}

const held: HeldResources = { timers: 0, requests: 0 };

/** A snapshot: what Junction's requests hold right now. */
export function heldResources(): HeldResources {
  return { ...held };
}

/** Counts one resource of `kind` until the returned release is called (idempotent). */
export function hold(kind: keyof HeldResources): () => void {
  held[kind] += 1;
  let released = false;
  return () => {
    if (released) return;
    released = true;
    held[kind] -= 1;
  };
}

/** `setTimeout`, counted while pending; the returned function clears it. */
export function startTimer(ms: number, onFire: () => void): () => void {
  const release = hold("timers");
  const timer = setTimeout(() => {
    release();
    onFire();
  }, ms);
  return () => {
    clearTimeout(timer);
    release();
  };
}
