// The one way a request becomes a ledger row, whatever asked for it (inline completion, refactor,
// chat) and however it ended: from the routing decision, the facts of the request and its outcome.
// The row is a draft of codes, so the pipelines and their tests deal in data; the host words it
// (ledgerWords.ts) and records the words, which the ledger stores, exports and shows.
import { isDeepStrictEqual } from "node:util";
import type { LocalProviderKind } from "../providers/providerTypes.ts";
import type { RouteAction, RouteReason } from "../routing/routeReasons.ts";
import type { Decision, RequestKind } from "../routing/router.ts";
import type { LedgerInput, LedgerUsage, ProviderId, RequestOutcome } from "./costLedger.ts";

/** What a row says after the decision's own reasons: why it was refused, how it ended. */
export type LedgerNote =
  | RouteReason
  | { code: "cancelled" }
  /** `message`: the failure as the provider put it. */
  | { code: "failed"; message: string }
  /** Nothing was sent: what to do when the router says it, else the reasons (routeWords.ts wordRefusal). */
  | { code: "refusal"; action: RouteAction | undefined; reasons: readonly RouteReason[] }
  /** The user chose the cloud model in the route picker, and privacy keeps the request local. */
  | { code: "cloud-choice-refused" };

/** A ledger row before its words: the decision's reasons and the notes as codes. */
export interface LedgerDraft extends Omit<LedgerInput, "reasons"> {
  reasons: readonly RouteReason[];
  /** After the reasons, none repeating one of them or another note. */
  notes: readonly LedgerNote[];
}

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
  reasons?: readonly LedgerNote[];
}

const NOTHING_SENT: LedgerUsage = { inputTokens: 0, outputTokens: 0, estimated: true };

/** Who served (or would have served) a request: the cloud side speaks OpenAI's API; the local side is what the settings chose. */
export function providerFor(target: Decision["target"], localKind: LocalProviderKind): ProviderId {
  return target === "cloud" ? "openai-compatible" : localKind;
}

export function ledgerEntry(request: LedgerRequest, result: LedgerResult): LedgerDraft {
  const { decision } = request;
  const said: readonly LedgerNote[] = decision.reasons;
  const notes = (result.reasons ?? []).filter(
    (note, index, all) => !said.some((reason) => isDeepStrictEqual(reason, note)) && all.findIndex((other) => isDeepStrictEqual(other, note)) === index,
  );
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
    reasons: decision.reasons,
    notes,
  };
}
