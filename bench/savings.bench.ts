// The savings figure, measured: one working session's mix of requests through Junction's real
// router, providers and cost ledger, against the twins over HTTP on 127.0.0.1 (the Ollama twin for
// the local side; the OpenAI, Anthropic and Gemini twins for three frontier models), priced from
// the bundled catalog. Prints, per frontier model, what the session cost, what the same tokens
// would have cost all on the cloud model, the share saved, and how many of the multi-file
// refactors privacy allowed reached the frontier model; then the mix at which 90 % is saved.
//   node scripts/bootstrap.mjs bench/savings.bench.ts
import {
  CostLedger,
  OllamaProvider,
  OpenAiCompatibleProvider,
  buildRefactorMessages,
  estimateRefactorTokens,
  priceFor,
  requestInlineCompletion,
  route,
} from "../src/core/index.ts";
import type { ChatResult, LedgerInput, RouteContext, RouteFile, RouteRequest } from "../src/core/index.ts";
import { startAnthropicTwin } from "../test/fakes/cloud/anthropicTwin.ts";
import type { ChatTwin } from "../test/fakes/cloud/chatTwin.ts";
import { startGeminiTwin } from "../test/fakes/cloud/geminiTwin.ts";
import { startOpenAiTwin } from "../test/fakes/cloud/openAiTwin.ts";
import { startFakeOllama } from "../test/fakes/fakeOllama.ts";
import { MemoryStore } from "../test/fakes/memoryStore.ts";
import { wordRouteReasons } from "../src/words/routeWords.ts";

const COMPLETIONS = 300;
const SINGLE_FILE_REFACTORS = 20;
const MULTI_FILE_REFACTORS = 5;
const LOCAL_COMPLETION_MODEL = "qwen2.5-coder:1.5b-base";
const LOCAL_REFACTOR_MODEL = "qwen2.5-coder:7b-instruct";
const FRONTIER: ReadonlyArray<{ model: string; start: () => Promise<ChatTwin> }> = [
  { model: "gpt-5.1", start: () => startOpenAiTwin({ models: ["gpt-5.1"] }) },
  { model: "claude-sonnet-4-5", start: () => startAnthropicTwin() },
  { model: "gemini-3-pro-preview", start: () => startGeminiTwin({ models: ["gemini-3-pro-preview"] }) },
];

/** A TypeScript module of about `tokens` tokens (≈4 characters each), its functions numbered from `seed`. */
function moduleText(name: string, tokens: number, seed: number, imports = ""): string {
  const fn = (i: number): string =>
    [
      `export function ${name}${i}(items: readonly Item[], rate: number): number {`,
      "  const subtotal = items.reduce((sum, item) => sum + item.unitPrice * item.quantity, 0);",
      `  const discount = subtotal > ${i * 10} ? subtotal * 0.05 : 0;`,
      "  return (subtotal - discount) * (1 + rate);",
      "}",
      "",
    ].join("\n");
  let text = `${imports}export interface Item { sku: string; unitPrice: number; quantity: number }\n\n`;
  for (let i = seed; text.length < tokens * 4; i++) text += fn(i);
  return text;
}

/** An answer of about `tokens` tokens in Junction's edit format (its size is what the cloud bills). */
function editAnswer(path: string, tokens: number): string {
  const body = "  // kept in step with the pricing rules\n".repeat(Math.max(1, Math.floor((tokens * 4) / 40)));
  return `<<<FILE ${path}\n<<<SEARCH\nexport interface Item\n===\n${body}export interface Item\n>>>REPLACE\n>>>END`;
}

interface RefactorCase {
  kind: "refactor" | "multi-file refactor";
  instruction: string;
  files: Array<{ path: string; text: string; selection?: { start: number; end: number } }>;
  answerTokens: number;
}

