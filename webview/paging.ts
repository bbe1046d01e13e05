// The request table's pager: which page each button leads to and what the status line says.
// Pure functions: the unit tests run them in plain Node.
import * as l10n from "@vscode/l10n";
import type { RequestPageView } from "../src/shared/protocol.ts";

export const PAGER_BUTTONS = ["page-first", "page-previous", "page-next", "page-last"] as const;
export type PagerButton = (typeof PAGER_BUTTONS)[number];

type PagePosition = Pick<RequestPageView, "page" | "pageCount">;

/** The page each button asks for, or undefined when it would stay on this page or leave the range (disabled). */
export function pagerTargets(position: PagePosition): Record<PagerButton, number | undefined> {
  const within = (page: number) => (page >= 0 && page < position.pageCount && page !== position.page ? page : undefined);
  return {
    "page-first": within(0),
    "page-previous": within(position.page - 1),
    "page-next": within(position.page + 1),
    "page-last": within(position.pageCount - 1),
  };
}

function whole(value: number): string {
  return value.toLocaleString("en-US");
}

/**
 * "Page 2 of 200": announced to screen readers, so it changes only when the user moves or the
 * page count grows, not with every request that arrives.
 */
export function pagePosition(page: Pick<RequestPageView, "page" | "pageCount">): string {
  return l10n.t("Page {0} of {1}", whole(page.page + 1), whole(page.pageCount));
}

/** "51–100 of 10,000": which of the requests the filter shows are on this page ("" when none). */
export function pageRange(page: Pick<RequestPageView, "page" | "pageSize" | "matching" | "rows">): string {
  if (page.rows.length === 0) return "";
  const first = page.page * page.pageSize + 1;
  return l10n.t("{0}–{1} of {2}", whole(first), whole(first + page.rows.length - 1), whole(page.matching));
}

/** Said once the ledger no longer keeps the session's oldest rows, so the list is not taken for the whole session. */
export function keptNote(kept: number, sessionRequests: number): string {
  if (sessionRequests <= kept) return "";
  return l10n.t("The newest {0} of this session's {1} requests are listed; the totals count them all.", whole(kept), whole(sessionRequests));
}
