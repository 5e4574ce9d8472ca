/** The terminal report: verdict first, then each plan's counts and findings, worst first. */
import type { Analysis } from '../report.js';
import type { Finding, Severity } from '../rules/types.js';
import { scrubSecrets } from './scrub.js';
import { describeSummary, groupBySeverity, planHeading, verdictLine } from './words.js';

export interface TextOptions {
  color: boolean;
}

const SEVERITY_COLOR: Record<Severity, string> = {
  critical: '1;31',
  high: '31',
  medium: '33',
  low: '36',
  info: '2',
};

export function renderText({ report, secrets }: Analysis, options: TextOptions): string {
  const paint = (code: string, text: string) => (options.color ? `\u001b[${code}m${text}\u001b[0m` : text);
  const lines: string[] = [];
  const verdict = verdictLine(report);
  lines.push(paint(report.blocking ? '1;31' : '1;32', `tf-plan-guard: ${verdict}`));
  if (report.risk !== 'none') lines.push(`Highest risk: ${report.risk}`);

  for (const plan of report.plans) {
    lines.push('', paint('1', planHeading(plan)), `  ${describeSummary(plan.summary)}`);
    for (const group of groupBySeverity(plan.findings)) {
      for (const finding of group.findings) lines.push(...findingLines(finding, paint));
    }
    const suppressed = plan.findings.filter((finding) => finding.suppressed);
    if (suppressed.length > 0) {
      lines.push('', paint('2', `  Suppressed by the policy (${suppressed.length}):`));
      for (const finding of suppressed) {
        lines.push(paint('2', `    ${finding.ruleId} ${finding.address ?? '(plan)'}: ${finding.suppressed?.reason ?? ''}`));
      }
    }
  }
  return `${scrubSecrets(lines.join('\n'), secrets)}\n`;
}

function findingLines(finding: Finding, paint: (code: string, text: string) => string): string[] {
  const label = paint(SEVERITY_COLOR[finding.severity], finding.severity.toUpperCase().padEnd(8));
  const lines = ['', `  ${label} ${finding.ruleId}${finding.address ? `  ${finding.address}` : ''}`, `    ${finding.message}`];
  for (const detail of finding.details) lines.push(`      ${detail}`);
  if (finding.remediation) lines.push(`    Fix: ${finding.remediation}`);
  return lines;
}
