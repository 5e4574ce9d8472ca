/**
 * Policy documents held as JSON text, read with every key they hold. JSON.parse keeps the last of
 * two keys spelled alike and drops the first without a word, but the readers that matter do not
 * all do so: the Google provider decodes `policy_data` with Go's encoding/json, which applies
 * every key in document order (a `null` after `"role": "roles/owner"` leaves the role as it was:
 * audit 35 F0), and what AWS IAM makes of a duplicate is its own (terraform-provider-aws#33026:
 * duplicate Condition keys squash into a more permissive policy). So a text that holds a
 * duplicate key anywhere is read again, keeping them all.
 *
 * JSON.parse stays the reader (and the judge of what is valid JSON): the duplicate-aware reading
 * runs only when a cheap count says the text may hold a duplicate. It is built on jsonc-parser's
 * tokenizer (Microsoft's; its strings, escapes and numbers), not its parseTree, which recurses
 * once per level of nesting and overflows the stack past about 10,000 levels that JSON.parse
 * reads: here the nesting is kept on a list of its own.
 */
import { createScanner } from 'jsonc-parser/lib/esm/impl/scanner.js';
import { setOwnKey } from '../../plan/values.js';

/** On an object of the `ordered` reading: every key it holds with its value, in document order, duplicates included. */
export const EVERY_ENTRY: unique symbol = Symbol('every entry in document order');

export type JsonReading =
  | { ok: false }
  /** `value` as JSON.parse reads it (the last of duplicate keys); `duplicates` null when no object of it holds one. */
  | { ok: true; value: unknown; duplicates: DuplicateReadings | null };

export interface DuplicateReadings {
  /** The first of duplicate keys wins (where JSON.parse keeps the last). */
  firstWins: unknown;
  /** The last wins as in JSON.parse, and every object carries all its entries under EVERY_ENTRY. */
  ordered: unknown;
}

/** Reads a JSON text; `ok: false` where JSON.parse rejects it (or, never seen, the tokenizer does). */
export function readJson(text: string): JsonReading {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false };
  }
  if (!mayHoldDuplicate(text, value)) return { ok: true, value, duplicates: null };
  const read = readEveryKey(text);
  if (read === null) return { ok: false };
  return { ok: true, value, duplicates: read.duplicated ? { firstWins: read.firstWins, ordered: read.ordered } : null };
}

/** An object's entries as the `ordered` reading keeps them (duplicates included), else as it holds them. */
export function entriesOf(record: object): [string, unknown][] {
  return (record as { [EVERY_ENTRY]?: [string, unknown][] })[EVERY_ENTRY] ?? Object.entries(record);
}

/**
 * Whether the text may hold more keys than `value` (its JSON.parse reading) has: every key of a
 * text ends in a quote followed by a colon, so fewer such places than keys read means none was
 * dropped. A string value holding `\":` counts too; it only sends the text to the full reading.
 */
function mayHoldDuplicate(text: string, value: unknown): boolean {
  let places = 0;
  for (let at = text.indexOf(':'); at >= 0; at = text.indexOf(':', at + 1)) {
    let before = at - 1;
    while (before >= 0 && isJsonSpace(text.charCodeAt(before))) before--;
    if (before >= 0 && text.charCodeAt(before) === QUOTE) places++;
  }
  return places > keyCount(value, places);
}

const QUOTE = 0x22;

function isJsonSpace(code: number): boolean {
  return code === 0x20 || code === 0x09 || code === 0x0a || code === 0x0d;
}

/** The keys of every object in a JSON.parse result, counted without recursion (nesting has no bound); stops past `enough`. */
function keyCount(value: unknown, enough: number): number {
  let count = 0;
  const pending: unknown[] = [value];
  while (pending.length > 0 && count <= enough) {
    const next = pending.pop();
    if (next === null || typeof next !== 'object') continue;
    if (Array.isArray(next)) {
      for (const item of next) if (item !== null && typeof item === 'object') pending.push(item);
      continue;
    }
    for (const key in next) {
      count++;
      const item = (next as Record<string, unknown>)[key];
      if (item !== null && typeof item === 'object') pending.push(item);
    }
  }
  return count;
}

// jsonc-parser's SyntaxKind and ScanError (const enums, which isolated modules cannot read).
const OPEN_BRACE = 1;
const CLOSE_BRACE = 2;
const OPEN_BRACKET = 3;
const CLOSE_BRACKET = 4;
const COMMA = 5;
const COLON = 6;
const NULL = 7;
const TRUE = 8;
const FALSE = 9;
const STRING = 10;
const NUMBER = 11;
const EOF = 17;
const NO_SCAN_ERROR = 0;

