// The words for the privacy codes (src/core/privacy/privacyReasons.ts), through l10n: the one place
// a folder's, a file's, a chat's or a local server's privacy reason becomes a sentence, for the
// status bar, Explain Route, the panel, the routing reasons and the log alike. Without a bundle
// (the unit tests) l10n.t gives the English; each switch is exhaustive, so a new code without
// words does not compile.
import * as l10n from "@vscode/l10n";
import type { SettingMessage } from "./settingsWords.ts";
import type {
  EndpointReason,
  LicenceEvidence,
  ModeSource,
  PatternFault,
  PatternProblem,
  PrivacyMode,
  PrivacyReason,
  PrivacySettingProblem,
  RealPathProblem,
  SettingLayer,
} from "../core/privacy/privacyReasons.ts";

export function wordPrivacyReasons(reasons: readonly PrivacyReason[]): string[] {
  return reasons.map(wordPrivacyReason);
}

export function wordPrivacyReason(reason: PrivacyReason): string {
  switch (reason.code) {
    case "workspace-untrusted":
      return l10n.t("Workspace Trust: this workspace is not trusted");
    case "mode":
      return wordMode(reason.mode, reason.source);
    case "mode-overridden-by-private-remote":
      return l10n.t("{0}, but a private remote wins", wordMode(reason.mode, reason.source));
    case "licence-open-source":
      return l10n.t("open-source licence {0} at the folder root", reason.spdx);
    case "licence-not-open-source":
      return l10n.t("no open-source licence at the folder root ({0})", wordLicenceEvidence(reason.evidence));
    case "remotes-unreadable":
      return l10n.t("git remotes could not be read, so the folder is treated as private");
    case "no-remote":
      return l10n.t("no git remote, so nothing shows the code is public");
    case "remote-unreadable":
      return l10n.t("a git remote is a local path or not a URL Junction can read");
    case "remote-private-pattern":
      return l10n.t("remote {0} matches junction.privacy.privateRemotes pattern {1}", reason.remote, reason.pattern);
    case "remote-unknown-host":
      return l10n.t("remote {0} is on {1}, not a known public host", reason.remote, reason.host);
    case "remote-public":
      return l10n.t("remote {0} is on a public host", reason.remote);
    case "outside-workspace-folders":
      return l10n.t("the file is outside every workspace folder");
    case "folder":
      return wordFolder(reason);
    case "path-outside-folder":
      return l10n.t("the path is not inside folder {0}", reason.folder);
    case "real-path":
      return wordRealPathProblem(reason.problem, reason.folder);
    case "local-only-pattern":
      return l10n.t("matches junction.privacy.localOnlyFiles pattern {0}", reason.pattern);
    case "git-ignored":
      return l10n.t("ignored by git");
    case "ai-ignore-empty":
      return l10n.t("{0} is empty, which keeps everything below it away from AI tools", reason.file);
    case "ai-ignore-pattern":
      return l10n.t("matches {0} in {1}, line {2}", reason.pattern, reason.file, reason.line);
    case "opened-through-link":
      return l10n.t("opened through a symbolic link to {0}", reason.path);
    case "no-local-only-pattern":
      return l10n.t("matches no local-only pattern");
    case "not-git-ignored":
      return l10n.t("not ignored by git");
    case "nested-repository":
      return l10n.t("the file belongs to the nested git repository {0}", reason.name);
    case "not-a-file":
      return l10n.t("the document is not a file on disk ({0})", reason.scheme);
    case "outside-workspace-local-only-pattern":
      return l10n.t("outside every workspace folder, and matches the local-only pattern {0}", reason.pattern);
    case "privacy-unreadable":
      return l10n.t("its privacy could not be read");
    case "chat-untrusted":
      return l10n.t("the workspace is not trusted");
    case "chat-no-folder":
      return l10n.t("no folder is open, so nothing says the chat may leave the machine");
    case "chat-no-folder-allows-cloud":
      return l10n.t("no workspace folder allows the cloud ({0})", reason.folders.join(", "));
    case "chat-unchecked-files":
      return l10n.t("it names more files than Junction checks");
    case "chat-names-local-only":
      return l10n.t("it names {0}, which is local-only ({1})", reason.path, wordPrivacyReasons(reason.reasons).join("; "));
    case "chat-holds-local-only-text":
      return l10n.t("it holds text of {0}, which is local-only", reason.source);
    case "chat-secret-missed":
      return l10n.t("the egress guard found a secret in it that redaction missed ({0})", reason.source);
  }
}

