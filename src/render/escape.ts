/**
 * Making plan text inert in markdown. Kept apart from the renderers so the secret scrubber can
 * produce every escaped form of a secret too: a secret escaped on its way into the comment
 * would otherwise slip past a scrub of its raw form.
 *
 * Markup characters become character references rather than backslash escapes: a reference is
 * literal text to GFM (it never opens emphasis, a link, a table cell, math or a tag) and it means
 * the same inside an HTML block such as a `<summary>` line, where a backslash would be shown as is.
 * What GitHub links after rendering (mentions, `#123`, bare URLs) works on the decoded text, so
 * there a zero-width space breaks the pattern instead.
 */

/** Characters GFM or GitHub's HTML treats specially anywhere in a line, as references. */
const REFERENCES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '*': '&#42;',
  _: '&#95;',
  '~': '&#126;',
  '`': '&#96;',
  '|': '&#124;',
  '[': '&#91;',
  ']': '&#93;',
  '\\': '&#92;',
  $: '&#36;',
  '#': '&#35;',
  '!': '&#33;',
  ':': '&#58;',
};

/**
 * `_` between two ASCII letters or digits can neither open nor close emphasis, so snake_case names
 * stay readable in the source; so can `:` not followed by a letter (no emoji code, no URL scheme)
 * and `!` not before `[`. Every other markup character is replaced.
 */
const MARKUP = /[&<>*~`|[\]\\$#]|(?<![A-Za-z0-9])_|_(?![A-Za-z0-9])|!(?=\[)|:(?=[A-Za-z0-9/+_-])/g;

/** Every line ending CommonMark knows: a lone `\r` ends a line too. */
const LINE_BREAK = /\r\n|\r|\n/g;

/** Mentions, e-mail autolinks, issue references and `www.` autolinks: broken by a zero-width space. */
const AUTOLINKED = /(@)(?=[\w-])|(#)(?=\d)|\b(www)(?=\.)/gi;

/** Plain text from the plan made inert in a line of markdown or of an HTML block, on one line. */
export function escapeText(text: string): string {
  return text
    .replace(/\0/g, '\ufffd')
    .replace(AUTOLINKED, '$&\u200b')
    .replace(MARKUP, (character) => REFERENCES[character] ?? character)
    .replace(LINE_BREAK, '<br>');
}

/** Text for a table cell: escapeText leaves no `|` and no line break to end the row. */
export function escapeCell(text: string): string {
  return escapeText(text);
}

/**
 * A code span that survives backticks, line breaks and (in tables) pipes inside the text. Only
 * for markdown lines: inside an HTML block (a `<summary>` line) use codeHtml.
 */
export function code(text: string, inTable = false): string {
  // A line ending would end a table row or heading even inside a code span: shown as ␤.
  const oneLine = text.replace(/\0/g, '\ufffd').replace(LINE_BREAK, '\u2424');
  const longestRun = Math.max(0, ...[...oneLine.matchAll(/`+/g)].map((match) => match[0].length));
  const fence = '`'.repeat(longestRun + 1);
  const body = inTable ? escapeCodeInTable(oneLine) : oneLine;
  const pad = body.startsWith('`') || body.endsWith('`') || /^ .* $/.test(body) ? ' ' : '';
  return `${fence}${pad}${body}${pad}${fence}`;
}

/** Code inside an HTML block, where markdown code spans are not parsed. */
export function codeHtml(text: string): string {
  return `<code>${escapeText(text)}</code>`;
}

/** GitHub splits table cells on `|` even inside code spans; `\|` keeps it in the cell. */
export function escapeCodeInTable(text: string): string {
  return text.replace(/\|/g, '\\|');
}
