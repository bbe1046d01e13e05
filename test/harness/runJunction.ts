// `npm start`: builds Junction, installs the .vsix into a VS Code (code-server) profile of its own
// and opens the demo workspace in it, at a URL printed here. Uses the Ollama at the configured
// endpoint when one answers; otherwise starts Junction's simulated model server and says so.
import { cpSync, existsSync, rmSync } from "node:fs";
import { join } from "node:path";
import { startFakeOllama } from "../fakes/fakeOllama.ts";
import type { FakeOllama } from "../fakes/fakeOllama.ts";
import { freePort, installExtension, startCodeServer } from "./codeServer.ts";
import { packageVsix } from "./packageVsix.ts";
import { repoRoot, runDir } from "./paths.ts";
import { simulatedAnswer } from "./simulatedModels.ts";

const OLLAMA_ENDPOINT = (process.env.OLLAMA_HOST_URL ?? "http://127.0.0.1:11434").replace(/\/+$/, "");

function say(message: string): void {
  process.stdout.write(`[junction] ${message}\n`);
}

async function ollamaAnswers(endpoint: string): Promise<string | undefined> {
  try {
    const response = await fetch(`${endpoint}/api/version`, { signal: AbortSignal.timeout(1_500) });
    if (!response.ok) return undefined;
    const body = (await response.json()) as { version?: string };
    return body.version ?? "unknown";
  } catch {
    return undefined;
  }
}

async function portIsFree(port: number): Promise<boolean> {
  try {
    await fetch(`http://127.0.0.1:${port}/`, { signal: AbortSignal.timeout(500) });
    return false;
  } catch (error) {
    return (error as { cause?: { code?: string } }).cause?.code === "ECONNREFUSED";
  }
}

async function main(): Promise<void> {
  let simulated: FakeOllama | undefined;
  let endpoint = OLLAMA_ENDPOINT;
  const version = await ollamaAnswers(endpoint);
  if (version) {
    say(`Using the Ollama ${version} at ${endpoint}. Pull the completion model once with: ollama pull qwen2.5-coder:1.5b-base`);
  } else {
    simulated = await startFakeOllama({ simulated: true, defaultCompletion: simulatedAnswer });
    endpoint = simulated.url;
    say(`No Ollama answers at ${OLLAMA_ENDPOINT}.`);
    say(`Started Junction's SIMULATED model server at ${endpoint}: canned completions and refactors, no real model.`);
    say(`Junction's status bar says "simulated models". Install Ollama (ollama serve) and run this again to use a real model.`);
  }

  const vsix = process.env.JUNCTION_VSIX ?? packageVsix();
  // JUNCTION_DEMO_DIR lets the e2e layer run this very command in a folder of its own.
  const demoDir = process.env.JUNCTION_DEMO_DIR ?? runDir;
  const profileDir = join(demoDir, "demo-profile");
  // A fresh extension install each run, so the demo always shows the code just built.
  rmSync(join(profileDir, "extensions"), { recursive: true, force: true });
  installExtension(profileDir, vsix);
  const workspace = join(demoDir, "demo-workspace");
  if (!existsSync(workspace)) cpSync(join(repoRoot, "test", "fixtures", "demo-workspace"), workspace, { recursive: true });

  const requestedPort = Number(process.env.JUNCTION_PORT ?? 3210);
  const port = requestedPort > 0 && (await portIsFree(requestedPort)) ? requestedPort : await freePort();
  const server = await startCodeServer({
    profileDir,
    folder: workspace,
    port,
    userSettings: { "junction.local.endpoint": endpoint, "workbench.colorTheme": "Default Dark Modern" },
  });

  say("");
  say(`VS Code with Junction is running: ${server.workbenchUrl(workspace)}`);
  say(`Demo workspace: ${workspace} (your edits stay there between runs; delete it for a fresh copy)`);
  say(`Open src/cart.ts, type inside applyDiscount, and pause: ghost text appears; Tab accepts.`);
  say(`F1 → "Junction: Show Panel" shows every request. Press Ctrl+C here to stop.`);

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    say("Stopping…");
    await server.stop();
    await simulated?.stop();
    process.exit(0);
  };
  process.on("SIGINT", () => void stop());
  process.on("SIGTERM", () => void stop());
}

main().catch((error: unknown) => {
  process.stderr.write(`[junction] ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
