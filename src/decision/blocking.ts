/** Whether a report blocks, how risky it is, and the fingerprint an approval is bound to. */
import { createHash } from 'node:crypto';
import type { BlockOn } from '../policy/config.js';
import { atLeast, severityRank, type Finding, type Severity } from '../rules/types.js';

export function isBlockingFinding(finding: Finding, blockOn: BlockOn): boolean {
  return finding.suppressed === null && blockOn !== 'none' && atLeast(finding.severity, blockOn);
}

/** The highest severity among unsuppressed findings, or `none`. */
export function highestRisk(findings: readonly Finding[]): Severity | 'none' {
  let risk: Severity | 'none' = 'none';
  for (const finding of findings) {
    if (finding.suppressed) continue;
    if (risk === 'none' || severityRank(finding.severity) > severityRank(risk)) risk = finding.severity;
  }
  return risk;
}

/**
 * sha256 over the sorted blocking findings' rule id, address and actions: two analyses with the
 * same blocking findings share it, whatever else differs (messages, order, other findings).
 * With several plans, `planOf` qualifies each finding by its plan, so that approving a delete in
 * one plan does not also approve the same address being deleted in another. `evidenceOf` adds
 * what a finding is about where rule, address and actions do not say it (the content of a changed
 * policy file, as a hash): a different evidence is a different fingerprint.
 */
export function fingerprint(
  blockingFindings: readonly Finding[],
  planOf: (finding: Finding) => string | null = () => null,
  evidenceOf: (finding: Finding) => string | null = () => null,
): string {
  const lines = blockingFindings.map((finding) => {
    const plan = planOf(finding);
    const evidence = evidenceOf(finding);
    return [...(plan === null ? [] : [plan]), finding.ruleId, finding.address ?? '', finding.actions.join(','), ...(evidence === null ? [] : [evidence])].join('\u0000');
  });
  const unique = [...new Set(lines)].sort();
  return createHash('sha256').update(unique.join('\n')).digest('hex');
}
