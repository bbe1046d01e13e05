// The request table: one page of requests, newest first (the host pages and filters). Rows are
// rendered keyed by the ledger entry's id, so a row already shown keeps its element — its open
// reasons and the keyboard focus inside it survive new requests arriving on top.
import "@vscode-elements/elements/dist/vscode-badge/index.js";
import "@vscode-elements/elements/dist/vscode-table/index.js";
import "@vscode-elements/elements/dist/vscode-table-header/index.js";
import "@vscode-elements/elements/dist/vscode-table-header-cell/index.js";
import "@vscode-elements/elements/dist/vscode-table-body/index.js";
import "@vscode-elements/elements/dist/vscode-table-row/index.js";
import "@vscode-elements/elements/dist/vscode-table-cell/index.js";
import * as l10n from "@vscode/l10n";
import { html, nothing } from "lit";
import { ifDefined } from "lit/directives/if-defined.js";
import { ref } from "lit/directives/ref.js";
import { repeat } from "lit/directives/repeat.js";
import type { RequestRow } from "../src/shared/protocol.ts";
import { describeAsDisclosure } from "./disclosure.ts";
import { costSourceText, formatLatency, formatTime, isBilled, rowCost, rowFiles, rowTokens } from "./format.ts";
import { styleProperties } from "./styleProperties.ts";

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

/** Shows exactly `rows`, in order. */
export function requestTable(rows: readonly RequestRow[]): unknown {
  return html`<vscode-table
    zebra
    bordered-rows
    columns=${JSON.stringify(COLUMNS.map((column) => column.width))}
    aria-label=${l10n.t("Requests of this session, newest first")}
  >
    <vscode-table-header slot="header">
      ${COLUMNS.map((column) => html`<vscode-table-header-cell class="col-${column.key}">${columnLabel(column.key)}</vscode-table-header-cell>`)}
    </vscode-table-header>
    <vscode-table-body slot="body">
      ${repeat(
        rows,
        (row) => row.id,
        (row) => requestRow(row),
      )}
    </vscode-table-body>
  </vscode-table>`;
}

/**
 * A cell showing `text`, which is also its tooltip, or showing `content` (with `title` as the
 * tooltip, if any). Every cell carries its width: the table takes column widths from its first
 * row, and new rows arrive on top.
 */
function cell(key: ColumnKey, text: string, options: { content?: unknown; title?: string; className?: string } = {}): unknown {
  const width = COLUMNS.find((column) => column.key === key)?.width ?? "auto";
  return html`<vscode-table-cell
    class="col-${key} ${options.className ?? ""}"
    title=${ifDefined(options.title ?? (options.content === undefined ? text : undefined))}
    .style=${styleProperties({ width })}
    >${options.content ?? text}</vscode-table-cell
  >`;
}

function requestRow(row: RequestRow): unknown {
  const outcome = outcomeLabel(row.outcome);
  const kindText = kindLabel(row.kind);
  const cost = rowCost(row);
  const tokens = rowTokens(row);
  const latency = formatLatency(row.latencyMs);
  const model = row.model || "—";
  const kind = html`<span>${kindText}</span>${outcome ? html`<span class="outcome outcome-${row.outcome}">${outcome}</span>` : nothing}`;
  const cells = [
    cell("time", formatTime(row.time)),
    cell("kind", kindText, { content: kind, title: outcome ? `${kindText} (${outcome})` : kindText }),
    cell("file", rowFiles(row), { title: row.file }),
    cell("route", "", { content: html`<vscode-badge class="route route-${row.target}">${targetLabel(row.target)}</vscode-badge>` }),
    cell("model", model),
    cell("tokens", tokens),
    cell("latency", latency),
    cell("cost", cost, {
      title: !isBilled(row) ? l10n.t("not billed: the request produced nothing") : `${cost} · ${costSourceText(row)}`,
      className: row.usd === null ? "unknown-price" : "",
    }),
    cell("why", "", { content: reasons(row, { model, tokens, latency }), title: row.reasons.join("\n") }),
  ];
  return html`<vscode-table-row data-id=${row.id} data-target=${row.target}>${cells}</vscode-table-row>`;
}

/**
 * The first reason in the header; opened, every reason in full (the header keeps to one line and
 * cuts a long one short) and, for the narrow layout, the columns it hides.
 */
function reasons(row: RequestRow, details: { model: string; tokens: string; latency: string }): unknown {
  const first = row.reasons[0] ?? l10n.t("no reason recorded");
  return html`<vscode-collapsible class="why" description=${first} ${ref(describeAsDisclosure)}>
    <ul class="why-all">
      ${row.reasons.map((reason) => html`<li>${reason}</li>`)}
    </ul>
    <div class="why-meta">
      <span>${l10n.t("Model {0}", details.model)}</span>
      <span>${l10n.t("Tokens {0}", details.tokens)}</span>
      <span>${l10n.t("Latency {0}", details.latency)}</span>
    </div>
  </vscode-collapsible>`;
}
