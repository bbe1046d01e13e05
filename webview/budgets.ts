// The session and monthly budgets: what is spent of each, as text and as a meter.
import "@vscode-elements/elements/dist/vscode-progress-bar/index.js";
import * as l10n from "@vscode/l10n";
import { html } from "lit";
import type { BudgetLineView, BudgetStateView } from "../src/shared/protocol.ts";
import { budgetLevel, budgetText, formatPercent, formatUsd } from "./format.ts";
import { post } from "./host.ts";
import { LightElement } from "./lightElement.ts";

type Period = "session" | "month";

export class JunctionBudgets extends LightElement {
  static override properties = { budget: { attribute: false } };
  declare budget: BudgetStateView;

  protected override render(): unknown {
    return html`<div class="budgets">
      ${budget("session", l10n.t("Session budget"), this.budget.session)} ${budget("month", l10n.t("Monthly budget"), this.budget.month)}
      <button type="button" class="link" id="open-budget-settings" @click=${() => post({ type: "openSettings", section: "budget" })}>
        ${l10n.t("Change budgets")}
      </button>
    </div>`;
  }
}

function unknownPriceNote(line: BudgetLineView): string {
  if (line.unknownPriceRequests === 0) return "";
  return (line.assumedUsd ?? 0) > 0
    ? l10n.t(" · includes {0} counted for {1} at unknown price", formatUsd(line.assumedUsd ?? 0), line.unknownPriceRequests)
    : l10n.t(" · may be more: {0} at unknown price", line.unknownPriceRequests);
}

/**
 * The meter's role and values are on its wrapper, where the label and the spend in words are;
 * the progress bar inside only draws it (it would announce itself as a "Loading" progress bar).
 */
function budget(period: Period, label: string, line: BudgetLineView): unknown {
  const level = budgetLevel(line);
  const percent = Math.min(100, Math.round(line.share * 100));
  const text = budgetText(line);
  return html`<div class="budget" id="budget-${period}" data-level=${level}>
    <div class="budget-head">
      <span class="budget-label" id="budget-${period}-label">${label}</span
      ><span class="budget-text" id="budget-${period}-text">${text}${unknownPriceNote(line)}</span>
    </div>
    <div
      class="meter"
      id="budget-${period}-meter"
      role="meter"
      aria-labelledby="budget-${period}-label"
      aria-valuemin="0"
      aria-valuemax="100"
      aria-valuenow=${percent}
      aria-valuetext=${l10n.t("{0} used: {1}", formatPercent(line.share * 100), text)}
    >
      <vscode-progress-bar aria-hidden="true" max="100" .value=${level === "none" ? 0 : percent}></vscode-progress-bar>
    </div>
  </div>`;
}

customElements.define("junction-budgets", JunctionBudgets);
