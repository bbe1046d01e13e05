import { isDeepStrictEqual } from "node:util";
import type { AiIgnoreMatch } from "./aiIgnoreFiles.ts";
import { detectLicence } from "./licence.ts";
import { normaliseRelativePath } from "./localOnlyFiles.ts";
import type { LocalOnlyMatcher } from "./localOnlyFiles.ts";
import type { FolderClassification, ModeSource, PrivacyMode, PrivacyReason, RealPathProblem } from "./privacyReasons.ts";
import { describeRemote, isPublicGitHost, matchesPrivateRemote, parseRemoteUrl } from "./remotes.ts";

export type { FolderClassification, ModeSource, PrivacyMode, RealPathProblem } from "./privacyReasons.ts";

/**
 * DESIGN §2: which workspace folders and files may reach a cloud model. Pure: the host gathers
 * the facts (git remotes, licence text, trust, git-ignore status, merged settings) and this
 * decides, with one reason (a code, worded by privacyWords.ts) per fact. Uncertain ⇒ private.
 */

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

export interface FolderPrivacy {
  name: string;
  classification: FolderClassification;
  cloudAllowed: boolean;
  reasons: PrivacyReason[];
}

export interface WorkspacePrivacy {
  trusted: boolean;
  folders: FolderPrivacy[];
}

export interface FileFacts {
  /**
   * The privacy of what really holds the file: its workspace folder, or the nested repository
   * (clone, submodule) inside it that contains the file. undefined when outside every folder (⇒ local-only).
   */
  folder: FolderPrivacy | undefined;
  /** The real path (symbolic links resolved) relative to that folder. */
  relativePath: string;
  gitIgnored: boolean;
  /** The path the editor opened, relative to its folder, when a symbolic link makes it differ. */
  openedAs?: string;
  /** Why the real file could not be judged; such a file is local-only. */
  realPathProblem?: RealPathProblem;
  /** The line of another AI tool's ignore file (`.aiexclude`, `.cursorignore` …) that covers the file. */
  aiIgnored?: AiIgnoreMatch;
}

export interface FilePrivacy {
  cloudAllowed: boolean;
  reasons: PrivacyReason[];
}

export function classifyWorkspace(facts: WorkspaceFacts): WorkspacePrivacy {
  return {
    trusted: facts.trusted,
    folders: facts.folders.map((folder) => classifyFolder(folder, facts)),
  };
}

function classifyFolder(folder: FolderFacts, workspace: WorkspaceFacts): FolderPrivacy {
  if (!workspace.trusted) return result(folder.name, "local-only", [{ code: "workspace-untrusted" }]);
  const { mode, modeSource: source } = folder;
  if (mode === "local-only") return result(folder.name, "local-only", [{ code: "mode", mode, source }]);
  if (mode === "cloud-allowed") {
    // privateRemotes are "always private" (DESIGN §2): an explicit cloud-allowed does not override them.
    const pinned = privateRemoteReasons(folder.remotes, workspace.privateRemotes);
    if (pinned.length > 0) return result(folder.name, "private", [...pinned, { code: "mode-overridden-by-private-remote", mode, source }]);
    return result(folder.name, "cloud-allowed", [{ code: "mode", mode, source }]);
  }
  return classifyAuto(folder, workspace.privateRemotes);
}

/** `auto`: public only with at least one remote, every remote public, and an open-source licence. */
function classifyAuto(folder: FolderFacts, privateRemotes: readonly string[]): FolderPrivacy {
  const remotes = remoteEvidence(folder.remotes, privateRemotes);
  const licence = detectLicence(folder.licenceText);
  const licenceReason: PrivacyReason = licence.openSource
    ? { code: "licence-open-source", spdx: licence.spdx }
    : { code: "licence-not-open-source", evidence: licence.reason };
  const isPublic = remotes.allPublic && licence.openSource;
  const evidence = [...remotes.reasons, licenceReason];
  // The facts that made it private come first; the panel shows the first reasons most prominently.
  const failing = [...remotes.failing, ...(licence.openSource ? [] : [licenceReason])];
  const reasons = isPublic ? evidence : [...failing, ...evidence.filter((reason) => !includesReason(failing, reason))];
  return result(folder.name, isPublic ? "public" : "private", reasons);
}

interface RemoteEvidence {
  allPublic: boolean;
  reasons: PrivacyReason[];
  failing: PrivacyReason[];
}

