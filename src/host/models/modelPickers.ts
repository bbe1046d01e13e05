import * as vscode from "vscode";
import {
  FALLBACK_PRICE,
  PRICE_CATALOG_DATE,
  PRICE_CATALOG_SOURCE,
  AGENT_MIN_CONTEXT_TOKENS,
  agentConcerns,
  fillsInMiddle,
  isRemoteModel,
  looksInstruct,
  modelConcerns,
  orderForRole,
} from "../../core/index.ts";
import type { ListedModel, LocalModelListing, Logger, ModelRole, PriceQuote } from "../../core/index.ts";
import type { CloudModel } from "./cloudModel.ts";
import { describeListingFailure } from "./failureMessages.ts";
import type { LocalModelMonitor } from "./localModel.ts";
import type { SettingsReader } from "../settings.ts";
import { formatCount } from "../../shared/format.ts";

const LISTING_TIMEOUT_MS = 10_000;

type Role = ModelRole;

interface ModelItem extends vscode.QuickPickItem {
  model: LocalModelListing;
}

/**
 * `Junction: Select Local Model…` — what the local server reports, with size and capabilities;
 * warns before an instruct model or one that cannot fill in the middle becomes the completion
 * model, and labels models Ollama proxies to a remote service as cloud.
 * Arguments (for scripts and tests): `{ role, model }`.
 */
export function selectLocalModelCommand(local: LocalModelMonitor, logger: Logger) {
  return async (given?: { role?: unknown; model?: unknown }): Promise<string | undefined> => {
    const role = given?.role === "completion" || given?.role === "refactor" ? given.role : await pickRole(local);
    if (!role) return undefined;
    let models: LocalModelListing[];
    try {
      models = await local.provider.listModels(AbortSignal.timeout(LISTING_TIMEOUT_MS));
    } catch (error) {
      logger.warn(`Listing the local models failed: ${String(error)}`);
      void vscode.window.showErrorMessage(
        vscode.l10n.t("Junction could not list the models at {0}: {1}", local.provider.endpoint, describeListingFailure(error, local.provider.endpoint)),
      );
      return undefined;
    }
    const current = role === "completion" ? local.completionModel : local.refactorModel;
    const chosen =
      typeof given?.model === "string"
        ? models.find((model) => model.name === given.model)
        : await pickLocalModel(models, role, current, local.provider.kind === "ollama", role === "refactor" ? await agentFitness(local, models) : undefined);
    if (!chosen) {
      if (typeof given?.model === "string") void vscode.window.showErrorMessage(vscode.l10n.t("Junction: {0} is not on the local server.", given.model));
      return undefined;
    }
    if (!(await confirmChoice(chosen, role))) return undefined;
    await vscode.workspace
      .getConfiguration("junction")
      .update(role === "completion" ? "local.completionModel" : "local.refactorModel", chosen.name, vscode.ConfigurationTarget.Global);
    logger.info(`Local ${role} model set to ${chosen.name}`);
    return chosen.name;
  };
}

async function pickRole(local: LocalModelMonitor): Promise<Role | undefined> {
  const picked = await vscode.window.showQuickPick(
    [
      {
        label: vscode.l10n.t("Completion model"),
        description: local.completionModel,
        detail: vscode.l10n.t("Inline ghost text: a base code model that fills in the middle."),
        role: "completion" as const,
      },
      {
        label: vscode.l10n.t("Refactor model"),
        description: local.refactorModel,
        detail: vscode.l10n.t("Refactors and VS Code's chat on this machine: an instruct model (Agent mode needs one that calls tools)."),
        role: "refactor" as const,
      },
    ],
    { title: vscode.l10n.t("Junction: Select Local Model"), placeHolder: vscode.l10n.t("Which model do you want to choose?"), ignoreFocusOut: true },
  );
  return picked?.role;
}

/**
 * For the refactor model, which also answers VS Code's chat: whether each model can serve Agent
 * mode (it calls tools, runs here, and gets a window of at least AGENT_MIN_CONTEXT_TOKENS).
 */
