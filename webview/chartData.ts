// The session chart's numbers and geometry, apart from the DOM so the unit tests can check them.
import type { RequestRow, Totals } from "../src/shared/protocol.ts";

export interface Spend {
  cloudUsd: number;
  localUsd: number;
  /** What the same requests would have cost on the configured cloud model. */
  baselineUsd: number;
}

/**
 * A request row, or one of the host's chart steps (src/shared/protocol.ts `spendStepSchema`): a
 * run of requests to one target, merged once a session has more than the chart can show.
 */
export type ChartRow = Pick<RequestRow, "time" | "target" | "usd" | "baselineUsd">;

export interface ChartPoint extends Spend {
  time: number;
  target: RequestRow["target"];
}

export interface ChartData {
  /** Cumulative spend before the oldest row (rows the host no longer keeps). */
  start: Spend;
  /** Cumulative spend after each request, oldest first. */
  points: ChartPoint[];
  end: Spend;
  localRequests: number;
  cloudRequests: number;
}

const EPSILON = 1e-12;

function atLeastZero(value: number): number {
  return value > EPSILON ? value : 0;
}

/**
 * Cumulative cloud spend, local spend and all-cloud baseline over the session. The host keeps a
 * bounded list of rows, so what the session spent before the oldest row (the totals minus the
 * rows) is where the lines start: the last point always equals the session totals.
 */
export function chartData(rows: readonly ChartRow[], session: Totals): ChartData {
  const oldestFirst = [...rows].sort((a, b) => a.time - b.time);
  const sum = (pick: (row: ChartRow) => number) => oldestFirst.reduce((total, row) => total + pick(row), 0);
  const cloudOf = (row: ChartRow) => (row.target === "cloud" ? (row.usd ?? 0) : 0);
  const localOf = (row: ChartRow) => (row.target === "local" ? (row.usd ?? 0) : 0);
  const baselineOf = (row: ChartRow) => row.baselineUsd ?? 0;
  const start: Spend = {
    cloudUsd: atLeastZero(session.cloudUsd - sum(cloudOf)),
    localUsd: atLeastZero(session.usd - session.cloudUsd - sum(localOf)),
    baselineUsd: atLeastZero(session.baselineUsd - sum(baselineOf)),
  };
  let running = { ...start };
  const points = oldestFirst.map((row): ChartPoint => {
    running = {
      cloudUsd: running.cloudUsd + cloudOf(row),
      localUsd: running.localUsd + localOf(row),
      baselineUsd: running.baselineUsd + baselineOf(row),
    };
    return { time: row.time, target: row.target, ...running };
  });
  return {
    start,
    points,
    end: running,
    // The session's counts, like its lines: the host may keep fewer rows, and merges steps.
    localRequests: session.local,
    cloudRequests: session.cloud,
  };
}

/** Round axis steps (1, 2, 5 × 10ⁿ) whose top covers `max`; [0, 1] steps of a cent when max is 0. */
export function niceTicks(max: number, wanted = 3): number[] {
  if (!(max > 0)) return [0, 0.01];
  const rough = max / wanted;
  const magnitude = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 5, 10].map((factor) => factor * magnitude).find((candidate) => candidate >= rough) ?? 10 * magnitude;
  const ticks: number[] = [];
  for (let index = 0; index * step < max + step * 1e-9 || ticks.length < 2; index += 1) ticks.push(index * step);
  if ((ticks.at(-1) ?? 0) < max) ticks.push(ticks.length * step);
  // Floating-point steps: 0.30000000000000004 reads badly on an axis.
  return ticks.map((tick) => Number(tick.toPrecision(12)));
}

export interface ChartBox {
  width: number;
  height: number;
  left: number;
  right: number;
  top: number;
  bottom: number;
}

export interface ChartGeometry {
  /** Step lines ("M… H… V…"), one per series; local is "" when local requests cost nothing. */
  cloud: string;
  cloudArea: string;
  local: string;
  baseline: string;
  yTicks: Array<{ y: number; value: number }>;
  markers: Array<{ x: number; target: RequestRow["target"] }>;
  startTime: number;
  endTime: number;
  /** The x of the plot's left and right edges and the y of its floor. */
  x0: number;
  x1: number;
  y0: number;
}

/** The same minute padding each side when all requests share one instant. */
const MIN_SPAN_MS = 60_000;
/** Room after the last request, so a jump there reads as a step and not as the chart's edge. */
const END_ROOM = 0.15;

export function chartGeometry(data: ChartData, box: ChartBox): ChartGeometry {
  const first = data.points[0]?.time ?? 0;
  const last = data.points.at(-1)?.time ?? first;
  const span = Math.max(last - first, 0);
  const startTime = span === 0 ? first - MIN_SPAN_MS / 2 : first;
  const endTime = span === 0 ? last + MIN_SPAN_MS / 2 : last + span * END_ROOM;
  const x0 = box.left;
  const x1 = Math.max(box.left + 1, box.width - box.right);
  const y0 = box.height - box.bottom;
  const yTop = box.top;
  const max = Math.max(data.end.cloudUsd, data.end.localUsd, data.end.baselineUsd, data.start.baselineUsd);
  const ticks = niceTicks(max);
  const top = ticks.at(-1) ?? 1;
  const x = (time: number) => round(x0 + ((time - startTime) / (endTime - startTime)) * (x1 - x0));
  const y = (usd: number) => round(y0 - (usd / top) * (y0 - yTop));
  const step = (pick: (spend: Spend) => number): string => {
    let path = `M${x0},${y(pick(data.start))}`;
    for (const point of data.points) path += `H${x(point.time)}V${y(pick(point))}`;
    return `${path}H${x1}`;
  };
  const cloud = step((spend) => spend.cloudUsd);
  return {
    cloud,
    cloudArea: `${cloud}V${y0}H${x0}Z`,
    local: data.end.localUsd > 0 ? step((spend) => spend.localUsd) : "",
    baseline: step((spend) => spend.baselineUsd),
    yTicks: ticks.map((value) => ({ y: y(value), value })),
    markers: data.points.map((point) => ({ x: x(point.time), target: point.target })),
    startTime,
    endTime,
    x0,
    x1,
    y0,
  };
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}
