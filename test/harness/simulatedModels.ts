// Canned answers of the simulated local model the demo starts when no Ollama is running. They
// fit the demo workspace's gaps, so a newcomer sees sensible ghost text; anywhere else the
// answer is a neutral line. This is not a model: it is labelled "simulated models" everywhere.
const CANNED: Array<{ after: RegExp; completion: string }> = [
  { after: /applyDiscount\([^)]*\)[^{]*\{\s*(return\s*)?$/, completion: "return total * (1 - percent / 100);" },
  { after: /def distance\([^)]*\)[^:]*:\s*(return\s*)?$/, completion: "return math.dist(a, b)" },
  { after: /def circle_circumference\([^)]*\)[^:]*:\s*$/, completion: "return 2 * math.pi * radius" },
  { after: /function\s+(\w+)\([^)]*\)[^{]*\{\s*$/, completion: "// TODO: implement" },
  { after: /const\s+\w+\s*=\s*$/, completion: "42;" },
];

/** The simulated completion for a fill-in-the-middle prompt (the code before the cursor). */
export function simulatedCompletion(prefix: string): string {
  for (const { after, completion } of CANNED) {
    const match = after.exec(prefix);
    if (!match) continue;
    // Continue what the user already typed instead of repeating it.
    const typed = match[1] ?? "";
    return typed && completion.startsWith(typed) ? completion.slice(typed.length) : completion;
  }
  return "";
}