async function agentFitness(local: LocalModelMonitor, models: readonly LocalModelListing[]): Promise<Map<string, string>> {
  const notes = new Map<string, string>();
  await Promise.all(
    models.map(async (model) => {
      const window = await local.provider.contextWindow(model.name).catch(() => 0);
      const concerns = agentConcerns({ capabilities: model.capabilities, remote: isRemoteModel(model) }, window);
      // A remote model is labelled as such already; chat never sends private code to it.
      if (concerns.includes("remote")) return;
      if (concerns.length === 0) notes.set(model.name, vscode.l10n.t("chat: Agent mode ({0}-token window)", window));
      else if (concerns.includes("no-tools")) notes.set(model.name, vscode.l10n.t("chat: Ask only (it cannot call tools)"));
      else if (concerns.includes("tools-unknown")) notes.set(model.name, vscode.l10n.t("chat: Ask only (the server does not say whether it can call tools)"));
      else
        notes.set(
          model.name,
          vscode.l10n.t("chat: Ask only ({0}-token window; Agent mode needs {1}, see junction.local.contextTokens)", window, AGENT_MIN_CONTEXT_TOKENS),
        );
    }),
  );
  return notes;
}

async function pickLocalModel(
  models: LocalModelListing[],
  role: Role,
  current: string,
  canPull: boolean,
  agent?: ReadonlyMap<string, string>,
): Promise<LocalModelListing | undefined> {
  if (models.length === 0) {
    const pull = vscode.l10n.t("Pull Local Model");
    const answer = await vscode.window.showWarningMessage(vscode.l10n.t("Junction: the local server has no models yet."), ...(canPull ? [pull] : []));
    if (answer === pull) void vscode.commands.executeCommand("junction.pullLocalModel");
    return undefined;
  }
  const items: ModelItem[] = orderForRole(models, role).map((model) => ({
    label: `${isRemoteModel(model) ? "$(cloud) " : ""}${model.name}`,
    description: [
      model.name === current ? vscode.l10n.t("current") : undefined,
      model.parameterSize,
      model.sizeBytes !== undefined ? formatBytes(model.sizeBytes) : undefined,
    ]
      .filter(Boolean)
      .join(" · "),
    detail: [describeModel(model), agent?.get(model.name)].filter(Boolean).join(" · "),
    model,
  }));
  const picked = await vscode.window.showQuickPick(items, {
    title: role === "completion" ? vscode.l10n.t("Junction: Select Completion Model") : vscode.l10n.t("Junction: Select Refactor Model"),
    placeHolder: vscode.l10n.t("Models on the local server; suitable ones first"),
    matchOnDescription: true,
    matchOnDetail: true,
    ignoreFocusOut: true,
  });
  return picked?.model;
}

function describeModel(model: LocalModelListing): string {
  const facts: string[] = [];
  if (isRemoteModel(model)) facts.push(vscode.l10n.t("cloud: Ollama proxies it to a remote service; private code never goes to it"));
  if (model.capabilities && model.capabilities.length > 0) facts.push(vscode.l10n.t("capabilities: {0}", model.capabilities.join(", ")));
  facts.push(fillsInMiddle(model) ? vscode.l10n.t("fills in the middle") : vscode.l10n.t("cannot fill in the middle"));
  if (looksInstruct(model.name)) facts.push(vscode.l10n.t("instruct model"));
  return facts.join(" · ");
}

/** Warns before a poor choice becomes the setting; true to go ahead. */
async function confirmChoice(model: LocalModelListing, role: Role): Promise<boolean> {
  const warnings = modelConcerns(model, role).map((concern) => {
    switch (concern) {
      case "cannot-fill-in-middle":
        return vscode.l10n.t("{0} cannot fill in the middle, so Junction cannot use it for inline completions.", model.name);
      case "instruct-for-completion":
        return vscode.l10n.t(
          "{0} is an instruct model: for inline completions a base code model (such as qwen2.5-coder:1.5b-base) completes code far better.",
          model.name,
        );
      case "remote":
        return vscode.l10n.t("{0} runs on a remote service through Ollama: Junction treats it as a cloud model, so private code never goes to it.", model.name);
    }
  });
  if (warnings.length === 0) return true;
  const useAnyway = vscode.l10n.t("Use Anyway");
  const answer = await vscode.window.showWarningMessage(warnings.join(" "), { modal: true }, useAnyway);
  return answer === useAnyway;
}

/**
 * `Junction: Select Cloud Model…` — the models the cloud endpoint lists (`/v1/models`) with what
 * Junction knows of each (price and where it comes from, context window, reasoning); writes
 * `junction.cloud.model` in user settings.
 */