function wordMode(mode: PrivacyMode, source: ModeSource): string {
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

/** "folder X is private (its evidence)": one message per classification, so each can be worded whole. */
function wordFolder({ name, classification, evidence }: Extract<PrivacyReason, { code: "folder" }>): string {
  const inner = evidence.length > 0 ? wordPrivacyReasons(evidence).join("; ") : undefined;
  switch (classification) {
    case "public":
      return inner === undefined ? l10n.t("folder {0} is public", name) : l10n.t("folder {0} is public ({1})", name, inner);
    case "private":
      return inner === undefined ? l10n.t("folder {0} is private", name) : l10n.t("folder {0} is private ({1})", name, inner);
    case "local-only":
      return inner === undefined ? l10n.t("folder {0} is local-only", name) : l10n.t("folder {0} is local-only ({1})", name, inner);
    case "cloud-allowed":
      return inner === undefined ? l10n.t("folder {0} is cloud-allowed", name) : l10n.t("folder {0} is cloud-allowed ({1})", name, inner);
  }
}

function wordRealPathProblem(problem: RealPathProblem, folder: string): string {
  switch (problem.kind) {
    case "outside-folder":
      return l10n.t("a symbolic link leads out of folder {0} (the real file is {1})", folder, problem.realPath);
    case "unresolved":
      return l10n.t("its real path could not be resolved, so what the file is cannot be established");
    case "repository-unreadable":
      return l10n.t("the git repository {0} that contains it could not be read", problem.repository);
  }
}

export function wordLicenceEvidence(evidence: LicenceEvidence): string {
  switch (evidence.code) {
    case "no-file":
      return l10n.t("no licence file was found, or it could not be read");
    case "empty":
      return l10n.t("the licence file is empty");
    case "contradicted":
      return l10n.t('the licence mentions {0} but also "{1}", so it is not clearly open source', evidence.spdx, evidence.term);
    case "proprietary-terms":
      return l10n.t('the licence has proprietary terms ("{0}") and no open-source grant', evidence.term);
    case "unrecognised":
      return l10n.t("the licence text is not a recognised open-source licence");
    case "recognised":
      return l10n.t(
        "the licence text is {0}",
        evidence.ids.reduce((list, id) => l10n.t("{0} and {1}", list, id)),
      );
    case "recognised-not-open-source":
      return l10n.t("the licence text is {0}, which is not counted as open source", evidence.spdx);
    case "spdx-declared":
      return l10n.t("the licence file declares SPDX-License-Identifier: {0}", evidence.expression);
    case "spdx-not-open-source":
      return l10n.t("the SPDX-License-Identifier {0} is not an open-source licence", clip(evidence.expression));
  }
}

/** A declared expression can be a whole line of anything; the sentence shows its start. */
function clip(text: string): string {
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

export function wordEndpointReason(reason: EndpointReason): string {
  switch (reason.code) {
    case "not-a-url":
      return l10n.t("the local endpoint {0} is not a URL, so it is not trusted with private code", reason.endpoint);
    case "this-machine":
      return l10n.t("the local endpoint {0} is on this machine", reason.host);
    case "listed":
      return l10n.t('the local endpoint {0} is listed in junction.privacy.trustedEndpoints ("{1}")', reason.host, reason.entry);
    case "not-listed":
      return l10n.t(
        "the local endpoint {0} is not on this machine and not listed in junction.privacy.trustedEndpoints, so private code is never sent to it",
        reason.host,
      );
  }
}

export function wordPatternProblem({ index, fault }: PatternProblem): string {
  return wordPatternFault(fault, index);
}

function wordPatternFault(fault: PatternFault, index: number): string {
  switch (fault.code) {
    case "not-text":
      return l10n.t("junction.privacy.localOnlyFiles[{0}] is not text ({1}); it is skipped", index, fault.type);
    case "empty":
      return l10n.t("junction.privacy.localOnlyFiles[{0}] is empty; it is skipped", index);
    case "too-long":
      return l10n.t(
        "junction.privacy.localOnlyFiles[{0}] is {1} characters long; patterns longer than {2} characters are skipped",
        index,
        fault.length,
        fault.limit,
      );
    case "comment":
      return l10n.t(
        'junction.privacy.localOnlyFiles[{0}] "{1}" is a comment in gitignore syntax and matches nothing; write \\# for a name starting with #',
        index,
        fault.text,
      );
    case "negation":
      return l10n.t('junction.privacy.localOnlyFiles[{0}] "{1}" is a negation; local-only patterns can only add files, never exempt them', index, fault.text);
    case "no-file":
      return l10n.t('junction.privacy.localOnlyFiles[{0}] "{1}" names no file; it is skipped', index, fault.text);
    case "outside":
      return l10n.t('junction.privacy.localOnlyFiles[{0}] "{1}" points outside the folder and matches nothing; it is skipped', index, fault.text);
    case "invalid":
      return l10n.t('junction.privacy.localOnlyFiles[{0}] "{1}" is not a valid gitignore pattern; it is skipped', index, fault.text);
  }
}

/** As the settings report shows it: the setting's key, and a message headed by the level ("user settings: …"). */
export function wordPrivacySettingProblem(problem: PrivacySettingProblem): SettingMessage {
  const layer = wordLayer(problem.layer);
  switch (problem.code) {
    case "mode-invalid":
      return { key: "junction.privacy.mode", message: l10n.t("{0}: {1}; using local-only", layer, problem.issues) };
    case "secrets-invalid":
      return { key: "junction.privacy.secrets", message: l10n.t("{0}: {1}; using route-local", layer, problem.issues) };
    case "local-only-files-invalid":
      return { key: "junction.privacy.localOnlyFiles", message: l10n.t("{0}: {1}; the defaults still apply", layer, problem.issues) };
    case "local-only-pattern":
      return { key: "junction.privacy.localOnlyFiles", message: l10n.t("{0}: {1}", layer, wordPatternProblem(problem.problem)) };
    case "local-only-patterns-more":
      return {
        key: "junction.privacy.localOnlyFiles",
        message:
          problem.count === 1
            ? l10n.t("{0}: 1 more malformed pattern is skipped", layer)
            : l10n.t("{0}: {1} more malformed patterns are skipped", layer, problem.count),
      };
  }
}

function wordLayer(layer: SettingLayer): string {
  return layer === "user" ? l10n.t("user settings") : layer === "workspace" ? l10n.t("workspace settings") : l10n.t("folder settings");
}
