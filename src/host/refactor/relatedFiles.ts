import * as vscode from "vscode";
import { findRelativeImports, importCandidates } from "../../core/index.ts";

const SOURCE_GLOB = "**/*.{ts,tsx,js,jsx,mjs,cjs,mts,cts,py,go,rs,java,kt,cs,rb,php,c,h,cc,cpp,hpp,swift,vue,svelte}";
const EXCLUDE_GLOB = "**/{node_modules,.git,dist,out,build,.venv,__pycache__}/**";
const MAX_FILES = 500;
const MAX_SCANNED_BYTES = 256 * 1024;

export interface FileChoice extends vscode.QuickPickItem {
  uri: vscode.Uri;
}

/**
 * The multi-select file list of "Refactor Across Files…": the active file and the files it
 * imports or that import it (picked), then open editors, then the workspace's other source files.
 */
export async function pickRefactorFiles(active: vscode.TextDocument): Promise<vscode.Uri[] | undefined> {
  const workspaceFiles = await vscode.workspace.findFiles(SOURCE_GLOB, EXCLUDE_GLOB, MAX_FILES);
  const related = await relatedFiles(active, workspaceFiles);
  const openEditors = vscode.window.tabGroups.all
    .flatMap((group) => group.tabs)
    .flatMap((tab) => (tab.input instanceof vscode.TabInputText ? [tab.input.uri] : []));
  const seen = new Set<string>();
  const items: Array<FileChoice | vscode.QuickPickItem> = [];
  const add = (uri: vscode.Uri, picked: boolean, description: string) => {
    if (seen.has(uri.toString()) || uri.scheme !== "file") return;
    seen.add(uri.toString());
    items.push({ label: vscode.workspace.asRelativePath(uri), description, picked, uri } satisfies FileChoice);
  };
  const separator = (label: string) => items.push({ label, kind: vscode.QuickPickItemKind.Separator });
  separator(vscode.l10n.t("Active file and related files"));
  add(active.uri, true, vscode.l10n.t("active file"));
  for (const { uri, relation } of related) add(uri, true, relation);
  separator(vscode.l10n.t("Open editors"));
  for (const uri of openEditors) add(uri, false, vscode.l10n.t("open"));
  separator(vscode.l10n.t("Other files in the workspace"));
  for (const uri of workspaceFiles.sort((a, b) => a.path.localeCompare(b.path))) add(uri, false, "");
  const picked = await vscode.window.showQuickPick(items, {
    canPickMany: true,
    title: vscode.l10n.t("Junction: Refactor Across Files — which files may change?"),
    placeHolder: vscode.l10n.t("The active file and its imports are picked; add or remove files"),
    matchOnDescription: true,
  });
  return picked?.flatMap((item) => ("uri" in item ? [item.uri] : []));
}

/**
 * Files the active file imports, and files that import it, through relative import statements.
 * Only files of the active file's own workspace folder: a relative import never crosses folders,
 * and in a multi-root workspace two folders often hold the same relative path.
 */
export async function relatedFiles(active: vscode.TextDocument, workspaceFiles: readonly vscode.Uri[]): Promise<Array<{ uri: vscode.Uri; relation: string }>> {
  const folder = vscode.workspace.getWorkspaceFolder(active.uri);
  if (!folder) return [];
  const sameFolder = workspaceFiles.filter((uri) => vscode.workspace.getWorkspaceFolder(uri)?.uri.toString() === folder.uri.toString());
  const byPath = new Map(sameFolder.map((uri) => [vscode.workspace.asRelativePath(uri, false), uri]));
  const activePath = vscode.workspace.asRelativePath(active.uri, false);
  const related: Array<{ uri: vscode.Uri; relation: string }> = [];
  for (const specifier of findRelativeImports(active.getText(), active.languageId)) {
    const match = importCandidates(activePath, specifier, active.languageId).find((candidate) => byPath.has(candidate));
    if (match) related.push({ uri: byPath.get(match)!, relation: vscode.l10n.t("imported by the active file") });
  }
  for (const [path, uri] of byPath) {
    if (path === activePath) continue;
    const text = await readText(uri);
    if (text === undefined) continue;
    const languageId = path.endsWith(".py") ? "python" : "typescript";
    const importsActive = findRelativeImports(text, languageId).some((specifier) => importCandidates(path, specifier, languageId).includes(activePath));
    if (importsActive) related.push({ uri, relation: vscode.l10n.t("imports the active file") });
  }
  return related;
}

async function readText(uri: vscode.Uri): Promise<string | undefined> {
  try {
    const bytes = await vscode.workspace.fs.readFile(uri);
    return bytes.byteLength > MAX_SCANNED_BYTES ? undefined : new TextDecoder().decode(bytes);
  } catch {
    return undefined;
  }
}
