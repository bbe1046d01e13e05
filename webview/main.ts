// The panel's browser bundle: parses what the host sends and renders it; every button posts a
// message from the shared protocol.
import "@vscode-elements/elements/dist/vscode-button/index.js";
import "@vscode-elements/elements/dist/vscode-radio/index.js";
import "@vscode-elements/elements/dist/vscode-radio-group/index.js";
import { hostToPanelSchema } from "../src/shared/protocol.ts";
import type { PanelState } from "../src/shared/protocol.ts";
import { renderChart } from "./chart.ts";
import { byId, post, setText } from "./dom.ts";
import { renderPrivacy } from "./privacy.ts";
import { renderSummary } from "./summary.ts";
import { RequestTable } from "./table.ts";
import type { RouteFilter } from "./table.ts";

const table = new RequestTable();
byId("requests").append(table.element);
let filter: RouteFilter = "all";
let current: PanelState | undefined;

const FILTER_LABELS: Record<RouteFilter, string> = { all: "All", local: "Local", cloud: "Cloud" };

function render(state: PanelState): void {
  current = state;
  renderPrivacy(state.privacy);
  const status = byId("local-status");
  setText(status, `${state.local.simulated ? "Simulated models · " : ""}${state.local.summary}`);
  status.dataset.state = state.local.state;
  setText(byId("local-endpoint"), state.local.endpoint);

  renderSummary(state);
  renderRequests(state);
}

function renderRequests(state: PanelState): void {
  const rows = state.requests;
  const hasRows = rows.length > 0;
  byId("empty-state").hidden = hasRows;
  byId("requests").hidden = !hasRows;
  byId("chart-section").dataset.empty = String(!hasRows);
  byId("clear-session").toggleAttribute("disabled", !hasRows);
  setText(byId("request-count"), String(rows.length));
  const counts = { all: rows.length, local: rows.filter((row) => row.target === "local").length, cloud: rows.filter((row) => row.target === "cloud").length };
  for (const radio of filterRadios()) {
    const value = radio.getAttribute("value") as RouteFilter;
    radio.setAttribute("label", `${FILTER_LABELS[value]} (${counts[value]})`);
  }
  const shown = table.update(rows, filter);
  const filteredOut = byId("filter-empty");
  filteredOut.hidden = !hasRows || shown > 0;
  setText(filteredOut, `No ${filter} requests in this session. Choose All to see the others.`);
  drawChart();
}

function drawChart(): void {
  if (!current || current.requests.length === 0) {
    byId("chart").replaceChildren();
    byId("chart-legend").replaceChildren();
    return;
  }
  renderChart(byId("chart"), byId("chart-legend"), current.requests, current.totals.session, current.pricing.cloudModel);
}

function filterRadios(): HTMLElement[] {
  return [...byId("route-filter").querySelectorAll<HTMLElement>("vscode-radio")];
}

byId("route-filter").addEventListener("change", () => {
  const checked = filterRadios().find((radio) => (radio as HTMLElement & { checked: boolean }).checked);
  filter = (checked?.getAttribute("value") as RouteFilter | null) ?? "all";
  if (current) renderRequests(current);
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
