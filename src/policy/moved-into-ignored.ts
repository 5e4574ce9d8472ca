/**
 * The `moved-into-ignored` finding: a stateful resource that this plan moves (a `moved` block,
 * a count/for_each key change) from an address the policy's `ignore` does not cover into one it
 * covers, or imports into one it covers (an `import` block, often beside a `removed` block that
 * forgets the object where it was: a move without a `moved` block). The move itself destroys nothing, but once applied, a later pull request could delete
 * or replace the resource where its deletes are no longer reviewed (audit F8, the two-step case:
 * the ignore applies to a moved object only when both its addresses match, policy/apply.ts, so
 * the move must be reviewed when it happens). Pure.
 */
import type { StatefulCatalog, StatefulEntry } from '../catalog/stateful.js';
import type { Plan, ResourceChange } from '../plan/model.js';
import { concealSecrets, toEvidence } from '../rules/evidence.js';
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
    if (change.mode !== 'managed' || change.deposedKey !== null) continue;
    const finding = change.isImport ? importedIntoIgnored(change, plan, policy, stateful) : movedIntoIgnored(change, policy, stateful);
    if (finding) findings.push(finding);
  }
  return findings;
}

function movedIntoIgnored(change: ResourceChange, policy: Policy, stateful: StatefulCatalog): Finding | null {
  const previous = change.previousAddress;
  // A delete or replace at the new address is reported itself, and counted (policy/apply.ts).
  if (previous === null || change.action === 'delete' || change.action === 'replace' || change.action === 'forget') return null;
  const entry = enteredIgnore(policy.ignore, change.address, previous);
  const entryOfType = entry === null ? null : statefulEntry(change, stateful);
  if (entry === null || entryOfType === null) return null;
  return resourceFinding(MOVED_INTO_IGNORED, change, {
    message:
      `${change.address} is moved here from ${previous}, into addresses the policy ignores (${ignoredBy(entry)}). ` +
      `Once it is there, its deletes and replacements would no longer be reviewed: a later pull request could destroy it without an approval, losing ${entryOfType.loses}.`,
    remediation: 'Keep the resource outside the ignored addresses (drop the `moved` block or the key change), or have the policy owner narrow the ignore to what it is meant for.',
    details: [`moved from ${previous}`, ignoredByDetail(entry)],
    // The approval covers this move, from this address, not another resource moved in later.
    evidence: { from: previous },
  });
}

/**
 * An existing object imported into an ignored address (an `import` block): the same move as a
 * `moved` block when the plan also forgets it where it was (`removed { lifecycle { destroy =
 * false } }`), and the same risk when it comes from elsewhere (another configuration's state, or
 * created by hand): from now on its deletes would not be reviewed. Every such import counts,
 * forgotten here or not: where an object was before cannot be told from the plan, and an import
 * is a one-time step an approval covers once. An import whose plan replaces or updates the object
 * counts too (the ignore would silence that replace).
 */
function importedIntoIgnored(change: ResourceChange, plan: Plan, policy: Policy, stateful: StatefulCatalog): Finding | null {
  const entry = policy.ignore.find((candidate) => DATA_RULES.some((ruleId) => suppressesAt(candidate, ruleId, change.address))) ?? null;
  const entryOfType = entry === null ? null : statefulEntry(change, stateful);
  if (entry === null || entryOfType === null) return null;
  const forgotten = plan.changes.filter((other) => other.mode === 'managed' && other.type === change.type && (other.action === 'forget' || other.action === 'create-then-forget')).map((other) => other.address);
  return resourceFinding(MOVED_INTO_IGNORED, change, {
    message:
      `${change.address} is imported here, an existing object brought into addresses the policy ignores (${ignoredBy(entry)})` +
      `${forgotten.length > 0 ? `, while this plan forgets ${forgotten.join(', ')} (removed from the state, not destroyed): the same object may be moved here without a \`moved\` block` : ''}. ` +
      `Once it is there, its deletes and replacements would no longer be reviewed: a later pull request could destroy it without an approval, losing ${entryOfType.loses}.`,
    remediation: 'Import the object at an address the ignore does not cover, or have the policy owner narrow the ignore to what it is meant for.',
    details: ['imported by an import block', ...forgotten.map((address) => `forgotten by this plan: ${address}`), ignoredByDetail(entry)],
    // The approval covers importing this object, not another one imported at the same address later.
    evidence: { imported: concealSecrets(toEvidence(change.importing), plan.secrets) },
  });
}

/** Whether the object holds data: by its type, or by what its values say it is (a manifest's kind; a no-op's are kept for this). */
function statefulEntry(change: ResourceChange, stateful: StatefulCatalog): StatefulEntry | null {
  return stateful.lookupObject(change.type, change.before ?? change.after ?? change.unchangedValues);
}

function ignoredBy(entry: IgnoreEntry): string {
  return `${entry.addresses.join(', ')}: "${entry.reason}"`;
}

function ignoredByDetail(entry: IgnoreEntry): string {
  return `ignored by: ${entry.addresses.join(', ')}${entry.rules ? ` (rules: ${entry.rules.join(', ')})` : ''}`;
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
