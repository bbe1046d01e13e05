import * as vscode from "vscode";
import { ProviderError } from "../../core/index.ts";
import { wordProviderError } from "../../words/index.ts";

/**
 * One sentence, or two, on what went wrong with a model request and what to do about it. The
 * same words serve the status bar (completions), notifications (refactors) and the log.
 */
export function describeProviderFailure(error: unknown, model: string | undefined): string {
  if (!ProviderError.is(error))
    return vscode.l10n.t("The request failed unexpectedly: {0}. The Junction log has the details.", error instanceof Error ? error.message : String(error));
  const name = model ?? error.model ?? "";
  const local = error.side === "local";
  const where = local ? vscode.l10n.t("the local model {0}", name) : vscode.l10n.t("the cloud model {0}", name);
  switch (error.kind) {
    case "unreachable":
      return local
        ? vscode.l10n.t("Nothing answers at {0}. Start Ollama (`ollama serve`) and try again, or check junction.local.endpoint.", error.endpoint)
        : vscode.l10n.t("Nothing answers at {0}. Check junction.cloud.endpoint and your connection.", error.endpoint);
    case "timeout":
      return vscode.l10n.t(
        "{0} did not answer in time (junction.{1}.timeoutSeconds). Try again; a smaller request or a faster model helps.",
        where,
        local ? "local" : "cloud",
      );
    case "unauthorized":
      return local
        ? vscode.l10n.t("{0} refused the request ({1}). If Ollama sits behind a proxy, check its credentials.", error.endpoint, error.status ?? "")
        : vscode.l10n.t("{0} refused the API key. Run “Junction: Set Cloud API Key”.", error.endpoint);
    case "model-not-found":
      return local
        ? vscode.l10n.t("Ollama does not have {0}. Run “Junction: Pull Local Model” or choose another model in the settings.", name)
        : vscode.l10n.t("{0} does not offer {1}. Check junction.cloud.model.", error.endpoint, name);
    case "model-lacks-insert":
      return vscode.l10n.t("{0} cannot fill in the middle. Choose a base code model such as qwen2.5-coder:1.5b-base in junction.local.completionModel.", name);
    case "model-is-remote":
      return vscode.l10n.t(
        "Ollama runs {0} on a remote service, so Junction does not send private code to it. Choose a model that runs on this machine.",
        name,
      );
    case "rate-limited":
      return vscode.l10n.t("{0} is rate-limiting requests (HTTP 429). Junction retried; wait a moment and try again.", where);
    case "server-error":
      return vscode.l10n.t("{0} failed on the server side (HTTP {1}). Try again; if it persists, check the server's own log.", where, error.status ?? "5xx");
    case "bad-request":
      return vscode.l10n.t("{0} rejected the request (HTTP {1}): {2}. Check the model and settings.", where, error.status ?? "400", wordProviderError(error));
    case "bad-response":
      return vscode.l10n.t("{0} sent an answer Junction could not read ({1}). Try again; the Junction log has the details.", where, wordProviderError(error));
    case "egress-refused":
      return describeEgressRefusal(error);
    case "aborted":
      return vscode.l10n.t("The request was cancelled.");
  }
}

/** The egress guard's refusal: what it found (never the content itself) and that nothing was sent. */
function describeEgressRefusal(error: ProviderError): string {
  const refusal = error.refusal;
  switch (refusal?.rule) {
    case "local-only-text":
      return vscode.l10n.t("Junction stopped this request before sending it: it held text of {0}, which is local-only. Nothing was sent.", refusal.source);
    case "known-secret":
      return vscode.l10n.t(
        "Junction stopped this request before sending it: it held a secret seen earlier in this window ({0}). Nothing was sent.",
        refusal.source,
      );
    default:
      return vscode.l10n.t("Junction stopped this request before sending it: it held a secret ({0}). Nothing was sent.", refusal?.source ?? "");
  }
}

/**
 * A model list (`/api/tags`, `/v1/models`) that could not be read. A 404 there says the endpoint
 * is not the server's base URL; anything else is worded as for any request.
 */
export function describeListingFailure(error: unknown, endpoint: string): string {
  if (ProviderError.is(error, "model-not-found")) {
    return vscode.l10n.t("{0} has no model list: check that it is the server's base URL (for OpenAI-compatible APIs it usually ends in /v1).", endpoint);
  }
  return describeProviderFailure(error, undefined);
}
