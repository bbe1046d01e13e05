import { relative } from "node:path";
import * as vscode from "vscode";
import {
  classifyFile,
  classifyWorkspace,
  createLocalOnlyMatcher,
  mergeLocalOnlyFiles,
  mergePrivacyMode,
  mergeSecretsPolicy,
} from "../core/index.ts";
import type { FilePrivacy, FolderFacts, FolderPrivacy, LocalOnlyMatcher, Logger, SettingLayers, WorkspacePrivacy } from "../core/index.ts";
import { isGitIgnored, isInGitRepository, readGitRemotes, readLicenceText } from "./folderFacts.ts";
import type { SettingsReader } from "./settings.ts";

interface FolderState {
  folder: vscode.WorkspaceFolder;
  privacy: FolderPrivacy;
  localOnly: LocalOnlyMatcher;
  secretsPolicy: "redact" | "route-local";
  inRepository: boolean;
}

export interface DocumentPrivacy extends FilePrivacy {
  /** Path as shown to the user (relative to its folder when it has one). */
  path: string;
  secretsPolicy: "redact" | "route-local";
}

/**
 * The workspace's privacy classification (DESIGN §2), kept current: recomputed when privacy
 * settings, Workspace Trust, the folders, their git config or licence files change.
 */
export class WorkspacePrivacyService implements vscode.Disposable {
  readonly #settings: SettingsReader;
  readonly #logger: Logger;
  readonly #disposables: vscode.Disposable[] = [];
  readonly #onDidChange = new vscode.EventEmitter<WorkspacePrivacy>();
  #state: Promise<{ workspace: WorkspacePrivacy; folders: FolderState[] }> | undefined;
  readonly #ignored = new Map<string, Promise<boolean>>();

  readonly onDidChange = this.#onDidChange.event;

  constructor(settings: SettingsReader, logger: Logger) {
    this.#settings = settings;
    this.#logger = logger;
    const invalidate = () => this.#invalidate();
    const watcher = vscode.workspace.createFileSystemWatcher("**/{.git/config,LICENSE*,LICENCE*,COPYING*,.gitignore}");
    this.#disposables.push(
      this.#onDidChange,
      watcher,
      watcher.onDidChange(invalidate),
      watcher.onDidCreate(invalidate),
      watcher.onDidDelete(invalidate),
      vscode.workspace.onDidGrantWorkspaceTrust(invalidate),
      vscode.workspace.onDidChangeWorkspaceFolders(invalidate),
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (event.affectsConfiguration("junction.privacy")) invalidate();
      }),
    );
  }

  async workspace(): Promise<WorkspacePrivacy> {
    return (await this.#current()).workspace;
  }

  /** Whether, and why, a document's content may reach a cloud model. */
  async classifyDocument(uri: vscode.Uri): Promise<DocumentPrivacy> {
    const { folders } = await this.#current();
    const folder = vscode.workspace.getWorkspaceFolder(uri);
    const state = folders.find((candidate) => candidate.folder.uri.toString() === folder?.uri.toString());
    if (!state || uri.scheme !== "file") {
      const path = uri.scheme === "untitled" ? uri.path : vscode.workspace.asRelativePath(uri);
      const reason = uri.scheme === "file" ? vscode.l10n.t("the file is outside every workspace folder") : vscode.l10n.t("the document is not a file on disk ({0})", uri.scheme);
      return { cloudAllowed: false, reasons: [reason], path, secretsPolicy: "route-local" };
    }
    const relativePath = relative(state.folder.uri.fsPath, uri.fsPath).split("\\").join("/");
    const gitIgnored = state.inRepository ? await this.#isIgnored(state.folder.uri.fsPath, uri.fsPath) : false;
    const file = classifyFile({ folder: state.privacy, relativePath, gitIgnored }, state.localOnly);
    const path = vscode.workspace.workspaceFolders && vscode.workspace.workspaceFolders.length > 1 ? `${state.folder.name}/${relativePath}` : relativePath;
    return { ...file, path, secretsPolicy: state.secretsPolicy };
  }

  #isIgnored(folder: string, path: string): Promise<boolean> {
    let answer = this.#ignored.get(path);
    if (!answer) {
      answer = isGitIgnored(folder, path);
      this.#ignored.set(path, answer);
    }
    return answer;
  }

  #current() {
    this.#state ??= this.#compute().catch((error: unknown) => {
      this.#state = undefined;
      throw error;
    });
    return this.#state;
  }

  #invalidate(): void {
    this.#state = undefined;
    this.#ignored.clear();
    void this.#current().then(
      ({ workspace }) => this.#onDidChange.fire(workspace),
      (error: unknown) => this.#logger.error(`Classifying the workspace failed: ${String(error)}`),
    );
  }

  async #compute(): Promise<{ workspace: WorkspacePrivacy; folders: FolderState[] }> {
    const trusted = vscode.workspace.isTrusted;
    const workspaceFolders = vscode.workspace.workspaceFolders ?? [];
    const privateRemotes = this.#settings.current["privacy.privateRemotes"];
    const facts: FolderFacts[] = [];
    const extras: Array<Omit<FolderState, "privacy">> = [];
    const problems = [];
    for (const folder of workspaceFolders) {
      const section = vscode.workspace.getConfiguration("junction", folder.uri);
      const mode = mergePrivacyMode(layers(section, "privacy.mode"), trusted);
      const patterns = mergeLocalOnlyFiles(layers(section, "privacy.localOnlyFiles"));
      const secrets = mergeSecretsPolicy(layers(section, "privacy.secrets"));
      problems.push(...mode.problems, ...patterns.problems, ...secrets.problems);
      for (const note of mode.notes) this.#logger.info(`Privacy of ${folder.name}: ${note}`);
      const path = folder.uri.fsPath;
      const [remotes, licenceText, inRepository] = await Promise.all([readGitRemotes(path), readLicenceText(path), isInGitRepository(path)]);
      facts.push({ name: folder.name, remotes, licenceText, mode: mode.mode, modeSource: mode.source });
      extras.push({ folder, localOnly: createLocalOnlyMatcher(patterns.patterns), secretsPolicy: secrets.policy, inRepository });
    }
    this.#settings.reportProblems("privacy", problems);
    const workspace = classifyWorkspace({ folders: facts, trusted, privateRemotes });
    for (const folder of workspace.folders) {
      this.#logger.info(`Privacy of ${folder.name}: ${folder.classification} (${folder.reasons.join("; ")})`);
    }
    const folders = extras.map((extra, index) => ({ ...extra, privacy: workspace.folders[index]! }));
    return { workspace, folders };
  }

  dispose(): void {
    for (const disposable of this.#disposables) disposable.dispose();
  }
}

function layers(section: vscode.WorkspaceConfiguration, key: string): SettingLayers {
  const inspected = section.inspect(key);
  return { user: inspected?.globalValue, workspace: inspected?.workspaceValue, folder: inspected?.workspaceFolderValue };
}
