import { realpath } from "node:fs/promises";
import { dirname, isAbsolute, relative } from "node:path";
import * as vscode from "vscode";
import {
  classifyFile,
  AI_IGNORE_FILE_NAMES,
  classifyWorkspace,
  createAiIgnoreMatcher,
  createLocalOnlyMatcher,
  mergeLocalOnlyFiles,
  mergePrivacyMode,
  mergeSecretsPolicy,
} from "../../core/index.ts";
import { wordPrivacyReasons, wordPrivacySettingProblem } from "../../words/index.ts";
import type {
  AiIgnoreFile,
  AiIgnoreMatcher,
  FileFacts,
  FilePrivacy,
  FolderFacts,
  FolderPrivacy,
  LocalOnlyMatcher,
  Logger,
  PrivacyMode,
  PrivacyReason,
  PrivacySettingProblem,
  ModeSource,
  SettingLayers,
  WorkspacePrivacy,
} from "../../core/index.ts";
import { findRepository, isGitIgnored, readRepositoryRemotes, readLicenceText } from "./folderFacts.ts";
import type { Repository } from "./folderFacts.ts";
import type { SettingsReader } from "../settings.ts";

interface FolderState {
  folder: vscode.WorkspaceFolder;
  privacy: FolderPrivacy;
  localOnly: LocalOnlyMatcher;
  secretsPolicy: "redact" | "route-local";
  /** The folder's own path with symbolic links resolved; undefined when it cannot be resolved. */
  realRoot: string | undefined;
  /** The repository the folder is in (its root may be the folder or a parent); null for none. */
  repository: Repository | null | undefined;
  mode: PrivacyMode;
  modeSource: ModeSource;
  /** Other AI tools' ignore files in the folder, as one matcher (none when the user turned them off). */
  aiIgnore: AiIgnoreMatcher;
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
  /** Per opened path: what it really is. Cleared with the classification and when files come or go. */
  readonly #fileFacts = new Map<string, Promise<FileFacts>>();
  /** Per folder: other AI tools' ignore files in it. */
  readonly #aiIgnoreFiles = new Map<string, Promise<AiIgnoreFile[]>>();
  /** Per nested repository root: its classification. */
  readonly #nested = new Map<string, Promise<FolderPrivacy>>();

  readonly onDidChange = this.#onDidChange.event;

