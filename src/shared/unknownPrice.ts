/**
 * What an unknown price reads as wherever a cost is shown or exported: never $0. A module of its
 * own, so the panel's bundle takes this sentence without the ledger's price catalog.
 */
export const UNKNOWN_PRICE_TEXT = "unknown price — set junction.pricing";
