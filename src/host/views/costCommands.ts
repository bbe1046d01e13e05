import { homedir } from "node:os";
import * as vscode from "vscode";
import { toCsv, toJson } from "../../core/index.ts";
import type { BudgetLine, CostLedger, LedgerChange } from "../../core/index.ts";
import { formatUsd } from "../../shared/format.ts";

type ExportFormat = "json" | "csv";

/** What scripts, keybindings and tests may pass instead of answering the prompts. */
interface ExportArgs {
  format?: ExportFormat;
  /** Where to write: a `vscode.Uri`, a URI string, or an absolute path. */
  uri?: vscode.Uri;
}

export interface CostCommandDeps {
  ledger: Pick<CostLedger, "entries" | "totals" | "clearSession">;
}

/**
 * `Junction: Export Session Costs` — JSON (entries, totals, price table) or CSV (one row per
 * request), written where the user chooses. Returns the file written, or undefined.
 */
export function exportSessionCostsCommand(deps: CostCommandDeps) {
  return async (rawArgs?: unknown): Promise<vscode.Uri | undefined> => {
    const args = toExportArgs(rawArgs);
    const format = args.format ?? (await pickFormat());
    if (!format) return undefined;
    const now = Date.now();
    const uri =
      args.uri ??
      (await vscode.window.showSaveDialog({
        title: vscode.l10n.t("Export Junction session costs"),
        saveLabel: vscode.l10n.t("Export"),
        defaultUri: defaultExportUri(format, now),
        filters: format === "json" ? { JSON: ["json"] } : { CSV: ["csv"] },
      }));
    if (!uri) return undefined;
    const entries = deps.ledger.entries();
    const text = format === "json" ? toJson(entries, deps.ledger.totals(), { exportedAt: now }) : toCsv(entries);
    try {
      await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
    } catch (error) {
      void vscode.window.showErrorMessage(
        vscode.l10n.t("Junction could not write {0}: {1}", uri.fsPath, error instanceof Error ? error.message : String(error)),
      );
      return undefined;
    }
    if (!args.uri) {
      const open = vscode.l10n.t("Open");
      void vscode.window
        .showInformationMessage(vscode.l10n.t("Junction exported {0} requests to {1}.", entries.length, uri.path.split("/").pop() ?? uri.fsPath), open)
        .then((choice) => (choice === open ? vscode.window.showTextDocument(uri) : undefined));
    }
    return uri;
  };
}

/** `Junction: Clear Session` — asks first unless called with `{ confirm: false }`. Returns whether it cleared. */
export function clearSessionCommand(deps: CostCommandDeps) {
  return async (rawArgs?: unknown): Promise<boolean> => {
    const count = deps.ledger.entries().length;
    const confirm = !(isRecord(rawArgs) && rawArgs.confirm === false);
    if (confirm && count > 0) {
      const clear = vscode.l10n.t("Clear Session");
      const choice = await vscode.window.showWarningMessage(
        vscode.l10n.t("Clear the {0} requests of this session from Junction?", count),
        {
          modal: true,
          detail: vscode.l10n.t(
            "The session's rows and totals start again from zero. Today's and this month's totals keep what was spent. Export the session first to keep its rows.",
          ),
        },
        clear,
      );
      if (choice !== clear) return false;
    }
    deps.ledger.clearSession();
    return true;
  };
}

export interface BudgetWarningDeps {
  ledger: Pick<CostLedger, "budget">;
  /** `junction.budget.sessionUsd` and `.monthlyUsd`, read at each change. */
  budgets: () => { sessionUsd: number; monthlyUsd: number };
  openPanel: () => void;
  openBudgetSettings: () => void;
}

/**
 * DESIGN §3: warn at 80 % of a budget — once per session for each budget (a cleared session
 * may warn again about its own budget). Only a request that cost something can cross a line.
 */
export function budgetWarningHook(deps: BudgetWarningDeps): (change: LedgerChange) => void {
  const warned = new Set<"session" | "month">();
  return (change) => {
    if (change.type === "cleared") {
      warned.delete("session");
      return;
    }
    if (!(change.entry.usd !== null && change.entry.usd > 0)) return;
    const { sessionUsd, monthlyUsd } = deps.budgets();
    const budget = deps.ledger.budget(sessionUsd, monthlyUsd);
    for (const period of ["session", "month"] as const) {
      const line = budget[period];
      if (line.limitUsd > 0 && line.warn80 && !warned.has(period)) {
        warned.add(period);
        void warn(deps, period, line);
      }
    }
  };
}

async function warn(deps: BudgetWarningDeps, period: "session" | "month", line: BudgetLine): Promise<void> {
  const openPanel = vscode.l10n.t("Open Panel");
  const change = vscode.l10n.t("Change Budget");
  const percent = `${Math.round(line.share * 100)} %`;
  const message =
    period === "session"
      ? vscode.l10n.t(
          "Junction: this session's cloud spend is {0}, {1} of its {2} budget. Requests that would cross it stay on the local model.",
          formatUsd(line.spentUsd),
          percent,
          formatUsd(line.limitUsd),
        )
      : vscode.l10n.t(
          "Junction: this month's cloud spend is {0}, {1} of its {2} budget. Requests that would cross it stay on the local model.",
          formatUsd(line.spentUsd),
          percent,
          formatUsd(line.limitUsd),
        );
  const choice = await vscode.window.showWarningMessage(message, openPanel, change);
  if (choice === openPanel) deps.openPanel();
  else if (choice === change) deps.openBudgetSettings();
}

async function pickFormat(): Promise<ExportFormat | undefined> {
  const picked = await vscode.window.showQuickPick(
    [
      { label: "JSON", description: vscode.l10n.t("every request, the session/today/month totals and the price table"), format: "json" as const },
      { label: "CSV", description: vscode.l10n.t("one row per request, for spreadsheets"), format: "csv" as const },
    ],
    { title: vscode.l10n.t("Junction: export the session's costs as…") },
  );
  return picked?.format;
}

function defaultExportUri(format: ExportFormat, now: number): vscode.Uri {
  const date = new Date(now);
  const pad = (value: number) => String(value).padStart(2, "0");
  const name = `junction-session-${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}-${pad(date.getHours())}${pad(date.getMinutes())}.${format}`;
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri ?? vscode.Uri.file(homedir());
  return vscode.Uri.joinPath(folder, name);
}

function toExportArgs(raw: unknown): ExportArgs {
  if (!isRecord(raw)) return {};
  const format = raw.format === "json" || raw.format === "csv" ? raw.format : undefined;
  const uri = toUri(raw.uri);
  return { ...(format ? { format } : {}), ...(uri ? { uri } : {}) };
}

/** A Uri, a Uri that crossed a process as plain data, a URI string, or an absolute path. */
function toUri(value: unknown): vscode.Uri | undefined {
  if (value instanceof vscode.Uri) return value;
  if (isRecord(value) && typeof value.scheme === "string" && typeof value.path === "string")
    return vscode.Uri.from({ scheme: value.scheme, path: value.path, ...(typeof value.authority === "string" ? { authority: value.authority } : {}) });
  if (typeof value !== "string" || value === "") return undefined;
  return /^[a-z][a-z0-9+.-]+:/i.test(value) && !/^[a-z]:[\\/]/i.test(value) ? vscode.Uri.parse(value) : vscode.Uri.file(value);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null;
}
