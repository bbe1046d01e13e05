// The panel's browser bundle: loads the translations, then hands each state the host sends, once
// it passes the shared protocol, to <junction-panel> (webview/junctionPanel.ts), which renders it.
import * as l10n from "@vscode/l10n";
import * as z from "zod/mini";
import { hostToPanelSchema } from "../src/shared/protocol.ts";
import { post } from "./host.ts";
import { JunctionPanel } from "./junctionPanel.ts";

// Before anything renders: whatever the content security policy refuses is logged by the host.
document.addEventListener("securitypolicyviolation", (event) => {
  post({ type: "policyViolation", directive: event.effectiveDirective.slice(0, 100), blocked: event.blockedURI.slice(0, 300) });
});
loadTranslations();

/**
 * The host puts `vscode.l10n.bundle` on <body data-l10n> (src/host/views/panel.ts); there is none in
 * English. It runs before anything calls l10n.t, which is why no module calls it at load time.
 */
function loadTranslations(): void {
  const raw = document.body.dataset.l10n;
  if (!raw) return;
  try {
    const bundle = z.record(z.string(), z.string()).safeParse(JSON.parse(raw));
    if (bundle.success) l10n.config({ contents: bundle.data });
  } catch {
    // Unreadable JSON: the panel stays in English rather than blank.
  }
}

// Defined only now, after the translations: the page's <junction-panel> upgrades and renders at once.
customElements.define("junction-panel", JunctionPanel);
const panel = document.querySelector("junction-panel");
if (!(panel instanceof JunctionPanel)) throw new Error("the panel's page lacks <junction-panel>");

window.addEventListener("message", (event: MessageEvent<unknown>) => {
  const parsed = hostToPanelSchema.safeParse(event.data);
  if (!parsed.success) return;
  if (parsed.data.type === "state") panel.view = parsed.data.state;
});
post({ type: "ready" });
