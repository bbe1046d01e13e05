import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** The repository root. */
export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "..");

/** Git-ignored folder for code-server profiles, copies of workspaces and logs of runs. */
export const runDir = join(repoRoot, ".junction-run");

/** Git-ignored folder for what test runs leave for people to look at: screenshots, reports. */
export const resultsDir = join(repoRoot, "test-results");

export function freshDir(prefix: string): string {
  mkdirSync(runDir, { recursive: true });
  return mkdtempSync(join(runDir, `${prefix}-`));
}

/** What `npm start` keeps between runs: the user's demo edits and its VS Code profile. */
const KEPT_BETWEEN_RUNS = new Set(["demo-workspace", "demo-profile"]);

/**
 * Removes what earlier test runs left in .junction-run (profiles, browser folders, reports, about
 * 100 MB a run), keeping `npm start`'s folders. Called when a run starts, so a failed run's
 * profile and logs stay there to be read until the next one. Returns how many were removed.
 */
export function clearEarlierRuns(): number {
  if (!existsSync(runDir)) return 0;
  const earlier = readdirSync(runDir).filter((name) => !KEPT_BETWEEN_RUNS.has(name));
  for (const name of earlier) rmSync(join(runDir, name), { recursive: true, force: true, maxRetries: 3 });
  return earlier.length;
}

export function codeServerBinary(): string {
  const binary = process.env.JUNCTION_CODE_SERVER;
  if (!binary) {
    throw new Error("JUNCTION_CODE_SERVER is not set: start this through `npm test` or `npm start`, which install code-server first.");
  }
  return binary;
}
