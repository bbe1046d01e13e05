import * as vscode from "vscode";
import { wordPrivacyReasons, wordServer } from "../../words/index.ts";
import type { LocalHealth, PrivacyReason } from "../../core/index.ts";
import { formatUsd } from "../../shared/format.ts";
import { describeLocalProblem } from "../models/localModelMessages.ts";
import { formatTime } from "../completion/completionSwitch.ts";
import type { CompletionsState } from "../completion/completionSwitch.ts";

/** Where requests from the active file may go, for the status bar. */
export interface ActiveFileRoute {
  path: string;
  cloudAllowed: boolean;
  /** Worded when the tooltip is drawn. */
  reasons: readonly PrivacyReason[];
}

export interface StatusBarSnapshot {
  text: string;
  tooltip: string;
  accessibleLabel: string;
  /** Shown in the warning colour. */
  warning: boolean;
}

export interface StatusBarState {
  health: LocalHealth;
  busy: boolean;
  route: ActiveFileRoute | undefined;
  /** This session's cloud spend in US dollars; undefined until something was spent. */
  sessionUsd: number | undefined;
  /** The last completion failed, with what to do; cleared by the next one that works. */
  lastFailure: string | undefined;
  /** Off or snoozed: said in the item, so ghost text missing on purpose is not mistaken for a fault. */
  completions: CompletionsState;
}

/**
 * The Junction item: the active file's route (`$(shield)` local-only, `$(cloud)` cloud allowed),
 * the local model's state, the session's cloud spend; a click opens the panel.
 */
export class JunctionStatusBar implements vscode.Disposable {
  readonly #item: vscode.StatusBarItem;
  #state: StatusBarState;

  constructor(openPanelCommand: string, health: LocalHealth) {
    this.#item = vscode.window.createStatusBarItem("junction.status", vscode.StatusBarAlignment.Right, 100);
    this.#item.name = "Junction";
    this.#item.command = openPanelCommand;
    this.#state = { health, busy: false, route: undefined, sessionUsd: undefined, lastFailure: undefined, completions: { state: "on" } };
    this.#render();
    this.#item.show();
  }

  snapshot(): StatusBarSnapshot {
    const tooltip = this.#item.tooltip;
    return {
      text: this.#item.text,
      tooltip: typeof tooltip === "string" ? tooltip : (tooltip?.value ?? ""),
      accessibleLabel: this.#item.accessibilityInformation?.label ?? "",
      warning: this.#item.backgroundColor !== undefined,
    };
  }

  update(change: Partial<StatusBarState>): void {
    this.#state = { ...this.#state, ...change };
    this.#render();
  }

  #render(): void {
    const { health, busy, route, sessionUsd, lastFailure, completions } = this.#state;
    const item = this.#item;
    const tooltip = new vscode.MarkdownString(undefined, true);
    tooltip.appendMarkdown(`**Junction** — ${vscode.l10n.t("local model endpoint")} \`${health.endpoint}\`\n\n`);
    if (route) {
      const why = wordPrivacyReasons(route.reasons).join("; ");
      tooltip.appendMarkdown(
        route.cloudAllowed
          ? vscode.l10n.t("**{0}** may go to the cloud model where a request needs it: {1}.", route.path, why)
          : vscode.l10n.t("**{0}** stays on this machine: {1}.", route.path, why),
      );
      tooltip.appendMarkdown("\n\n");
    }
    const routeText = route ? ` · ${route.cloudAllowed ? vscode.l10n.t("cloud allowed") : vscode.l10n.t("local-only")}` : "";
    const costText = sessionUsd !== undefined && sessionUsd > 0 ? ` · ${formatUsd(sessionUsd)}` : "";
    const routeIcon = route?.cloudAllowed ? "$(cloud)" : "$(shield)";
    item.backgroundColor = undefined;
    switch (health.state) {
      case "checking":
        item.text = `$(loading~spin) Junction${routeText}`;
        tooltip.appendMarkdown(vscode.l10n.t("Checking the local model…"));
        break;
      case "ready":
        item.text = `${busy ? "$(loading~spin)" : routeIcon} Junction${health.simulated ? ` · ${vscode.l10n.t("simulated models")}` : ""}${routeText}${costText}`;
        if (health.simulated) {
          tooltip.appendMarkdown(
            vscode.l10n.t("Completions come from Junction's **simulated** model server (no Ollama was found). Start Ollama and reload to use a real model."),
          );
          tooltip.appendMarkdown("\n\n");
        }
        tooltip.appendMarkdown(vscode.l10n.t("Completions: {0} on {1} at {2}.", `\`${health.model}\``, wordServer(health.server), health.endpoint));
        break;
      case "unavailable":
        item.text = `$(warning) Junction: ${shortProblem(health.problem)}${costText}`;
        item.backgroundColor = new vscode.ThemeColor("statusBarItem.warningBackground");
        tooltip.appendMarkdown(describeLocalProblem(health));
        break;
    }
    if (lastFailure && health.state !== "unavailable") {
      item.text = `$(warning) Junction: ${vscode.l10n.t("completion failed")}${routeText}`;
      item.backgroundColor = new vscode.ThemeColor("statusBarItem.warningBackground");
      tooltip.appendMarkdown(`\n\n**${vscode.l10n.t("Last completion failed")}:** ${lastFailure}`);
    }
    if (completions.state === "language-off") {
      const off = vscode.l10n.t("completions off for {0}", completions.languageId);
      item.text = `$(circle-slash) ${item.text.replace(/^\$\([^)]*\) /, "")} · ${off}`;
      tooltip.appendMarkdown(
        `\n\n${vscode.l10n.t('Inline completions are off for {0} files: "[{0}]": { "junction.completion.enabled": false } in your settings. Remove it to turn them on.', completions.languageId)}`,
      );
    } else if (completions.state !== "on") {
      const paused =
        completions.state === "off" ? vscode.l10n.t("completions off") : vscode.l10n.t("completions snoozed until {0}", formatTime(completions.until));
      item.text = `$(circle-slash) ${item.text.replace(/^\$\([^)]*\) /, "")} · ${paused}`;
      tooltip.appendMarkdown(
        `\n\n${vscode.l10n.t("Inline completions are paused: {0}. Ctrl+Alt+J (Junction: Toggle Inline Completions) turns them on.", paused)}`,
      );
    }
    if (sessionUsd !== undefined) tooltip.appendMarkdown(`\n\n${vscode.l10n.t("Cloud spend this session: {0}", formatUsd(sessionUsd))}`);
    tooltip.appendMarkdown(`\n\n${vscode.l10n.t("Click to open the Junction panel.")}`);
    item.tooltip = tooltip;
    item.accessibilityInformation = {
      label: `Junction: ${lastFailure && health.state !== "unavailable" ? `completion failed — ${lastFailure}` : accessibleState(health)}`,
    };
  }

  dispose(): void {
    this.#item.dispose();
  }
}

function shortProblem(problem: Extract<LocalHealth, { state: "unavailable" }>["problem"]): string {
  switch (problem) {
    case "unreachable":
      return vscode.l10n.t("Ollama offline");
    case "model-not-found":
      return vscode.l10n.t("model missing");
    case "model-lacks-insert":
      return vscode.l10n.t("model can't fill in the middle");
    case "model-is-remote":
      return vscode.l10n.t("model is remote");
    default:
      return vscode.l10n.t("local model error");
  }
}

function accessibleState(health: LocalHealth): string {
  if (health.state === "unavailable") return describeLocalProblem(health);
  if (health.state === "ready" && health.simulated) return `ready (${vscode.l10n.t("simulated models")})`;
  return health.state;
}
