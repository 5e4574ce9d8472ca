/**
 * A finding's evidence: the facts that made it fire, as plain data an approval is bound to
 * (decision/fingerprint.ts hashes it). Rules build it from what they read (the flagged IAM
 * statement, the open ports and sources, the destroyed addresses, the forcing attributes, the
 * guard values) and leave out what does not change the risk: positions, names, ids, messages.
 * Evidence is never shown and never leaves the process except inside a digest, and even so it
 * never holds a value the plan marks sensitive: such a value enters only as its hash.
 */
import { createHash } from 'node:crypto';
import type { AttributePath, ResourceChange, SecretValues } from '../plan/model.js';
import { holdsSecret, isMarkedAt, valueAt } from '../plan/values.js';

export type Evidence = null | boolean | number | string | readonly Evidence[] | { readonly [key: string]: Evidence };

/** The canonical text of evidence: object keys sorted, arrays in the order given. Pure. */
export function canonicalEvidence(evidence: Evidence): string {
  if (evidence === null || typeof evidence !== 'object') return JSON.stringify(evidence);
  // Evidence shared by many findings (a statement with thousands of wildcard actions) is written once.
  const known = longCanonicalTexts.get(evidence);
  if (known !== undefined) return known;
  const text = canonicalContainer(evidence);
  if (text.length >= REMEMBERED_TEXT_LENGTH) longCanonicalTexts.set(evidence, text);
  return text;
}

/** Canonical texts at least this long are remembered by their evidence object (evidence is never changed). */
const REMEMBERED_TEXT_LENGTH = 1024;
const longCanonicalTexts = new WeakMap<object, string>();

function canonicalContainer(evidence: readonly Evidence[] | { readonly [key: string]: Evidence }): string {
  // Written by appending (no array per level): the fingerprint canonicalizes every blocking finding.
  if (Array.isArray(evidence)) {
    const items = evidence as readonly Evidence[];
    let text = '[';
    for (let index = 0; index < items.length; index++) text += `${index === 0 ? '' : ','}${canonicalEvidence(items[index]!)}`;
    return `${text}]`;
  }
  const record = evidence as { readonly [key: string]: Evidence };
  const keys = Object.keys(record).sort();
  let text = '{';
  for (let index = 0; index < keys.length; index++) text += `${index === 0 ? '' : ','}${JSON.stringify(keys[index])}:${canonicalEvidence(record[keys[index]!] ?? null)}`;
  return `${text}}`;
}

/** A set: the order the plan lists things in (rules, statements, resources) is not evidence. */
export function evidenceSet(items: readonly Evidence[]): Evidence[] {
  const byText = new Map<string, Evidence>();
  for (const item of items) byText.set(canonicalEvidence(item), item);
  return [...byText.keys()].sort().map((text) => byText.get(text) as Evidence);
}

/**
 * A value the plan marks sensitive, as evidence: its sha256 (domain-separated), never the value.
 * Two different secrets give different evidence, so changing one changes the fingerprint.
 */
export function hiddenValue(value: unknown): Evidence {
  const text = canonicalEvidence(toEvidence(value));
  return { sensitiveSha256: createHash('sha256').update(`tf-plan-guard:sensitive\u0000${text}`, 'utf8').digest('hex') };
}

/** Any JSON value read from a plan as evidence (undefined becomes null). */
export function toEvidence(value: unknown): Evidence {
  if (value === undefined || value === null) return null;
  if (typeof value === 'boolean' || typeof value === 'number' || typeof value === 'string') return value;
  if (Array.isArray(value)) return value.map(toEvidence);
  if (typeof value === 'object') return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([key, item]) => [key, toEvidence(item)]));
  return String(value);
}

/**
 * One attribute of one side of a change as evidence: the value; `{unknown: true}` when known only
 * after apply; the hash when the plan marks it sensitive or it holds a variable's value.
 */
export function attributeEvidence(change: ResourceChange, side: 'before' | 'after', path: AttributePath, secrets: SecretValues): Evidence {
  const value = valueAt(side === 'before' ? change.before : change.after, path);
  if (side === 'after' && (value === undefined || value === null) && isMarkedAt(change.afterUnknown, path)) return { unknown: true };
  const mask = side === 'before' ? change.beforeSensitive : change.afterSensitive;
  if (isMarkedAt(mask, path) || holdsSecret(value, secrets)) return hiddenValue(value);
  return toEvidence(value);
}

/**
 * Evidence with every leaf that is, holds or quotes a sensitive or variable value replaced by its
 * hash: what rules collect verbatim (a policy statement, a guard's setting) may hold one.
 */
export function concealSecrets(evidence: Evidence, secrets: SecretValues): Evidence {
  if (evidence === null || typeof evidence === 'boolean') return evidence;
  if (typeof evidence === 'string' || typeof evidence === 'number') return holdsSecret(evidence, secrets) ? hiddenValue(evidence) : evidence;
  // Evidence without secrets (nearly all) comes back as it is: evidence is never changed in place.
  if (Array.isArray(evidence)) {
    const items = evidence as readonly Evidence[];
    const concealed = items.map((item) => concealSecrets(item, secrets));
    return concealed.every((item, index) => item === items[index]) ? items : concealed;
  }
  const record = evidence as { readonly [key: string]: Evidence };
  const entries = Object.keys(record).map((key) => [key, concealSecrets(record[key] ?? null, secrets)] as const);
  return entries.every(([key, item]) => item === record[key]) ? record : Object.fromEntries(entries);
}
