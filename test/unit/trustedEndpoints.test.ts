// Whether the local side's server may see private code: loopback always, elsewhere only when the
// user lists it in junction.privacy.trustedEndpoints. A near-miss must never count as trusted.
import { test } from "node:test";
import assert from "node:assert/strict";
import { endpointTrust, isLoopbackHost } from "../../src/core/privacy/trustedEndpoints.ts";

for (const host of ["127.0.0.1", "127.8.9.10", "localhost", "LOCALHOST", "[::1]", "::1", "[::ffff:7f00:1]", "localhost."]) {
  test(`${host} is loopback`, () => assert.equal(isLoopbackHost(host), true));
}

for (const host of ["127.0.0.1.nip.io", "localhost.evil.example", "api.localhost", "0.0.0.0", "10.0.0.5", "128.0.0.1", "[::2]", "gpu-box.lan"]) {
  test(`${host} is not loopback`, () => assert.equal(isLoopbackHost(host), false));
}

test("a loopback endpoint is private without any trusted entry", () => {
  const trust = endpointTrust("http://127.0.0.1:8000/v1", []);
  assert.equal(trust.private, true);
  assert.deepEqual(trust.reason, { code: "this-machine", host: "127.0.0.1:8000" });
});

test("a LAN server is not private until the user lists it, and the reason says what to do", () => {
  const trust = endpointTrust("http://gpu-box.lan:8000/v1", []);
  assert.equal(trust.private, false);
  assert.deepEqual(trust.reason, { code: "not-listed", host: "gpu-box.lan:8000" });
});

const cases: Array<{ endpoint: string; entry: string; trusted: boolean }> = [
  { endpoint: "http://gpu-box.lan:8000/v1", entry: "gpu-box.lan:8000", trusted: true },
  { endpoint: "http://gpu-box.lan:8000/v1", entry: "gpu-box.lan", trusted: true },
  { endpoint: "http://gpu-box.lan:8000/v1", entry: "GPU-BOX.LAN", trusted: true },
  { endpoint: "http://gpu-box.lan:8000/v1", entry: "gpu-box.lan:9000", trusted: false },
  { endpoint: "http://gpu-box.lan:8000/v1", entry: "http://gpu-box.lan:8000", trusted: true },
  { endpoint: "http://gpu-box.lan:8000/v1", entry: "http://gpu-box.lan:8000/other/path", trusted: true },
  { endpoint: "https://vllm.inference.internal/v1", entry: "*.inference.internal", trusted: true },
  { endpoint: "https://vllm.inference.internal/v1", entry: "vllm.inference.internal:443", trusted: true },
  { endpoint: "https://vllm.inference.internal/v1", entry: "vllm.inference.internal:80", trusted: false },
  { endpoint: "https://inference.internal.evil.example/v1", entry: "*.inference.internal", trusted: false },
  { endpoint: "https://evil-gpu-box.lan/v1", entry: "gpu-box.lan", trusted: false },
  { endpoint: "http://gpu-box.lan:8000/v1", entry: "", trusted: false },
  { endpoint: "http://gpu-box.lan:8000/v1", entry: "   ", trusted: false },
];
for (const { endpoint, entry, trusted } of cases) {
  test(`${endpoint} with trusted entry ${JSON.stringify(entry)} is ${trusted ? "private" : "not private"}`, () => {
    assert.equal(endpointTrust(endpoint, [entry]).private, trusted);
  });
}

test("the reason for a trusted server names the entry that matched", () => {
  assert.deepEqual(endpointTrust("http://gpu-box.lan:8000/v1", ["other", "gpu-box.lan"]).reason, {
    code: "listed",
    host: "gpu-box.lan:8000",
    entry: "gpu-box.lan",
  });
});

test("text that is no URL is never private", () => {
  assert.deepEqual(endpointTrust("gpu box", ["*"]), { private: false, reason: { code: "not-a-url", endpoint: "gpu box" } });
});
