// The host <-> panel protocol (src/shared/protocol.ts): both sides parse what they receive, so
// anything not in the protocol is rejected rather than half-handled.
import { test } from "node:test";
import assert from "node:assert/strict";
import { hostToPanelSchema, panelToHostSchema } from "../../src/shared/protocol.ts";
import type { HostToPanelMessage, LocalStatus, RequestRow } from "../../src/shared/protocol.ts";

function localStatus(overrides: Partial<LocalStatus> = {}): LocalStatus {
  return {
    state: "ready",
    endpoint: "http://127.0.0.1:11434",
    model: "qwen2.5-coder:1.5b-base",
    summary: "Ollama 0.12.6 · qwen2.5-coder:1.5b-base",
    simulated: false,
    ...overrides,
  };
}

function requestRow(overrides: Partial<RequestRow> = {}): RequestRow {
  return {
    id: "r1",
    time: 1_750_000_000_000,
    kind: "completion",
    target: "local",
    model: "qwen2.5-coder:1.5b-base",
    file: "src/index.ts",
    inputTokens: 412,
    outputTokens: 9,
    tokensEstimated: false,
    latencyMs: 183.5,
    usd: 0,
    outcome: "ok",
    reasons: ["completions go to the local model (fast, free, private)"],
    ...overrides,
  };
}

const PRIVACY = {
  trusted: true,
  folders: [{ name: "app", uri: "file:///work/app", classification: "private", cloudAllowed: false, reasons: ["no git remote"] }],
};

function stateMessage(rows: unknown[], local: unknown = localStatus()): unknown {
  return { type: "state", state: { local, privacy: PRIVACY, requests: rows } };
}

// ── host → panel ──

test("a state message without the privacy section is rejected", () => {
  assert.equal(hostToPanelSchema.safeParse({ type: "state", state: { local: localStatus(), requests: [] } }).success, false);
});

test("a folder with an unknown classification is rejected", () => {
  const message = { type: "state", state: { local: localStatus(), privacy: { trusted: true, folders: [{ ...PRIVACY.folders[0], classification: "secret" }] }, requests: [] } };
  assert.equal(hostToPanelSchema.safeParse(message).success, false);
});

test("the panel may ask to set a folder's mode to local-only or cloud-allowed, nothing else", () => {
  assert.ok(panelToHostSchema.safeParse({ type: "setFolderMode", folderUri: "file:///work/app", mode: "local-only" }).success);
  assert.equal(panelToHostSchema.safeParse({ type: "setFolderMode", folderUri: "file:///work/app", mode: "auto" }).success, false);
});

test("a state message with the local status and request rows is accepted as it is", () => {
  const message = stateMessage([requestRow(), requestRow({ id: "r2", target: "cloud", kind: "refactor", tokensEstimated: true })]);
  const parsed = hostToPanelSchema.safeParse(message);
  assert.ok(parsed.success, parsed.error?.message);
  assert.deepEqual(parsed.data as HostToPanelMessage, message);
});

test("a state message without request rows is accepted", () => {
  assert.ok(hostToPanelSchema.safeParse(stateMessage([], localStatus({ state: "checking" }))).success);
});

test("a host message of an unknown type is rejected", () => {
  assert.equal(hostToPanelSchema.safeParse({ type: "reload", state: { local: localStatus(), requests: [] } }).success, false);
});

test("a host message without a type is rejected", () => {
  assert.equal(hostToPanelSchema.safeParse({ state: { local: localStatus(), requests: [] } }).success, false);
});

const MALFORMED_ROWS: { label: string; row: unknown }[] = [
  { label: "negative input tokens", row: requestRow({ inputTokens: -1 }) },
  { label: "fractional output tokens", row: requestRow({ outputTokens: 1.5 }) },
  { label: "negative latency", row: requestRow({ latencyMs: -3 }) },
  { label: "an unknown outcome", row: requestRow({ outcome: "maybe" as RequestRow["outcome"] }) },
  { label: "an unknown target", row: requestRow({ target: "mars" as RequestRow["target"] }) },
  { label: "a missing model", row: (({ model: _model, ...rest }) => rest)(requestRow()) },
  { label: "tokens as a string", row: { ...requestRow(), inputTokens: "412" } },
];

for (const { label, row } of MALFORMED_ROWS) {
  test(`a state message with a request row with ${label} is rejected`, () => {
    assert.equal(hostToPanelSchema.safeParse(stateMessage([requestRow(), row])).success, false);
  });
}

test("a state message with an unknown local state is rejected", () => {
  const local = { ...localStatus(), state: "sleeping" };
  assert.equal(hostToPanelSchema.safeParse(stateMessage([], local)).success, false);
});

// ── panel → host ──

for (const type of ["ready", "openLog", "recheckLocalModel"]) {
  test(`the panel message "${type}" is accepted`, () => {
    const parsed = panelToHostSchema.safeParse({ type });
    assert.ok(parsed.success, parsed.error?.message);
    assert.equal(parsed.data.type, type);
  });
}

test("a panel message of an unknown type is rejected", () => {
  assert.equal(panelToHostSchema.safeParse({ type: "deleteEverything" }).success, false);
});

test("a panel message that is not an object is rejected", () => {
  assert.equal(panelToHostSchema.safeParse("ready").success, false);
  assert.equal(panelToHostSchema.safeParse(null).success, false);
});
