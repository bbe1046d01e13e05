import * as vscode from "vscode";
import { wordEndpointReason } from "../../words/index.ts";
import type { CostLedger, LocalHealth, Logger, RouteContext } from "../../core/index.ts";
import type { CloudModel } from "../models/cloudModel.ts";
import type { EgressKnowledge } from "../privacy/egress.ts";
import type { LocalModelMonitor } from "../models/localModel.ts";
import { describeLocalProblem } from "../models/localModelMessages.ts";
import type { SettingsReader } from "../settings.ts";
import type { WorkspacePrivacyService } from "../privacy/workspacePrivacy.ts";

export interface RouteContextDeps {
  settings: SettingsReader;
  local: LocalModelMonitor;
  cloud: CloudModel;
  ledger: CostLedger;
}

/** What a feature that routes, sends and records a request needs. */
export interface ModelServices extends RouteContextDeps {
  privacy: WorkspacePrivacyService;
  /** What the egress guard knows; refreshed before every cloud-bound request. */
  egress: EgressKnowledge;
  logger: Logger;
}

/** For refactors: the local chat model, which the completion health check does not cover. */
export interface RefactorModelStatus {
  model: string;
  remote: boolean;
}

/**
 * What the router needs to know about this moment: settings, trust, both sides' health, spend.
 * For a refactor, the local side is the refactor model; only a server problem makes it unavailable.
 */
export function currentRouteContext(deps: RouteContextDeps, secretsPolicy: "redact" | "route-local", refactor?: RefactorModelStatus): RouteContext {
  const config = deps.settings.current;
  const health = deps.local.health;
  const cloud = deps.cloud.status();
  const serverProblem = health.state === "unavailable" && ["unreachable", "timeout", "server-error", "bad-response"].includes(health.problem);
  const localAvailable = refactor ? !serverProblem : health.state !== "unavailable";
  const modelRemote = refactor ? refactor.remote : isRemote(health);
  return {
    trusted: vscode.workspace.isTrusted,
    completionRoute: config["completion.route"],
    cloudThreshold: config["routing.cloudThreshold"],
    secretsPolicy,
    local: {
      available: localAvailable,
      problem: health.state === "unavailable" && !localAvailable ? describeLocalProblem(health) : undefined,
      model: refactor?.model ?? deps.local.completionModel,
      endpoint: health.endpoint,
      // The window Junction gives every local model (num_ctx, fixed so Ollama never reloads it).
      contextTokens: config["local.contextTokens"],
      remote: modelRemote || !deps.local.trust.private,
      remoteReason: modelRemote || deps.local.trust.private ? undefined : wordEndpointReason(deps.local.trust.reason),
    },
    cloud: { configured: cloud.configured, available: cloud.available, problem: cloud.problem, model: cloud.model, price: cloud.price },
    budget: deps.ledger.routeBudget(config["budget.sessionUsd"], config["budget.monthlyUsd"]),
  };
}

function isRemote(health: LocalHealth): boolean {
  return health.state === "unavailable" && health.problem === "model-is-remote";
}
