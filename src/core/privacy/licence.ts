import type { LicenceEvidence } from "./privacyReasons.ts";

/**
 * Recognises an open-source licence by the text of the licence file — never by its file name,
 * and never by a licence's name alone: the grant itself must be there ("Permission is hereby
 * granted…", "Redistribution and use…", a GPL title with its date). Anything else is uncertain,
 * and uncertain means private.
 */

/**
 * `spdx`: the SPDX expression of what was recognised, always there for an open-source licence.
 * `reason`: the evidence, as a code (privacyWords.ts words it), for the folder's reasons.
 */
export type LicenceResult =
  { spdx: string; openSource: true; reason: LicenceEvidence } | { spdx: string | undefined; openSource: false; reason: LicenceEvidence };

/** Licence files are a few tens of kilobytes; a huge file is read only this far. */
const MAX_CHARS = 256 * 1024;

/** SPDX identifiers (without `-only` / `-or-later` / `+`) that count as open source. */
const OPEN_SOURCE_SPDX: ReadonlySet<string> = new Set([
  "MIT",
  "MIT-0",
  "Apache-2.0",
  "BSD-2-Clause",
  "BSD-3-Clause",
  "BSD-4-Clause",
  "0BSD",
  "ISC",
  "GPL-1.0",
  "GPL-2.0",
  "GPL-3.0",
  "LGPL-2.0",
  "LGPL-2.1",
  "LGPL-3.0",
  "AGPL-3.0",
  "MPL-1.1",
  "MPL-2.0",
  "Unlicense",
  "CC0-1.0",
  "Zlib",
  "BSL-1.0",
  "EPL-2.0",
  "EUPL-1.2",
  "Artistic-2.0",
]);

interface TextRule {
  /** Tested against the normalised text: lower case, every run of non-alphanumerics one space. */
  test: (text: string) => string | undefined;
}

function phrase(spdx: string, ...words: string[]): TextRule {
  return { test: (text) => (words.every((word) => text.includes(word)) ? spdx : undefined) };
}

const ISC_GRANT = /permission to use copy modify (?:and or |and )?distribute this software for any purpose with or without fee is hereby granted/;
const BSD_GRANT = "redistribution and use in source and binary forms with or without modification are permitted provided that";

/** Rules in a fixed order; every rule that matches is reported (a file may hold two licences). */
const TEXT_RULES: readonly TextRule[] = [
  phrase("MIT", "permission is hereby granted free of charge to any person obtaining a copy of this software"),
  {
    test: (text) => {
      if (!ISC_GRANT.test(text)) return undefined;
      // 0BSD is the ISC grant without the condition to keep the notice.
      return text.includes("provided that the above copyright notice and this permission notice appear in all copies") ? "ISC" : "0BSD";
    },
  },
  {
    test: (text) => {
      if (!text.includes(BSD_GRANT)) return undefined;
      if (text.includes("all advertising materials mentioning features or use of this software must display")) return "BSD-4-Clause";
      if (/neither the name of .{0,200}? may be used to endorse or promote products/.test(text)) return "BSD-3-Clause";
      return "BSD-2-Clause";
    },
  },
  {
    test: (text) =>
      /\bapache license (?:version |v )?2 0\b/.test(text) &&
      (text.includes("terms and conditions for use reproduction and distribution") || text.includes("licensed under the apache license"))
        ? "Apache-2.0"
        : undefined,
  },
  { test: (text) => gnuLicence(text) },
  {
    test: (text) => {
      const version = /\bmozilla public license (?:version |v )?(\d) (\d)\b/.exec(text);
      return version ? `MPL-${version[1]}.${version[2]}` : undefined;
    },
  },
  phrase("Unlicense", "this is free and unencumbered software released into the public domain"),
];

/** Title lines of the full texts, and the "under the terms of … as published by the FSF" header. */
const GNU_FAMILIES: readonly { spdx: string; name: string }[] = [
  { spdx: "AGPL", name: "gnu affero general public license" },
  { spdx: "LGPL", name: "gnu lesser general public license" },
  { spdx: "LGPL", name: "gnu library general public license" },
  { spdx: "GPL", name: "gnu general public license" },
];

function gnuLicence(text: string): string | undefined {
  for (const family of GNU_FAMILIES) {
    // Full text: the title with its publication date ("Version 3, 29 June 2007").
    const title = new RegExp(
      `\\b${family.name} version (\\d)(?: (\\d)\\b)? (?:\\d{1,2} )?(?:january|february|march|april|may|june|july|august|september|october|november|december) (?:\\d{1,2} )?(?:19|20)\\d\\d\\b`,
    ).exec(text);
    // Header notice: "…under the terms of the GNU General Public License as published by the Free Software Foundation, either version 3…"
    const header = new RegExp(
      `under the terms of (?:the )?${family.name} (?:as published by the free software foundation )?(?:either )?version (\\d)(?: (\\d)\\b)?`,
    ).exec(text);
    const match = title ?? header;
    if (match) {
      const major = match[1] ?? "";
      const minor = match[2] ?? "0";
      return `${family.spdx}-${major}.${minor}`;
    }
  }
  return undefined;
}

