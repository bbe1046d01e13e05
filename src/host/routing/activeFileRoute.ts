import * as vscode from "vscode";
import type { Logger } from "../../core/index.ts";
import type { ActiveFileRoute } from "../views/statusBar.ts";
import type { WorkspacePrivacyService } from "../privacy/workspacePrivacy.ts";

/** Follows the active editor and reports where its file's requests may go. */
export class ActiveFileRouteTracker implements vscode.Disposable {
  readonly #privacy: WorkspacePrivacyService;
  readonly #logger: Logger;
  readonly #onDidChange = new vscode.EventEmitter<ActiveFileRoute | undefined>();
  readonly #disposables: vscode.Disposable[];
  #generation = 0;

  readonly onDidChange = this.#onDidChange.event;

  constructor(privacy: WorkspacePrivacyService, logger: Logger) {
    this.#privacy = privacy;
    this.#logger = logger;
    this.#disposables = [this.#onDidChange, vscode.window.onDidChangeActiveTextEditor(() => this.refresh()), privacy.onDidChange(() => this.refresh())];
  }

  refresh(): void {
    const document = vscode.window.activeTextEditor?.document;
    // Only the newest answer counts when the user switches editors quickly.
    const generation = ++this.#generation;
    if (!document) {
      this.#onDidChange.fire(undefined);
      return;
    }
    this.#privacy.classifyDocument(document.uri).then(
      (file) => {
        if (generation === this.#generation) this.#onDidChange.fire({ path: file.path, cloudAllowed: file.cloudAllowed, reasons: file.reasons });
      },
      (error: unknown) => this.#logger.error(`Classifying the active file failed: ${String(error)}`),
    );
  }

  dispose(): void {
    for (const disposable of this.#disposables) disposable.dispose();
  }
}
