// The ledger tests' request: a local completion of one file in an untrusted workspace.
import type { LedgerRequest } from "../../src/core/ledger/ledgerEntry.ts";

export const aLedgerRequest = (fields: Partial<LedgerRequest> = {}): LedgerRequest => ({
  kind: "completion",
  decision: { target: "local", model: "qwen2.5-coder:1.5b-base", reasons: [{ code: "privacy-untrusted" }] },
  localKind: "ollama",
  files: 1,
  file: "src/cart.ts",
  ...fields,
});
