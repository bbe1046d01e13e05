import * as vscode from "vscode";
import { cutSnippet } from "../../core/index.ts";
import type { ContextSnippet, PrivacyReason } from "../../core/index.ts";
import type { WorkspacePrivacyService } from "../privacy/workspacePrivacy.ts";

/** Related code from other open editors of the same language. */
const MAX_SNIPPETS = 3;
/** Reading more than the cut can use is waste: it never keeps more than this many lines. */
const SNIPPET_LINE_LIMIT = 60;

export interface SnippetWithPrivacy extends ContextSnippet {
  cloudAllowed: boolean;
  reasons: PrivacyReason[];
  /** The whole document, so secrets are found before the snippet is cut from it. */
  document: vscode.TextDocument;
}

/**
 * Up to three other files of the same language open in editor tabs, most recently used first
 * (visible editors, then the tab order VS Code keeps). Each carries its privacy class, so the
 * caller can keep only what the chosen target may receive.
 */
export async function relatedSnippets(
  document: vscode.TextDocument,
  privacy: WorkspacePrivacyService,
  recent: readonly string[],
): Promise<SnippetWithPrivacy[]> {
  const visible = vscode.window.visibleTextEditors.map((editor) => editor.document);
  // Tabs are what the user has open; workspace.textDocuments also holds documents closed a while ago.
  const open = new Map(vscode.workspace.textDocuments.map((candidate) => [candidate.uri.toString(), candidate]));
  const inTabs = vscode.window.tabGroups.all
    .flatMap((group) => group.tabs)
    .map((tab) => (tab.input instanceof vscode.TabInputText ? open.get(tab.input.uri.toString()) : undefined))
    .filter((candidate): candidate is vscode.TextDocument => candidate !== undefined);
  const rank = (candidate: vscode.TextDocument) => {
    const index = recent.indexOf(candidate.uri.toString());
    return index < 0 ? Number.MAX_SAFE_INTEGER : index;
  };
  const candidates = [...new Set([...visible, ...inTabs])]
    .filter((other) => other !== document && other.languageId === document.languageId && other.uri.scheme === "file" && !other.isClosed)
    .sort((a, b) => rank(a) - rank(b));
  const snippets: SnippetWithPrivacy[] = [];
  for (const other of candidates.slice(0, MAX_SNIPPETS)) {
    const filePrivacy = await privacy.classifyDocument(other.uri);
    snippets.push({
      path: filePrivacy.path,
      text: cutSnippet(other.getText(new vscode.Range(0, 0, Math.min(other.lineCount, SNIPPET_LINE_LIMIT), 0))),
      cloudAllowed: filePrivacy.cloudAllowed,
      reasons: filePrivacy.reasons,
      document: other,
    });
  }
  return snippets;
}

/** Documents in the order the user last focused them, newest first (bounded). */
export class RecentEditors implements vscode.Disposable {
  readonly #order: string[] = [];
  readonly #subscription: vscode.Disposable;

  constructor() {
    const note = (editor: vscode.TextEditor | undefined) => {
      if (!editor) return;
      const key = editor.document.uri.toString();
      const index = this.#order.indexOf(key);
      if (index >= 0) this.#order.splice(index, 1);
      this.#order.unshift(key);
      this.#order.length = Math.min(this.#order.length, 50);
    };
    note(vscode.window.activeTextEditor);
    this.#subscription = vscode.window.onDidChangeActiveTextEditor(note);
  }

  get order(): readonly string[] {
    return this.#order;
  }

  dispose(): void {
    this.#subscription.dispose();
  }
}
