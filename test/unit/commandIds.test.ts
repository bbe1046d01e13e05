// The command table (src/host/commandTable.ts) is typed by these ids, so the type check holds it
// to them; this holds them to what package.json contributes, and everything that names a command.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { COMMANDS } from "../../src/host/commandIds.ts";

const manifest = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as {
  contributes: { commands: Array<{ command: string }>; menus?: Record<string, Array<{ command?: string }>>; keybindings?: Array<{ command: string }> };
};
const ids = new Set<string>(Object.values(COMMANDS));

test("the commands Junction registers are exactly the ones package.json contributes", () => {
  const contributed = manifest.contributes.commands.map((entry) => entry.command).sort();
  assert.deepEqual([...ids].sort(), contributed);
  assert.equal(new Set(contributed).size, contributed.length, "each contributed once");
});

test("menus and key bindings name only Junction's own commands or VS Code's", () => {
  const named = [
    ...Object.values(manifest.contributes.menus ?? {})
      .flat()
      .flatMap((entry) => (entry.command ? [entry.command] : [])),
    ...(manifest.contributes.keybindings ?? []).map((entry) => entry.command),
  ];
  assert.ok(named.length > 0, "the manifest has menus or key bindings to check");
  const unknown = named.filter((command) => command.startsWith("junction.") && !ids.has(command));
  assert.deepEqual(unknown, []);
});
