// Live memory that Junction's own code allocated, measured in the extension host it shares with
// VS Code. The process heap also moves with VS Code's work (±8 MB between two soaks), so it cannot
// tell a Junction leak from noise. V8's sampling heap profiler can: started after a warm-up, it
// keeps a sample of every allocation (one per `SAMPLING_INTERVAL_BYTES` on average, with its stack)
// and forgets it when the object is collected; what remains after a full GC is live, and a sample
// whose stack passes through Junction's bundle was allocated by Junction.
import { Session } from "node:inspector/promises";
import { runInNewContext } from "node:vm";
import { setFlagsFromString } from "node:v8";

/** Small enough that a few MB of live data are hundreds of samples (relative error of a few %). */
const SAMPLING_INTERVAL_BYTES = 4_096;

setFlagsFromString("--expose-gc");
const collectGarbage = runInNewContext("gc") as () => void;

interface ProfileNode {
  callFrame: { url: string; functionName: string; lineNumber: number; columnNumber: number };
  selfSize: number;
  children: ProfileNode[];
}

export class OwnedHeapSampler {
  readonly #session = new Session();
  readonly #isOwned: (scriptUrl: string) => boolean;

  /** `isOwned` tells Junction's scripts by URL (its bundle's path). */
  constructor(isOwned: (scriptUrl: string) => boolean) {
    this.#isOwned = isOwned;
  }

  async start(): Promise<void> {
    this.#session.connect();
    await this.#session.post("HeapProfiler.enable");
    await this.#session.post("HeapProfiler.startSampling", {
      samplingInterval: SAMPLING_INTERVAL_BYTES,
      includeObjectsCollectedByMajorGC: false,
      includeObjectsCollectedByMinorGC: false,
    });
  }

  /** Bytes allocated since `start` by Junction's code and still alive after a full GC. */
  async ownedLiveBytes(): Promise<number> {
    return (await this.#owned()).total;
  }

  /**
   * Where those bytes were allocated: the innermost frame of Junction's own code on each stack,
   * largest first, so a failing soak names the code that keeps memory.
   */
  async topAllocationSites(count: number): Promise<string[]> {
    const { sites } = await this.#owned();
    return [...sites.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, count)
      .map(([site, bytes]) => `${site}: ${(bytes / 1024).toFixed(0)} KB`);
  }

  async #owned(): Promise<{ total: number; sites: Map<string, number> }> {
    for (let i = 0; i < 3; i += 1) collectGarbage();
    const { profile } = (await this.#session.post("HeapProfiler.getSamplingProfile")) as unknown as { profile: { head: ProfileNode } };
    let total = 0;
    const sites = new Map<string, number>();
    const pending: Array<{ node: ProfileNode; site: string | undefined }> = [{ node: profile.head, site: undefined }];
    for (let next = pending.pop(); next; next = pending.pop()) {
      const frame = next.node.callFrame;
      const site = this.#isOwned(frame.url) ? `${frame.functionName || "(anonymous)"} at ${frame.lineNumber + 1}:${frame.columnNumber + 1}` : next.site;
      if (site !== undefined && next.node.selfSize > 0) {
        total += next.node.selfSize;
        sites.set(site, (sites.get(site) ?? 0) + next.node.selfSize);
      }
      for (const child of next.node.children) pending.push({ node: child, site });
    }
    return { total, sites };
  }

  async stop(): Promise<void> {
    await this.#session.post("HeapProfiler.stopSampling");
    this.#session.disconnect();
  }
}

/** The process heap after a full GC, printed for context only: it is not Junction's alone. */
export function processHeapAfterGc(): number {
  for (let i = 0; i < 3; i += 1) collectGarbage();
  return process.memoryUsage().heapUsed;
}

export interface Growth {
  /** Least-squares slope, bytes per unit of work. */
  perUnit: number;
  /** Its standard error, from the residuals. */
  standardError: number;
}

/**
 * How live memory grows with work: the least-squares slope of (work done, bytes) points and its
 * standard error. A leak grows with every request, so the slope is positive and large against its
 * error; structures that fill up and stay bounded give a flat line once full.
 */
export function growthPerUnit(points: ReadonlyArray<{ work: number; bytes: number }>): Growth {
  const n = points.length;
  if (n < 3) throw new Error("a slope and its error need at least three points");
  const meanWork = points.reduce((sum, point) => sum + point.work, 0) / n;
  const meanBytes = points.reduce((sum, point) => sum + point.bytes, 0) / n;
  const sxx = points.reduce((sum, point) => sum + (point.work - meanWork) ** 2, 0);
  const sxy = points.reduce((sum, point) => sum + (point.work - meanWork) * (point.bytes - meanBytes), 0);
  const perUnit = sxy / sxx;
  const residuals = points.reduce((sum, point) => sum + (point.bytes - meanBytes - perUnit * (point.work - meanWork)) ** 2, 0);
  return { perUnit, standardError: Math.sqrt(residuals / (n - 2) / sxx) };
}
