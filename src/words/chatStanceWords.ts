// The words for what VS Code's chat shows of "Junction (routed)" (chatStance.ts's detail, tooltip
// and Agent-mode concerns), through l10n: the one place they become text, for the model picker and
// the log. Without a bundle (the unit tests) l10n.t gives the English; each switch is exhaustive,
// so a new code without words does not compile.
import * as l10n from "@vscode/l10n";
import { AGENT_MIN_CONTEXT_TOKENS } from "../core/chat/chatStance.ts";
import type { AgentConcern, LocalWhy, StanceDetail, StanceTooltip } from "../core/chat/chatStance.ts";

export function wordStanceDetail(detail: StanceDetail): string {
  if (detail.code === "cloud")
    return detail.secretsPolicy === "redact" ? l10n.t("cloud allowed — secrets redacted") : l10n.t("cloud allowed — secrets stay local");
  const why = wordLocalWhy(detail.why);
  return detail.available ? l10n.t("local — {0}", why) : l10n.t("local, unavailable — {0}", why);
}

function wordLocalWhy(why: LocalWhy): string {
  switch (why) {
    case "untrusted-workspace":
      return l10n.t("untrusted workspace");
    case "private-workspace":
      return l10n.t("private workspace");
    case "no-cloud-model":
      return l10n.t("no cloud model set up");
  }
}

/** Sentences joined by a space: where requests go, what stays local, and whether Agent mode is served. */
export function wordStanceTooltip(tooltip: StanceTooltip): string {
  if (tooltip.code === "cloud") {
    return [
      l10n.t(
        "Each request goes to {0} on this machine, or to {1} when it is too long or too hard for it; the reasons are in Junction's panel.",
        tooltip.localModel,
        tooltip.cloudModel,
      ),
      tooltip.secretsPolicy === "redact"
        ? l10n.t("What goes to the cloud has its secrets replaced by placeholders; a request that names or holds a local-only file stays on this machine.")
        : l10n.t("A request that holds a secret, or names or holds a local-only file, stays on this machine."),
      ...(tooltip.privateFolders ? [l10n.t("Files of the private folders keep a request local.")] : []),
    ].join(" ");
  }
  return [
    l10n.t("Every request goes to {0} on this machine ({1}-token window).", tooltip.localModel, tooltip.window),
    ...(tooltip.available ? [] : [tooltip.problem ?? l10n.t("The local model is unavailable.")]),
    tooltip.agentConcerns.length === 0
      ? l10n.t("It can call tools, so it serves Agent mode.")
      : l10n.t("Ask mode only: {0}", wordAgentConcerns(tooltip.agentConcerns, tooltip.localModel, tooltip.window).join(" ")),
  ].join(" ");
}

/** One sentence per concern, each with what to do. */
export function wordAgentConcerns(concerns: readonly AgentConcern[], model: string, window: number): string[] {
  return concerns.map((concern) => {
    switch (concern) {
      case "no-tools":
        return l10n.t(
          "{0} cannot call tools; choose a model whose capabilities include tools (such as qwen2.5-coder:7b-instruct or qwen3) in junction.local.refactorModel.",
          model,
        );
      case "tools-unknown":
        return l10n.t("the server does not say whether {0} can call tools, so Junction does not offer it for Agent mode.", model);
      case "small-window":
        return l10n.t(
          "Agent mode needs a window of at least {0} tokens and {1} gets {2}; set junction.local.contextTokens to {0} or more, if the model was trained on that much.",
          AGENT_MIN_CONTEXT_TOKENS,
          model,
          window,
        );
      case "remote":
        return l10n.t("{0} does not run on this machine.", model);
    }
  });
}
