// The one way a request becomes a ledger row, whatever asked for it (inline completion, refactor,
// chat) and however it ended: from the routing decision, the facts of the request and its outcome.
import type { LocalProviderKind } from "../providers/providerTypes.ts";
import type { Decision, RequestKind } from "../routing/router.ts";
import type { LedgerInput, LedgerUsage, ProviderId, RequestOutcome } from "./costLedger.ts";
import { wordRouteReasons } from "../routing/routeWords.ts";

/** What was asked, before anything was sent. */
export interface LedgerRequest {
  kind: RequestKind;
  decision: Pick<Decision, "target" | "model" | "reasons">;
  /** What serves the local side: a refusal or a local request is booked to it, not to a product assumed. */
  localKind: LocalProviderKind;
  /** How many files the request carried, and a label for them. */
  files: number;
  file: string;
  /** Epoch ms the request started; the ledger's clock when absent. */
  time?: number;
}

/** How it ended; usage and latency are zero (estimated) when nothing was sent or counted. */
export interface LedgerResult {
  outcome: RequestOutcome;
  usage?: LedgerUsage;
  latencyMs?: number;
  /** Said after the decision's own reasons (why it was refused, how it failed), each once. */
  reasons?: readonly string[];
}

const NOTHING_SENT: LedgerUsage = { inputTokens: 0, outputTokens: 0, estimated: true };

/** Who served (or would have served) a request: the cloud side speaks OpenAI's API; the local side is what the settings chose. */
export function providerFor(target: Decision["target"], localKind: LocalProviderKind): ProviderId {
  return target === "cloud" ? "openai-compatible" : localKind;
}

export function ledgerEntry(request: LedgerRequest, result: LedgerResult): LedgerInput {
  const { decision } = request;
  const said = wordRouteReasons(decision.reasons);
  const extra = (result.reasons ?? []).filter((reason, index, all) => !said.includes(reason) && all.indexOf(reason) === index);
  return {
    ...(request.time === undefined ? {} : { time: request.time }),
    kind: request.kind,
    target: decision.target,
    provider: providerFor(decision.target, request.localKind),
    model: decision.model ?? "—",
    files: request.files,
    file: request.file,
    usage: result.usage ?? NOTHING_SENT,
    latencyMs: result.latencyMs ?? 0,
    outcome: result.outcome,
    reasons: [...said, ...extra],
  };
}