interface Container {
  /** The same container in the first-wins reading and in the ordered (last-wins) one. */
  first: Record<string, unknown> | unknown[];
  ordered: Record<string, unknown> | unknown[];
  entries: [string, unknown][] | null;
  /** An object's key awaiting its value. */
  key: string | null;
}

/**
 * A valid JSON text without the JSON whitespace outside its strings, in one pass: the same value,
 * the same keys in the same order.
 */
function withoutSpaces(text: string): string {
  const parts: string[] = [];
  let start = 0;
  let at = 0;
  const length = text.length;
  while (at < length) {
    const code = text.charCodeAt(at);
    if (code === QUOTE) {
      // A string to its closing quote; an escaped character is skipped whole.
      at++;
      while (at < length) {
        const inner = text.charCodeAt(at);
        if (inner === BACKSLASH) at += 2;
        else if (inner === QUOTE) break;
        else at++;
      }
      at++;
    } else if (isJsonSpace(code)) {
      if (at > start) parts.push(text.slice(start, at));
      while (at < length && isJsonSpace(text.charCodeAt(at))) at++;
      start = at;
    } else at++;
  }
  if (start === 0) return text;
  if (start < length) parts.push(text.slice(start));
  return parts.join('');
}

const BACKSLASH = 0x5c;

/**
 * The text (valid JSON: JSON.parse read it) read twice at once, token by token: the first of
 * duplicate keys winning, and the last winning with every entry kept. Null if the tokenizer
 * reports an error or the tokens do not make one JSON value (JSON.parse said they do).
 */
function readEveryKey(text: string): { firstWins: unknown; ordered: unknown; duplicated: boolean } | null {
  // The scanner builds each run of spaces as a token one character at a time (audit 36 F3: a run of
  // 200,000,000 spaces was a heap exhaustion): the spaces go first, so it sees none.
  const scanner = createScanner(withoutSpaces(text), true);
  const open: Container[] = [];
  let root: { first: unknown; ordered: unknown } | null = null;
  let duplicated = false;
  // Whether the next string of an object is a key (after `{` or `,`), not a value.
  let expectKey = false;

  const place = (first: unknown, ordered: unknown): boolean => {
    const parent = open[open.length - 1];
    if (parent === undefined) {
      if (root !== null) return false;
      root = { first, ordered };
      return true;
    }
    if (parent.entries === null) {
      (parent.first as unknown[]).push(first);
      (parent.ordered as unknown[]).push(ordered);
      return true;
    }
    const key = parent.key;
    if (key === null) return false;
    parent.key = null;
    const firstObject = parent.first as Record<string, unknown>;
    if (Object.prototype.hasOwnProperty.call(firstObject, key)) duplicated = true;
    else setOwnKey(firstObject, key, first);
    setOwnKey(parent.ordered as Record<string, unknown>, key, ordered);
    parent.entries.push([key, ordered]);
    return true;
  };

  for (;;) {
    const token = scanner.scan();
    if (scanner.getTokenError() !== NO_SCAN_ERROR) return null;
    if (token === EOF) break;
    switch (token) {
      case OPEN_BRACE: {
        const entries: [string, unknown][] = [];
        const ordered: Record<string, unknown> = {};
        Object.defineProperty(ordered, EVERY_ENTRY, { value: entries, enumerable: false });
        open.push({ first: {}, ordered, entries, key: null });
        expectKey = true;
        break;
      }
      case OPEN_BRACKET:
        open.push({ first: [], ordered: [], entries: null, key: null });
        expectKey = false;
        break;
      case CLOSE_BRACE:
      case CLOSE_BRACKET: {
        const closed = open.pop();
        if (closed === undefined || (closed.entries === null) !== (token === CLOSE_BRACKET) || closed.key !== null) return null;
        if (!place(closed.first, closed.ordered)) return null;
        expectKey = false;
        break;
      }
      case COMMA:
        expectKey = open[open.length - 1]?.entries !== null;
        break;
      case COLON:
        expectKey = false;
        break;
      case STRING: {
        const parent = open[open.length - 1];
        if (expectKey && parent !== undefined && parent.entries !== null) {
          parent.key = scanner.getTokenValue();
          expectKey = false;
        } else if (!place(scanner.getTokenValue(), scanner.getTokenValue())) return null;
        break;
      }
      case NUMBER: {
        const number = Number(scanner.getTokenValue());
        if (!place(number, number)) return null;
        break;
      }
      case NULL:
      case TRUE:
      case FALSE: {
        const literal = token === NULL ? null : token === TRUE;
        if (!place(literal, literal)) return null;
        break;
      }
      default:
        return null;
    }
  }
  if (open.length > 0 || root === null) return null;
  const { first, ordered } = root;
  return { firstWins: first, ordered, duplicated };
}
