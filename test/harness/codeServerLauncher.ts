#!/usr/bin/env node
// Stands in for the VS Code executable that @vscode/test-electron's runTests() starts, on machines
// where VS Code desktop cannot be downloaded. It accepts the same flags (--extensionDevelopmentPath,
// --extensionTestsPath, a folder) and runs the suite in a real extension host: code-server with
// the smoke-test driver on, its workbench opened in headless Chromium. The exit code is the
// suite's, reported by the workbench through window.codeAutomationExit.
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { launchBrowser } from "./browser.ts";
import { installExtension, startCodeServer } from "../../scripts/codeServer.ts";
import { packageFolder } from "../../scripts/packageVsix.ts";
import { freshDir, resultsDir } from "../../scripts/paths.ts";

/** A safety net for a suite that hangs; a busy 2-core machine runs the whole suite in 4–12 minutes. */
const SUITE_TIMEOUT_MS = 25 * 60_000;

function flags(name: string): string[] {
  const prefix = `--${name}=`;
  return process.argv.filter((arg) => arg.startsWith(prefix)).map((arg) => arg.slice(prefix.length));
}

const flag = (name: string): string | undefined => flags(name)[0];

async function main(): Promise<number> {
  // The first development path is the extension under test; the web workbench loads only one,
  // so any further ones (stand-ins of other extensions) are packaged and installed instead.
  const [developmentPath, ...otherExtensions] = flags("extensionDevelopmentPath");
  const testsPath = flag("extensionTestsPath");
  const folder = process.argv.slice(2).findLast((arg) => !arg.startsWith("-"));
  if (!developmentPath || !testsPath || !folder) {
    process.stderr.write("usage: codeServerLauncher --extensionDevelopmentPath=DIR --extensionTestsPath=FILE FOLDER\n");
    return 2;
  }
  const profileDir = freshDir("integration");
  for (const folder of otherExtensions) installExtension(profileDir, packageFolder(folder, profileDir));
  const server = await startCodeServer({
    profileDir,
    folder,
    extraArgs: ["--vscode-option", "enable-smoke-test-driver"],
  });
  const { context, page } = await launchBrowser();
  try {
    const exitCode = new Promise<number>((resolve) => {
      void page.exposeFunction("codeAutomationExit", (code: number) => resolve(code));
    });
    const remote = (path: string) => `vscode-remote://127.0.0.1:${server.port}${path}`;
    const payload = JSON.stringify([
      ["extensionDevelopmentPath", remote(developmentPath)],
      ["extensionTestsPath", remote(testsPath)],
    ]);
    await page.goto(server.workbenchUrl(folder, { payload }));
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<number>((resolve) => {
      timer = setTimeout(() => {
        process.stderr.write(`The extension-host suite did not finish within ${SUITE_TIMEOUT_MS / 1000} s.\n`);
        resolve(1);
      }, SUITE_TIMEOUT_MS);
    });
    const code = await Promise.race([exitCode, timeout]);
    clearTimeout(timer);
    if (code !== 0) {
      mkdirSync(resultsDir, { recursive: true });
      await page.screenshot({ path: join(resultsDir, "integration-failure.png") }).catch(() => undefined);
      process.stderr.write(`code-server log: ${server.logFile}\n`);
    }
    return code;
  } finally {
    const report = process.env.JUNCTION_TEST_REPORT;
    if (report && existsSync(report)) process.stdout.write(readFileSync(report, "utf8"));
    else if (report && existsSync(`${report}.progress`))
      process.stdout.write(`The suite stopped part-way; the tests that ran:\n${readFileSync(`${report}.progress`, "utf8")}\n`);
    await context.close().catch(() => undefined);
    await server.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  },
);
