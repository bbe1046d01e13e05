// Ollama's own rule for which model names are cloud models (github.com/ollama/ollama,
// internal/modelref/modelref.go `ParseRef`). Ollama proxies a request for such a name straight to
// ollama.com — `/api/show`, `/api/generate`, `/api/chat` and the OpenAI-compatible `/v1/*` routes
// (server/routes.go, server/cloud_proxy.go) — without the answer having to say so, so Junction must
// decide from the name alone, before anything is sent.

import { failure } from "../result.ts";
import type { Result } from "../result.ts";

/** Where a name asks Ollama to run the model: "unspecified" is a local model unless its manifest says otherwise. */
export type OllamaModelSource = "local" | "cloud" | "unspecified";

/** Ollama refuses these names (400 / "model is required"): nothing is ever sent for them. */
export type OllamaModelRef = Result<{ base: string; source: OllamaModelSource }, { kind: "empty" | "conflicting-source" }>;

/**
 * Reads the source suffix Ollama recognises at the end of a name: the last `:`-part equal to
 * `cloud` or `local` in any case (`qwen3-coder:cloud`, `deepseek-v3.1:671b:CLOUD`,
 * `qwen3:8b:local`), or the legacy cloud tag `<tag>-cloud` (`gpt-oss:120b-cloud`). A part that
 * contains `/` is a registry host and port, never a tag (`localhost:5000/team/coder`).
 * A name with both (`m:cloud:local`) is one Ollama refuses.
 */
export function parseOllamaModelRef(raw: string): OllamaModelRef {
  const name = raw.trim();
  if (name === "") return failure({ kind: "empty" });
  const outer = sourceSuffix(name);
  if (outer.source !== "unspecified" && sourceSuffix(outer.base).source !== "unspecified") return failure({ kind: "conflicting-source" });
  return { ok: true, ...outer };
}

/**
 * True when Ollama would run `name` on its cloud service by the name alone. A name Ollama
 * refuses counts as cloud too: Junction treats what it cannot classify as not local.
 */
export function isOllamaCloudName(name: string): boolean {
  const ref = parseOllamaModelRef(name);
  return !ref.ok || ref.source === "cloud";
}

function sourceSuffix(name: string): { base: string; source: OllamaModelSource } {
  const colon = name.lastIndexOf(":");
  if (colon < 0) return { base: name, source: "unspecified" };
  const tag = name.slice(colon + 1).trim();
  const lower = tag.toLowerCase();
  if (lower === "cloud") return { base: name.slice(0, colon), source: "cloud" };
  if (lower === "local") return { base: name.slice(0, colon), source: "local" };
  if (!tag.includes("/") && lower.endsWith("-cloud")) return { base: name.slice(0, colon + 1) + tag.slice(0, -"-cloud".length), source: "cloud" };
  return { base: name, source: "unspecified" };
}
