import * as vscode from "vscode";
import type { LocalHealth, RouteContext } from "../core/index.ts";
import type { CloudModel } from "./cloudModel.ts";
import type { LocalModelMonitor } from "./localModel.ts";
import { describeLocalProblem } from "./localModelMessages.ts";
import type { SessionRequests } from "./sessionRequests.ts";
import type { SettingsReader } from "./settings.ts";

/**
 * The local model's context window when Ollama does not say: Junction sets `num_ctx` itself, and
 * this is what small code models run comfortably on a laptop.
 */
const LOCAL_CONTEXT_TOKENS = 8192;

export interface RouteContextDeps {
  settings: SettingsReader;
  local: LocalModelMonitor;
  cloud: CloudModel;
  requests: SessionRequests;
}

/** What the router needs to know about this moment: settings, trust, both sides' health, spend. */
export function currentRouteContext(deps: RouteContextDeps, secretsPolicy: "redact" | "route-local"): RouteContext {
  const config = deps.settings.current;
  const health = deps.local.health;
  const cloud = deps.cloud.status();
  const spent = deps.requests.cloudSpendUsd;
  return {
    trusted: vscode.workspace.isTrusted,
    completionRoute: config["completion.route"],
    cloudThreshold: config["routing.cloudThreshold"],
    secretsPolicy,
    local: {
      available: health.state !== "unavailable",
      problem: health.state === "unavailable" ? describeLocalProblem(health) : undefined,
      model: deps.local.completionModel,
      endpoint: health.endpoint,
      contextTokens: LOCAL_CONTEXT_TOKENS,
      remote: isRemote(health),
    },
    cloud: { configured: cloud.configured, available: cloud.available, problem: cloud.problem, model: cloud.model, price: cloud.price },
    // The monthly total is persisted with the cost ledger; until then this session's spend is its floor.
    budget: { sessionUsd: config["budget.sessionUsd"], sessionSpentUsd: spent, monthlyUsd: config["budget.monthlyUsd"], monthSpentUsd: spent },
  };
}

function isRemote(health: LocalHealth): boolean {
  return health.state === "unavailable" && health.problem === "model-is-remote";
}
