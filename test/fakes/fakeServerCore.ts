// Shared machinery of the model-server twins (fakeOllama.ts, cloud/*.ts): an HTTP server on
// 127.0.0.1 that records every request, per-test scripted rules, and a streaming engine that can
// misbehave on purpose (delay, drop, stall, malformed record, error record, endless answer).
// Plain Node only: it runs under `node --test`, inside the VS Code extension host (bundled) and
// from the e2e driver / demo launcher.
import { createServer, STATUS_CODES } from "node:http";
import type { IncomingMessage, Server, ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { once } from "node:events";
import { setTimeout as delay } from "node:timers/promises";

/** One request as the fake received it. */
export interface RecordedRequest {
  method: string;
  /** Path without the query string, e.g. "/api/generate". */
  path: string;
  query: Record<string, string>;
  /** Lower-case names. Credential headers are "[redacted]": a test log must never hold a key. */
  headers: Record<string, string>;
  /**
   * Parsed JSON body; the raw text when it was not JSON; undefined when empty.
   * `any` on purpose: tests read whatever field the client sent, and casts would only add noise.
   */
  body: any;
  /** A credential header (authorization, api-key, x-api-key) was sent. */
  keyPresented: boolean;
  /** The key check passed: the configured key was presented, or the fake requires none. */
  authorized: boolean;
  /** Date.now() on arrival. */
  time: number;
  /** The client closed the connection before the answer was complete (an abort reached the server). */
  clientClosedEarly: boolean;
}

/**
 * A scripted behaviour. Rules are tried in the order they were added; the first that matches
 * (and still has `times` left) decides the response. Without `path` a rule only matches the
 * generation endpoints, so a one-shot rule is never used up by a health check or model list.
 * Chunk counts are stream records: for chunk-level failures "after N" means after N records.
 */
export interface FakeRule {
  // ── match ── (`model`: exact name as sent; prompt: Ollama `prompt`, or message contents joined by "\n")
  path?: string;
  model?: string;
  promptIncludes?: string;
  promptMatches?: RegExp;
  /** Use the rule this many times, then skip it (omit for "always"): lets tests check retries. */
  times?: number;
  // ── respond ──
  /** Answer text, split into `chunks` records when streamed (default 3). */
  reply?: string;
  chunks?: number;
  /** Wait before anything, headers included (a model loading); `chunkDelayMs` before each later record (default 0, endless 20). */
  firstByteDelayMs?: number;
  chunkDelayMs?: number;
  /** Answer with this status; `errorBody` is a message (put in the protocol's error shape) or a whole JSON body. */
  status?: number;
  errorBody?: string | object;
  /** Adds `retry-after` (fractions allowed: clients honour them, tests stay fast). */
  retryAfterSeconds?: number;
  /** Answer 200 with this JSON body instead of the normal one (for /api/show, /v1/models …). */
  json?: unknown;
  /** Cut the connection after N records (0: right after the headers). Non-streamed: before any byte. */
  dropAfterChunks?: number;
  /** Send a record the client cannot parse after N records, then carry on. */
  malformedAfterChunks?: number;
  /** End the stream with the protocol's in-stream error (`errorMessage`) after N records. Non-streamed: a 500. */
  errorLineAfterChunks?: number;
  errorMessage?: string;
  /** Send nothing more after N records, until the client aborts or the fake stops. */
  stallAfterChunks?: number;
  /** Repeat the reply's chunks until the client aborts, `maxChunks` (default 1000) or the request's token cap. */
  endless?: boolean;
  maxChunks?: number;
  /** Overrides for the final record: Ollama `done_reason` / OpenAI `finish_reason`, token counts. */
  doneReason?: string;
  promptTokens?: number;
  completionTokens?: number;
  /** Cloud twins: usage details (`prompt_tokens_details.cached_tokens`, `completion_tokens_details.reasoning_tokens`). */
  cachedTokens?: number;
  reasoningTokens?: number;
  /**
   * The model calls these tools after its reply's text — only when the request offered tools, as
   * the real servers parse tool calls only then. Ollama `/api/chat`: one record with
   * `message.tool_calls`; OpenAI-style twins: streamed `tool_calls` deltas and `finish_reason: "tool_calls"`.
   */
  toolCalls?: TwinToolCall[];
}

/** A tool call a twin's model makes; `id` defaults to one in the server's own format. */
export interface TwinToolCall {
  name: string;
  arguments: Record<string, unknown>;
  id?: string;
}

/** What `script()` returns: lets a test see how often its rule was used. */
export interface ScriptedRule {
  readonly rule: FakeRule;
  readonly hits: number;
  readonly remaining: number | undefined;
}

/** What a rule is matched against. */
export interface MatchInput {
  path: string;
  model?: string;
  prompt?: string;
  /** A generation endpoint: rules without `path` apply here only. */
  generation: boolean;
}

/** One request in flight. */
export interface Exchange {
  readonly request: RecordedRequest;
  readonly res: ServerResponse;
  /** Aborted when the client goes away or the fake stops: every wait honours it, so nothing hangs. */
  readonly signal: AbortSignal;
  readonly startedNs: bigint;
}

/** How a protocol puts records on the wire. */
export interface WireFormat {
  contentType: string;
  /** A record the client cannot parse. */
  malformed: string;
  /** The protocol's in-stream error record. */
  errorRecord(message: string): string;
}

/** The records of one streamed answer. */
export interface StreamSource {
  count: number;
  record(index: number): string;
  /** The closing record(s); only sent when the stream completes. */
  end(sent: number): string;
  /**
   * Waits before record `index` (and before the end, with index = count): the time the server
   * spends producing it. False when the exchange was aborted meanwhile.
   */
  wait?(index: number, signal: AbortSignal): Promise<boolean>;
}

/** A fixed code line: deterministic, so e2e tests can look for it as ghost text. */
export const DEFAULT_COMPLETION = "return 42;";
export type DefaultCompletion = string | ((prompt: string) => string);

const CREDENTIAL_HEADERS = ["authorization", "api-key", "x-api-key"];
const MAX_BODY_BYTES = 32 * 1024 * 1024;
const ENDLESS_MAX_CHUNKS = 1000;
const ENDLESS_CHUNK_DELAY_MS = 20;

type ActiveRule = { -readonly [K in keyof ScriptedRule]: ScriptedRule[K] };

export class FakeServer {
  /** Every request, in arrival order. */
  readonly requests: RecordedRequest[] = [];
  #server: Server;
  #sockets = new Set<Socket>();
  #rules: ActiveRule[] = [];
  #stopping = new AbortController();
  #apiKey: string | undefined;
  #port = 0;
  #stopped: Promise<void> | undefined;

  constructor(apiKey?: string) {
    this.#apiKey = apiKey;
    this.#server = createServer((req, res) => void this.#serve(req, res));
    this.#server.on("connection", (socket) => {
      this.#sockets.add(socket);
      socket.on("close", () => this.#sockets.delete(socket));
    });
  }

  get port(): number {
    return this.#port;
  }

  /** Base URL, e.g. "http://127.0.0.1:41234". */
  get url(): string {
    return `http://127.0.0.1:${this.#port}`;
  }

  /** Listens on 127.0.0.1 only (never another interface); port 0 picks a free one. */
  async listen(port = 0): Promise<this> {
    this.#server.listen(port, "127.0.0.1");
    await once(this.#server, "listening"); // rejects on "error", e.g. a port in use
    this.#port = (this.#server.address() as AddressInfo).port;
    return this;
  }

  /** Connections clients hold open to this server now (idle keep-alive ones included). */
  get openConnections(): number {
    return this.#sockets.size;
  }

  requestsTo(path: string): RecordedRequest[] {
    return this.requests.filter((r) => r.path === path);
  }

  script(rule: FakeRule): ScriptedRule {
    const active: ActiveRule = { rule, hits: 0, remaining: rule.times };
    this.#rules.push(active);
    return active;
  }

  /** Forgets rules and recorded requests (and, in subclasses, state the tests changed). */
  reset(): void {
    this.#rules = [];
    this.requests.length = 0;
  }

  /** Closes every connection, stalled streams included, so the test process can exit. Idempotent. */
  stop(): Promise<void> {
    this.#stopped ??= new Promise<void>((resolve) => {
      this.#stopping.abort();
      this.#server.close(() => resolve());
      this.#server.closeAllConnections();
      for (const socket of this.#sockets) socket.destroy();
    });
    return this.#stopped;
  }

  /** Protocol routing; subclasses override. */
  protected async handle(ex: Exchange): Promise<void> {
    sendText(ex.res, 404, "404 page not found");
  }

  /** The protocol's JSON error body. */
  protected errorBody(_status: number, message: string): unknown {
    return { error: message };
  }

  /** Whether this request needs the key (OpenRouter lists its models to anyone). */
  protected needsKey(_request: RecordedRequest): boolean {
    return true;
  }

  /** Headers the protocol adds to an error answer of this status (a cloud's rate-limit headers on a 429). */
  protected statusHeaders(_status: number): Record<string, string> {
    return {};
  }

  /** Finds the first matching rule with uses left and consumes one use. */
  protected takeRule(input: MatchInput): FakeRule | undefined {
    for (const active of this.#rules) {
      if (active.remaining === 0 || !ruleMatches(active.rule, input)) continue;
      active.hits++;
      if (active.remaining !== undefined) active.remaining--;
      return active.rule;
    }
    return undefined;
  }

  protected sendError(ex: Exchange, status: number, message: string, headers: Record<string, string> = {}): void {
    sendJson(ex.res, status, this.errorBody(status, message), { ...this.statusHeaders(status), ...headers });
  }

  /** Applies the rule's response-level behaviour. True when the response is settled. */
  protected async prelude(ex: Exchange, rule: FakeRule | undefined): Promise<boolean> {
    if (!rule) return false;
    if (!(await sleep(rule.firstByteDelayMs ?? 0, ex.signal))) return true;
    if (rule.status !== undefined) {
      const headers: Record<string, string> = {
        ...this.statusHeaders(rule.status),
        ...(rule.retryAfterSeconds === undefined ? {} : { "retry-after": String(rule.retryAfterSeconds) }),
      };
      if (typeof rule.errorBody === "object") sendJson(ex.res, rule.status, rule.errorBody, headers);
      else sendJson(ex.res, rule.status, this.errorBody(rule.status, rule.errorBody ?? STATUS_CODES[rule.status] ?? "error"), headers);
      return true;
    }
    if (rule.json !== undefined) {
      sendJson(ex.res, 200, rule.json);
      return true;
    }
    return false;
  }

  /** Streams `source`, injecting the rule's chunk-level failures. */
  protected async stream(ex: Exchange, rule: FakeRule = {}, wire: WireFormat, source: StreamSource): Promise<void> {
    const { res, signal } = ex;
    res.writeHead(200, { "content-type": wire.contentType, "cache-control": "no-cache" });
    res.flushHeaders(); // why: clients return the stream (and its abort handle) once headers arrive
    const delay = rule.chunkDelayMs ?? (rule.endless ? ENDLESS_CHUNK_DELAY_MS : 0);
    for (let i = 0; ; i++) {
      if (i > 0 && !(await sleep(delay, signal))) return;
      if (signal.aborted) return;
      if (rule.dropAfterChunks === i) return dropAfterFlush(res);
      if (rule.stallAfterChunks === i) return untilAborted(signal);
      if (rule.malformedAfterChunks === i) res.write(wire.malformed);
      if (rule.errorLineAfterChunks === i) return void res.end(wire.errorRecord(rule.errorMessage ?? "fake server error"));
      if (source.wait && !(await source.wait(i, signal))) return;
      if (i >= source.count) break;
      res.write(source.record(i));
    }
    res.end(source.end(source.count));
  }

  /** A non-streamed answer, with the rule's failures mapped to their one-shot equivalents. */
  protected async sendOnce(ex: Exchange, rule: FakeRule = {}, body: () => unknown): Promise<void> {
    if (rule.dropAfterChunks !== undefined) return void ex.res.destroy();
    if (rule.stallAfterChunks !== undefined) return untilAborted(ex.signal);
    if (rule.errorLineAfterChunks !== undefined) return this.sendError(ex, 500, rule.errorMessage ?? "fake server error");
    if (rule.malformedAfterChunks !== undefined) return sendText(ex.res, 200, '{"truncated": ', "application/json");
    sendJson(ex.res, 200, body());
  }

  async #serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const startedNs = process.hrtime.bigint();
    const inFlight = new AbortController();
    const abort = (): void => inFlight.abort();
    this.#stopping.signal.addEventListener("abort", abort, { once: true });
    let request: RecordedRequest | undefined;
    res.on("close", () => {
      if (request && !res.writableEnded && !this.#stopping.signal.aborted) request.clientClosedEarly = true;
      abort();
      this.#stopping.signal.removeEventListener("abort", abort);
    });
    res.on("error", () => {}); // why: writes racing a client disconnect are expected, not failures
    try {
      request = this.#record(req, await readBody(req));
      if (!request.authorized && this.needsKey(request)) {
        const message = request.keyPresented ? "Incorrect API key provided." : "You didn't provide an API key.";
        return this.sendError({ request, res, signal: inFlight.signal, startedNs }, 401, message);
      }
      await this.handle({ request, res, signal: inFlight.signal, startedNs });
    } catch (error) {
      if (inFlight.signal.aborted) return;
      console.error("fake server: request failed", error);
      if (res.headersSent) res.destroy();
      else sendJson(res, 500, this.errorBody(500, String(error)));
    }
  }

  #record(req: IncomingMessage, raw: string): RecordedRequest {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(req.headers)) {
      if (value === undefined) continue;
      headers[name] = CREDENTIAL_HEADERS.includes(name) ? "[redacted]" : String(value);
    }
    const bearer = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? "")?.[1];
    const presented = [bearer, req.headers["api-key"], req.headers["x-api-key"]];
    const request: RecordedRequest = {
      method: req.method ?? "GET",
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      headers,
      body: parseBody(raw),
      keyPresented: CREDENTIAL_HEADERS.some((name) => req.headers[name] !== undefined),
      authorized: this.#apiKey === undefined || presented.includes(this.#apiKey),
      time: Date.now(),
      clientClosedEarly: false,
    };
    this.requests.push(request);
    return request;
  }
}

