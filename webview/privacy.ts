// The privacy section: each workspace folder, its classification and reasons, and its stance buttons.
import "@vscode-elements/elements/dist/vscode-button/index.js";
import * as l10n from "@vscode/l10n";
import type { FolderPrivacyView, PrivacyState } from "../src/shared/protocol.ts";
import { byId, element, post } from "./dom.ts";

/** A function, not a constant: l10n.t must run after main.ts has loaded the bundle. */
function classificationLabel(classification: FolderPrivacyView["classification"]): string {
  switch (classification) {
    case "public":
      return l10n.t("public");
    case "private":
      return l10n.t("private");
    case "local-only":
      return l10n.t("local-only");
    case "cloud-allowed":
      return l10n.t("cloud allowed");
  }
}

function renderFolder(folder: FolderPrivacyView, trusted: boolean): HTMLElement {
  const badge = element("span", {
    className: `route ${folder.cloudAllowed ? "route-cloud" : "route-local"}`,
    text: classificationLabel(folder.classification),
  });
  const title = element("div", { className: "folder-title" }, element("strong", { text: folder.name }), badge);
  const reasons = element("ul", { className: "reasons" }, ...folder.reasons.map((reason) => element("li", { text: reason })));
  const actions = element("div", { className: "folder-actions" });
  if (folder.classification !== "local-only") {
    const keepLocal = element("vscode-button", { text: l10n.t("Keep this folder local-only"), attributes: { secondary: "" } });
    keepLocal.addEventListener("click", () => post({ type: "setFolderMode", folderUri: folder.uri, mode: "local-only" }));
    actions.append(keepLocal);
  }
  if (!folder.cloudAllowed) {
    const allowCloud = element("vscode-button", { text: l10n.t("Allow cloud for this folder"), attributes: { secondary: "" } });
    if (!trusted) {
      allowCloud.setAttribute("disabled", "");
      allowCloud.title = l10n.t("Trust the workspace first: an untrusted workspace is local-only");
    }
    allowCloud.addEventListener("click", () => post({ type: "setFolderMode", folderUri: folder.uri, mode: "cloud-allowed" }));
    actions.append(allowCloud);
  }
  const card = element(
    "div",
    { className: "folder", attributes: { role: "group", "aria-label": `${folder.name}: ${classificationLabel(folder.classification)}` } },
    title,
    reasons,
    actions,
  );
  card.dataset.folder = folder.name;
  return card;
}

/** Folder cards are rebuilt only when the privacy state changed, so focus stays on a button otherwise. */
let shown = "";

export function renderPrivacy(privacy: PrivacyState): void {
  const key = JSON.stringify(privacy);
  if (key === shown) return;
  shown = key;
  byId("trust").textContent = privacy.trusted ? "" : l10n.t("— workspace not trusted: everything stays local");
  const folders = byId("privacy-folders");
  // After a stance change the same folder's other button takes the focus, not the page's top.
  const focused = document.activeElement?.closest<HTMLElement>(".folder")?.dataset.folder;
  folders.replaceChildren(...privacy.folders.map((folder) => renderFolder(folder, privacy.trusted)));
  if (privacy.folders.length === 0) folders.textContent = l10n.t("No workspace folder is open: files outside a folder stay local.");
  if (focused) folders.querySelector<HTMLElement>(`.folder[data-folder="${CSS.escape(focused)}"] vscode-button:not([disabled])`)?.focus();
}
