// A scripted typing session against the Ollama twin, on a virtual clock: what a user waits for and
// what the model spends, with today's completion strategy next to the old one (bench/baselineFimPrompt.ts).
//   node scripts/bootstrap.mjs bench/typingSession.bench.ts
// The user types a function body (~330 characters, human rhythm) into a 400-line file with two
// other files open; the host's policy is replayed as InlineCompletionService runs it (adaptive
// debounce, completion cache, typing through a streaming answer, aborting one that disagrees).
// After each statement the user stops and waits for ghost text. The twin charges what Ollama
// would: a load for every new num_ctx (server/sched.go), prompt evaluation only for tokens not in
// the KV cache (llama.cpp cache_prompt), generation per token, one request at a time.
// Figures are printed; nothing is asserted.
import {
  AdaptiveDebounce,
  CompletionCache,
  FIM_TEMPLATES,
  InFlightCompletion,
  OllamaProvider,
  ProviderError,
  completionMode,
  createStopPredicate,
  postProcessCompletion,
  requestInlineCompletion,
} from "../src/core/index.ts";
import { LATENCY_PROFILES, VirtualClock, startFakeOllama } from "../test/fakes/fakeOllama.ts";
import type { FakeOllama, LatencyProfile } from "../test/fakes/fakeOllama.ts";
import { baselineFimPrompt } from "./baselineFimPrompt.ts";
import { percentile, randomText } from "./measure.ts";

const MODEL = "qwen2.5-coder:1.5b-base";
const SETTINGS = { promptTokens: 1500, maxTokens: 128, debounceFloorMs: 75, debounceCeilingMs: 350 };
const FILE_PATH = "demo/src/orders.ts";
const ANCHOR = "export function summarize(items: Item[], percent: number): Summary {\n  ";
const step = (i: number) => `export function step${i}(value: number): number {\n  return value * ${i} + ${i % 7};\n}\n`;
const AFTER = `\n}\n\n${Array.from({ length: 50 }, (_, i) => step(i + 50)).join("\n")}`;
/**
 * Where the function sits changes where the prefix window's anchor falls relative to the cursor,
 * so the session is run at four positions a quarter of an anchor step apart (four more functions
 * above each time) and the figures are pooled: no result depends on one lucky position.
 */
const POSITIONS = [0, 1, 2, 3];
const beforeAt = (position: number) => `${Array.from({ length: 50 + 4 * position }, (_, i) => step(i)).join("\n")}\n${ANCHOR}`;
const TYPED = [
  "const subtotal = items.reduce((sum, item) => sum + item.price * item.quantity, 0);",
  "\n  const discount = subtotal * (percent / 100);",
  "\n  const taxed = (subtotal - discount) * 1.2;",
  "\n  const count = items.length;",
  "\n  if (count === 0) {",
  "\n    return { subtotal: 0, discount: 0, total: 0, count };",
  "\n  }",
  "\n  return { subtotal, discount, total: taxed, count };",
].join("");
const SNIPPETS = [
  {
    path: "demo/src/item.ts",
    text: "export interface Item {\n  id: string;\n  price: number;\n  quantity: number;\n}\n\nexport interface Summary {\n  subtotal: number;\n  discount: number;\n  total: number;\n  count: number;\n}\n",
  },
  {
    path: "demo/src/money.ts",
    text: "export function formatUsd(value: number): string {\n  return `$${value.toFixed(2)}`;\n}\n\nexport const TAX_RATE = 0.2;\n",
  },
];

type Strategy = "old: per-request num_ctx, sliding window" | "new: fixed num_ctx, anchored window";
const STRATEGIES: Strategy[] = ["old: per-request num_ctx, sliding window", "new: fixed num_ctx, anchored window"];

/** What the twin's model answers: the rest of the user's line three times in five, else something else. */
function predict(prompt: string): string {
  const typed = typedIn(prompt);
  if (typed.length % 5 >= 3) return 'throw new Error("not implemented");\n';
  return `${TYPED.slice(typed.length, typed.length + 48)}\n`;
}

function typedIn(prompt: string): string {
  const at = prompt.lastIndexOf(ANCHOR);
  return at < 0 ? "" : prompt.slice(at + ANCHOR.length);
}

/** Human rhythm (seeded): ~190 ms between keys, longer after a word or line; the user stops to read ghost text after "= " and "return ". */
function keystrokes(): Array<{ char: string; gapMs: number; pauseAfter: boolean }> {
  const random = randomText(11);
  return [...TYPED].map((char, i) => {
    const jitter = (random(1, "0123456789").charCodeAt(0) - 48) * 12;
    const previous = TYPED[i - 1];
    const gapMs = previous === "\n" ? 700 + jitter : previous === " " ? 260 + jitter : 130 + jitter;
    const next = TYPED[i + 1];
    const sofar = TYPED.slice(0, i + 1);
    return { char, gapMs, pauseAfter: next !== undefined && (sofar.endsWith("= ") || sofar.endsWith("return ")) };
  });
}

