// The totals table: the session, today and this month side by side.
import * as l10n from "@vscode/l10n";
import { html } from "lit";
import type { PeriodTotalsView, Totals } from "../src/shared/protocol.ts";
import { formatCount, formatSaved, formatSavedShare, formatUsd } from "./format.ts";
import { LightElement } from "./lightElement.ts";

/** A function, not a constant: l10n.t must run after main.ts has loaded the bundle. */
function totalRows(): Array<{ label: string; value: (totals: Totals) => string }> {
  return [
    {
      label: l10n.t("Cost"),
      value: (totals) =>
        totals.unknownPriceRequests > 0 ? l10n.t("{0} + {1} unknown", formatUsd(totals.usd), totals.unknownPriceRequests) : formatUsd(totals.usd),
    },
    { label: l10n.t("Saved vs all-cloud"), value: (totals) => formatSaved(totals) },
    { label: l10n.t("Share saved"), value: (totals) => formatSavedShare(totals) },
    { label: l10n.t("Requests"), value: (totals) => String(totals.requests) },
    { label: l10n.t("Local · cloud"), value: (totals) => `${totals.local} · ${totals.cloud}` },
    { label: l10n.t("Tokens"), value: (totals) => formatCount(totals.inputTokens + totals.outputTokens) },
  ];
}

export class JunctionTotals extends LightElement {
  static override properties = { totals: { attribute: false } };
  declare totals: PeriodTotalsView;

  protected override render(): unknown {
    const periods = [this.totals.session, this.totals.today, this.totals.month];
    return html`<section class="totals-section" aria-labelledby="totals-heading">
      <h2 id="totals-heading">${l10n.t("Totals")}</h2>
      <table class="totals">
        <thead>
          <tr>
            <td></td>
            <th scope="col">${l10n.t("Session")}</th>
            <th scope="col">${l10n.t("Today")}</th>
            <th scope="col">${l10n.t("This month")}</th>
          </tr>
        </thead>
        <tbody id="totals-body">
          ${totalRows().map(
            (row) =>
              html`<tr>
                <th scope="row">${row.label}</th>
                ${periods.map((period) => html`<td>${row.value(period)}</td>`)}
              </tr>`,
          )}
        </tbody>
      </table>
    </section>`;
  }
}

customElements.define("junction-totals", JunctionTotals);
