import { isDeepStrictEqual } from "node:util";
import * as vscode from "vscode";
import {
  ModelResidency,
  OllamaProvider,
  OpenAiLocalProvider,
  checkLocalHealth,
  endpointTrust,
  englishProblem,
  guardRemoteLocalSide,
  healthAfterFailure,
} from "../../core/index.ts";
import { wordEndpointReason, wordServer } from "../../words/index.ts";
import type { EndpointTrust, InspectBody, JunctionConfig, LocalHealth, LocalModelProvider, Logger } from "../../core/index.ts";
import type { SettingsReader } from "../settings.ts";

/** While the local model is unavailable, look again this often (and on demand). */
const RECHECK_INTERVAL_MS = 15_000;

/**
 * Owns the local provider and what is known about its health. Failures change the status bar
 * and are logged once per change of state: never a notification per keystroke.
 */
export class LocalModelMonitor implements vscode.Disposable {
  readonly #settings: SettingsReader;
  readonly #logger: Logger;
  readonly #onDidChange = new vscode.EventEmitter<LocalHealth>();
  readonly #disposables: vscode.Disposable[] = [];
  #provider: LocalModelProvider;
  #providerKey: string;
  #trust: EndpointTrust;
  #health: LocalHealth;
  #checking: Promise<LocalHealth> | undefined;
  #timer: ReturnType<typeof setInterval> | undefined;

  readonly onDidChange = this.#onDidChange.event;

  readonly #inspectEgress: InspectBody;

  /** `inspectEgress`: the egress guard, applied to what would reach a server or model that is not private. */
  constructor(settings: SettingsReader, logger: Logger, inspectEgress: InspectBody) {
    this.#settings = settings;
    this.#logger = logger;
    this.#inspectEgress = guardRemoteLocalSide(inspectEgress, () => this.#trust.private);
    this.#providerKey = providerKey(settings.current);
    this.#provider = this.#createProvider(settings.current);
    this.#trust = this.#judgeTrust(settings.current);
    this.#health = { state: "checking", endpoint: this.#provider.endpoint };
    this.#disposables.push(
      this.#onDidChange,
      settings.onDidChange((config) => this.#onSettingsChanged(config)),
    );
  }

  get provider(): LocalModelProvider {
    return this.#provider;
  }

  /** Whether private code may go to this server: loopback, or listed in junction.privacy.trustedEndpoints. */
  get trust(): EndpointTrust {
    return this.#trust;
  }

  get health(): LocalHealth {
    return this.#health;
  }

  get refactorModel(): string {
    return this.#settings.current["local.refactorModel"];
  }

  get completionModel(): string {
    return this.#settings.current["local.completionModel"];
  }

  /** Checks now; concurrent callers share one check. */
  check(): Promise<LocalHealth> {
    const endpoint = this.#provider.endpoint;
    const model = this.completionModel;
    this.#checking ??= checkLocalHealth(this.#provider, model)
      .catch((error: unknown): LocalHealth => {
        // Not a provider failure: a defect. Report it rather than leave a rejected promise.
        this.#logger.error(`Checking the local model failed unexpectedly: ${error instanceof Error ? error.stack : String(error)}`);
        return { state: "unavailable", endpoint, model, problem: "bad-response", detail: { code: "worded", text: String(error) } };
      })
      .then((health) => {
        this.#setHealth(health);
        return health;
      })
      .finally(() => {
        this.#checking = undefined;
      });
    return this.#checking;
  }

  /** A completion failed: the failure may say the server or model is gone. */
  reportFailure(error: unknown): void {
    const health = healthAfterFailure(error, this.#provider.endpoint, this.completionModel);
    if (health) this.#setHealth(health);
  }

  #onSettingsChanged(config: JunctionConfig): void {
    const key = providerKey(config);
    if (key !== this.#providerKey) {
      this.#providerKey = key;
      this.#provider = this.#createProvider(config);
    }
    this.#trust = this.#judgeTrust(config);
    this.#setHealth({ state: "checking", endpoint: this.#provider.endpoint });
    void this.check();
  }

