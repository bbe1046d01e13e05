// Requests Ollama does not run itself but forwards. Two ways (server/routes.go, server/cloud_proxy.go):
//  - an explicit cloud name (`qwen3-coder:cloud`, `gpt-oss:120b-cloud`: modelref.ParseRef) is sent
//    straight to ollama.com — /api/show, /api/generate, /api/chat and the /v1 routes — with the
//    source suffix stripped, and the cloud's answer copied back as it is (no remote_host needed);
//  - a local model whose manifest names a remote host (a stub made FROM a cloud model) is forwarded
//    by GenerateHandler/ChatHandler, which stamps remote_model and remote_host on every record.
// The twin answers as the cloud would and records each such request: code that reaches one left
// the machine.

/** cloud_proxy.go defaultCloudProxyBaseURL. */
export const OLLAMA_CLOUD = "https://ollama.com:443";

export interface CloudRequestRecord {
  path: string;
  /** The name as the client sent it. */
  model: string;
  /** The name the cloud was asked for (source suffix stripped, or the stub's remote_model). */
  remoteModel: string;
  remoteHost: string;
  via: "cloud-name" | "remote-host";
  /** The request body as it was forwarded. */
  body: unknown;
  /** Twin-clock time of arrival. */
  at: number;
}

/** What ollama.com answers to /api/show for a cloud model: no weights here, so no local details. */
export function cloudShowResponse(base: string): object {
  const family = base.split(/[.:-]/)[0] || "cloud";
  return {
    license: "",
    modelfile: "",
    parameters: "",
    template: "{{ .Prompt }}",
    details: { parent_model: "", format: "", family, families: [family], parameter_size: "", quantization_level: "" },
    model_info: { "general.architecture": family, [`${family}.context_length`]: 262_144 },
    capabilities: ["completion", "tools"],
    modified_at: new Date(0).toISOString(),
  };
}
