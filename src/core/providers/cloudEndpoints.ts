/**
 * Which kind of OpenAI-compatible endpoint the user configured, with the differences the providers
 * document (cloudClient.ts creates the client for each):
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
  const url = parseEndpoint(endpoint);
  if (!url) return "openai-compatible";
  if (url.searchParams.has("api-version")) return "azure-dated";
  if (AZURE_HOST.test(url.hostname) || /\/openai\/v1\/?$/.test(url.pathname)) return "azure-v1";
  return "openai-compatible";
}

export function parseEndpoint(endpoint: string): URL | undefined {
  try {
    return new URL(endpoint);
  } catch {
    return undefined;
  }
}
