// The panel's one way to the extension host: messages of the shared protocol, nothing else.
import type { PanelToHostMessage } from "../src/shared/protocol.ts";

interface VsCodeApi {
  postMessage(message: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();

export function post(message: PanelToHostMessage): void {
  vscode.postMessage(message);
}
