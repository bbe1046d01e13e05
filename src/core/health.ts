import { ProviderError } from "./errors.ts";
import type { ProviderErrorKind, ProviderProblem } from "./errors.ts";
import type { LocalModelProvider, ServerInfo } from "./providers/providerTypes.ts";
import { fillsInMiddle } from "./models/modelSuitability.ts";

/** What the status bar shows about the local model server. */
export type LocalHealth =
  | { state: "checking"; endpoint: string }
  | {
      state: "ready";
      endpoint: string;
      /** Which server, and its version: data the host words (providerWords.ts's wordServer). */
      server: Pick<ServerInfo, "product" | "version">;
      simulated: boolean;
      model: string;
    }
  /** `detail`: what went wrong, as a code the host words (providerWords.ts). */
  | { state: "unavailable"; endpoint: string; model: string; problem: ProviderErrorKind; detail: ProviderProblem };

/** Checks that the local server answers and that the completion model can fill in the middle. */
export async function checkLocalHealth(provider: LocalModelProvider, model: string): Promise<LocalHealth> {
  const endpoint = provider.endpoint;
  try {
    const server = await provider.serverInfo();
    const info = await provider.modelInfo(model, { refresh: true });
    if (info.isRemote) return unavailable(endpoint, model, "model-is-remote", { code: "model-is-remote", model });
    // Without Ollama's "insert", a model of a known family still works through its own FIM tokens.
    if (!fillsInMiddle(info)) {
      return unavailable(endpoint, model, "model-lacks-insert", { code: "model-lacks-insert", model });
    }
    return { state: "ready", endpoint, server: { product: server.product, version: server.version }, simulated: server.simulated, model };
  } catch (error) {
    if (ProviderError.is(error)) return unavailable(endpoint, model, error.kind, error.problem);
    throw error;
  }
}

/**
 * Failures that say the local model cannot serve until something changes (the server, the model,
 * the settings). Others — a dropped stream, a 500, a garbled line, a timeout — are one request's
 * bad luck: reported for that request, without declaring the model unavailable.
 */
const PERSISTENT: ReadonlySet<ProviderErrorKind> = new Set(["unreachable", "model-not-found", "model-lacks-insert", "model-is-remote", "unauthorized"]);

export function isPersistentFailure(error: unknown): boolean {
  return ProviderError.is(error) && PERSISTENT.has(error.kind);
}

/** The health a failed completion implies, or undefined when the failure says nothing lasting about it. */
export function healthAfterFailure(error: unknown, endpoint: string, model: string): LocalHealth | undefined {
  if (!ProviderError.is(error) || !PERSISTENT.has(error.kind)) return undefined;
  return unavailable(endpoint, model, error.kind, error.problem);
}

function unavailable(endpoint: string, model: string, problem: ProviderErrorKind, detail: ProviderProblem): LocalHealth {
  return { state: "unavailable", endpoint, model, problem, detail };
}