/**
 * Terms no open-source licence contains. "All rights reserved" is not among them: BSD and many MIT
 * files say it next to their grant. A grant next to one of these is a contradiction ⇒ private.
 */
const PROPRIETARY_TERMS: readonly string[] = [
  "proprietary and confidential",
  "confidential and proprietary",
  "unauthorized copying",
  "unauthorised copying",
  "strictly prohibited",
  "trade secret",
];
const WEAK_PROPRIETARY_TERMS: readonly string[] = ["all rights reserved", "proprietary", "confidential", "commercial license", "end user license agreement"];

/** The license file's text, or undefined when there is none or it could not be read. */
export function detectLicence(text: string | undefined): LicenceResult {
  if (text === undefined) return closed({ code: "no-file" });
  const raw = text.slice(0, MAX_CHARS);
  if (raw.trim() === "") return closed({ code: "empty" });
  const normalised = normalise(raw);

  const strong = PROPRIETARY_TERMS.find((term) => normalised.includes(normalise(term)));
  const declared = spdxLine(raw);
  const recognised = declared ?? recognise(normalised);

  if (recognised?.openSource && strong) {
    return closed({ code: "contradicted", spdx: recognised.spdx, term: strong });
  }
  if (recognised) return recognised;
  const proprietary = strong ?? WEAK_PROPRIETARY_TERMS.find((term) => normalised.includes(normalise(term)));
  if (proprietary) return closed({ code: "proprietary-terms", term: proprietary });
  return closed({ code: "unrecognised" });
}

function recognise(normalised: string): LicenceResult | undefined {
  const found = [...new Set(TEXT_RULES.map((rule) => rule.test(normalised)).filter((spdx) => spdx !== undefined))];
  if (found.length === 0) return undefined;
  const spdx = found.join(" AND ");
  return found.every((id) => OPEN_SOURCE_SPDX.has(id))
    ? { spdx, openSource: true, reason: { code: "recognised", ids: found } }
    : { spdx, openSource: false, reason: { code: "recognised-not-open-source", spdx } };
}

function normalise(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, " ")
    .trim();
}

function closed(reason: LicenceEvidence): LicenceResult {
  return { spdx: undefined, openSource: false, reason };
}

// ── SPDX-License-Identifier lines ──

const SPDX_LINE = /SPDX-License-Identifier:[ \t]*([^\r\n]*)/i;

function spdxLine(raw: string): LicenceResult | undefined {
  const found = SPDX_LINE.exec(raw);
  if (!found) return undefined;
  const expression = (found[1] ?? "").replace(/\*\/.*$|-->.*$/, "").trim();
  if (expression === "") return undefined;
  const openSource = evaluateSpdx(expression);
  // A malformed expression says nothing; the text itself may still be recognised.
  if (openSource === undefined) return undefined;
  return openSource
    ? { spdx: expression, openSource: true, reason: { code: "spdx-declared", expression } }
    : { spdx: expression, openSource: false, reason: { code: "spdx-not-open-source", expression } };
}

/**
 * Whether an SPDX expression leaves the code open source: `A OR B` when either is, `A AND B` when
 * both are; `WITH <exception>` keeps the licence's answer. undefined when the expression is malformed.
 */
export function evaluateSpdx(expression: string): boolean | undefined {
  const tokens = expression.match(/\(|\)|[^\s()]+/g) ?? [];
  let position = 0;
  const peek = (): string | undefined => tokens[position];
  const keyword = (word: string): boolean => peek()?.toUpperCase() === word;

  const orExpression = (): boolean | undefined => {
    let value = andExpression();
    while (value !== undefined && keyword("OR")) {
      position++;
      const right = andExpression();
      value = right === undefined ? undefined : value || right;
    }
    return value;
  };
  const andExpression = (): boolean | undefined => {
    let value = atom();
    while (value !== undefined && keyword("AND")) {
      position++;
      const right = atom();
      value = right === undefined ? undefined : value && right;
    }
    return value;
  };
  const atom = (): boolean | undefined => {
    const token = peek();
    if (token === undefined || token === ")" || ["AND", "OR", "WITH"].includes(token.toUpperCase())) return undefined;
    position++;
    if (token === "(") {
      const value = orExpression();
      if (peek() !== ")") return undefined;
      position++;
      return value;
    }
    if (keyword("WITH")) {
      position++;
      const exception = peek();
      if (exception === undefined || exception === "(" || exception === ")") return undefined;
      position++;
    }
    return isOpenSourceId(token);
  };

  const value = orExpression();
  return position === tokens.length ? value : undefined;
}

function isOpenSourceId(id: string): boolean {
  const base = id.replace(/\+$/, "").replace(/-(?:only|or-later)$/i, "");
  for (const known of OPEN_SOURCE_SPDX) if (known.toLowerCase() === base.toLowerCase()) return true;
  return false;
}
