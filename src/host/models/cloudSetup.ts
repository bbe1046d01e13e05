import * as vscode from "vscode";
import { ProviderError, parseConfig } from "../../core/index.ts";
import { wordProviderError, wordSettingProblem } from "../../words/index.ts";
import type { ListedModel, Logger } from "../../core/index.ts";
import type { CloudModel } from "./cloudModel.ts";
import { describeListingFailure, describeProviderFailure } from "./failureMessages.ts";
import { describePriceSource, pickCloudModel } from "./modelPickers.ts";
import type { SettingsReader } from "../settings.ts";

const TEST_TIMEOUT_MS = 15_000;
/** The walkthrough's cloud step is done once a connection test has passed. */
const CONNECTION_OK_CONTEXT = "junction.cloudConnectionOk";
/** A refactor's temperature (refactorFlow.ts): the test request sends what a refactor sends. */
const REFACTOR_TEMPERATURE = 0.1;

export interface ConnectionTest {
  ok: boolean;
  /** What the user reads: the result, or the problem with its fix. */
  message: string;
  /** Models the endpoint listed (empty when listing failed). */
  models: ListedModel[];
}

/**
 * `Junction: Test Cloud Connection` — lists the endpoint's models with the stored key, then sends
 * the chosen model one real request of one output token with the parameters a refactor uses: a
 * refused key, a model the key may not use, an exhausted quota or a rejected parameter shows now,
 * worded with its fix, not at the first refactor. The key goes only to the configured endpoint.
 */
export function testCloudConnectionCommand(cloud: CloudModel, settings: SettingsReader, logger: Logger) {
  return async (): Promise<ConnectionTest> => {
    const listed = await listWithKey(cloud);
    const result = listed.ok ? await testModel(cloud, settings.current["cloud.model"], listed) : listed;
    logger.info(`Cloud connection test ${result.ok ? "passed" : "failed"}: ${result.message}`);
    tickWalkthroughStep(result);
    if (result.ok) {
      void vscode.window.showInformationMessage(result.message);
    } else {
      const setUp = vscode.l10n.t("Set Up Cloud Model");
      void vscode.window.showErrorMessage(result.message, setUp).then((answer) => {
        if (answer === setUp) void vscode.commands.executeCommand("junction.setUpCloudModel");
      });
    }
    return result;
  };
}

/** The walkthrough's cloud step is ticked (or unticked) by the last connection test. */
function tickWalkthroughStep(result: { ok: boolean }): void {
  void vscode.commands.executeCommand("setContext", CONNECTION_OK_CONTEXT, result.ok);
}

async function listWithKey(cloud: CloudModel): Promise<ConnectionTest> {
  const provider = cloud.provider();
  if (!provider) return { ok: false, message: vscode.l10n.t("Junction: the cloud is not set up: {0}", cloud.status().problem ?? ""), models: [] };
  try {
    return { ok: true, message: "", models: await cloud.refreshListing(AbortSignal.timeout(TEST_TIMEOUT_MS)) };
  } catch (error) {
    // Some endpoints (Azure's dated API versions) have no model list: the test request still tells.
    if (ProviderError.is(error, "model-not-found")) return { ok: true, message: "", models: [] };
    return { ok: false, message: describeListingFailure(error, provider.endpoint), models: [] };
  }
}

/** One real request, one output token, as a refactor would send it. */
async function testModel(cloud: CloudModel, model: string, listed: ConnectionTest): Promise<ConnectionTest> {
  const provider = cloud.provider();
  if (!provider) return { ok: false, message: vscode.l10n.t("Junction: the cloud is not set up: {0}", cloud.status().problem ?? ""), models: listed.models };
  const count = listed.models.length;
  const listing = count > 0 ? vscode.l10n.t("{0} models listed", String(count)) : vscode.l10n.t("no model list");
  try {
    const result = await provider.chat({
      model,
      messages: [{ role: "user", content: "Reply with the single word OK." }],
      maxTokens: 1,
      // One output token, nothing to think with: the request only has to be accepted.
      reasoningTokens: 0,
      temperature: REFACTOR_TEMPERATURE,
      signal: AbortSignal.timeout(TEST_TIMEOUT_MS),
    });
    const adapted =
      result.adapted && result.adapted.length > 0
        ? ` ${vscode.l10n.t("It does not accept {0}, so Junction leaves that out for it.", result.adapted.join(", "))}`
        : "";
    const simulated = cloud.status().simulated ? ` ${vscode.l10n.t("(Junction's simulated cloud: no real model.)")}` : "";
    return {
      ok: true,
      message: `${vscode.l10n.t("Junction: connected to {0} ({1}); {2} answered a test request. {3}.", provider.endpoint, listing, model, describePriceSource(cloud.priceOf(model)))}${adapted}${simulated}`,
      models: listed.models,
    };
  } catch (error) {
    return { ok: false, message: describeTestFailure(error, model, provider.endpoint), models: listed.models };
  }
}

