// Entry of the extension-host suite, in the `run()` convention of @vscode/test-electron. Mocha's
// console output does not survive the trip through the web workbench, so results are also
// written to the files named by JUNCTION_TEST_REPORT (text) and JUNCTION_TEST_REPORT_JSON (counts).
import Mocha from "mocha";
import { readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

export function run(): Promise<void> {
  const mocha = new Mocha({ ui: "tdd", timeout: 30_000, color: false, reporter: ReportFileReporter });
  // JUNCTION_TEST_GREP runs only the matching tests, for working on one part.
  if (process.env.JUNCTION_TEST_GREP) mocha.grep(process.env.JUNCTION_TEST_GREP);
  for (const file of readdirSync(__dirname)
    .filter((name) => name.endsWith(".test.js"))
    .sort()) {
    mocha.addFile(join(__dirname, file));
  }
  return new Promise((resolve, reject) => {
    mocha.run((failures) => (failures > 0 ? reject(new Error(`${failures} extension-host tests failed`)) : resolve()));
  });
}

const { EVENT_RUN_END, EVENT_TEST_FAIL, EVENT_TEST_PASS, EVENT_TEST_PENDING } = Mocha.Runner.constants;

class ReportFileReporter extends Mocha.reporters.Base {
  constructor(runner: Mocha.Runner, options?: Mocha.MochaOptions) {
    super(runner, options);
    const lines: string[] = ["", "Extension-host tests (real VS Code):"];
    let passed = 0;
    let failed = 0;
    let skipped = 0;
    // Written after every test too, so a run that is stopped part-way still says how far it got.
    const progress = () => {
      const reportFile = process.env.JUNCTION_TEST_REPORT;
      if (reportFile) writeFileSync(`${reportFile}.progress`, lines.join("\n"));
    };
    runner.on(EVENT_TEST_PASS, (test) => {
      passed += 1;
      lines.push(`  ✔ ${test.fullTitle()} (${test.duration ?? 0} ms)`);
      progress();
    });
    runner.on(EVENT_TEST_PENDING, (test) => {
      skipped += 1;
      lines.push(`  - ${test.fullTitle()} (skipped)`);
    });
    runner.on(EVENT_TEST_FAIL, (test, error: Error) => {
      failed += 1;
      lines.push(`  ✘ ${test.fullTitle()}`, `      ${(error.stack ?? error.message).split("\n").join("\n      ")}`);
      progress();
    });
    runner.once(EVENT_RUN_END, () => {
      lines.push(`extension-host: ${passed} passed, ${failed} failed, ${skipped} skipped`, "");
      const text = lines.join("\n");
      const reportFile = process.env.JUNCTION_TEST_REPORT;
      const countsFile = process.env.JUNCTION_TEST_REPORT_JSON;
      if (reportFile) writeFileSync(reportFile, text);
      if (countsFile) writeFileSync(countsFile, JSON.stringify({ passed, failed, skipped }));
      if (!reportFile) process.stdout.write(text);
    });
  }
}
