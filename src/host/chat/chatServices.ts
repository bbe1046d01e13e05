import { stat } from "node:fs/promises";
import { posix } from "node:path";
import * as vscode from "vscode";
import { ProviderError, chatStance, mergeSecretsPolicy, outsideFileIsLocalOnly } from "../../core/index.ts";
import type { ChatFacts, ChatServices, LocalChatModel, ModelInfo, NamedFile, PathCandidates } from "../../core/index.ts";
import { describeProviderFailure } from "../models/failureMessages.ts";
import { ledgerPort } from "../ledgerPort.ts";
import { currentRouteContext } from "../routing/routing.ts";
import type { ModelServices } from "../routing/routing.ts";

/** The chat's facts, and whether reading them again soon may give a different answer. */
export interface HostChatFacts extends ChatFacts {
  transientFailure: boolean;
}

/** Files stat'ed at once while looking for the files a request names. */
const STAT_BATCH = 64;
const SERVER_PROBLEMS = new Set(["unreachable", "timeout", "server-error", "bad-response"]);

/**
 * The stance now: the workspace's classification, the strictest secrets policy of its folders
 * (chat text cannot be traced to one folder), the local chat model (the refactor model) with its
 * one window and capabilities, and whether the cloud side can take requests.
 */
export async function currentChatFacts(deps: ModelServices): Promise<HostChatFacts> {
  const workspace = await deps.privacy.workspace();
  const secretsPolicy = strictestSecretsPolicy();
  const provider = deps.local.provider;
  const model = deps.local.refactorModel;
  const health = deps.local.health;
  const window = await provider.contextWindow(model);
  let info: ModelInfo | undefined;
  let failure: unknown;
  try {
    info = await provider.modelInfo(model);
  } catch (error) {
    failure = error;
  }
  const serverDown = health.state === "unavailable" && SERVER_PROBLEMS.has(health.problem);
  const local: LocalChatModel = {
    model,
    available: !serverDown && info !== undefined,
    ...(info === undefined ? { problem: describeProviderFailure(failure, model) } : {}),
    remote: (info?.isRemote ?? false) || !deps.local.trust.private,
    window,
    // OpenAI-compatible servers do not say what a model can do.
    capabilities: provider.kind === "ollama" && info ? info.capabilities : undefined,
  };
  const cloud = deps.cloud.status();
  const stance = chatStance({
    trusted: workspace.trusted,
    folders: workspace.folders,
    secretsPolicy,
    local,
    cloud: { usable: cloud.configured && cloud.available, model: cloud.model, contextTokens: cloud.price?.contextTokens },
  });
  // A failed metadata read while the server answers health checks may pass (a busy machine, a
  // model still loading): nothing else would make the picker look again.
  const transientFailure = info === undefined && !serverDown && ProviderError.is(failure) && SERVER_PROBLEMS.has(failure.kind);
  return { stance, local, secretsPolicy, modelRemote: info?.isRemote ?? false, transientFailure };
}

function strictestSecretsPolicy(): "redact" | "route-local" {
  for (const folder of vscode.workspace.workspaceFolders ?? []) {
    const inspected = vscode.workspace.getConfiguration("junction", folder.uri).inspect("privacy.secrets");
    const { policy } = mergeSecretsPolicy({ user: inspected?.globalValue, workspace: inspected?.workspaceValue, folder: inspected?.workspaceFolderValue });
    if (policy === "route-local") return "route-local";
  }
  const user = vscode.workspace.getConfiguration("junction").inspect("privacy.secrets")?.globalValue;
  return mergeSecretsPolicy({ user }).policy;
}

/**
 * The files a request names that exist, each classified as a file opened from the workspace would
 * be. A file outside every folder counts only when its name says it holds credentials.
 */
export async function resolveNamedFiles(deps: ModelServices, candidates: PathCandidates): Promise<NamedFile[]> {
  const folders = (vscode.workspace.workspaceFolders ?? []).map((folder) => ({ folder, root: toSlashes(folder.uri.fsPath).replace(/\/+$/, "") }));
  const inside = new Set<string>();
  const outside = new Map<string, string>();
  for (const path of candidates.absolute) {
    const normal = posix.normalize(path);
    if (folders.some(({ root }) => normal === root || normal.startsWith(`${root}/`))) inside.add(normal);
    else {
      const pattern = outsideFileIsLocalOnly(normal);
      if (pattern) outside.set(normal, pattern);
    }
  }
  for (const path of candidates.relative) {
    for (const { folder, root } of folders) {
      // Junction's own labels in a multi-root workspace start with the folder's name.
      const own = path.startsWith(`${folder.name}/`) ? path.slice(folder.name.length + 1) : path;
      for (const relative of new Set([path, own])) {
        const joined = posix.normalize(`${root}/${relative}`);
        if (joined.startsWith(`${root}/`)) inside.add(joined);
      }
    }
  }
  const existing = await existingFiles([...inside, ...outside.keys()]);
  const named: NamedFile[] = [];
  for (const path of existing) {
    const pattern = outside.get(path);
    if (pattern !== undefined) {
      named.push({ path, cloudAllowed: false, reasons: [{ code: "outside-workspace-local-only-pattern", pattern }] });
      continue;
    }
    const privacy = await deps.privacy.classifyDocument(vscode.Uri.file(path)).catch(() => undefined);
    named.push(
      privacy
        ? { path: privacy.path, cloudAllowed: privacy.cloudAllowed, reasons: privacy.reasons }
        : { path, cloudAllowed: false, reasons: [{ code: "privacy-unreadable" }] },
    );
  }
  return named;
}

async function existingFiles(paths: readonly string[]): Promise<string[]> {
  const found: string[] = [];
  for (let start = 0; start < paths.length; start += STAT_BATCH) {
    const batch = paths.slice(start, start + STAT_BATCH);
    const facts = await Promise.all(
      batch.map((path) =>
        stat(path).then(
          (entry) => entry.isFile(),
          () => false,
        ),
      ),
    );
    batch.forEach((path, index) => facts[index] && found.push(path));
  }
  return found;
}

/** The core's ports, from the host's services. */
export function chatServices(deps: ModelServices, facts: () => Promise<ChatFacts>): ChatServices {
  return {
    logger: deps.logger,
    clock: { now: () => Date.now() },
    facts,
    namedFiles: (candidates) => resolveNamedFiles(deps, candidates),
    routeContext: (current) => currentRouteContext(deps, current.secretsPolicy, { model: current.local.model, remote: current.modelRemote }),
    egress: {
      refresh: () => deps.egress.refresh(),
      knownSecrets: () => deps.egress.knownSecrets(),
      inspect: (body, url) => deps.egress.inspect(body, url),
    },
    local: {
      provider: () => deps.local.provider,
      timeoutMs: () => deps.settings.current["local.timeoutSeconds"] * 1000,
      reportFailure: (error) => deps.local.reportFailure(error),
    },
    cloud: {
      provider: () => deps.cloud.provider(),
      endpoint: () => deps.cloud.status().endpoint,
      timeoutMs: () => deps.settings.current["cloud.timeoutSeconds"] * 1000,
      reportFailure: (error) => deps.cloud.reportFailure(error),
    },
    record: (entry) => void ledgerPort(deps.ledger).record(entry),
  };
}

function toSlashes(path: string): string {
  return path.split("\\").join("/");
}
