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
 * `bundle` is `vscode.l10n.bundle`, undefined in English. It goes to the webview as data on
 * <body>, not as inline script, which the CSP forbids; webview/main.ts hands it to @vscode/l10n.
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
  // The page's static text is translated like the rest of the panel (written out as
  // vscode.l10n.t calls so the bundle export finds them) and escaped for HTML.
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
  <header class="top">
    <div class="brand">
      <h1>Junction</h1>
      <div class="muted">${attributeValue(vscode.l10n.t("Every request and where it went"))}</div>
    </div>
    <div class="local">
      <div id="local-status" role="status" aria-live="polite">${attributeValue(vscode.l10n.t("Checking the local model…"))}</div>
      <div class="muted">${attributeValue(vscode.l10n.t("Local endpoint"))} <span id="local-endpoint"></span></div>
    </div>
    <div class="actions">
      <vscode-button id="recheck" secondary>${attributeValue(vscode.l10n.t("Check local model"))}</vscode-button>
      <vscode-button id="open-log" secondary>${attributeValue(vscode.l10n.t("Open log"))}</vscode-button>
    </div>
  </header>
  <main>
    <section class="summary" aria-labelledby="summary-heading">
      <h2 id="summary-heading" class="visually-hidden">${attributeValue(vscode.l10n.t("This session"))}</h2>
      <div class="stats">
        <div class="stat">
          <div class="stat-label" id="session-cost-label">${attributeValue(vscode.l10n.t("Session cost"))}</div>
          <div class="stat-value" id="session-cost" aria-describedby="session-cost-label">$0</div>
          <div class="stat-note" id="session-cost-note"></div>
          <button type="button" class="link" id="set-pricing" hidden>${attributeValue(vscode.l10n.t("Set prices (junction.pricing)"))}</button>
        </div>
        <div class="stat">
          <div class="stat-label">${attributeValue(vscode.l10n.t("Requests"))}</div>
          <div class="stat-value" id="session-requests">0</div>
          <div class="split-bar" id="split-bar" role="img" aria-label="${attributeValue(vscode.l10n.t("No requests yet"))}"><span class="split-local" id="split-bar-local"></span><span class="split-cloud" id="split-bar-cloud"></span></div>
          <div class="stat-note"><span id="split-local">0</span> ${attributeValue(vscode.l10n.t("local"))} · <span id="split-cloud">0</span> ${attributeValue(vscode.l10n.t("cloud"))}<span id="split-failed"></span></div>
        </div>
        <div class="stat">
          <div class="stat-label">${attributeValue(vscode.l10n.t("Tokens"))}</div>
          <div class="stat-value" id="session-tokens">0</div>
          <div class="stat-note" id="session-tokens-note"></div>
        </div>
        <div class="stat">
          <div class="stat-label">${attributeValue(vscode.l10n.t("Saved vs all-cloud"))}</div>
          <div class="stat-value" id="session-saved">$0</div>
          <div class="stat-note" id="session-saved-note"></div>
        </div>
      </div>
      <div class="budgets">
        <div class="budget" id="budget-session">
          <div class="budget-head"><span class="budget-label" id="budget-session-label">${attributeValue(vscode.l10n.t("Session budget"))}</span><span class="budget-text" id="budget-session-text"></span></div>
          <div class="meter" id="budget-session-meter" role="meter" aria-labelledby="budget-session-label" aria-valuemin="0" aria-valuemax="100" aria-valuenow="0"><div class="meter-fill" id="budget-session-fill"></div></div>
        </div>
        <div class="budget" id="budget-month">
          <div class="budget-head"><span class="budget-label" id="budget-month-label">${attributeValue(vscode.l10n.t("Monthly budget"))}</span><span class="budget-text" id="budget-month-text"></span></div>
          <div class="meter" id="budget-month-meter" role="meter" aria-labelledby="budget-month-label" aria-valuemin="0" aria-valuemax="100" aria-valuenow="0"><div class="meter-fill" id="budget-month-fill"></div></div>
        </div>
        <button type="button" class="link" id="open-budget-settings">${attributeValue(vscode.l10n.t("Change budgets"))}</button>
      </div>
    </section>
    <div class="columns">
      <section class="chart-section" id="chart-section" aria-labelledby="chart-heading" data-empty="true">
        <h2 id="chart-heading">${attributeValue(vscode.l10n.t("Cost over this session"))}</h2>
        <div id="chart" class="chart-box"></div>
        <div class="chart-empty muted">${attributeValue(vscode.l10n.t("The chart starts with the first request."))}</div>
        <ul class="legend" id="chart-legend"></ul>
      </section>
      <section class="totals-section" aria-labelledby="totals-heading">
        <h2 id="totals-heading">${attributeValue(vscode.l10n.t("Totals"))}</h2>
        <table class="totals">
          <thead><tr><td></td><th scope="col">${attributeValue(vscode.l10n.t("Session"))}</th><th scope="col">${attributeValue(vscode.l10n.t("Today"))}</th><th scope="col">${attributeValue(vscode.l10n.t("This month"))}</th></tr></thead>
          <tbody id="totals-body"></tbody>
        </table>
      </section>
    </div>
    <section class="requests-section" aria-labelledby="requests-heading">
      <div class="section-head">
        <h2 id="requests-heading">${attributeValue(vscode.l10n.t("Requests this session"))} (<span id="request-count">0</span>)</h2>
        <div class="toolbar">
          <vscode-radio-group id="route-filter" aria-label="${attributeValue(vscode.l10n.t("Show requests"))}">
            <vscode-radio name="route-filter" value="all" label="${attributeValue(vscode.l10n.t("All"))}" checked></vscode-radio>
            <vscode-radio name="route-filter" value="local" label="${attributeValue(vscode.l10n.t("Local"))}"></vscode-radio>
            <vscode-radio name="route-filter" value="cloud" label="${attributeValue(vscode.l10n.t("Cloud"))}"></vscode-radio>
            <vscode-radio name="route-filter" value="chat" label="${attributeValue(vscode.l10n.t("Chat"))}"></vscode-radio>
          </vscode-radio-group>
          <span class="toolbar-buttons">
            <vscode-button id="export-session" secondary>${attributeValue(vscode.l10n.t("Export…"))}</vscode-button>
            <vscode-button id="clear-session" secondary disabled>${attributeValue(vscode.l10n.t("Clear session"))}</vscode-button>
          </span>
        </div>
      </div>
      <div id="empty-state" class="empty">${attributeValue(vscode.l10n.t("No requests yet. Type in an editor and Junction's completions will be listed here."))}</div>
      <div id="filter-empty" class="empty" hidden></div>
      <div id="requests" hidden></div>
      <nav class="pager" id="pager" aria-label="${attributeValue(vscode.l10n.t("Pages of requests"))}" hidden>
        <vscode-button id="page-first" secondary aria-label="${attributeValue(vscode.l10n.t("First page: the newest requests"))}">${attributeValue(vscode.l10n.t("First"))}</vscode-button>
        <vscode-button id="page-previous" secondary aria-label="${attributeValue(vscode.l10n.t("Previous page: newer requests"))}">${attributeValue(vscode.l10n.t("Previous"))}</vscode-button>
        <span class="page-status"><span id="page-status" role="status" aria-live="polite"></span> <span id="page-range" class="muted"></span></span>
        <vscode-button id="page-next" secondary aria-label="${attributeValue(vscode.l10n.t("Next page: older requests"))}">${attributeValue(vscode.l10n.t("Next"))}</vscode-button>
        <vscode-button id="page-last" secondary aria-label="${attributeValue(vscode.l10n.t("Last page: the oldest requests"))}">${attributeValue(vscode.l10n.t("Last"))}</vscode-button>
      </nav>
      <div id="requests-kept" class="muted" hidden></div>
    </section>
    <section aria-labelledby="privacy-heading">
      <h2 id="privacy-heading">${attributeValue(vscode.l10n.t("Privacy"))} <span id="trust" class="muted"></span></h2>
      <div id="privacy-folders"></div>
      <vscode-button id="open-privacy-settings" secondary>${attributeValue(vscode.l10n.t("Open privacy settings"))}</vscode-button>
    </section>
    <footer class="muted"><span id="price-source"></span> <button type="button" class="link" id="open-pricing-settings">${attributeValue(vscode.l10n.t("Open pricing settings"))}</button></footer>
  </main>
  <script type="module" nonce="${nonce}" src="${script}"></script>
</body>
</html>`;
}