/** Closes the connection once what was written has left, so the client sees those records, then the cut. */
function dropAfterFlush(res: ServerResponse): void {
  const socket = res.socket;
  if (socket) socket.end(() => socket.destroy());
  else res.destroy();
}

function ruleMatches(rule: FakeRule, input: MatchInput): boolean {
  if (rule.path === undefined ? !input.generation : rule.path !== input.path) return false;
  if (rule.model !== undefined && rule.model !== input.model) return false;
  if (rule.promptIncludes !== undefined && !(input.prompt ?? "").includes(rule.promptIncludes)) return false;
  if (rule.promptMatches !== undefined && !rule.promptMatches.test(input.prompt ?? "")) return false;
  return true;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const parts: Buffer[] = [];
  let size = 0;
  for await (const part of req as AsyncIterable<Buffer>) {
    size += part.length;
    if (size > MAX_BODY_BYTES) throw new Error("request body too large");
    parts.push(part);
  }
  return Buffer.concat(parts).toString("utf8");
}

function parseBody(raw: string): unknown {
  try {
    return raw === "" ? undefined : JSON.parse(raw);
  } catch {
    return raw;
  }
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  sendText(res, status, JSON.stringify(body), "application/json; charset=utf-8", headers);
}

export function sendText(res: ServerResponse, status: number, text: string, type = "text/plain; charset=utf-8", headers = {}): void {
  if (res.headersSent || res.destroyed) return;
  res.writeHead(status, { "content-type": type, ...headers });
  res.end(text);
}

