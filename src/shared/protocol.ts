import { z } from "zod";

/**
 * The one definition of the messages between the extension host and the panel webview. Both
 * sides `parse` what they receive; nothing else crosses the boundary.
 */

export const localStatusSchema = z.object({
  state: z.enum(["checking", "ready", "unavailable"]),
  endpoint: z.string(),
  model: z.string(),
  /** Short, human-readable line: "Ollama 0.12.3 · qwen2.5-coder:1.5b-base" or the problem. */
  summary: z.string(),
  simulated: z.boolean(),
});

export const requestRowSchema = z.object({
  id: z.string(),
  time: z.number(),
  kind: z.enum(["completion", "refactor", "multi-file refactor"]),
  target: z.enum(["local", "cloud", "none"]),
  model: z.string(),
  file: z.string(),
  inputTokens: z.number().int().nonnegative(),
  outputTokens: z.number().int().nonnegative(),
  tokensEstimated: z.boolean(),
  latencyMs: z.number().nonnegative(),
  /** US dollars; 0 for local; null when the price is unknown. */
  usd: z.number().nonnegative().nullable(),
  outcome: z.enum(["ok", "empty", "cancelled", "failed", "refused"]),
  /** Why the request went where it went, one sentence each. */
  reasons: z.array(z.string()),
});

export const folderPrivacySchema = z.object({
  name: z.string(),
  /** The folder's URI, as the host identifies it in `setFolderMode`. */
  uri: z.string(),
  classification: z.enum(["public", "private", "local-only", "cloud-allowed"]),
  cloudAllowed: z.boolean(),
  reasons: z.array(z.string()),
});

export const privacyStateSchema = z.object({
  trusted: z.boolean(),
  folders: z.array(folderPrivacySchema),
});

export const panelStateSchema = z.object({
  local: localStatusSchema,
  privacy: privacyStateSchema,
  /** Newest first, bounded by the host. */
  requests: z.array(requestRowSchema),
});

export const hostToPanelSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("state"), state: panelStateSchema }),
]);

export const panelToHostSchema = z.discriminatedUnion("type", [
  /** Sent once the panel's script has loaded and can receive state. */
  z.object({ type: z.literal("ready") }),
  z.object({ type: z.literal("openLog") }),
  z.object({ type: z.literal("recheckLocalModel") }),
  z.object({ type: z.literal("setFolderMode"), folderUri: z.string(), mode: z.enum(["local-only", "cloud-allowed"]) }),
  z.object({ type: z.literal("openPrivacySettings") }),
]);

export type LocalStatus = z.infer<typeof localStatusSchema>;
export type RequestRow = z.infer<typeof requestRowSchema>;
export type PanelState = z.infer<typeof panelStateSchema>;
export type FolderPrivacyView = z.infer<typeof folderPrivacySchema>;
export type PrivacyState = z.infer<typeof privacyStateSchema>;
export type HostToPanelMessage = z.infer<typeof hostToPanelSchema>;
export type PanelToHostMessage = z.infer<typeof panelToHostSchema>;
