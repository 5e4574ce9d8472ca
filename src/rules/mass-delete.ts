/** mass-delete: many destroys in one plan, or a plan that tears down everything it manages. */
import { evidenceSet } from './evidence.js';
import { type Rule, planFinding } from './types.js';
import { formatCount } from '../numbers.js';

/** How many addresses a finding lists before saying "and N more". */
const LISTED_ADDRESSES = 20;
/** A plan that destroys everything is a teardown only when there was more than one thing. */
const MIN_TEARDOWN_RESOURCES = 2;

export const massDelete: Rule = {
  id: 'mass-delete',
  defaultSeverity: 'high',
  summary: 'Deletes plus replacements reach the threshold (default 10), or the plan destroys every managed resource.',
  evaluate(plan, context) {
    const managed = plan.changes.filter((change) => change.mode === 'managed');
    const deleted = managed.filter((change) => change.action === 'delete');
    const replaced = managed.filter((change) => change.action === 'replace');
    const destroyed = deleted.length + replaced.length;
    const prior = plan.priorManagedResourceCount;
    const currentDeletes = deleted.filter((change) => change.deposedKey === null).length;
    // Deleting the only resource of a one-resource state is not called a teardown: it is just a delete.
    const teardown = prior !== null && prior >= MIN_TEARDOWN_RESOURCES && currentDeletes >= prior;
    if (!teardown && destroyed < context.massDeleteThreshold) return [];

    const counts = `${formatCount(deleted.length)} delete${deleted.length === 1 ? '' : 's'} and ${formatCount(replaced.length)} replacement${replaced.length === 1 ? '' : 's'}`;
    const message = teardown
      ? `This plan destroys every resource in the state (${formatCount(prior)} managed): a teardown, as with \`terraform destroy\` or a removed configuration.`
      : `This plan destroys ${formatCount(destroyed)} resources (${counts}), at or above the mass-delete threshold of ${formatCount(context.massDeleteThreshold)}.`;
    const addresses = [...deleted, ...replaced].map((change) => `${change.action === 'replace' ? 'replace' : 'delete'} ${change.address}`);
    const details = addresses.slice(0, LISTED_ADDRESSES);
    if (addresses.length > LISTED_ADDRESSES) details.push(`… and ${formatCount(addresses.length - LISTED_ADDRESSES)} more`);
    return [
      planFinding(this, {
        message,
        details,
        // What an approval covers: exactly these destroys (growing the set is a new approval).
        evidence: { destroyed: evidenceSet(addresses) },
        remediation: teardown
          ? 'If this is not a deliberate teardown, check that the configuration and the backend are the ones you meant (a wrong directory or workspace looks like this).'
          : 'Split the change into smaller plans, or confirm each destroy is intended; use `moved` blocks for renames.',
      }),
    ];
  },
};
