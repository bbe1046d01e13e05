import * as vscode from "vscode";
import { SETTING_KEYS, USER_ONLY_SETTINGS, parseConfig } from "../core/index.ts";
import { describeSettingProblems, wordSettingProblems } from "../words/index.ts";
import type { JunctionConfig, Logger, SettingKey } from "../core/index.ts";
import type { SettingMessage } from "../words/index.ts";

/**
 * Reads Junction's settings through the one zod schema, on activation and on every change.
 * Invalid values are reported once (log and one notification) and replaced by safe defaults.
 */
export class SettingsReader implements vscode.Disposable {
  readonly #logger: Logger;
  readonly #onDidChange = new vscode.EventEmitter<JunctionConfig>();
  readonly #subscription: vscode.Disposable;
  #current: JunctionConfig;
  readonly #lastProblems = new Map<string, string>();
  #invalidKeys = new Set<string>();

  readonly onDidChange = this.#onDidChange.event;

  constructor(logger: Logger) {
    this.#logger = logger;
    this.#current = this.#read();
    this.#subscription = vscode.workspace.onDidChangeConfiguration((event) => {
      if (!event.affectsConfiguration("junction")) return;
      this.#current = this.#read();
      this.#onDidChange.fire(this.#current);
    });
  }

  /** Whether the user's value for `junction.<key>` was invalid and replaced by its safe value. */
  isInvalid(key: SettingKey): boolean {
    return this.#invalidKeys.has(`junction.${key}`);
  }

  get current(): JunctionConfig {
    return this.#current;
  }

  /**
   * Reads again now: a command that has just written a setting must not wait for VS Code's change
   * event to act on it. Listeners hear of the change from that event, once, not from here too
   * (each would otherwise re-check the local model twice).
   */
  refresh(): JunctionConfig {
    this.#current = this.#read();
    return this.#current;
  }

  #read(): JunctionConfig {
    const section = vscode.workspace.getConfiguration("junction");
    const raw: Partial<Record<SettingKey, unknown>> = {};
    for (const key of SETTING_KEYS) {
      // Defence in depth: VS Code already ignores application/machine settings in workspace
      // files; reading only the user-level value makes that independent of the manifest.
      raw[key] = USER_ONLY_SETTINGS.has(key) ? section.inspect(key)?.globalValue : section.get(key);
    }
    const { config, problems } = parseConfig(raw);
    this.#invalidKeys = new Set(problems.map((problem) => problem.key));
    this.reportProblems("settings", wordSettingProblems(problems));
    return config;
  }

  /** Reports problems, worded, once per distinct set, per source (settings, privacy layers …). */
  reportProblems(source: string, problems: readonly SettingMessage[]): void {
    const description = describeSettingProblems(problems);
    if (description === (this.#lastProblems.get(source) ?? "")) return;
    this.#lastProblems.set(source, description);
    if (problems.length > 0) this.#report(description);
  }

  #report(description: string): void {
    this.#logger.warn(`Invalid settings, using safe defaults instead: ${description}`);
    const open = vscode.l10n.t("Open Settings");
    void vscode.window.showWarningMessage(vscode.l10n.t("Junction ignored invalid settings and uses safe defaults: {0}", description), open).then((choice) => {
      if (choice === open) void vscode.commands.executeCommand("workbench.action.openSettings", "junction");
    });
  }

  dispose(): void {
    this.#subscription.dispose();
    this.#onDidChange.dispose();
  }
}
