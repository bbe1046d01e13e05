// The session summary: cost, local/cloud split, tokens, savings, budgets, period totals, prices.
import type { BudgetLineView, PanelState, Totals } from "../src/shared/protocol.ts";
import { byId, element, setText } from "./dom.ts";
import { budgetLevel, budgetText, formatCount, formatPercent, formatSaved, formatSavedShare, formatUsd, UNKNOWN_PRICE_TEXT } from "./format.ts";

export function renderSummary(state: Pick<PanelState, "totals" | "budget" | "pricing">): void {
  const { session } = state.totals;
  const { cloudModel } = state.pricing;

  setText(byId("session-cost"), formatUsd(session.usd));
  const unknown = session.unknownPriceRequests;
  setText(
    byId("session-cost-note"),
    unknown > 0
      ? `+ ${unknown} request${unknown === 1 ? "" : "s"} at ${UNKNOWN_PRICE_TEXT}`
      : session.usd > session.cloudUsd
        ? `cloud ${formatUsd(session.cloudUsd)} · local ${formatUsd(session.usd - session.cloudUsd)}`
        : "cloud spend; local requests are free",
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
  byId("split-bar").setAttribute("aria-label", routed === 0 ? "No requests yet" : `${formatPercent(localShare)} of requests stayed local`);
  setText(byId("split-failed"), session.failed > 0 ? ` · ${session.failed} not sent or failed` : "");

  setText(byId("session-tokens"), formatCount(session.inputTokens + session.outputTokens));
  setText(
    byId("session-tokens-note"),
    `${formatCount(session.inputTokens)} in · ${formatCount(session.outputTokens)} out${session.estimatedRequests > 0 ? ` · ${session.estimatedRequests} estimated` : ""}`,
  );

  setText(byId("session-saved"), formatSaved(session));
  byId("session-saved").classList.toggle("positive", session.savedUsd > 0);
  setText(
    byId("session-saved-note"),
    !cloudModel
      ? "set junction.cloud.model to compare"
      : session.savedPercent === null
        ? `compared with every request on ${cloudModel}`
        : `${formatSavedShare(session)} of ${formatUsd(session.baselineUsd)}, the cost of every request on ${cloudModel}`,
  );

  renderBudget("session", state.budget.session);
  renderBudget("month", state.budget.month);
  renderTotals(state.totals);
  setText(byId("price-source"), `Prices: ${state.pricing.source}, as of ${state.pricing.date}; junction.pricing.models overrides them.`);
}

function renderBudget(period: "session" | "month", line: BudgetLineView): void {
  const level = budgetLevel(line);
  const container = byId(`budget-${period}`);
  container.dataset.level = level;
  const unknown = line.unknownPriceRequests > 0 ? ` · may be more: ${line.unknownPriceRequests} at unknown price` : "";
  setText(byId(`budget-${period}-text`), `${budgetText(line)}${unknown}`);
  const percent = Math.min(100, Math.round(line.share * 100));
  const meter = byId(`budget-${period}-meter`);
  meter.setAttribute("aria-valuenow", String(percent));
  meter.setAttribute("aria-valuetext", `${formatPercent(line.share * 100)} used: ${budgetText(line)}`);
  byId(`budget-${period}-fill`).style.width = `${level === "none" ? 0 : percent}%`;
}

const TOTAL_ROWS: Array<{ label: string; value: (totals: Totals) => string }> = [
  { label: "Cost", value: (totals) => `${formatUsd(totals.usd)}${totals.unknownPriceRequests > 0 ? ` + ${totals.unknownPriceRequests} unknown` : ""}` },
  { label: "Saved vs all-cloud", value: (totals) => formatSaved(totals) },
  { label: "Share saved", value: (totals) => formatSavedShare(totals) },
  { label: "Requests", value: (totals) => String(totals.requests) },
  { label: "Local · cloud", value: (totals) => `${totals.local} · ${totals.cloud}` },
  { label: "Tokens", value: (totals) => formatCount(totals.inputTokens + totals.outputTokens) },
];

function renderTotals(totals: PanelState["totals"]): void {
  const periods = [totals.session, totals.today, totals.month];
  byId("totals-body").replaceChildren(
    ...TOTAL_ROWS.map((row) =>
      element("tr", {}, element("th", { text: row.label, attributes: { scope: "row" } }), ...periods.map((period) => element("td", { text: row.value(period) }))),
    ),
  );
}
