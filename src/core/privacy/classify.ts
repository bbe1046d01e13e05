import * as l10n from "@vscode/l10n";
import type { AiIgnoreMatch } from "./aiIgnoreFiles.ts";
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

/** A file whose real path cannot be trusted to say what the file is. */
export type RealPathProblem =
  /** A symbolic link (or a link in its path) leads out of the workspace folder. */
  | { kind: "outside-folder"; realPath: string }
  /** The real path could not be resolved (a broken link, no permission). */
  | { kind: "unresolved" }
  /** The repository that contains the file could not be read. */
  | { kind: "repository-unreadable"; repository: string };

function realPathReason(problem: RealPathProblem, folderName: string): string {
  switch (problem.kind) {
    case "outside-folder":
      return l10n.t("a symbolic link leads out of folder {0} (the real file is {1})", folderName, problem.realPath);
    case "unresolved":
      return l10n.t("its real path could not be resolved, so what the file is cannot be established");
    case "repository-unreadable":
      return l10n.t("the git repository {0} that contains it could not be read", problem.repository);
  }
}

export interface FilePrivacy {
  cloudAllowed: boolean;
  reasons: string[];
}

/** A function, not a constant: the words are looked up once the host has loaded the translations. */
export function untrustedReason(): string {
  return l10n.t("Workspace Trust: this workspace is not trusted");
}

function modeReasonOf(mode: PrivacyMode, source: ModeSource): string {
  switch (source) {
    case "default":
      return l10n.t('junction.privacy.mode is "{0}" (the default)', mode);
    case "user":
      return l10n.t('junction.privacy.mode is "{0}" (user settings)', mode);
    case "workspace":
      return l10n.t('junction.privacy.mode is "{0}" (workspace settings)', mode);
    case "folder":
      return l10n.t('junction.privacy.mode is "{0}" (folder settings)', mode);
  }
}

export function classifyWorkspace(facts: WorkspaceFacts): WorkspacePrivacy {
  return {
    trusted: facts.trusted,
    folders: facts.folders.map((folder) => classifyFolder(folder, facts)),
  };
}

function classifyFolder(folder: FolderFacts, workspace: WorkspaceFacts): FolderPrivacy {
  if (!workspace.trusted) return result(folder.name, "local-only", [untrustedReason()]);
  const modeReason = modeReasonOf(folder.mode, folder.modeSource);
  if (folder.mode === "local-only") return result(folder.name, "local-only", [modeReason]);
  if (folder.mode === "cloud-allowed") {
    // privateRemotes are "always private" (DESIGN §2): an explicit cloud-allowed does not override them.
    const pinned = privateRemoteReasons(folder.remotes, workspace.privateRemotes);
    if (pinned.length > 0) return result(folder.name, "private", [...pinned, l10n.t("{0}, but a private remote wins", modeReason)]);
    return result(folder.name, "cloud-allowed", [modeReason]);
  }
  return classifyAuto(folder, workspace.privateRemotes);
}

/** `auto`: public only with at least one remote, every remote public, and an open-source licence. */
function classifyAuto(folder: FolderFacts, privateRemotes: readonly string[]): FolderPrivacy {
  const remotes = remoteEvidence(folder.remotes, privateRemotes);
  const licence = detectLicence(folder.licenceText);
  const licenceReason = licence.openSource
    ? l10n.t("open-source licence {0} at the folder root", licence.spdx)
    : l10n.t("no open-source licence at the folder root ({0})", licence.reason);
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
    const reason = l10n.t("git remotes could not be read, so the folder is treated as private");
    return { allPublic: false, reasons: [reason], failing: [reason] };
  }
  if (remotes.length === 0) {
    const reason = l10n.t("no git remote, so nothing shows the code is public");
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
  if (!parsed) return { reason: l10n.t("a git remote is a local path or not a URL Junction can read"), isPublic: false };
  const name = describeRemote(parsed);
  const glob = matchesPrivateRemote(parsed, privateRemotes);
  if (glob !== undefined) return { reason: privateRemoteReason(name, glob), isPublic: false };
  if (!isPublicGitHost(parsed.host)) return { reason: l10n.t("remote {0} is on {1}, not a known public host", name, parsed.host), isPublic: false };
  return { reason: l10n.t("remote {0} is on a public host", name), isPublic: true };
}

