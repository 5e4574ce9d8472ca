/**
 * The identifying values of a resource change (catalog/identifying-attributes.ts), from the object
 * that exists (before a delete, after a create): its name, environment tags and size. Values the
 * plan marks sensitive, a variable's values, unknown ones and non-scalars are left out.
 */
import { ENVIRONMENT_TAGS, NAME_ATTRIBUTES, SIZE_ATTRIBUTES, type IdentifyingAttribute } from '../catalog/identifying-attributes.js';
import type { ResourceChange, SecretValues } from './model.js';
import { displayTransition, isMarkedAt, SENSITIVE_PLACEHOLDER, valueAt } from './values.js';

/** Longest value shown: a name longer than this is not what a reviewer recognizes at a glance. */
const MAX_VALUE_LENGTH = 80;

export function identifyingValues(change: ResourceChange, secrets: SecretValues): string[] {
  const side = change.before !== null && change.before !== undefined ? 'before' : 'after';
  const values: string[] = [];
  const first = (rows: readonly IdentifyingAttribute[]) => {
    for (const row of rows) {
      const shown = showRow(change, side, row, secrets);
      if (shown !== null) return shown;
    }
    return null;
  };
  const name = first(NAME_ATTRIBUTES);
  if (name !== null) values.push(name);
  const environment = first(ENVIRONMENT_TAGS);
  if (environment !== null) values.push(environment);
  const size = first(SIZE_ATTRIBUTES);
  if (size !== null) values.push(size);
  return values;
}

function showRow(change: ResourceChange, side: 'before' | 'after', row: IdentifyingAttribute, secrets: SecretValues): string | null {
  if (row.types && !row.types.includes(change.type)) return null;
  const path = row.path;
  const object = side === 'before' ? change.before : change.after;
  if (side === 'after' && isMarkedAt(change.afterUnknown, path)) return null;
  const value = valueAt(object, path);
  if (typeof value !== 'string' && typeof value !== 'number') return null;
  // Nor a variable's value or a secret found elsewhere, on either side: the old value of an
  // attribute that now tracks a secret is the secret's old value.
  if (displayTransition(change, path, secrets).includes(SENSITIVE_PLACEHOLDER)) return null;
  const text = String(value);
  if (text === '' || text.length > MAX_VALUE_LENGTH) return null;
  if (row.show === 'name') return text;
  if (row.show === 'tag') return `${path.at(-1)}=${text}`;
  return `${text} ${row.show.unit}`;
}
