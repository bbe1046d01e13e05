// What Junction adds to a completion's latency, and how many model requests a typing burst costs.
//   node scripts/bootstrap.mjs bench/inlineLatency.bench.ts
// 1. Extension overhead: requestInlineCompletion (prompt, capability check, stream, stop rules,
//    post-processing) against the fake Ollama answering at once, next to the bare HTTP round trip
//    of the same request to the same fake. The difference is what Junction's core costs.
// 2. A 200-character typing burst at human rhythm, replayed through the host's policy (adaptive
//    debounce, cache, typing through a streaming answer) on a virtual clock: model requests sent,
//    requests aborted, keystrokes answered without a request.
import { AdaptiveDebounce, CompletionCache, OllamaProvider, postProcessCompletion, requestInlineCompletion } from "../src/core/index.ts";
import { startFakeOllama } from "../test/fakes/fakeOllama.ts";
import { percentile, randomText } from "./measure.ts";

const RUNS = 300;
const FILE = Array.from({ length: 200 }, (_, line) => `export function step${line}(value: number): number {\n  return value + ${line};\n}\n`).join("\n");
const OFFSET = FILE.indexOf("return value + 100;");

const fake = await startFakeOllama({ defaultCompletion: "value * 2 + 100;" });
const provider = new OllamaProvider({ endpoint: fake.url });
await provider.modelInfo("qwen2.5-coder:1.5b-base");

async function bareRoundTrip(): Promise<void> {
  const response = await fetch(`${fake.url}/api/generate`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ model: "qwen2.5-coder:1.5b-base", prompt: FILE.slice(0, OFFSET), suffix: FILE.slice(OFFSET), stream: true }),
  });
  await response.text();
}

async function junctionCompletion(): Promise<void> {
  await requestInlineCompletion(provider, {
    text: FILE,
    offset: OFFSET,
    model: "qwen2.5-coder:1.5b-base",
    promptTokens: 1500,
    maxTokens: 128,
    signal: AbortSignal.timeout(5_000),
    filePath: "src/steps.ts",
    languageId: "typescript",
  });
}

async function timeMs(run: () => Promise<void>): Promise<number[]> {
  for (let i = 0; i < 20; i += 1) await run();
  const samples: number[] = [];
  for (let i = 0; i < RUNS; i += 1) {
    const start = process.hrtime.bigint();
    await run();
    samples.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  return samples.sort((a, b) => a - b);
}

const bare = await timeMs(bareRoundTrip);
const full = await timeMs(junctionCompletion);
await fake.stop();
console.log(`Inline completion latency, ${RUNS} runs each, fake Ollama answering at once on 127.0.0.1, Node ${process.version}`);
console.log("                                   p50 ms    p95 ms");
console.log(`bare HTTP round trip          ${percentile(bare, 50).toFixed(3).padStart(10)}${percentile(bare, 95).toFixed(3).padStart(10)}`);
console.log(`Junction core, whole request  ${percentile(full, 50).toFixed(3).padStart(10)}${percentile(full, 95).toFixed(3).padStart(10)}`);
console.log(
  `overhead (difference)         ${(percentile(full, 50) - percentile(bare, 50)).toFixed(3).padStart(10)}${(percentile(full, 95) - percentile(bare, 95)).toFixed(3).padStart(10)}`,
);

const raw = "value * 2 + 100;\n}\n\nexport function extra() {}\n";
const post: number[] = [];
for (let i = 0; i < 2_000; i += 1) {
  const start = process.hrtime.bigint();
  postProcessCompletion(raw, { prefix: FILE.slice(0, OFFSET), suffix: FILE.slice(OFFSET), languageId: "typescript" });
  post.push(Number(process.hrtime.bigint() - start) / 1e6);
}
post.sort((a, b) => a - b);
console.log(`post-processing per completion ${percentile(post, 50).toFixed(4).padStart(9)}${percentile(post, 95).toFixed(4).padStart(10)}`);

// ── the typing burst ──
// Human rhythm: ~190 ms between keys (≈ 60 wpm) with jitter, a longer pause after each word, a
// think pause every few words. The model answers 180 ms after a request; the user types the
// first four characters of a suggestion when one is shown, as people do, then goes on.
const MODEL_LATENCY_MS = 180;
const random = randomText(7);
const gaps: number[] = [];
const typed = "const total = items.reduce((sum, item) => sum + item.price * item.quantity, 0); return applyDiscount(total, percent); ".repeat(2).slice(0, 200);
for (let i = 0; i < typed.length; i += 1) {
  const jitter = (random(1, "0123456789").charCodeAt(0) - 48) * 12;
  gaps.push(typed[i - 1] === " " ? 260 + jitter : i % 37 === 0 ? 900 : 130 + jitter);
}
let now = 0;
const debounce = new AdaptiveDebounce({ floorMs: 75, ceilingMs: 350, clock: { now: () => now } });
const cache = new CompletionCache();
let requests = 0;
let aborted = 0;
let servedWithoutRequest = 0;
let inFlight: { prefix: string; sentAt: number; answer: string } | undefined;
let prefix = "";
for (let i = 0; i < typed.length; i += 1) {
  now += gaps[i] ?? 150;
  prefix += typed[i];
  debounce.recordKeystroke(now);
  const key = { prefix, suffix: "\n}", model: "m" };
  if (inFlight && now >= inFlight.sentAt + MODEL_LATENCY_MS) {
    cache.set({ prefix: inFlight.prefix, suffix: "\n}", model: "m" }, inFlight.answer);
    inFlight = undefined;
  }
  if (cache.lookup(key) !== undefined) {
    servedWithoutRequest += 1;
    continue;
  }
  if (inFlight) {
    const typedSince = prefix.slice(inFlight.prefix.length);
    if (prefix.startsWith(inFlight.prefix) && inFlight.answer.startsWith(typedSince)) {
      servedWithoutRequest += 1;
      continue;
    }
    aborted += 1;
    inFlight = undefined;
  }
  // A request goes out only if the next keystroke comes after the debounce delay.
  if ((gaps[i + 1] ?? Infinity) > debounce.delay()) {
    requests += 1;
    // The model predicts the next few characters the user will type (it is right 3 times out of 5).
    const right = requests % 5 < 3;
    inFlight = { prefix, sentAt: now + debounce.delay(), answer: right ? typed.slice(i + 1, i + 5) : "zzzz" };
  }
}
console.log(`\nTyping burst of ${typed.length} characters at human rhythm (virtual clock, model answers in ${MODEL_LATENCY_MS} ms):`);
console.log(
  `model requests sent: ${requests}; aborted by a keystroke that disagreed: ${aborted}; keystrokes answered without a request (cache or typing through): ${servedWithoutRequest}`,
);
console.log(`debounce after the burst: ${debounce.delay()} ms (floor 75, ceiling 350)`);
