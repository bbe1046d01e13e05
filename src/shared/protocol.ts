import * as z from "zod/mini";

/**
 * The one definition of the messages between the extension host and the panel webview. Both
 * sides `parse` what they receive; nothing else crosses the boundary.
 */

export const localStatusSchema = z.object({
  state: z.enum(["checking", "ready", "unavailable"]),
  endpoint: z.string(),
  model: z.string(),
  /** Short, human-readable line: "Ollama 0.12.3 · qwen2.5-coder:1.5b-base" or the problem. */
  summary: z.string(),
  simulated: z.boolean(),
});

const count = z.number().check(z.int(), z.nonnegative());
const dollars = z.number().check(z.nonnegative());

export const requestRowSchema = z.object({
  id: z.string(),
  time: z.number(),
  kind: z.enum(["completion", "refactor", "multi-file refactor", "chat"]),
  target: z.enum(["local", "cloud", "none"]),
  model: z.string(),
  /** The file the request was made in, or the files of a multi-file refactor joined by ", ". */
  file: z.string(),
  /** How many files the request carried. */
  files: count,
  inputTokens: count,
  outputTokens: count,
  tokensEstimated: z.boolean(),
  latencyMs: z.number().check(z.nonnegative()),
  /** US dollars; 0 for local; null when the price is unknown. */
  usd: z.nullable(dollars),
  /** Where `usd` comes from (src/core/ledger/costLedger.ts `CostSource`). */
  costSource: z.optional(z.enum(["provider", "override", "endpoint", "catalog", "local", "local-hourly", "unknown-price", "not-billed"])),
  /** For an unknown price: what the budget counted instead (the tokens at the fallback rate). */
  assumedUsd: z.optional(dollars),
  /** What the same tokens would have cost on the configured cloud model; null when unknown. */
  baselineUsd: z.nullable(dollars),
  outcome: z.enum(["ok", "empty", "cancelled", "failed", "refused"]),
  /** Why the request went where it went, one sentence each. */
  reasons: z.array(z.string()),
});

/** The cost ledger's totals for one period (src/core/ledger/costLedger.ts `LedgerTotals`). */
export const totalsSchema = z.object({
  requests: count,
  local: count,
  cloud: count,
  failed: count,
  estimatedRequests: count,
  inputTokens: count,
  outputTokens: count,
  /** Known costs only; see unknownPriceRequests. */
  usd: dollars,
  /** The cloud part of `usd`: what the budgets limit. */
  cloudUsd: dollars,
  /** Cloud requests of unknown price, counted at the fallback rate: the budgets limit them too. */
  assumedUsd: z.optional(dollars),
  baselineUsd: dollars,
  /** Negative when local inference (at the user's hourly rate) cost more than the cloud would have. */
  savedUsd: z.number(),
  savedPercent: z.nullable(z.number()),
  unknownPriceRequests: count,
  unknownBaselineRequests: count,
});

export const periodTotalsSchema = z.object({
  session: totalsSchema,
  today: totalsSchema,
  month: totalsSchema,
});

export const budgetLineSchema = z.object({
  /** 0: no cloud spend allowed. */
  limitUsd: dollars,
  spentUsd: dollars,
  /** Spend of unknown price counted at the fallback rate; remaining and share include it. */
  assumedUsd: z.optional(dollars),
  remainingUsd: dollars,
  /** spent / limit, may exceed 1. */
  share: z.number().check(z.nonnegative()),
  warn80: z.boolean(),
  exhausted: z.boolean(),
  /** Cloud requests whose cost is unknown, so the spend may be higher than shown. */
  unknownPriceRequests: count,
});

export const budgetStateSchema = z.object({
  session: budgetLineSchema,
  month: budgetLineSchema,
});

const perMillion = z.object({ inputUsdPerMTok: dollars, outputUsdPerMTok: dollars, cachedInputUsdPerMTok: z.optional(dollars) });

export const pricingInfoSchema = z.object({
  /** The bundled price catalog (package and version) and the date of its data (src/core/pricing.ts). */
  source: z.string(),
  date: z.string(),
  /** `junction.cloud.model`: the all-cloud baseline's model; "" when none is set. */
  cloudModel: z.string(),
  /** That model's price and where it comes from; null when no source prices it. */
  cloudPrice: z.optional(
    z.nullable(z.extend(perMillion, { source: z.enum(["override", "endpoint", "catalog"]), date: z.nullable(z.string()), tiered: z.boolean() })),
  ),
  /** What an unknown price is budgeted at. */
  fallback: z.optional(perMillion),
  /** The cloud endpoint is Junction's simulated cloud (the demo). */
  cloudSimulated: z.optional(z.boolean()),
});

