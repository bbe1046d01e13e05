import * as vscode from "vscode";
import {
  FALLBACK_PRICE,
  OpenAiCompatibleProvider,
  PRICE_CATALOG_DATE,
  PRICE_CATALOG_SOURCE,
  ParameterMemory,
  ProviderError,
  SIMULATED_OWNER,
  isLoopbackHost,
  priceFor,
} from "../../core/index.ts";
import type { CloudModelProvider, CostLedger, EndpointPrices, InspectBody, ListedModel, Logger, PriceQuote } from "../../core/index.ts";
import type { PricingInfo } from "../../shared/protocol.ts";
import type { SettingsReader } from "../settings.ts";

const API_KEY_SECRET = "junction.cloud.apiKey";
/** After a failure that says the cloud cannot serve (down, key refused, rate limit), rest it this long. */
const FAILURE_COOL_DOWN_MS = 60_000;
const CLOUD_MAX_RETRIES = 2;
const LISTING_TIMEOUT_MS = 10_000;
const SIMULATED_PROBE_TIMEOUT_MS = 2_000;
/** What Junction's own simulated cloud receives instead of a key: it needs none, and no real key exists. */
const SIMULATED_CLOUD_KEY = "junction-simulated-cloud-no-key";

export interface CloudStatus {
  configured: boolean;
  available: boolean;
  problem: string | undefined;
  model: string;
  endpoint: string;
  /** Undefined when no source prices the model: the router then budgets FALLBACK_PRICE. */
  price: PriceQuote | undefined;
  /** The endpoint is Junction's simulated cloud (the demo): no real model, no key. */
  simulated: boolean;
}

/**
 * The cloud side: an OpenAI-compatible endpoint and model from user settings, and the API key,
 * which lives only in SecretStorage — never in settings, never in the log. It also keeps what the
 * endpoint lists (OpenRouter's prices and context sizes) and what it rejected per model.
 */
