import * as l10n from "@vscode/l10n";

/**
 * How hard a refactor is, 0–1, with one reason per contribution. A score at or above
 * `junction.routing.cloudThreshold` (default 0.6) sends the refactor to the cloud model where
 * privacy allows. The weights make a multi-file refactor qualify on its own.
 */
export interface ComplexityInput {
  multiFile: boolean;
  /** Files whose content is edited. */
  editedFiles: number;
  /** Prompt tokens (instruction + every file sent). */
  contextTokens: number;
  /** The local model's context window. */
  localContextTokens: number;
  /** References between the files involved (imports, shared symbols). */
  crossFileReferences: number;
  instruction: string;
  selectionTokens: number;
}

export interface Complexity {
  score: number;
  reasons: string[];
}

/** Phrases that announce work local models are weakest at: broad, structural, cross-cutting. */
const STRUCTURAL_CUES =
  /\b(rename\b.*\b(across|everywhere|all)|migrat\w*|restructur\w*|re-?architect\w*|redesign\w*|split\b.*\b(into|across)|across (all|the|every|these) (files|modules)|convert\b.*\bto\b|port\b.*\bto\b|extract\b.*\b(module|package|service)|dependency injection|state machine)\b/i;

export function scoreComplexity(input: ComplexityInput): Complexity {
  const reasons: string[] = [];
  let score = 0;
  const add = (points: number, reason: string) => {
    score += points;
    reasons.push(`${reason} (+${points.toFixed(1)})`);
  };
  if (input.multiFile || input.editedFiles > 1) add(0.6, l10n.t("multi-file change ({0} files)", Math.max(input.editedFiles, 2)));
  const fill = input.localContextTokens > 0 ? input.contextTokens / input.localContextTokens : 1;
  if (fill > 0.8)
    add(
      0.5,
      l10n.t("context of {0} tokens fills {1} % of the local model's {2}-token window", input.contextTokens, Math.round(fill * 100), input.localContextTokens),
    );
  else if (fill > 0.5) add(0.2, l10n.t("context of {0} tokens is over half the local model's window", input.contextTokens));
  if (input.crossFileReferences >= 3) add(0.2, l10n.t("{0} cross-file references", input.crossFileReferences));
  const cue = STRUCTURAL_CUES.exec(input.instruction);
  if (cue) add(0.3, l10n.t('the instruction asks for structural work ("{0}")', cue[0]));
  if (input.selectionTokens > 1500) add(0.2, l10n.t("large selection ({0} tokens)", input.selectionTokens));
  else if (input.selectionTokens > 400) add(0.1, l10n.t("medium selection ({0} tokens)", input.selectionTokens));
  return { score: Math.min(1, Number(score.toFixed(2))), reasons };
}
