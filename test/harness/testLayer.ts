// One test layer on its own, for working on one part (`npm test` runs them all):
//   node scripts/bootstrap.mjs test/harness/testLayer.ts integration [title filter]
//   node scripts/bootstrap.mjs test/harness/testLayer.ts e2e [test/e2e/<file>.test.ts …]
import { spawnSync } from "node:child_process";
import { packageVsix } from "../../scripts/packageVsix.ts";
import { repoRoot } from "../../scripts/paths.ts";
import { runIntegrationSuite } from "./runIntegration.ts";

const [layer, ...rest] = process.argv.slice(2);

function run(command: string, args: string[], env: NodeJS.ProcessEnv = process.env): number {
  return spawnSync(command, args, { cwd: repoRoot, env, stdio: "inherit" }).status ?? 1;
}

async function main(): Promise<number> {
  if (layer === "integration") {
    if (run(process.execPath, ["esbuild.config.mjs", "--tests"]) !== 0) return 1;
    if (rest[0]) process.env.JUNCTION_TEST_GREP = rest[0];
    const counts = await runIntegrationSuite();
    process.stdout.write(`extension-host: ${counts.passed} passed, ${counts.failed} failed\n`);
    return counts.failed === 0 && counts.passed > 0 ? 0 : 1;
  }
  if (layer === "e2e") {
    const vsix = packageVsix();
    const files = rest.length > 0 ? rest : ["test/e2e/**/*.test.ts"];
    return run(process.execPath, ["--test", "--test-reporter=spec", "--test-concurrency=1", ...files], { ...process.env, JUNCTION_VSIX: vsix });
  }
  process.stderr.write("Usage: testLayer.ts integration [title filter] | e2e [files…]\n");
  return 2;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  },
);
