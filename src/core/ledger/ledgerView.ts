import type { RequestKind, Target } from "../routing/router.ts";

/**
 * What the panel receives of the session's entries: one page of the request table and the
 * session chart's steps, never the whole list. The ledger keeps up to `maxSessionEntries` rows;
 * sending them all on every request made the webview parse, diff and draw thousands of rows per
 * keystroke-triggered update. A page and a bounded number of chart steps cost the same however
 * long the session runs, and the filter runs here, over every row kept, not over one page.
 */

/** By target, or "chat": the requests of VS Code's chat, wherever they went. */
export type RouteFilter = "all" | "local" | "cloud" | "chat";

/** Which rows the panel asks for: the page is 0-based (newest first) and clamped to the last page. */
export interface PageRequest {
  page: number;
  filter: RouteFilter;
}

export interface RequestPage<Row> {
  filter: RouteFilter;
  /** 0-based, within [0, pageCount - 1]. */
  page: number;
  pageSize: number;
  /** At least 1: an empty list is one empty page. */
  pageCount: number;
  /** Rows that pass the filter, of all the rows kept. */
  matching: number;
  /** Rows kept per filter, so every filter's label can say how many it would show. */
  counts: Record<RouteFilter, number>;
  /** This page's rows, newest first. */
  rows: Row[];
}

/** The session chart's input: one step per request, or per run of requests once there are many. */
export interface SpendStep {
  time: number;
  target: Target;
  /** Known costs only, as the chart draws them (an unknown price adds nothing to its lines). */
  usd: number;
  baselineUsd: number;
}

export const REQUEST_PAGE_SIZE = 50;
/** Enough for a smooth line at any panel width; a marker per request stops being legible long before. */
export const MAX_SPEND_STEPS = 600;

export const FIRST_PAGE: PageRequest = Object.freeze({ page: 0, filter: "all" });

export function matchesFilter(row: { target: Target; kind?: RequestKind }, filter: RouteFilter): boolean {
  return filter === "all" || (filter === "chat" ? row.kind === "chat" : row.target === filter);
}

/** One page of `rows` (newest first) that pass the request's filter. */
export function requestPage<Row extends { target: Target; kind?: RequestKind }>(
  rows: readonly Row[],
  request: PageRequest,
  pageSize = REQUEST_PAGE_SIZE,
): RequestPage<Row> {
  const size = Math.max(1, Math.floor(pageSize));
  const counts: Record<RouteFilter, number> = { all: rows.length, local: 0, cloud: 0, chat: 0 };
  for (const row of rows) {
    if (row.target === "local") counts.local += 1;
    else if (row.target === "cloud") counts.cloud += 1;
    if (row.kind === "chat") counts.chat += 1;
  }
  const matching = counts[request.filter];
  const pageCount = Math.max(1, Math.ceil(matching / size));
  // A page past the end (the session was cleared, or the panel asked for too much) is the last one.
  const asked = Number.isFinite(request.page) ? Math.floor(request.page) : 0;
  const page = Math.min(Math.max(0, asked), pageCount - 1);
  const start = page * size;
  let pageRows: Row[];
  if (request.filter === "all") {
    pageRows = rows.slice(start, start + size);
  } else {
    pageRows = [];
    let seen = 0;
    for (const row of rows) {
      if (!matchesFilter(row, request.filter)) continue;
      if (seen >= start) pageRows.push(row);
      seen += 1;
      if (pageRows.length === size) break;
    }
  }
  return { filter: request.filter, page, pageSize: size, pageCount, matching, counts, rows: pageRows };
}

interface SpendRow {
  time: number;
  target: Target;
  usd: number | null;
  baselineUsd: number | null;
}

const TARGETS: readonly Target[] = ["local", "cloud", "none"];

/**
 * The chart's steps, oldest first. Up to `maxSteps` rows, one step each; beyond that, runs of
 * consecutive requests are merged, one step per target and run, at the run's last time for that
 * target. Sums are kept exactly, so the chart still ends at the session's totals.
 */
export function spendSteps(rows: readonly SpendRow[], maxSteps = MAX_SPEND_STEPS): SpendStep[] {
  const oldestFirst = [...rows].sort((a, b) => a.time - b.time);
  const step = (row: SpendRow): SpendStep => ({ time: row.time, target: row.target, usd: row.usd ?? 0, baselineUsd: row.baselineUsd ?? 0 });
  if (oldestFirst.length <= maxSteps) return oldestFirst.map(step);
  const runs = Math.max(1, Math.floor(maxSteps / TARGETS.length));
  const runLength = Math.ceil(oldestFirst.length / runs);
  const steps: SpendStep[] = [];
  for (let start = 0; start < oldestFirst.length; start += runLength) {
    const merged = new Map<Target, SpendStep>();
    for (const row of oldestFirst.slice(start, start + runLength)) {
      const into = merged.get(row.target);
      if (!into) {
        merged.set(row.target, step(row));
        continue;
      }
      into.time = row.time;
      into.usd += row.usd ?? 0;
      into.baselineUsd += row.baselineUsd ?? 0;
    }
    steps.push(...[...merged.values()].sort((a, b) => a.time - b.time));
  }
  return steps;
}

/** The state the host holds (every row kept) as the panel receives it: one page and the chart's steps. */
export function sessionView<State extends { requests: readonly SpendRow[] }>(
  state: State,
  request: PageRequest,
): Omit<State, "requests"> & { requests: RequestPage<State["requests"][number]>; spend: SpendStep[] } {
  const { requests, ...rest } = state;
  return { ...rest, requests: requestPage(requests, request), spend: spendSteps(requests) };
}
