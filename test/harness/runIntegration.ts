// Runs the extension-host suite through @vscode/test-electron's runTests(). With
// JUNCTION_VSCODE=desktop it lets runTests download and use VS Code desktop (needs internet);
// otherwise it runs in code-server through the project's own launcher.
import { runTests } from "@vscode/test-electron";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freshDir, repoRoot } from "../../scripts/paths.ts";
import { createPrivacyWorkspace } from "./privacyWorkspace.ts";

export interface LayerResult {
  passed: number;
  failed: number;
}

export async function runIntegrationSuite(): Promise<LayerResult> {
  // Outside this repository: a parent repository's .gitignore would make every file git-ignored.
  const workspaceRoot = mkdtempSync(join(tmpdir(), "junction-privacy-"));
  const workspace = createPrivacyWorkspace(workspaceRoot, { boundary: true });
  const reportDir = freshDir("integration-report");
  const report = join(reportDir, "report.txt");
  const desktop = process.env.JUNCTION_VSCODE === "desktop";
  try {
    await runTests({
      ...(desktop ? {} : { vscodeExecutablePath: join(repoRoot, "test", "harness", "codeServerLauncher.ts") }),
      // Junction, and a stand-in with the id of another inline completion provider (Tabnine): the
      // suite checks that Junction notices it and lets the user choose. (A Copilot stand-in cannot
      // serve: VS Code itself turns the standalone Copilot extension off.)
      extensionDevelopmentPath: [repoRoot, join(repoRoot, "test", "fixtures", "extensions", "standalone-tabnine")],
      extensionTestsPath: join(repoRoot, "out", "test", "integration", "index.js"),
      launchArgs: [workspace],
      extensionTestsEnv: { JUNCTION_TEST_REPORT: report, JUNCTION_TEST_REPORT_JSON: `${report}.json` },
    });
  } catch {
    // The counts below tell what failed; a run that never reported counts as one failure.
  } finally {
    if (desktop && existsSync(report)) process.stdout.write(readFileSync(report, "utf8"));
  }
  const soak = `${report}.soak.txt`;
  if (existsSync(soak)) process.stdout.write(`\n${readFileSync(soak, "utf8")}`);
  const countsFile = `${report}.json`;
  const counts: LayerResult = existsSync(countsFile) ? (JSON.parse(readFileSync(countsFile, "utf8")) as LayerResult) : { passed: 0, failed: 1 };
  rmSync(workspaceRoot, { recursive: true, force: true });
  return counts;
}
