import assert from "node:assert/strict";
import { ProviderError } from "../../src/core/errors.ts";
import type { ProviderErrorKind, ProviderSide } from "../../src/core/errors.ts";

/**
 * Asserts that `promise` rejects with a ProviderError of `kind` (and of `side`, when given), and
 * returns it for further checks.
 */
export async function rejectsWithKind(promise: Promise<unknown>, kind: ProviderErrorKind, side?: ProviderSide): Promise<ProviderError> {
  let caught: unknown;
  await assert.rejects(promise, (error: unknown) => {
    caught = error;
    return true;
  });
  assert.ok(caught instanceof ProviderError, `expected a ProviderError, got ${String(caught)}`);
  assert.equal(caught.kind, kind, caught.message);
  if (side !== undefined) assert.equal(caught.side, side);
  return caught;
}