function remoteEvidence(remotes: readonly string[] | undefined, privateRemotes: readonly string[]): RemoteEvidence {
  if (remotes === undefined) {
    const reason: PrivacyReason = { code: "remotes-unreadable" };
    return { allPublic: false, reasons: [reason], failing: [reason] };
  }
  if (remotes.length === 0) {
    const reason: PrivacyReason = { code: "no-remote" };
    return { allPublic: false, reasons: [reason], failing: [reason] };
  }
  const reasons: PrivacyReason[] = [];
  const failing: PrivacyReason[] = [];
  for (const url of remotes) {
    const { reason, isPublic } = judgeRemote(url, privateRemotes);
    // The fetch and push URLs of one remote say the same thing once.
    if (includesReason(reasons, reason)) continue;
    reasons.push(reason);
    if (!isPublic) failing.push(reason);
  }
  return { allPublic: failing.length === 0, reasons, failing };
}

function judgeRemote(url: string, privateRemotes: readonly string[]): { reason: PrivacyReason; isPublic: boolean } {
  const parsed = parseRemoteUrl(url);
  // Never echo an unreadable URL: it may hold a token in a form the parser did not recognise.
  if (!parsed) return { reason: { code: "remote-unreadable" }, isPublic: false };
  const remote = describeRemote(parsed);
  const pattern = matchesPrivateRemote(parsed, privateRemotes);
  if (pattern !== undefined) return { reason: { code: "remote-private-pattern", remote, pattern }, isPublic: false };
  if (!isPublicGitHost(parsed.host)) return { reason: { code: "remote-unknown-host", remote, host: parsed.host }, isPublic: false };
  return { reason: { code: "remote-public", remote }, isPublic: true };
}

function privateRemoteReasons(remotes: readonly string[] | undefined, privateRemotes: readonly string[]): PrivacyReason[] {
  const reasons: PrivacyReason[] = [];
  for (const url of remotes ?? []) {
    const parsed = parseRemoteUrl(url);
    const pattern = parsed && matchesPrivateRemote(parsed, privateRemotes);
    if (!parsed || pattern === undefined) continue;
    const reason: PrivacyReason = { code: "remote-private-pattern", remote: describeRemote(parsed), pattern };
    if (!includesReason(reasons, reason)) reasons.push(reason);
  }
  return reasons;
}

/** Reasons are compared as codes with their parameters, never by their words. */
function includesReason(reasons: readonly PrivacyReason[], reason: PrivacyReason): boolean {
  return reasons.some((each) => isDeepStrictEqual(each, reason));
}

function result(name: string, classification: FolderClassification, reasons: PrivacyReason[]): FolderPrivacy {
  return { name, classification, cloudAllowed: classification === "public" || classification === "cloud-allowed", reasons };
}

/**
 * A file may be sent to the cloud only when its folder allows it, no local-only pattern matches
 * it and git does not ignore it. Every fact that keeps it local is named.
 */
export function classifyFile(file: FileFacts, localOnly: LocalOnlyMatcher): FilePrivacy {
  const { folder } = file;
  if (!folder) return { cloudAllowed: false, reasons: [{ code: "outside-workspace-folders" }] };
  const path = normaliseRelativePath(file.relativePath);
  const blocking: PrivacyReason[] = [];
  // The folder's own evidence travels with the file, so a decision explains itself in one place.
  if (!folder.cloudAllowed) blocking.push(folderReason(folder, folder.reasons));
  if (path === undefined) blocking.push({ code: "path-outside-folder", folder: folder.name });
  if (file.realPathProblem) blocking.push({ code: "real-path", folder: folder.name, problem: file.realPathProblem });
  // The real path and the path it was opened by must both pass: a link named `notes.txt` to `.env`,
  // and a link named `.env.example` to anything, stay local.
  const pattern = localOnly(path ?? file.relativePath) ?? (file.openedAs !== undefined ? localOnly(file.openedAs) : undefined);
  if (pattern !== undefined) blocking.push({ code: "local-only-pattern", pattern });
  if (file.gitIgnored) blocking.push({ code: "git-ignored" });
  if (file.aiIgnored) {
    const { file: ignoreFile, line, pattern } = file.aiIgnored;
    // Line 0: the ignore file is empty, which (an .aiexclude) keeps its whole directory away.
    blocking.push(line === 0 ? { code: "ai-ignore-empty", file: ignoreFile } : { code: "ai-ignore-pattern", pattern, file: ignoreFile, line });
  }
  const opened = file.openedAs !== undefined && file.openedAs !== path;
  const link: PrivacyReason[] = opened ? [{ code: "opened-through-link", path: path ?? file.relativePath }] : [];
  if (blocking.length > 0) return { cloudAllowed: false, reasons: [...blocking, ...link] };
  return {
    cloudAllowed: true,
    reasons: [folderReason(folder, []), ...link, { code: "no-local-only-pattern" }, { code: "not-git-ignored" }],
  };
}

/** "folder X is private (its evidence)": the evidence only where it is what keeps the file local. */
function folderReason({ name, classification }: FolderPrivacy, evidence: readonly PrivacyReason[]): PrivacyReason {
  return { code: "folder", name, classification, evidence };
}