/** The host's completion flow (InlineCompletionService) on the virtual clock. */
class Host {
  text: string;
  offset: number;
  readonly keyAt: number[] = [];
  readonly ghostAt = new Map<number, number>();
  progress = 0;
  answeredWithoutRequest = 0;
  readonly #debounce: AdaptiveDebounce;
  readonly #cache = new CompletionCache({ prefixChars: 200, suffixChars: 100 });
  readonly #inFlight = new InFlightCompletion();
  #provide: AbortController | undefined;
  readonly clock: VirtualClock;
  readonly send: (host: Host, signal: AbortSignal) => Promise<string | undefined>;

  constructor(clock: VirtualClock, before: string, send: (host: Host, signal: AbortSignal) => Promise<string | undefined>) {
    this.text = before + AFTER;
    this.offset = before.length;
    this.clock = clock;
    this.send = send;
    this.#debounce = new AdaptiveDebounce({ floorMs: SETTINGS.debounceFloorMs, ceilingMs: SETTINGS.debounceCeilingMs, clock });
  }

  key() {
    return { prefix: this.text.slice(Math.max(0, this.offset - 2_000), this.offset), suffix: this.text.slice(this.offset, this.offset + 500), model: MODEL };
  }

  streamed(textSoFar: string): void {
    this.#inFlight.progress(textSoFar);
    this.progress++;
  }

