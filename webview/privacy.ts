// The privacy section: each workspace folder, its classification and reasons, and its stance buttons.
import "@vscode-elements/elements/dist/vscode-badge/index.js";
import "@vscode-elements/elements/dist/vscode-button/index.js";
import * as l10n from "@vscode/l10n";
import { html, nothing } from "lit";
import { ifDefined } from "lit/directives/if-defined.js";
import { repeat } from "lit/directives/repeat.js";
import type { FolderPrivacyView, PrivacyState } from "../src/shared/protocol.ts";
import { post } from "./host.ts";
import { LightElement } from "./lightElement.ts";

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

export class JunctionPrivacy extends LightElement {
  static override properties = { privacy: { attribute: false } };
  declare privacy: PrivacyState;
  /** The folder whose button had the focus before an update, if one had. */
  #focusedFolder: string | undefined;

  protected override willUpdate(): void {
    this.#focusedFolder = document.activeElement?.closest<HTMLElement>(".folder")?.dataset.folder;
  }

  protected override updated(): void {
    // A stance change removes the button just pressed: the same folder's other button takes the
    // focus, not the page's top.
    const folder = this.#focusedFolder;
    if (folder === undefined || this.contains(document.activeElement)) return;
    this.querySelector<HTMLElement>(`.folder[data-folder="${CSS.escape(folder)}"] vscode-button:not([disabled])`)?.focus();
  }

  protected override render(): unknown {
    const { trusted, folders } = this.privacy;
    return html`<section aria-labelledby="privacy-heading">
      <h2 id="privacy-heading">
        ${l10n.t("Privacy")} <span id="trust" class="muted">${trusted ? "" : l10n.t("— workspace not trusted: everything stays local")}</span>
      </h2>
      <div id="privacy-folders">
        ${
          folders.length === 0
            ? l10n.t("No workspace folder is open: files outside a folder stay local.")
            : repeat(
                folders,
                (folder) => folder.uri,
                (folder) => renderFolder(folder, trusted),
              )
        }
      </div>
      <vscode-button id="open-privacy-settings" secondary @click=${() => post({ type: "openPrivacySettings" })}
        >${l10n.t("Open privacy settings")}</vscode-button
      >
    </section>`;
  }
}

function renderFolder(folder: FolderPrivacyView, trusted: boolean): unknown {
  const classification = classificationLabel(folder.classification);
  const setMode = (mode: "local-only" | "cloud-allowed") => post({ type: "setFolderMode", folderUri: folder.uri, mode });
  return html`<div class="folder" role="group" aria-label="${folder.name}: ${classification}" data-folder=${folder.name}>
    <div class="folder-title">
      <strong>${folder.name}</strong>
      <vscode-badge class="route ${folder.cloudAllowed ? "route-cloud" : "route-local"}">${classification}</vscode-badge>
    </div>
    <ul class="reasons">
      ${folder.reasons.map((reason) => html`<li>${reason}</li>`)}
    </ul>
    <div class="folder-actions">
      ${
        folder.classification === "local-only"
          ? nothing
          : html`<vscode-button secondary @click=${() => setMode("local-only")}>${l10n.t("Keep this folder local-only")}</vscode-button>`
      }
      ${
        folder.cloudAllowed
          ? nothing
          : html`<vscode-button
              secondary
              ?disabled=${!trusted}
              title=${ifDefined(trusted ? undefined : l10n.t("Trust the workspace first: an untrusted workspace is local-only"))}
              @click=${() => setMode("cloud-allowed")}
              >${l10n.t("Allow cloud for this folder")}</vscode-button
            >`
      }
    </div>
  </div>`;
}

customElements.define("junction-privacy", JunctionPrivacy);
