// Prints what the completion core costs around every model call: cleaning a raw answer
// (postProcessCompletion, per kind of realistic answer) and building the prompt for a
// 2,000-line file with three snippets (buildFimPrompt, plus each family's raw template).
//   node scripts/bootstrap.mjs bench/completion.bench.ts
import { buildFimPrompt, postProcessCompletion } from "../src/core/index.ts";
import { createStopPredicate, completionMode } from "../src/core/completion/completionMode.ts";
import { FIM_TEMPLATES } from "../src/core/completion/fimTemplates.ts";
import type { FimFamily } from "../src/core/completion/fimTemplates.ts";
import type { PostProcessInput } from "../src/core/completion/postProcess.ts";
import { percentile, samplesMs } from "./measure.ts";

const ITERATIONS = 5_000;

// A 2,000-line TypeScript file with the cursor on an empty line in a function body, halfway down.
const FUNCTION = (i: number): string =>
  [
    `export function total${i}(items: readonly Item[], rate: number): number {`,
    "  const subtotal = items.reduce((sum, item) => sum + item.unitPrice * item.quantity, 0);",
    `  const discount = subtotal > ${i * 10} ? subtotal * 0.05 : 0;`,
    "  const tax = (subtotal - discount) * rate;",
    "  log.debug(`total ${subtotal} - ${discount} + ${tax}`);",
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
  [
    "body + rest of file",
    "return carts.reduce((sum, cart) => sum + total0(cart.items, cart.rate), 0);\n}\n\nexport function total125(items: readonly Item[], rate: number): number {",
  ],
  ["leaked tokens", "return carts.length;<|endoftext|><|file_sep|>src/other.ts\nexport const x = 1;\n"],
  ["codellama <EOT>", "return carts.length; <EOT>"],
  [
    "think + fence chatter",
    "<think>\nSum every cart.\n</think>\nHere is the code:\n```typescript\nreturn carts.reduce((s, c) => s + total0(c.items, c.rate), 0);\n```\nThis sums all carts.",
  ],
  ["extra blank lines", "\n\n\n  const totals = carts.map((c) => total0(c.items, c.rate));\n\n\n\n  return totals.reduce((a, b) => a + b, 0);\n\n\n"],
  [
    "long (80 lines)",
    Array.from({ length: 80 }, (_, i) => `  const part${i} = total${i}(carts[${i}]?.items ?? [], 0.2);`)
      .join("\n")
      .trimStart(),
  ],
];

const ms = (value: number): string => value.toFixed(4).padStart(10);

console.log(`Completion core, ${ITERATIONS} runs each, Node ${process.version}`);
console.log(
  `prompt: ${TEXT.split("\n").length} lines, ${(TEXT.length / 1024).toFixed(0)} KB, 3 snippets → ${prompt.promptTokens} prompt tokens, snippets kept: ${prompt.snippetPaths.length}`,
);
console.log("");
console.log("postProcessCompletion                 p50 ms     p99 ms   output chars");
const all: number[] = [];
for (const [name, raw] of RAW_OUTPUTS) {
  const samples = samplesMs(() => postProcessCompletion(raw, input), ITERATIONS);
  all.push(...samples);
  console.log(
    `  ${name.padEnd(30)}${ms(percentile(samples, 50))} ${ms(percentile(samples, 99))} ${String(postProcessCompletion(raw, input).length).padStart(14)}`,
  );
}
all.sort((a, b) => a - b);
console.log(`  ${"all answers".padEnd(30)}${ms(percentile(all, 50))} ${ms(percentile(all, 99))}`);

// The budget: p99 under 1 ms for a 20-line completion with a 10 KB window (7.5 KB before the
// cursor, 2.5 KB after it), in a brace language, an indentation language and an `end` language.
const PYTHON_FUNCTION = (i: number): string =>
  [
    `def total_${i}(items, rate):`,
    "    subtotal = sum(item.unit_price * item.quantity for item in items)",
    `    discount = subtotal * 0.05 if subtotal > ${i * 10} else 0`,
    "    return (subtotal - discount) * (1 + rate)",
    "",
    "",
  ].join("\n");
const RUBY_FUNCTION = (i: number): string =>
  [
    `def total_${i}(items, rate)`,
    "  subtotal = items.sum { |item| item.unit_price * item.quantity }",
    `  discount = subtotal > ${i * 10} ? subtotal * 0.05 : 0`,
    "  (subtotal - discount) * (1 + rate)",
    "end",
    "",
  ].join("\n");
function window10k(before: string, opener: string, after: string): { prefix: string; suffix: string } {
  return { prefix: before.slice(-7_500 + opener.length) + opener, suffix: after.slice(0, 2_500) };
}
const twentyLines = (line: (i: number) => string): string => Array.from({ length: 20 }, (_, i) => line(i)).join("\n");
const BUDGET_CASES: readonly (readonly [string, PostProcessInput, string])[] = [
  [
    "typescript, kept whole",
    { ...window10k(FILE, "export function grandTotal(carts: readonly Cart[]): number {\n  ", `\n}\n\n${FILE}`), languageId: "typescript" },
    twentyLines((i) => `${i === 0 ? "" : "  "}const part${i} = total${i}(carts[${i}]?.items ?? [], 0.2);`),
  ],
  [
    "typescript, runs past block",
    { ...window10k(FILE, "export function grandTotal(carts: readonly Cart[]): number {\n  ", `\n}\n\n${FILE}`), languageId: "typescript" },
    `${twentyLines((i) => `${i === 0 ? "" : "  "}sum += total${i}(carts[${i}]?.items ?? [], 0.2);`)}\n  return sum;\n}\n\nexport function other() {\n  return 0;\n}`,
  ],
  [
    "python, kept whole",
    {
      ...window10k(
        Array.from({ length: 80 }, (_, i) => PYTHON_FUNCTION(i)).join(""),
        "def grand_total(carts):\n    ",
        `\n\n\n${Array.from({ length: 40 }, (_, i) => PYTHON_FUNCTION(i)).join("")}`,
      ),
      languageId: "python",
    },
    twentyLines((i) => `${i === 0 ? "" : "    "}part_${i} = total_${i}(carts[${i}].items, 0.2)`),
  ],
  [
    "ruby, end already there",
    {
      ...window10k(
        Array.from({ length: 80 }, (_, i) => RUBY_FUNCTION(i)).join(""),
        "def grand_total(carts)\n  ",
        `\nend\n\n${Array.from({ length: 40 }, (_, i) => RUBY_FUNCTION(i)).join("")}`,
      ),
      languageId: "ruby",
    },
    `${twentyLines((i) => `${i === 0 ? "" : "  "}part_${i} = total_${i}(carts[${i}].items, 0.2)`)}\nend`,
  ],
];
console.log("");
console.log("20-line completion, 10 KB window     p50 ms     p99 ms   output chars");
const budget: number[] = [];
for (const [name, budgetInput, raw] of BUDGET_CASES) {
  const samples = samplesMs(() => postProcessCompletion(raw, budgetInput), ITERATIONS);
  budget.push(...samples);
  console.log(
    `  ${name.padEnd(30)}${ms(percentile(samples, 50))} ${ms(percentile(samples, 99))} ${String(postProcessCompletion(raw, budgetInput).length).padStart(14)}`,
  );
}
budget.sort((a, b) => a - b);
console.log(`  ${"all budget cases".padEnd(30)}${ms(percentile(budget, 50))} ${ms(percentile(budget, 99))}   (budget: p99 < 1 ms)`);

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