  constructor(settings: SettingsReader, logger: Logger) {
    this.#settings = settings;
    this.#logger = logger;
    const invalidate = () => this.#invalidate();
    const watcher = vscode.workspace.createFileSystemWatcher(`**/{.git,.git/config,LICENSE*,LICENCE*,COPYING*,.gitignore,${AI_IGNORE_FILE_NAMES.join(",")}}`);
    // Finding ignore files searches the whole folder: done again only when one of them changes,
    // not on every privacy setting a command writes.
    const aiIgnoreWatcher = vscode.workspace.createFileSystemWatcher(`**/{${AI_IGNORE_FILE_NAMES.join(",")}}`);
    const forgetAiIgnoreFiles = () => this.#aiIgnoreFiles.clear();
    // A file replaced by a link, or a link retargeted, is a file created anew.
    const anyFile = vscode.workspace.createFileSystemWatcher("**/*", false, true, false);
    const forget = (uri: vscode.Uri) => {
      this.#fileFacts.delete(uri.fsPath);
      this.#ignored.delete(uri.fsPath);
    };
    this.#disposables.push(
      this.#onDidChange,
      watcher,
      watcher.onDidChange(invalidate),
      watcher.onDidCreate(invalidate),
      watcher.onDidDelete(invalidate),
      aiIgnoreWatcher,
      aiIgnoreWatcher.onDidChange(forgetAiIgnoreFiles),
      aiIgnoreWatcher.onDidCreate(forgetAiIgnoreFiles),
      aiIgnoreWatcher.onDidDelete(forgetAiIgnoreFiles),
      vscode.workspace.onDidChangeWorkspaceFolders(forgetAiIgnoreFiles),
      anyFile,
      anyFile.onDidCreate(forget),
      anyFile.onDidDelete(forget),
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

  /**
   * Whether, and why, a document's content may reach a cloud model. A file is judged by what it
   * really is: its real path (symbolic links resolved, which must stay inside its folder) and the
   * repository that really contains it (a nested clone or submodule has its own remotes and licence).
   */
  async classifyDocument(uri: vscode.Uri): Promise<DocumentPrivacy> {
    const { folders } = await this.#current();
    const folder = vscode.workspace.getWorkspaceFolder(uri);
    const state = folders.find((candidate) => candidate.folder.uri.toString() === folder?.uri.toString());
    if (!state || uri.scheme !== "file") {
      const path = uri.scheme === "untitled" ? uri.path : vscode.workspace.asRelativePath(uri);
      const reason: PrivacyReason = uri.scheme === "file" ? { code: "outside-workspace-folders" } : { code: "not-a-file", scheme: uri.scheme };
      return { cloudAllowed: false, reasons: [reason], path, secretsPolicy: "route-local" };
    }
    const openedAs = toSlashes(relative(state.folder.uri.fsPath, uri.fsPath));
    const facts = await this.#cached(this.#fileFacts, uri.fsPath, () => this.#fileFactsOf(state, uri.fsPath, openedAs));
    const file = classifyFile(facts, state.localOnly);
    const path = vscode.workspace.workspaceFolders && vscode.workspace.workspaceFolders.length > 1 ? `${state.folder.name}/${openedAs}` : openedAs;
    return { ...file, path, secretsPolicy: state.secretsPolicy };
  }

  async #fileFactsOf(state: FolderState, fsPath: string, openedAs: string): Promise<FileFacts> {
    const unresolved = (problem: FileFacts["realPathProblem"]): FileFacts => ({
      folder: state.privacy,
      relativePath: openedAs,
      gitIgnored: false,
      realPathProblem: problem,
    });
    const real = await realpath(fsPath).catch(() => undefined);
    if (real === undefined || state.realRoot === undefined) return unresolved({ kind: "unresolved" });
    const relativePath = relative(state.realRoot, real);
    if (relativePath.startsWith("..") || isAbsolute(relativePath)) return unresolved({ kind: "outside-folder", realPath: real });
    const repository = await findRepository(dirname(real));
    if (repository === undefined) return unresolved({ kind: "repository-unreadable", repository: dirname(real) });
    const nested = repository !== null && state.repository && repository.root !== state.repository.root && isInside(state.realRoot, repository.root);
    const owner = nested ? await this.#cached(this.#nested, repository.root, () => this.#classifyNested(state, repository)) : state.privacy;
    // Ignored by the repository that owns the file, or — for a link — where the link itself lives.
    const ignored = await Promise.all([
      repository ? this.#cached(this.#ignored, real, () => isGitIgnored(repository.root, real)) : false,
      real !== fsPath && state.repository ? this.#cached(this.#ignored, fsPath, () => isGitIgnored(state.folder.uri.fsPath, fsPath)) : false,
    ]);
    const aiIgnored = state.aiIgnore(toSlashes(relativePath)) ?? (real !== fsPath ? state.aiIgnore(openedAs) : undefined);
    return {
      folder: owner,
      relativePath: toSlashes(relativePath),
      gitIgnored: ignored.some(Boolean),
      ...(real !== fsPath ? { openedAs } : {}),
      ...(aiIgnored ? { aiIgnored } : {}),
    };
  }

