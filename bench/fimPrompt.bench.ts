// Prints how long building a completion prompt and cleaning a completion take on files of
// growing size: the work Junction does on every keystroke before and after the model.
//   node scripts/bootstrap.mjs bench/fimPrompt.bench.ts
import { buildFimPrompt, postProcessCompletion } from "../src/core/index.ts";
import { percentile } from "./measure.ts";

const LINE = "  const total = items.reduce((sum, item) => sum + item.unitPrice * item.quantity, 0);\n";
const ITERATIONS = 2_000;

function measure(run: () => void): { p50: number; p99: number } {
  for (let i = 0; i < 100; i += 1) run();
  const samples: number[] = [];
  for (let i = 0; i < ITERATIONS; i += 1) {
    const start = process.hrtime.bigint();
    run();
    samples.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  samples.sort((a, b) => a - b);
  return { p50: percentile(samples, 50), p99: percentile(samples, 99) };
}

console.log(`buildFimPrompt + postProcessCompletion, ${ITERATIONS} runs each, Node ${process.version}`);
console.log("file lines   file KB   prompt p50 ms   prompt p99 ms   post p50 ms   post p99 ms");
for (const lines of [100, 1_000, 10_000, 50_000]) {
  const text = LINE.repeat(lines);
  const offset = Math.floor(text.length / 2);
  const prompt = measure(() => buildFimPrompt({ text, offset, budgetTokens: 1_500 }));
  const suffix = text.slice(offset);
  const post = measure(() => postProcessCompletion("foo(a, b)\n\n  ", { suffix }));
  console.log(
    [
      String(lines).padStart(10),
      (text.length / 1024).toFixed(0).padStart(9),
      prompt.p50.toFixed(4).padStart(15),
      prompt.p99.toFixed(4).padStart(15),
      post.p50.toFixed(4).padStart(13),
      post.p99.toFixed(4).padStart(13),
    ].join(" "),
  );
}
