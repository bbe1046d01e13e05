// Prints how long Junction takes to activate in a real extension host, as the extension host
// itself times it: loading the bundle's code (require of dist/extension.js) plus the activate()
// call, median of several fresh extension hosts, next to the production bundles' sizes.
//   node scripts/bootstrap.mjs bench/activation.bench.ts      (JUNCTION_BENCH_RUNS=7 by default)
// Each run starts code-server with a fresh profile on an empty folder and opens its workbench in
// headless Chromium with bench/activationProbe.ts as the extension-test module, which reads the
// extension host's activation marks. About 10 s a run; it starts VS Code, so `npm test` never runs it.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { availableParallelism, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import * as esbuild from "esbuild";
import { launchBrowser } from "../test/harness/browser.ts";
import { startCodeServer } from "../scripts/codeServer.ts";
import { freshDir, repoRoot } from "../scripts/paths.ts";
import { percentile } from "./measure.ts";

const RUNS = Math.max(1, Math.min(25, Number(process.env.JUNCTION_BENCH_RUNS ?? 7) || 7));
/** A run whose extension host never reports is abandoned after this long. */
const RUN_TIMEOUT_MS = 120_000;

interface Marks {
  willLoadCode?: number;
  didLoadCode?: number;
  willActivate?: number;
  didActivate?: number;
}

interface Sample {
  loadMs: number;
  activateMs: number;
}

function buildProduction(): void {
  const result = spawnSync(process.execPath, ["esbuild.config.mjs", "--production"], { cwd: repoRoot, stdio: ["ignore", "ignore", "inherit"] });
  if (result.status !== 0) throw new Error("the production build failed");
}

async function buildProbe(): Promise<string> {
  const outfile = join(repoRoot, "out", "bench", "activationProbe.js");
  await esbuild.build({
    entryPoints: [join(repoRoot, "bench", "activationProbe.ts")],
    outfile,
    bundle: true,
    platform: "node",
    format: "cjs",
    target: "node22",
    external: ["vscode"],
    logLevel: "warning",
  });
  return outfile;
}

function bundleSizes(): string[] {
  const dist = join(repoRoot, "dist");
  return readdirSync(dist)
    .filter((name) => name.endsWith(".js"))
    .sort()
    .map((name) => `  dist/${name}: ${(statSync(join(dist, name)).size / 1000).toFixed(1)} kB`);
}

async function oneActivation(browser: Awaited<ReturnType<typeof launchBrowser>>, probe: string, folder: string): Promise<Sample> {
  const profileDir = freshDir("activation-bench");
  const out = join(profileDir, "marks.json");
  const server = await startCodeServer({ profileDir, folder, extraArgs: ["--vscode-option", "enable-smoke-test-driver"], env: { JUNCTION_BENCH_OUT: out } });
  const page = await browser.context.newPage();
  try {
    const exited = new Promise<number>((resolve) => void page.exposeFunction("codeAutomationExit", (code: number) => resolve(code)));
    const remote = (path: string) => `vscode-remote://127.0.0.1:${server.port}${path}`;
    const payload = JSON.stringify([
      ["extensionDevelopmentPath", remote(repoRoot)],
      ["extensionTestsPath", remote(probe)],
    ]);
    await page.goto(server.workbenchUrl(folder, { payload }));
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timedOut = new Promise<number>((resolve) => (timer = setTimeout(() => resolve(-1), RUN_TIMEOUT_MS)));
    const code = await Promise.race([exited, timedOut]);
    clearTimeout(timer);
    if (code !== 0 || !existsSync(out)) throw new Error(`the probe did not report (exit ${code}); see ${server.logFile}`);
    const marks = JSON.parse(readFileSync(out, "utf8")) as Marks;
    const { willLoadCode, didLoadCode, willActivate, didActivate } = marks;
    if (willLoadCode === undefined || didLoadCode === undefined || willActivate === undefined || didActivate === undefined) {
      throw new Error(`the extension host has no activation marks for Junction: ${JSON.stringify(marks)}`);
    }
    return { loadMs: didLoadCode - willLoadCode, activateMs: didActivate - willActivate };
  } finally {
    await page.close().catch(() => undefined);
    await server.stop();
  }
}

function median(values: number[]): number {
  return percentile(
    [...values].sort((a, b) => a - b),
    50,
  );
}

async function main(): Promise<void> {
  buildProduction();
  const probe = await buildProbe();
  process.stdout.write(
    `Load average at the start (1, 5, 15 min) on ${availableParallelism()} cores: ${loadavg()
      .map((value) => value.toFixed(2))
      .join(", ")}\n`,
  );
  process.stdout.write(`Production bundles:\n${bundleSizes().join("\n")}\n\n`);
  const folder = mkdtempSync(join(tmpdir(), "junction-activation-"));
  const browser = await launchBrowser();
  const samples: Sample[] = [];
  try {
    for (let run = 1; run <= RUNS; run += 1) {
      const sample = await oneActivation(browser, probe, folder);
      samples.push(sample);
      process.stdout.write(
        `run ${run}: load code ${sample.loadMs} ms + activate() ${sample.activateMs} ms = ${sample.loadMs + sample.activateMs} ms (load average ${loadavg()[0]!.toFixed(2)})\n`,
      );
    }
  } finally {
    await browser.context.close().catch(() => undefined);
    rmSync(folder, { recursive: true, force: true });
  }
  const totals = samples.map((sample) => sample.loadMs + sample.activateMs);
  const load = median(samples.map((sample) => sample.loadMs));
  const activate = median(samples.map((sample) => sample.activateMs));
  const total = median(totals);
  process.stdout.write(
    `\nActivation (median of ${RUNS}, the extension host's own marks, ms resolution): load code ${load} ms, activate() ${activate} ms, total ${total} ms (fastest ${Math.min(...totals)} ms)\n`,
  );
  // Other processes on the machine slow every run down: the figures mean most next to this.
  process.stdout.write(
    `Load average at the end (1, 5, 15 min) on ${availableParallelism()} cores: ${loadavg()
      .map((value) => value.toFixed(2))
      .join(", ")}\n`,
  );
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  },
);
