// The session at a glance: cost, the local/cloud split, tokens and what staying local saved.
import * as l10n from "@vscode/l10n";
import { html, nothing } from "lit";
import type { Totals } from "../src/shared/protocol.ts";
import { formatCount, formatPercent, formatSaved, formatSavedShare, formatUsd, unknownPriceText } from "./format.ts";
import { post } from "./host.ts";
import { LightElement } from "./lightElement.ts";
import { styleProperties } from "./styleProperties.ts";

export class JunctionSummary extends LightElement {
  static override properties = { session: { attribute: false }, cloudModel: { attribute: false } };
  declare session: Totals;
  /** `junction.cloud.model`, what the savings compare with; "" when none is set. */
  declare cloudModel: string;

  protected override render(): unknown {
    const session = this.session;
    return html`<div class="stats">${this.#cost(session)}${this.#requests(session)}${this.#tokens(session)}${this.#saved(session)}</div>`;
  }

  #cost(session: Totals): unknown {
    const unknown = session.unknownPriceRequests;
    const note =
      unknown > 0
        ? unknown === 1
          ? l10n.t("+ {0} request at {1}", unknown, unknownPriceText())
          : l10n.t("+ {0} requests at {1}", unknown, unknownPriceText())
        : session.usd > session.cloudUsd
          ? l10n.t("cloud {0} · local {1}", formatUsd(session.cloudUsd), formatUsd(session.usd - session.cloudUsd))
          : l10n.t("cloud spend; local requests are free");
    return html`<div class="stat">
      <div class="stat-label" id="session-cost-label">${l10n.t("Session cost")}</div>
      <div class="stat-value" id="session-cost" aria-describedby="session-cost-label">${formatUsd(session.usd)}</div>
      <div class="stat-note ${unknown > 0 ? "warning" : ""}" id="session-cost-note">${note}</div>
      <button type="button" class="link" id="set-pricing" ?hidden=${unknown === 0} @click=${() => post({ type: "openSettings", section: "pricing" })}>
        ${l10n.t("Set prices (junction.pricing)")}
      </button>
    </div>`;
  }

  #requests(session: Totals): unknown {
    const routed = session.local + session.cloud;
    const localShare = routed === 0 ? 0 : (session.local / routed) * 100;
    const cloudShare = routed === 0 ? 0 : 100 - localShare;
    const split = routed === 0 ? l10n.t("No requests yet") : l10n.t("{0} of requests stayed local", formatPercent(localShare));
    const counts = html`<span id="split-local">${session.local}</span> ${l10n.t("local")} · <span id="split-cloud">${session.cloud}</span> ${l10n.t("cloud")}`;
    const failed = session.failed > 0 ? l10n.t(" · {0} not sent or failed", session.failed) : nothing;
    return html`<div class="stat">
      <div class="stat-label">${l10n.t("Requests")}</div>
      <div class="stat-value" id="session-requests">${session.requests}</div>
      <div class="split-bar" id="split-bar" role="img" aria-label=${split}>
        <span class="split-local" .style=${styleProperties({ width: `${localShare}%` })}></span
        ><span class="split-cloud" .style=${styleProperties({ width: `${cloudShare}%` })}></span>
      </div>
      <div class="stat-note">${counts}<span id="split-failed">${failed}</span></div>
    </div>`;
  }

  #tokens(session: Totals): unknown {
    const note =
      l10n.t("{0} in · {1} out", formatCount(session.inputTokens), formatCount(session.outputTokens)) +
      (session.estimatedRequests > 0 ? l10n.t(" · {0} estimated", session.estimatedRequests) : "");
    return html`<div class="stat">
      <div class="stat-label">${l10n.t("Tokens")}</div>
      <div class="stat-value" id="session-tokens">${formatCount(session.inputTokens + session.outputTokens)}</div>
      <div class="stat-note" id="session-tokens-note">${note}</div>
    </div>`;
  }

  #saved(session: Totals): unknown {
    const cloudModel = this.cloudModel;
    const note = !cloudModel
      ? l10n.t("set junction.cloud.model to compare")
      : session.savedPercent === null
        ? l10n.t("compared with every request on {0}", cloudModel)
        : l10n.t("{0} of {1}, the cost of every request on {2}", formatSavedShare(session), formatUsd(session.baselineUsd), cloudModel);
    return html`<div class="stat">
      <div class="stat-label">${l10n.t("Saved vs all-cloud")}</div>
      <div class="stat-value ${session.savedUsd > 0 ? "positive" : ""}" id="session-saved">${formatSaved(session)}</div>
      <div class="stat-note" id="session-saved-note">${note}</div>
    </div>`;
  }
}

customElements.define("junction-summary", JunctionSummary);
