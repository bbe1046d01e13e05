// The session chart: an SVG of cumulative spend, coloured by the theme's chart colours (panel.css),
// drawn at the panel's width in pixels so its text stays its size when the panel narrows.
import * as l10n from "@vscode/l10n";
import { html, nothing, svg } from "lit";
import type { SpendStepView, Totals } from "../src/shared/protocol.ts";
import { chartData, chartGeometry } from "./chartData.ts";
import type { ChartData, ChartGeometry } from "./chartData.ts";
import { formatTime, formatUsd } from "./format.ts";
import { LightElement } from "./lightElement.ts";

const HEIGHT = 150;
const BOX = { left: 58, right: 10, top: 10, bottom: 30 };
const MIN_WIDTH = 240;

export class JunctionChart extends LightElement {
  static override properties = { spend: { attribute: false }, session: { attribute: false }, cloudModel: { attribute: false }, width: { state: true } };
  /** Oldest first: the host's chart steps. */
  declare spend: readonly SpendStepView[];
  declare session: Totals;
  declare cloudModel: string;
  /** The chart box's width in pixels, from the resize observer. */
  declare width: number;
  readonly #resize = new ResizeObserver(([entry]) => {
    const width = Math.round(entry?.contentRect.width ?? 0);
    if (width !== this.width) this.width = width;
  });

  constructor() {
    super();
    this.width = 0;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.#resize.observe(this);
  }

  override disconnectedCallback(): void {
    this.#resize.disconnect();
    super.disconnectedCallback();
  }

  protected override render(): unknown {
    const empty = this.spend.length === 0;
    return html`<section class="chart-section" aria-labelledby="chart-heading">
      <h2 id="chart-heading">${l10n.t("Cost over this session")}</h2>
      ${empty ? html`<div class="chart-empty muted">${l10n.t("The chart starts with the first request.")}</div>` : this.#chart()}
    </section>`;
  }

  #chart(): unknown {
    const data = chartData(this.spend, this.session);
    const width = Math.max(MIN_WIDTH, this.width);
    const geometry = chartGeometry(data, { width, height: HEIGHT, ...BOX });
    return html`<div id="chart" class="chart-box">
        <svg class="chart" width=${width} height=${HEIGHT} viewBox="0 0 ${width} ${HEIGHT}" role="img" aria-labelledby="chart-title chart-desc">
          <title id="chart-title">${l10n.t("Cost over this session")}</title>
          <desc id="chart-desc">${describe(data, this.cloudModel)}</desc>
          ${grid(geometry)}${series(geometry)}${markers(geometry)}
        </svg>
      </div>
      ${legend(data, geometry, this.cloudModel)}`;
  }
}

function grid(geometry: ChartGeometry): unknown {
  const timeY = HEIGHT - 4;
  return svg`<g class="grid" aria-hidden="true">
    ${geometry.yTicks.map(
      (tick) => svg`<line x1=${geometry.x0} x2=${geometry.x1} y1=${tick.y} y2=${tick.y}></line>
        <text x=${geometry.x0 - 6} y=${tick.y} text-anchor="end" dominant-baseline="middle">${formatUsd(tick.value)}</text>`,
    )}
    <text x=${geometry.x0} y=${timeY} text-anchor="start">${formatTime(geometry.startTime)}</text>
    <text x=${geometry.x1} y=${timeY} text-anchor="end">${formatTime(geometry.endTime)}</text>
  </g>`;
}

function series(geometry: ChartGeometry): unknown {
  // The baseline is dashed and drawn last: where it runs along the spend (every request on the cloud), both show.
  return svg`<g aria-hidden="true">
    <path d=${geometry.cloudArea} class="area-cloud"></path>
    <path d=${geometry.cloud} class="line-cloud"></path>
    ${geometry.local ? svg`<path d=${geometry.local} class="line-local"></path>` : nothing}
    <path d=${geometry.baseline} class="line-baseline"></path>
  </g>`;
}

/** One mark per request on the time axis: where the session's requests went. */
function markers(geometry: ChartGeometry): unknown {
  const markerY = geometry.y0 + 9;
  return svg`<g class="markers" aria-hidden="true">
    ${geometry.markers
      .filter((marker) => marker.target !== "none")
      .map((marker) => svg`<rect x=${marker.x - 1.5} y=${markerY - 5} width="3" height="10" rx="1" class="marker-${marker.target}"></rect>`)}
  </g>`;
}

function legend(data: ChartData, geometry: ChartGeometry, cloudModel: string): unknown {
  return html`<ul class="legend" id="chart-legend">
    ${legendItem("swatch-cloud", l10n.t("Cloud spend"), formatUsd(data.end.cloudUsd))}
    ${geometry.local ? legendItem("swatch-local-line", l10n.t("Local spend"), formatUsd(data.end.localUsd)) : nothing}
    ${legendItem("swatch-baseline", cloudModel ? l10n.t("All-cloud ({0})", cloudModel) : l10n.t("All-cloud"), formatUsd(data.end.baselineUsd))}
    ${legendItem("swatch-marker-local", l10n.t("Local requests"), String(data.localRequests))}
    ${legendItem("swatch-marker-cloud", l10n.t("Cloud requests"), String(data.cloudRequests))}
  </ul>`;
}

function legendItem(swatch: string, label: string, value: string): unknown {
  return html`<li><span class="swatch ${swatch}" aria-hidden="true"></span><span>${label} </span><strong>${value}</strong></li>`;
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

customElements.define("junction-chart", JunctionChart);
