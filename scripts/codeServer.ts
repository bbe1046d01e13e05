import { spawn, spawnSync } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import { createWriteStream, mkdirSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { codeServerBinary } from "./paths.ts";

/** Settings every harnessed VS Code gets: quiet, no welcome pages, no chat panel, ghost text on. */
export const BASE_USER_SETTINGS: Record<string, unknown> = {
  "security.workspace.trust.enabled": false,
  "workbench.startupEditor": "none",
  "workbench.tips.enabled": false,
  "workbench.enableExperiments": false,
  "extensions.autoUpdate": false,
  "extensions.autoCheckUpdates": false,
  "extensions.ignoreRecommendations": true,
  "update.mode": "none",
  "telemetry.telemetryLevel": "off",
  "editor.inlineSuggest.enabled": true,
  "editor.quickSuggestions": { other: false, comments: false, strings: false },
  "editor.suggestOnTriggerCharacters": false,
  "editor.parameterHints.enabled": false,
  "chat.disableAIFeatures": true,
  "workbench.secondarySideBar.defaultVisibility": "hidden",
  "git.enabled": false,
  "files.autoSave": "off",
};

export interface CodeServerOptions {
  /** Folder for this instance's profile, extensions, config and log. */
  profileDir: string;
  /** Folder opened in the workbench. */
  folder: string;
  /** Written as user settings, merged over BASE_USER_SETTINGS. */
  userSettings?: Record<string, unknown>;
  /** Extra environment for code-server and so for the extension host. */
  env?: Record<string, string>;
  extraArgs?: string[];
  port?: number;
  /** Keep Workspace Trust on (folders open in Restricted Mode until trusted). Default: off. */
  workspaceTrust?: boolean;
}

export interface CodeServer {
  url: string;
  port: number;
  profileDir: string;
  logFile: string;
  /** Workbench URL opening `folder` (or a .code-workspace file), with optional extra query parameters. */
  workbenchUrl(folder: string, query?: Record<string, string>): string;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function profilePaths(profileDir: string) {
  return {
    userDataDir: join(profileDir, "user-data"),
    extensionsDir: join(profileDir, "extensions"),
    configHome: join(profileDir, "config"),
    dataHome: join(profileDir, "data"),
  };
}

function isolatedEnv(profileDir: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const paths = profilePaths(profileDir);
  // Without these code-server writes into ~/.config and ~/.local/share.
  return { ...process.env, XDG_CONFIG_HOME: paths.configHome, XDG_DATA_HOME: paths.dataHome, ...extra };
}

/** Installs a packaged extension into the profile, as `code --install-extension` would. */
export function installExtension(profileDir: string, vsixPath: string): void {
  const paths = profilePaths(profileDir);
  const result = spawnSync(
    codeServerBinary(),
    ["--user-data-dir", paths.userDataDir, "--extensions-dir", paths.extensionsDir, "--install-extension", vsixPath],
    { env: isolatedEnv(profileDir), encoding: "utf8" },
  );
  if (result.status !== 0 || !/successfully installed/i.test(result.stdout)) {
    throw new Error(`Installing ${vsixPath} failed:\n${result.stdout}\n${result.stderr}`);
  }
}

export async function startCodeServer(options: CodeServerOptions): Promise<CodeServer> {
  const paths = profilePaths(options.profileDir);
  for (const dir of Object.values(paths)) mkdirSync(dir, { recursive: true });
  const trust = options.workspaceTrust
    ? { "security.workspace.trust.enabled": true, "security.workspace.trust.startupPrompt": "never", "security.workspace.trust.untrustedFiles": "open" }
    : {};
  const settings = JSON.stringify({ ...BASE_USER_SETTINGS, ...trust, ...options.userSettings }, null, 2);
  // The web workbench reads window settings from User/ and machine-scoped ones from Machine/.
  for (const scope of ["User", "Machine"]) {
    mkdirSync(join(paths.userDataDir, scope), { recursive: true });
    writeFileSync(join(paths.userDataDir, scope, "settings.json"), settings);
  }
  const port = options.port ?? (await freePort());
  const logFile = join(options.profileDir, "code-server.log");
  const log = createWriteStream(logFile);
  const args = [
    "--bind-addr",
    `127.0.0.1:${port}`,
    "--auth",
    "none",
    "--disable-telemetry",
    "--disable-update-check",
    ...(options.workspaceTrust ? [] : ["--disable-workspace-trust"]),
    "--disable-getting-started-override",
    "--user-data-dir",
    paths.userDataDir,
    "--extensions-dir",
    paths.extensionsDir,
    ...(options.extraArgs ?? []),
    options.folder,
  ];
  // Its own process group, so stopping it also stops the extension host and file watcher.
  const child = spawn(codeServerBinary(), args, {
    env: isolatedEnv(options.profileDir, options.env),
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitForHealth(url, child, logFile);
  } catch (error) {
    await stopGroup(child);
    throw error;
  }
  return {
    url,
    port,
    profileDir: options.profileDir,
    logFile,
    workbenchUrl(folder, query = {}) {
      const target: Record<string, string> = folder.endsWith(".code-workspace") ? { workspace: folder } : { folder };
      const params = new URLSearchParams({ ...target, ...query });
      return `${url}/?${params.toString()}`;
    },
    stop: () => stopGroup(child),
  };
}

async function waitForHealth(url: string, child: ChildProcess, logFile: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`code-server exited with ${child.exitCode}; see ${logFile}`);
    try {
      const response = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(2_000) });
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await sleep(250);
  }
  throw new Error(`code-server did not answer at ${url} within 60 s; see ${logFile}`);
}

/** SIGTERM to the group, then SIGKILL if it lingers: its children take seconds to exit. */
async function stopGroup(child: ChildProcess): Promise<void> {
  if (child.pid === undefined || child.exitCode !== null) return;
  const signalGroup = (signal: NodeJS.Signals) => {
    try {
      process.kill(-child.pid!, signal);
    } catch {
      // already gone
    }
  };
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  signalGroup("SIGTERM");
  const done = await Promise.race([exited.then(() => true), sleep(10_000).then(() => false)]);
  if (!done) signalGroup("SIGKILL");
  // Children of the group may outlive the leader briefly.
  await sleep(200);
  signalGroup("SIGKILL");
}
