import * as vscode from "vscode";
import { ProviderError, buildFimPrompt, estimateTokens, findSecrets, requestCloudCompletion, requestInlineCompletion, route } from "../core/index.ts";
import type { ContextSnippet, CostLedger, Decision, LedgerInput, Logger, RouteFile } from "../core/index.ts";
import type { CloudModel } from "./cloudModel.ts";
import type { LocalModelMonitor } from "./localModel.ts";
import { currentRouteContext } from "./routing.ts";
import type { SettingsReader } from "./settings.ts";
import type { WorkspacePrivacyService } from "./workspacePrivacy.ts";

export interface InlineProviderDeps {
  settings: SettingsReader;
  local: LocalModelMonitor;
  cloud: CloudModel;
  privacy: WorkspacePrivacyService;
  ledger: CostLedger;
  logger: Logger;
  /** Called when a request starts and ends, for the status bar's spinner. */
  onBusyChange: (busy: boolean) => void;
}

/** Related code from other open editors of the same language, for cloud completions. */
const MAX_SNIPPETS = 3;
const SNIPPET_LINES = 60;
const SNIPPET_CHARS = 1500;

/**
 * Serves ghost text: debounced, routed (privacy first), streamed, and aborted when VS Code
 * cancels. Failures change the status bar; they never raise a notification per keystroke.
 */
export function createInlineCompletionProvider(deps: InlineProviderDeps): vscode.InlineCompletionItemProvider {
  return {
    async provideInlineCompletionItems(document, position, _context, token) {
      const config = deps.settings.current;
      if (!config["completion.enabled"]) return undefined;
      if (!(await waitUnlessCancelled(config["completion.debounceFloorMs"], token))) return undefined;

      const offset = document.offsetAt(position);
      const text = document.getText();
      const edited = await deps.privacy.classifyDocument(document.uri);
      const snippets = await relatedSnippets(document, deps.privacy);
      if (token.isCancellationRequested) return undefined;
      const window = buildFimPrompt({ text, offset, budgetTokens: config["completion.promptTokens"] });
      const files: RouteFile[] = [
        {
          path: edited.path,
          role: "edited",
          cloudAllowed: edited.cloudAllowed,
          privacyReasons: edited.reasons,
          tokens: window.tokens,
          secrets: findSecrets(window.prefix + window.suffix).length,
        },
        ...snippets.map((snippet) => ({
          path: snippet.path,
          role: "context" as const,
          cloudAllowed: snippet.cloudAllowed,
          privacyReasons: snippet.reasons,
          tokens: estimateTokens(snippet.text),
          secrets: findSecrets(snippet.text).length,
        })),
      ];
      const decision = route({ kind: "completion", files, maxOutputTokens: config["completion.maxTokens"] }, currentRouteContext(deps, edited.secretsPolicy));
      const started = Date.now();
      const entry = (fields: Partial<LedgerInput>): LedgerInput => ({
        time: started,
        kind: "completion",
        target: decision.target,
        provider: decision.target === "cloud" ? "openai-compatible" : "ollama",
        model: decision.model ?? "—",
        files: 1 + snippets.length,
        file: edited.path,
        usage: { inputTokens: 0, outputTokens: 0, estimated: true },
        latencyMs: Date.now() - started,
        outcome: "ok",
        reasons: decision.reasons,
        ...fields,
      });
      if (decision.target === "none") {
        const action = decision.action ?? decision.reasons.join("; ");
        deps.logger.debug(`Completion not sent: ${action}`);
        // One row per run of refusals, not one per keystroke.
        const last = deps.ledger.entries()[0];
        if (!(last?.outcome === "refused" && last.file === edited.path && last.reasons.at(-1) === action)) {
          deps.ledger.record(entry({ outcome: "refused", reasons: [...decision.reasons, action] }));
        }
        return undefined;
      }

      const controller = new AbortController();
      const cancellation = token.onCancellationRequested(() => controller.abort());
      deps.onBusyChange(true);
      try {
        const completion =
          decision.target === "cloud"
            ? await completeInCloud(deps, decision, { document, text, offset, snippets, signal: controller.signal })
            : await requestInlineCompletion(deps.local.provider, {
                text,
                offset,
                model: deps.local.completionModel,
                promptTokens: config["completion.promptTokens"],
                maxTokens: config["completion.maxTokens"],
                signal: controller.signal,
              });
        const { usage, latencyMs } = completion.result;
        deps.ledger.record(entry({ usage, latencyMs, outcome: completion.insertText ? "ok" : "empty" }));
        deps.logger.debug(`Completion from ${decision.target} ${decision.model}: ${usage.outputTokens} tokens in ${Math.round(latencyMs)} ms`);
        if (token.isCancellationRequested || !completion.insertText) return undefined;
        return [new vscode.InlineCompletionItem(completion.insertText, new vscode.Range(position, position))];
      } catch (error) {
        if (ProviderError.is(error, "aborted")) {
          deps.logger.trace("Completion cancelled by a newer keystroke");
          return undefined;
        }
        const reason = error instanceof Error ? error.message : String(error);
        if (ProviderError.is(error)) deps.logger.debug(`Completion failed (${error.side} ${error.kind}): ${reason}`);
        else deps.logger.error(`Completion failed unexpectedly: ${reason}`);
        if (decision.target === "cloud") deps.cloud.reportFailure(error);
        else deps.local.reportFailure(error);
        deps.ledger.record(entry({ outcome: "failed", reasons: [...decision.reasons, `failed: ${reason}`] }));
        return undefined;
      } finally {
        cancellation.dispose();
        deps.onBusyChange(false);
      }
    },
  };
}

