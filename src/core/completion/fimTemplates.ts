// Fill-in-the-middle prompt formats of the code-model families Junction can prompt in Ollama's
// raw mode (a model without Ollama's "insert" capability). Each format is the one the family
// was trained on, byte for byte: a missing space or an ASCII "|" where the model expects a
// full-width "｜" makes it continue the text instead of filling the hole.
// Sources: the families' published tokenizer configs and model cards (Qwen2.5-Coder README,
// Code Llama paper / HF tokenizer, DeepSeek-Coder README, StarCoder2 and Stable Code model
// cards, Mistral's Codestral FIM docs), cross-checked against Ollama's own model templates.

export type FimFamily = "qwen" | "codellama" | "deepseek" | "starcoder" | "codestral";

export interface FimTemplate {
  /** The whole raw prompt for a hole between `prefix` and `suffix`. */
  build(prefix: string, suffix: string): string;
  /** Sent as Ollama's `stop`: the model ends its answer (or starts a new file) with these. */
  stop: readonly string[];
  /** The family's control tokens that must never reach the editor (a superset of `stop`). */
  specialTokens: readonly string[];
}

// DeepSeek's markers use U+FF5C FULLWIDTH VERTICAL LINE and U+2581 LOWER ONE EIGHTH BLOCK; the
// escapes keep the exact code points visible in review.
const DS_BAR = "\uFF5C";
const DS_SPACE = "\u2581";
const deepseek = (name: string): string => `<${DS_BAR}${name.replaceAll(" ", DS_SPACE)}${DS_BAR}>`;

const QWEN_STOP = [
  "<|endoftext|>",
  "<|fim_prefix|>",
  "<|fim_suffix|>",
  "<|fim_middle|>",
  "<|fim_pad|>",
  "<|repo_name|>",
  "<|file_sep|>",
  "<|im_start|>",
  "<|im_end|>",
];
const CODELLAMA_STOP = ["<EOT>", "<PRE>", "<SUF>", "<MID>"];
const DEEPSEEK_STOP = [deepseek("end of sentence"), deepseek("fim begin"), deepseek("fim hole"), deepseek("fim end"), "<|EOT|>"];
const STARCODER_STOP = ["<|endoftext|>", "<file_sep>", "<fim_prefix>", "<fim_suffix>", "<fim_middle>", "<fim_pad>", "<repo_name>", "<filename>", "<gh_stars>"];
const CODESTRAL_STOP = ["</s>", "[PREFIX]", "[SUFFIX]", "[MIDDLE]"];

export const FIM_TEMPLATES: Readonly<Record<FimFamily, FimTemplate>> = {
  // Qwen2.5-Coder and Qwen3-Coder share one tokenizer. <|file_sep|> / <|repo_name|> begin the
  // next file of a repository-level sample: a base model that runs on writes them.
  qwen: {
    build: (prefix, suffix) => `<|fim_prefix|>${prefix}<|fim_suffix|>${suffix}<|fim_middle|>`,
    stop: QWEN_STOP,
    specialTokens: QWEN_STOP,
  },
  // Code Llama's infilling format puts a space after <PRE> and before <SUF> and <MID> (the
  // sentencepiece word boundary it was trained with); it ends the middle with <EOT>.
  codellama: {
    build: (prefix, suffix) => `<PRE> ${prefix} <SUF>${suffix} <MID>`,
    stop: CODELLAMA_STOP,
    specialTokens: CODELLAMA_STOP,
  },
  deepseek: {
    build: (prefix, suffix) => `${deepseek("fim begin")}${prefix}${deepseek("fim hole")}${suffix}${deepseek("fim end")}`,
    stop: DEEPSEEK_STOP,
    specialTokens: [...DEEPSEEK_STOP, deepseek("begin of sentence")],
  },
  // StarCoder, StarCoder2, Stable Code and CodeQwen 1.5 use the BigCode underscore tokens.
  starcoder: {
    build: (prefix, suffix) => `<fim_prefix>${prefix}<fim_suffix>${suffix}<fim_middle>`,
    stop: STARCODER_STOP,
    specialTokens: STARCODER_STOP,
  },
  // Codestral is trained suffix-first: [SUFFIX] … [PREFIX] …, and the answer follows the prefix.
  codestral: {
    build: (prefix, suffix) => `[SUFFIX]${suffix}[PREFIX]${prefix}`,
    stop: CODESTRAL_STOP,
    specialTokens: [...CODESTRAL_STOP, "<s>"],
  },
};

/** Name patterns, most specific first: "codeqwen" is a StarCoder-format model despite the name. */
const FAMILY_PATTERNS: readonly (readonly [RegExp, FimFamily])[] = [
  [/codeqwen/, "starcoder"],
  [/qwen(?:2\.5|3)[-_]?coder/, "qwen"],
  [/deepseek[-_]?coder/, "deepseek"],
  [/code[-_]?llama/, "codellama"],
  [/starcoder|stable[-_]?code/, "starcoder"],
  [/codestral/, "codestral"],
];

/**
 * The FIM family of an Ollama model, from its name ("qwen2.5-coder:1.5b-base",
 * "hf.co/bartowski/DeepSeek-Coder-V2-Lite-Base-GGUF:Q4_K_M"); undefined for any other model.
 */
export function detectFimFamily(modelName: string): FimFamily | undefined {
  const name = modelName.toLowerCase();
  return FAMILY_PATTERNS.find(([pattern]) => pattern.test(name))?.[1];
}

/**
 * Every supported family's control tokens, longest first (so "<|fim_prefix|>" is matched before
 * a shorter token it contains). Post-processing strips all of them whatever the model, because
 * a model's answer can leak another family's tokens (fine-tunes, merged vocabularies).
 */
export const ALL_SPECIAL_TOKENS: readonly string[] = [...new Set(Object.values(FIM_TEMPLATES).flatMap((template) => template.specialTokens))].sort(
  (a, b) => b.length - a.length,
);
