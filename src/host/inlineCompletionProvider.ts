import * as vscode from "vscode";
import { ProviderError, requestInlineCompletion } from "../core/index.ts";
import type { Logger } from "../core/index.ts";
import type { LocalModelMonitor } from "./localModel.ts";
import type { SessionRequests } from "./sessionRequests.ts";
import type { SettingsReader } from "./settings.ts";

export interface InlineProviderDeps {
  settings: SettingsReader;
  local: LocalModelMonitor;
  requests: SessionRequests;
  logger: Logger;
  /** Called when a request starts and ends, for the status bar's spinner. */
  onBusyChange: (busy: boolean) => void;
}

/** Serves ghost text from the local model: debounced, streamed, aborted when VS Code cancels. */
export function createInlineCompletionProvider(deps: InlineProviderDeps): vscode.InlineCompletionItemProvider {
  return {
    async provideInlineCompletionItems(document, position, _context, token) {
      const config = deps.settings.current;
      if (!config["completion.enabled"]) return undefined;
      // A known-bad local model is reported in the status bar; asking again per keystroke would
      // only add latency. The monitor re-checks on its own and on settings changes.
      if (deps.local.health.state === "unavailable") return undefined;
      if (!(await waitUnlessCancelled(config["completion.debounceFloorMs"], token))) return undefined;

      const controller = new AbortController();
      const cancellation = token.onCancellationRequested(() => controller.abort());
      const model = deps.local.completionModel;
      const started = Date.now();
      deps.onBusyChange(true);
      try {
        const completion = await requestInlineCompletion(deps.local.provider, {
          text: document.getText(),
          offset: document.offsetAt(position),
          model,
          promptTokens: config["completion.promptTokens"],
          maxTokens: config["completion.maxTokens"],
          signal: controller.signal,
        });
        const { usage, latencyMs } = completion.result;
        deps.requests.add({
          time: started,
          kind: "completion",
          target: "local",
          model,
          file: vscode.workspace.asRelativePath(document.uri),
          inputTokens: usage.inputTokens,
          outputTokens: usage.outputTokens,
          tokensEstimated: usage.estimated,
          latencyMs,
          outcome: completion.insertText ? "ok" : "empty",
        });
        deps.logger.debug(`Completion from ${model}: ${usage.outputTokens} tokens in ${Math.round(latencyMs)} ms`);
        if (token.isCancellationRequested || !completion.insertText) return undefined;
        return [new vscode.InlineCompletionItem(completion.insertText, new vscode.Range(position, position))];
      } catch (error) {
        if (ProviderError.is(error, "aborted")) {
          deps.logger.trace("Completion cancelled by a newer keystroke");
          return undefined;
        }
        const reason = error instanceof Error ? error.message : String(error);
        if (ProviderError.is(error)) deps.logger.debug(`Completion failed (${error.kind}): ${reason}`);
        else deps.logger.error(`Completion failed unexpectedly: ${reason}`);
        deps.local.reportFailure(error);
        return undefined;
      } finally {
        cancellation.dispose();
        deps.onBusyChange(false);
      }
    },
  };
}

/** Resolves true after `ms`, or false as soon as VS Code cancels (the user typed on). */
function waitUnlessCancelled(ms: number, token: vscode.CancellationToken): Promise<boolean> {
  if (token.isCancellationRequested) return Promise.resolve(false);
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      subscription.dispose();
      resolve(true);
    }, ms);
    const subscription = token.onCancellationRequested(() => {
      clearTimeout(timer);
      subscription.dispose();
      resolve(false);
    });
  });
}
