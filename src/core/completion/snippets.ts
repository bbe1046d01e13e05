/**
 * Related code from another open file: its beginning (imports, types, the first declarations),
 * which says most about how the file is used, within a fixed size. The same cut serves every
 * target; for the cloud it is applied to the file's text after redaction, never before, so a
 * secret is always found whole.
 */
const SNIPPET_LINES = 60;
const SNIPPET_CHARS = 1500;

export function cutSnippet(text: string): string {
  let end = 0;
  for (let line = 0; line < SNIPPET_LINES && end < text.length; line += 1) {
    const next = text.indexOf("\n", end);
    end = next < 0 ? text.length : next + 1;
  }
  return text.slice(0, Math.min(end, SNIPPET_CHARS));
}
