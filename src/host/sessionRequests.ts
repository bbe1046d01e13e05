import * as vscode from "vscode";
import type { RequestRow } from "../shared/protocol.ts";

/** Enough history for the panel without growing for ever in a long session. */
const MAX_ROWS = 500;

/** The requests of this window's session, newest first. */
export class SessionRequests implements vscode.Disposable {
  readonly #rows: RequestRow[] = [];
  readonly #onDidChange = new vscode.EventEmitter<void>();
  #nextId = 1;

  readonly onDidChange = this.#onDidChange.event;

  get rows(): readonly RequestRow[] {
    return this.#rows;
  }

  /** Cloud spend of this session so far, in US dollars (unknown prices count as nothing). */
  get cloudSpendUsd(): number {
    return this.#rows.reduce((sum, row) => sum + (row.target === "cloud" ? (row.usd ?? 0) : 0), 0);
  }

  add(row: Omit<RequestRow, "id">): void {
    this.#rows.unshift({ ...row, id: String(this.#nextId++) });
    if (this.#rows.length > MAX_ROWS) this.#rows.length = MAX_ROWS;
    this.#onDidChange.fire();
  }

  dispose(): void {
    this.#onDidChange.dispose();
  }
}
