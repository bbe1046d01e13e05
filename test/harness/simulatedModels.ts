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

/**
 * The simulated answer to any request: a refactor request (it carries Junction's edit format)
 * gets documentation comments added; a completion prompt gets a canned completion.
 */
export function simulatedAnswer(prompt: string): string {
  return prompt.includes("<<<FILE") ? simulatedRefactor(prompt) : simulatedCompletion(prompt);
}

/**
 * Whatever the instruction, the simulated model adds a documentation comment above each exported
 * function that has none, in Junction's edit format: enough to see the preview and one-undo apply.
 */
export function simulatedRefactor(prompt: string): string {
  const blocks: string[] = [];
  for (const file of prompt.matchAll(/^File: (\S+)\n(`{3,})[\w-]*\n([\s\S]*?)\n\2$/gm)) {
    const [, path, , text = ""] = file;
    const lines = text.split("\n");
    const edits = lines.flatMap((line, index) => {
      const name = /^export (?:async )?function (\w+)/.exec(line)?.[1];
      if (!name || lines[index - 1]?.trim().endsWith("*/")) return [];
      return [`<<<SEARCH\n${line}\n===\n/** ${name}: documented by Junction's simulated model. */\n${line}\n>>>REPLACE`];
    });
    if (edits.length > 0) blocks.push(`<<<FILE ${path}\n${edits.join("\n")}\n>>>END`);
  }
  return blocks.length > 0 ? `Simulated model: documentation comments added.\n${blocks.join("\n")}` : "Simulated model: every exported function is already documented.";
}

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
