// The privacy section: each workspace folder, its classification and reasons, and its stance buttons.
import "@vscode-elements/elements/dist/vscode-button/index.js";
import type { FolderPrivacyView, PrivacyState } from "../src/shared/protocol.ts";
import { byId, element, post } from "./dom.ts";

const CLASSIFICATION_LABELS: Record<FolderPrivacyView["classification"], string> = {
  public: "public",
  private: "private",
  "local-only": "local-only",
  "cloud-allowed": "cloud allowed",
};

function renderFolder(folder: FolderPrivacyView, trusted: boolean): HTMLElement {
  const badge = element("span", { className: `route ${folder.cloudAllowed ? "route-cloud" : "route-local"}`, text: CLASSIFICATION_LABELS[folder.classification] });
  const title = element("div", { className: "folder-title" }, element("strong", { text: folder.name }), badge);
  const reasons = element("ul", { className: "reasons" }, ...folder.reasons.map((reason) => element("li", { text: reason })));
  const actions = element("div", { className: "folder-actions" });
  if (folder.classification !== "local-only") {
    const keepLocal = element("vscode-button", { text: "Keep this folder local-only", attributes: { secondary: "" } });
    keepLocal.addEventListener("click", () => post({ type: "setFolderMode", folderUri: folder.uri, mode: "local-only" }));
    actions.append(keepLocal);
  }
  if (!folder.cloudAllowed) {
    const allowCloud = element("vscode-button", { text: "Allow cloud for this folder", attributes: { secondary: "" } });
    if (!trusted) {
      allowCloud.setAttribute("disabled", "");
      allowCloud.title = "Trust the workspace first: an untrusted workspace is local-only";
    }
    allowCloud.addEventListener("click", () => post({ type: "setFolderMode", folderUri: folder.uri, mode: "cloud-allowed" }));
    actions.append(allowCloud);
  }
  const card = element("div", { className: "folder", attributes: { role: "group", "aria-label": `${folder.name}: ${CLASSIFICATION_LABELS[folder.classification]}` } }, title, reasons, actions);
  card.dataset.folder = folder.name;
  return card;
}

/** Folder cards are rebuilt only when the privacy state changed, so focus stays on a button otherwise. */
let shown = "";

export function renderPrivacy(privacy: PrivacyState): void {
  const key = JSON.stringify(privacy);
  if (key === shown) return;
  shown = key;
  byId("trust").textContent = privacy.trusted ? "" : "— workspace not trusted: everything stays local";
  const folders = byId("privacy-folders");
  // After a stance change the same folder's other button takes the focus, not the page's top.
  const focused = document.activeElement?.closest<HTMLElement>(".folder")?.dataset.folder;
  folders.replaceChildren(...privacy.folders.map((folder) => renderFolder(folder, privacy.trusted)));
  if (privacy.folders.length === 0) folders.textContent = "No workspace folder is open: files outside a folder stay local.";
  if (focused) folders.querySelector<HTMLElement>(`.folder[data-folder="${CSS.escape(focused)}"] vscode-button:not([disabled])`)?.focus();
}
