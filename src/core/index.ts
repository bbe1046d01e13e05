// The core's public entry: other editors and tools reuse these. No runtime `vscode` import
// anywhere under src/core (test/unit/coreBoundary.test.ts enforces it).
export { parseConfig, settingsShape, SETTING_KEYS, DEFAULT_LOCAL_ONLY_FILES, SAFE_FALLBACKS, USER_ONLY_SETTINGS } from "./config.ts";
export type { JunctionConfig, ParsedConfig, SettingCheck, SettingIssue, SettingKey, SettingOutcome, SettingProblem } from "./config.ts";
export { ProviderError, englishProblem } from "./errors.ts";
export type { ProviderErrorKind, ProviderProblem, ProviderSide } from "./errors.ts";
export { systemClock } from "./ports.ts";
export type { Clock, Logger } from "./ports.ts";
export { OllamaProvider } from "./providers/ollamaProvider.ts";
export { estimateTokens } from "./tokens.ts";
export type { CompletionResult, FimRequest, ModelInfo, PullProgress, ServerInfo, ServerProduct, Usage } from "./providers/providerTypes.ts";
export { buildFimPrompt } from "./completion/fimPrompt.ts";
export type { FimPrompt, FimPromptInput } from "./completion/fimPrompt.ts";
export { postProcessCompletion } from "./completion/postProcess.ts";
export { requestInlineCompletion } from "./completion/inlineCompletion.ts";
export type { InlineCompletion, InlineCompletionRequest } from "./completion/inlineCompletion.ts";
export { checkLocalHealth, healthAfterFailure, isPersistentFailure } from "./health.ts";
export type { LocalHealth } from "./health.ts";
export { classifyWorkspace, classifyFile } from "./privacy/classify.ts";
export type {
  FileFacts,
  RealPathProblem,
  FilePrivacy,
  FolderClassification,
  FolderFacts,
  FolderPrivacy,
  ModeSource,
  PrivacyMode,
  WorkspaceFacts,
  WorkspacePrivacy,
} from "./privacy/classify.ts";
export { detectLicence } from "./privacy/licence.ts";
export type { EndpointReason, LicenceEvidence, PatternProblem, PrivacyReason, PrivacyReasonCode, PrivacySettingProblem } from "./privacy/privacyReasons.ts";
export { createLocalOnlyMatcher, validateLocalOnlyPatterns } from "./privacy/localOnlyFiles.ts";
export type { LocalOnlyMatcher } from "./privacy/localOnlyFiles.ts";
export { parseRemoteUrl, isPublicGitHost, matchesPrivateRemote } from "./privacy/remotes.ts";
export { mergeLocalOnlyFiles, mergePrivacyMode, mergeSecretsPolicy } from "./privacy/settingLayers.ts";
export type { SettingLayers } from "./privacy/settingLayers.ts";
export { findSecrets, redactSecrets, SECRET_RULE_IDS } from "./privacy/secrets.ts";
export { EgressGuard } from "./privacy/egressGuard.ts";
export { AI_IGNORE_FILE_NAMES, createAiIgnoreMatcher } from "./privacy/aiIgnoreFiles.ts";
export type { AiIgnoreFile, AiIgnoreMatch, AiIgnoreMatcher } from "./privacy/aiIgnoreFiles.ts";
export type { EgressRefusal, EgressRule } from "./privacy/egressGuard.ts";
export { EgressRefusedError, guardRemoteLocalSide, guardedFetch } from "./privacy/guardedFetch.ts";
export type { InspectBody } from "./privacy/guardedFetch.ts";
export type { Redaction, SecretFinding } from "./privacy/secrets.ts";
export { route } from "./routing/router.ts";
export type { Decision, RequestKind, RouteContext, RouteFile, RouteRequest, SideStatus, Target } from "./routing/router.ts";
export { scoreComplexity } from "./routing/complexity.ts";
export type { RouteAction, RouteReason, RouteReasonCode, SideProblem, StayedLocal } from "./routing/routeReasons.ts";
export { FALLBACK_PRICE, PRICE_CATALOG, PRICE_CATALOG_DATE, PRICE_CATALOG_SOURCE, costUsd, preparePriceCatalog, priceFor, quoteCost } from "./pricing.ts";
export type { EndpointPrices, ModelPrice, PriceLookup, PriceQuote, PriceSource, PriceTier, TokenCounts } from "./pricing.ts";
export { OpenAiCompatibleProvider, SIMULATED_OWNER } from "./providers/openAiProvider.ts";
export { ParameterMemory, REASONING_ALLOWANCE_TOKENS, chatParameters, isReasoningModel, modelFamily, rejectedParameter } from "./providers/modelParameters.ts";
export type { AdaptableParameter, ChatParameters, ModelFamily } from "./providers/modelParameters.ts";
export { endpointFlavour } from "./providers/cloudEndpoints.ts";
export type { EndpointFlavour } from "./providers/cloudEndpoints.ts";
export { OpenAiLocalProvider } from "./providers/localProvider.ts";
export type { CloudModelProvider, LocalModelListing, LocalModelProvider, LocalProviderKind } from "./providers/providerTypes.ts";
export { fillsInMiddle, isRemoteModel, looksInstruct, modelConcerns, orderForRole } from "./models/modelSuitability.ts";
export { isOllamaCloudName, parseOllamaModelRef } from "./models/ollamaModelRef.ts";
export type { OllamaModelRef, OllamaModelSource } from "./models/ollamaModelRef.ts";
export { DEFAULT_LOCAL_CONTEXT_TOKENS, contextWindowFor, planChat, planCompletion } from "./models/localContext.ts";
export { ModelResidency } from "./models/modelResidency.ts";
export type { ModelConcern, ModelRole } from "./models/modelSuitability.ts";
export { endpointTrust, isLoopbackHost } from "./privacy/trustedEndpoints.ts";
export type { EndpointTrust } from "./privacy/trustedEndpoints.ts";
export type { OpenAiProviderOptions } from "./providers/openAiProvider.ts";
export type { ChatMessage, ChatRequest, ChatResult, ChatUsage, ListedModel } from "./providers/providerTypes.ts";
export { buildCloudCompletionMessages, requestCloudCompletion } from "./completion/cloudCompletion.ts";
export { cutSnippet } from "./completion/snippets.ts";
export { withKnownSecrets, KNOWN_SECRET_RULE } from "./privacy/knownSecrets.ts";
export type { CloudCompletion, CloudCompletionRequest, ContextSnippet } from "./completion/cloudCompletion.ts";
export { CostLedger, UNKNOWN_PRICE_TEXT, LEDGER_STORE_KEY, KEPT_DAYS, KEPT_MONTHS, DEFAULT_MAX_SESSION_ENTRIES } from "./ledger/costLedger.ts";
export type {
  BudgetLine,
  BudgetState,
  CostLedgerOptions,
  CostSource,
  KeyValueStore,
  LedgerChange,
  LedgerEntry,
  LedgerInput,
  LedgerPricing,
  LedgerTotals,
  LedgerUsage,
  PeriodTotals,
  ProviderId,
  RequestOutcome,
} from "./ledger/costLedger.ts";
export { ledgerEntry, providerFor } from "./ledger/ledgerEntry.ts";
export type { LedgerDraft, LedgerNote, LedgerRequest, LedgerResult } from "./ledger/ledgerEntry.ts";
export { toCsv, toJson, CSV_COLUMNS, EXPORT_FORMAT, EXPORT_VERSION } from "./ledger/exportSession.ts";
export type { JsonExportOptions } from "./ledger/exportSession.ts";
export { parseRefactorEdits, EDIT_FORMAT_INSTRUCTIONS } from "./refactor/editFormat.ts";
export type { FileEdit, SearchReplace, ParseRefactorOptions, ParseRefactorResult } from "./refactor/editFormat.ts";
export type {
  EditSpan,
  MarkerName,
  ParseProblem,
  PlanProblem,
  TokenProblem,
  RefactorError,
  RefactorErrorKind,
  RefactorParseError,
  RefactorParseErrorKind,
  RefactorPlanError,
  RefactorPlanErrorKind,
} from "./refactor/refactorCodes.ts";
export { buildRefactorMessages, estimateRefactorTokens, redactRefactorMessages, QUICK_REFACTORS } from "./refactor/refactorPrompt.ts";
export type { RefactorFile, RefactorPromptInput, QuickRefactor, QuickRefactorId } from "./refactor/refactorPrompt.ts";
export { resolveEditPath, resolveEditPathLexically, checkPathSyntax, workspaceRelativePath } from "./refactor/pathSafety.ts";
export type {
  PathProblem,
  PathRejection,
  PathRejectionKind,
  PathSyntaxResult,
  ResolvedEditPath,
  ResolveEditPathOptions,
  LexicalOptions,
  WorkspaceFolderRoot,
} from "./refactor/pathSafety.ts";
export { planEdits } from "./refactor/applyEdits.ts";
export type { DocumentSnapshot, PlannedFile, PlanOptions, PlanResult, Replacement } from "./refactor/applyEdits.ts";
export { findRelativeImports, importCandidates } from "./refactor/imports.ts";
export { detectFimFamily, FIM_TEMPLATES } from "./completion/fimTemplates.ts";
export type { FimFamily, FimTemplate } from "./completion/fimTemplates.ts";
export { completionMode, createStopPredicate } from "./completion/completionMode.ts";
export type { CompletionMode, CursorContext } from "./completion/completionMode.ts";
export { CompletionCache, InFlightCompletion, reuseTypedThrough } from "./completion/completionCache.ts";
export type { CompletionKey, CompletionCacheOptions } from "./completion/completionCache.ts";
export { AdaptiveDebounce } from "./completion/debounce.ts";
export type { AdaptiveDebounceOptions } from "./completion/debounce.ts";
export type { PostProcessInput } from "./completion/postProcess.ts";
export type { PromptSnippet } from "./completion/fimPrompt.ts";
export { withDeadline } from "./deadline.ts";
export { heldResources, startTimer } from "./heldResources.ts";
export type { HeldResources } from "./heldResources.ts";
export { answerChat } from "./chat/chatRequest.ts";
export type { ChatFacts, ChatOutcome, ChatRequestInput, ChatServices } from "./chat/chatRequest.ts";
export { VSCODE_ROLES, roleOf as chatRoleOf } from "./chat/chatMessages.ts";
export type { ChatEvent, ChatPart, ChatRole, ChatTool, ChatToolCall, ChatTurn } from "./chat/chatMessages.ts";
export { countRequestTokens, countTokens, countTurnTokens } from "./chat/tokenCount.ts";
export { parseChatOptions } from "./chat/chatOptions.ts";
export type { ChatOptions, ParsedChatOptions } from "./chat/chatOptions.ts";
export { findPathCandidates, outsideFileIsLocalOnly } from "./chat/chatPaths.ts";
export type { PathCandidates } from "./chat/chatPaths.ts";
export { AGENT_MIN_CONTEXT_TOKENS, agentConcerns, canCallTools, chatStance, localChatBudget } from "./chat/chatStance.ts";
export type { AgentConcern, ChatStance, ChatStanceInput, LocalChatModel, LocalWhy, StanceDetail, StanceTooltip } from "./chat/chatStance.ts";
export { routeChat } from "./chat/chatRoute.ts";
export type { ChatRoute, ChatRouteInput, NamedFile } from "./chat/chatRoute.ts";
export { StreamRestorer, redactChat } from "./chat/chatRedaction.ts";
export type { RedactedChat } from "./chat/chatRedaction.ts";
export { toOllamaMessages, toOllamaTools, toOpenAiMessages, toOpenAiTools } from "./chat/chatWire.ts";
export { CompletionPipeline } from "./completion/completionPipeline.ts";
export type { CompletionAsk, CompletionOutcome, CompletionPorts, CompletionSettings, ContextFile, EditedFile } from "./completion/completionPipeline.ts";
export { planRefactor, sendRefactor } from "./refactor/refactorPipeline.ts";
export type { PlannedRefactor, RefactorAnswer, RefactorAsk, RefactorPorts, RefactorSendOptions, RefactorSource } from "./refactor/refactorPipeline.ts";
export { failure } from "./result.ts";
export type { Failure, Result } from "./result.ts";
