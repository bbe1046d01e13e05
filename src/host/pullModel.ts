import * as vscode from "vscode";
import { ProviderError } from "../core/index.ts";
import type { LocalModelMonitor } from "./localModel.ts";

/**
 * `Junction: Pull Local Model` — downloads a model into the local Ollama with a progress
 * notification fed by Ollama's pull stream; Cancel aborts the download.
 */
export function pullLocalModelCommand(local: LocalModelMonitor) {
  return async (given?: unknown): Promise<boolean> => {
    const model = typeof given === "string" && given.trim() ? given.trim() : await pickModel(local);
    if (!model) return false;
    const pulled = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t("Junction: pulling {0}", model), cancellable: true },
      async (progress, token) => {
        const controller = new AbortController();
        const subscription = token.onCancellationRequested(() => controller.abort());
        let reported = 0;
        try {
          await local.provider.pull(
            model,
            ({ status, share }) => {
              const percent = share === undefined ? undefined : Math.round(share * 100);
              // The bar advances by increments; a new layer starts again from 0 %.
              const increment = percent === undefined ? undefined : percent >= reported ? percent - reported : percent;
              if (percent !== undefined) reported = percent;
              progress.report({ message: percent === undefined ? status : `${status} — ${percent} %`, ...(increment !== undefined ? { increment } : {}) });
            },
            controller.signal,
          );
          return true;
        } catch (error) {
          if (ProviderError.is(error, "aborted")) {
            void vscode.window.showInformationMessage(vscode.l10n.t("Junction: pulling {0} was cancelled.", model));
          } else {
            const reason = ProviderError.is(error, "unreachable")
              ? vscode.l10n.t("Nothing answers at {0}. Start Ollama (`ollama serve`) first.", local.provider.endpoint)
              : error instanceof Error
                ? error.message
                : String(error);
            void vscode.window.showErrorMessage(vscode.l10n.t("Junction could not pull {0}: {1}", model, reason));
          }
          return false;
        } finally {
          subscription.dispose();
        }
      },
    );
    if (pulled) {
      void vscode.window.showInformationMessage(vscode.l10n.t("Junction: {0} is ready.", model));
      await local.check();
    }
    return pulled;
  };
}

async function pickModel(local: LocalModelMonitor): Promise<string | undefined> {
  const other = vscode.l10n.t("Another model…");
  const picked = await vscode.window.showQuickPick(
    [
      { label: local.completionModel, description: vscode.l10n.t("completion model (a base code model)") },
      { label: local.refactorModel, description: vscode.l10n.t("refactor model (an instruct model)") },
      { label: other },
    ],
    { title: vscode.l10n.t("Junction: Pull Local Model"), placeHolder: vscode.l10n.t("Which model should Ollama download?") },
  );
  if (!picked) return undefined;
  if (picked.label !== other) return picked.label;
  return vscode.window.showInputBox({ prompt: vscode.l10n.t("Model name as Ollama knows it, e.g. qwen2.5-coder:1.5b-base") });
}
