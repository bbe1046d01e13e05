import type { ComplexitySignal } from "./routeReasons.ts";

/**
 * How hard a refactor is, 0–1, with one signal per contribution. A score at or above
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
  signals: ComplexitySignal[];
}

/** Phrases that announce work local models are weakest at: broad, structural, cross-cutting. */
const STRUCTURAL_CUES =
  /\b(rename\b.*\b(across|everywhere|all)|migrat\w*|restructur\w*|re-?architect\w*|redesign\w*|split\b.*\b(into|across)|across (all|the|every|these) (files|modules)|convert\b.*\bto\b|port\b.*\bto\b|extract\b.*\b(module|package|service)|dependency injection|state machine)\b/i;

export function scoreComplexity(input: ComplexityInput): Complexity {
  const signals: ComplexitySignal[] = [];
  const fill = input.localContextTokens > 0 ? input.contextTokens / input.localContextTokens : 1;
  if (input.multiFile || input.editedFiles > 1) signals.push({ code: "multi-file", files: Math.max(input.editedFiles, 2), points: 0.6 });
  if (fill > 0.8)
    signals.push({
      code: "context-fills-window",
      tokens: input.contextTokens,
      percent: Math.round(fill * 100),
      windowTokens: input.localContextTokens,
      points: 0.5,
    });
  else if (fill > 0.5) signals.push({ code: "context-over-half-window", tokens: input.contextTokens, points: 0.2 });
  if (input.crossFileReferences >= 3) signals.push({ code: "cross-file-references", count: input.crossFileReferences, points: 0.2 });
  const cue = STRUCTURAL_CUES.exec(input.instruction);
  if (cue) signals.push({ code: "structural-instruction", cue: cue[0], points: 0.3 });
  if (input.selectionTokens > 1500) signals.push({ code: "large-selection", tokens: input.selectionTokens, points: 0.2 });
  else if (input.selectionTokens > 400) signals.push({ code: "medium-selection", tokens: input.selectionTokens, points: 0.1 });
  const score = signals.reduce((sum, signal) => sum + signal.points, 0);
  return { score: Math.min(1, Number(score.toFixed(2))), signals };
}
