import { randomBytes } from "node:crypto";
import * as vscode from "vscode";
import type { Logger } from "../../core/index.ts";
import { FIRST_PAGE, sessionView } from "../../core/ledger/ledgerView.ts";
import type { PageRequest } from "../../core/ledger/ledgerView.ts";
import { panelToHostSchema } from "../../shared/protocol.ts";
import type { HostToPanelMessage, PanelState } from "../../shared/protocol.ts";

export interface PanelDeps {
  extensionUri: vscode.Uri;
  /** Every row the ledger keeps; the panel is sent one page of them (src/core/ledger/ledgerView.ts). */
  getState: () => PanelState;
  /** Fires whenever the state the panel shows may have changed. */
  onStateChange: vscode.Event<void>;
  openLog: () => void;
  recheckLocalModel: () => void;
  setFolderMode: (folderUri: string, mode: "local-only" | "cloud-allowed") => void;
  openPrivacySettings: () => void;
  /** Opens the Settings editor at `junction.pricing` or `junction.budget`. */
  openSettings: (section: "pricing" | "budget") => void;
  clearSession: () => void;
  exportSession: () => void;
  /** Where a message that fails the protocol is reported (it is never acted on). */
  logger: Logger;
}

/** The Junction panel: one webview at a time, revealed again when it already exists. */
export class JunctionPanel implements vscode.Disposable {
  static readonly viewType = "junction.panel";
  readonly #deps: PanelDeps;
  /** The open panel, and the page of requests it shows: a new panel starts on the newest. */
  #current: { panel: vscode.WebviewPanel; disposables: vscode.Disposable[]; requests: PageRequest } | undefined;

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
    this.#current = { panel, disposables, requests: FIRST_PAGE };
    disposables.push(
      panel.onDidDispose(() => this.#disposeCurrent()),
      panel.webview.onDidReceiveMessage((message: unknown) => this.#receive(message)),
      this.#deps.onStateChange(() => this.#postState()),
      // A hidden webview loses its page; it asks for state again with "ready" when shown.
    );
    panel.webview.html = renderHtml(panel.webview, extensionUri, vscode.l10n.bundle);
  }

  #receive(message: unknown): void {
    const parsed = panelToHostSchema.safeParse(message);
    if (!parsed.success) {
      this.#deps.logger.warn(`Ignored a panel message that fails the protocol: ${parsed.error.issues.map((issue) => issue.message).join("; ")}`);
      return;
    }
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
      case "openSettings":
        this.#deps.openSettings(parsed.data.section);
        break;
      case "clearSession":
        this.#deps.clearSession();
        break;
      case "exportSession":
        this.#deps.exportSession();
        break;
      case "showRequests":
        if (this.#current) this.#current.requests = { page: parsed.data.page, filter: parsed.data.filter };
        this.#postState();
        break;
      case "policyViolation":
        this.#deps.logger.warn(
          `The panel's content security policy refused ${parsed.data.blocked || "something"} (${parsed.data.directive}): the page misses what it needed`,
        );
        break;
    }
  }

  #postState(): void {
    const current = this.#current;
    if (!current) return;
    const state = sessionView(this.#deps.getState(), current.requests);
    // Keep the clamped page: after Clear Session the panel is on page 1 again, not on a page that
    // new requests would fill later.
    current.requests = { page: state.requests.page, filter: state.requests.filter };
    const message: HostToPanelMessage = { type: "state", state };
    void current.panel.webview.postMessage(message);
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

/** JSON in a double-quoted attribute: the browser decodes the entities before the script reads it. */
function attributeValue(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/**
 * The document shell: the policy, the stylesheet, the script and <junction-panel>, which the
 * script renders (webview/junctionPanel.ts, with its own translated text). `bundle` is
 * `vscode.l10n.bundle`, undefined in English. It goes to the webview as data on <body>, not as
 * inline script, which the CSP forbids; webview/main.ts hands it to @vscode/l10n.
 */
function renderHtml(webview: vscode.Webview, extensionUri: vscode.Uri, bundle: { [key: string]: string } | undefined): string {
  const nonce = randomBytes(16).toString("base64");
  const script = webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, "dist", "webview.js"));
  const style = webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, "media", "panel.css"));
  const csp = [
    "default-src 'none'",
    // No 'unsafe-inline': the page's styles are panel.css, and its components' are constructed
    // style sheets; the page reports anything refused (webview/main.ts), and the e2e checks none is.
    `style-src ${webview.cspSource}`,
    `font-src ${webview.cspSource}`,
    `img-src ${webview.cspSource} data:`,
    `script-src 'nonce-${nonce}'`,
  ].join("; ");
  return `<!DOCTYPE html>
<html lang="${attributeValue(vscode.env.language)}">
<head>
  <meta charset="UTF-8">
  <meta http-equiv="Content-Security-Policy" content="${csp}">
  <meta name="viewport" content="width=device-width, initial-scale=1.0">
  <link rel="stylesheet" href="${style}">
  <title>Junction</title>
</head>
<body${bundle ? ` data-l10n="${attributeValue(JSON.stringify(bundle))}"` : ""}>
  <junction-panel></junction-panel>
  <script type="module" nonce="${nonce}" src="${script}"></script>
</body>
</html>`;
}
