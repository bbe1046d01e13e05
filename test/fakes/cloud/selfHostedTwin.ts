// A twin of a self-hosted OpenAI-compatible server as the local side uses it — vLLM's OpenAI
// server (docs.vllm.ai/en/latest/serving/openai_compatible_server.html) and llama.cpp's server
// (github.com/ggml-org/llama.cpp tools/server/README.md):
// - No key unless one is configured; `/v1/models`, `/v1/chat/completions` and the legacy
//   `/v1/completions` (a prompt in, `choices[].text` out: how Junction sends FIM prompts).
// - Both `max_tokens` and `max_completion_tokens` cap the output; request fields the server does
//   not know are ignored (vLLM logs them), so no parameter is refused.
// - Usage with prompt, completion and total tokens only.
import { ChatTwin, openAiStyleError, openAiStyleListing, standardRoutes } from "./chatTwin.ts";
import type { ChatTwinOptions, TwinProfile } from "./chatTwin.ts";

export const DEFAULT_SELF_HOSTED_MODELS: readonly string[] = ["Qwen/Qwen2.5-Coder-1.5B", "Qwen/Qwen2.5-Coder-7B-Instruct"];

export const SELF_HOSTED_PROFILE: TwinProfile = {
  name: "vLLM",
  basePath: "/v1",
  route: standardRoutes("/v1", { text: true }),
  resolveModel: (requested, served) => (served.includes(requested) ? requested : undefined),
  errorBody: (rejection) => openAiStyleError(rejection.status === 404 && rejection.code === undefined ? { ...rejection, type: "NotFoundError" } : rejection),
  unknownModel: (model) => ({ status: 404, message: `The model \`${model}\` does not exist.`, type: "NotFoundError", code: 404 }),
  listing: (models, simulated) => openAiStyleListing(models, "vllm", simulated),
  checkParameters: () => undefined,
  usage: (facts) => ({
    prompt_tokens: facts.promptTokens,
    completion_tokens: facts.completionTokens,
    total_tokens: facts.promptTokens + facts.completionTokens,
  }),
};

export type SelfHostedTwin = ChatTwin;

/** Starts a self-hosted (vLLM-like) twin; clients use `baseUrl` (`…/v1`). */
export function startSelfHostedTwin(options: ChatTwinOptions = {}): Promise<ChatTwin> {
  return new ChatTwin(SELF_HOSTED_PROFILE, options, DEFAULT_SELF_HOSTED_MODELS).listen(options.port);
}