/** 20 single-file refactors (most on a selection, a few on a whole module) and 5 multi-file ones, with realistic sizes. */
function refactorMix(): RefactorCase[] {
  const cases: RefactorCase[] = [];
  for (let i = 0; i < SINGLE_FILE_REFACTORS; i++) {
    const text = moduleText(`order${i}_`, 2_500, i);
    const whole = i % 5 === 4;
    const start = text.indexOf("export function");
    cases.push({
      kind: "refactor",
      instruction: whole
        ? "Restructure this module: split the pricing rules out of the order totals"
        : (["Add documentation comments", "Add explicit types", "Simplify this function", "Extract the discount into a function"][i % 4] ?? ""),
      files: [{ path: `src/orders${i}.ts`, text, ...(whole ? {} : { selection: { start, end: start + 1_200 } }) }],
      answerTokens: whole ? 2_000 : 400,
    });
  }
  for (let i = 0; i < MULTI_FILE_REFACTORS; i++) {
    const names = ["cart", "checkout", "pricing"];
    cases.push({
      kind: "multi-file refactor",
      instruction:
        ["Rename applyDiscount to discounted across these files", "Move the tax rules out of the cart into pricing", "Migrate these modules to async/await"][
          i % 3
        ] ?? "",
      files: names.map((name, n) => ({
        path: `src/${name}.ts`,
        text: moduleText(`${name}${i}_`, 4_000, n * 100, n > 0 ? `import { ${names[0]}${i}_0 } from "./${names[0]}";\n` : ""),
      })),
      answerTokens: 3_000,
    });
  }
  return cases;
}

function routeContext(ledger: CostLedger, cloudModel: string, local: string): RouteContext {
  return {
    trusted: true,
    completionRoute: "local",
    cloudThreshold: 0.6,
    secretsPolicy: "redact",
    local: { available: true, model: local, endpoint: "http://127.0.0.1", contextTokens: 8_192, remote: false },
    cloud: { available: true, configured: true, model: cloudModel, price: priceFor(cloudModel) },
    budget: ledger.routeBudget(2, 30),
  };
}

async function runSession(frontier: (typeof FRONTIER)[number]) {
  const ollama = await startFakeOllama();
  const cloud = await frontier.start();
  try {
    const ledger = new CostLedger({
      store: new MemoryStore(),
      clock: { now: () => Date.now() },
      pricing: () => ({ cloudModel: frontier.model, overrides: {}, localUsdPerHour: 0 }),
    });
    const localProvider = new OllamaProvider({ endpoint: ollama.url });
    const cloudProvider = new OpenAiCompatibleProvider({ endpoint: cloud.baseUrl, apiKey: "sk-bench", side: "cloud", maxRetries: 0 });
    const record = (input: Omit<LedgerInput, "outcome">) => ledger.record({ ...input, outcome: "ok" });

    // Completions: a file of 2,000 lines, the cursor in a function body; the 1,500-token prompt window.
    const file = moduleText("total", 20_000, 0);
    ollama.script({ path: "/api/generate", reply: "return subtotal - discount;" });
    for (let i = 0; i < COMPLETIONS; i++) {
      const offset = file.indexOf("  return", (i * 997) % (file.length - 2_000));
      const decision = route(
        { kind: "completion", files: [aFile("src/totals.ts", 1_500)], maxOutputTokens: 128 },
        routeContext(ledger, frontier.model, LOCAL_COMPLETION_MODEL),
      );
      const completion = await requestInlineCompletion(localProvider, {
        text: file,
        offset,
        model: LOCAL_COMPLETION_MODEL,
        promptTokens: 1_500,
        maxTokens: 128,
        signal: AbortSignal.timeout(10_000),
        filePath: "src/totals.ts",
        languageId: "typescript",
      });
      record({
        kind: "completion",
        target: decision.target,
        provider: "ollama",
        model: LOCAL_COMPLETION_MODEL,
        files: 1,
        usage: completion.result.usage,
        latencyMs: completion.result.latencyMs,
        reasons: wordRouteReasons(decision.reasons),
      });
    }

    let multiFileOnCloud = 0;
    let singleFileOnCloud = 0;
    for (const refactor of refactorMix()) {
      const input = { instruction: refactor.instruction, files: refactor.files, languageId: "typescript" };
      const messages = buildRefactorMessages(input);
      const estimate = estimateRefactorTokens(input, messages);
      const perFile = Math.ceil(estimate.inputTokens / refactor.files.length);
      const request: RouteRequest = {
        kind: refactor.kind,
        files: refactor.files.map((entry) => aFile(entry.path, perFile)),
        instruction: refactor.instruction,
        instructionTokens: 0,
        selectionTokens: estimate.selectionTokens,
        crossFileReferences: refactor.kind === "multi-file refactor" ? refactor.files.length - 1 : 0,
        maxOutputTokens: estimate.maxOutputTokens,
      };
      const decision = route(request, routeContext(ledger, frontier.model, LOCAL_REFACTOR_MODEL));
      const answer = editAnswer(refactor.files[0]?.path ?? "", refactor.answerTokens);
      const onCloud = decision.target === "cloud";
      if (onCloud) cloud.script({ reply: answer, times: 1 });
      else ollama.script({ path: "/api/chat", reply: answer, times: 1 });
      const provider = onCloud ? cloudProvider : localProvider;
      const result: ChatResult = await provider.chat({
        model: decision.model ?? "",
        messages,
        maxTokens: estimate.maxOutputTokens,
        temperature: 0.1,
        signal: AbortSignal.timeout(30_000),
      });
      record({
        kind: refactor.kind,
        target: decision.target,
        provider: onCloud ? "openai-compatible" : "ollama",
        model: result.model,
        files: refactor.files.length,
        usage: result.usage,
        latencyMs: result.latencyMs,
        reasons: wordRouteReasons(decision.reasons),
      });
      if (onCloud && refactor.kind === "multi-file refactor") multiFileOnCloud++;
      if (onCloud && refactor.kind === "refactor") singleFileOnCloud++;
    }
    const totals = ledger.totals().session;
    const cloudEntries = ledger.entries().filter((entry) => entry.target === "cloud");
    return {
      totals,
      multiFileOnCloud,
      singleFileOnCloud,
      cloudUsd: totals.cloudUsd,
      completionBaseline: ledger
        .entries()
        .filter((entry) => entry.kind === "completion")
        .reduce((sum, entry) => sum + (entry.baselineUsd ?? 0), 0),
      reasoningTokens: cloudEntries.reduce((sum, entry) => sum + entry.reasoningTokens, 0),
    };
  } finally {
    await cloud.stop();
    await ollama.stop();
  }
}

