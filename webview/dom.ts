// Small DOM helpers for the panel. Data goes in with textContent only, never as markup.
import type { PanelToHostMessage } from "../src/shared/protocol.ts";

interface VsCodeApi {
  postMessage(message: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();

export function post(message: PanelToHostMessage): void {
  vscode.postMessage(message);
}

export function byId<T extends HTMLElement>(id: string): T {
  const element = document.getElementById(id);
  if (!element) throw new Error(`panel markup lacks #${id}`);
  return element as T;
}

interface Options {
  className?: string;
  text?: string;
  title?: string;
  attributes?: Record<string, string>;
}

/** An element with text (as text) and attributes; children appended in order. */
export function element<K extends keyof HTMLElementTagNameMap>(tag: K, options?: Options, ...children: Node[]): HTMLElementTagNameMap[K];
export function element(tag: string, options?: Options, ...children: Node[]): HTMLElement;
export function element(tag: string, options: Options = {}, ...children: Node[]): HTMLElement {
  const node = document.createElement(tag);
  if (options.className) node.className = options.className;
  if (options.text !== undefined) node.textContent = options.text;
  if (options.title !== undefined) node.title = options.title;
  for (const [name, value] of Object.entries(options.attributes ?? {})) node.setAttribute(name, value);
  node.append(...children);
  return node;
}

const SVG_NS = "http://www.w3.org/2000/svg";

export function svgElement(tag: string, attributes: Record<string, string | number> = {}, text?: string): SVGElement {
  const node = document.createElementNS(SVG_NS, tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, String(value));
  if (text !== undefined) node.textContent = text;
  return node;
}

/** Sets text only when it changed, so screen readers and selections are not disturbed needlessly. */
export function setText(node: HTMLElement, text: string): void {
  if (node.textContent !== text) node.textContent = text;
}