  /**
   * A repository nested in a folder is judged on its own evidence, under the folder's mode: it may
   * reach the cloud only when both it and the folder may.
   */
  async #classifyNested(state: FolderState, repository: Repository): Promise<FolderPrivacy> {
    const name = `${state.folder.name}/${toSlashes(relative(state.realRoot ?? state.folder.uri.fsPath, repository.root))}`;
    const [remotes, licenceText] = await Promise.all([readRepositoryRemotes(repository), readLicenceText(repository.root)]);
    const [own] = classifyWorkspace({
      folders: [{ name, remotes, licenceText, mode: state.mode, modeSource: state.modeSource }],
      trusted: vscode.workspace.isTrusted,
      privateRemotes: this.#settings.current["privacy.privateRemotes"],
    }).folders;
    const nestedReason: PrivacyReason = { code: "nested-repository", name };
    if (!own) return { ...state.privacy, reasons: [nestedReason, ...state.privacy.reasons] };
    if (!state.privacy.cloudAllowed) return { ...state.privacy, reasons: [nestedReason, ...state.privacy.reasons] };
    return { ...own, reasons: [nestedReason, ...own.reasons] };
  }

  #cached<T>(cache: Map<string, Promise<T>>, key: string, compute: () => Promise<T>): Promise<T> {
    let answer = cache.get(key);
    if (!answer) {
      answer = compute();
      cache.set(key, answer);
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
    this.#fileFacts.clear();
    this.#nested.clear();
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
    const problems: PrivacySettingProblem[] = [];
    for (const folder of workspaceFolders) {
      const section = vscode.workspace.getConfiguration("junction", folder.uri);
      const mode = mergePrivacyMode(layers(section, "privacy.mode"), trusted);
      const patterns = mergeLocalOnlyFiles(layers(section, "privacy.localOnlyFiles"));
      const secrets = mergeSecretsPolicy(layers(section, "privacy.secrets"));
      problems.push(...mode.problems, ...patterns.problems, ...secrets.problems);
      for (const note of mode.notes) this.#logger.info(`Privacy of ${folder.name}: ${note}`);
      const path = folder.uri.fsPath;
      const realRoot = await realpath(path).catch(() => undefined);
      // Found from the real path, as files' repositories are, so the two compare.
      const [repository, licenceText] = await Promise.all([findRepository(realRoot ?? path), readLicenceText(path)]);
      const remotes = repository === null ? [] : repository === undefined ? undefined : await readRepositoryRemotes(repository);
      facts.push({ name: folder.name, remotes, licenceText, mode: mode.mode, modeSource: mode.source });
      const aiIgnore = createAiIgnoreMatcher(
        this.#settings.current["privacy.aiIgnoreFiles"] ? await this.#cached(this.#aiIgnoreFiles, folder.uri.toString(), () => readAiIgnoreFiles(folder)) : [],
      );
      extras.push({
        folder,
        localOnly: createLocalOnlyMatcher(patterns.patterns),
        secretsPolicy: secrets.policy,
        realRoot,
        repository,
        mode: mode.mode,
        modeSource: mode.source,
        aiIgnore,
      });
    }
    this.#settings.reportProblems("privacy", problems.map(wordPrivacySettingProblem));
    const workspace = classifyWorkspace({ folders: facts, trusted, privateRemotes });
    for (const folder of workspace.folders) {
      this.#logger.info(`Privacy of ${folder.name}: ${folder.classification} (${wordPrivacyReasons(folder.reasons).join("; ")})`);
    }
    const folders = extras.map((extra, index) => ({ ...extra, privacy: workspace.folders[index]! }));
    return { workspace, folders };
  }

  dispose(): void {
    for (const disposable of this.#disposables) disposable.dispose();
  }
}

/** Ignore files beyond these are not read: no repository keeps that many, and each costs a read. */
const MAX_AI_IGNORE_FILES = 200;
const MAX_AI_IGNORE_BYTES = 256 * 1024;

/** Every AI tool's ignore file in the folder, at any depth (dependencies' folders excluded). */
async function readAiIgnoreFiles(folder: vscode.WorkspaceFolder): Promise<AiIgnoreFile[]> {
  // A search that fails finds nothing: the other rules still hold, and a later change to an ignore
  // file searches again.
  const uris = await Promise.resolve(
    vscode.workspace.findFiles(new vscode.RelativePattern(folder, `**/{${AI_IGNORE_FILE_NAMES.join(",")}}`), "**/node_modules/**", MAX_AI_IGNORE_FILES),
  ).catch(() => []);
  const files: AiIgnoreFile[] = [];
  for (const uri of uris.sort((a, b) => a.path.localeCompare(b.path))) {
    try {
      const bytes = await vscode.workspace.fs.readFile(uri);
      files.push({ path: toSlashes(relative(folder.uri.fsPath, uri.fsPath)), text: new TextDecoder().decode(bytes.subarray(0, MAX_AI_IGNORE_BYTES)) });
    } catch {
      // An ignore file that cannot be read says nothing; the others still count.
    }
  }
  return files;
}

function toSlashes(path: string): string {
  return path.split("\\").join("/");
}

function isInside(root: string, path: string): boolean {
  const between = relative(root, path);
  return between === "" || (!between.startsWith("..") && !isAbsolute(between));
}

function layers(section: vscode.WorkspaceConfiguration, key: string): SettingLayers {
  const inspected = section.inspect(key);
  return { user: inspected?.globalValue, workspace: inspected?.workspaceValue, folder: inspected?.workspaceFolderValue };
}
