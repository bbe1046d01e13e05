// Every text a cloud-bound chat request carries is redacted: message texts, each string in a tool
// call's arguments, tool results; one placeholder per secret across all of them; the values come
// back in the answer, streamed text and tool arguments alike.
import { test } from "node:test";
import assert from "node:assert/strict";
import { PLACEHOLDER_PREFIX, StreamRestorer, partialPlaceholderStart, redactChat } from "../../src/core/chat/chatRedaction.ts";
import { everyText } from "../../src/core/chat/chatMessages.ts";
import { redactSecrets } from "../../src/core/privacy/secrets.ts";
import { FAKE_GITHUB_TOKEN } from "../fixtures/privacyValues.ts";
import { calls, result, system, user } from "./chatFixtures.ts";

const SECOND_TOKEN = ["ghp", "_", "Q4mZ8vN2xR7tL1cW9kP3sB6yH0dF5gJaTe8U"].join("");
const KNOWN = "correct-horse-battery-staple-42";

const CONVERSATION = [
  system("You are a coding agent."),
  user(`Why does this fail? const token = "${FAKE_GITHUB_TOKEN}";`),
  calls("call_1", "replace_string_in_file", {
    filePath: "/w/src/config.ts",
    edits: [{ oldString: `"${FAKE_GITHUB_TOKEN}"`, newString: `process.env.TOKEN ?? "${SECOND_TOKEN}"` }],
  }),
  result("call_1", `Wrote src/config.ts; the deploy password is ${KNOWN}`),
];

test("the placeholder prefix is the one redactSecrets writes", () => {
  assert.ok(redactSecrets(`token = "${FAKE_GITHUB_TOKEN}"`).redacted.includes(`${PLACEHOLDER_PREFIX}1>>`));
});

test("no secret survives in any text, tool argument or tool result; the rest is untouched", () => {
  const redacted = redactChat(CONVERSATION, [KNOWN]);
  const texts = everyText(redacted.turns).join("\n");
  for (const secret of [FAKE_GITHUB_TOKEN, SECOND_TOKEN, KNOWN]) assert.ok(!texts.includes(secret), `${secret.slice(0, 8)}… was sent`);
  assert.equal(redacted.secrets, 4, "each occurrence is replaced");
  assert.ok(texts.includes("Why does this fail?") && texts.includes("process.env.TOKEN"), "the positive control is still there");
  assert.deepEqual(redacted.turns[0], CONVERSATION[0], "a turn without secrets is sent as it is");
  const call = redacted.turns[2]?.parts[0];
  assert.ok(call?.type === "tool-call" && call.input.filePath === "/w/src/config.ts", "the shape of the arguments is kept");
});

test("one secret has one placeholder everywhere it appears, and two secrets never share one", () => {
  const redacted = redactChat(CONVERSATION, [KNOWN]);
  const placeholders = (text: string) => text.match(/<<JUNCTION_SECRET_\d+>>/g) ?? [];
  const [question, edit] = [everyText([redacted.turns[1]!]).join(""), everyText([redacted.turns[2]!]).join("")];
  assert.deepEqual(placeholders(question), [placeholders(edit)[0]], "the question and the edit name the same placeholder for the same token");
  assert.equal(new Set(placeholders(everyText(redacted.turns).join(""))).size, 3);
});

test("restore gives the values back, so an agent's edit keeps the user's real secret", () => {
  const redacted = redactChat(CONVERSATION, [KNOWN]);
  const echoed = everyText([redacted.turns[2]!]).join("|");
  assert.equal(redacted.restore(echoed), everyText([CONVERSATION[2]!]).join("|"));
});

test("a conversation without secrets is passed through with an identity restore", () => {
  const plain = [user("hello"), calls("c", "read_file", { filePath: "/w/a.ts" })];
  const redacted = redactChat(plain, []);
  assert.deepEqual(redacted.turns, plain);
  assert.equal(redacted.secrets, 0);
  assert.equal(redacted.restore(`${PLACEHOLDER_PREFIX}1>>`), `${PLACEHOLDER_PREFIX}1>>`);
});

test("a text that holds the usual separator is still split back exactly", () => {
  const tricky = [user("a\n\u0000\nb", `key ${FAKE_GITHUB_TOKEN}`), result("c", "x\n\u0000\ny")];
  const redacted = redactChat(tricky, []);
  assert.equal(redacted.turns[0]?.parts.length, 2);
  assert.deepEqual(
    everyText(redacted.turns).map((text) => text.includes("\u0000")),
    [true, false, true],
  );
  assert.equal(redacted.restore(everyText(redacted.turns).join("")), everyText(tricky).join(""));
});

test("the stream restorer puts values back even when a placeholder is cut between pieces", () => {
  const redacted = redactChat([user(`token ${FAKE_GITHUB_TOKEN}`)], []);
  const answer = `Use ${PLACEHOLDER_PREFIX}1>> here, not <<elsewhere>>.`;
  for (let cut = 1; cut < answer.length; cut += 1) {
    const restorer = new StreamRestorer(redacted.restore);
    const shown = restorer.push(answer.slice(0, cut)) + restorer.push(answer.slice(cut)) + restorer.flush();
    assert.equal(shown, `Use ${FAKE_GITHUB_TOKEN} here, not <<elsewhere>>.`, `cut at ${cut}`);
  }
});

test("only a tail that can still become a placeholder is held back", () => {
  assert.equal(partialPlaceholderStart("abc <<JUNC"), 4);
  assert.equal(partialPlaceholderStart("abc <<JUNCTION_SECRET_12>"), 4);
  assert.equal(partialPlaceholderStart("abc <<JUNCTION_SECRET_12>> done"), 31);
  assert.equal(partialPlaceholderStart("a < b"), 5);
  assert.equal(partialPlaceholderStart("ends with <"), 10);
});
