/**
 * What the model keeps of a resource change's values: the attributes something reads
 * (catalog/attributes-read.ts), the attributes that force a replacement (shown in its details),
 * and of the rest only what the plan marks sensitive (collected as secrets, to be scrubbed).
 * An unchanged object's values (no-op, a data read) are read by nothing but what says which object
 * it is (unchangedValues): those and their secrets are kept. Applied as the loader reads each
 * change, or, to a plan parsed whole, when the model is built: a plan read either way gives the
 * same model.
 */
import { attributesRead } from '../catalog/attributes-read.js';
import { unchangedKeptPaths } from '../catalog/unchanged-kept.js';
import type { AttributePath } from './model.js';
import { classifyActions } from './actions.js';
import { markSecretsByName } from './secret-names.js';
import { pruneMarks, setOwnKey } from './values.js';

/**
 * Whether no rule reads this change's values: an unchanged object (`no-op`) or a data source
 * read. Every rule judges what a change does.
 */
export function valuesUnread(actions: unknown): boolean {
  return Array.isArray(actions) && actions.length === 1 && (actions[0] === 'no-op' || actions[0] === 'read');
}

const SIDES = [
  ['before', 'before_sensitive'],
  ['after', 'after_sensitive'],
] as const;

/**
 * A `resource_changes` (or `resource_drift`) element's `change` as the model keeps it: a copy, the
 * element is not changed. `valuesRead` false keeps only the sensitive parts of both sides.
 */
export function keptChange(type: unknown, change: Record<string, unknown>, valuesRead = true): Record<string, unknown> {
  const kept: Record<string, unknown> = { ...change };
  const actions = change['actions'];
  const unread = !valuesRead || valuesUnread(actions);
  // An action list this version does not know: every value is kept, to be judged conservatively.
  const unknownAction = Array.isArray(actions) && actions.every((action) => typeof action === 'string') && classifyActions(actions as string[]).action === 'unknown';
  for (const [side, maskName] of SIDES) {
    if (!(side in change)) continue;
    // Secrets by name count as marked (secret-names.ts), so the parts kept for them are the same
    // whether the plan was reduced here, as it was read, or after.
    const mask = markSecretsByName(change[side], change[maskName]);
    if (mask !== change[maskName]) kept[maskName] = mask;
    if (unread) kept[side] = (valuesRead ? withUnchangedValues(maskedPart(change[side], mask), type, actions, change[side]) : maskedPart(change[side], mask)) ?? null;
    else if (!unknownAction) kept[side] = keptValues(change[side], typeof type === 'string' ? type : '', mask, change['replace_paths']);
  }
  for (const mask of ['after_unknown', 'before_sensitive', 'after_sensitive']) if (mask in kept) kept[mask] = pruneMarks(kept[mask]);
  return kept;
}

/**
 * What says which object an unchanged one is (ResourceChange.unchangedValues): of a data source
 * read, its known arguments (the query: which role, which security group it looks up), of a
 * no-op the attributes catalog/unchanged-kept.ts names (a manifest's kind, a role's name and
 * trust); null when nothing is kept. `values` is one side of the change, reduced or not.
 */
export function unchangedValues(type: unknown, actions: unknown, values: unknown): unknown {
  return valuesUnread(actions) ? (withUnchangedValues(undefined, type, actions, values) ?? null) : null;
}

/** The secrets kept of an unchanged object's side (`actions` no-op or read), with its unchangedValues. */
function withUnchangedValues(secrets: unknown, type: unknown, actions: unknown, values: unknown): unknown {
  if ((actions as unknown[])[0] === 'read') return values !== null && typeof values === 'object' && !Array.isArray(values) ? values : secrets;
  let kept = secrets;
  for (const path of unchangedKeptPaths(typeof type === 'string' ? type : '')) kept = withPath(kept, values, path);
  return kept;
}

/** `kept` (a part of `values`, or undefined) with `values`' value at `path` added, copied where it changes. */
function withPath(kept: unknown, values: unknown, path: AttributePath): unknown {
  if (path.length === 0) return values;
  if (values === null || typeof values !== 'object') return kept;
  const [step, ...rest] = path as [string | number, ...AttributePath];
  if (!Object.prototype.hasOwnProperty.call(values, step)) return kept;
  const base = (kept !== null && typeof kept === 'object' ? kept : Array.isArray(values) ? [] : {}) as Record<string, unknown>;
  const part = withPath(base[step], (values as Record<string, unknown>)[step], rest);
  if (part === undefined) return kept;
  if (base[step] === part) return base;
  const copy = (Array.isArray(base) ? [...base] : { ...base }) as Record<string, unknown>;
  setOwnKey(copy, String(step), part);
  return copy;
}

/** A resource's values reduced to the attributes read, those forcing a replacement, and the sensitive parts of the rest. */
export function keptValues(values: unknown, type: string, mask: unknown, replacePaths: unknown): unknown {
  if (values === null || typeof values !== 'object' || Array.isArray(values)) return values;
  return reduceValues(values as Record<string, unknown>, type, mask, replacePaths);
}

function reduceValues(values: Record<string, unknown>, type: string, mask: unknown, replacePaths: unknown): Record<string, unknown> {
  const read = attributesRead(type);
  const forcing = new Set(Array.isArray(replacePaths) ? replacePaths.map((path) => (Array.isArray(path) ? path[0] : undefined)).filter((step) => typeof step === 'string') : []);
  const record = values;
  const masks = mask !== null && typeof mask === 'object' ? (mask as Record<string, unknown>) : null;
  let kept: Record<string, unknown> | null = null;
  const keys = Object.keys(record);
  for (const key of keys) {
    if (read.has(key) || forcing.has(key) || mask === true) continue;
    // The first attribute dropped: copy what is kept so far, then go on key by key.
    kept = {};
    for (const other of keys) {
      if (read.has(other) || forcing.has(other)) setOwnKey(kept, other, record[other]);
      else if (masks && Object.prototype.hasOwnProperty.call(masks, other)) {
        const part = maskedPart(record[other], masks[other]);
        if (part !== undefined) setOwnKey(kept, other, part);
      }
    }
    break;
  }
  return kept ?? values;
}

/**
 * The parts of `value` that `mask` marks sensitive (undefined when none), read the way
 * collectMasked (secrets.ts) reads them: an object mask over an array reads it by index keys.
 */
export function maskedPart(value: unknown, mask: unknown): unknown {
  if (mask === true) return value;
  if (mask === null || typeof mask !== 'object' || value === null || typeof value !== 'object') return undefined;
  const kept: Record<string, unknown> | unknown[] = Array.isArray(value) ? [] : {};
  let any = false;
  for (const [key, itemMask] of Object.entries(mask)) {
    if (!Object.prototype.hasOwnProperty.call(value, key)) continue;
    const part = maskedPart((value as Record<string, unknown>)[key], itemMask);
    if (part === undefined) continue;
    setOwnKey(kept as Record<string, unknown>, key, part);
    any = true;
  }
  return any ? kept : undefined;
}

