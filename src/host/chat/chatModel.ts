import * as vscode from "vscode";
import { ProviderError, answerChat, countTokens, countTurnTokens, parseChatOptions } from "../../core/index.ts";
import { wordRefusal, wordStanceDetail, wordStanceTooltip } from "../../words/index.ts";
import type { ChatFacts } from "../../core/index.ts";
import { describeProviderFailure } from "../models/failureMessages.ts";
import type { ModelServices } from "../routing/routing.ts";
import { toChatTools, toChatTurns, toResponsePart } from "./chatParts.ts";
import { chatServices, currentChatFacts } from "./chatServices.ts";
import type { HostChatFacts } from "./chatServices.ts";

/** The vendor of `contributes.languageModelChatProviders` in package.json. */
export const CHAT_VENDOR = "junction";
export const CHAT_MODEL_ID = "routed";
const API_KEY_SECRET = "junction.cloud.apiKey";
/** How long a changed key may take to reach the cloud side before the picker is told anyway. */
const KEY_SETTLE_MS = 5_000;
const KEY_SETTLE_STEP_MS = 100;
/** Waits before reading the model's facts again after a transient failure; then it waits for an event. */
const REREAD_DELAYS_MS = [1_000, 3_000, 10_000, 30_000];

export interface ChatModelDeps extends ModelServices {
  secrets: vscode.SecretStorage;
  version: string;
}

/**
 * "Junction (routed)" in VS Code's chat model picker and for every extension that calls
 * `vscode.lm.selectChatModels`. Requests go through the core's chat pipeline (src/core/chat);
 * this class only turns VS Code's messages, cancellation and errors into the core's terms, and
 * tells VS Code when what the picker shows changes: the privacy stance, the models, their health.
 */
export class JunctionChatModel implements vscode.LanguageModelChatProvider, vscode.Disposable {
  readonly #deps: ChatModelDeps;
  readonly #changed = new vscode.EventEmitter<void>();
  readonly #disposables: vscode.Disposable[];
  #shown: string | undefined;
  #reread: ReturnType<typeof setTimeout> | undefined;
  #rereads = 0;
  #disposed = false;

  readonly onDidChangeLanguageModelChatInformation = this.#changed.event;

