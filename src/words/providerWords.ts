// The words for a failed model request (errors.ts's ProviderProblem codes) and for the model
// server a health check found, through l10n: the one place they become sentences, for the host's
// messages, the status bar and the panel. Without a bundle (the unit tests) l10n.t gives the
// English, which is exactly errors.ts's englishProblem (the log's words); the switch is
// exhaustive, so a new code without words does not compile.
import * as l10n from "@vscode/l10n";
import { SERVED_NAMED } from "../core/errors.ts";
import type { ProviderError, ProviderProblem } from "../core/errors.ts";
import type { ServerInfo } from "../core/providers/providerTypes.ts";

export function wordProviderProblem(problem: ProviderProblem): string {
  switch (problem.code) {
    case "timeout":
      return l10n.t("no answer from {0} in time", problem.endpoint);
    case "cancelled":
      return l10n.t("request cancelled");
    case "unreachable":
      return l10n.t("nothing answers at {0}", problem.endpoint);
    case "model-not-served":
      return problem.served.length > 0
        ? l10n.t("{0} is not served at {1} (it serves {2})", problem.model, problem.endpoint, problem.served.slice(0, SERVED_NAMED).join(", "))
        : l10n.t("{0} is not served at {1} (it serves no models)", problem.model, problem.endpoint);
    case "egress-refused":
      // The rule is a code name (secret, known-secret, local-only-text), written as the log writes it.
      return l10n.t("the egress guard stopped the request ({0}: {1})", problem.rule, problem.source);
    case "model-is-remote":
      return l10n.t("{0} runs on a remote service", problem.model);
    case "model-lacks-insert":
      return l10n.t("{0} cannot fill in the middle", problem.model);
    case "prompt-too-long":
      return l10n.t(
        "the request needs about {0} tokens, more than the {1}-token context Junction gives {2} (junction.local.contextTokens)",
        problem.promptTokens,
        problem.windowTokens,
        problem.model,
      );
    case "conversation-over-window":
      return l10n.t("the conversation does not fit the local model's window");
    case "no-chat-with-tools":
      return l10n.t("this local provider has no chat with tools");
    case "pull-unfinished":
      return l10n.t("Ollama did not finish pulling {0}", problem.model);
    case "no-cloud-key":
      return l10n.t("no cloud API key is set");
    case "server-said":
    case "unreadable-answer":
    case "worded":
      // A server's or client's own text, or words already chosen: nothing of Junction's to translate.
      return problem.text;
  }
}

/** What went wrong with `error`, in the user's language: its problem's words. */
export function wordProviderError(error: ProviderError): string {
  return wordProviderProblem(error.problem);
}

/** The server a health check found: "Ollama 0.12.6", "Ollama unknown" when it gave no version, "OpenAI-compatible server". */
export function wordServer(server: Pick<ServerInfo, "product" | "version">): string {
  switch (server.product) {
    case "ollama": {
      // A comment, because "unknown" also names an unknown price elsewhere, which some languages word differently.
      const version =
        server.version ?? l10n.t({ message: "unknown", comment: ["Stands for the version after the word Ollama when the server does not report one."] });
      // A product name, the same in every language; an empty version (the server sent "") leaves it alone.
      return version ? `Ollama ${version}` : "Ollama";
    }
    case "openai-compatible":
      return l10n.t("OpenAI-compatible server");
  }
}
