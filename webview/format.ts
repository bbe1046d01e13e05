// How the panel writes numbers. Pure functions: the unit tests run them in plain Node, where
// l10n.t without a bundle returns the English.
import * as l10n from "@vscode/l10n";
import { UNKNOWN_PRICE_TEXT } from "../src/shared/unknownPrice.ts";
import type { BudgetLineView, PricingInfo, RequestRow, Totals } from "../src/shared/protocol.ts";

export { UNKNOWN_PRICE_TEXT };

import { formatCount, formatUsd, trimZero, unknownPriceText } from "../src/shared/format.ts";

export { formatCount, formatUsd, unknownPriceText };

export function formatLatency(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${trimZero((ms / 1000).toFixed(1))} s`;
}

/** Matches the core's wording ("83 %"). */
export function formatPercent(value: number): string {
  const magnitude = Math.abs(value);
  if (magnitude > 0 && magnitude < 0.1) return `${value < 0 ? "> −" : "< "}0.1 %`;
  const rounded = magnitude < 10 ? Math.round(magnitude * 10) / 10 : Math.round(magnitude);
  return `${value < 0 && rounded > 0 ? "−" : ""}${rounded} %`;
}

export function formatTime(time: number): string {
  return new Date(time).toLocaleTimeString(undefined, { hour: "2-digit", minute: "2-digit", second: "2-digit", hour12: false });
}

export function rowTokens(row: Pick<RequestRow, "inputTokens" | "outputTokens" | "tokensEstimated">): string {
  const tokens = `${formatCount(row.inputTokens)} → ${formatCount(row.outputTokens)}`;
  return row.tokensEstimated ? l10n.t("{0} (est.)", tokens) : tokens;
}

export function rowCost(row: Pick<RequestRow, "usd">): string {
  return formatUsd(row.usd);
}

/** A request that produced nothing billable: $0, and neither budget spend nor savings. */
export function isBilled(row: Pick<RequestRow, "target" | "outcome">): boolean {
  return row.target !== "none" && row.outcome !== "failed" && row.outcome !== "refused";
}

/** "src/app.ts" or, for a multi-file refactor, "src/app.ts +2". */
export function rowFiles(row: Pick<RequestRow, "file" | "files">): string {
  const first = row.file.split(", ")[0] ?? row.file;
  const others = Math.max(row.files, row.file === "" ? 0 : row.file.split(", ").length) - 1;
  return others > 0 ? `${first} +${others}` : first || "—";
}

type SavedTotals = Pick<Totals, "savedUsd" | "savedPercent" | "unknownBaselineRequests" | "requests">;

/** "$0.0021", or why there is nothing to compare with. */
export function formatSaved(totals: SavedTotals): string {
  if (totals.requests > 0 && totals.savedPercent === null && totals.unknownBaselineRequests > 0) return l10n.t("unknown");
  return totals.savedPercent === null ? "$0" : formatUsd(totals.savedUsd);
}

/** "31 %" of the all-cloud cost, or "—" when there is no baseline to compare with. */
export function formatSavedShare(totals: SavedTotals): string {
  return totals.savedPercent === null ? "—" : formatPercent(totals.savedPercent);
}

export type BudgetLevel = "ok" | "warn" | "exhausted" | "none";

export function budgetLevel(line: BudgetLineView): BudgetLevel {
  if (line.limitUsd === 0) return "none";
  if (line.exhausted) return "exhausted";
  return line.warn80 ? "warn" : "ok";
}

/** "$0.042 of $0.05 · $0.0084 left", or what a $0 budget means. */
export function budgetText(line: BudgetLineView): string {
  if (line.limitUsd === 0)
    return line.spentUsd > 0 ? l10n.t("{0} spent; no budget set ($0)", formatUsd(line.spentUsd)) : l10n.t("$0 budget: cloud requests stay local");
  const left = line.exhausted ? l10n.t("nothing left") : l10n.t("{0} left", formatUsd(line.remainingUsd));
  return l10n.t("{0} of {1} · {2}", formatUsd(line.spentUsd), formatUsd(line.limitUsd), left);
}

/**
 * The footer's sentence on prices: the bundled catalog and the date of its data, then the cloud
 * model's price and where it comes from — or, when no source prices it, the rate the budget counts.
 */
export function priceSourceText(pricing: PricingInfo): string {
  const catalog = l10n.t("Prices: {0} (data of {1}); junction.pricing.models overrides them.", pricing.source, pricing.date);
  if (!pricing.cloudModel) return catalog;
  const simulated = pricing.cloudSimulated ? ` ${l10n.t("(simulated cloud)")}` : "";
  const price = pricing.cloudPrice;
  if (!price) {
    const fallback = pricing.fallback;
    return `${catalog} ${l10n.t("{0}{1}: no price known, so its cost shows as unknown and the budget counts {2} in / {3} out per million tokens.", pricing.cloudModel, simulated, formatRate(fallback?.inputUsdPerMTok), formatRate(fallback?.outputUsdPerMTok))}`;
  }
  const rates = l10n.t("{0} in / {1} out per million tokens", formatRate(price.inputUsdPerMTok), formatRate(price.outputUsdPerMTok));
  const from =
    price.source === "override"
      ? l10n.t("from your junction.pricing.models")
      : price.source === "endpoint"
        ? l10n.t("as the endpoint lists it (fetched {0})", price.date ?? "")
        : l10n.t("from the catalog (data of {0})", price.date ?? pricing.date);
  const tiers = price.tiered ? ` ${l10n.t("Long prompts cost more.")}` : "";
  return `${catalog} ${l10n.t("{0}{1}: {2}, {3}.", pricing.cloudModel, simulated, rates, from)}${tiers}`;
}

/** What a request's cost is based on, for the cost cell's tooltip. */
export function costSourceText(row: Pick<RequestRow, "costSource" | "model" | "assumedUsd">): string {
  switch (row.costSource) {
    case "provider":
      return l10n.t("the cost the provider reported");
    case "override":
      return l10n.t("your price for {0} (junction.pricing.models)", row.model);
    case "endpoint":
      return l10n.t("the price the endpoint lists for {0}", row.model);
    case "catalog":
      return l10n.t("the catalog price of {0}", row.model);
    case "local":
      return l10n.t("local inference is free (junction.pricing.localUsdPerHour is 0)");
    case "local-hourly":
      return l10n.t("the time it took at junction.pricing.localUsdPerHour");
    case "not-billed":
      return l10n.t("not billed: the request produced nothing");
    case "unknown-price":
    case undefined:
      return row.assumedUsd !== undefined
        ? l10n.t(
            "unknown price: no source prices {0}; the budget counted {1} at the fallback rate. Set it in junction.pricing.models.",
            row.model,
            formatUsd(row.assumedUsd),
          )
        : l10n.t("unknown price — set junction.pricing.models: no source prices {0}", row.model);
  }
}

function formatRate(usdPerMTok: number | undefined): string {
  return usdPerMTok === undefined ? "?" : `$${Number(usdPerMTok.toFixed(4))}`;
}
