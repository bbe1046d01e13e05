// One inline completion, from the text at the cursor to the ledger row: the facts of the edited
// file and its context snippets (with their secrets), the route, the request to the side chosen
// (the local model, or the cloud after redaction and the egress guard), its deadline, and how it
// ended. The host keeps only what is VS Code's: positions, the debounce wait, the cancellation
// token, the items, the cache of answers shown. So these rules run in plain Node against the twins.
import { isDeepStrictEqual } from "node:util";
import { withDeadline } from "../deadline.ts";
import { ProviderError } from "../errors.ts";
import type { LedgerEntry } from "../ledger/ledgerTypes.ts";
import { ledgerEntry } from "../ledger/ledgerEntry.ts";
import type { LedgerDraft, LedgerNote, LedgerRequest, LedgerResult } from "../ledger/ledgerEntry.ts";
import { isOllamaCloudName } from "../models/ollamaModelRef.ts";
import type { PrivacyReason } from "../privacy/privacyReasons.ts";
import type { Logger } from "../ports.ts";
import { withKnownSecrets } from "../privacy/knownSecrets.ts";
import { findSecrets } from "../privacy/secrets.ts";
import type { SecretFinding } from "../privacy/secrets.ts";
import type { CloudModelProvider } from "../providers/providerTypes.ts";
import type { LocalModelProvider } from "../providers/providerTypes.ts";
import { route } from "../routing/router.ts";
import type { Decision, RouteContext, RouteFile } from "../routing/router.ts";
import { estimateTokens } from "../tokens.ts";
import { requestCloudCompletion } from "./cloudCompletion.ts";
import { buildFimPrompt } from "./fimPrompt.ts";
import { requestInlineCompletion } from "./inlineCompletion.ts";

export type SecretsPolicy = "redact" | "route-local";

/** The settings one completion reads, at the moment it is asked for. */
export interface CompletionSettings {
  promptTokens: number;
  maxTokens: number;
  localTimeoutSeconds: number;
  cloudTimeoutSeconds: number;
}

/** What the pipeline needs from its host; the host's services satisfy these as they are. */
export interface CompletionPorts {
  settings(): CompletionSettings;
  /** The router's view of this moment (trust, both sides' health, spend) for a secrets policy. */
  routeContext(secretsPolicy: SecretsPolicy): RouteContext;
  local: {
    readonly provider: LocalModelProvider;
    readonly completionModel: string;
    readonly trust: { readonly private: boolean };
    reportFailure(error: unknown): void;
  };
  cloud: {
    /** Undefined while no API key is set. */
    provider(): CloudModelProvider | undefined;
    status(): { endpoint: string };
    reportFailure(error: unknown): void;
  };
  /** What the egress guard knows; refreshed before every request that leaves the machine. */
  egress: { knownSecrets(): readonly string[]; refresh(): Promise<void> };
  /** The host words each draft (ledgerWords.ts) and records it; the rows come back worded. */
  ledger: { record(entry: LedgerDraft): unknown; entries(): readonly LedgerEntry[] };
  logger: Logger;
  /** The user's words for a failed request (the status bar shows them). */
  describeFailure(error: unknown, model: string | undefined): string;
  now?: () => number;
}

/** The edited file as the workspace's privacy rules see it. */
export interface EditedFile {
  path: string;
  cloudAllowed: boolean;
  reasons: readonly PrivacyReason[];
  secretsPolicy: SecretsPolicy;
}

/** A neighbouring file offered as context: the snippet cut from it, and its whole text. */
export interface ContextFile {
  path: string;
  text: string;
  wholeText(): string;
  cloudAllowed: boolean;
  reasons: readonly PrivacyReason[];
}

export interface CompletionAsk {
  /** The document's text as the completion should see it, and the cursor's offset in it. */
  text: string;
  offset: number;
  languageId: string;
  lineEnding: "\n" | "\r\n";
  edited: EditedFile;
  snippets: readonly ContextFile[];
}

/** How a completion ended. `text` is post-processed and never empty. */
export type CompletionOutcome =
  | { kind: "shown"; decision: Decision; text: string }
  | { kind: "empty"; decision: Decision }
  | { kind: "cancelled"; decision: Decision }
  | { kind: "failed"; decision: Decision; message: string };

export interface SendOptions {
  signal: AbortSignal;
  /** The text streamed so far, for a keystroke that types through a running request. */
  onProgress?: (textSoFar: string) => void;
}

export class CompletionPipeline {
  readonly #ports: CompletionPorts;
  readonly #secrets = new SecretsOfText();
  #lastFailure: string | undefined;
  /** The last refusal booked, as codes: the ledger's rows are words, which a translation changes. */
  #lastRefusal: { path: string; note: LedgerNote } | undefined;

  constructor(ports: CompletionPorts) {
    this.#ports = ports;
  }