function privateRemoteReasons(remotes: readonly string[] | undefined, privateRemotes: readonly string[]): string[] {
  const reasons: string[] = [];
  for (const url of remotes ?? []) {
    const parsed = parseRemoteUrl(url);
    const glob = parsed && matchesPrivateRemote(parsed, privateRemotes);
    if (!parsed || glob === undefined) continue;
    const reason = privateRemoteReason(describeRemote(parsed), glob);
    if (!reasons.includes(reason)) reasons.push(reason);
  }
  return reasons;
}

function privateRemoteReason(remote: string, glob: string): string {
  return l10n.t("remote {0} matches junction.privacy.privateRemotes pattern {1}", remote, glob);
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
  if (!folder) return { cloudAllowed: false, reasons: [l10n.t("the file is outside every workspace folder")] };
  const path = normaliseRelativePath(file.relativePath);
  const blocking: string[] = [];
  // The folder's own evidence travels with the file, so a decision explains itself in one place.
  if (!folder.cloudAllowed) blocking.push(folderReason(folder, folder.reasons.length > 0 ? folder.reasons.join("; ") : undefined));
  if (path === undefined) blocking.push(l10n.t("the path is not inside folder {0}", folder.name));
  if (file.realPathProblem) blocking.push(realPathReason(file.realPathProblem, folder.name));
  // The real path and the path it was opened by must both pass: a link named `notes.txt` to `.env`,
  // and a link named `.env.example` to anything, stay local.
  const pattern = localOnly(path ?? file.relativePath) ?? (file.openedAs !== undefined ? localOnly(file.openedAs) : undefined);
  if (pattern !== undefined) blocking.push(l10n.t("matches junction.privacy.localOnlyFiles pattern {0}", pattern));
  if (file.gitIgnored) blocking.push(l10n.t("ignored by git"));
  if (file.aiIgnored) {
    const { file: ignoreFile, line, pattern } = file.aiIgnored;
    blocking.push(
      line === 0
        ? l10n.t("{0} is empty, which keeps everything below it away from AI tools", ignoreFile)
        : l10n.t("matches {0} in {1}, line {2}", pattern, ignoreFile, line),
    );
  }
  const link = file.openedAs !== undefined && file.openedAs !== path ? [l10n.t("opened through a symbolic link to {0}", path ?? file.relativePath)] : [];
  if (blocking.length > 0) return { cloudAllowed: false, reasons: [...blocking, ...link] };
  return {
    cloudAllowed: true,
    reasons: [folderReason(folder, undefined), ...link, l10n.t("matches no local-only pattern"), l10n.t("not ignored by git")],
  };
}

/** "folder X is private (its evidence)": one message per classification, so each can be worded whole. */
function folderReason({ name, classification }: FolderPrivacy, evidence: string | undefined): string {
  switch (classification) {
    case "public":
      return evidence === undefined ? l10n.t("folder {0} is public", name) : l10n.t("folder {0} is public ({1})", name, evidence);
    case "private":
      return evidence === undefined ? l10n.t("folder {0} is private", name) : l10n.t("folder {0} is private ({1})", name, evidence);
    case "local-only":
      return evidence === undefined ? l10n.t("folder {0} is local-only", name) : l10n.t("folder {0} is local-only ({1})", name, evidence);
    case "cloud-allowed":
      return evidence === undefined ? l10n.t("folder {0} is cloud-allowed", name) : l10n.t("folder {0} is cloud-allowed ({1})", name, evidence);
  }
}