  constructor(deps: ChatModelDeps) {
    this.#deps = deps;
    const refresh = () => void this.refresh();
    this.#disposables = [
      this.#changed,
      deps.privacy.onDidChange(refresh),
      deps.settings.onDidChange(refresh),
      deps.local.onDidChange(refresh),
      vscode.workspace.onDidGrantWorkspaceTrust(refresh),
      deps.secrets.onDidChange((event) => {
        if (event.key === API_KEY_SECRET) void this.#afterKeyChange();
      }),
    ];
  }

  /** Looks again; tells VS Code when anything the picker shows changed. */
  async refresh(): Promise<vscode.LanguageModelChatInformation> {
    const facts = await this.#facts();
    this.#rereadIf(facts.transientFailure);
    const info = this.#information(facts);
    const shown = JSON.stringify(info);
    const before = this.#shown;
    this.#shown = shown;
    if (before !== undefined && before !== shown) {
      this.#deps.logger.info(`Chat model: ${info.detail ?? ""} (up to ${info.maxInputTokens} input tokens${info.capabilities.toolCalling ? ", tools" : ""})`);
      this.#changed.fire();
    }
    return info;
  }

  async provideLanguageModelChatInformation(): Promise<vscode.LanguageModelChatInformation[]> {
    return [await this.refresh()];
  }

  async provideLanguageModelChatResponse(
    _model: vscode.LanguageModelChatInformation,
    messages: readonly vscode.LanguageModelChatRequestMessage[],
    options: vscode.ProvideLanguageModelChatResponseOptions,
    progress: vscode.Progress<vscode.LanguageModelResponsePart>,
    token: vscode.CancellationToken,
  ): Promise<void> {
    const { logger } = this.#deps;
    const parsed = parseChatOptions(options.modelOptions);
    if (parsed.ignored.length > 0) logger.debug(`Chat request: model options not forwarded: ${parsed.ignored.join(", ")}`);
    // The core speaks AbortSignal: cancelling the chat aborts the HTTP stream.
    const abort = new AbortController();
    const cancelled = token.onCancellationRequested(() => abort.abort());
    if (token.isCancellationRequested) abort.abort();
    try {
      const outcome = await answerChat(
        chatServices(this.#deps, () => this.#facts()),
        {
          turns: toChatTurns(messages, logger),
          tools: toChatTools(options.tools),
          toolMode: options.toolMode === vscode.LanguageModelChatToolMode.Required ? "required" : "auto",
          options: parsed.options,
          signal: abort.signal,
          emit: (event) => progress.report(toResponsePart(event)),
        },
      );
      switch (outcome.status) {
        case "answered":
        case "cancelled":
          return;
        case "refused": {
          const message = wordRefusal(outcome.decision);
          logger.info(`Chat request not sent: ${message}`);
          throw vscode.LanguageModelError.Blocked(`Junction: ${message}`);
        }
        case "failed":
          throw toLanguageModelError(outcome.error, outcome.decision.model, logger);
      }
    } finally {
      cancelled.dispose();
    }
  }

  provideTokenCount(_model: vscode.LanguageModelChatInformation, text: string | vscode.LanguageModelChatRequestMessage): Promise<number> {
    // Local and cheap: chat calls this thousands of times a turn, and nothing leaves the machine.
    if (typeof text === "string") return Promise.resolve(countTokens(text));
    const [turn] = toChatTurns([text]);
    return Promise.resolve(turn ? countTurnTokens(turn) : 0);
  }

  /**
   * VS Code keeps what the picker was told until the provider says it changed, so a model whose
   * facts could not be read (a busy machine) would stay without tools in Agent mode. Bounded: a few
   * re-reads, counted afresh once a read succeeds.
   */
  #rereadIf(failed: boolean): void {
    if (!failed) {
      this.#rereads = 0;
      return;
    }
    const delay = REREAD_DELAYS_MS[this.#rereads];
    if (this.#disposed || this.#reread !== undefined || delay === undefined) return;
    this.#rereads++;
    this.#deps.logger.info(`Chat model: its facts could not be read; reading them again in ${delay} ms`);
    this.#reread = setTimeout(() => {
      this.#reread = undefined;
      void this.refresh().catch((error: unknown) => this.#deps.logger.warn(`Reading the chat model's facts failed: ${String(error)}`));
    }, delay);
  }

  dispose(): void {
    this.#disposed = true;
    clearTimeout(this.#reread);
    this.#reread = undefined;
    for (const disposable of this.#disposables) disposable.dispose();
  }

  #facts(): Promise<HostChatFacts> {
    return currentChatFacts(this.#deps);
  }

  #information(facts: ChatFacts): vscode.LanguageModelChatInformation {
    const { stance } = facts;
    return {
      id: CHAT_MODEL_ID,
      name: vscode.l10n.t("Junction (routed)"),
      family: "junction",
      version: this.#deps.version,
      detail: wordStanceDetail(stance.detail),
      tooltip: wordStanceTooltip(stance.tooltip),
      maxInputTokens: stance.maxInputTokens,
      maxOutputTokens: stance.maxOutputTokens,
      capabilities: { toolCalling: stance.toolCalling, imageInput: false },
    };
  }

  /** The cloud side reads a changed key itself; the picker is told once it has (bounded wait). */
  async #afterKeyChange(): Promise<void> {
    const stored = Boolean(await this.#deps.secrets.get(API_KEY_SECRET));
    for (let waited = 0; waited < KEY_SETTLE_MS && this.#deps.cloud.hasKey !== stored; waited += KEY_SETTLE_STEP_MS) {
      await new Promise((resolve) => setTimeout(resolve, KEY_SETTLE_STEP_MS));
    }
    await this.refresh();
  }
}

/** A failure as VS Code's chat understands it, with the fix in the message. */
function toLanguageModelError(error: unknown, model: string | undefined, logger: ModelServices["logger"]): vscode.LanguageModelError {
  const message = `Junction: ${describeProviderFailure(error, model)}`;
  logger.warn(`Chat request with ${model ?? "no model"} failed: ${message}`);
  if (ProviderError.is(error, "egress-refused")) return vscode.LanguageModelError.Blocked(message);
  if (ProviderError.is(error, "unauthorized")) return vscode.LanguageModelError.NoPermissions(message);
  if (ProviderError.is(error, "model-not-found")) return vscode.LanguageModelError.NotFound(message);
  return new vscode.LanguageModelError(message);
}

/** Registers the provider; whoever registers, disposes: both go into the caller's subscriptions. */
export function registerChatModel(deps: ChatModelDeps): { model: JunctionChatModel; registration: vscode.Disposable } {
  const model = new JunctionChatModel(deps);
  const registration = vscode.lm.registerLanguageModelChatProvider(CHAT_VENDOR, model);
  void model.refresh().catch((error: unknown) => deps.logger.warn(`Reading the chat model's facts failed: ${String(error)}`));
  // The workbench asks a vendor for its models only when something selects them (the Manage
  // Models view, an extension): until then the chat's model picker does not list it, and a user
  // without Copilot sees only "Sign in to use Copilot". Asking once makes the model appear.
  void Promise.resolve(vscode.lm.selectChatModels({ vendor: CHAT_VENDOR })).catch((error: unknown) =>
    deps.logger.debug(`Announcing the chat model failed: ${String(error)}`),
  );
  return { model, registration };
}
