/**
 * `JSON.stringify(value, null, 2)` as a list of parts that join to exactly that text, so that a
 * large report is never one string: the JSON report of a 600 MB plan is 25 MB of text (twice that
 * as soon as one character is not Latin-1), held next to the report it was made from at the
 * process's peak. The outer containers (down to `expandDepth`) are written piece by piece, each
 * value deeper than that by JSON.stringify whole, re-indented to where it stands.
 */

const INDENT = '  ';

/**
 * The parts of `JSON.stringify(value, null, 2)`. `expandDepth`: how many levels of containers are
 * written piece by piece (0: the value is stringified whole).
 */
export function jsonTextParts(value: unknown, expandDepth: number): string[] {
  const parts: string[] = [];
  const text = appendValue(parts, value, '', expandDepth, '');
  if (text === undefined) throw new TypeError('jsonTextParts: the value has no JSON text');
  return parts;
}

/**
 * Appends the text of `value`, standing at `indent`, to `parts`; returns undefined (appending
 * nothing) when JSON.stringify would leave it out (undefined, a function, a symbol).
 */
function appendValue(parts: string[], value: unknown, indent: string, depth: number, key: string): true | undefined {
  if (depth > 0 && value !== null && typeof value === 'object' && typeof (value as { toJSON?: unknown }).toJSON !== 'function') {
    if (Array.isArray(value)) appendArray(parts, value, indent, depth);
    else appendObject(parts, value as Record<string, unknown>, indent, depth);
    return true;
  }
  // Stringified as a member, so that a toJSON is given its key as JSON.stringify gives it; the
  // member's line breaks (only ever between members: a string's are escaped) moved to this indent.
  const prefix = `{\n${INDENT}${JSON.stringify(key)}: `;
  const text = JSON.stringify({ [key]: value }, null, 2);
  if (text === '{}') return undefined;
  parts.push(reindented(text.slice(prefix.length, text.length - 2), `\n${INDENT}`, `\n${indent}`));
  return true;
}

function appendArray(parts: string[], array: readonly unknown[], indent: string, depth: number): void {
  if (array.length === 0) {
    parts.push('[]');
    return;
  }
  const inner = indent + INDENT;
  for (let index = 0; index < array.length; ) {
    parts.push(index === 0 ? '[\n' : ',\n');
    const batch = depth === 1 ? wholeBatchAt(array, index) : 0;
    if (batch > 0) {
      // Items stringified whole, a batch of them in one call (one per item cost twice the time of
      // stringifying the whole report): the batch's own brackets left out, its lines moved to this indent.
      const text = JSON.stringify(array.slice(index, index + batch), null, 2);
      parts.push(indent + reindented(text.slice(2, text.length - 2), '\n', `\n${indent}`));
      index += batch;
      continue;
    }
    parts.push(inner);
    if (appendValue(parts, array[index], inner, depth - 1, String(index)) === undefined) parts.push('null');
    index++;
  }
  parts.push(`\n${indent}]`);
}

/**
 * `text` with every `from` replaced by `to`, as one flat string. Not replaceAll: V8 builds its
 * result (and a regular expression's) as a chain of a concatenation and a slice per match, which
 * took ~4.5 bytes per character for a report's lines, kept to the end (the JSON report of 200,000
 * changes: 33 MB of text in 147 MiB); split and join write it flat.
 */
function reindented(text: string, from: string, to: string): string {
  return from === to ? text : text.split(from).join(to);
}

/** Items stringified whole at once, in batches of at most this many. */
const BATCH_ITEMS = 256;

/**
 * How many items from `start` can be stringified as one array: up to BATCH_ITEMS, stopping before
 * one with a toJSON (which JSON.stringify would give its index in the batch, not in `array`).
 */
function wholeBatchAt(array: readonly unknown[], start: number): number {
  const end = Math.min(array.length, start + BATCH_ITEMS);
  let at = start;
  while (at < end) {
    const item = array[at];
    if (item !== null && typeof item === 'object' && typeof (item as { toJSON?: unknown }).toJSON === 'function') break;
    at++;
  }
  return at - start;
}

function appendObject(parts: string[], object: Record<string, unknown>, indent: string, depth: number): void {
  const inner = indent + INDENT;
  let written = 0;
  for (const key of Object.keys(object)) {
    const at = parts.length;
    parts.push(`${written === 0 ? '{\n' : ',\n'}${inner}${JSON.stringify(key)}: `);
    if (appendValue(parts, object[key], inner, depth - 1, key) === undefined) parts.length = at;
    else written++;
  }
  parts.push(written === 0 ? '{}' : `\n${indent}}`);
}
