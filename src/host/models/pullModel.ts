import * as vscode from "vscode";
import { OllamaProvider, ProviderError, fillsInMiddle } from "../../core/index.ts";
import { wordProviderError } from "../../words/index.ts";
import type { LocalModelMonitor } from "./localModel.ts";
import { updateWalkthroughContext } from "./onboarding.ts";

type Role = "completion" | "refactor";

/** Small enough for a laptop; base models fill in the middle, instruct models follow instructions. */
const RECOMMENDED: ReadonlyArray<{ model: string; role: Role; size: string }> = [
  { model: "qwen2.5-coder:1.5b-base", role: "completion", size: "1.0 GB" },
  { model: "qwen2.5-coder:7b-base", role: "completion", size: "4.7 GB" },
  { model: "starcoder2:3b", role: "completion", size: "1.7 GB" },
  { model: "qwen2.5-coder:7b-instruct", role: "refactor", size: "4.7 GB" },
  { model: "qwen2.5-coder:14b-instruct", role: "refactor", size: "9.0 GB" },
];

const SETTING_FOR: Record<Role, "local.completionModel" | "local.refactorModel"> = {
  completion: "local.completionModel",
  refactor: "local.refactorModel",
};

/**
 * `Junction: Pull Local Model` — downloads a model into the local Ollama with a progress
 * notification fed by Ollama's pull stream; Cancel aborts the download. A model pulled for
 * completions is checked for fill-in-the-middle, and either role can be made the setting.
 */
export function pullLocalModelCommand(local: LocalModelMonitor) {
  return async (given?: unknown): Promise<boolean> => {
    const provider = local.provider;
    if (!(provider instanceof OllamaProvider)) {
      void vscode.window.showInformationMessage(
        vscode.l10n.t(
          "Junction pulls models through Ollama. {0} is an OpenAI-compatible server: load the model there (vLLM `--model`, llama.cpp `-m`, LM Studio's model list), then run “Junction: Select Local Model”.",
          provider.endpoint,
        ),
      );
      return false;
    }
    const choice = typeof given === "string" && given.trim() ? { model: given.trim(), role: undefined } : await pickModel(local);
    if (!choice) return false;
    const { model, role } = choice;
    const pulled = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t("Junction: pulling {0}", model), cancellable: true },
      async (progress, token) => {
        const controller = new AbortController();
        const subscription = token.onCancellationRequested(() => controller.abort());
        let reported = 0;
        try {
          await provider.pull(
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
              ? vscode.l10n.t("Nothing answers at {0}. Start Ollama (`ollama serve`) first.", provider.endpoint)
              : ProviderError.is(error)
                ? wordProviderError(error)
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
      updateWalkthroughContext(await local.check());
      void announcePulled(local, model, role);
    }
    return pulled;
  };
}

/** Says the model is ready, warns when a completion model cannot fill in the middle, offers to use it. */
async function announcePulled(local: LocalModelMonitor, model: string, role: Role | undefined): Promise<void> {
  const info = await local.provider.modelInfo(model, { refresh: true }).catch(() => undefined);
  if (info?.isRemote) {
    // A cloud model (Ollama's :cloud / -cloud names) pulls as a stub: Ollama runs it on ollama.com.
    void vscode.window.showWarningMessage(
      vscode.l10n.t(
        "Junction: {0} is pulled, but Ollama runs it on a remote service: Junction treats it as a cloud model, so private code never goes to it. For completions and private refactors choose a model that runs on this machine.",
        model,
      ),
    );
    return;
  }
  if (role === "completion" && !(info !== undefined && fillsInMiddle(info))) {
    void vscode.window.showWarningMessage(
      vscode.l10n.t(
        "Junction: {0} is pulled, but it cannot fill in the middle, so it cannot serve inline completions. Pull a base code model such as qwen2.5-coder:1.5b-base.",
        model,
      ),
    );
    return;
  }
  const setting = role ? SETTING_FOR[role] : undefined;
  const current = setting ? vscode.workspace.getConfiguration("junction").get<string>(setting) : undefined;
  if (!setting || current === model) {
    void vscode.window.showInformationMessage(vscode.l10n.t("Junction: {0} is ready.", model));
    return;
  }
  const use = role === "completion" ? vscode.l10n.t("Use for Completions") : vscode.l10n.t("Use for Refactors");
  const answer = await vscode.window.showInformationMessage(vscode.l10n.t("Junction: {0} is ready.", model), use);
  if (answer === use) {
    await vscode.workspace.getConfiguration("junction").update(setting, model, vscode.ConfigurationTarget.Global);
  }
}

interface PullChoice extends vscode.QuickPickItem {
  model?: string;
  role?: Role;
}

async function pickModel(local: LocalModelMonitor): Promise<{ model: string; role: Role | undefined } | undefined> {
  const configured: Record<Role, string> = { completion: local.completionModel, refactor: local.refactorModel };
  const section = (role: Role): PullChoice[] => {
    const names = [configured[role], ...RECOMMENDED.filter((entry) => entry.role === role).map((entry) => entry.model)];
    return [...new Set(names)].map((model) => ({
      label: model,
      model,
      role,
      description: [RECOMMENDED.find((entry) => entry.model === model)?.size, model === configured[role] ? vscode.l10n.t("your setting") : undefined]
        .filter(Boolean)
        .join(" · "),
    }));
  };
  const other: PullChoice = { label: vscode.l10n.t("Another model…"), alwaysShow: true };
  const picked = await vscode.window.showQuickPick<PullChoice>(
    [
      { label: vscode.l10n.t("For inline completions: base code models that fill in the middle"), kind: vscode.QuickPickItemKind.Separator },
      ...section("completion"),
      { label: vscode.l10n.t("For refactors: instruct models"), kind: vscode.QuickPickItemKind.Separator },
      ...section("refactor"),
      { label: "", kind: vscode.QuickPickItemKind.Separator },
      other,
    ],
    {
      title: vscode.l10n.t("Junction: Pull Local Model"),
      placeHolder: vscode.l10n.t("Which model should Ollama download?"),
      matchOnDescription: true,
      ignoreFocusOut: true,
    },
  );
  if (!picked) return undefined;
  if (picked.model) return { model: picked.model, role: picked.role };
  const typed = await vscode.window.showInputBox({
    prompt: vscode.l10n.t("Model name as Ollama knows it, e.g. qwen2.5-coder:1.5b-base"),
    ignoreFocusOut: true,
  });
  return typed?.trim() ? { model: typed.trim(), role: undefined } : undefined;
}
