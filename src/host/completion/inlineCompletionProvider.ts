import * as vscode from "vscode";
import { AdaptiveDebounce, CompletionCache, CompletionPipeline, InFlightCompletion, startTimer } from "../../core/index.ts";
import { wordRefusal } from "../../words/index.ts";
import type { CompletionAsk, CompletionKey, CompletionPorts, Decision } from "../../core/index.ts";
import { currentRouteContext } from "../routing/routing.ts";
import type { ModelServices } from "../routing/routing.ts";
import { ledgerPort } from "../ledgerPort.ts";
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
  readonly #pipeline: CompletionPipeline;
  readonly #disposables: vscode.Disposable[] = [];
  #debounce: AdaptiveDebounce;
  /** Where the running request was asked for, to judge each keystroke against it. */
  #inFlightAt: { document: vscode.TextDocument; model: string } | undefined;

  constructor(deps: InlineProviderDeps) {
    this.#deps = deps;
    this.#pipeline = new CompletionPipeline(completionPorts(deps));
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
    const ask = completionAsk(at, edited, snippets);
    const decision = this.#pipeline.decide(ask);
    if (decision.target === "none" || !decision.model) {
      deps.logger.debug(`Completion not sent: ${wordRefusal(decision)}`);
      this.#pipeline.recordRefusal(decision, edited.path);
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
    const request = this.#send(decision, ask, controller.signal);
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

  /** The post-processed completion ("" when the model had nothing), or undefined when it failed or was aborted. */
  async #send(decision: Decision, ask: CompletionAsk, signal: AbortSignal): Promise<string | undefined> {
    const deps = this.#deps;
    deps.onBusyChange(true);
    try {
      const outcome = await this.#pipeline.send(decision, ask, { signal, onProgress: (textSoFar) => this.#inFlight.progress(textSoFar) });
      if (outcome.kind === "failed") deps.onOutcome(outcome.message);
      else if (outcome.kind !== "cancelled") deps.onOutcome(undefined);
      return outcome.kind === "shown" ? outcome.text : outcome.kind === "empty" ? "" : undefined;
    } finally {
      deps.onBusyChange(false);
    }
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

/** The completion as the core's pipeline sees it: text, cursor, the edited file and its context. */
function completionAsk(at: Position, edited: DocumentPrivacy, snippets: readonly SnippetWithPrivacy[]): CompletionAsk {
  return {
    text: at.text,
    offset: at.offset,
    languageId: at.document.languageId,
    lineEnding: at.document.eol === vscode.EndOfLine.CRLF ? "\r\n" : "\n",
    edited: { path: edited.path, cloudAllowed: edited.cloudAllowed, reasons: edited.reasons, secretsPolicy: edited.secretsPolicy },
    snippets: snippets.map((snippet) => ({
      path: snippet.path,
      text: snippet.text,
      wholeText: () => snippet.document.getText(),
      cloudAllowed: snippet.cloudAllowed,
      reasons: snippet.reasons,
    })),
  };
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

/** The host's services as the pipeline's ports. */
function completionPorts(deps: InlineProviderDeps): CompletionPorts {
  return {
    settings: () => {
      const config = deps.settings.current;
      return {
        promptTokens: config["completion.promptTokens"],
        maxTokens: config["completion.maxTokens"],
        localTimeoutSeconds: config["local.timeoutSeconds"],
        cloudTimeoutSeconds: config["cloud.timeoutSeconds"],
      };
    },
    routeContext: (secretsPolicy) => currentRouteContext(deps, secretsPolicy),
    local: deps.local,
    cloud: deps.cloud,
    egress: deps.egress,
    ledger: ledgerPort(deps.ledger),
    logger: deps.logger,
    describeFailure: describeProviderFailure,
  };
}
