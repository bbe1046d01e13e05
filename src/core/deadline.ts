import { hold, startTimer } from "./heldResources.ts";

/**
 * Runs `work` with a signal that aborts when the caller's does or when `ms` have passed, whichever
 * comes first; a deadline aborts with a `TimeoutError`, which providers report as a timeout.
 * Unlike `AbortSignal.any([signal, AbortSignal.timeout(ms)])`, the timer and the listener are
 * released as soon as the work settles, so thousands of short requests leave nothing behind.
 */
export async function withDeadline<T>(signal: AbortSignal, ms: number, work: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const releaseRequest = hold("requests");
  const controller = new AbortController();
  const onAbort = () => controller.abort(signal.reason);
  if (signal.aborted) onAbort();
  else signal.addEventListener("abort", onAbort, { once: true });
  const stopTimer = startTimer(ms, () => controller.abort(new DOMException(`no answer within ${ms} ms`, "TimeoutError")));
  try {
    return await work(controller.signal);
  } finally {
    stopTimer();
    signal.removeEventListener("abort", onAbort);
    releaseRequest();
  }
}
