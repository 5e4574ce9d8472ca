/**
 * Making plan text inert in markdown. Kept apart from the renderers so the secret scrubber can
 * produce every escaped form of a secret too: a secret escaped on its way into a table cell
 * (`@` broken, `|` and `[` backslashed) would otherwise slip past a scrub of its raw form.
 */

/** Plain text from the plan made inert: no HTML, no mentions. */
export function escapeText(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/@(?=\w)/g, '@\u200b');
}

/** Text for a table cell: also no table breaks, and no links or images (`[…](…)`). */
export function escapeCell(text: string): string {
  return escapeText(text)
    .replace(/\\/g, '\\\\')
    .replace(/\|/g, '\\|')
    .replace(/[[\]]/g, '\\$&')
    .replace(/\r?\n/g, '<br>');
}

/** A code span that survives backticks and (in tables) pipes inside the text. */
export function code(text: string, inTable = false): string {
  const longestRun = Math.max(0, ...[...text.matchAll(/`+/g)].map((match) => match[0].length));
  const fence = '`'.repeat(longestRun + 1);
  const body = inTable ? escapeCodeInTable(text) : text;
  const pad = body.startsWith('`') || body.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${body}${pad}${fence}`;
}

/** GitHub splits table cells on `|` even inside code spans; `\|` keeps it in the cell. */
export function escapeCodeInTable(text: string): string {
  return text.replace(/\|/g, '\\|');
}