export const folderPrivacySchema = z.object({
  name: z.string(),
  /** The folder's URI, as the host identifies it in `setFolderMode`. */
  uri: z.string(),
  classification: z.enum(["public", "private", "local-only", "cloud-allowed"]),
  cloudAllowed: z.boolean(),
  reasons: z.array(z.string()),
});

export const privacyStateSchema = z.object({
  trusted: z.boolean(),
  folders: z.array(folderPrivacySchema),
});

/** What the host holds for the panel: every row the ledger keeps (src/host/extension.ts). */
export const panelStateSchema = z.object({
  local: localStatusSchema,
  privacy: privacyStateSchema,
  /** Newest first, bounded by the ledger. */
  requests: z.array(requestRowSchema),
  totals: periodTotalsSchema,
  budget: budgetStateSchema,
  pricing: pricingInfoSchema,
});

export const routeFilterSchema = z.enum(["all", "local", "cloud", "chat"]);

/** One page of the request table (src/core/ledger/ledgerView.ts `RequestPage`). */
export const requestPageSchema = z.object({
  filter: routeFilterSchema,
  /** 0-based; page 0 holds the newest requests. */
  page: count,
  pageSize: z.number().check(z.int(), z.positive()),
  pageCount: z.number().check(z.int(), z.positive()),
  /** Rows that pass the filter, of every row kept. */
  matching: count,
  /** Rows kept per filter. */
  counts: z.object({ all: count, local: count, cloud: count, chat: count }),
  /** Newest first. */
  rows: z.array(requestRowSchema),
});

/** One step of the session chart: a request, or a run of requests to one target when there are many. */
export const spendStepSchema = z.object({
  time: z.number(),
  target: z.enum(["local", "cloud", "none"]),
  /** Known costs only. */
  usd: dollars,
  baselineUsd: dollars,
});

/** What the panel receives: the host's state with one page of rows and the chart's steps instead of every row. */
export const panelViewSchema = z.extend(z.omit(panelStateSchema, { requests: true }), {
  requests: requestPageSchema,
  /** Oldest first, bounded by the host. */
  spend: z.array(spendStepSchema),
});

export const hostToPanelSchema = z.discriminatedUnion("type", [z.object({ type: z.literal("state"), state: panelViewSchema })]);

export const panelToHostSchema = z.discriminatedUnion("type", [
  /** Sent once the panel's script has loaded and can receive state. */
  z.object({ type: z.literal("ready") }),
  z.object({ type: z.literal("openLog") }),
  z.object({ type: z.literal("recheckLocalModel") }),
  z.object({ type: z.literal("setFolderMode"), folderUri: z.string(), mode: z.enum(["local-only", "cloud-allowed"]) }),
  z.object({ type: z.literal("openPrivacySettings") }),
  /** `junction.pricing.*` or `junction.budget.*` in the Settings editor. */
  z.object({ type: z.literal("openSettings"), section: z.enum(["pricing", "budget"]) }),
  /** Runs `Junction: Clear Session` (which asks first). */
  z.object({ type: z.literal("clearSession") }),
  /** Runs `Junction: Export Session Costs` (which asks for the format and the file). */
  z.object({ type: z.literal("exportSession") }),
  /** Which page of the request table to show, and through which filter; the host clamps the page. */
  z.object({ type: z.literal("showRequests"), page: count, filter: routeFilterSchema }),
  /** The page's content security policy refused something (the host logs it: the page lacks it). */
  z.object({ type: z.literal("policyViolation"), directive: z.string().check(z.maxLength(100)), blocked: z.string().check(z.maxLength(300)) }),
]);

export type LocalStatus = z.infer<typeof localStatusSchema>;
export type RequestRow = z.infer<typeof requestRowSchema>;
export type Totals = z.infer<typeof totalsSchema>;
export type PeriodTotalsView = z.infer<typeof periodTotalsSchema>;
export type BudgetLineView = z.infer<typeof budgetLineSchema>;
export type BudgetStateView = z.infer<typeof budgetStateSchema>;
export type PricingInfo = z.infer<typeof pricingInfoSchema>;
export type PanelState = z.infer<typeof panelStateSchema>;
export type RouteFilter = z.infer<typeof routeFilterSchema>;
export type RequestPageView = z.infer<typeof requestPageSchema>;
export type SpendStepView = z.infer<typeof spendStepSchema>;
export type PanelView = z.infer<typeof panelViewSchema>;
export type FolderPrivacyView = z.infer<typeof folderPrivacySchema>;
export type PrivacyState = z.infer<typeof privacyStateSchema>;
export type HostToPanelMessage = z.infer<typeof hostToPanelSchema>;
export type PanelToHostMessage = z.infer<typeof panelToHostSchema>;
