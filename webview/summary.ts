// The session summary: cost, local/cloud split, tokens, savings, budgets, period totals, prices.
import * as l10n from "@vscode/l10n";
import type { BudgetLineView, PanelState, Totals } from "../src/shared/protocol.ts";
import { byId, element, setText } from "./dom.ts";
import { budgetLevel, budgetText, formatCount, formatPercent, formatSaved, formatSavedShare, formatUsd, priceSourceText, unknownPriceText } from "./format.ts";

export function renderSummary(state: Pick<PanelState, "totals" | "budget" | "pricing">): void {
  const { session } = state.totals;
  const { cloudModel } = state.pricing;

  setText(byId("session-cost"), formatUsd(session.usd));
  const unknown = session.unknownPriceRequests;
  setText(
    byId("session-cost-note"),
    unknown > 0
      ? unknown === 1
        ? l10n.t("+ {0} request at {1}", unknown, unknownPriceText())
        : l10n.t("+ {0} requests at {1}", unknown, unknownPriceText())
      : session.usd > session.cloudUsd
        ? l10n.t("cloud {0} · local {1}", formatUsd(session.cloudUsd), formatUsd(session.usd - session.cloudUsd))
        : l10n.t("cloud spend; local requests are free"),
  );
  byId("session-cost-note").classList.toggle("warning", unknown > 0);
  byId("set-pricing").hidden = unknown === 0;

  setText(byId("session-requests"), String(session.requests));
  setText(byId("split-local"), String(session.local));
  setText(byId("split-cloud"), String(session.cloud));
  const routed = session.local + session.cloud;
  const localShare = routed === 0 ? 0 : (session.local / routed) * 100;
  byId("split-bar-local").style.width = `${localShare}%`;
  byId("split-bar-cloud").style.width = `${routed === 0 ? 0 : 100 - localShare}%`;
  byId("split-bar").setAttribute("aria-label", routed === 0 ? l10n.t("No requests yet") : l10n.t("{0} of requests stayed local", formatPercent(localShare)));
  setText(byId("split-failed"), session.failed > 0 ? l10n.t(" · {0} not sent or failed", session.failed) : "");

  setText(byId("session-tokens"), formatCount(session.inputTokens + session.outputTokens));
  setText(
    byId("session-tokens-note"),
    l10n.t("{0} in · {1} out", formatCount(session.inputTokens), formatCount(session.outputTokens)) +
      (session.estimatedRequests > 0 ? l10n.t(" · {0} estimated", session.estimatedRequests) : ""),
  );

  setText(byId("session-saved"), formatSaved(session));
  byId("session-saved").classList.toggle("positive", session.savedUsd > 0);
  setText(
    byId("session-saved-note"),
    !cloudModel
      ? l10n.t("set junction.cloud.model to compare")
      : session.savedPercent === null
        ? l10n.t("compared with every request on {0}", cloudModel)
        : l10n.t("{0} of {1}, the cost of every request on {2}", formatSavedShare(session), formatUsd(session.baselineUsd), cloudModel),
  );

  renderBudget("session", state.budget.session);
  renderBudget("month", state.budget.month);
  renderTotals(state.totals);
  setText(byId("price-source"), priceSourceText(state.pricing));
}

function renderBudget(period: "session" | "month", line: BudgetLineView): void {
  const level = budgetLevel(line);
  const container = byId(`budget-${period}`);
  container.dataset.level = level;
  const unknown =
    line.unknownPriceRequests > 0
      ? (line.assumedUsd ?? 0) > 0
        ? l10n.t(" · includes {0} counted for {1} at unknown price", formatUsd(line.assumedUsd ?? 0), line.unknownPriceRequests)
        : l10n.t(" · may be more: {0} at unknown price", line.unknownPriceRequests)
      : "";
  setText(byId(`budget-${period}-text`), `${budgetText(line)}${unknown}`);
  const percent = Math.min(100, Math.round(line.share * 100));
  const meter = byId(`budget-${period}-meter`);
  meter.setAttribute("aria-valuenow", String(percent));
  meter.setAttribute("aria-valuetext", l10n.t("{0} used: {1}", formatPercent(line.share * 100), budgetText(line)));
  byId(`budget-${period}-fill`).style.width = `${level === "none" ? 0 : percent}%`;
}

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

function renderTotals(totals: PanelState["totals"]): void {
  const periods = [totals.session, totals.today, totals.month];
  byId("totals-body").replaceChildren(
    ...totalRows().map((row) =>
      element(
        "tr",
        {},
        element("th", { text: row.label, attributes: { scope: "row" } }),
        ...periods.map((period) => element("td", { text: row.value(period) })),
      ),
    ),
  );
}
