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
  if (input.multiFile || input.editedFiles > 1) add(0.6, `multi-file change (${Math.max(input.editedFiles, 2)} files)`);
  const fill = input.localContextTokens > 0 ? input.contextTokens / input.localContextTokens : 1;
  if (fill > 0.8) add(0.5, `context of ${input.contextTokens} tokens fills ${Math.round(fill * 100)} % of the local model's ${input.localContextTokens}-token window`);
  else if (fill > 0.5) add(0.2, `context of ${input.contextTokens} tokens is over half the local model's window`);
  if (input.crossFileReferences >= 3) add(0.2, `${input.crossFileReferences} cross-file references`);
  const cue = STRUCTURAL_CUES.exec(input.instruction);
  if (cue) add(0.3, `the instruction asks for structural work ("${cue[0]}")`);
  if (input.selectionTokens > 1500) add(0.2, `large selection (${input.selectionTokens} tokens)`);
  else if (input.selectionTokens > 400) add(0.1, `medium selection (${input.selectionTokens} tokens)`);
  return { score: Math.min(1, Number(score.toFixed(2))), reasons };
}