function aFile(path: string, tokens: number): RouteFile {
  return {
    path,
    role: "edited",
    cloudAllowed: true,
    privacyReasons: [{ code: "folder", name: "shop", classification: "public", evidence: [] }],
    tokens,
    secrets: 0,
  };
}

const usd = (value: number): string => `$${value.toFixed(4)}`.padStart(10);

console.log(
  `Session mix: ${COMPLETIONS} completions, ${SINGLE_FILE_REFACTORS} single-file and ${MULTI_FILE_REFACTORS} multi-file refactors (public code), through route() and the providers against the twins; prices from the catalog`,
);
console.log("");
console.log("frontier model          session    all-cloud    saved   multi-file on cloud   single-file on cloud   reasoning tokens   completions ≥ 90 %");
for (const frontier of FRONTIER) {
  const run = await runSession(frontier);
  const { totals } = run;
  const perCompletion = run.completionBaseline / COMPLETIONS;
  // Saved ≥ 90 % once the cost is at most a tenth of the all-cloud cost: solved for the number of completions.
  const refactorBaseline = totals.baselineUsd - run.completionBaseline;
  const needed = perCompletion > 0 ? Math.max(0, Math.ceil((10 * totals.usd - refactorBaseline) / perCompletion)) : Number.NaN;
  console.log(
    `${frontier.model.padEnd(22)}${usd(totals.usd)}   ${usd(totals.baselineUsd)}   ${(totals.savedPercent ?? 0).toFixed(1).padStart(5)} %   ${`${run.multiFileOnCloud} of ${MULTI_FILE_REFACTORS} (${Math.round((run.multiFileOnCloud / MULTI_FILE_REFACTORS) * 100)} %)`.padStart(18)}   ${`${run.singleFileOnCloud} of ${SINGLE_FILE_REFACTORS}`.padStart(20)}   ${String(run.reasoningTokens).padStart(16)}   ${String(needed).padStart(18)}`,
  );
}
console.log("");
console.log("'completions ≥ 90 %': how many local completions (at this mix's size) the same refactors need for the session to save 90 % against all-cloud.");
