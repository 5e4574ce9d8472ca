/** Wording shared by the text and markdown reports, so both say the same thing. */
import type { ActionSummary } from '../plan/model.js';
import { allFindings, type Report } from '../report.js';
import { isBlockingFinding } from '../decision/blocking.js';
import type { Finding, Severity } from '../rules/types.js';
import { SEVERITIES } from '../rules/types.js';
import { formatCount } from '../numbers.js';

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
  const parts = SUMMARY_WORDS.filter(([key]) => summary[key] > 0).map(([key, words]) => `${count(summary[key])} ${words}`);
  return parts.length > 0 ? parts.join(', ') : 'no changes';
}

export function blockingFindings(report: Report): Finding[] {
  return allFindings(report).filter((finding) => isBlockingFinding(finding, report.blockOn));
}

export function verdictLine(report: Report): string {
  const blocking = blockingFindings(report).length;
  if (blocking > 0) return `Needs approval: ${count(blocking)} blocking change${blocking === 1 ? '' : 's'} (at or above ${report.blockOn})`;
  const unsuppressed = allFindings(report).filter((finding) => !finding.suppressed).length;
  if (unsuppressed > 0) return `No blocking changes (${count(unsuppressed)} finding${unsuppressed === 1 ? '' : 's'} below ${report.blockOn})`;
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

/** A count as people write it: 1,500. */
export function count(value: number): string {
  return formatCount(value);
}

/** "1 S3 bucket", "1,500 S3 buckets". */
export function counted(value: number, singular: string, pluralForm = pluralOf(singular)): string {
  return `${count(value)} ${value === 1 ? singular : pluralForm}`;
}

/**
 * Terraform's own summary line, as `terraform plan` prints it: a replacement is one to add and one
 * to destroy; data sources read are not counted.
 */
export function terraformPlanLine(summary: ActionSummary): string {
  const add = summary.create + summary.replace;
  const destroy = summary.delete + summary.replace;
  if (add + summary.update + destroy + summary.forget + summary.import + summary.move === 0) return 'No changes.';
  const parts = [
    ...(summary.import > 0 ? [`${count(summary.import)} to import`] : []),
    `${count(add)} to add`,
    `${count(summary.update)} to change`,
    `${count(destroy)} to destroy`,
    ...(summary.forget > 0 ? [`${count(summary.forget)} to forget`] : []),
  ];
  return `Plan: ${parts.join(', ')}.`;
}

/** Words of a resource type read as they are said: `aws_s3_bucket` → "S3 bucket". */
const ACRONYMS = new Set([
  'acm', 'acl', 'ami', 'api', 'aks', 'alb', 'db', 'dms', 'dns', 'ebs', 'ec2', 'ecr', 'ecs', 'efs', 'eip', 'eks', 'elb', 'emr', 'fsx', 'gke', 'iam',
  'ip', 'kms', 'lb', 'msk', 'mq', 'nat', 'nlb', 'rds', 's3', 'sns', 'sql', 'sqs', 'ssm', 'ssl', 'tls', 'url', 'vm', 'vpc', 'vpn', 'waf',
]);
const PROVIDER_PREFIX = /^(aws|google|azurerm|azuread|kubernetes|helm|random|null|tls|local|cloudflare|github|datadog|vault)_/;

export function kindOf(type: string, value = 1): string {
  const words = type.replace(PROVIDER_PREFIX, '').split('_').filter(Boolean).map((word) => (ACRONYMS.has(word) ? word.toUpperCase() : word));
  if (words.length === 0) return type;
  if (value !== 1) words[words.length - 1] = pluralOf(words[words.length - 1] as string);
  return words.join(' ');
}

function pluralOf(word: string): string {
  if (/[^aeiou]y$/.test(word)) return `${word.slice(0, -1)}ies`;
  if (/(s|x|z|ch|sh)$/.test(word)) return `${word}es`;
  if (/^[A-Z0-9]+$/.test(word)) return `${word}s`;
  return `${word}s`;
}

/** `module.a.module.b["x"].aws_s3_bucket.c[3]` → `module.a.module.b[*].aws_s3_bucket.c[*]`: the shape many instances share. */
export function addressPattern(address: string): string {
  return address.replace(/\[(?:"(?:[^"\\]|\\.)*"|[^\]"]*)\]/g, '[*]');
}

/** A long address shortened in the middle, keeping its module head and its resource tail. */
export function shortenMiddle(text: string, max = 56): string {
  if (text.length <= max) return text;
  const tail = Math.ceil((max - 1) * 0.6);
  // Never between the two halves of a surrogate pair: a lone half is not a character.
  let headEnd = max - 1 - tail;
  if (isLowSurrogate(text.charCodeAt(headEnd))) headEnd--;
  let tailStart = text.length - tail;
  if (isLowSurrogate(text.charCodeAt(tailStart))) tailStart++;
  return `${text.slice(0, headEnd)}…${text.slice(tailStart)}`;
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}
