// No import cycles among Junction's modules at run time: a cycle makes a module's exports undefined
// while its partner is still loading (which one depends on who is imported first), and it makes
// the parts impossible to understand or test apart. Type-only imports are erased by the build and
// do not count. The graph is the one esbuild resolves from the extension's and the panel's entry
// points, so a module reachable only through a lazy loader is checked from its own entry too.
import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import * as esbuild from "esbuild";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const ENTRY_POINTS = ["src/host/extension.ts", "src/core/providers/cloudClient.ts", "webview/main.ts"];

async function importGraph(): Promise<Map<string, string[]>> {
  const result = await esbuild.build({
    absWorkingDir: ROOT,
    entryPoints: ENTRY_POINTS.map((entry) => join(ROOT, entry)),
    bundle: true,
    write: false,
    metafile: true,
    platform: "node",
    format: "esm",
    outdir: join(ROOT, "out", "import-graph"),
    external: ["vscode"],
    logLevel: "silent",
  });
  const ours = (path: string) => path.startsWith("src/") || path.startsWith("webview/");
  const graph = new Map<string, string[]>();
  for (const [path, input] of Object.entries(result.metafile.inputs)) {
    if (ours(path))
      graph.set(
        path,
        input.imports.filter((edge) => !edge.external && ours(edge.path)).map((edge) => edge.path),
      );
  }
  return graph;
}

/** The strongly connected components of more than one module (Tarjan), each a cycle or several. */
function cyclesOf(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  const visit = (module: string): void => {
    index.set(module, index.size);
    low.set(module, index.get(module)!);
    stack.push(module);
    onStack.add(module);
    for (const next of graph.get(module) ?? []) {
      if (!index.has(next)) {
        visit(next);
        low.set(module, Math.min(low.get(module)!, low.get(next)!));
      } else if (onStack.has(next)) {
        low.set(module, Math.min(low.get(module)!, index.get(next)!));
      }
    }
    if (low.get(module) !== index.get(module)) return;
    const component: string[] = [];
    let member: string;
    do {
      member = stack.pop()!;
      onStack.delete(member);
      component.push(member);
    } while (member !== module);
    if (component.length > 1) cycles.push(component.sort());
  };
  for (const module of graph.keys()) if (!index.has(module)) visit(module);
  return cycles;
}

test("the cycle finder finds a cycle of three and leaves a chain alone (positive control)", () => {
  const graph = new Map([
    ["a", ["b"]],
    ["b", ["c"]],
    ["c", ["a", "d"]],
    ["d", []],
  ]);
  assert.deepEqual(cyclesOf(graph), [["a", "b", "c"]]);
  assert.deepEqual(
    cyclesOf(
      new Map([
        ["a", ["b"]],
        ["b", []],
      ]),
    ),
    [],
  );
});

test("Junction's modules import one another without a cycle", async () => {
  const graph = await importGraph();
  assert.ok(graph.size > 100, `the graph holds Junction's modules (${graph.size})`);
  assert.ok((graph.get("src/host/extension.ts")?.length ?? 0) > 5, "edges are read");
  assert.deepEqual(cyclesOf(graph), [], "modules that import one another at run time");
});
