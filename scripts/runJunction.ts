// `npm start`: builds Junction, installs the .vsix into a VS Code (code-server) profile of its own
// and opens the demo workspace in it, at a URL printed here. Uses the Ollama at the configured
// endpoint when one answers; otherwise starts Junction's simulated model server and says so. The
// cloud side is Junction's simulated cloud (the OpenAI twin, clearly labelled, no key, no real
// endpoint) unless JUNCTION_CLOUD_ENDPOINT names a real one, so the demo shows the hybrid: a
// completion served locally, a multi-file refactor routed to the cloud with its reasons and cost.
import { execFileSync } from "node:child_process";
import { cpSync, existsSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { ChatTwin } from "../test/fakes/cloud/chatTwin.ts";
import { startOpenAiTwin } from "../test/fakes/cloud/openAiTwin.ts";
import { startFakeOllama } from "../test/fakes/fakeOllama.ts";
import type { FakeOllama } from "../test/fakes/fakeOllama.ts";
import { freePort, installExtension, startCodeServer } from "./codeServer.ts";
import { packageVsix } from "./packageVsix.ts";
import { repoRoot, runDir } from "./paths.ts";
import { MIT_LICENCE } from "../test/harness/privacyWorkspace.ts";
import { simulatedAnswer } from "../test/harness/simulatedModels.ts";

const OLLAMA_ENDPOINT = (process.env.OLLAMA_HOST_URL ?? "http://127.0.0.1:11434").replace(/\/+$/, "");
/** The simulated cloud's model: Junction's default junction.cloud.model, priced from the catalog. */
const SIMULATED_CLOUD_MODEL = "gpt-5-mini";

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
    simulated = await startFakeOllama({ simulated: true, defaultCompletion: (prompt) => simulatedAnswer(prompt, "local") });
    endpoint = simulated.url;
    say(`No Ollama answers at ${OLLAMA_ENDPOINT}.`);
    say(`Started Junction's SIMULATED model server at ${endpoint}: canned completions and refactors, no real model.`);
    say(`Junction's status bar says "simulated models". Install Ollama (ollama serve) and run this again to use a real model.`);
  }

  let simulatedCloud: ChatTwin | undefined;
  let cloudSettings: Record<string, string>;
  const realCloud = process.env.JUNCTION_CLOUD_ENDPOINT;
  if (realCloud) {
    say(`Cloud: ${realCloud} (set its key with "Junction: Set Cloud API Key" in the demo window).`);
    cloudSettings = { "junction.cloud.endpoint": realCloud };
  } else {
    simulatedCloud = await startOpenAiTwin({
      simulated: true,
      models: [SIMULATED_CLOUD_MODEL],
      defaultCompletion: (prompt) => simulatedAnswer(prompt, "cloud"),
    });
    cloudSettings = { "junction.cloud.endpoint": simulatedCloud.baseUrl, "junction.cloud.model": SIMULATED_CLOUD_MODEL };
    say(
      `Started Junction's SIMULATED cloud at ${simulatedCloud.baseUrl}: ${SIMULATED_CLOUD_MODEL} as OpenAI serves it, canned answers, no key, nothing leaves this machine.`,
    );
    say(`Set JUNCTION_CLOUD_ENDPOINT to a real OpenAI-compatible endpoint to use a real cloud model instead.`);
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
  makePublic(workspace);

  const requestedPort = Number(process.env.JUNCTION_PORT ?? 3210);
  const port = requestedPort > 0 && (await portIsFree(requestedPort)) ? requestedPort : await freePort();
  const server = await startCodeServer({
    profileDir,
    folder: workspace,
    port,
    userSettings: { "junction.local.endpoint": endpoint, ...cloudSettings, "workbench.colorTheme": "Default Dark Modern" },
  });

  say("");
  say(`VS Code with Junction is running: ${server.workbenchUrl(workspace)}`);
  say(`Demo workspace: ${workspace} (your edits stay there between runs; delete it for a fresh copy)`);
  say(`Open src/cart.ts, type inside applyDiscount, and pause: ghost text appears; Tab accepts.`);
  say(
    `F1 → "Junction: Refactor Across Files…" on src/cart.ts sends both files to the ${simulatedCloud ? "simulated " : ""}cloud model: the demo folder is public (MIT licence, GitHub remote).`,
  );
  say(`F1 → "Junction: Show Panel" shows every request, where it went, why and what it cost. Press Ctrl+C here to stop.`);

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    say("Stopping…");
    await server.stop();
    await simulated?.stop();
    await simulatedCloud?.stop();
    process.exit(0);
  };
  process.on("SIGINT", () => void stop());
  process.on("SIGTERM", () => void stop());
}

/**
 * The demo folder is public as Junction judges one: an open-source licence and a public GitHub
 * remote, so a complex refactor there may go to the cloud. Added once; the user's edits stay.
 */
function makePublic(workspace: string): void {
  if (!existsSync(join(workspace, "LICENSE"))) writeFileSync(join(workspace, "LICENSE"), MIT_LICENCE);
  if (existsSync(join(workspace, ".git"))) return;
  execFileSync("git", ["init", "-q"], { cwd: workspace, stdio: "ignore" });
  execFileSync("git", ["remote", "add", "origin", "https://github.com/junction-demo/demo-workspace.git"], { cwd: workspace, stdio: "ignore" });
}

main().catch((error: unknown) => {
  process.stderr.write(`[junction] ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
