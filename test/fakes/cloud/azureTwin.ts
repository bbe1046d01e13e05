// A twin of Azure OpenAI, following learn.microsoft.com/azure/ai-foundry/openai:
// - The v1 API (api-version-lifecycle): `/openai/v1/chat/completions` and `/openai/v1/models`,
//   no api-version, the key in an `api-key` header (or as a bearer token); the request's `model`
//   is a deployment's name.
// - Dated API versions (reference): `/openai/deployments/{deployment}/chat/completions?api-version=…`,
//   the key in `api-key` only; without an api-version the answer is 404 "Resource not found".
// - A deployment runs one OpenAI model, which refuses what OpenAI refuses for it (the reasoning
//   models' temperature, max_tokens, stop: learn.microsoft.com/azure/ai-foundry/openai/how-to/reasoning).
// - Errors `{"error": {"code", "message"}}`, e.g. 404 DeploymentNotFound; a model's parameter
//   errors pass through with OpenAI's fields.
import { ChatTwin, openAiStyleListing, openAiStyleUsage } from "./chatTwin.ts";
import type { ChatTwinOptions, TwinProfile, TwinRejection, UsageFacts } from "./chatTwin.ts";
import { openAiCachedTokens, openAiParameterRejection, openAiRateLimitHeaders, openAiReasoningTokens } from "./openAiTwin.ts";

export interface AzureTwinOptions extends ChatTwinOptions {
  /** Deployment name → the OpenAI model it runs. */
  deployments?: Record<string, string>;
}

export const DEFAULT_AZURE_DEPLOYMENTS: Readonly<Record<string, string>> = { "gpt-5-mini": "gpt-5-mini", "team-reasoner": "gpt-5.1", "gpt-41": "gpt-4.1" };

const DATED = /^\/openai\/deployments\/([^/]+)\/chat\/completions$/;

export function azureProfile(deployments: Readonly<Record<string, string>>): TwinProfile {
  return {
    name: "Azure OpenAI",
    basePath: "/openai/v1",
    route(request) {
      if (request.method === "GET" && request.path === "/openai/v1/models") return { kind: "models" };
      if (request.method === "POST" && request.path === "/openai/v1/chat/completions") return { kind: "chat", rulePath: request.path };
      const dated = DATED.exec(request.path);
      if ((dated && request.method === "POST") || (request.method === "GET" && request.path === "/openai/models")) {
        if (!request.query["api-version"]) return { kind: "error", status: 404, message: "Resource not found" };
        if (!request.headers["api-key"])
          return {
            kind: "error",
            status: 401,
            message:
              "Access denied due to invalid subscription key or wrong API endpoint. Make sure to provide a valid key for an active subscription and use a correct regional API endpoint for your resource.",
          };
        return dated ? { kind: "chat", rulePath: request.path, modelFromPath: decodeURIComponent(dated[1] ?? "") } : { kind: "models" };
      }
      return undefined;
    },
    // `served` lists the deployments' names; each runs the model it maps to.
    resolveModel: (requested, served) => (served.includes(requested) ? deployments[requested] : undefined),
    errorBody: (rejection: TwinRejection) => ({
      error: {
        code: rejection.code ?? String(rejection.status),
        message: rejection.message,
        ...(rejection.type ? { type: rejection.type } : {}),
        ...(rejection.param !== undefined ? { param: rejection.param } : {}),
      },
    }),
    unknownModel: () => ({
      status: 404,
      code: "DeploymentNotFound",
      message:
        "The API deployment for this resource does not exist. If you created the deployment within the last 5 minutes, please wait a moment and try again.",
    }),
    // The v1 model list names the models the resource may deploy, not the deployments.
    listing: (served, simulated) => openAiStyleListing([...new Set(served.map((name) => deployments[name] ?? name))], "system", simulated),
    checkParameters: openAiParameterRejection,
    reasoningTokens: openAiReasoningTokens,
    usage: (facts: UsageFacts) => openAiStyleUsage({ ...facts, cachedTokens: openAiCachedTokens(facts.cachedTokens) }),
    headers: (status) => {
      const { "x-ratelimit-remaining-requests": requests, "x-ratelimit-remaining-tokens": tokens } = openAiRateLimitHeaders(status);
      return { "x-ratelimit-remaining-requests": requests ?? "0", "x-ratelimit-remaining-tokens": tokens ?? "0" };
    },
  };
}

export type AzureTwin = ChatTwin;

/** Starts the Azure OpenAI twin; `baseUrl` is the v1 API (`…/openai/v1`); dated clients use `url` with `?api-version=`. */
export function startAzureTwin(options: AzureTwinOptions = {}): Promise<ChatTwin> {
  const deployments = options.deployments ?? DEFAULT_AZURE_DEPLOYMENTS;
  return new ChatTwin(azureProfile(deployments), { ...options, models: options.models ?? Object.keys(deployments) }, Object.keys(deployments)).listen(
    options.port,
  );
}
