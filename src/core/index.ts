// The core's public entry: other editors and tools reuse these. No runtime `vscode` import
// anywhere under src/core (test/unit/coreBoundary.test.ts enforces it).
export { parseConfig, describeSettingProblems, settingsShape, SETTING_KEYS, DEFAULT_LOCAL_ONLY_FILES } from "./config.ts";
export type { JunctionConfig, ParsedConfig, SettingKey, SettingProblem } from "./config.ts";
export { ProviderError } from "./errors.ts";
export type { ProviderErrorKind, ProviderSide } from "./errors.ts";
export type { Clock, Logger } from "./ports.ts";
export { OllamaProvider, estimateTokens } from "./providers/ollamaProvider.ts";
export type { CompletionResult, FimRequest, ModelInfo, ServerInfo, Usage } from "./providers/ollamaProvider.ts";
export { buildFimPrompt } from "./completion/fimPrompt.ts";
export type { FimPrompt, FimPromptInput } from "./completion/fimPrompt.ts";
export { postProcessCompletion } from "./completion/postProcess.ts";
export { requestInlineCompletion } from "./completion/inlineCompletion.ts";
export type { InlineCompletion, InlineCompletionRequest } from "./completion/inlineCompletion.ts";
export { checkLocalHealth, healthAfterFailure } from "./health.ts";
export type { LocalHealth } from "./health.ts";
