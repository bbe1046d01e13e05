// What one request cost and what it would have cost on the cloud model (the ledger's rules, in
// costLedger.ts's header): the price of each side, the provider's own figure, the fallbacks.
import { FALLBACK_PRICE, costUsd, priceFor, quoteCost } from "../pricing.ts";
import type { Target } from "../routing/router.ts";
import type { CostSource, LedgerInput, LedgerPricing, RequestOutcome } from "./ledgerTypes.ts";

const MS_PER_HOUR = 3_600_000;

// ── pricing of one request ──

export function isBilled(target: Target, outcome: RequestOutcome): boolean {
  return target !== "none" && outcome !== "failed" && outcome !== "refused";
}

export function tokenCount(value: number | undefined): number {
  return value !== undefined && Number.isFinite(value) && value > 0 ? Math.round(value) : 0;
}

function sameModel(a: string, b: string): boolean {
  return a.trim().toLowerCase() === b.trim().toLowerCase();
}

export interface Costed {
  usd: number | null;
  costSource: CostSource;
  baselineUsd: number | null;
  assumedUsd: number;
}

export function priceRequest(
  input: LedgerInput,
  model: string,
  tokens: { input: number; output: number; cachedInput: number },
  latencyMs: number,
  pricing: LedgerPricing,
): Costed {
  if (!isBilled(input.target, input.outcome)) return { usd: 0, costSource: "not-billed", baselineUsd: 0, assumedUsd: 0 };

  const priceOf = pricing.priceOf ?? ((model: string) => priceFor(model, { overrides: pricing.overrides }));
  const cloudPrice = pricing.cloudModel.trim() === "" ? undefined : priceOf(pricing.cloudModel);
  const onCloudModel = cloudPrice ? quoteCost(cloudPrice, tokens) : null;

  const reported = input.usage.costUsd;
  let usd: number | null;
  let costSource: CostSource;
  if (reported !== undefined && Number.isFinite(reported) && reported >= 0) {
    usd = reported;
    costSource = "provider";
  } else if (input.target === "local") {
    const rate = Number.isFinite(pricing.localUsdPerHour) && pricing.localUsdPerHour > 0 ? pricing.localUsdPerHour : 0;
    usd = (latencyMs / MS_PER_HOUR) * rate;
    costSource = rate > 0 ? "local-hourly" : "local";
  } else {
    const price = priceOf(model);
    usd = price ? quoteCost(price, tokens) : null;
    costSource = price ? price.source : "unknown-price";
  }
  usd = dollarsOrNull(usd);
  if (usd === null) costSource = "unknown-price";
  // A cloud request on the configured model is the all-cloud case itself: its baseline is what it cost.
  const baselineUsd = input.target === "cloud" && sameModel(model, pricing.cloudModel) && usd !== null ? usd : dollarsOrNull(onCloudModel);
  const assumedUsd = input.target === "cloud" && usd === null ? costUsd(FALLBACK_PRICE, tokens) : 0;
  return { usd, costSource, baselineUsd, assumedUsd };
}

/** A NaN or negative amount (a bad price setting) is an unknown price, and must never reach the store. */
function dollarsOrNull(value: number | null): number | null {
  return value !== null && Number.isFinite(value) && value >= 0 ? value : null;
}
