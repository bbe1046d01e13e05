import * as vscode from "vscode";
import { EgressGuard } from "../../core/index.ts";
import type { EgressRefusal, Logger } from "../../core/index.ts";
import type { WorkspacePrivacyService } from "./workspacePrivacy.ts";

/**
 * What the egress guard knows, kept current from the open documents: the text of every file
 * classified local-only, and every secret value in any open document. `refresh` runs before each
 * cloud-bound request; the guard itself judges the body at the wire.
 */
export class EgressKnowledge implements vscode.Disposable {
  readonly #guard = new EgressGuard();
  readonly #privacy: WorkspacePrivacyService;
  readonly #logger: Logger;
  /** Document → the version last noted, so an unchanged document costs nothing. */
  readonly #noted = new Map<string, number>();
  readonly #disposables: vscode.Disposable[];

  constructor(privacy: WorkspacePrivacyService, logger: Logger) {
    this.#privacy = privacy;
    this.#logger = logger;
    this.#disposables = [
      vscode.workspace.onDidCloseTextDocument((document) => {
        const key = document.uri.toString();
        this.#noted.delete(key);
        this.#guard.forgetDocument(key);
      }),
      // A file may have turned local-only (a setting, a new pattern): judge every document again.
      privacy.onDidChange(() => this.#noted.clear()),
    ];
  }

  /** Notes what changed in the open documents since the last call. */
  async refresh(): Promise<void> {
    for (const document of vscode.workspace.textDocuments) {
      const key = document.uri.toString();
      if (document.isClosed || this.#noted.get(key) === document.version) continue;
      this.#noted.set(key, document.version);
      const text = document.getText();
      this.#guard.noteSecretsIn(text);
      // Only files are evidence of local-only text: an untitled buffer or an output's text has no
      // known origin, and counting it would refuse public code pasted into a scratch buffer.
      if (document.uri.scheme !== "file") continue;
      const privacy = await this.#privacy.classifyDocument(document.uri).catch(() => undefined);
      if (!privacy || !privacy.cloudAllowed)
        this.#guard.noteLocalOnly(key, privacy?.path ?? vscode.workspace.asRelativePath(document.uri), document.version, text);
      else this.#guard.forgetDocument(key);
    }
  }

  /** Secret values seen in this window: redaction replaces them wherever they appear. */
  knownSecrets(): string[] {
    return this.#guard.knownSecrets();
  }

  /** Remembers secrets of a text about to be sent (an instruction, a window) before judging it. */
  noteSecretsIn(text: string): void {
    this.#guard.noteSecretsIn(text);
  }

  /** The guard's judgement of a request body; a refusal is logged with its rule, never the content. */
  readonly inspect = (body: string, url: string): EgressRefusal | undefined => {
    const refusal = this.#guard.inspect(body);
    if (refusal) this.#logger.warn(`Egress guard stopped a request to ${originOf(url)}: ${refusal.rule} (${refusal.source}); nothing was sent`);
    return refusal;
  };

  dispose(): void {
    for (const disposable of this.#disposables) disposable.dispose();
  }
}

/** Where a request was going, without its path or query (which may carry a key). */
function originOf(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return "an endpoint";
  }
}
