import { isOllamaCloudName } from "../models/ollamaModelRef.ts";
import type { EgressRefusal } from "./egressGuard.ts";

/**
 * A `fetch` for the model clients that shows the egress guard every request body at the last
 * moment, as the bytes the client is about to put on the wire, and sends nothing it refuses.
 */

export type InspectBody = (body: string, url: string) => EgressRefusal | undefined;

/** A guard's refusal, carried out of a model client to the provider that maps it. */
export class EgressRefusedError extends Error {
  override readonly name = "EgressRefusedError";
  readonly refusal: EgressRefusal;

  constructor(refusal: EgressRefusal) {
    super(`the egress guard stopped the request (${refusal.rule}: ${refusal.source})`);
    this.refusal = refusal;
  }
}

/**
 * Marks the answer that stands for a refused request. The client retries a thrown fetch error (a
 * connection failure, to it) with back-off, so a refusal comes back as an answer that is never
 * retried instead; the id, unguessable by a server, lets the provider tell it from a real 400.
 */
export const REFUSAL_HEADER = "x-junction-egress-refusal";

export interface GuardedFetch {
  fetch: typeof globalThis.fetch;
  /** The refusal a provider's failed request ended in, by the answer's refusal id. */
  refusalFor(id: string | null | undefined): EgressRefusal | undefined;
}

/**
 * `inspect` judges every body; a refused request opens no connection. `onRefusal: "throw"` suits a
 * client that passes fetch errors through (ollama); `"answer"` one that retries them (openai).
 */
export function guardedFetch(inspect: InspectBody, onRefusal: "throw" | "answer", base: typeof globalThis.fetch = globalThis.fetch): GuardedFetch {
  const refusals = new Map<string, EgressRefusal>();
  const guarded = async (input: Parameters<typeof fetch>[0], init?: RequestInit): Promise<Response> => {
    const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
    const refusal = judge(inspect, init?.body, url);
    if (!refusal) return base(input, init);
    if (onRefusal === "throw") throw new EgressRefusedError(refusal);
    const id = crypto.randomUUID();
    // Bounded: a provider reads its refusal right away; older ids are of no use.
    if (refusals.size >= 64) refusals.delete(refusals.keys().next().value as string);
    refusals.set(id, refusal);
    const body = JSON.stringify({ error: { message: new EgressRefusedError(refusal).message, type: "junction_egress_refused", code: refusal.rule } });
    return new Response(body, { status: 400, headers: { "content-type": "application/json", "x-should-retry": "false", [REFUSAL_HEADER]: id } });
  };
  return { fetch: guarded as typeof globalThis.fetch, refusalFor: (id) => (id ? refusals.get(id) : undefined) };
}

/** A body the guard cannot read is refused: uncertain means private. */
function judge(inspect: InspectBody, body: RequestInit["body"], url: string): EgressRefusal | undefined {
  if (body === undefined || body === null) return undefined;
  if (typeof body === "string") return inspect(body, url);
  if (body instanceof Uint8Array || body instanceof ArrayBuffer) return inspect(new TextDecoder().decode(body), url);
  return { rule: "secret", source: "unreadable-body" };
}

/**
 * The guard for the local side: what goes to a private server and a model that runs on it passes
 * untouched (the local model may read private code); what goes to a server that is not private,
 * or to a model Ollama runs in its cloud (`…:cloud`, `…-cloud`: Ollama forwards those, on its own
 * routes and on `/v1`), is judged like anything bound for the cloud.
 */
export function guardRemoteLocalSide(inspect: InspectBody, endpointPrivate: () => boolean): InspectBody {
  return (body, url) => {
    if (endpointPrivate() && !sendsToCloudModel(body)) return undefined;
    return inspect(body, url);
  };
}

function sendsToCloudModel(body: string): boolean {
  try {
    const model = (JSON.parse(body) as { model?: unknown }).model;
    // A body without a model names nothing to run; uncertain, so judged.
    return typeof model !== "string" || isOllamaCloudName(model);
  } catch {
    return true;
  }
}
