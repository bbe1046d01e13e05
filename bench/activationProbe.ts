// Runs inside the extension host as an `extensionTestsPath` module (the run() convention of
// @vscode/test-electron), for bench/activation.bench.ts. It reads the extension host's own
// activation marks — the ones VS Code's "Show Running Extensions" times come from
// (src/vs/workbench/api/common/extHostExtensionService.ts `_doLoadModule`, `_doActivateExtension`)
// — and writes them to the file JUNCTION_BENCH_OUT names. It measures nothing itself.
import { writeFileSync } from "node:fs";
import * as vscode from "vscode";

const EXTENSION_ID = "junction-dev.junction";

interface Mark {
  name: string;
  startTime: number;
}

export async function run(): Promise<void> {
  const out = process.env.JUNCTION_BENCH_OUT;
  if (!out) throw new Error("JUNCTION_BENCH_OUT is not set");
  const extension = vscode.extensions.getExtension(EXTENSION_ID);
  if (!extension) throw new Error(`${EXTENSION_ID} is not loaded`);
  // Resolves when activate() has returned (at once when onStartupFinished already activated it).
  await extension.activate();
  const marks = (globalThis as { MonacoPerformanceMarks?: { getMarks(): Mark[] } }).MonacoPerformanceMarks?.getMarks() ?? [];
  const at = (what: string): number | undefined => marks.find((mark) => mark.name === `code/extHost/${what}/${EXTENSION_ID}`)?.startTime;
  writeFileSync(
    out,
    JSON.stringify({
      willLoadCode: at("willLoadExtensionCode"),
      didLoadCode: at("didLoadExtensionCode"),
      willActivate: at("willActivateExtension"),
      didActivate: at("didActivateExtension"),
    }),
  );
}
