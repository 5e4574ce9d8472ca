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
  parts.push(text.slice(prefix.length, text.length - 2).replaceAll(`\n${INDENT}`, `\n${indent}`));
  return true;
}

function appendArray(parts: string[], array: readonly unknown[], indent: string, depth: number): void {
  if (array.length === 0) {
    parts.push('[]');
    return;
  }
  const inner = indent + INDENT;
  for (let index = 0; index < array.length; index++) {
    parts.push(index === 0 ? `[\n${inner}` : `,\n${inner}`);
    if (appendValue(parts, array[index], inner, depth - 1, String(index)) === undefined) parts.push('null');
  }
  parts.push(`\n${indent}]`);
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
