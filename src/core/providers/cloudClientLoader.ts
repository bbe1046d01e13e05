import * as cloudClient from "./cloudClient.ts";

/**
 * The `openai` package, for OpenAI-compatible providers, loaded on their first request. In the
 * extension's production bundle this module's body is replaced (esbuild.lazyModules.mjs) by a
 * `require` of dist/cloudClient.js, the bundle of cloudClient.ts, so activation never evaluates
 * `openai`; run from source (unit tests, benchmarks, other tools reusing the core) it is the module
 * imported above.
 */
export type CloudClientModule = typeof cloudClient;

export function loadCloudClient(): CloudClientModule {
  return cloudClient;
}
