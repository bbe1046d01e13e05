// The panel's header: its name, the local model's status (a live region: changes are announced)
// and the buttons that check the model again and open the log.
import "@vscode-elements/elements/dist/vscode-button/index.js";
import * as l10n from "@vscode/l10n";
import { html } from "lit";
import type { LocalStatus } from "../src/shared/protocol.ts";
import { post } from "./host.ts";
import { LightElement } from "./lightElement.ts";

export class JunctionHeader extends LightElement {
  static override properties = { local: { attribute: false } };
  /** Undefined until the host's first state arrives. */
  declare local: LocalStatus | undefined;

  protected override render(): unknown {
    const local = this.local;
    const status = !local ? l10n.t("Checking the local model…") : local.simulated ? l10n.t("Simulated models · {0}", local.summary) : local.summary;
    return html`<header class="top">
      <div class="brand">
        <h1>Junction</h1>
        <div class="muted">${l10n.t("Every request and where it went")}</div>
      </div>
      <div class="local">
        <div id="local-status" role="status" aria-live="polite" data-state=${local?.state ?? "checking"}>${status}</div>
        <div class="muted">${l10n.t("Local endpoint")} <span id="local-endpoint">${local?.endpoint ?? ""}</span></div>
      </div>
      <div class="actions">
        <vscode-button id="recheck" secondary @click=${() => post({ type: "recheckLocalModel" })}>${l10n.t("Check local model")}</vscode-button>
        <vscode-button id="open-log" secondary @click=${() => post({ type: "openLog" })}>${l10n.t("Open log")}</vscode-button>
      </div>
    </header>`;
  }
}

customElements.define("junction-header", JunctionHeader);
