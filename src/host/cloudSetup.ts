import * as vscode from "vscode";
import { parseConfig } from "../core/index.ts";
import type { Logger } from "../core/index.ts";
import type { CloudModel } from "./cloudModel.ts";
import { describeListingFailure } from "./failureMessages.ts";
import { pickCloudModel } from "./modelPickers.ts";
import type { SettingsReader } from "./settings.ts";

const TEST_TIMEOUT_MS = 15_000;
/** The walkthrough's cloud step is done once a connection test has passed. */
const CONNECTION_OK_CONTEXT = "junction.cloudConnectionOk";

export interface ConnectionTest {
  ok: boolean;
  /** What the user reads: the result, or the problem with its fix. */
  message: string;
  /** Models the endpoint listed (empty when the test failed). */
  models: string[];
}

/**
 * `Junction: Test Cloud Connection` — lists the endpoint's models with the stored key: proves the
 * endpoint answers, the key is accepted, and says whether the chosen model is offered. The key goes
 * only to the configured cloud endpoint, as with every cloud request.
 */
export function testCloudConnectionCommand(cloud: CloudModel, settings: SettingsReader, logger: Logger) {
  return async (): Promise<ConnectionTest> => {
    const result = await testConnection(cloud, settings, logger);
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

/** Lists the endpoint's models with the key and logs the outcome. */
async function testConnection(cloud: CloudModel, settings: SettingsReader, logger: Logger): Promise<ConnectionTest> {
  const result = await listWithKey(cloud, settings);
  logger.info(`Cloud connection test ${result.ok ? "passed" : "failed"}: ${result.message}`);
  return result;
}

/** The walkthrough's cloud step is ticked (or unticked) by the last connection test. */
function tickWalkthroughStep(result: ConnectionTest): void {
  void vscode.commands.executeCommand("setContext", CONNECTION_OK_CONTEXT, result.ok);
}

async function listWithKey(cloud: CloudModel, settings: SettingsReader): Promise<ConnectionTest> {
  const provider = cloud.provider();
  if (!provider) return { ok: false, message: vscode.l10n.t("Junction: the cloud is not set up: {0}", cloud.status().problem ?? ""), models: [] };
  const model = settings.current["cloud.model"];
  try {
    const models = await provider.listModels(AbortSignal.timeout(TEST_TIMEOUT_MS));
    const message = models.includes(model)
      ? vscode.l10n.t("Junction: connected to {0} ({1} models); {2} is available.", provider.endpoint, String(models.length), model)
      : vscode.l10n.t("Junction: connected to {0} ({1} models), but {2} is not among them. Run “Junction: Select Cloud Model”.", provider.endpoint, String(models.length), model);
    return { ok: true, message, models };
  } catch (error) {
    return { ok: false, message: describeListingFailure(error, provider.endpoint), models: [] };
  }
}

/**
 * `Junction: Set Up Cloud Model…` — endpoint, key, connection test, model: the walkthrough's
 * optional cloud step in one flow. Endpoint and model go to user settings (a workspace cannot set
 * them); the key to SecretStorage.
 */
export function setUpCloudModelCommand(cloud: CloudModel, settings: SettingsReader, logger: Logger) {
  return async (): Promise<boolean> => {
    const title = vscode.l10n.t("Junction: Set Up Cloud Model");
    const endpoint = await vscode.window.showInputBox({
      title,
      prompt: vscode.l10n.t("Base URL of the OpenAI-compatible API (OpenAI, OpenRouter, Azure, …)"),
      value: settings.current["cloud.endpoint"],
      ignoreFocusOut: true,
      validateInput: (value) => {
        const [problem] = parseConfig({ "cloud.endpoint": value.trim() }).problems;
        return problem ? problem.message : undefined;
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

    const tested = await testConnection(cloud, settings, logger);
    if (!tested.ok) {
      tickWalkthroughStep(tested);
      void vscode.window.showErrorMessage(tested.message);
      return false;
    }
    const current = settings.current["cloud.model"];
    // The walkthrough re-renders when its step ticks: that waits until the model is picked, so
    // nothing redraws under the open picker.
    const picked = await pickCloudModel(tested.models, settings, { title, placeHolder: vscode.l10n.t("Which model should take the complex refactors? (now: {0})", current) }).finally(
      () => tickWalkthroughStep(tested),
    );
    if (picked === undefined) return false;
    if (picked !== current) await section.update("cloud.model", picked, vscode.ConfigurationTarget.Global);
    void vscode.window.showInformationMessage(vscode.l10n.t("Junction: the cloud model is {0} at {1}. Private code still never leaves this machine.", picked, endpoint.trim()));
    return true;
  };
}
