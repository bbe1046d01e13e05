// The requests section: how many, the route filter, Export and Clear, the table of this page and
// its pager, and what is said when there is nothing to list.
import "@vscode-elements/elements/dist/vscode-badge/index.js";
import "@vscode-elements/elements/dist/vscode-button/index.js";
import "@vscode-elements/elements/dist/vscode-radio/index.js";
import "@vscode-elements/elements/dist/vscode-radio-group/index.js";
import * as l10n from "@vscode/l10n";
import { html } from "lit";
import { live } from "lit/directives/live.js";
import { routeFilterSchema } from "../src/shared/protocol.ts";
import type { RequestPageView, RouteFilter } from "../src/shared/protocol.ts";
import { post } from "./host.ts";
import { LightElement } from "./lightElement.ts";
import "./pager.ts";
import { keptNote } from "./paging.ts";
import { requestTable } from "./table.ts";

const FILTERS = routeFilterSchema.options;

/** A function, not a constant: l10n.t must run after main.ts has loaded the bundle. */
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

type Radio = HTMLElement & { checked: boolean };

export class JunctionRequests extends LightElement {
  static override properties = { page: { attribute: false }, sessionRequests: { attribute: false } };
  declare page: RequestPageView;
  /** The session's count, which may exceed the rows the ledger keeps (see #requests-kept). */
  declare sessionRequests: number;

  #filterChanged(event: Event): void {
    const group = event.currentTarget as HTMLElement;
    const checked = [...group.querySelectorAll<Radio>("vscode-radio")].find((radio) => radio.checked);
    const filter = routeFilterSchema.safeParse(checked?.getAttribute("value"));
    // A new filter starts on its newest page; the host filters every row it keeps, not this page.
    if (filter.success && filter.data !== this.page.filter) post({ type: "showRequests", page: 0, filter: filter.data });
  }

  protected override render(): unknown {
    const page = this.page;
    const hasRows = page.counts.all > 0;
    const kept = keptNote(page.counts.all, this.sessionRequests);
    return html`<section class="requests-section" aria-labelledby="requests-heading">
      <div class="section-head">
        <h2 id="requests-heading">
          ${l10n.t("Requests this session")} <vscode-badge id="request-count" variant="counter">${this.sessionRequests}</vscode-badge>
        </h2>
        <div class="toolbar">
          <vscode-radio-group id="route-filter" aria-label=${l10n.t("Show requests")} @change=${this.#filterChanged}>
            ${FILTERS.map(
              // The host is the source of truth for the filter: a reloaded panel shows what it showed
              // before. live(): a click checks a radio before the host has answered.
              (filter) =>
                html`<vscode-radio
                  name="route-filter"
                  value=${filter}
                  label="${filterLabel(filter)} (${page.counts[filter]})"
                  .checked=${live(filter === page.filter)}
                ></vscode-radio>`,
            )}
          </vscode-radio-group>
          <span class="toolbar-buttons">
            <vscode-button id="export-session" secondary @click=${() => post({ type: "exportSession" })}>${l10n.t("Export…")}</vscode-button>
            <vscode-button id="clear-session" secondary ?disabled=${!hasRows} @click=${() => post({ type: "clearSession" })}
              >${l10n.t("Clear session")}</vscode-button
            >
          </span>
        </div>
      </div>
      <div id="empty-state" class="empty" ?hidden=${hasRows}>
        ${l10n.t("No requests yet. Type in an editor and Junction's completions will be listed here.")}
      </div>
      <div id="filter-empty" class="empty" ?hidden=${!hasRows || page.matching > 0}>${filterEmptyText(page.filter)}</div>
      <div id="requests" ?hidden=${!hasRows || page.matching === 0}>${requestTable(page.rows)}</div>
      <junction-pager .page=${page} ?hidden=${page.pageCount <= 1}></junction-pager>
      <div id="requests-kept" class="muted" ?hidden=${kept === ""}>${kept}</div>
    </section>`;
  }
}

customElements.define("junction-requests", JunctionRequests);
