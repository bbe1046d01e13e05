// How Junction writes dollars and token counts for people, the same in the status bar, the
// notifications, the pickers and the panel (the export writes exact numbers, exportSession.ts).
// Pure functions with no vscode import: the host and the panel's script both bundle them, and
// the unit tests run them in plain Node, where l10n.t without a bundle returns the English.
import * as l10n from "@vscode/l10n";

/** The core's UNKNOWN_PRICE_TEXT, translated; the unit tests check the English stays the same. */
export function unknownPriceText(): string {
  return l10n.t("unknown price — set junction.pricing");
}

/**
 * US dollars for people: "$0" for nothing, two significant digits under a dollar ("$0.0012",
 * "$0.042", "$0.35"), cents from a dollar up ("$12.50"). Never an exponent, never a silent $0
 * for an unknown price.
 */
export function formatUsd(usd: number | null): string {
  if (usd === null || !Number.isFinite(usd)) return unknownPriceText();
  if (usd < 0) return `−${formatUsd(-usd)}`;
  if (usd === 0) return "$0";
  if (usd < 0.000001) return "< $0.000001";
  if (usd >= 1) return `$${usd.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
  const decimals = Math.max(2, 1 - Math.floor(Math.log10(usd)));
  // toFixed may round up to the next power of ten (0.00996 → "0.010"): zeros past the cents go.
  const [whole, fraction = ""] = usd.toFixed(decimals).split(".");
  return `$${whole}.${fraction.replace(/0+$/, "").padEnd(2, "0")}`;
}

/** 950 → "950", 1234 → "1.2k", 2_500_000 → "2.5M". */
export function formatCount(value: number): string {
  if (value < 1000) return String(Math.round(value));
  if (value < 1_000_000) return `${trimZero((value / 1000).toFixed(value < 10_000 ? 1 : 0))}k`;
  return `${trimZero((value / 1_000_000).toFixed(1))}M`;
}

export function trimZero(text: string): string {
  return text.replace(/\.0$/, "");
}
