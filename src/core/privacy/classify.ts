import { detectLicence } from "./licence.ts";
import { normaliseRelativePath } from "./localOnlyFiles.ts";
import type { LocalOnlyMatcher } from "./localOnlyFiles.ts";
import { describeRemote, isPublicGitHost, matchesPrivateRemote, parseRemoteUrl } from "./remotes.ts";

/**
 * DESIGN §2: which workspace folders and files may reach a cloud model. Pure: the host gathers
 * the facts (git remotes, licence text, trust, git-ignore status, merged settings) and this
 * decides, with one short sentence of evidence per fact. Uncertain ⇒ private.
 */

export type PrivacyMode = "auto" | "local-only" | "cloud-allowed";
export type ModeSource = "default" | "user" | "workspace" | "folder";

export interface FolderFacts {
  /** Display name. */
  name: string;
  /** Git remote URLs; undefined when git could not be read (⇒ private). [] when the folder has no remote. */
  remotes: readonly string[] | undefined;
  /** Text of the licence file at the folder root (LICENSE, LICENSE.md, COPYING …); undefined when none or unreadable. */
  licenceText: string | undefined;
  /** The effective privacy mode for this folder, already merged from settings by the host. */
  mode: PrivacyMode;
  /** Where that mode came from, for the reasons. */
  modeSource: ModeSource;
}

export interface WorkspaceFacts {
  folders: readonly FolderFacts[];
  trusted: boolean;
  /** `junction.privacy.privateRemotes` globs (`github.com/acme/**`). */
  privateRemotes: readonly string[];
}

export type FolderClassification = "public" | "private" | "local-only" | "cloud-allowed";

export interface FolderPrivacy {
  name: string;
  classification: FolderClassification;
  cloudAllowed: boolean;
  reasons: string[];
}

export interface WorkspacePrivacy {
  trusted: boolean;
  folders: FolderPrivacy[];
}

export interface FileFacts {
  /** The file's folder; undefined when it is outside every workspace folder (⇒ local-only). */
  folder: FolderPrivacy | undefined;
  /** Path relative to that folder. */
  relativePath: string;
  gitIgnored: boolean;
}

export interface FilePrivacy {
  cloudAllowed: boolean;
  reasons: string[];
}

export const UNTRUSTED_REASON = "Workspace Trust: this workspace is not trusted";

const SOURCE_LABELS: Readonly<Record<ModeSource, string>> = {
  default: "the default",
  user: "user settings",
  workspace: "workspace settings",
  folder: "folder settings",
};

export function classifyWorkspace(facts: WorkspaceFacts): WorkspacePrivacy {
  return {
    trusted: facts.trusted,
    folders: facts.folders.map((folder) => classifyFolder(folder, facts)),
  };
}

function classifyFolder(folder: FolderFacts, workspace: WorkspaceFacts): FolderPrivacy {
  if (!workspace.trusted) return result(folder.name, "local-only", [UNTRUSTED_REASON]);
  const modeReason = `junction.privacy.mode is "${folder.mode}" (${SOURCE_LABELS[folder.modeSource]})`;
  if (folder.mode === "local-only") return result(folder.name, "local-only", [modeReason]);
  if (folder.mode === "cloud-allowed") {
    // privateRemotes are "always private" (DESIGN §2): an explicit cloud-allowed does not override them.
    const pinned = privateRemoteReasons(folder.remotes, workspace.privateRemotes);
    if (pinned.length > 0) return result(folder.name, "private", [...pinned, `${modeReason}, but a private remote wins`]);
    return result(folder.name, "cloud-allowed", [modeReason]);
  }
  return classifyAuto(folder, workspace.privateRemotes);
}

/** `auto`: public only with at least one remote, every remote public, and an open-source licence. */
function classifyAuto(folder: FolderFacts, privateRemotes: readonly string[]): FolderPrivacy {
  const remotes = remoteEvidence(folder.remotes, privateRemotes);
  const licence = detectLicence(folder.licenceText);
  const licenceReason = licence.openSource
    ? `open-source licence ${licence.spdx ?? "text"} at the folder root`
    : `no open-source licence at the folder root (${licence.reason})`;
  const isPublic = remotes.allPublic && licence.openSource;
  const evidence = [...remotes.reasons, licenceReason];
  // The facts that made it private come first; the panel shows the first reasons most prominently.
  const failing = [...remotes.failing, ...(licence.openSource ? [] : [licenceReason])];
  const reasons = isPublic ? evidence : [...failing, ...evidence.filter((reason) => !failing.includes(reason))];
  return result(folder.name, isPublic ? "public" : "private", reasons);
}

