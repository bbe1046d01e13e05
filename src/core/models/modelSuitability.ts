import { detectFimFamily } from "../completion/fimTemplates.ts";
import type { LocalModelListing } from "../providers/providerTypes.ts";
import { isOllamaCloudName } from "./ollamaModelRef.ts";

export type ModelRole = "completion" | "refactor";

/** Why a model is a poor choice for a role; the host words each one. */
export type ModelConcern = "cannot-fill-in-middle" | "instruct-for-completion" | "remote";

/** Named like a chat/instruct model: it answers requests rather than continuing code. */
export function looksInstruct(name: string): boolean {
  return /instruct|chat|[-_:.]it\b|[-_]rl\b/i.test(name);
}

/** Fills in the middle: Ollama's `insert`, or a family whose FIM tokens Junction writes itself. */
export function fillsInMiddle(model: Pick<LocalModelListing, "name" | "capabilities">): boolean {
  return model.capabilities?.includes("insert") === true || detectFimFamily(model.name) !== undefined;
}

/**
 * Runs somewhere else: the server says so, or Ollama's own name rule does (a `:cloud` or
 * `-cloud` tag), which holds even where the listing has no remote host.
 */
export function isRemoteModel(model: Pick<LocalModelListing, "name" | "remote">): boolean {
  return model.remote || isOllamaCloudName(model.name);
}

/** What to warn about before `model` becomes the model for `role`; empty when it suits. */
export function modelConcerns(model: LocalModelListing, role: ModelRole): ModelConcern[] {
  const concerns: ModelConcern[] = [];
  if (role === "completion" && !fillsInMiddle(model)) concerns.push("cannot-fill-in-middle");
  else if (role === "completion" && looksInstruct(model.name)) concerns.push("instruct-for-completion");
  if (isRemoteModel(model)) concerns.push("remote");
  return concerns;
}

/** Models that suit the role first (completion: base FIM models; refactor: instruct models), then by name. */
export function orderForRole(models: readonly LocalModelListing[], role: ModelRole): LocalModelListing[] {
  const suits = (model: LocalModelListing) =>
    !isRemoteModel(model) && (role === "completion" ? fillsInMiddle(model) && !looksInstruct(model.name) : looksInstruct(model.name));
  return [...models].sort((a, b) => Number(suits(b)) - Number(suits(a)) || a.name.localeCompare(b.name));
}