/** Resolves true after `ms`, or false as soon as `signal` aborts (its timer is cleared then). */
export function sleep(ms: number, signal: AbortSignal): Promise<boolean> {
  if (signal.aborted || ms <= 0) return Promise.resolve(!signal.aborted);
  return delay(ms, true, { signal }).catch(() => false);
}

export async function untilAborted(signal: AbortSignal): Promise<void> {
  if (!signal.aborted) await once(signal, "abort");
}

/** Splits text into at most `n` non-empty pieces of similar length, never inside a code point. */
export function splitIntoChunks(text: string, n: number): string[] {
  const chars = Array.from(text);
  const count = Math.min(Math.max(1, Math.floor(n)), chars.length);
  const edge = (i: number): number => Math.round((i * chars.length) / count);
  return Array.from({ length: count }, (_, i) => chars.slice(edge(i), edge(i + 1)).join(""));
}

/** Rough token count (≈4 characters per token): deterministic, good enough for cost tests. */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

/** Cuts the text at the first stop sequence, as servers do (the stop text itself is not returned). */
export function cutAtStop(text: string, stops: unknown): string {
  const list: unknown[] = Array.isArray(stops) ? stops : [stops];
  const cuts = list.map((stop) => (typeof stop === "string" && stop !== "" ? text.indexOf(stop) : -1)).filter((at) => at >= 0);
  return text.slice(0, Math.min(text.length, ...cuts));
}

