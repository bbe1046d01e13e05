// Why a folder, a file, a chat or a local server may or may not see private code, as data: each
// reason is a code with its parameters, and the words are src/core/privacy/privacyWords.ts's
// (through l10n), so the privacy tests assert codes and a translation changes no decision. Nested
// evidence ("folder X is private (…)", "it names X, which is local-only (…)") carries the inner
// reasons as data too, so nothing is worded before it reaches the edge that shows it.

export type PrivacyMode = "auto" | "local-only" | "cloud-allowed";
export type ModeSource = "default" | "user" | "workspace" | "folder";
export type FolderClassification = "public" | "private" | "local-only" | "cloud-allowed";

/** A file whose real path cannot be trusted to say what the file is. */
export type RealPathProblem =
  /** A symbolic link (or a link in its path) leads out of the workspace folder. */
  | { kind: "outside-folder"; realPath: string }
  /** The real path could not be resolved (a broken link, no permission). */
  | { kind: "unresolved" }
  /** The repository that contains the file could not be read. */
  | { kind: "repository-unreadable"; repository: string };

/** What the licence file showed (licence.ts): the evidence for or against an open-source licence. */
export type LicenceEvidence =
  | { code: "no-file" }
  | { code: "empty" }
  /** An open-source licence next to a term no open-source licence contains. */
  | { code: "contradicted"; spdx: string; term: string }
  | { code: "proprietary-terms"; term: string }
  | { code: "unrecognised" }
  /** The texts recognised, every one open source, in the order found. */
  | { code: "recognised"; ids: readonly string[] }
  | { code: "recognised-not-open-source"; spdx: string }
  | { code: "spdx-declared"; expression: string }
  | { code: "spdx-not-open-source"; expression: string };

export type PrivacyReason =
  // ── a folder (classify.ts) ──
  | { code: "workspace-untrusted" }
  | { code: "mode"; mode: PrivacyMode; source: ModeSource }
  /** An explicit cloud-allowed that a private remote overrides. */
  | { code: "mode-overridden-by-private-remote"; mode: PrivacyMode; source: ModeSource }
  | { code: "licence-open-source"; spdx: string }
  | { code: "licence-not-open-source"; evidence: LicenceEvidence }
  | { code: "remotes-unreadable" }
  | { code: "no-remote" }
  /** Never the URL itself: it may hold a token in a form the parser did not recognise. */
  | { code: "remote-unreadable" }
  | { code: "remote-private-pattern"; remote: string; pattern: string }
  | { code: "remote-unknown-host"; remote: string; host: string }
  | { code: "remote-public"; remote: string }
  // ── a file (classify.ts and the host's workspacePrivacy.ts) ──
  | { code: "outside-workspace-folders" }
  /** The folder's own classification, with its evidence when that is what keeps the file local. */
  | { code: "folder"; name: string; classification: FolderClassification; evidence: readonly PrivacyReason[] }
  | { code: "path-outside-folder"; folder: string }
  | { code: "real-path"; folder: string; problem: RealPathProblem }
  | { code: "local-only-pattern"; pattern: string }
  | { code: "git-ignored" }
  /** An empty `.aiexclude`: everything below it stays away from AI tools. */
  | { code: "ai-ignore-empty"; file: string }
  | { code: "ai-ignore-pattern"; pattern: string; file: string; line: number }
  | { code: "opened-through-link"; path: string }
  | { code: "no-local-only-pattern" }
  | { code: "not-git-ignored" }
  | { code: "nested-repository"; name: string }
  | { code: "not-a-file"; scheme: string }
  // ── a file a chat request names (the host's chatServices.ts) ──
  | { code: "outside-workspace-local-only-pattern"; pattern: string }
  | { code: "privacy-unreadable" }
  // ── a chat conversation (chatStance.ts, chatRoute.ts) ──
  | { code: "chat-untrusted" }
  | { code: "chat-no-folder" }
  | { code: "chat-no-folder-allows-cloud"; folders: readonly string[] }
  | { code: "chat-unchecked-files" }
  | { code: "chat-names-local-only"; path: string; reasons: readonly PrivacyReason[] }
  | { code: "chat-holds-local-only-text"; source: string }
  | { code: "chat-secret-missed"; source: string };

export type PrivacyReasonCode = PrivacyReason["code"];

/** Whether the local side's server may see private code (trustedEndpoints.ts), and why. */
export type EndpointReason =
  | { code: "not-a-url"; endpoint: string }
  | { code: "this-machine"; host: string }
  | { code: "listed"; host: string; entry: string }
  | { code: "not-listed"; host: string };

/** What is wrong with a `junction.privacy.localOnlyFiles` entry (localOnlyFiles.ts); such entries are skipped. */
export type PatternFault =
  | { code: "not-text"; type: string }
  | { code: "empty" }
  | { code: "too-long"; length: number; limit: number }
  | { code: "comment" | "negation" | "no-file" | "outside" | "invalid"; text: string };

export interface PatternProblem {
  /** The entry's position in the list, as the settings editor counts it. */
  index: number;
  fault: PatternFault;
}

export type SettingLayer = "user" | "workspace" | "folder";

/** A privacy setting's value that was ignored or replaced (settingLayers.ts), and at which level. */
export type PrivacySettingProblem = { layer: SettingLayer } & (
  | { code: "mode-invalid"; issues: string }
  | { code: "secrets-invalid"; issues: string }
  | { code: "local-only-files-invalid"; issues: string }
  | { code: "local-only-pattern"; problem: PatternProblem }
  /** Past the first few of a level, the rest are counted. */
  | { code: "local-only-patterns-more"; count: number }
);