  /** Where the completion may go and why; `target: "none"` (or no model) is a refusal to record. */
  decide(ask: CompletionAsk): Decision {
    const config = this.#ports.settings();
    const window = buildFimPrompt({ text: ask.text, offset: ask.offset, budgetTokens: config.promptTokens });
    // Secrets are found in whole texts and counted where they touch what would be sent: a key cut
    // in two by a window still counts.
    const known = this.#ports.egress.knownSecrets();
    const { edited } = ask;
    const files: RouteFile[] = [
      {
        path: edited.path,
        role: "edited",
        cloudAllowed: edited.cloudAllowed,
        privacyReasons: [...edited.reasons],
        tokens: window.tokens,
        secrets: secretsTouching(this.#secrets.of(ask.text, known), ask.offset - window.window.length, ask.offset + window.suffix.length),
      },
      ...ask.snippets.map((snippet) => ({
        path: snippet.path,
        role: "context" as const,
        cloudAllowed: snippet.cloudAllowed,
        privacyReasons: [...snippet.reasons],
        tokens: estimateTokens(snippet.text),
        secrets: secretsTouching(this.#secrets.of(snippet.wholeText(), known), 0, snippet.text.length),
      })),
    ];
    return route({ kind: "completion", files, maxOutputTokens: config.maxTokens }, this.#ports.routeContext(edited.secretsPolicy));
  }

  /**
   * One ledger row per run of refusals of the same file for the same reason, not one per
   * keystroke. The host logs why, in words.
   */
  recordRefusal(decision: Decision, path: string): void {
    const note: LedgerNote = { code: "refusal", action: decision.action, reasons: decision.reasons };
    // The newest row is this pipeline's last refusal (of the same file, for the same reason) when it
    // is a refused completion of that file and nothing else was booked since.
    const last = this.#ports.ledger.entries()[0];
    const same = this.#lastRefusal?.path === path && isDeepStrictEqual(this.#lastRefusal.note, note);
    if (same && last?.outcome === "refused" && last.kind === "completion" && last.file === path) return;
    const request: LedgerRequest = {
      kind: "completion",
      decision: { ...decision, target: "none", model: undefined },
      localKind: this.#ports.local.provider.kind,
      files: 1,
      file: path,
    };
    this.#ports.ledger.record(ledgerEntry(request, { outcome: "refused", reasons: [note] }));
    this.#lastRefusal = { path, note };
  }

  /** Sends what `decision` allows, within the side's deadline, and books the outcome. */
  async send(decision: Decision, ask: CompletionAsk, options: SendOptions): Promise<CompletionOutcome> {
    const ports = this.#ports;
    const model = decision.model;
    if (decision.target === "none" || !model) throw new Error("send() needs a decision that chose a model");
    const config = ports.settings();
    const now = ports.now ?? Date.now;
    const started = now();
    // Only what the router cleared goes to the cloud; the local model may read every open file.
    const context =
      decision.target === "cloud" ? ask.snippets.filter((snippet) => snippet.cloudAllowed && !decision.droppedContext.includes(snippet.path)) : ask.snippets;
    const request: LedgerRequest = {
      time: started,
      kind: "completion",
      decision,
      localKind: ports.local.provider.kind,
      files: 1 + context.length,
      file: ask.edited.path,
    };
    const record = (result: Partial<LedgerResult> & Pick<LedgerResult, "outcome">) =>
      ports.ledger.record(ledgerEntry(request, { latencyMs: now() - started, ...result }));
    const common = {
      text: ask.text,
      offset: ask.offset,
      languageId: ask.languageId,
      promptTokens: config.promptTokens,
      maxTokens: config.maxTokens,
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    };
    try {
      // A server that never answers must not keep the spinner going for ever.
      const deadline = 1000 * (decision.target === "cloud" ? config.cloudTimeoutSeconds : config.localTimeoutSeconds);
      const completion = await withDeadline(options.signal, deadline, async (bounded) => {
        if (decision.target === "cloud") {
          const provider = ports.cloud.provider();
          if (!provider)
            throw new ProviderError({
              kind: "unauthorized",
              side: "cloud",
              endpoint: ports.cloud.status().endpoint,
              problem: { code: "no-cloud-key" },
            });
          await ports.egress.refresh();
          // The cloud path cuts its snippets itself, after redacting each whole document.
          const snippets = context.map((snippet) => ({ path: snippet.path, text: snippet.wholeText() }));
          return requestCloudCompletion(provider, {
            ...common,
            snippets,
            signal: bounded,
            model,
            path: ask.edited.path,
            knownSecrets: [...ports.egress.knownSecrets()],
          });
        }
        // A local side that is not private is guarded like the cloud: its guard must know the window.
        if (!ports.local.trust.private || isOllamaCloudName(ports.local.completionModel)) await ports.egress.refresh();
        const snippets = context.map(({ path, text }) => ({ path, text }));
        return requestInlineCompletion(ports.local.provider, {
          ...common,
          snippets,
          signal: bounded,
          model: ports.local.completionModel,
          filePath: ask.edited.path,
          lineEnding: ask.lineEnding,
        });
      });
      const { usage, latencyMs } = completion.result;
      record({ usage, latencyMs, outcome: completion.insertText ? "ok" : "empty" });
      this.#lastFailure = undefined;
      ports.logger.debug(`Completion from ${decision.target} ${model}: ${usage.outputTokens} tokens in ${Math.round(latencyMs)} ms`);
      return completion.insertText ? { kind: "shown", decision, text: completion.insertText } : { kind: "empty", decision };
    } catch (error) {
      if (ProviderError.is(error, "aborted")) {
        ports.logger.trace("Completion aborted: the user typed something else");
        // A cloud stream cut short is still billed for what it used; a local one cost nothing.
        if (decision.target === "cloud") record({ outcome: "cancelled" });
        return { kind: "cancelled", decision };
      }
      const reason = error instanceof Error ? error.message : String(error);
      const message = ports.describeFailure(error, model);
      // Once per kind of failure in a row, so a keystroke storm against a broken server stays readable.
      if (message !== this.#lastFailure) ports.logger.warn(`Completion with ${model} failed: ${message}`);
      if (!ProviderError.is(error)) ports.logger.error(`Completion failed unexpectedly: ${error instanceof Error ? error.stack : reason}`);
      this.#lastFailure = message;
      if (decision.target === "cloud") ports.cloud.reportFailure(error);
      else ports.local.reportFailure(error);
      record({ outcome: "failed", reasons: [{ code: "failed", message: reason }] });
      return { kind: "failed", decision, message };
    }
  }
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