/** The answer for a request: the rule's reply, else the fake's default completion. */
export function replyText(rule: FakeRule | undefined, fallback: DefaultCompletion | undefined, prompt: string): string {
  if (rule?.reply !== undefined) return rule.reply;
  if (typeof fallback === "function") return fallback(prompt);
  return fallback ?? DEFAULT_COMPLETION;
}

/** One answer cut into stream records; streamed and non-streamed replies share it. */
export interface AnswerPlan {
  count: number;
  endless: boolean;
  piece(index: number): string;
  /** Text of the first `sent` pieces (endless plans repeat their pieces). */
  text(sent: number): string;
}

/** `limit` is the request's own token cap (num_predict / max_tokens): it ends an endless answer. */
export function planAnswer(rule: FakeRule | undefined, text: string, limit: unknown): AnswerPlan {
  const endless = rule?.endless === true;
  const split = splitIntoChunks(text, rule?.chunks ?? 3);
  const pieces = endless && split.length === 0 ? [" "] : split;
  const cap = typeof limit === "number" && limit > 0 ? limit : Infinity;
  const count = endless ? Math.min(rule?.maxChunks ?? ENDLESS_MAX_CHUNKS, cap) : pieces.length;
  const piece = (index: number): string => pieces[index % pieces.length] ?? "";
  return { count, endless, piece, text: (sent) => Array.from({ length: sent }, (_, i) => piece(i)).join("") };
}

/** Prompt text rules match against: a string, or chat messages' text contents joined by "\n". */
export function promptOf(prompt: unknown, messages: unknown): string {
  if (typeof prompt === "string") return prompt;
  const textOf = (content: unknown): string =>
    typeof content === "string" ? content : Array.isArray(content) ? content.map((part) => textOf(part?.text)).join("") : "";
  return Array.isArray(messages) ? messages.map((m) => textOf(m?.content)).join("\n") : "";
}
