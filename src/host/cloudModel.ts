import * as vscode from "vscode";
import { OpenAiCompatibleProvider, ProviderError, priceFor } from "../core/index.ts";
import type { InspectBody, Logger, ModelPrice } from "../core/index.ts";
import type { SettingsReader } from "./settings.ts";

const API_KEY_SECRET = "junction.cloud.apiKey";
/** After a failure that says the cloud cannot serve (down, key refused, rate limit), rest it this long. */
const FAILURE_COOL_DOWN_MS = 60_000;
const CLOUD_MAX_RETRIES = 2;

export interface CloudStatus {
  configured: boolean;
  available: boolean;
  problem: string | undefined;
  model: string;
  endpoint: string;
  price: ModelPrice | undefined;
}

/**
 * The cloud side: an OpenAI-compatible endpoint and model from user settings, and the API key,
 * which lives only in SecretStorage — never in settings, never in the log.
 */
export class CloudModel implements vscode.Disposable {
  readonly #settings: SettingsReader;
  readonly #secrets: vscode.SecretStorage;
  readonly #logger: Logger;
  readonly #disposables: vscode.Disposable[] = [];
  #apiKey: string | undefined;
  #provider: { provider: OpenAiCompatibleProvider; endpoint: string; apiKey: string; timeoutMs: number } | undefined;
  #lastFailure: { at: number; message: string } | undefined;
  readonly #inspectEgress: InspectBody;

  /** `inspectEgress`: the egress guard, which sees every body sent to the cloud and may refuse it. */
  constructor(settings: SettingsReader, secrets: vscode.SecretStorage, logger: Logger, inspectEgress: InspectBody) {
    this.#inspectEgress = inspectEgress;
    this.#settings = settings;
    this.#secrets = secrets;
    this.#logger = logger;
    this.#disposables.push(
      secrets.onDidChange((event) => {
        if (event.key === API_KEY_SECRET) void this.loadKey();
      }),
      settings.onDidChange(() => {
        this.#lastFailure = undefined;
      }),
    );
  }

  async loadKey(): Promise<void> {
    this.#apiKey = (await this.#secrets.get(API_KEY_SECRET)) || undefined;
    this.#lastFailure = undefined;
  }

  async setKey(key: string): Promise<void> {
    await this.#secrets.store(API_KEY_SECRET, key.trim());
    await this.loadKey();
    this.#logger.info("Cloud API key stored in VS Code's secret storage");
  }

  async clearKey(): Promise<void> {
    await this.#secrets.delete(API_KEY_SECRET);
    await this.loadKey();
    this.#logger.info("Cloud API key removed from VS Code's secret storage");
  }

  get hasKey(): boolean {
    return this.#apiKey !== undefined;
  }

  status(now = Date.now()): CloudStatus {
    const config = this.#settings.current;
    const model = config["cloud.model"];
    const endpoint = config["cloud.endpoint"];
    const recentFailure = this.#lastFailure && now - this.#lastFailure.at < FAILURE_COOL_DOWN_MS ? this.#lastFailure : undefined;
    // A mistyped endpoint falls back to the default one: code and the key must not go there.
    const misconfigured = this.#settings.isInvalid("cloud.endpoint") || this.#settings.isInvalid("cloud.model");
    const configured = this.#apiKey !== undefined && !misconfigured;
    return {
      configured,
      available: configured && !recentFailure,
      problem: misconfigured
        ? vscode.l10n.t("junction.cloud.endpoint or junction.cloud.model is invalid, so the cloud is off until it is fixed")
        : this.#apiKey === undefined
          ? vscode.l10n.t("no cloud API key is set (run “Junction: Set Cloud API Key”)")
          : recentFailure?.message,
      model,
      endpoint,
      price: priceFor(model, config["pricing.models"]),
    };
  }

  /** The provider for the current endpoint and key; undefined without a key. */
  provider(): OpenAiCompatibleProvider | undefined {
    const endpoint = this.#settings.current["cloud.endpoint"];
    const apiKey = this.#apiKey;
    if (!apiKey || !this.status().configured) return undefined;
    const timeoutMs = this.#settings.current["cloud.timeoutSeconds"] * 1000;
    if (this.#provider?.endpoint !== endpoint || this.#provider.apiKey !== apiKey || this.#provider.timeoutMs !== timeoutMs) {
      this.#provider = {
        endpoint,
        apiKey,
        timeoutMs,
        provider: new OpenAiCompatibleProvider({ endpoint, apiKey, side: "cloud", timeoutMs, maxRetries: CLOUD_MAX_RETRIES, inspectEgress: this.#inspectEgress }),
      };
    }
    return this.#provider.provider;
  }

  /** A failed cloud request: some failures mean "do not route here for a while". */
  reportFailure(error: unknown): void {
    if (!ProviderError.is(error) || !["unreachable", "unauthorized", "rate-limited", "server-error", "timeout"].includes(error.kind)) return;
    const endpoint = this.#settings.current["cloud.endpoint"];
    const message =
      error.kind === "unauthorized"
        ? vscode.l10n.t("the cloud endpoint {0} refused the API key (run “Junction: Set Cloud API Key”)", endpoint)
        : error.kind === "rate-limited"
          ? vscode.l10n.t("the cloud endpoint {0} is rate-limiting requests", endpoint)
          : vscode.l10n.t("the cloud endpoint {0} failed ({1})", endpoint, error.kind);
    this.#lastFailure = { at: Date.now(), message };
    this.#logger.warn(`Cloud model unavailable for ${FAILURE_COOL_DOWN_MS / 1000} s: ${message}`);
  }

  dispose(): void {
    for (const disposable of this.#disposables) disposable.dispose();
  }
}

/**
 * `Junction: Set Cloud API Key` — asks for the key in a password box. Scripts and other
 * extensions may pass the key as the argument instead.
 */
export function setCloudApiKeyCommand(cloud: CloudModel) {
  return async (given?: unknown): Promise<void> => {
    if (typeof given === "string" && given.trim() !== "") {
      await cloud.setKey(given);
      return;
    }
    const key = await vscode.window.showInputBox({
      title: vscode.l10n.t("Junction: Set Cloud API Key"),
      prompt: vscode.l10n.t("The key for the OpenAI-compatible cloud endpoint. It is kept in VS Code's secret storage and sent only to that endpoint."),
      password: true,
      ignoreFocusOut: true,
      validateInput: (value) => (value.trim() === "" ? vscode.l10n.t("Enter a key, or press Escape to cancel.") : undefined),
    });
    if (key === undefined) return;
    await cloud.setKey(key);
    void vscode.window.showInformationMessage(vscode.l10n.t("Junction: cloud API key saved in secret storage."));
  };
}

/** `Junction: Clear Cloud API Key`. */
export function clearCloudApiKeyCommand(cloud: CloudModel) {
  return async (): Promise<void> => {
    await cloud.clearKey();
    void vscode.window.showInformationMessage(vscode.l10n.t("Junction: cloud API key removed. Nothing will be sent to the cloud until a key is set again."));
  };
}
