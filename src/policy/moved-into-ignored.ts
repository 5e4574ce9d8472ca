/**
 * The `moved-into-ignored` finding: a stateful resource that this plan moves (a `moved` block,
 * a count/for_each key change) from an address the policy's `ignore` does not cover into one it
 * covers. The move itself destroys nothing, but once applied, a later pull request could delete
 * or replace the resource where its deletes are no longer reviewed (audit F8, the two-step case:
 * the ignore applies to a moved object only when both its addresses match, policy/apply.ts, so
 * the move must be reviewed when it happens). Pure.
 */
import type { StatefulCatalog } from '../catalog/stateful.js';
import type { Plan } from '../plan/model.js';
import { resourceFinding, type Finding, type RuleId, type Severity } from '../rules/types.js';
import { suppressesAt } from './apply.js';
import type { IgnoreEntry, Policy } from './config.js';

export const MOVED_INTO_IGNORED = { id: 'moved-into-ignored', defaultSeverity: 'critical' } as const satisfies { id: RuleId; defaultSeverity: Severity };

/** The findings whose ignore would hide what happens to a stateful resource's data. */
const DATA_RULES: readonly RuleId[] = ['stateful-delete', 'stateful-replace'];

export function movedIntoIgnoredFindings(plan: Plan, policy: Policy, stateful: StatefulCatalog): Finding[] {
  if (policy.ignore.length === 0) return [];
  const findings: Finding[] = [];
  for (const change of plan.changes) {
    const previous = change.previousAddress;
    // A delete or replace at the new address is reported itself, and counted (policy/apply.ts).
    if (previous === null || change.mode !== 'managed' || change.deposedKey !== null || change.action === 'delete' || change.action === 'replace' || change.action === 'forget') continue;
    const entry = enteredIgnore(policy.ignore, change.address, previous);
    if (entry === null) continue;
    const entryOfType = stateful.lookupObject(change.type, change.before ?? change.after);
    if (entryOfType === null) continue;
    findings.push(
      resourceFinding(MOVED_INTO_IGNORED, change, {
        message:
          `${change.address} is moved here from ${previous}, into addresses the policy ignores (${entry.addresses.join(', ')}: "${entry.reason}"). ` +
          `Once it is there, its deletes and replacements would no longer be reviewed: a later pull request could destroy it without an approval, losing ${entryOfType.loses}.`,
        remediation: 'Keep the resource outside the ignored addresses (drop the `moved` block or the key change), or have the policy owner narrow the ignore to what it is meant for.',
        details: [`moved from ${previous}`, `ignored by: ${entry.addresses.join(', ')}${entry.rules ? ` (rules: ${entry.rules.join(', ')})` : ''}`],
        // The approval covers this move, from this address, not another resource moved in later.
        evidence: { from: previous },
      }),
    );
  }
  return findings;
}

/** The first entry that silences a data rule at `address` where no entry silenced it at `previous`; null when none. */
function enteredIgnore(entries: readonly IgnoreEntry[], address: string, previous: string): IgnoreEntry | null {
  for (const ruleId of DATA_RULES) {
    if (entries.some((entry) => suppressesAt(entry, ruleId, previous))) continue;
    const entry = entries.find((candidate) => suppressesAt(candidate, ruleId, address));
    if (entry) return entry;
  }
  return null;
}
