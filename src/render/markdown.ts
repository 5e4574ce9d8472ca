/**
 * The markdown report: what the PR comment and the job summary show. A reviewer reads the
 * verdict and the blocking table in ten seconds; everything else is folded.
 * Everything that came from the plan is escaped: it is untrusted text.
 */
import { markdownTable } from 'markdown-table';
import { isBlockingFinding } from '../decision/blocking.js';
import type { Analysis, PlanReport, Report } from '../report.js';
import type { Finding, Severity } from '../rules/types.js';
import { code, escapeText } from './escape.js';
import { scrubSecrets } from './scrub.js';
import { describeSummary, groupBySeverity, planHeading, planVersions, verdictLine } from './words.js';

export { code, escapeText } from './escape.js';

/** Rows shown before the rest of a table is folded away. */
const ROWS_BEFORE_FOLD = 15;

/** Unpadded tables: padding cells to the widest message only bloats the comment. */
const TABLE_OPTIONS = { alignDelimiters: false } as const;

const SEVERITY_ICON: Record<Severity, string> = {
  critical: '🔴',
  high: '🟠',
  medium: '🟡',
  low: '🔵',
  info: '⚪',
};

export function renderMarkdown(analysis: Analysis): string {
  const { report } = analysis;
  const parts = [`### ${report.blocking ? '⛔' : '✅'} ${verdictLine(report)}`, '', ...renderPlanSections(report)];
  return scrubSecrets(`${parts.join('\n')}\n`, analysis.secrets);
}

/** The body under the verdict: one section per plan. The PR comment reuses it under its own header. */
export function renderPlanSections(report: Report): string[] {
  const lines: string[] = [];
  const many = report.plans.length > 1;
  for (const plan of report.plans) {
    if (many) lines.push(`#### ${code(plan.name)}`, '');
    lines.push(...renderPlan(plan, report, many));
  }
  return lines;
}

function renderPlan(plan: PlanReport, report: Report, underPlanHeading: boolean): string[] {
  const summary = `**${escapeText(describeSummary(plan.summary))}**`;
  const versions = planVersions(plan);
  // Under its own heading the plan is already named: say only what the heading does not.
  const lines = [underPlanHeading ? [summary, ...(versions ? [escapeText(versions)] : [])].join(' · ') : `${summary} in ${code(planHeading(plan))}`, ''];
  for (const warning of plan.warnings) lines.push('> [!WARNING]', `> ${escapeText(warning)}`, '');
  const blocking = plan.findings.filter((finding) => isBlockingFinding(finding, report.blockOn));
  const other = plan.findings.filter((finding) => !finding.suppressed && !isBlockingFinding(finding, report.blockOn));
  const suppressed = plan.findings.filter((finding) => finding.suppressed);

  if (blocking.length > 0) lines.push(...findingTables(blocking), '');
  if (other.length > 0) lines.push(...folded(`${other.length} finding${other.length === 1 ? '' : 's'} below ${report.blockOn}`, findingTables(other)), '');
  if (suppressed.length > 0) {
    const table = markdownTable([
      ['Rule', 'Resource', 'Reason'],
      ...suppressed.map((finding) => [finding.ruleId, resourceCell(finding), escapeText(finding.suppressed?.reason ?? '')]),
    ], TABLE_OPTIONS);
    lines.push(...folded(`${suppressed.length} suppressed by the policy`, [table]), '');
  }
  if (plan.findings.length === 0) lines.push('Nothing to flag in this plan.', '');
  return lines;
}

function findingTables(findings: readonly Finding[]): string[] {
  const lines: string[] = [];
  for (const group of groupBySeverity(findings)) {
    lines.push(`${SEVERITY_ICON[group.severity]} **${capitalize(group.severity)}** (${group.findings.length})`, '');
    const rows = group.findings.map((finding) => [resourceCell(finding), escapeText(finding.actions.join(', ') || '—'), finding.ruleId, findingCell(finding)]);
    const header = ['Resource', 'Actions', 'Rule', 'What happens'];
    lines.push(markdownTable([header, ...rows.slice(0, ROWS_BEFORE_FOLD)], TABLE_OPTIONS), '');
    if (rows.length > ROWS_BEFORE_FOLD) {
      lines.push(...folded(`${rows.length - ROWS_BEFORE_FOLD} more`, [markdownTable([header, ...rows.slice(ROWS_BEFORE_FOLD)], TABLE_OPTIONS)]), '');
    }
  }
  return lines;
}

function findingCell(finding: Finding): string {
  const parts = [escapeText(finding.message)];
  for (const detail of finding.details) parts.push(`• ${escapeText(detail)}`);
  if (finding.remediation) parts.push(`**Fix:** ${escapeText(finding.remediation)}`);
  return parts.join('<br>');
}

function resourceCell(finding: Finding): string {
  return finding.address ? code(finding.address, true) : '*(whole plan)*';
}

export function folded(summary: string, body: readonly string[]): string[] {
  return ['<details>', `<summary>${escapeText(summary)}</summary>`, '', ...body, '', '</details>'];
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
