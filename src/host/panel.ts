import { randomBytes } from "node:crypto";
import * as vscode from "vscode";
import { panelToHostSchema } from "../shared/protocol.ts";
import type { HostToPanelMessage, PanelState } from "../shared/protocol.ts";

export interface PanelDeps {
  extensionUri: vscode.Uri;
  getState: () => PanelState;
  /** Fires whenever the state the panel shows may have changed. */
  onStateChange: vscode.Event<void>;
  openLog: () => void;
  recheckLocalModel: () => void;
  setFolderMode: (folderUri: string, mode: "local-only" | "cloud-allowed") => void;
  openPrivacySettings: () => void;
}

/** The Junction panel: one webview at a time, revealed again when it already exists. */
export class JunctionPanel implements vscode.Disposable {
  static readonly viewType = "junction.panel";
  readonly #deps: PanelDeps;
  #current: { panel: vscode.WebviewPanel; disposables: vscode.Disposable[] } | undefined;

  constructor(deps: PanelDeps) {
    this.#deps = deps;
  }

  get isOpen(): boolean {
    return this.#current !== undefined;
  }

  show(): void {
    if (this.#current) {
      this.#current.panel.reveal();
      return;
    }
    const { extensionUri } = this.#deps;
    const panel = vscode.window.createWebviewPanel(JunctionPanel.viewType, "Junction", vscode.ViewColumn.Beside, {
      enableScripts: true,
      retainContextWhenHidden: false,
      localResourceRoots: [vscode.Uri.joinPath(extensionUri, "dist"), vscode.Uri.joinPath(extensionUri, "media")],
    });
    panel.iconPath = vscode.Uri.joinPath(extensionUri, "media", "icon.png");
    // Everything registered for this panel is disposed with it.
    const disposables: vscode.Disposable[] = [];
    this.#current = { panel, disposables };
    disposables.push(
      panel.onDidDispose(() => this.#disposeCurrent()),
      panel.webview.onDidReceiveMessage((message: unknown) => this.#receive(message)),
      this.#deps.onStateChange(() => this.#postState()),
      // A hidden webview loses its page; it asks for state again with "ready" when shown.
    );
    panel.webview.html = renderHtml(panel.webview, extensionUri);
  }

  #receive(message: unknown): void {
    const parsed = panelToHostSchema.safeParse(message);
    if (!parsed.success) return;
    switch (parsed.data.type) {
      case "ready":
        this.#postState();
        break;
      case "openLog":
        this.#deps.openLog();
        break;
      case "recheckLocalModel":
        this.#deps.recheckLocalModel();
        break;
      case "setFolderMode":
        this.#deps.setFolderMode(parsed.data.folderUri, parsed.data.mode);
        break;
      case "openPrivacySettings":
        this.#deps.openPrivacySettings();
        break;
    }
  }

  #postState(): void {
    const message: HostToPanelMessage = { type: "state", state: this.#deps.getState() };
    void this.#current?.panel.webview.postMessage(message);
  }

  #disposeCurrent(): void {
    const current = this.#current;
    this.#current = undefined;
    for (const disposable of current?.disposables ?? []) disposable.dispose();
  }

  dispose(): void {
    const panel = this.#current?.panel;
    this.#disposeCurrent();
    panel?.dispose();
  }
}

function renderHtml(webview: vscode.Webview, extensionUri: vscode.Uri): string {
  const nonce = randomBytes(16).toString("base64");
  const script = webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, "dist", "webview.js"));
  const style = webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, "media", "panel.css"));
  const csp = [
    "default-src 'none'",
    `style-src ${webview.cspSource} 'unsafe-inline'`,
    `font-src ${webview.cspSource}`,
    `img-src ${webview.cspSource} data:`,
    `script-src 'nonce-${nonce}'`,
  ].join("; ");
  return `<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="UTF-8">
  <meta http-equiv="Content-Security-Policy" content="${csp}">
  <meta name="viewport" content="width=device-width, initial-scale=1.0">
  <link rel="stylesheet" href="${style}">
  <title>Junction</title>
</head>
<body>
  <header>
    <div>
      <h1>Junction</h1>
      <div class="muted">Every request and where it went</div>
    </div>
    <div>
      <div id="local-status" role="status" aria-live="polite">Checking the local model…</div>
      <div class="muted">Local endpoint <span id="local-endpoint"></span></div>
    </div>
    <div class="actions">
      <vscode-button id="recheck" secondary>Check local model</vscode-button>
      <vscode-button id="open-log" secondary>Open log</vscode-button>
    </div>
  </header>
  <main>
    <section aria-labelledby="privacy-heading">
      <h2 id="privacy-heading">Privacy <span id="trust" class="muted"></span></h2>
      <div id="privacy-folders"></div>
      <vscode-button id="open-privacy-settings" secondary>Open privacy settings</vscode-button>
    </section>
    <h2>Requests this session (<span id="request-count">0</span>)</h2>
    <div id="empty-state" class="empty">No requests yet. Type in an editor and Junction's completions will be listed here.</div>
    <div id="requests"></div>
  </main>
  <script type="module" nonce="${nonce}" src="${script}"></script>
</body>
</html>`;
}
