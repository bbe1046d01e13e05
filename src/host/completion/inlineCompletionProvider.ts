import * as vscode from "vscode";
import {
  AdaptiveDebounce,
  CompletionCache,
  InFlightCompletion,
  ProviderError,
  buildFimPrompt,
  estimateTokens,
  findSecrets,
  isOllamaCloudName,
  ledgerEntry,
  requestCloudCompletion,
  withKnownSecrets,
  requestInlineCompletion,
  route,
  startTimer,
  withDeadline,
} from "../../core/index.ts";
import type { CompletionKey, Decision, LedgerInput, LedgerRequest, LedgerResult, RouteFile, SecretFinding } from "../../core/index.ts";
import { currentRouteContext } from "../routing/routing.ts";
import type { ModelServices } from "../routing/routing.ts";
import { describeProviderFailure } from "../models/failureMessages.ts";
import type { DocumentPrivacy } from "../privacy/workspacePrivacy.ts";
import { RecentEditors, relatedSnippets } from "./relatedSnippets.ts";
import type { SnippetWithPrivacy } from "./relatedSnippets.ts";

export interface InlineProviderDeps extends ModelServices {
  /** Called when a request starts and ends, for the status bar's spinner. */
  onBusyChange: (busy: boolean) => void;
  /** What went wrong with the last completion (for the status bar), or undefined once one works. */
  onOutcome: (failure: string | undefined) => void;
  /** Completions are turned off, snoozed or off for the document's language. */
  paused: (document: vscode.TextDocument) => boolean;
}

/** Characters around the cursor that identify a position for the cache. */
const KEY_PREFIX_CHARS = 2_000;
const KEY_SUFFIX_CHARS = 500;

interface Position {
  document: vscode.TextDocument;
  /** The text as the completion should see it (with an IntelliSense item's text already in). */
  text: string;
  offset: number;
  /** Where the returned item goes; wider than the cursor when it extends an IntelliSense item. */
  range: vscode.Range;
  /** Text the item must start with (the selected IntelliSense item's). */
  lead: string;
}

/**
 * Serves ghost text: routed (privacy first), debounced to the user's rhythm, answered from the
 * cache or from a stream the user is typing through, and aborted as soon as it cannot be used.
 * Failures change the status bar; never a notification per keystroke.
 */
export class InlineCompletionService implements vscode.InlineCompletionItemProvider, vscode.Disposable {
  readonly #deps: InlineProviderDeps;
  readonly #cache = new CompletionCache({ prefixChars: 200, suffixChars: 100 });
  readonly #inFlight = new InFlightCompletion();
  readonly #recent = new RecentEditors();
  readonly #secrets = new SecretsOfText();
  readonly #disposables: vscode.Disposable[] = [];
  #debounce: AdaptiveDebounce;
  #lastFailure: string | undefined;
  /** Where the running request was asked for, to judge each keystroke against it. */
  #inFlightAt: { document: vscode.TextDocument; model: string } | undefined;

  constructor(deps: InlineProviderDeps) {
    this.#deps = deps;
    this.#debounce = this.#newDebounce();
    this.#disposables.push(
      this.#recent,
      vscode.workspace.onDidChangeTextDocument((event) => {
        if (event.document === vscode.window.activeTextEditor?.document && event.contentChanges.length > 0) this.#debounce.recordKeystroke();
      }),
      // The keystroke (or cursor move) itself decides: typing what the running request predicts
      // keeps it; anything else aborts its HTTP stream at once.
      vscode.window.onDidChangeTextEditorSelection((event) => this.#judgeRunningRequest(event.textEditor)),
      deps.settings.onDidChange(() => {
        this.#debounce = this.#newDebounce();
        this.#cache.clear();
      }),
    );
  }