interface RemoteEvidence {
  allPublic: boolean;
  reasons: string[];
  failing: string[];
}

function remoteEvidence(remotes: readonly string[] | undefined, privateRemotes: readonly string[]): RemoteEvidence {
  if (remotes === undefined) {
    const reason = "git remotes could not be read, so the folder is treated as private";
    return { allPublic: false, reasons: [reason], failing: [reason] };
  }
  if (remotes.length === 0) {
    const reason = "no git remote, so nothing shows the code is public";
    return { allPublic: false, reasons: [reason], failing: [reason] };
  }
  const reasons: string[] = [];
  const failing: string[] = [];
  for (const url of remotes) {
    const { reason, isPublic } = judgeRemote(url, privateRemotes);
    if (reasons.includes(reason)) continue;
    reasons.push(reason);
    if (!isPublic) failing.push(reason);
  }
  return { allPublic: failing.length === 0, reasons, failing };
}

function judgeRemote(url: string, privateRemotes: readonly string[]): { reason: string; isPublic: boolean } {
  const parsed = parseRemoteUrl(url);
  // Never echo an unreadable URL: it may hold a token in a form the parser did not recognise.
  if (!parsed) return { reason: "a git remote is a local path or not a URL Junction can read", isPublic: false };
  const name = describeRemote(parsed);
  const glob = matchesPrivateRemote(parsed, privateRemotes);
  if (glob !== undefined) return { reason: `remote ${name} matches junction.privacy.privateRemotes pattern ${glob}`, isPublic: false };
  if (!isPublicGitHost(parsed.host)) return { reason: `remote ${name} is on ${parsed.host}, not a known public host`, isPublic: false };
  return { reason: `remote ${name} is on a public host`, isPublic: true };
}

function privateRemoteReasons(remotes: readonly string[] | undefined, privateRemotes: readonly string[]): string[] {
  const reasons: string[] = [];
  for (const url of remotes ?? []) {
    const parsed = parseRemoteUrl(url);
    const glob = parsed && matchesPrivateRemote(parsed, privateRemotes);
    if (!parsed || glob === undefined) continue;
    const reason = `remote ${describeRemote(parsed)} matches junction.privacy.privateRemotes pattern ${glob}`;
    if (!reasons.includes(reason)) reasons.push(reason);
  }
  return reasons;
}

function result(name: string, classification: FolderClassification, reasons: string[]): FolderPrivacy {
  return { name, classification, cloudAllowed: classification === "public" || classification === "cloud-allowed", reasons };
}

/**
 * A file may be sent to the cloud only when its folder allows it, no local-only pattern matches
 * it and git does not ignore it. Every fact that keeps it local is named.
 */
export function classifyFile(file: FileFacts, localOnly: LocalOnlyMatcher): FilePrivacy {
  const { folder } = file;
  if (!folder) return { cloudAllowed: false, reasons: ["the file is outside every workspace folder"] };
  const path = normaliseRelativePath(file.relativePath);
  const blocking: string[] = [];
  // The folder's own evidence travels with the file, so a decision explains itself in one place.
  const evidence = folder.reasons.length > 0 ? ` (${folder.reasons.join("; ")})` : "";
  if (!folder.cloudAllowed) blocking.push(`folder ${folder.name} is ${folder.classification}${evidence}`);
  if (path === undefined) blocking.push(`the path is not inside folder ${folder.name}`);
  const pattern = localOnly(path ?? file.relativePath);
  if (pattern !== undefined) blocking.push(`matches junction.privacy.localOnlyFiles pattern ${pattern}`);
  if (file.gitIgnored) blocking.push("ignored by git");
  if (blocking.length > 0) return { cloudAllowed: false, reasons: blocking };
  return {
    cloudAllowed: true,
    reasons: [`folder ${folder.name} is ${folder.classification}`, "matches no local-only pattern", "not ignored by git"],
  };
}
