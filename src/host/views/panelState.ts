// What the panel is shown of the ledger, the workspace's privacy and the local model: the host's
// objects turned into the panel protocol's shapes (src/shared/protocol.ts).
import * as vscode from "vscode";
import { wordPrivacyReasons, wordServer } from "../../words/index.ts";
import type { LedgerEntry, LocalHealth, WorkspacePrivacy } from "../../core/index.ts";
import type { LocalStatus, PrivacyState, RequestRow } from "../../shared/protocol.ts";
import { describeLocalProblem } from "../models/localModelMessages.ts";

/** Only what the panel shows crosses to the webview (the entry also has provider, cost source, …). */
export function toRequestRow(entry: LedgerEntry): RequestRow {
  return {
    id: entry.id,
    time: entry.time,
    kind: entry.kind,
    target: entry.target,
    model: entry.model,
    file: entry.file,
    files: entry.files,
    inputTokens: entry.inputTokens,
    outputTokens: entry.outputTokens,
    tokensEstimated: entry.tokensEstimated,
    latencyMs: entry.latencyMs,
    usd: entry.usd,
    costSource: entry.costSource,
    ...(entry.assumedUsd > 0 ? { assumedUsd: entry.assumedUsd } : {}),
    baselineUsd: entry.baselineUsd,
    outcome: entry.outcome,
    reasons: [...entry.reasons],
  };
}

export function toPrivacyState(workspace: WorkspacePrivacy): PrivacyState {
  const folders = vscode.workspace.workspaceFolders ?? [];
  return {
    trusted: workspace.trusted,
    // The panel is sent sentences: the host words the codes, the webview only shows them.
    folders: workspace.folders.map((folder, index) => ({
      ...folder,
      reasons: wordPrivacyReasons(folder.reasons),
      uri: folders[index]?.uri.toString() ?? "",
    })),
  };
}

export function toLocalStatus(health: LocalHealth): LocalStatus {
  switch (health.state) {
    case "checking":
      return { state: "checking", endpoint: health.endpoint, model: "", summary: vscode.l10n.t("Checking the local model…"), simulated: false };
    case "ready":
      return {
        state: "ready",
        endpoint: health.endpoint,
        model: health.model,
        summary: `${wordServer(health.server)} · ${health.model}`,
        simulated: health.simulated,
      };
    case "unavailable":
      return { state: "unavailable", endpoint: health.endpoint, model: health.model, summary: describeLocalProblem(health), simulated: false };
  }
}
