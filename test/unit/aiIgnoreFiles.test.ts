// Other AI tools' ignore files as extra local-only patterns: gitignore syntax, each file for its
// own directory and below, negations only within their own file, the matching line named.
import { test } from "node:test";
import assert from "node:assert/strict";
import { AI_IGNORE_FILE_NAMES, createAiIgnoreMatcher } from "../../src/core/privacy/aiIgnoreFiles.ts";

for (const name of AI_IGNORE_FILE_NAMES) {
  test(`${name} at the folder root keeps a matching file local-only and names its line`, () => {
    const matcher = createAiIgnoreMatcher([{ path: name, text: "# customer data\ndata/\n*.sql\n" }]);
    assert.deepEqual(matcher("data/customers.csv"), { file: name, line: 2, pattern: "data/" });
    assert.deepEqual(matcher("db/seed.sql"), { file: name, line: 3, pattern: "*.sql" });
    assert.equal(matcher("src/app.ts"), undefined);
  });
}

test("a nested ignore file applies to its own directory and below, relative to it", () => {
  const matcher = createAiIgnoreMatcher([{ path: "services/billing/.cursorignore", text: "/config.ts\nfixtures/\n" }]);
  assert.deepEqual(matcher("services/billing/config.ts"), { file: "services/billing/.cursorignore", line: 1, pattern: "/config.ts" });
  assert.ok(matcher("services/billing/test/fixtures/card.json"));
  assert.equal(matcher("services/billing/src/config.ts"), undefined, "/config.ts is anchored to the file's directory");
  assert.equal(matcher("config.ts"), undefined, "nothing above the file's directory");
  assert.equal(matcher("services/billing-v2/config.ts"), undefined, "a sibling whose name starts the same is not below it");
});

test("a negation takes back the same file's earlier pattern, and the deciding line is the one named", () => {
  const matcher = createAiIgnoreMatcher([{ path: ".aiignore", text: "*.json\n!package.json\n" }]);
  assert.equal(matcher("package.json"), undefined);
  assert.deepEqual(matcher("secrets.json"), { file: ".aiignore", line: 1, pattern: "*.json" });
});

test("a negation in one file never takes back another file's pattern", () => {
  const matcher = createAiIgnoreMatcher([
    { path: ".aiexclude", text: "keys.json\n" },
    { path: ".cursorignore", text: "!keys.json\n" },
  ]);
  assert.equal(matcher("keys.json")?.file, ".aiexclude");
});

test("an empty .aiexclude blocks its whole directory; its negations are not part of the format and are skipped", () => {
  const empty = createAiIgnoreMatcher([{ path: "vendor/.aiexclude", text: "# nothing here\n\n" }]);
  assert.deepEqual(empty("vendor/lib/a.ts"), { file: "vendor/.aiexclude", line: 0, pattern: "" });
  assert.equal(empty("src/a.ts"), undefined);
  const negated = createAiIgnoreMatcher([{ path: ".aiexclude", text: "*.env\n!public.env\n" }]);
  assert.ok(negated("public.env"), "the ! line cannot take a file out in .aiexclude");
});

test("an empty ignore file of a tool with negations blocks nothing", () => {
  assert.equal(createAiIgnoreMatcher([{ path: ".cursorignore", text: "" }])("src/a.ts"), undefined);
});

test("paths with backslashes or a leading ./ are matched as the same file", () => {
  const matcher = createAiIgnoreMatcher([{ path: ".codeiumignore", text: "secret/\n" }]);
  assert.ok(matcher("secret\\\\plan.md".replace("\\\\", "\\")));
  assert.ok(matcher("./secret/plan.md"));
});