export function selectCloudModelCommand(cloud: CloudModel, settings: SettingsReader, logger: Logger) {
  return async (given?: unknown): Promise<string | undefined> => {
    const provider = cloud.provider();
    if (!provider) {
      const setUp = vscode.l10n.t("Set Up Cloud Model");
      const answer = await vscode.window.showWarningMessage(vscode.l10n.t("Junction: the cloud is not set up: {0}", cloud.status().problem ?? ""), setUp);
      if (answer === setUp) void vscode.commands.executeCommand("junction.setUpCloudModel");
      return undefined;
    }
    let models: ListedModel[];
    try {
      models = await cloud.refreshListing(AbortSignal.timeout(LISTING_TIMEOUT_MS));
    } catch (error) {
      logger.warn(`Listing the cloud models failed: ${String(error)}`);
      void vscode.window.showErrorMessage(
        vscode.l10n.t("Junction could not list the models at {0}: {1}", provider.endpoint, describeListingFailure(error, provider.endpoint)),
      );
      return undefined;
    }
    const chosen =
      typeof given === "string"
        ? models.find((model) => model.id === given)?.id
        : await pickCloudModel(models, cloud, settings, {
            title: vscode.l10n.t("Junction: Select Cloud Model"),
            placeHolder: vscode.l10n.t("Models at {0}", provider.endpoint),
          });
    if (!chosen) return undefined;
    await vscode.workspace.getConfiguration("junction").update("cloud.model", chosen, vscode.ConfigurationTarget.Global);
    logger.info(`Cloud model set to ${chosen}`);
    return chosen;
  };
}

/** The endpoint's models with their price (and its source), context window and reasoning; the current one marked. */
export async function pickCloudModel(
  models: readonly ListedModel[],
  cloud: CloudModel,
  settings: SettingsReader,
  options: { title: string; placeHolder: string },
): Promise<string | undefined> {
  const current = settings.current["cloud.model"];
  const picked = await vscode.window.showQuickPick(
    [...models]
      .sort((a, b) => a.id.localeCompare(b.id))
      .map((model) => {
        const price = cloud.priceOf(model.id);
        const context = model.contextTokens ?? price?.contextTokens;
        return {
          label: model.id,
          description: [
            model.id === current ? vscode.l10n.t("current") : undefined,
            price
              ? vscode.l10n.t("${0} in / ${1} out per M tokens", String(price.rates.inputUsdPerMTok), String(price.rates.outputUsdPerMTok))
              : vscode.l10n.t("price unknown"),
            context ? vscode.l10n.t("{0} context", formatCount(context)) : undefined,
            model.reasoning ? vscode.l10n.t("reasoning") : undefined,
            model.simulated ? vscode.l10n.t("simulated") : undefined,
          ]
            .filter(Boolean)
            .join(" · "),
          detail: describePriceSource(price),
        };
      }),
    { ...options, matchOnDescription: true, ignoreFocusOut: true },
  );
  return picked?.label;
}

/** Where a price comes from, as the pickers and the panel say it. */
export function describePriceSource(price: PriceQuote | undefined): string {
  if (!price) {
    return vscode.l10n.t(
      "No price known: its cost shows as unknown and the budget counts ${0} in / ${1} out per M tokens. Set it in junction.pricing.models.",
      String(FALLBACK_PRICE.inputUsdPerMTok),
      String(FALLBACK_PRICE.outputUsdPerMTok),
    );
  }
  const tiered = price.tiered ? vscode.l10n.t(" (long prompts cost more)") : "";
  switch (price.source) {
    case "override":
      return vscode.l10n.t("Price from your junction.pricing.models{0}", tiered);
    case "endpoint":
      return vscode.l10n.t("Price as the endpoint lists it, fetched {0}{1}", price.date ?? "", tiered);
    case "catalog":
      return vscode.l10n.t("Price from {0} (data of {1}){2}", PRICE_CATALOG_SOURCE, price.date ?? PRICE_CATALOG_DATE, tiered);
  }
}

export function formatBytes(bytes: number): string {
  if (bytes >= 1e9) return `${(bytes / 1e9).toFixed(1)} GB`;
  if (bytes >= 1e6) return `${Math.round(bytes / 1e6)} MB`;
  return `${Math.max(1, Math.round(bytes / 1e3))} kB`;
}
