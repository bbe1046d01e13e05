// Canned answers of the simulated models the demo starts: the local one when no Ollama is running,
// and the simulated cloud (the OpenAI twin). They fit the demo workspace's gaps, so a newcomer sees
// sensible ghost text and refactors; anywhere else the answer is a neutral line. These are not
// models: they are labelled "simulated" everywhere, and each answer says which one wrote it.
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
export function simulatedAnswer(prompt: string, who: SimulatedModel = "local"): string {
  return prompt.includes("<<<FILE") ? simulatedRefactor(prompt, who) : simulatedCompletion(prompt);
}

export type SimulatedModel = "local" | "cloud";

const AUTHOR: Record<SimulatedModel, string> = { local: "Junction's simulated model", cloud: "Junction's simulated cloud model" };

/**
 * Whatever the instruction, the simulated model adds a documentation comment above each exported
 * function that has none, in Junction's edit format: enough to see the preview and one-undo apply.
 */
export function simulatedRefactor(prompt: string, who: SimulatedModel = "local"): string {
  const blocks: string[] = [];
  for (const file of prompt.matchAll(/^File: (\S+)\n(`{3,})[\w-]*\n([\s\S]*?)\n\2$/gm)) {
    const [, path, , text = ""] = file;
    const lines = text.split("\n");
    const edits = lines.flatMap((line, index) => {
      const name = /^export (?:async )?function (\w+)/.exec(line)?.[1];
      if (!name || lines[index - 1]?.trim().endsWith("*/")) return [];
      return [`<<<SEARCH\n${line}\n===\n/** ${name}: documented by ${AUTHOR[who]}. */\n${line}\n>>>REPLACE`];
    });
    if (edits.length > 0) blocks.push(`<<<FILE ${path}\n${edits.join("\n")}\n>>>END`);
  }
  const label = who === "cloud" ? "Simulated cloud model" : "Simulated model";
  return blocks.length > 0 ? `${label}: documentation comments added.\n${blocks.join("\n")}` : `${label}: every exported function is already documented.`;
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
