// Prints what the completion core costs around every model call: cleaning a raw answer
// (postProcessCompletion, per kind of realistic answer) and building the prompt for a
// 2,000-line file with three snippets (buildFimPrompt, plus each family's raw template).
//   node test/harness/bootstrap.mjs bench/completion.bench.ts
import { buildFimPrompt, postProcessCompletion } from "../src/core/index.ts";
import { createStopPredicate, completionMode } from "../src/core/completion/completionMode.ts";
import { FIM_TEMPLATES } from "../src/core/completion/fimTemplates.ts";
import type { FimFamily } from "../src/core/completion/fimTemplates.ts";
import { percentile, samplesMs } from "./measure.ts";

const ITERATIONS = 5_000;

// A 2,000-line TypeScript file with the cursor on an empty line in a function body, halfway down.
const FUNCTION = (i: number): string =>
  [
    `export function total${i}(items: readonly Item[], rate: number): number {`,
    "  const subtotal = items.reduce((sum, item) => sum + item.unitPrice * item.quantity, 0);",
    `  const discount = subtotal > ${i * 10} ? subtotal * 0.05 : 0;`,
    "  const tax = (subtotal - discount) * rate;",
    '  log.debug(`total ${subtotal} - ${discount} + ${tax}`);',
    "  return subtotal - discount + tax;",
    "}",
    "",
  ].join("\n");
const FILE = Array.from({ length: 250 }, (_, i) => FUNCTION(i)).join("\n");
const CURSOR = FILE.indexOf("export function total125");
const TEXT = `${FILE.slice(0, CURSOR)}export function grandTotal(carts: readonly Cart[]): number {\n  \n}\n\n${FILE.slice(CURSOR)}`;
const OFFSET = CURSOR + "export function grandTotal(carts: readonly Cart[]): number {\n  ".length;
const SNIPPETS = [
  { path: "src/cart.ts", text: FUNCTION(1).repeat(8) },
  { path: "src/item.ts", text: "export interface Item {\n  unitPrice: number;\n  quantity: number;\n  sku: string;\n}\n".repeat(6) },
  { path: "src/log.ts", text: "export const log = {\n  debug(message: string): void {},\n  info(message: string): void {},\n};\n".repeat(6) },
];

const prompt = buildFimPrompt({ text: TEXT, offset: OFFSET, budgetTokens: 1_500, filePath: "src/totals.ts", languageId: "typescript", snippets: SNIPPETS });
const input = { prefix: prompt.window, suffix: prompt.suffix, languageId: "typescript" };

/** Raw answers as models actually send them at this cursor. */
const RAW_OUTPUTS: readonly (readonly [string, string])[] = [
  ["clean body", "return carts.reduce((sum, cart) => sum + total0(cart.items, cart.rate), 0);"],
  ["body + duplicated closer", "let sum = 0;\n  for (const cart of carts) {\n    sum += total0(cart.items, cart.rate);\n  }\n  return sum;\n}"],
  ["body + rest of file", "return carts.reduce((sum, cart) => sum + total0(cart.items, cart.rate), 0);\n}\n\nexport function total125(items: readonly Item[], rate: number): number {"],
  ["leaked tokens", "return carts.length;<|endoftext|><|file_sep|>src/other.ts\nexport const x = 1;\n"],
  ["codellama <EOT>", "return carts.length; <EOT>"],
  ["think + fence chatter", "<think>\nSum every cart.\n</think>\nHere is the code:\n```typescript\nreturn carts.reduce((s, c) => s + total0(c.items, c.rate), 0);\n```\nThis sums all carts."],
  ["extra blank lines", "\n\n\n  const totals = carts.map((c) => total0(c.items, c.rate));\n\n\n\n  return totals.reduce((a, b) => a + b, 0);\n\n\n"],
  ["long (80 lines)", Array.from({ length: 80 }, (_, i) => `  const part${i} = total${i}(carts[${i}]?.items ?? [], 0.2);`).join("\n").trimStart()],
];

const ms = (value: number): string => value.toFixed(4).padStart(10);

console.log(`Completion core, ${ITERATIONS} runs each, Node ${process.version}`);
console.log(`prompt: ${TEXT.split("\n").length} lines, ${(TEXT.length / 1024).toFixed(0)} KB, 3 snippets → ${prompt.promptTokens} prompt tokens, snippets kept: ${prompt.snippetPaths.length}`);
console.log("");
console.log("postProcessCompletion                 p50 ms     p99 ms   output chars");
const all: number[] = [];
for (const [name, raw] of RAW_OUTPUTS) {
  const samples = samplesMs(() => postProcessCompletion(raw, input), ITERATIONS);
  all.push(...samples);
  console.log(`  ${name.padEnd(30)}${ms(percentile(samples, 50))} ${ms(percentile(samples, 99))} ${String(postProcessCompletion(raw, input).length).padStart(14)}`);
}
all.sort((a, b) => a - b);
console.log(`  ${"all answers".padEnd(30)}${ms(percentile(all, 50))} ${ms(percentile(all, 99))}`);

console.log("");
console.log("prompt building                       p50 ms     p99 ms");
const build = samplesMs(
  () => buildFimPrompt({ text: TEXT, offset: OFFSET, budgetTokens: 1_500, filePath: "src/totals.ts", languageId: "typescript", snippets: SNIPPETS }),
  ITERATIONS,
);
console.log(`  ${"buildFimPrompt (2,000 lines, 3 snippets)".padEnd(30)}${ms(percentile(build, 50))} ${ms(percentile(build, 99))}`);
for (const family of Object.keys(FIM_TEMPLATES) as FimFamily[]) {
  const samples = samplesMs(() => FIM_TEMPLATES[family].build(prompt.prefix, prompt.suffix), ITERATIONS);
  console.log(`  ${`  + ${family} template`.padEnd(30)}${ms(percentile(samples, 50))} ${ms(percentile(samples, 99))}`);
}

console.log("");
console.log("per streamed chunk                    p50 ms     p99 ms");
const mode = completionMode(input);
const stream = RAW_OUTPUTS[7]?.[1] ?? "";
const stop = createStopPredicate(mode, input);
const predicate = samplesMs(() => stop(stream), ITERATIONS);
console.log(`  ${`stop predicate (${mode}, ${stream.length} chars)`.padEnd(30)}${ms(percentile(predicate, 50))} ${ms(percentile(predicate, 99))}`);
