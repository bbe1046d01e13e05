// The words of a ledger draft (ledgerEntry.ts), through l10n: the host words each row as it
// records it, and the ledger keeps, exports and shows those words. Without a bundle (the unit
// tests) l10n.t gives the English; the switch is exhaustive, so a new note without words does not
// compile.
import * as l10n from "@vscode/l10n";
import { wordRefusal, wordRouteReason, wordRouteReasons } from "./routeWords.ts";
import type { LedgerInput } from "../core/ledger/costLedger.ts";
import type { LedgerDraft, LedgerNote } from "../core/ledger/ledgerEntry.ts";

export function wordLedgerNote(note: LedgerNote): string {
  switch (note.code) {
    case "cancelled":
      return l10n.t("cancelled");
    case "failed":
      return l10n.t("failed: {0}", note.message);
    case "refusal":
      return wordRefusal(note);
    case "cloud-choice-refused":
      return l10n.t("you asked for the cloud model; privacy forbids it");
    default:
      return wordRouteReason(note);
  }
}

/** The row to record: the decision's reasons, then each note whose words are not said already. */
export function wordLedgerEntry(draft: LedgerDraft): LedgerInput {
  const { notes, ...row } = draft;
  const said = wordRouteReasons(draft.reasons);
  // Notes that differ as codes may read the same (a refusal of one reason reads as that reason).
  const extra = notes.map(wordLedgerNote).filter((text, index, all) => !said.includes(text) && all.indexOf(text) === index);
  return { ...row, reasons: [...said, ...extra] };
}
