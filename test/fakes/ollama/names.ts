// How Ollama reads a model name, written from its source and kept apart from Junction's own copy of
// the rule (src/core/models/ollamaModelRef.ts), so a mistake there shows up as a difference here.
//   internal/modelref/modelref.go  ParseRef / parseSourceSuffix: the ":cloud" / ":local" source suffix
//   types/model/name.go            ParseName: host/namespace/model:tag with registry.ollama.ai/library/…:latest defaults

export type Source = "cloud" | "local" | "unspecified";

export type ParsedRef = { base: string; source: Source } | { error: "model is required" | "use either :local or :cloud, not both" };

/** modelref.ParseRef. */
export function parseRef(raw: string): ParsedRef {
  const trimmed = raw.trim();
  if (trimmed === "") return { error: "model is required" };
  const [base, source] = parseSourceSuffix(trimmed);
  if (source !== "unspecified" && parseSourceSuffix(base)[1] !== "unspecified") return { error: "use either :local or :cloud, not both" };
  return { base, source };
}

/** modelref.parseSourceSuffix: only the part after the last colon can name a source. */
function parseSourceSuffix(raw: string): [string, Source] {
  const idx = raw.lastIndexOf(":");
  if (idx >= 0) {
    const suffixRaw = raw.slice(idx + 1).trim();
    const suffix = suffixRaw.toLowerCase();
    if (suffix === "cloud") return [raw.slice(0, idx), "cloud"];
    if (suffix === "local") return [raw.slice(0, idx), "local"];
    if (!suffixRaw.includes("/") && suffix.endsWith("-cloud")) return [raw.slice(0, idx + 1) + suffixRaw.slice(0, suffixRaw.length - 6), "cloud"];
  }
  return [raw, "unspecified"];
}

/** model.ParseName's parts with Ollama's defaults filled in. */
export function nameParts(name: string): { host: string; namespace: string; model: string; tag: string } {
  const slash = name.lastIndexOf("/");
  const colon = name.lastIndexOf(":");
  const tag = colon > slash ? name.slice(colon + 1) : "latest";
  const path = (colon > slash ? name.slice(0, colon) : name).split("/");
  const model = path.pop() ?? "";
  const namespace = path.pop() ?? "library";
  const host = path.pop() ?? "registry.ollama.ai";
  return { host, namespace, model, tag };
}

/** The fully qualified name Ollama puts in capability errors ("registry.ollama.ai/library/m:tag"). */
export function fullName(name: string): string {
  const { host, namespace, model, tag } = nameParts(name);
  return `${host}/${namespace}/${model}:${tag}`;
}

/** Names are compared as Ollama compares them: fully qualified, case-insensitively. */
export function sameModel(a: string, b: string): boolean {
  return fullName(a).toLowerCase() === fullName(b).toLowerCase();
}
