// The lexer post-processing reads code with: which brackets and block keywords it reports, and
// what it skips (strings, comments, character and regular expression literals).
import { test } from "node:test";
import assert from "node:assert/strict";
import { lex, lexiconFor } from "../../src/core/completion/codeLexer.ts";

/** The events `lex` reports for `text`, as `+closer` for an opening and `-token` for a closing. */
function events(text: string, languageId: string, bracketDepth = 0): string[] {
  const seen: string[] = [];
  lex(text, lexiconFor(languageId), { bracketDepth }, (kind, closer) => {
    seen.push(`${kind === "open" ? "+" : "-"}${closer}`);
    return true;
  });
  return seen;
}

test("brackets are reported with the closer each opening expects", () => {
  assert.deepEqual(events("f(a[0], { b })", "typescript"), ["+)", "+]", "-]", "+}", "-}", "-)"]);
});

test("strings, template strings and comments hide their brackets", () => {
  assert.deepEqual(events("f(\"(\", '[', `{`) // )\n/* ] */", "javascript"), ["+)", "-)"]);
});

test("a string that a line break ends unterminated stops hiding at the line break", () => {
  assert.deepEqual(events('x = "(\ny = (1)', "python"), ["+)", "-)"]);
});

test("Python's triple-quoted strings span lines", () => {
  assert.deepEqual(events('doc = """(\n)\n"""\nf()', "python"), ["+)", "-)"]);
});

test("Lua's --[[ ]] and Julia's #= =# block comments hide their keywords", () => {
  assert.deepEqual(events("--[[ if x then end ]]\nif y then end", "lua"), ["+end", "-end"]);
  assert.deepEqual(events("#= for x in xs end =#\nfor y in ys\nend", "julia"), ["+end", "-end"]);
});

test("Ruby: `if` opens a block at a statement's start or after `=`, not as a modifier", () => {
  assert.deepEqual(events("if ready\n  go\nend", "ruby"), ["+end", "-end"]);
  assert.deepEqual(events("x = if a then 1 else 2 end", "ruby"), ["+end", "-end"]);
  assert.deepEqual(events("retry if failed", "ruby"), []);
});

test("Ruby: a loop's own `do` opens nothing more; a block's `do` does", () => {
  assert.deepEqual(events("while busy do\n  wait\nend", "ruby"), ["+end", "-end"]);
  assert.deepEqual(events("items.each do |i|\n  p i\nend", "ruby"), ["+end", "-end"]);
});

test("names and symbols are not keywords: `x.end`, `:end`, `end?`, `do:`", () => {
  assert.deepEqual(events("range.end; :end; finished?; end?", "ruby"), []);
  assert.deepEqual(events("if ok, do: 1", "elixir"), []);
});

test("Lua's `repeat` closes with `until`", () => {
  assert.deepEqual(events("repeat\n  n = n - 1\nuntil n == 0", "lua"), ["+until", "-until"]);
});

test("Julia: inside brackets `end` is an index and `for` a generator", () => {
  assert.deepEqual(events("x = a[end] + sum(y for y in ys)", "julia"), ["+]", "-]", "+)", "-)"]);
  assert.deepEqual(events("end]", "julia", 1), ["-]"], "the window may start inside brackets");
});

test("Rust's character literals hide their bracket; a lifetime is not a string", () => {
  assert.deepEqual(events("fn f<'a>(c: char) { c == '(' }", "rust"), ["+)", "-)", "+}", "-}"]);
});

test("a JavaScript regular expression literal hides its brackets; a division does not start one", () => {
  assert.deepEqual(events("s.replace(/[(]/g, '')", "javascript"), ["+)", "-)"]);
  assert.deepEqual(events("(a) / (b) / 2", "javascript"), ["+)", "-)", "+)", "-)"]);
});

test("a walk that starts inside a string hears where that string closes", () => {
  let closedAt: number | undefined;
  const end = lex(
    'world") + (x',
    lexiconFor("typescript"),
    { quote: '"' },
    () => true,
    (index) => (closedAt = index),
  );
  assert.equal(closedAt, 5);
  assert.equal(end.quote, undefined);
});

test("a visitor that returns false stops the walk where it was", () => {
  const end = lex("a(b)c)d", lexiconFor("typescript"), undefined, (kind) => kind === "open");
  assert.equal(end.stoppedAt, 3);
});
