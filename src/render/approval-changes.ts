/**
 * The wording of what changed since an approval (decision/changes.ts), for the comment, the check
 * and the job summary: which blocking findings are new, which changed what they are about
 * (widened: more actions, ports, destroys…), which are gone.
 */
import type { ChangedFinding, ChangesSinceApproval } from '../decision/changes.js';
import type { SecretValues } from '../plan/model.js';
import { code } from './escape.js';
import { scrubAddress } from './scrub.js';
import { formatCount } from '../numbers.js';

/** How many findings each part names before saying "and N more". */
const LISTED = 5;

/**
 * One line, or null when nothing can be said (the older report's findings are not known). The
 * addresses are scrubbed of `secrets` before they are marked up.
 */
export function changesSinceApprovalLine(changes: ChangesSinceApproval | undefined, secrets?: SecretValues): string | null {
  if (!changes) return null;
  const parts = [
    listed('changed (what they grant, open, destroy or switch off differs)', changes.changed, secrets),
    listed('new', changes.added, secrets),
    listed('no longer found', changes.gone, secrets),
  ].filter((part): part is string => part !== null);
  // Same findings, same evidence, different fingerprint: the plans they are in changed.
  if (parts.length === 0) return '**Since the approval:** the same findings now come from different plans.';
  return `**Since the approval:** ${parts.join('; ')}.`;
}

function listed(what: string, findings: readonly ChangedFinding[], secrets: SecretValues | undefined): string | null {
  if (findings.length === 0) return null;
  const names = findings.slice(0, LISTED).map((finding) => `${code(finding.ruleId)} on ${finding.address === null ? 'the whole plan' : code(secrets ? scrubAddress(finding.address, secrets) : finding.address)}`);
  const more = findings.length > LISTED ? ` and ${formatCount(findings.length - LISTED)} more` : '';
  return `${what}: ${names.join(', ')}${more}`;
}