export class CloudModel implements vscode.Disposable {
  readonly #settings: SettingsReader;
  readonly #secrets: vscode.SecretStorage;
  readonly #logger: Logger;
  readonly #disposables: vscode.Disposable[] = [];
  /** Shared by every provider of this window, so a rejected parameter is learned once per endpoint and model. */
  readonly #parameters = new ParameterMemory();
  #apiKey: string | undefined;
  #simulated = false;
  #provider: { provider: OpenAiCompatibleProvider; endpoint: string; apiKey: string; timeoutMs: number } | undefined;
  #lastFailure: { at: number; message: string } | undefined;
  readonly #inspectEgress: InspectBody;
  #listing: { endpoint: string; models: ListedModel[]; prices: EndpointPrices | undefined } | undefined;
  /** The endpoint the key and the simulated-cloud check were last loaded for. */
  #loadedFor: string | undefined;

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
        if (this.#loadedFor !== this.#settings.current["cloud.endpoint"]) void this.loadKey();
      }),
    );
  }

  async loadKey(): Promise<void> {
    this.#loadedFor = this.#settings.current["cloud.endpoint"];
    this.#apiKey = (await this.#secrets.get(API_KEY_SECRET)) || undefined;
    this.#lastFailure = undefined;
    this.#listing = undefined;
    this.#simulated = await this.#isSimulatedCloud();
    if (this.#simulated)
      this.#logger.info(`The cloud endpoint ${this.#settings.current["cloud.endpoint"]} is Junction's SIMULATED cloud: no real model, no key`);
    if (this.status().configured) void this.refreshListing().catch(() => undefined);
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
    const configured = (this.#apiKey !== undefined || this.#simulated) && !misconfigured;
    return {
      configured,
      available: configured && !recentFailure,
      problem: misconfigured
        ? vscode.l10n.t("junction.cloud.endpoint or junction.cloud.model is invalid, so the cloud is off until it is fixed")
        : !configured
          ? vscode.l10n.t("no cloud API key is set (run “Junction: Set Cloud API Key”)")
          : recentFailure?.message,
      model,
      endpoint,
      price: this.priceOf(model),
      simulated: this.#simulated,
    };
  }

  /** The price of a cloud model: the user's override, else what the endpoint lists, else the catalog. */
  priceOf(model: string): PriceQuote | undefined {
    const config = this.#settings.current;
    const endpoint = config["cloud.endpoint"];
    const prices = this.#listing?.endpoint === endpoint ? this.#listing.prices : undefined;
    return priceFor(model, { overrides: config["pricing.models"], endpoint, ...(prices ? { endpointPrices: prices } : {}) });
  }

  /** What the panel shows of prices: the catalog and its date, the cloud model's price and where it comes from. */
  pricingInfo(): PricingInfo {
    const model = this.#settings.current["cloud.model"];
    const price = model.trim() === "" ? undefined : this.priceOf(model);
    return {
      source: PRICE_CATALOG_SOURCE,
      date: PRICE_CATALOG_DATE,
      cloudModel: model,
      cloudPrice: price ? { ...price.rates, source: price.source, date: price.date ?? null, tiered: price.tiered } : null,
      fallback: { ...FALLBACK_PRICE },
      cloudSimulated: this.#simulated,
    };
  }

  /** What the endpoint serves, with its own facts; kept for this endpoint until the settings or key change. */
  async refreshListing(signal: AbortSignal = AbortSignal.timeout(LISTING_TIMEOUT_MS)): Promise<ListedModel[]> {
    const provider = this.provider();
    if (!provider) return [];
    const models = await provider.listModelDetails(signal);
    const priced = models.flatMap((listed) =>
      listed.price ? [[listed.id, { ...listed.price, ...(listed.contextTokens ? { contextTokens: listed.contextTokens } : {}) }] as const] : [],
    );
    const prices = priced.length > 0 ? { date: new Date().toISOString().slice(0, 10), prices: new Map(priced) } : undefined;
    this.#listing = { endpoint: provider.endpoint, models, prices };
    if (prices) this.#logger.info(`${provider.endpoint} lists its own prices for ${priced.length} of ${models.length} models; Junction uses them`);
    return models;
  }

  /** The provider for the current endpoint and key; undefined without a key. */
  provider(): CloudModelProvider | undefined {
    const endpoint = this.#settings.current["cloud.endpoint"];
    // Junction's simulated cloud never receives a real key, even one the user stored.
    const apiKey = this.#simulated ? SIMULATED_CLOUD_KEY : this.#apiKey;
    if (!apiKey || !this.status().configured) return undefined;
    const timeoutMs = this.#settings.current["cloud.timeoutSeconds"] * 1000;
    if (this.#provider?.endpoint !== endpoint || this.#provider.apiKey !== apiKey || this.#provider.timeoutMs !== timeoutMs) {
      this.#provider = {
        endpoint,
        apiKey,
        timeoutMs,
        provider: new OpenAiCompatibleProvider({
          endpoint,
          apiKey,
          side: "cloud",
          timeoutMs,
          maxRetries: CLOUD_MAX_RETRIES,
          parameters: this.#parameters,
          logger: this.#logger,
          inspectEgress: this.#inspectEgress,
        }),
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
        ? error.status === 403
          ? vscode.l10n.t(
              "the cloud endpoint {0} refused access to {1} with this key (check the key's project and model permissions)",
              endpoint,
              this.#settings.current["cloud.model"],
            )
          : vscode.l10n.t("the cloud endpoint {0} refused the API key (run “Junction: Set Cloud API Key”)", endpoint)
        : error.kind === "rate-limited"
          ? error.code === "insufficient_quota"
            ? vscode.l10n.t("the cloud account at {0} has no quota left (add credits or raise its spend limit)", endpoint)
            : vscode.l10n.t("the cloud endpoint {0} is rate-limiting requests", endpoint)
          : vscode.l10n.t("the cloud endpoint {0} failed ({1})", endpoint, error.kind);
    this.#lastFailure = { at: Date.now(), message };
    this.#logger.warn(`Cloud model unavailable for ${FAILURE_COOL_DOWN_MS / 1000} s: ${message}`);
  }

  /**
   * Once per model and window: a cloud request whose price nobody knows was sent. Its cost shows
   * as unknown and the budget counts it at FALLBACK_PRICE; the notice offers to set the price.
   */
  noticeUnknownPrices(ledger: CostLedger): vscode.Disposable {
    const noticed = new Set<string>();
    return ledger.onDidChange((change) => {
      if (change.type !== "recorded" || change.entry.target !== "cloud" || change.entry.costSource !== "unknown-price" || noticed.has(change.entry.model))
        return;
      if (change.entry.outcome === "failed" || change.entry.outcome === "refused") return;
      noticed.add(change.entry.model);
      const setPrice = vscode.l10n.t("Set Price");
      const message = vscode.l10n.t(
        "Junction: no price is known for {0}, so its cost shows as unknown and the budget counts it at a conservative ${1} in / ${2} out per million tokens. Set its real price to see what it costs.",
        change.entry.model,
        String(FALLBACK_PRICE.inputUsdPerMTok),
        String(FALLBACK_PRICE.outputUsdPerMTok),
      );
      void vscode.window.showWarningMessage(message, setPrice).then((answer) => {
        if (answer === setPrice) void vscode.commands.executeCommand("workbench.action.openSettings", "junction.pricing.models");
      });
    });
  }

  dispose(): void {
    for (const disposable of this.#disposables) disposable.dispose();
  }

  /**
   * Junction's simulated cloud (the demo's `npm start`) runs on this machine and lists its models as
   * simulated. Only a loopback endpoint is asked, with no credentials at all, so no key is ever sent to it.
   */
  async #isSimulatedCloud(): Promise<boolean> {
    const endpoint = this.#settings.current["cloud.endpoint"];
    let url: URL;
    try {
      url = new URL(`${endpoint.replace(/\/+$/, "")}/models`);
    } catch {
      return false;
    }
    if (!isLoopbackHost(url.hostname)) return false;
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(SIMULATED_PROBE_TIMEOUT_MS), redirect: "error" });
      if (!response.ok) return false;
      const listing = (await response.json()) as { data?: Array<{ owned_by?: unknown }> };
      return Array.isArray(listing.data) && listing.data.length > 0 && listing.data.every((model) => model.owned_by === SIMULATED_OWNER);
    } catch {
      return false;
    }
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
