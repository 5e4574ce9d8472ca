/**
 * What a plan adds, for rules about grants and exposure: every risk found on a new object,
 * and on an updated one only the risks its before side did not already have (an unrelated tag
 * change on an old security group is not a new exposure).
 */
import type { Plan, ResourceChange } from '../plan/model.js';

/** A risk found on one side of a change; `key` identifies it across both sides and is never shown. */
export interface Keyed {
  key: string;
  /** For a grant under conditions: the grant without them, and each clause (canonical). */
  conditions?: ConditionedGrant;
}

export interface ConditionedGrant {
  grant: string;
  clauses: readonly string[];
}

export type Side = 'before' | 'after';

/**
 * Changes that create or alter an object: creates and replacements (a new object), updates,
 * and action lists this version does not know. Deletes grant nothing; no-ops and reads change nothing.
 */
export function addsOrChanges(change: ResourceChange): boolean {
  if (change.mode !== 'managed') return false;
  switch (change.action) {
    case 'create':
    case 'replace':
    case 'create-then-forget':
    case 'update':
      return true;
    case 'unknown':
      return change.after !== null && typeof change.after === 'object';
    default:
      return false;
  }
}

export function addedByPlan<T extends Keyed>(plan: Plan, collect: (change: ResourceChange, side: Side) => T[]): { change: ResourceChange; items: T[] }[] {
  const out: { change: ResourceChange; items: T[] }[] = [];
  for (const change of plan.changes) {
    if (!addsOrChanges(change)) continue;
    let items = collect(change, 'after');
    if (items.length === 0) continue;
    if (change.action === 'update' && change.before !== null) {
      const before = collect(change, 'before');
      const existing = new Set(before.map((item) => item.key));
      items = items.filter((item) => !existing.has(item.key) && !before.some((old) => narrows(item, old)));
    }
    if (items.length > 0) out.push({ change, items });
  }
  return out;
}

/**
 * Whether `item` is the grant `old` already made, with conditions added: every clause of the old
 * one still there, and more. Clauses of a statement all have to hold, so each added one narrows it
 * (an MFA requirement added to an existing admin grant is not a new admin grant).
 */
function narrows(item: Keyed, old: Keyed): boolean {
  if (!item.conditions || !old.conditions || item.conditions.grant !== old.conditions.grant) return false;
  const now = new Set(item.conditions.clauses);
  return old.conditions.clauses.every((clause) => now.has(clause));
}
