import "@vscode-elements/elements/dist/vscode-badge/index.js";
import "@vscode-elements/elements/dist/vscode-button/index.js";
import "@vscode-elements/elements/dist/vscode-table/index.js";
import "@vscode-elements/elements/dist/vscode-table-header/index.js";
import "@vscode-elements/elements/dist/vscode-table-header-cell/index.js";
import "@vscode-elements/elements/dist/vscode-table-body/index.js";
import "@vscode-elements/elements/dist/vscode-table-row/index.js";
import "@vscode-elements/elements/dist/vscode-table-cell/index.js";
import { hostToPanelSchema } from "../src/shared/protocol.ts";
import type { FolderPrivacyView, PanelState, PanelToHostMessage, PrivacyState, RequestRow } from "../src/shared/protocol.ts";

interface VsCodeApi {
  postMessage(message: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();

function post(message: PanelToHostMessage): void {
  vscode.postMessage(message);
}

function byId<T extends HTMLElement>(id: string): T {
  const element = document.getElementById(id);
  if (!element) throw new Error(`panel markup lacks #${id}`);
  return element as T;
}

const COLUMNS = ["Time", "Kind", "File", "Route", "Model", "Tokens", "Latency", "Cost", "Why"];
const COLUMN_WIDTHS = ["9%", "9%", "14%", "7%", "15%", "10%", "8%", "8%", "20%"];

function cell(text: string): HTMLElement {
  const element = document.createElement("vscode-table-cell");
  // Model names and file paths are data: textContent, never markup.
  element.textContent = text;
  element.title = text;
  return element;
}

function routeBadge(row: RequestRow): HTMLElement {
  const container = document.createElement("vscode-table-cell");
  const badge = document.createElement("vscode-badge");
  badge.setAttribute("variant", "tag");
  badge.textContent = row.target;
  container.append(badge);
  return container;
}

function renderRow(row: RequestRow): HTMLElement {
  const element = document.createElement("vscode-table-row");
  const tokens = `${row.inputTokens} → ${row.outputTokens}${row.tokensEstimated ? " (est.)" : ""}`;
  element.append(
    cell(new Date(row.time).toLocaleTimeString()),
    cell(row.kind),
    cell(row.file),
    routeBadge(row),
    cell(row.model),
    cell(tokens),
    cell(`${Math.round(row.latencyMs)} ms`),
    cell(formatUsd(row)),
    cell(row.outcome === "ok" ? row.reasons.join("; ") : `${row.outcome}: ${row.reasons.join("; ")}`),
  );
  return element;
}

function formatUsd(row: RequestRow): string {
  if (row.usd === null) return "unknown price";
  return row.usd === 0 ? "$0" : `$${row.usd.toFixed(row.usd < 0.01 ? 5 : 3)}`;
}

function renderTable(rows: readonly RequestRow[]): HTMLElement {
  const table = document.createElement("vscode-table");
  table.setAttribute("zebra", "");
  table.setAttribute("bordered-rows", "");
  table.setAttribute("resizable", "");
  table.setAttribute("columns", JSON.stringify(COLUMN_WIDTHS));
  table.setAttribute("aria-label", "Requests of this session, newest first");
  const header = document.createElement("vscode-table-header");
  header.setAttribute("slot", "header");
  for (const column of COLUMNS) {
    const headerCell = document.createElement("vscode-table-header-cell");
    headerCell.textContent = column;
    header.append(headerCell);
  }
  const body = document.createElement("vscode-table-body");
  body.setAttribute("slot", "body");
  body.append(...rows.map(renderRow));
  table.append(header, body);
  return table;
}

const CLASSIFICATION_LABELS: Record<FolderPrivacyView["classification"], string> = {
  public: "public",
  private: "private",
  "local-only": "local-only",
  "cloud-allowed": "cloud allowed",
};

function renderFolder(folder: FolderPrivacyView, trusted: boolean): HTMLElement {
  const card = document.createElement("div");
  card.className = "folder";
  card.dataset.folder = folder.name;
  const title = document.createElement("div");
  title.className = "folder-title";
  const name = document.createElement("strong");
  name.textContent = folder.name;
  const badge = document.createElement("vscode-badge");
  badge.setAttribute("variant", "tag");
  badge.className = folder.cloudAllowed ? "badge-cloud" : "badge-local";
  badge.textContent = CLASSIFICATION_LABELS[folder.classification];
  title.append(name, badge);
  const reasons = document.createElement("ul");
  reasons.className = "reasons";
  for (const reason of folder.reasons) {
    const item = document.createElement("li");
    item.textContent = reason;
    reasons.append(item);
  }
  const actions = document.createElement("div");
  actions.className = "folder-actions";
  const keepLocal = document.createElement("vscode-button");
  keepLocal.setAttribute("secondary", "");
  keepLocal.textContent = "Keep this folder local-only";
  keepLocal.addEventListener("click", () => post({ type: "setFolderMode", folderUri: folder.uri, mode: "local-only" }));
  const allowCloud = document.createElement("vscode-button");
  allowCloud.setAttribute("secondary", "");
  allowCloud.textContent = "Allow cloud for this folder";
  if (!trusted) {
    allowCloud.setAttribute("disabled", "");
    allowCloud.title = "Trust the workspace first: an untrusted workspace is local-only";
  }
  allowCloud.addEventListener("click", () => post({ type: "setFolderMode", folderUri: folder.uri, mode: "cloud-allowed" }));
  if (folder.classification !== "local-only") actions.append(keepLocal);
  if (!folder.cloudAllowed) actions.append(allowCloud);
  card.append(title, reasons, actions);
  return card;
}

function renderPrivacy(privacy: PrivacyState): void {
  byId("trust").textContent = privacy.trusted ? "" : "— workspace not trusted: everything stays local";
  const folders = byId("privacy-folders");
  folders.replaceChildren(...privacy.folders.map((folder) => renderFolder(folder, privacy.trusted)));
  if (privacy.folders.length === 0) folders.textContent = "No workspace folder is open: files outside a folder stay local.";
}

function render(state: PanelState): void {
  renderPrivacy(state.privacy);
  const status = byId("local-status");
  status.textContent = `${state.local.simulated ? "Simulated models · " : ""}${state.local.summary}`;
  status.dataset.state = state.local.state;
  byId("local-endpoint").textContent = state.local.endpoint;

  const requests = byId("requests");
  const empty = byId("empty-state");
  empty.hidden = state.requests.length > 0;
  requests.replaceChildren(...(state.requests.length > 0 ? [renderTable(state.requests)] : []));
  byId("request-count").textContent = String(state.requests.length);
}

window.addEventListener("message", (event: MessageEvent<unknown>) => {
  const parsed = hostToPanelSchema.safeParse(event.data);
  if (!parsed.success) return;
  if (parsed.data.type === "state") render(parsed.data.state);
});

byId("open-log").addEventListener("click", () => post({ type: "openLog" }));
byId("recheck").addEventListener("click", () => post({ type: "recheckLocalModel" }));
byId("open-privacy-settings").addEventListener("click", () => post({ type: "openPrivacySettings" }));
post({ type: "ready" });
