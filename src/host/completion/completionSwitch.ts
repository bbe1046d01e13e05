import * as vscode from "vscode";
import type { Logger } from "../../core/index.ts";
import type { SettingsReader } from "../settings.ts";

/** How long “Snooze Inline Completions” pauses them. */
export const SNOOZE_MS = 15 * 60_000;

/**
 * Whether ghost text is offered now: the setting turns it off for good, a snooze for a while, and
 * VS Code's language scoping (`"[markdown]": { "junction.completion.enabled": false }`) for one language.
 */
export type CompletionsState = { state: "on" } | { state: "off" } | { state: "snoozed"; until: number } | { state: "language-off"; languageId: string };

/**
 * `Toggle Inline Completions` (Ctrl+Alt+J) writes `junction.completion.enabled` in user settings,
 * so the choice survives a reload; `Snooze Inline Completions for 15 Minutes` pauses them in this
 * window only and resumes by itself.
 */
export class CompletionSwitch implements vscode.Disposable {
  readonly #settings: SettingsReader;
  readonly #logger: Logger;
  readonly #onDidChange = new vscode.EventEmitter<CompletionsState>();
  readonly #subscription: vscode.Disposable;
  #snoozedUntil: number | undefined;
  #timer: ReturnType<typeof setTimeout> | undefined;

  readonly onDidChange = this.#onDidChange.event;

  constructor(settings: SettingsReader, logger: Logger) {
    this.#settings = settings;
    this.#logger = logger;
    const changed = () => this.#onDidChange.fire(this.state);
    this.#subscription = vscode.Disposable.from(
      settings.onDidChange(changed),
      // The status bar speaks of the active file: its language may be off where another's is on.
      vscode.window.onDidChangeActiveTextEditor(changed),
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (event.affectsConfiguration("junction.completion.enabled")) changed();
      }),
    );
  }

  /** For the active editor's document (the status bar's subject). */
  get state(): CompletionsState {
    return this.stateFor(vscode.window.activeTextEditor?.document);
  }

  stateFor(document: vscode.TextDocument | undefined): CompletionsState {
    if (!this.#settings.current["completion.enabled"]) return { state: "off" };
    if (this.#snoozedUntil !== undefined) return { state: "snoozed", until: this.#snoozedUntil };
    if (document && !languageEnabled(document)) return { state: "language-off", languageId: document.languageId };
    return { state: "on" };
  }

  /** True while completions must not be requested for `document`. */
  paused(document?: vscode.TextDocument): boolean {
    return this.stateFor(document).state !== "on";
  }

  async toggle(): Promise<CompletionsState> {
    // A snoozed user who presses the toggle wants completions back, not switched off for good.
    if (this.#snoozedUntil !== undefined && this.#settings.current["completion.enabled"]) {
      this.#resume();
      return this.state;
    }
    const enable = !this.#settings.current["completion.enabled"];
    await vscode.workspace.getConfiguration("junction").update("completion.enabled", enable, vscode.ConfigurationTarget.Global);
    this.#logger.info(`Inline completions turned ${enable ? "on" : "off"}`);
    return this.state;
  }

  snooze(now = Date.now()): CompletionsState {
    this.#clearTimer();
    this.#snoozedUntil = now + SNOOZE_MS;
    this.#timer = setTimeout(() => this.#resume(), SNOOZE_MS);
    this.#logger.info(`Inline completions snoozed until ${new Date(this.#snoozedUntil).toISOString()}`);
    this.#onDidChange.fire(this.state);
    return this.state;
  }

  #resume(): void {
    this.#clearTimer();
    this.#snoozedUntil = undefined;
    this.#logger.info("Inline completions resumed");
    this.#onDidChange.fire(this.state);
  }

  #clearTimer(): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  dispose(): void {
    this.#clearTimer();
    this.#subscription.dispose();
    this.#onDidChange.dispose();
  }
}

/** `"[lang]": { "junction.completion.enabled": false }` at any settings level, resolved by VS Code for the document. */
function languageEnabled(document: vscode.TextDocument): boolean {
  return (
    vscode.workspace.getConfiguration("junction", { uri: document.uri, languageId: document.languageId }).get<boolean>("completion.enabled", true) !== false
  );
}

/** The toggle command: flips, and says so briefly in the status bar rather than a toast. */
export function toggleInlineCompletionsCommand(completions: CompletionSwitch) {
  return async (): Promise<CompletionsState> => {
    const state = await completions.toggle();
    vscode.window.setStatusBarMessage(
      state.state === "on" ? vscode.l10n.t("Junction: inline completions on") : vscode.l10n.t("Junction: inline completions off (Ctrl+Alt+J turns them on)"),
      4_000,
    );
    return state;
  };
}

export function snoozeInlineCompletionsCommand(completions: CompletionSwitch) {
  return (): CompletionsState => {
    const state = completions.snooze();
    if (state.state === "snoozed") {
      vscode.window.setStatusBarMessage(vscode.l10n.t("Junction: inline completions snoozed until {0}", formatTime(state.until)), 4_000);
    }
    return state;
  };
}

export function formatTime(epochMs: number): string {
  return new Date(epochMs).toLocaleTimeString(vscode.env.language, { hour: "2-digit", minute: "2-digit" });
}