  #createProvider(config: JunctionConfig): LocalModelProvider {
    const endpoint = config["local.endpoint"];
    const contextTokens = config["local.contextTokens"];
    const inspectEgress = this.#inspectEgress;
    if (config["local.provider"] === "openai-compatible")
      return new OpenAiLocalProvider({ endpoint, timeoutMs: config["local.timeoutSeconds"] * 1000, contextTokens, inspectEgress });
    const residency = new ModelResidency(() => Date.now());
    const provider: OllamaProvider = new OllamaProvider({
      endpoint,
      contextTokens,
      inspectEgress,
      onGeneration: ({ model, loadMs }) => {
        const candidates = residency.afterGeneration(model, loadMs);
        if (candidates.length === 0) return;
        void provider
          .loadedModels(AbortSignal.timeout(5_000))
          .then((loaded) => {
            const gone = residency.evicted(
              candidates,
              loaded.map((entry) => entry.name),
            );
            if (gone.length > 0) this.#reportOneModelSlot(model, gone);
          })
          .catch((error: unknown) => this.#logger.debug(`Could not ask Ollama which models are loaded: ${String(error)}`));
      },
    });
    return provider;
  }

  /** Ollama dropped one of Junction's models to load the other: said once, with the two ways out. */
  #reportOneModelSlot(loaded: string, gone: readonly string[]): void {
    const message = vscode.l10n.t(
      "Ollama unloaded {0} to load {1}, so every switch between completions and refactors reloads a model. Let Ollama keep both (set OLLAMA_MAX_LOADED_MODELS=2 where Ollama runs, if memory allows), or use one model for both roles (junction.local.completionModel and junction.local.refactorModel).",
      gone.join(", "),
      loaded,
    );
    this.#logger.warn(message);
    void vscode.window.showWarningMessage(`Junction: ${message}`);
  }

  #judgeTrust(config: JunctionConfig): EndpointTrust {
    const trust = endpointTrust(config["local.endpoint"], config["privacy.trustedEndpoints"]);
    // Said once per reason: the codes are compared, so a settings change that keeps it says nothing.
    if (!trust.private && !isDeepStrictEqual(trust.reason, this.#trust?.reason))
      this.#logger.warn(`Private code stays off the local server: ${wordEndpointReason(trust.reason)}`);
    return trust;
  }

  #setHealth(health: LocalHealth): void {
    const previous = this.#health;
    this.#health = health;
    if (describe(previous) !== describe(health)) this.#log(health);
    this.#scheduleRecheck(health.state === "unavailable");
    this.#onDidChange.fire(health);
  }

  #log(health: LocalHealth): void {
    if (health.state === "ready") {
      const simulated = health.simulated ? " (Junction's simulated model server)" : "";
      this.#logger.info(`Local model ready: ${wordServer(health.server)} at ${health.endpoint}${simulated}, completion model ${health.model}`);
    } else if (health.state === "unavailable") {
      this.#logger.warn(`Local model unavailable (${health.problem}) at ${health.endpoint}, model ${health.model}: ${englishProblem(health.detail)}`);
    }
  }

  #scheduleRecheck(needed: boolean): void {
    if (needed && !this.#timer) {
      this.#timer = setInterval(() => void this.check(), RECHECK_INTERVAL_MS);
    } else if (!needed && this.#timer) {
      clearInterval(this.#timer);
      this.#timer = undefined;
    }
  }

  dispose(): void {
    this.#scheduleRecheck(false);
    for (const disposable of this.#disposables) disposable.dispose();
  }
}

/** What the provider object depends on: a change of any of these needs a new one (and, for the context, a new window). */
function providerKey(config: JunctionConfig): string {
  return JSON.stringify([config["local.provider"], config["local.endpoint"], config["local.timeoutSeconds"], config["local.contextTokens"]]);
}

function describe(health: LocalHealth): string {
  return health.state === "unavailable" ? `${health.state}:${health.problem}:${health.endpoint}` : `${health.state}:${health.endpoint}`;
}
