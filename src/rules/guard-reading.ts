/**
 * Reading a guard attribute (deletion protection, backup setting) on one side of a change, with
 * the provider's default applied, and showing it safely. Shared by the protection and backup rules.
 */
import { configurationSets, type AttributePath, type ResourceChange, type SecretValues } from '../plan/model.js';
import { displayValue, formatPlainValue, isMarkedAt, valueAt } from '../plan/values.js';
import { toEvidence, type Evidence } from './evidence.js';

/**
 * - `value`: the effective value (the one set, or the provider default when it is null);
 * - `unknown`: known only after apply;
 * - `undetermined`: the plan cannot say, or must not be asked. The key is absent (a provider
 *   version without this attribute, or an omitted block), it is null and no default is
 *   documented, or it is marked sensitive (nothing is derived from a sensitive value).
 */
export type GuardValue =
  | { kind: 'value'; value: unknown; explicit: boolean }
  | { kind: 'unknown' }
  | { kind: 'undetermined' };

export function readGuard(change: ResourceChange, side: 'before' | 'after', path: AttributePath, defaultWhenOmitted: unknown): GuardValue {
  if (side === 'after' && isMarkedAt(change.afterUnknown, path)) {
    return omittedOnNewObject(change, path) && defaultWhenOmitted != null ? { kind: 'value', value: defaultWhenOmitted, explicit: false } : { kind: 'unknown' };
  }
  if (isMarkedAt(side === 'before' ? change.beforeSensitive : change.afterSensitive, path)) return { kind: 'undetermined' };
  const raw = valueAt(side === 'before' ? change.before : change.after, path);
  if (raw === undefined) return { kind: 'undetermined' };
  if (raw !== null) return { kind: 'value', value: raw, explicit: true };
  if (defaultWhenOmitted === null || defaultWhenOmitted === undefined) return { kind: 'undetermined' };
  return { kind: 'value', value: defaultWhenOmitted, explicit: false };
}

/**
 * A provider-computed argument shows as known only after apply even when the configuration leaves
 * it out; on a new object the provider then applies its documented default. Only top-level
 * arguments: the configuration records which arguments a block sets, not nested ones.
 */
function omittedOnNewObject(change: ResourceChange, path: AttributePath): boolean {
  const newObject = change.action === 'create' || change.action === 'create-then-forget' || change.action === 'replace';
  return newObject && path.length === 1 && configurationSets(change, String(path[0])) === false;
}

/** A guard reading as evidence: its value, or only its kind (a sensitive guard is `undetermined`, never read). */
export function guardEvidence(reading: GuardValue): Evidence {
  return reading.kind === 'value' ? toEvidence(reading.value) : { [reading.kind]: true };
}

/** The value as text safe to print; an omitted value says which default applies. */
export function showGuard(change: ResourceChange, side: 'before' | 'after', path: AttributePath, reading: GuardValue, secrets: SecretValues): string {
  if (reading.kind === 'value' && !reading.explicit) return `${formatPlainValue(reading.value, secrets)} (not set: the provider default)`;
  return displayValue(change, side, path, secrets);
}

/** A number, or a duration written as seconds (`"86400s"`), as a number; null otherwise. */
export function asNumber(value: unknown): number | null {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string') {
    const match = /^(\d+(?:\.\d+)?)s?$/.exec(value.trim());
    if (match?.[1] !== undefined) return Number(match[1]);
  }
  return null;
}
