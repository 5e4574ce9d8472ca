/** Whether a report blocks and how risky it is (the fingerprint is decision/fingerprint.ts). */
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