  type(char: string): void {
    this.text = this.text.slice(0, this.offset) + char + this.text.slice(this.offset);
    this.offset += char.length;
    const index = this.keyAt.push(this.clock.now()) - 1;
    this.#debounce.recordKeystroke(this.clock.now());
    // #judgeRunningRequest: a keystroke that disagrees with the running request aborts it.
    if (this.#inFlight.join(this.key()) === undefined) this.#inFlight.abort();
    // VS Code cancels the last provideInlineCompletionItems and asks again.
    this.#provide?.abort();
    this.#provide = new AbortController();
    void this.#provideItems(index, this.#provide.signal);
  }

  async #provideItems(index: number, token: AbortSignal): Promise<void> {
    const key = this.key();
    const cached = this.#cache.lookup(key);
    if (cached !== undefined) {
      this.answeredWithoutRequest++;
      return this.#show(index, cached);
    }
    const joined = this.#inFlight.join(key);
    if (joined) {
      const rest = await joined;
      this.progress++;
      if (rest !== undefined && !token.aborted) {
        this.answeredWithoutRequest++;
        return this.#show(index, rest);
      }
    } else this.#inFlight.abort();
    if (!(await this.clock.sleep(this.#debounce.delay(), token)) || token.aborted) return;
    this.progress++;
    const controller = new AbortController();
    const request = this.send(this, controller.signal);
    this.#inFlight.start(
      key,
      controller,
      request.then((text) => text ?? ""),
    );
    const text = await request;
    this.progress++;
    if (text === undefined) return;
    this.#cache.set(key, text);
    if (!token.aborted) this.#show(index, text);
  }

  #show(index: number, text: string): void {
    if (text !== "" && !this.ghostAt.has(index)) this.ghostAt.set(index, this.clock.now());
  }
}

/** One request as the old code sent it: its own prompt windows and num_ctx, the same stop rules and clean-up. */
async function sendOld(provider: OllamaProvider, host: Host, signal: AbortSignal): Promise<string | undefined> {
  const prompt = baselineFimPrompt({
    text: host.text,
    offset: host.offset,
    budgetTokens: SETTINGS.promptTokens,
    maxTokens: SETTINGS.maxTokens,
    filePath: FILE_PATH,
    languageId: "typescript",
    snippets: SNIPPETS,
  });
  const cursor = { prefix: prompt.window, suffix: prompt.suffix, languageId: "typescript" };
  const stopAt = createStopPredicate(completionMode(cursor), cursor);
  let cut: number | undefined;
  return quietly(async () => {
    const result = await provider.generateFim({
      model: MODEL,
      prefix: prompt.prefix,
      suffix: prompt.suffix,
      maxTokens: SETTINGS.maxTokens,
      contextTokens: prompt.numCtx,
      temperature: 0.2,
      stop: [...FIM_TEMPLATES.qwen.stop],
      signal,
      onText: (soFar) => {
        host.streamed(soFar);
        cut = stopAt(soFar);
        return cut === undefined;
      },
    });
    cut ??= stopAt(`${result.text}\n`);
    return postProcessCompletion(cut !== undefined ? result.text.slice(0, cut) : result.text, cursor);
  });
}

async function sendNew(provider: OllamaProvider, host: Host, signal: AbortSignal): Promise<string | undefined> {
  return quietly(async () => {
    const completion = await requestInlineCompletion(provider, {
      text: host.text,
      offset: host.offset,
      model: MODEL,
      promptTokens: SETTINGS.promptTokens,
      maxTokens: SETTINGS.maxTokens,
      signal,
      filePath: FILE_PATH,
      languageId: "typescript",
      snippets: SNIPPETS,
      onProgress: (soFar) => host.streamed(soFar),
    });
    return completion.insertText;
  });
}

async function quietly(run: () => Promise<string>): Promise<string | undefined> {
  try {
    return await run();
  } catch (error) {
    if (ProviderError.is(error, "aborted")) return undefined;
    throw error;
  }
}

/** Lets real I/O (HTTP on 127.0.0.1) and promise chains run until nothing changes for a while. */
async function settle(signature: () => string): Promise<void> {
  let last = "";
  for (let round = 0, stable = 0; round < 10_000 && stable < 25; round++) {
    await new Promise((resolve) => setImmediate(resolve));
    const now = signature();
    stable = now === last ? stable + 1 : 0;
    last = now;
  }
}

async function runSession(strategy: Strategy, profile: LatencyProfile, position: number) {
  const clock = new VirtualClock();
  const twin: FakeOllama = await startFakeOllama({ clock, profile, defaultCompletion: predict });
  twin.script({ path: "/api/generate", chunks: 12 });
  const provider = new OllamaProvider({ endpoint: twin.url, clock });
  const host = new Host(clock, beforeAt(position), (h, signal) => (strategy.startsWith("old") ? sendOld(provider, h, signal) : sendNew(provider, h, signal)));
  const signature = () =>
    `${twin.requests.length}|${twin.generations.length}|${twin.generations.at(-1)?.finishedAt}|${clock.pendingTimers}|${host.progress}|${twin.requests.filter((r) => r.clientClosedEarly).length}`;
  /** Moves virtual time to `until` (or until `done` holds), one timer at a time, letting I/O settle after each. */
  const runUntil = async (until: number, done: () => boolean = () => false) => {
    for (let i = 0; i < 100_000; i++) {
      await settle(signature);
      if (done()) return;
      const next = clock.nextTimerAt;
      if (next === undefined || next > until) break;
      await clock.advanceTo(next);
    }
    await clock.advanceTo(Math.max(clock.now(), until));
    await settle(signature);
  };
  // Warm-up: the file is opened and the first completion loads the model.
  // (Not awaited before time moves: the request waits for the virtual clock.)
  const warm = sendNew(provider, host, new AbortController().signal).catch(() => undefined);
  await runUntil(clock.now() + 60_000, () => twin.generations.length > 0 && twin.generations[0]?.finishedAt !== undefined);
  await warm;
  const warmGenerations = twin.generations.length;
  const warmRequests = twin.requestsTo("/api/generate").length;
  const waits: number[] = [];
  let noGhost = 0;
  for (const key of keystrokes()) {
    await runUntil(clock.now() + key.gapMs);
    host.type(key.char);
    if (!key.pauseAfter) continue;
    const index = host.keyAt.length - 1;
    await runUntil(clock.now() + 15_000, () => host.ghostAt.has(index));
    const shownAt = host.ghostAt.get(index);
    if (shownAt === undefined) noGhost++;
    else waits.push(shownAt - (host.keyAt[index] ?? 0));
    await runUntil(clock.now() + 300);
  }
  await runUntil(clock.now() + 20_000, () => twin.generations.every((g) => g.finishedAt !== undefined));
  const generations = twin.generations.slice(warmGenerations);
  let previousTyped = typedIn(String(twin.generations[warmGenerations - 1]?.request.deref()?.body.prompt ?? "")).length;
  const floors = generations.map((g) => {
    const typed = typedIn(String(g.request.deref()?.body.prompt)).length;
    const since = Math.max(0, typed - previousTyped);
    previousTyped = typed;
    // What a perfect cache still evaluates: what was typed since the last request, then the
    // template's markers and the suffix, which a prefix-first FIM prompt puts after the cursor.
    return Math.ceil((since + "<|fim_suffix|>".length + String(g.request.deref()?.body.suffix ?? "").length + "<|fim_middle|>".length) / 4);
  });
  const requests = twin.requestsTo("/api/generate").slice(warmRequests);
  const result = {
    requests: requests.length,
    aborted: requests.filter((r) => r.clientClosedEarly).length,
    withoutRequest: host.answeredWithoutRequest,
    reloads: twin.reloads.length,
    contexts: new Set(requests.map((r) => r.body.options?.num_ctx)).size,
    evaluatedAll: generations.map((g) => g.evaluatedTokens),
    floorAll: floors,
    promptAll: generations.map((g) => g.promptTokens),
    waits,
    noGhost,
  };
  await twin.stop();
  return result;
}

function mean(values: readonly number[]): number {
  return values.length === 0 ? 0 : values.reduce((sum, value) => sum + value, 0) / values.length;
}

const PROFILES: Array<[string, LatencyProfile]> = [
  ["laptop CPU (prompt 250 tok/s, generation 25 tok/s, load 3 s)", LATENCY_PROFILES.laptopCpu],
  ["GPU (prompt 4,000 tok/s, generation 120 tok/s, load 1 s)", LATENCY_PROFILES.gpu],
];

type Session = Awaited<ReturnType<typeof runSession>>;

/** The sessions at every position, pooled. */
function pooled(sessions: readonly Session[]) {
  const all = <K extends keyof Session>(key: K) => sessions.flatMap((session) => session[key] as unknown as number[]);
  const sum = (key: "requests" | "aborted" | "withoutRequest" | "reloads" | "noGhost") => sessions.reduce((total, session) => total + session[key], 0);
  return {
    requests: sum("requests"),
    aborted: sum("aborted"),
    withoutRequest: sum("withoutRequest"),
    reloads: sum("reloads"),
    noGhost: sum("noGhost"),
    contexts: Math.max(...sessions.map((session) => session.contexts)),
    prompt: mean(all("promptAll")),
    evaluated: mean(all("evaluatedAll")),
    evaluatedP50: percentile(
      [...all("evaluatedAll")].sort((a, b) => a - b),
      50,
    ),
    floor: mean(all("floorAll")),
    waits: [...all("waits")].sort((a, b) => a - b),
  };
}

const lineCount = (position: number) => (beforeAt(position) + AFTER).split("\n").length;
console.log(
  `Typing session: ${TYPED.length} characters typed into a function of a ${lineCount(0)}–${lineCount(POSITIONS.length - 1)}-line file, two related files open, at ${POSITIONS.length} positions; virtual clock, Node ${process.version}`,
);
console.log(
  `Settings: completion.promptTokens ${SETTINGS.promptTokens}, completion.maxTokens ${SETTINGS.maxTokens}, debounce ${SETTINGS.debounceFloorMs}–${SETTINGS.debounceCeilingMs} ms. The model answers the rest of the line 3 times in 5; the user stops after "= " and "return " until ghost text shows.`,
);
console.log("Per session (means over the positions); tokens per request as the twin counts them (4 characters a token).");
for (const [label, profile] of PROFILES) {
  console.log(`\n${label}`);
  console.log(
    "strategy                                   requests aborted no-request reloads num_ctx-values  prompt-tok  evaluated (p50)  typed+suffix  ghost p50 ms  ghost p95 ms  pauses",
  );
  const rows = new Map<Strategy, ReturnType<typeof pooled>>();
  for (const strategy of STRATEGIES) {
    const sessions: Session[] = [];
    for (const position of POSITIONS) sessions.push(await runSession(strategy, profile, position));
    const r = pooled(sessions);
    rows.set(strategy, r);
    const perSession = (n: number) => (n / POSITIONS.length).toFixed(1);
    console.log(
      [
        strategy.padEnd(42),
        perSession(r.requests).padStart(8),
        perSession(r.aborted).padStart(7),
        perSession(r.withoutRequest).padStart(10),
        perSession(r.reloads).padStart(7),
        String(r.contexts).padStart(14),
        r.prompt.toFixed(0).padStart(11),
        `${r.evaluated.toFixed(1)} (${r.evaluatedP50})`.padStart(16),
        r.floor.toFixed(1).padStart(13),
        percentile(r.waits, 50).toFixed(0).padStart(13),
        percentile(r.waits, 95).toFixed(0).padStart(13),
        `${r.waits.length}${r.noGhost > 0 ? ` (+${r.noGhost} none)` : ""}`.padStart(7),
      ].join(" "),
    );
  }
  const old = rows.get(STRATEGIES[0] as Strategy);
  const now = rows.get(STRATEGIES[1] as Strategy);
  if (old && now) {
    console.log(
      `  time from the last keystroke to ghost text, old ÷ new: p50 ${(percentile(old.waits, 50) / Math.max(1, percentile(now.waits, 50))).toFixed(1)}×, p95 ${(percentile(old.waits, 95) / Math.max(1, percentile(now.waits, 95))).toFixed(1)}×`,
    );
    console.log(
      `  prompt tokens evaluated per request ÷ (typed + suffix tokens): new ${(now.evaluated / Math.max(1, now.floor)).toFixed(2)}, old ${(old.evaluated / Math.max(1, old.floor)).toFixed(2)}; model reloads after warm-up per session: new ${(now.reloads / POSITIONS.length).toFixed(1)}, old ${(old.reloads / POSITIONS.length).toFixed(1)}`,
    );
  }
}
