// The live request table: one page of requests, newest first (the host pages and filters). One
// row element per request, kept across updates so a row's open reasons and the keyboard focus
// survive new requests arriving.
import "@vscode-elements/elements/dist/vscode-table/index.js";
import "@vscode-elements/elements/dist/vscode-table-header/index.js";
import "@vscode-elements/elements/dist/vscode-table-header-cell/index.js";
import "@vscode-elements/elements/dist/vscode-table-body/index.js";
import "@vscode-elements/elements/dist/vscode-table-row/index.js";
import "@vscode-elements/elements/dist/vscode-table-cell/index.js";
import * as l10n from "@vscode/l10n";
import type { RequestRow } from "../src/shared/protocol.ts";
import { element } from "./dom.ts";
import { costSourceText, formatLatency, formatTime, isBilled, rowCost, rowFiles, rowTokens } from "./format.ts";

const COLUMNS = [
  { key: "time", width: "8%" },
  { key: "kind", width: "10%" },
  { key: "file", width: "15%" },
  { key: "route", width: "7%" },
  { key: "model", width: "13%" },
  { key: "tokens", width: "9%" },
  { key: "latency", width: "7%" },
  { key: "cost", width: "8%" },
  { key: "why", width: "23%" },
] as const;
type ColumnKey = (typeof COLUMNS)[number]["key"];

// The labels below are functions, not constants: l10n.t must run after main.ts has loaded the bundle.

function columnLabel(key: ColumnKey): string {
  switch (key) {
    case "time":
      return l10n.t("Time");
    case "kind":
      return l10n.t("Kind");
    case "file":
      return l10n.t("File(s)");
    case "route":
      return l10n.t("Route");
    case "model":
      return l10n.t("Model");
    case "tokens":
      return l10n.t("Tokens");
    case "latency":
      return l10n.t("Latency");
    case "cost":
      return l10n.t("Cost");
    case "why":
      return l10n.t("Why");
  }
}

function outcomeLabel(outcome: RequestRow["outcome"]): string {
  switch (outcome) {
    case "ok":
      return "";
    case "empty":
      return l10n.t("empty answer");
    case "cancelled":
      return l10n.t("cancelled");
    case "failed":
      return l10n.t("failed");
    case "refused":
      return l10n.t("refused");
  }
}

function targetLabel(target: RequestRow["target"]): string {
  switch (target) {
    case "local":
      return l10n.t("local");
    case "cloud":
      return l10n.t("cloud");
    case "none":
      return l10n.t("not sent");
  }
}

function kindLabel(kind: RequestRow["kind"]): string {
  switch (kind) {
    case "completion":
      return l10n.t("completion");
    case "refactor":
      return l10n.t("refactor");
    case "multi-file refactor":
      return l10n.t("multi-file refactor");
    case "chat":
      return l10n.t("chat");
  }
}

export class RequestTable {
  readonly element: HTMLElement;
  readonly #body: HTMLElement;
  /** Rows are immutable (ledger entries), so an element built once stays right. Only this page's are kept. */
  readonly #rows = new Map<string, HTMLElement>();

  constructor() {
    this.element = element("vscode-table", {
      attributes: {
        zebra: "",
        "bordered-rows": "",
        columns: JSON.stringify(COLUMNS.map((column) => column.width)),
        "aria-label": l10n.t("Requests of this session, newest first"),
      },
    });
    const header = element("vscode-table-header", { attributes: { slot: "header" } });
    for (const column of COLUMNS) {
      header.append(element("vscode-table-header-cell", { className: `col-${column.key}`, text: columnLabel(column.key) }));
    }
    this.#body = element("vscode-table-body", { attributes: { slot: "body" } });
    this.element.append(header, this.#body);
  }

  /** Shows exactly `rows`, in order. */
  update(rows: readonly RequestRow[]): void {
    const ids = new Set(rows.map((row) => row.id));
    for (const id of [...this.#rows.keys()]) {
      if (!ids.has(id)) {
        this.#rows.get(id)?.remove();
        this.#rows.delete(id);
      }
    }
    const wanted = rows.map((row) => this.#rowElement(row));
    const keep = new Set(wanted);
    for (const child of [...this.#body.children]) if (!keep.has(child as HTMLElement)) child.remove();
    // Insert only what is missing or out of place: rows already in place are never moved (moving
    // an element would drop the keyboard focus inside it).
    let cursor = this.#body.firstElementChild;
    for (const row of wanted) {
      if (row === cursor) cursor = cursor.nextElementSibling;
      else this.#body.insertBefore(row, cursor);
    }
  }

  #rowElement(row: RequestRow): HTMLElement {
    const existing = this.#rows.get(row.id);
    if (existing) return existing;
    const created = renderRow(row);
    this.#rows.set(row.id, created);
    return created;
  }
}

function cell(key: ColumnKey, text: string, ...children: Node[]): HTMLElement {
  const width = COLUMNS.find((column) => column.key === key)?.width ?? "auto";
  // Model names and file paths are data: textContent, never markup.
  const node = element("vscode-table-cell", { className: `col-${key}`, ...(children.length === 0 ? { text, title: text } : {}) }, ...children);
  // Every cell carries its width: the table takes column widths from its first row, and new rows arrive on top.
  node.style.width = width;
  return node;
}

function renderRow(row: RequestRow): HTMLElement {
  const outcome = outcomeLabel(row.outcome);
  const kindText = kindLabel(row.kind);
  const cost = rowCost(row);
  const files = rowFiles(row);
  const tokens = rowTokens(row);
  const latency = formatLatency(row.latencyMs);
  const badge = element("span", { className: `route route-${row.target}`, text: targetLabel(row.target) });
  const kind = cell(
    "kind",
    "",
    element("span", { text: kindText }),
    ...(outcome ? [element("span", { className: `outcome outcome-${row.outcome}`, text: outcome })] : []),
  );
  kind.title = outcome ? `${kindText} (${outcome})` : kindText;
  const costCell = cell("cost", cost);
  if (row.usd === null) costCell.classList.add("unknown-price");
  costCell.title = !isBilled(row) ? l10n.t("not billed: the request produced nothing") : `${cost} · ${costSourceText(row)}`;
  const node = element(
    "vscode-table-row",
    { attributes: { "data-id": row.id, "data-target": row.target } },
    cell("time", formatTime(row.time)),
    kind,
    cell("file", files),
    cell("route", "", badge),
    cell("model", row.model || "—"),
    cell("tokens", tokens),
    cell("latency", latency),
    costCell,
    cell("why", "", reasons(row, { tokens, latency })),
  );
  node.querySelector(".col-file")?.setAttribute("title", row.file);
  return node;
}

/** The first reason as the summary; the rest, and the narrow layout's hidden columns, when opened. */
function reasons(row: RequestRow, details: { tokens: string; latency: string }): HTMLElement {
  const [first = l10n.t("no reason recorded"), ...rest] = row.reasons;
  const summary = element("summary", { title: row.reasons.join("\n") }, element("span", { className: "why-first", text: first }));
  const list = element("ul", { className: "why-rest" }, ...rest.map((reason) => element("li", { text: reason })));
  const meta = element(
    "div",
    { className: "why-meta" },
    element("span", { text: l10n.t("Model {0}", row.model || "—") }),
    element("span", { text: l10n.t("Tokens {0}", details.tokens) }),
    element("span", { text: l10n.t("Latency {0}", details.latency) }),
  );
  return element("details", { className: "why" }, summary, ...(rest.length > 0 ? [list] : []), meta);
}
