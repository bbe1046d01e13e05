// The request table's pager: First, Previous, where this page is, Next, Last. Which page each
// button leads to comes from paging.ts (pure, unit-tested); this element only shows it.
import "@vscode-elements/elements/dist/vscode-button/index.js";
import * as l10n from "@vscode/l10n";
import { html, nothing } from "lit";
import type { RequestPageView } from "../src/shared/protocol.ts";
import { post } from "./host.ts";
import { LightElement } from "./lightElement.ts";
import { PAGER_BUTTONS, pagePosition, pageRange, pagerTargets } from "./paging.ts";
import type { PagerButton } from "./paging.ts";

/** A function, not a constant: l10n.t must run after main.ts has loaded the bundle. */
function buttonTexts(button: PagerButton): { text: string; label: string } {
  switch (button) {
    case "page-first":
      return { text: l10n.t("First"), label: l10n.t("First page: the newest requests") };
    case "page-previous":
      return { text: l10n.t("Previous"), label: l10n.t("Previous page: newer requests") };
    case "page-next":
      return { text: l10n.t("Next"), label: l10n.t("Next page: older requests") };
    case "page-last":
      return { text: l10n.t("Last"), label: l10n.t("Last page: the oldest requests") };
  }
}

export class JunctionPager extends LightElement {
  static override properties = { page: { attribute: false } };
  declare page: RequestPageView;

  protected override updated(): void {
    // Next on the next-to-last page disables Next itself: the focus moves to a button still usable.
    const focused = document.activeElement;
    if (!(focused instanceof HTMLElement) || !focused.hasAttribute("disabled") || !PAGER_BUTTONS.some((id) => focused.id === id)) return;
    this.querySelector<HTMLElement>(PAGER_BUTTONS.map((id) => `#${id}:not([disabled])`).join(", "))?.focus();
  }

  protected override render(): unknown {
    const page = this.page;
    const targets = pagerTargets(page);
    const button = (id: PagerButton) => {
      const { text, label } = buttonTexts(id);
      const target = targets[id];
      // The host clamps the page it is asked for and keeps the filter shown.
      const show = () => target !== undefined && post({ type: "showRequests", page: target, filter: page.filter });
      return html`<vscode-button id=${id} secondary aria-label=${label} ?disabled=${target === undefined} @click=${show}>${text}</vscode-button>`;
    };
    return html`<nav class="pager" id="pager" aria-label=${l10n.t("Pages of requests")}>
      ${button("page-first")} ${button("page-previous")}
      <span class="page-status"
        ><span id="page-status" role="status" aria-live="polite">${pagePosition(page)}</span>
        <span id="page-range" class="muted">${pageRange(page) || nothing}</span></span
      >
      ${button("page-next")} ${button("page-last")}
    </nav>`;
  }
}

customElements.define("junction-pager", JunctionPager);
