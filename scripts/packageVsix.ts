// `npm run package`: a production build and the .vsix that ships it, made offline with vsce.
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { basename, join } from "node:path";
import { repoRoot } from "./paths.ts";

function run(command: string, args: string[]): void {
  const result = spawnSync(command, args, { cwd: repoRoot, stdio: "inherit" });
  if (result.status !== 0) throw new Error(`${command} ${args.join(" ")} failed (exit ${result.status ?? result.signal})`);
}

/** Builds the production bundles and packages them; returns the .vsix path. */
export function packageVsix(): string {
  const { name, version } = JSON.parse(readFileSync(join(repoRoot, "package.json"), "utf8")) as { name: string; version: string };
  const vsix = join(repoRoot, `${name}-${version}.vsix`);
  run(process.execPath, [join(repoRoot, "esbuild.config.mjs"), "--production"]);
  // The bundles are self-contained, so no node_modules go into the package.
  run(process.execPath, [
    join(repoRoot, "node_modules", "@vscode", "vsce", "vsce"),
    "package",
    "--no-dependencies",
    "--allow-missing-repository",
    "--no-rewrite-relative-links",
    "--out",
    vsix,
  ]);
  return vsix;
}

/**
 * A .vsix of a small extension folder of the tests' own (a stand-in for another extension), made
 * offline with vsce into `outDir`; returns its path.
 */
export function packageFolder(folder: string, outDir: string): string {
  const vsix = join(outDir, `${basename(folder)}.vsix`);
  const vsce = join(repoRoot, "node_modules", "@vscode", "vsce", "vsce");
  const result = spawnSync(process.execPath, [vsce, "package", "--no-dependencies", "--allow-missing-repository", "--skip-license", "--out", vsix], {
    cwd: folder,
    encoding: "utf8",
  });
  if (result.status !== 0) throw new Error(`Packaging ${folder} failed:\n${result.stdout}\n${result.stderr}`);
  return vsix;
}

if (import.meta.main) {
  try {
    process.stdout.write(`Packaged ${packageVsix()}\n`);
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  }
}
