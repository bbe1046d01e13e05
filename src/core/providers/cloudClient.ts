import OpenAI, { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError, AzureOpenAI } from "openai";
import { endpointFlavour, parseEndpoint } from "./cloudEndpoints.ts";
import type { ClientSettings } from "./cloudEndpoints.ts";

/**
 * Everything Junction takes from the `openai` package at run time: the client for the configured
 * endpoint, and what its errors were. The production build makes this module a bundle of its own
 * (dist/cloudClient.js) that cloudClientLoader.ts loads on the first request of an
 * OpenAI-compatible provider, so activating the extension never evaluates `openai` (about 400 kB).
 * What crosses to the rest of the core is plain data: the bundle has its own copy of whatever it
 * imports, so a class of the core checked with `instanceof` here would not be the core's.
 */

/** A failure of the client, told apart by openai's error classes. */
export type ClientFailure =
  | { kind: "aborted" }
  | { kind: "timeout" }
  | { kind: "unreachable" }
  | { kind: "api"; status: number | undefined; message: string; code?: string; param?: string; headers: Headers | undefined };

/** What `error` was, when the client threw it; undefined for anything else. */
export function clientFailure(error: unknown): ClientFailure | undefined {
  if (error instanceof APIUserAbortError) return { kind: "aborted" };
  if (error instanceof APIConnectionTimeoutError) return { kind: "timeout" };
  if (error instanceof APIConnectionError) return { kind: "unreachable" };
  if (!(error instanceof APIError)) return undefined;
  const code = typeof error.code === "string" ? error.code : typeof error.type === "string" ? error.type : undefined;
  const param = typeof error.param === "string" ? error.param : undefined;
  return {
    kind: "api",
    status: typeof error.status === "number" ? error.status : undefined,
    message: error.message,
    headers: error.headers,
    ...(code ? { code } : {}),
    ...(param ? { param } : {}),
  };
}

/** Key and base URL are always explicit: the library would otherwise read OPENAI_* / AZURE_OPENAI_* variables. */
export function createClient(settings: ClientSettings): OpenAI {
  const send = settings.fetch ?? globalThis.fetch;
  const common = {
    timeout: settings.timeoutMs,
    maxRetries: settings.maxRetries,
    dangerouslyAllowBrowser: false,
    fetch: (input: string | URL | Request, init?: RequestInit) => unwrapArrayErrors(send, input, init),
  };
  const url = parseEndpoint(settings.endpoint);
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
