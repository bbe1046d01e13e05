// The panel's browser bundle: parses what the host sends and renders it; every button posts a
// message from the shared protocol.
import "@vscode-elements/elements/dist/vscode-button/index.js";
import "@vscode-elements/elements/dist/vscode-radio/index.js";
import "@vscode-elements/elements/dist/vscode-radio-group/index.js";
import * as l10n from "@vscode/l10n";
import * as z from "zod/mini";
import { hostToPanelSchema } from "../src/shared/protocol.ts";
import type { PanelView, RequestPageView, RouteFilter } from "../src/shared/protocol.ts";
import { renderChart } from "./chart.ts";
import { byId, post, setText } from "./dom.ts";
import { keptNote, PAGER_BUTTONS, pagePosition, pageRange, pagerTargets } from "./paging.ts";
import { renderPrivacy } from "./privacy.ts";
import { renderSummary } from "./summary.ts";
import { RequestTable } from "./table.ts";

// Before anything renders: whatever the content security policy refuses is logged by the host.
document.addEventListener("securitypolicyviolation", (event) => {
  post({ type: "policyViolation", directive: event.effectiveDirective.slice(0, 100), blocked: event.blockedURI.slice(0, 300) });
});
loadTranslations();
const table = new RequestTable();
byId("requests").append(table.element);
let current: PanelView | undefined;

/**
 * The host puts `vscode.l10n.bundle` on <body data-l10n> (src/host/views/panel.ts); there is none in
 * English. It runs before anything calls l10n.t, which is why no module calls it at load time.
 */
function loadTranslations(): void {
  const raw = document.body.dataset.l10n;
  if (!raw) return;
  try {
    const bundle = z.record(z.string(), z.string()).safeParse(JSON.parse(raw));
    if (bundle.success) l10n.config({ contents: bundle.data });
  } catch {
    // Unreadable JSON: the panel stays in English rather than blank.
  }
}

function filterLabel(filter: RouteFilter): string {
  switch (filter) {
    case "all":
      return l10n.t("All");
    case "local":
      return l10n.t("Local");
    case "cloud":
      return l10n.t("Cloud");
    case "chat":
      return l10n.t("Chat");
  }
}

/** Shown only while a local, cloud or chat filter matches nothing: with "all" the list itself is empty instead. */
function filterEmptyText(filter: RouteFilter): string {
  switch (filter) {
    case "all":
      return "";
    case "local":
      return l10n.t("No local requests in this session. Choose All to see the others.");
    case "cloud":
      return l10n.t("No cloud requests in this session. Choose All to see the others.");
    case "chat":
      return l10n.t("No chat requests in this session. Choose All to see the others.");
  }
}

function render(state: PanelView): void {
  current = state;
  renderPrivacy(state.privacy);
  const status = byId("local-status");
  setText(status, state.local.simulated ? l10n.t("Simulated models · {0}", state.local.summary) : state.local.summary);
  status.dataset.state = state.local.state;
  setText(byId("local-endpoint"), state.local.endpoint);

  renderSummary(state);
  renderRequests(state);
}

function renderRequests(state: PanelView): void {
  const page = state.requests;
  const hasRows = page.counts.all > 0;
  byId("empty-state").hidden = hasRows;
  byId("requests").hidden = !hasRows || page.matching === 0;
  byId("chart-section").dataset.empty = String(state.spend.length === 0);
  byId("clear-session").toggleAttribute("disabled", !hasRows);
  // The session's count, which may exceed the rows the ledger keeps (see #requests-kept).
  setText(byId("request-count"), String(state.totals.session.requests));
  // The host is the source of truth for the filter: a reloaded panel shows what it showed before.
  for (const radio of filterRadios()) {
    const value = radio.getAttribute("value") as RouteFilter;
    radio.setAttribute("label", `${filterLabel(value)} (${page.counts[value]})`);
    const checked = value === page.filter;
    if (radio.checked !== checked) radio.checked = checked;
  }
  table.update(page.rows);
  const filteredOut = byId("filter-empty");
  filteredOut.hidden = !hasRows || page.matching > 0;
  setText(filteredOut, filterEmptyText(page.filter));
  renderPager(page);
  const kept = byId("requests-kept");
  setText(kept, keptNote(page.counts.all, state.totals.session.requests));
  kept.hidden = kept.textContent === "";
  drawChart();
}

function renderPager(page: RequestPageView): void {
  byId("pager").hidden = page.pageCount <= 1;
  setText(byId("page-status"), pagePosition(page));
  setText(byId("page-range"), pageRange(page));
  const targets = pagerTargets(page);
  const focused = document.activeElement;
  for (const id of PAGER_BUTTONS) byId(id).toggleAttribute("disabled", targets[id] === undefined);
  // Next on the next-to-last page disables Next itself: the focus moves to a button still usable.
  if (focused instanceof HTMLElement && focused.hasAttribute("disabled") && PAGER_BUTTONS.some((id) => focused.id === id)) {
    PAGER_BUTTONS.map((id) => byId(id))
      .find((button) => !button.hasAttribute("disabled"))
      ?.focus();
  }
}

function showRequests(page: number, filter: RouteFilter): void {
  post({ type: "showRequests", page, filter });
}

for (const id of PAGER_BUTTONS) {
  byId(id).addEventListener("click", () => {
    if (!current) return;
    const target = pagerTargets(current.requests)[id];
    if (target !== undefined) showRequests(target, current.requests.filter);
  });
}

function drawChart(): void {
  if (!current || current.spend.length === 0) {
    byId("chart").replaceChildren();
    byId("chart-legend").replaceChildren();
    return;
  }
  renderChart(byId("chart"), byId("chart-legend"), current.spend, current.totals.session, current.pricing.cloudModel);
}

type Radio = HTMLElement & { checked: boolean };

function filterRadios(): Radio[] {
  return [...byId("route-filter").querySelectorAll<Radio>("vscode-radio")];
}

byId("route-filter").addEventListener("change", () => {
  const checked = filterRadios().find((radio) => radio.checked);
  const filter = (checked?.getAttribute("value") as RouteFilter | null) ?? "all";
  // A new filter starts on its newest page; the host filters every row it keeps, not this page.
  if (filter !== current?.requests.filter) showRequests(0, filter);
});

// The chart is drawn at the panel's width in pixels, so text stays its size when the panel narrows.
let lastWidth = 0;
new ResizeObserver(([entry]) => {
  const width = Math.round(entry?.contentRect.width ?? 0);
  if (width === lastWidth) return;
  lastWidth = width;
  drawChart();
}).observe(byId("chart"));

window.addEventListener("message", (event: MessageEvent<unknown>) => {
  const parsed = hostToPanelSchema.safeParse(event.data);
  if (!parsed.success) return;
  if (parsed.data.type === "state") render(parsed.data.state);
});

byId("open-log").addEventListener("click", () => post({ type: "openLog" }));
byId("recheck").addEventListener("click", () => post({ type: "recheckLocalModel" }));
byId("open-privacy-settings").addEventListener("click", () => post({ type: "openPrivacySettings" }));
byId("export-session").addEventListener("click", () => post({ type: "exportSession" }));
byId("clear-session").addEventListener("click", () => post({ type: "clearSession" }));
byId("set-pricing").addEventListener("click", () => post({ type: "openSettings", section: "pricing" }));
byId("open-pricing-settings").addEventListener("click", () => post({ type: "openSettings", section: "pricing" }));
byId("open-budget-settings").addEventListener("click", () => post({ type: "openSettings", section: "budget" }));
post({ type: "ready" });
