/** Wording shared by the text and markdown reports, so both say the same thing. */
import type { ActionSummary } from '../plan/model.js';
import { allFindings, type Report } from '../report.js';
import { isBlockingFinding } from '../decision/blocking.js';
import type { Finding, Severity } from '../rules/types.js';
import { SEVERITIES } from '../rules/types.js';

const SUMMARY_WORDS: [keyof ActionSummary, string][] = [
  ['create', 'to create'],
  ['update', 'to update'],
  ['replace', 'to replace'],
  ['delete', 'to delete'],
  ['forget', 'to forget'],
  ['import', 'to import'],
  ['move', 'moved'],
  ['read', 'to read'],
];

/** "3 to create, 1 to delete" (no-ops left out); "no changes" when empty. */
export function describeSummary(summary: ActionSummary): string {
  const parts = SUMMARY_WORDS.filter(([key]) => summary[key] > 0).map(([key, words]) => `${summary[key]} ${words}`);
  return parts.length > 0 ? parts.join(', ') : 'no changes';
}

export function blockingFindings(report: Report): Finding[] {
  return allFindings(report).filter((finding) => isBlockingFinding(finding, report.blockOn));
}

export function verdictLine(report: Report): string {
  const blocking = blockingFindings(report).length;
  if (blocking > 0) return `Needs approval: ${blocking} blocking change${blocking === 1 ? '' : 's'} (at or above ${report.blockOn})`;
  const unsuppressed = allFindings(report).filter((finding) => !finding.suppressed).length;
  if (unsuppressed > 0) return `No blocking changes (${unsuppressed} finding${unsuppressed === 1 ? '' : 's'} below ${report.blockOn})`;
  return 'No dangerous changes';
}

/** Findings grouped by severity, worst first; suppressed ones separately. */
export function groupBySeverity(findings: readonly Finding[]): { severity: Severity; findings: Finding[] }[] {
  return SEVERITIES.map((severity) => ({ severity, findings: findings.filter((finding) => !finding.suppressed && finding.severity === severity) })).filter(
    (group) => group.findings.length > 0,
  );
}

/** "Terraform 1.11.4, format 1.2", or empty when the plan says neither. */
export function planVersions(plan: { terraformVersion: string | null; formatVersion: string | null }): string {
  return [plan.terraformVersion ? `Terraform ${plan.terraformVersion}` : null, plan.formatVersion ? `format ${plan.formatVersion}` : null].filter(Boolean).join(', ');
}

export function planHeading(plan: { name: string; terraformVersion: string | null; formatVersion: string | null }): string {
  const versions = planVersions(plan);
  return versions ? `${plan.name} (${versions})` : plan.name;
}
