// <junction-panel>: the whole page. It holds the PanelView the host last sent (validated by
// main.ts) and gives each section its slice; Lit renders only what changed. main.ts defines the
// element, once the translations are loaded: its first render already calls l10n.t.
import * as l10n from "@vscode/l10n";
import { html, nothing } from "lit";
import type { LocalStatus, PanelView } from "../src/shared/protocol.ts";
import "./budgets.ts";
import "./chart.ts";
import { priceSourceText } from "./format.ts";
import "./header.ts";
import { post } from "./host.ts";
import { LightElement } from "./lightElement.ts";
import "./privacy.ts";
import "./requests.ts";
import "./summary.ts";
import "./totals.ts";

export class JunctionPanel extends LightElement {
  static override properties = { view: { attribute: false } };
  /** Undefined until the host's first state arrives: only the header shows, checking the local model. */
  declare view: PanelView | undefined;

  protected override render(): unknown {
    const view = this.view;
    const local: LocalStatus | undefined = view?.local;
    return html`<junction-header .local=${local}></junction-header> ${view ? this.#main(view) : nothing}`;
  }

  #main(view: PanelView): unknown {
    const { session } = view.totals;
    const { cloudModel } = view.pricing;
    return html`<main>
      <section class="summary" aria-labelledby="summary-heading">
        <h2 id="summary-heading" class="visually-hidden">${l10n.t("This session")}</h2>
        <junction-summary .session=${session} .cloudModel=${cloudModel}></junction-summary>
        <junction-budgets .budget=${view.budget}></junction-budgets>
      </section>
      <div class="columns">
        <junction-chart .spend=${view.spend} .session=${session} .cloudModel=${cloudModel}></junction-chart>
        <junction-totals .totals=${view.totals}></junction-totals>
      </div>
      <junction-requests .page=${view.requests} .sessionRequests=${session.requests}></junction-requests>
      <junction-privacy .privacy=${view.privacy}></junction-privacy>
      <footer class="muted">
        <span id="price-source">${priceSourceText(view.pricing)}</span>
        <button type="button" class="link" id="open-pricing-settings" @click=${() => post({ type: "openSettings", section: "pricing" })}>
          ${l10n.t("Open pricing settings")}
        </button>
      </footer>
    </main>`;
  }
}
