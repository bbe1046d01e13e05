import { mkdirSync, mkdtempSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** The repository root. */
export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");

/** Git-ignored folder for code-server profiles, copies of workspaces and logs of runs. */
export const runDir = join(repoRoot, ".junction-run");

/** Git-ignored folder for what test runs leave for people to look at: screenshots, reports. */
export const resultsDir = join(repoRoot, "test-results");

export function freshDir(prefix: string): string {
  mkdirSync(runDir, { recursive: true });
  return mkdtempSync(join(runDir, `${prefix}-`));
}

export function codeServerBinary(): string {
  const binary = process.env.JUNCTION_CODE_SERVER;
  if (!binary) {
    throw new Error("JUNCTION_CODE_SERVER is not set: start this through `npm test` or `npm start`, which install code-server first.");
  }
  return binary;
}
