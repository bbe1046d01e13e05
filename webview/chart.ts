// The session chart: an inline SVG drawn here, coloured by the theme's chart colours (panel.css).
import * as l10n from "@vscode/l10n";
import type { Totals } from "../src/shared/protocol.ts";
import { chartData, chartGeometry } from "./chartData.ts";
import type { ChartData, ChartRow } from "./chartData.ts";
import { element, svgElement } from "./dom.ts";
import { formatTime, formatUsd } from "./format.ts";

const HEIGHT = 150;
const BOX = { left: 58, right: 10, top: 10, bottom: 30 };

/** Draws into `container` at its current width; call again on resize. */
export function renderChart(container: HTMLElement, legend: HTMLElement, rows: readonly ChartRow[], session: Totals, cloudModel: string): void {
  const data = chartData(rows, session);
  const width = Math.max(240, Math.floor(container.clientWidth));
  const geometry = chartGeometry(data, { width, height: HEIGHT, ...BOX });
  const description = describe(data, cloudModel);

  const svg = svgElement("svg", {
    width,
    height: HEIGHT,
    viewBox: `0 0 ${width} ${HEIGHT}`,
    role: "img",
    "aria-labelledby": "chart-title chart-desc",
    class: "chart",
  });
  svg.append(svgElement("title", { id: "chart-title" }, l10n.t("Cost over this session")), svgElement("desc", { id: "chart-desc" }, description));

  const grid = svgElement("g", { class: "grid", "aria-hidden": "true" });
  for (const tick of geometry.yTicks) {
    grid.append(
      svgElement("line", { x1: geometry.x0, x2: geometry.x1, y1: tick.y, y2: tick.y }),
      svgElement("text", { x: geometry.x0 - 6, y: tick.y, "text-anchor": "end", "dominant-baseline": "middle" }, formatUsd(tick.value)),
    );
  }
  const timeY = HEIGHT - 4;
  grid.append(
    svgElement("text", { x: geometry.x0, y: timeY, "text-anchor": "start" }, formatTime(geometry.startTime)),
    svgElement("text", { x: geometry.x1, y: timeY, "text-anchor": "end" }, formatTime(geometry.endTime)),
  );

  const series = svgElement("g", { "aria-hidden": "true" });
  series.append(svgElement("path", { d: geometry.cloudArea, class: "area-cloud" }), svgElement("path", { d: geometry.cloud, class: "line-cloud" }));
  if (geometry.local) series.append(svgElement("path", { d: geometry.local, class: "line-local" }));
  // Dashed and on top: where the baseline runs along the spend (every request on the cloud), both show.
  series.append(svgElement("path", { d: geometry.baseline, class: "line-baseline" }));

  // One mark per request on the time axis: where the session's requests went.
  const markers = svgElement("g", { class: "markers", "aria-hidden": "true" });
  const markerY = geometry.y0 + 9;
  for (const marker of geometry.markers) {
    if (marker.target === "none") continue;
    markers.append(svgElement("rect", { x: marker.x - 1.5, y: markerY - 5, width: 3, height: 10, rx: 1, class: `marker-${marker.target}` }));
  }
  svg.append(grid, series, markers);
  container.replaceChildren(svg);

  legend.replaceChildren(
    legendItem("swatch-cloud", l10n.t("Cloud spend"), formatUsd(data.end.cloudUsd)),
    ...(geometry.local ? [legendItem("swatch-local-line", l10n.t("Local spend"), formatUsd(data.end.localUsd))] : []),
    legendItem("swatch-baseline", cloudModel ? l10n.t("All-cloud ({0})", cloudModel) : l10n.t("All-cloud"), formatUsd(data.end.baselineUsd)),
    legendItem("swatch-marker-local", l10n.t("Local requests"), String(data.localRequests)),
    legendItem("swatch-marker-cloud", l10n.t("Cloud requests"), String(data.cloudRequests)),
  );
}

function legendItem(swatch: string, label: string, value: string): HTMLElement {
  return element(
    "li",
    {},
    element("span", { className: `swatch ${swatch}`, attributes: { "aria-hidden": "true" } }),
    element("span", { text: `${label} ` }),
    element("strong", { text: value }),
  );
}

function describe(data: ChartData, cloudModel: string): string {
  const requests = data.localRequests + data.cloudRequests;
  const baseline = cloudModel ? l10n.t("an all-cloud setup on {0}", cloudModel) : l10n.t("an all-cloud setup");
  const localSpend = data.end.localUsd > 0 ? l10n.t(", local spend {0}", formatUsd(data.end.localUsd)) : "";
  const cloudSpend = formatUsd(data.end.cloudUsd);
  const baselineSpend = formatUsd(data.end.baselineUsd);
  // One message per plural form: a translation needs the whole sentence, not "request" + "s".
  return requests === 1
    ? l10n.t(
        "Cumulative cost over {0} request ({1} local, {2} cloud): cloud spend {3}{4}; {5} would have cost {6}.",
        requests,
        data.localRequests,
        data.cloudRequests,
        cloudSpend,
        localSpend,
        baseline,
        baselineSpend,
      )
    : l10n.t(
        "Cumulative cost over {0} requests ({1} local, {2} cloud): cloud spend {3}{4}; {5} would have cost {6}.",
        requests,
        data.localRequests,
        data.cloudRequests,
        cloudSpend,
        localSpend,
        baseline,
        baselineSpend,
      );
}