/** The test request's failure, worded with the fix the provider's answer points to. */
function describeTestFailure(error: unknown, model: string, endpoint: string): string {
  if (ProviderError.is(error)) {
    if (error.status === 403)
      return vscode.l10n.t(
        "Junction: {0} accepted the key but refused {1} (HTTP 403): the key has no access to that model. Allow the model for the key's project, or choose another with “Junction: Select Cloud Model”.",
        endpoint,
        model,
      );
    if (error.status === 402)
      return vscode.l10n.t("Junction: {0} says the account has no credits left (HTTP 402). Add credits at the provider, then test again.", endpoint);
    if (error.kind === "rate-limited" && error.code === "insufficient_quota") {
      return vscode.l10n.t(
        "Junction: {0} says the account's quota is used up (insufficient_quota). Add credits or raise the spend limit in the provider's billing settings, then test again.",
        endpoint,
      );
    }
    if (error.kind === "model-not-found")
      return vscode.l10n.t(
        "Junction: {0} does not serve {1} (for Azure: no deployment of that name). Choose one with “Junction: Select Cloud Model”.",
        endpoint,
        model,
      );
    if (error.kind === "bad-request" && error.param) {
      return vscode.l10n.t(
        "Junction: {0} rejects the parameter {1} for {2}: {3}. Choose another model, or report it: Junction sends only what the model's family accepts.",
        endpoint,
        error.param,
        model,
        wordProviderError(error),
      );
    }
  }
  return `${vscode.l10n.t("Junction: the test request to {0} failed.", model)} ${describeProviderFailure(error, model)}`;
}

/**
 * `Junction: Set Up Cloud Model…` — endpoint, key, connection test, model, test request: the
 * walkthrough's optional cloud step in one flow. Endpoint and model go to user settings (a
 * workspace cannot set them); the key to SecretStorage.
 */
export function setUpCloudModelCommand(cloud: CloudModel, settings: SettingsReader, logger: Logger) {
  return async (): Promise<boolean> => {
    const title = vscode.l10n.t("Junction: Set Up Cloud Model");
    const endpoint = await vscode.window.showInputBox({
      title,
      prompt: vscode.l10n.t("Base URL of the OpenAI-compatible API (OpenAI, OpenRouter, Azure, Anthropic, Gemini, …)"),
      value: settings.current["cloud.endpoint"],
      ignoreFocusOut: true,
      validateInput: (value) => {
        const [problem] = parseConfig({ "cloud.endpoint": value.trim() }).problems;
        return problem ? wordSettingProblem(problem).message : undefined;
      },
    });
    if (endpoint === undefined) return false;
    const section = vscode.workspace.getConfiguration("junction");
    if (endpoint.trim() !== settings.current["cloud.endpoint"]) await section.update("cloud.endpoint", endpoint.trim(), vscode.ConfigurationTarget.Global);
    settings.refresh();

    const key = await vscode.window.showInputBox({
      title,
      prompt: cloud.hasKey
        ? vscode.l10n.t("API key for {0}. Leave empty to keep the key already stored.", endpoint.trim())
        : vscode.l10n.t("API key for {0}. It is kept in VS Code's secret storage and sent only to that endpoint.", endpoint.trim()),
      password: true,
      ignoreFocusOut: true,
      validateInput: (value) => (value.trim() === "" && !cloud.hasKey ? vscode.l10n.t("Enter a key, or press Escape to cancel.") : undefined),
    });
    if (key === undefined) return false;
    if (key.trim() !== "") await cloud.setKey(key);
    else await cloud.loadKey();

    const listed = await listWithKey(cloud);
    logger.info(`Cloud model listing ${listed.ok ? `passed (${listed.models.length} models)` : `failed: ${listed.message}`}`);
    if (!listed.ok) {
      tickWalkthroughStep(listed);
      void vscode.window.showErrorMessage(listed.message);
      return false;
    }
    const current = settings.current["cloud.model"];
    // The walkthrough re-renders when its step ticks: that waits until the model is picked and
    // tested, so nothing redraws under the open picker.
    const picked =
      listed.models.length > 0
        ? await pickCloudModel(listed.models, cloud, settings, {
            title,
            placeHolder: vscode.l10n.t("Which model should take the complex refactors? (now: {0})", current),
          })
        : await vscode.window.showInputBox({
            title,
            prompt: vscode.l10n.t("{0} lists no models: the model (for Azure, the deployment name) to use", endpoint.trim()),
            value: current,
            ignoreFocusOut: true,
          });
    if (picked === undefined || picked.trim() === "") {
      tickWalkthroughStep({ ok: false });
      return false;
    }
    if (picked !== current) await section.update("cloud.model", picked.trim(), vscode.ConfigurationTarget.Global);
    const tested = await testModel(cloud, picked.trim(), listed);
    logger.info(`Cloud test request ${tested.ok ? "passed" : "failed"}: ${tested.message}`);
    tickWalkthroughStep(tested);
    if (!tested.ok) {
      void vscode.window.showErrorMessage(tested.message);
      return false;
    }
    void vscode.window.showInformationMessage(
      vscode.l10n.t(
        "Junction: the cloud model is {0} at {1}, and it answered a test request. Private code still never leaves this machine.",
        picked.trim(),
        endpoint.trim(),
      ),
    );
    return true;
  };
}
