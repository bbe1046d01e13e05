// The ledger as the core's pipelines get it: they book drafts of codes (ledgerEntry.ts), and the
// host words each one, in the user's language, before the ledger stores, exports and shows it.
import { wordLedgerEntry } from "../words/index.ts";
import type { CostLedger, LedgerDraft, LedgerEntry } from "../core/index.ts";

export interface LedgerPort {
  record(draft: LedgerDraft): LedgerEntry;
  entries(): readonly LedgerEntry[];
}

export function ledgerPort(ledger: Pick<CostLedger, "record" | "entries">): LedgerPort {
  return { record: (draft) => ledger.record(wordLedgerEntry(draft)), entries: () => ledger.entries() };
}
