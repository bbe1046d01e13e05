import * as vscode from "vscode";
import { isLoopbackHost } from "../../core/index.ts";
import { wordProviderProblem } from "../../words/index.ts";
import type { LocalHealth } from "../../core/index.ts";

type Unavailable = Extract<LocalHealth, { state: "unavailable" }>;

/**
 * What the user should do about a local-model problem, in one or two sentences. In a remote
 * window (Remote-SSH, WSL, Dev Containers, Codespaces) Junction runs on the remote machine, so a
 * loopback endpoint is that machine's, not the laptop's: the message says so and how to bridge it.
 */
export function describeLocalProblem(health: Unavailable, window: { remoteName: string | undefined } = { remoteName: vscode.env.remoteName }): string {
  const { remoteName } = window;
  const { endpoint, model } = health;
  switch (health.problem) {
    case "unreachable":
      if (remoteName && REMOTE_KINDS.has(remoteName) && isLoopbackEndpoint(endpoint)) {
        return vscode.l10n.t(
          "Nothing answers at {0}. This window is remote ({1}): Junction runs there, so {0} is the remote machine's. Run Ollama on it, or make your own machine's Ollama reachable from it — for Remote-SSH, `ssh -R 11434:127.0.0.1:11434 <host>`; for a container, point `junction.local.endpoint` at `http://host.docker.internal:11434`.",
          endpoint,
          remoteName,
        );
      }
      return vscode.l10n.t(
        "Nothing answers at {0}. Start Ollama (run `ollama serve`, or open the Ollama app), or point `junction.local.endpoint` at your server.",
        endpoint,
      );
    case "model-not-found":
      return vscode.l10n.t(
        "Ollama at {0} does not have the model {1}. Run “Junction: Pull Local Model” (or `ollama pull {1}`), or choose another model in `junction.local.completionModel`.",
        endpoint,
        model,
      );
    case "model-lacks-insert":
      return vscode.l10n.t(
        "{0} cannot fill in the middle (no `insert` capability). Choose a base code model such as `qwen2.5-coder:1.5b-base` in `junction.local.completionModel`.",
        model,
      );
    case "model-is-remote":
      return vscode.l10n.t(
        "Ollama runs {0} on a remote service, so Junction does not send completions to it. Choose a model that runs on this machine.",
        model,
      );
    case "timeout":
      return vscode.l10n.t("Ollama at {0} did not answer in time. It may still be loading {1}; Junction will check again.", endpoint, model);
    default:
      return vscode.l10n.t("The local model server at {0} failed ({1}): {2}", endpoint, health.problem, wordProviderProblem(health.detail));
  }
}

/**
 * Remotes whose extension host runs on another machine than the user's own (VS Code's remote
 * extensions name them so). code-server names its window by its address: its user runs it where
 * their models are, so the usual advice stands.
 */
const REMOTE_KINDS: ReadonlySet<string> = new Set([
  "ssh-remote",
  "wsl",
  "dev-container",
  "attached-container",
  "codespaces",
  "tunnel",
  "k8s-container",
  "exec",
]);

function isLoopbackEndpoint(endpoint: string): boolean {
  try {
    return isLoopbackHost(new URL(endpoint).hostname);
  } catch {
    return false;
  }
}
