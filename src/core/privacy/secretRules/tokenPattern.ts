/** Building blocks of the token rules' regexes, kept linear (see the header of secretRules.ts). */

/** A token starts where a run of token characters starts, never in the middle of one. */
export const START = String.raw`(?<![A-Za-z0-9_-])`;
export const END = String.raw`(?![A-Za-z0-9_-])`;

/** A whole token: `prefix` then `body`, standing alone; the value is the whole match. */
export function token(prefix: string, body: string): RegExp {
  return new RegExp(`${START}(?<secret>${prefix}${body})${END}`, "g");
}

/** Base64 or base64url to text (Latin-1), or undefined when it is not base64. */
export function decodeBase64(value: string): string | undefined {
  const standard = value.replace(/-/g, "+").replace(/_/g, "/").replace(/=+$/, "");
  if (standard.length % 4 === 1) return undefined;
  try {
    return atob(standard + "=".repeat((4 - (standard.length % 4)) % 4));
  } catch {
    return undefined;
  }
}
