import * as vscode from "vscode";
import type { LocalHealth } from "../core/index.ts";

type Unavailable = Extract<LocalHealth, { state: "unavailable" }>;

/** What the user should do about a local-model problem, in one or two sentences. */
export function describeLocalProblem(health: Unavailable): string {
  const { endpoint, model } = health;
  switch (health.problem) {
    case "unreachable":
      return vscode.l10n.t(
        "Nothing answers at {0}. Start Ollama (run `ollama serve`, or open the Ollama app), or point `junction.local.endpoint` at your server.",
        endpoint,
      );
    case "model-not-found":
      return vscode.l10n.t("Ollama at {0} does not have the model {1}. Run “Junction: Pull Local Model” (or `ollama pull {1}`), or choose another model in `junction.local.completionModel`.", endpoint, model);
    case "model-lacks-insert":
      return vscode.l10n.t(
        "{0} cannot fill in the middle (no `insert` capability). Choose a base code model such as `qwen2.5-coder:1.5b-base` in `junction.local.completionModel`.",
        model,
      );
    case "model-is-remote":
      return vscode.l10n.t("Ollama runs {0} on a remote service, so Junction does not send completions to it. Choose a model that runs on this machine.", model);
    case "timeout":
      return vscode.l10n.t("Ollama at {0} did not answer in time. It may still be loading {1}; Junction will check again.", endpoint, model);
    default:
      return vscode.l10n.t("The local model server at {0} failed ({1}): {2}", endpoint, health.problem, health.detail);
  }
}
