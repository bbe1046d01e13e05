// `npm test`: every test layer, in order, each printing its counts; a layer that runs no test fails.
//   1. type check (tsc), lint (ESLint with typescript-eslint) and format check (Prettier) — not test layers, but a
//      failure in any fails the run
//   2. unit: the core in plain Node (node:test)
//   3. extension-host: the mocha suite inside a real VS Code extension host (runTests)
//   4. e2e: the packaged .vsix in code-server, driven in Chromium by Playwright (node:test)
import { spawn } from "node:child_process";
import { join } from "node:path";
import { runIntegrationSuite } from "./runIntegration.ts";
import type { LayerResult } from "./runIntegration.ts";
import { packageVsix } from "../../scripts/packageVsix.ts";
import { clearEarlierRuns, repoRoot, resultsDir } from "../../scripts/paths.ts";

interface LayerReport extends LayerResult {
  name: string;
  seconds: number;
}

function heading(text: string): void {
  process.stdout.write(`\n━━━ ${text} ━━━\n`);
}

/** Runs a command, echoing its output, and returns that output. */
function runEchoed(command: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: repoRoot, env, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    const echo = (chunk: Buffer) => {
      output += chunk.toString();
      process.stdout.write(chunk);
    };
    child.stdout.on("data", echo);
    child.stderr.on("data", echo);
    child.on("close", (code) => resolve({ code: code ?? 1, output }));
  });
}

/** Counts from node:test's closing summary ("ℹ pass 12", "ℹ fail 0"). */
function nodeTestCounts(output: string, exitCode: number): LayerResult {
  const count = (label: string) => Number(new RegExp(`^ℹ ${label} (\\d+)$`, "m").exec(output)?.[1] ?? 0);
  const passed = count("pass");
  const failed = count("fail") + count("cancelled");
  // A runner that crashed before its summary still fails the layer.
  return { passed, failed: failed === 0 && exitCode !== 0 ? 1 : failed };
}

async function timed(name: string, run: () => Promise<LayerResult>): Promise<LayerReport> {
  heading(name);
  const started = Date.now();
  let result: LayerResult;
  try {
    result = await run();
  } catch (error) {
    process.stdout.write(`${error instanceof Error ? error.stack : String(error)}\n`);
    result = { passed: 0, failed: 1 };
  }
  const report = { name, ...result, seconds: (Date.now() - started) / 1000 };
  process.stdout.write(`${name}: ${report.passed} passed, ${report.failed} failed (${report.seconds.toFixed(1)} s)\n`);
  return report;
}

/**
 * `npm audit --omit=dev`: what ships in the .vsix must have no high or critical advisory. When the
 * registry's audit endpoint cannot be reached (some mirrors do not serve it), that is said and the
 * run goes on: an unanswered audit is not a finding.
 */
async function dependencyAudit(): Promise<"clean" | "failed" | "unavailable"> {
  const { code, output } = await runEchoed("npm", ["audit", "--omit=dev", "--audit-level=high"]);
  if (code === 0) {
    process.stdout.write("dependency audit: no high or critical advisory in the shipped dependencies\n");
    return "clean";
  }
  if (/audit endpoint returned an error|ENOTFOUND|ECONNREFUSED|EAI_AGAIN|405 Method Not Allowed/.test(output)) {
    process.stdout.write("dependency audit: the registry's audit endpoint is not reachable from this machine; not checked\n");
    return "unavailable";
  }
  process.stdout.write("dependency audit: FAILED (high or critical advisories above)\n");
  return "failed";
}

async function main(): Promise<number> {
  const node = process.execPath;
  const cleared = clearEarlierRuns();
  if (cleared > 0) process.stdout.write(`removed ${cleared} folder(s) that earlier test runs left in .junction-run\n`);
  heading("type check");
  const typecheck = await runEchoed(node, [join(repoRoot, "node_modules", "typescript-native", "bin", "tsc"), "-p", "tsconfig.json", "--noEmit"]);
  process.stdout.write(typecheck.code === 0 ? "type check: clean\n" : "type check: FAILED\n");

  heading("lint and format");
  const lint = await runEchoed(node, [join(repoRoot, "node_modules", "eslint", "bin", "eslint.js"), "--max-warnings", "0", "."]);
  process.stdout.write(lint.code === 0 ? "lint: clean\n" : "lint: FAILED (ESLint, eslint.config.mjs)\n");
  const format = await runEchoed(node, [join(repoRoot, "node_modules", "prettier", "bin", "prettier.cjs"), "--check", "."]);
  process.stdout.write(format.code === 0 ? "format: clean\n" : "format: FAILED — `npx prettier --write .` formats the files above\n");

  heading("dependency audit");
  const audit = await dependencyAudit();

  const layers: LayerReport[] = [];
  layers.push(
    await timed("unit", async () => {
      const { code, output } = await runEchoed(node, ["--test", "--test-reporter=spec", "test/unit/**/*.test.ts"]);
      return nodeTestCounts(output, code);
    }),
  );
  layers.push(
    await timed("extension-host", async () => {
      const build = await runEchoed(node, ["esbuild.config.mjs", "--tests"]);
      if (build.code !== 0) throw new Error("the development build failed");
      return runIntegrationSuite();
    }),
  );
  layers.push(
    await timed("e2e", async () => {
      const vsix = packageVsix();
      const env = { ...process.env, JUNCTION_VSIX: vsix };
      const { code, output } = await runEchoed(node, ["--test", "--test-reporter=spec", "--test-concurrency=1", "test/e2e/**/*.test.ts"], env);
      process.stdout.write(`screenshots: ${join(resultsDir, "e2e")}\n`);
      return nodeTestCounts(output, code);
    }),
  );

  heading("summary");
  for (const layer of layers) {
    const empty = layer.passed + layer.failed === 0 ? "  ← ran no test: counts as a failure" : "";
    process.stdout.write(
      `${layer.name.padEnd(15)} ${String(layer.passed).padStart(4)} passed ${String(layer.failed).padStart(3)} failed  ${layer.seconds.toFixed(1).padStart(6)} s${empty}\n`,
    );
  }
  const passed = layers.reduce((sum, layer) => sum + layer.passed, 0);
  const failed =
    layers.reduce((sum, layer) => sum + layer.failed + (layer.passed + layer.failed === 0 ? 1 : 0), 0) +
    (typecheck.code === 0 ? 0 : 1) +
    (lint.code === 0 ? 0 : 1) +
    (format.code === 0 ? 0 : 1) +
    (audit === "failed" ? 1 : 0);
  process.stdout.write(`${passed} passed, ${failed} failed\n`);
  return failed === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  },
);
