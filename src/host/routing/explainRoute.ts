import * as vscode from "vscode";
import { estimateTokens, findSecrets, route } from "../../core/index.ts";
import { wordPrivacyReasons, wordRouteAction, wordRouteReasons } from "../../words/index.ts";
import type { Decision, RequestKind, RouteFile } from "../../core/index.ts";
import { currentRouteContext } from "./routing.ts";
import type { RouteContextDeps } from "./routing.ts";
import type { WorkspacePrivacyService } from "../privacy/workspacePrivacy.ts";

export interface ExplainRouteDeps extends RouteContextDeps {
  privacy: WorkspacePrivacyService;
}

/** `Junction: Explain Route for This File` — where requests from the active file would go, and why. */
export function explainRouteCommand(deps: ExplainRouteDeps) {
  return async (): Promise<string | undefined> => {
    const document = vscode.window.activeTextEditor?.document;
    if (!document) {
      void vscode.window.showInformationMessage(vscode.l10n.t("Open a file first: Junction explains the route of the active editor's file."));
      return undefined;
    }
    const explanation = await explainRoute(deps, document);
    void vscode.window.showInformationMessage(explanation.title, { modal: true, detail: explanation.detail });
    return `${explanation.title}\n${explanation.detail}`;
  };
}

export async function explainRoute(deps: ExplainRouteDeps, document: vscode.TextDocument): Promise<{ title: string; detail: string }> {
  const filePrivacy = await deps.privacy.classifyDocument(document.uri);
  const text = document.getText();
  const file: RouteFile = {
    path: filePrivacy.path,
    role: "edited",
    cloudAllowed: filePrivacy.cloudAllowed,
    privacyReasons: filePrivacy.reasons,
    tokens: estimateTokens(text),
    secrets: findSecrets(text).length,
  };
  // A refactor is served by the refactor model, whose remoteness Ollama reports per model.
  const refactorModel = deps.local.refactorModel;
  const refactorInfo = await deps.local.provider.modelInfo(refactorModel).catch(() => undefined);
  const contexts = {
    completion: currentRouteContext(deps, filePrivacy.secretsPolicy),
    refactor: currentRouteContext(deps, filePrivacy.secretsPolicy, { model: refactorModel, remote: refactorInfo?.isRemote ?? false }),
  };
  const maxTokens = deps.settings.current["completion.maxTokens"];
  const decide = (kind: RequestKind): Decision =>
    route({ kind, files: [file], maxOutputTokens: kind === "completion" ? maxTokens : 4096 }, kind === "completion" ? contexts.completion : contexts.refactor);
  const why = wordPrivacyReasons(filePrivacy.reasons).join("; ");
  const privacyLine = filePrivacy.cloudAllowed
    ? vscode.l10n.t("Privacy: may go to the cloud model — {0}.", why)
    : vscode.l10n.t("Privacy: local-only — {0}.", why);
  const describe = (label: string, decision: Decision) =>
    `${served(label, decision)}\n  • ${wordRouteReasons(decision.reasons).join("\n  • ")}${decision.action ? `\n  → ${wordRouteAction(decision.action)}` : ""}`;
  return {
    title: filePrivacy.cloudAllowed
      ? vscode.l10n.t("Route for {0}: cloud allowed", filePrivacy.path)
      : vscode.l10n.t("Route for {0}: local-only", filePrivacy.path),
    detail: [
      privacyLine,
      describe(vscode.l10n.t("Completions"), decide("completion")),
      describe(vscode.l10n.t("Refactor of this file"), decide("refactor")),
    ].join("\n\n"),
  };
}

/** "Completions: local (model)": where one kind of request goes. */
function served(label: string, decision: Decision): string {
  switch (decision.target) {
    case "local":
      return vscode.l10n.t("{0}: local ({1})", label, decision.model ?? "");
    case "cloud":
      return vscode.l10n.t("{0}: cloud ({1})", label, decision.model ?? "");
    case "none":
      return vscode.l10n.t("{0}: not served", label);
  }
}
