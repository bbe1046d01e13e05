import OpenAI, { AzureOpenAI } from "openai";

/**
 * One OpenAI-compatible client for whatever endpoint the user configured, with the differences the
 * providers document:
 * - Azure OpenAI's v1 API (`https://<resource>.openai.azure.com/openai/v1/`) takes the standard
 *   client and the key in an `api-key` header; the model is the deployment's name
 *   (learn.microsoft.com/azure/ai-foundry/openai/api-version-lifecycle).
 * - Azure's dated API versions put the deployment in the path and need `api-version` in the query
 *   (learn.microsoft.com/azure/ai-foundry/openai/reference): an endpoint with `?api-version=` gets
 *   the library's AzureOpenAI client, which does both.
 * - Gemini's OpenAI compatibility endpoint answers errors as a JSON array of Google API errors,
 *   in which the openai client finds no `error.message`: its message would be the raw JSON. They
 *   are unwrapped, so the message reads as Google wrote it and names the field it refused.
 * Everything else (OpenAI, OpenRouter, Anthropic's compatibility layer, vLLM, llama.cpp …) is the
 * standard client at the given base URL.
 */

export type EndpointFlavour = "azure-v1" | "azure-dated" | "openai-compatible";

export interface ClientSettings {
  endpoint: string;
  apiKey: string;
  timeoutMs: number;
  maxRetries: number;
  /** The transport the client sends through (the egress guard's, for a side that is not private). */
  fetch?: typeof globalThis.fetch;
}

const AZURE_HOST = /(^|\.)(openai\.azure\.com|cognitiveservices\.azure\.com|services\.ai\.azure\.com|azure-api\.net)$/i;

export function endpointFlavour(endpoint: string): EndpointFlavour {
  const url = parse(endpoint);
  if (!url) return "openai-compatible";
  if (url.searchParams.has("api-version")) return "azure-dated";
  if (AZURE_HOST.test(url.hostname) || /\/openai\/v1\/?$/.test(url.pathname)) return "azure-v1";
  return "openai-compatible";
}

/** Key and base URL are always explicit: the library would otherwise read OPENAI_* / AZURE_OPENAI_* variables. */
export function createClient(settings: ClientSettings): OpenAI {
  const send = settings.fetch ?? globalThis.fetch;
  const common = { timeout: settings.timeoutMs, maxRetries: settings.maxRetries, dangerouslyAllowBrowser: false, fetch: (input: string | URL | Request, init?: RequestInit) => unwrapArrayErrors(send, input, init) };
  const url = parse(settings.endpoint);
  switch (endpointFlavour(settings.endpoint)) {
    case "azure-dated": {
      const apiVersion = url?.searchParams.get("api-version") ?? "";
      const path = (url?.pathname ?? "").replace(/\/+$/, "");
      const baseURL = `${url?.origin ?? ""}${path === "" ? "/openai" : path}`;
      return new AzureOpenAI({ ...common, apiKey: settings.apiKey, baseURL, apiVersion });
    }
    case "azure-v1": {
      const path = (url?.pathname ?? "").replace(/\/+$/, "");
      const baseURL = /\/openai\/v1$/.test(path) ? `${url?.origin ?? ""}${path}` : `${url?.origin ?? ""}${path}/openai/v1`;
      return new OpenAI({ ...common, apiKey: settings.apiKey, baseURL, defaultHeaders: { "api-key": settings.apiKey } });
    }
    case "openai-compatible":
      return new OpenAI({ ...common, apiKey: settings.apiKey, baseURL: settings.endpoint });
  }
}

function parse(endpoint: string): URL | undefined {
  try {
    return new URL(endpoint);
  } catch {
    return undefined;
  }
}

/** `[{"error": {…}}]` (Google APIs) → `{"error": {…}}`, so the client's APIError carries the message and code. */
async function unwrapArrayErrors(send: typeof globalThis.fetch, input: string | URL | Request, init?: RequestInit): Promise<Response> {
  const response = await send(input, init);
  if (response.ok || !(response.headers.get("content-type") ?? "").includes("json")) return response;
  const text = await response.text();
  let body = text;
  try {
    const parsed: unknown = JSON.parse(text);
    if (Array.isArray(parsed) && typeof parsed[0] === "object" && parsed[0] !== null && "error" in parsed[0]) body = JSON.stringify(parsed[0]);
  } catch {
    // Not JSON after all: pass the text on as it came.
  }
  return new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
}
