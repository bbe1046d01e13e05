import assert from "node:assert/strict";
import OpenAI from "openai";
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

/** Asserts that a call through the `openai` client is refused, and returns the client's APIError (the twins' tests read its fields). */
export async function apiRejection(call: Promise<unknown>): Promise<InstanceType<typeof OpenAI.APIError>> {
  try {
    await call;
  } catch (error) {
    assert.ok(error instanceof OpenAI.APIError, String(error));
    return error;
  }
  assert.fail("the request was accepted");
}
