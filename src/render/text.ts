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
    lines.push('', paint('1', inert(planHeading(plan))), `  ${describeSummary(plan.summary)}`);
    for (const warning of plan.warnings) lines.push(paint('33', `  Warning: ${inert(warning)}`));
    for (const group of groupBySeverity(plan.findings)) {
      for (const finding of group.findings) lines.push(...findingLines(finding, paint));
    }
    const suppressed = plan.findings.filter((finding) => finding.suppressed);
    if (suppressed.length > 0) {
      lines.push('', paint('2', `  Suppressed by the policy (${suppressed.length}):`));
      for (const finding of suppressed) {
        lines.push(paint('2', inert(`    ${finding.ruleId} ${finding.address ?? '(plan)'}: ${finding.suppressed?.reason ?? ''}`)));
      }
    }
  }
  return `${scrubSecrets(lines.join('\n'), secrets)}\n`;
}

function findingLines(finding: Finding, paint: (code: string, text: string) => string): string[] {
  const label = paint(SEVERITY_COLOR[finding.severity], finding.severity.toUpperCase().padEnd(8));
  const lines = ['', `  ${label} ${finding.ruleId}${finding.address ? `  ${inert(finding.address)}` : ''}`, `    ${inert(finding.message)}`];
  for (const detail of finding.details) lines.push(`      ${inert(detail)}`);
  if (finding.remediation) lines.push(`    Fix: ${inert(finding.remediation)}`);
  return lines;
}

/**
 * Text that came from the plan, unable to drive the terminal: control characters (an escape
 * sequence in a resource key or an action reason could clear the screen or hide lines) become
 * U+FFFD. Line breaks and tabs stay.
 */
function inert(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, '\ufffd');
}