async function completeInCloud(
  deps: InlineProviderDeps,
  decision: Decision,
  input: { document: vscode.TextDocument; text: string; offset: number; snippets: readonly SnippetWithPrivacy[]; signal: AbortSignal },
) {
  const provider = deps.cloud.provider();
  if (!provider || !decision.model) throw new ProviderError({ kind: "unauthorized", side: "cloud", endpoint: deps.cloud.status().endpoint, message: "no cloud API key is set" });
  const config = deps.settings.current;
  // Only what the router cleared leaves the machine: dropped context never reaches the request.
  const allowed = input.snippets.filter((snippet) => snippet.cloudAllowed && !decision.droppedContext.includes(snippet.path));
  return requestCloudCompletion(provider, {
    model: decision.model,
    path: vscode.workspace.asRelativePath(input.document.uri),
    languageId: input.document.languageId,
    text: input.text,
    offset: input.offset,
    snippets: allowed.map(({ path, text }) => ({ path, text })),
    promptTokens: config["completion.promptTokens"],
    maxTokens: config["completion.maxTokens"],
    signal: input.signal,
  });
}

interface SnippetWithPrivacy extends ContextSnippet {
  cloudAllowed: boolean;
  reasons: string[];
}

/** Up to three other files of the same language open in editor tabs, visible ones first. */
async function relatedSnippets(document: vscode.TextDocument, privacy: WorkspacePrivacyService): Promise<SnippetWithPrivacy[]> {
  const visible = vscode.window.visibleTextEditors.map((editor) => editor.document);
  // Tabs are what the user has open; workspace.textDocuments also holds documents closed a while ago.
  const open = new Map(vscode.workspace.textDocuments.map((candidate) => [candidate.uri.toString(), candidate]));
  const inTabs = vscode.window.tabGroups.all
    .flatMap((group) => group.tabs)
    .map((tab) => (tab.input instanceof vscode.TabInputText ? open.get(tab.input.uri.toString()) : undefined))
    .filter((candidate): candidate is vscode.TextDocument => candidate !== undefined);
  const candidates = [...new Set([...visible, ...inTabs])].filter(
    (other) => other !== document && other.languageId === document.languageId && other.uri.scheme === "file" && !other.isClosed,
  );
  const snippets: SnippetWithPrivacy[] = [];
  for (const other of candidates.slice(0, MAX_SNIPPETS)) {
    const filePrivacy = await privacy.classifyDocument(other.uri);
    const lines = other.getText(new vscode.Range(0, 0, Math.min(other.lineCount, SNIPPET_LINES), 0));
    snippets.push({ path: filePrivacy.path, text: lines.slice(0, SNIPPET_CHARS), cloudAllowed: filePrivacy.cloudAllowed, reasons: filePrivacy.reasons });
  }
  return snippets;
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