  #newDebounce(): AdaptiveDebounce {
    const config = this.#deps.settings.current;
    return new AdaptiveDebounce({ floorMs: config["completion.debounceFloorMs"], ceilingMs: config["completion.debounceCeilingMs"] });
  }

  async provideInlineCompletionItems(
    document: vscode.TextDocument,
    cursor: vscode.Position,
    context: vscode.InlineCompletionContext,
    token: vscode.CancellationToken,
  ): Promise<vscode.InlineCompletionItem[] | undefined> {
    const deps = this.#deps;
    if (deps.paused(document)) return undefined;
    const at = positionFor(document, cursor, context);
    const edited = await deps.privacy.classifyDocument(document.uri);
    const snippets = await relatedSnippets(document, deps.privacy, this.#recent.order);
    const decision = this.#route(at, edited, snippets);
    if (decision.target === "none" || !decision.model) {
      this.#recordRefusal(decision, edited);
      return undefined;
    }
    const key: CompletionKey = {
      prefix: at.text.slice(Math.max(0, at.offset - KEY_PREFIX_CHARS), at.offset),
      suffix: at.text.slice(at.offset, at.offset + KEY_SUFFIX_CHARS),
      model: decision.model,
    };

    // 1. The same position, or typing through a completion already shown: no request at all.
    const cached = this.#cache.lookup(key);
    if (cached !== undefined) return items(cached, at);
    // 2. Typing through a completion still streaming: wait for it instead of asking again.
    const joined = this.#inFlight.join(key);
    if (joined) {
      const rest = await joined;
      if (rest !== undefined && !token.isCancellationRequested) return items(rest, at);
    } else {
      this.#inFlight.abort();
    }
    // 3. Ask, once the user has paused (an explicit trigger does not wait).
    const explicit = context.triggerKind === vscode.InlineCompletionTriggerKind.Invoke;
    if (!explicit && !(await waitUnlessCancelled(this.#debounce.delay(), token))) return undefined;
    if (token.isCancellationRequested) return undefined;

    const controller = new AbortController();
    const request = this.#request(decision, at, edited, snippets, controller.signal);
    // VS Code's cancellation does not abort it: the keystroke that caused it may type through it
    // (see #judgeRunningRequest), and the finished answer still fills the cache.
    this.#inFlight.start(
      key,
      controller,
      request.then((text) => text ?? ""),
    );
    this.#inFlightAt = { document, model: decision.model };
    const text = await request;
    if (text === undefined) return undefined;
    this.#cache.set(key, text);
    return token.isCancellationRequested ? undefined : items(text, at);
  }

  #judgeRunningRequest(editor: vscode.TextEditor): void {
    const running = this.#inFlightAt;
    if (!running || editor.document !== running.document) return;
    const text = editor.document.getText();
    const offset = editor.document.offsetAt(editor.selection.active);
    const key = {
      prefix: text.slice(Math.max(0, offset - KEY_PREFIX_CHARS), offset),
      suffix: text.slice(offset, offset + KEY_SUFFIX_CHARS),
      model: running.model,
    };
    if (!editor.selection.isEmpty || this.#inFlight.join(key) === undefined) {
      this.#inFlight.abort();
      this.#inFlightAt = undefined;
    }
  }

  #route(at: Position, edited: DocumentPrivacy, snippets: readonly SnippetWithPrivacy[]): Decision {
    const config = this.#deps.settings.current;
    const window = buildFimPrompt({ text: at.text, offset: at.offset, budgetTokens: config["completion.promptTokens"] });
    // Secrets are found in whole texts and counted where they touch what would be sent: a key cut
    // in two by a window still counts.
    const known = this.#deps.egress.knownSecrets();
    const editedSecrets = secretsTouching(this.#secrets.of(at.text, known), at.offset - window.window.length, at.offset + window.suffix.length);
    const files: RouteFile[] = [
      { path: edited.path, role: "edited", cloudAllowed: edited.cloudAllowed, privacyReasons: edited.reasons, tokens: window.tokens, secrets: editedSecrets },
      ...snippets.map((snippet) => ({
        path: snippet.path,
        role: "context" as const,
        cloudAllowed: snippet.cloudAllowed,
        privacyReasons: snippet.reasons,
        tokens: estimateTokens(snippet.text),
        secrets: secretsTouching(this.#secrets.of(snippet.document.getText(), known), 0, snippet.text.length),
      })),
    ];
    return route({ kind: "completion", files, maxOutputTokens: config["completion.maxTokens"] }, currentRouteContext(this.#deps, edited.secretsPolicy));
  }

  /** The post-processed completion ("" when the model had nothing), or undefined when it failed or was aborted. */
  async #request(
    decision: Decision,
    at: Position,
    edited: DocumentPrivacy,
    snippets: readonly SnippetWithPrivacy[],
    signal: AbortSignal,
  ): Promise<string | undefined> {
    const deps = this.#deps;
    const config = deps.settings.current;
    const started = Date.now();
    // Only what the router cleared goes to the cloud; the local model may read every open file.
    const context =
      decision.target === "cloud" ? snippets.filter((snippet) => snippet.cloudAllowed && !decision.droppedContext.includes(snippet.path)) : snippets;
    const request: LedgerRequest = {
      time: started,
      kind: "completion",
      decision,
      localKind: deps.local.provider.kind,
      files: 1 + context.length,
      file: edited.path,
    };
    const entry = (result: Partial<LedgerResult> & Pick<LedgerResult, "outcome">): LedgerInput =>
      ledgerEntry(request, { latencyMs: Date.now() - started, ...result });
    deps.onBusyChange(true);
    try {
      const common = {
        text: at.text,
        offset: at.offset,
        languageId: at.document.languageId,
        snippets: context.map(({ path, text }) => ({ path, text })),
        promptTokens: config["completion.promptTokens"],
        maxTokens: config["completion.maxTokens"],
        signal,
        onProgress: (textSoFar: string) => this.#inFlight.progress(textSoFar),
      };
      // A local side that is not private is guarded like the cloud: its guard must know the window.
      if (decision.target === "local" && (!deps.local.trust.private || isOllamaCloudName(deps.local.completionModel))) await deps.egress.refresh();
      // A server that never answers must not keep the spinner going for ever.
      const deadline = 1000 * config[decision.target === "cloud" ? "cloud.timeoutSeconds" : "local.timeoutSeconds"];
      const completion = await withDeadline<{ insertText: string; result: { usage: LedgerInput["usage"]; latencyMs: number } }>(signal, deadline, (bounded) =>
        decision.target === "cloud"
          ? // The cloud path cuts its snippets itself, after redacting each whole document.
            this.#cloudCompletion(decision, edited, {
              ...common,
              snippets: context.map(({ path, document }) => ({ path, text: document.getText() })),
              signal: bounded,
            })
          : requestInlineCompletion(deps.local.provider, {
              ...common,
              signal: bounded,
              model: deps.local.completionModel,
              filePath: edited.path,
              lineEnding: at.document.eol === vscode.EndOfLine.CRLF ? "\r\n" : "\n",
            }),
      );
      const { usage, latencyMs } = completion.result;
      deps.ledger.record(entry({ usage, latencyMs, outcome: completion.insertText ? "ok" : "empty" }));
      deps.onOutcome(undefined);
      this.#lastFailure = undefined;
      deps.logger.debug(`Completion from ${decision.target} ${decision.model}: ${usage.outputTokens} tokens in ${Math.round(latencyMs)} ms`);
      return completion.insertText;
    } catch (error) {
      if (ProviderError.is(error, "aborted")) {
        deps.logger.trace("Completion aborted: the user typed something else");
        // A cloud stream cut short is still billed for what it used; a local one cost nothing.
        if (decision.target === "cloud") deps.ledger.record(entry({ outcome: "cancelled" }));
        return undefined;
      }
      const reason = error instanceof Error ? error.message : String(error);
      const described = describeProviderFailure(error, decision.model);
      // Once per kind of failure in a row, so a keystroke storm against a broken server stays readable.
      if (described !== this.#lastFailure) deps.logger.warn(`Completion with ${decision.model} failed: ${described}`);
      if (!ProviderError.is(error)) deps.logger.error(`Completion failed unexpectedly: ${error instanceof Error ? error.stack : reason}`);
      this.#lastFailure = described;
      if (decision.target === "cloud") deps.cloud.reportFailure(error);
      else deps.local.reportFailure(error);
      deps.onOutcome(described);
      deps.ledger.record(entry({ outcome: "failed", reasons: [vscode.l10n.t("failed: {0}", reason)] }));
      return undefined;
    } finally {
      deps.onBusyChange(false);
    }
  }

  async #cloudCompletion(
    decision: Decision,
    edited: DocumentPrivacy,
    common: {
      text: string;
      offset: number;
      languageId: string;
      snippets: Array<{ path: string; text: string }>;
      promptTokens: number;
      maxTokens: number;
      signal: AbortSignal;
      onProgress: (textSoFar: string) => void;
    },
  ) {
    const provider = this.#deps.cloud.provider();
    if (!provider || !decision.model)
      throw new ProviderError({
        kind: "unauthorized",
        side: "cloud",
        endpoint: this.#deps.cloud.status().endpoint,
        message: vscode.l10n.t("no cloud API key is set"),
      });
    await this.#deps.egress.refresh();
    return requestCloudCompletion(provider, { ...common, model: decision.model, path: edited.path, knownSecrets: this.#deps.egress.knownSecrets() });
  }

  /** One ledger row per run of refusals, not one per keystroke. */
  #recordRefusal(decision: Decision, edited: DocumentPrivacy): void {
    const action = decision.action ?? decision.reasons.join("; ");
    this.#deps.logger.debug(`Completion not sent: ${action}`);
    const last = this.#deps.ledger.entries()[0];
    if (last?.outcome === "refused" && last.file === edited.path && last.reasons.at(-1) === action) return;
    const request: LedgerRequest = {
      kind: "completion",
      decision: { ...decision, target: "none", model: undefined },
      localKind: this.#deps.local.provider.kind,
      files: 1,
      file: edited.path,
    };
    this.#deps.ledger.record(ledgerEntry(request, { outcome: "refused", reasons: [action] }));
  }

  dispose(): void {
    this.#inFlight.abort();
    for (const disposable of this.#disposables) disposable.dispose();
  }
}

/**
 * The position a completion is for. With an IntelliSense item selected, the completion must
 * extend that item: it is computed as if the item were inserted, and returned over its range.
 */
function positionFor(document: vscode.TextDocument, cursor: vscode.Position, context: vscode.InlineCompletionContext): Position {
  const text = document.getText();
  const selected = context.selectedCompletionInfo;
  if (!selected) return { document, text, offset: document.offsetAt(cursor), range: new vscode.Range(cursor, cursor), lead: "" };
  const start = document.offsetAt(selected.range.start);
  const end = document.offsetAt(selected.range.end);
  const withItem = text.slice(0, start) + selected.text + text.slice(Math.max(end, document.offsetAt(cursor)));
  return { document, text: withItem, offset: start + selected.text.length, range: new vscode.Range(selected.range.start, cursor), lead: selected.text };
}

function items(text: string, at: Position): vscode.InlineCompletionItem[] | undefined {
  if (!text) return undefined;
  return [new vscode.InlineCompletionItem(at.lead + text, at.range)];
}

/** Resolves true after `ms`, or false as soon as VS Code cancels (the user typed on). */
function waitUnlessCancelled(ms: number, token: vscode.CancellationToken): Promise<boolean> {
  if (token.isCancellationRequested) return Promise.resolve(false);
  return new Promise((resolve) => {
    const stopTimer = startTimer(ms, () => {
      subscription.dispose();
      resolve(true);
    });
    const subscription = token.onCancellationRequested(() => {
      stopTimer();
      subscription.dispose();
      resolve(false);
    });
  });
}

/** How many findings touch [start, end): the ones inside it and the ones a cut there would split. */
function secretsTouching(findings: readonly SecretFinding[], start: number, end: number): number {
  return findings.filter((finding) => finding.start < end && start < finding.end).length;
}

/**
 * The secrets of the last few texts scanned whole, so a keystroke rescans only the edited
 * document, not every snippet source as well.
 */
class SecretsOfText {
  readonly #recent = new Map<string, SecretFinding[]>();
  #knownCount = 0;

  of(text: string, known: readonly string[]): SecretFinding[] {
    // A newly known secret may appear in a text scanned before: start afresh.
    if (known.length !== this.#knownCount) {
      this.#recent.clear();
      this.#knownCount = known.length;
    }
    const cached = this.#recent.get(text);
    if (cached) return cached;
    const findings = withKnownSecrets(findSecrets(text), text, known);
    if (this.#recent.size >= 8) this.#recent.delete(this.#recent.keys().next().value as string);
    this.#recent.set(text, findings);
    return findings;
  }
}
