/**
 * The headline: what a plan puts at risk, in words and counts ("Mass delete of 1,501 resources:
 * destroys 1 DB instance (aws_db_instance.orders, acme-prod-orders) and 1,500 S3 buckets").
 * Plan-wide findings first; then, per kind of harm, the resources it befalls, each resource
 * counted once under its worst finding. The caller chooses how addresses and names are written
 * (code and escaped text in markdown, plain text in a check title).
 */
import { isBlockingFinding } from '../decision/blocking.js';
import type { PlanReport, Report } from '../report.js';
import { severityRank, type Finding, type RuleId } from '../rules/types.js';
import { count, counted, kindOf } from './words.js';

/** Plan-wide findings, as a phrase about the plan they are about. */
const PLAN_WIDE: Partial<Record<RuleId, (plan: PlanReport) => string>> = {
  'mass-delete': (plan) => `mass delete of ${counted(plan.summary.delete + plan.summary.replace, 'resource')}`,
  'empty-prior-state': (plan) => `empty prior state (a lost backend?): ${counted(plan.summary.create, 'resource')} created as new`,
  'policy-changed': () => 'the pull request changes the policy that gates it',
  'workflow-changed': () => 'the pull request changes the workflow that runs its gate',
};

/** What a rule's finding does to the resources it is about; `{}` is where they are named. */
const HARM: Partial<Record<RuleId, string>> = {
  'stateful-delete': 'destroys {}',
  'stateful-replace': 'destroys and recreates {}',
  'resource-forget': 'stops managing {}',
  'deletion-protection-disabled': 'turns off deletion protection on {}',
  'deletion-protection-missing': 'leaves {} without deletion protection',
  'backup-weakened': 'weakens the backups of {}',
  'iam-wildcard-action': 'grants admin or wildcard access through {}',
  'iam-wildcard-resource': 'grants admin or wildcard access through {}',
  'iam-admin-policy': 'grants admin or wildcard access through {}',
  'iam-public-principal': 'opens {} to everyone',
  'iam-unverifiable': 'adds {} whose policy could not be checked',
  'iam-policy-removed': 'removes {}',
  'network-open-ingress': 'opens {} to the internet',
  'network-unverifiable': 'adds {} whose ingress sources could not be checked',
  'key-disabled': 'disables {}',
  'helm-release-uninstall': 'uninstalls {}',
  'moved-into-ignored': 'moves {} where the policy no longer reviews its deletes',
  'destructive-action': 'runs destructive actions through {}',
};

/** How many kinds of harm, and of resource types under each, the headline names before counting the rest. */
const HARMS_NAMED = 2;
const TYPES_NAMED = 3;
/** How many lone resources the headline names by address: more would make it a list. */
const ADDRESSES_NAMED = 2;

export interface HeadlineStyle {
  /** An address (code in markdown). */
  address(text: string): string;
  /** Plan text (escaped in markdown). */
  text(text: string): string;
}

/** The headline for a report's blocking findings; null when nothing blocks. */
export function riskHeadline(report: Report, style: HeadlineStyle): string | null {
  const blocking = report.plans.flatMap((plan) => plan.findings.filter((finding) => isBlockingFinding(finding, report.blockOn)).map((finding) => ({ plan, finding })));
  if (blocking.length === 0) return null;

  const planWide = [...new Set(blocking.filter(({ finding }) => finding.address === null).map(({ plan, finding }) => PLAN_WIDE[finding.ruleId]?.(plan) ?? `${finding.ruleId} on the whole plan`))];

  // Each resource once, under its worst finding (the first of equals).
  const worst = new Map<string, Finding>();
  for (const { plan, finding } of blocking) {
    if (finding.address === null) continue;
    const key = `${plan.name}\u0000${finding.address}`;
    const seen = worst.get(key);
    if (!seen || severityRank(finding.severity) > severityRank(seen.severity)) worst.set(key, finding);
  }
  const byHarm = new Map<string, { rank: number; types: Map<string, Finding[]> }>();
  for (const finding of [...worst.values()].sort((a, b) => severityRank(b.severity) - severityRank(a.severity))) {
    const harm = HARM[finding.ruleId] ?? `${finding.ruleId.replace(/-/g, ' ')}: {}`;
    const entry = byHarm.get(harm) ?? { rank: severityRank(finding.severity), types: new Map<string, Finding[]>() };
    const type = finding.resourceType ?? 'resource';
    entry.types.set(type, [...(entry.types.get(type) ?? []), finding]);
    byHarm.set(harm, entry);
  }
  let addresses = ADDRESSES_NAMED;
  const harms = [...byHarm.entries()].map(([harm, { types }]) => {
    const kinds = [...types.entries()];
    const phrases = kinds.slice(0, TYPES_NAMED).map(([type, findings]) => resourcesPhrase(type, findings, style, findings.length === 1 && addresses-- > 0));
    const others = kinds.slice(TYPES_NAMED).reduce((sum, [, findings]) => sum + findings.length, 0);
    if (others > 0) phrases.push(counted(others, 'other resource'));
    return harm.replace('{}', joinAnd(phrases));
  });
  const named = harms.slice(0, HARMS_NAMED);
  const rest = [...byHarm.values()].slice(HARMS_NAMED).reduce((sum, entry) => sum + [...entry.types.values()].reduce((n, list) => n + list.length, 0), 0);
  if (rest > 0) named.push(`${counted(rest, 'more resource')} at risk`);

  const resources = named.join('; ');
  const whole = planWide.map(style.text).join('; ');
  const sentence = whole && resources ? `${whole}: ${resources}` : whole || resources;
  return sentence.charAt(0).toUpperCase() + sentence.slice(1);
}

/** "1 DB instance (`aws_db_instance.orders`, acme-prod-orders)" (with a style to name it) or "1,500 S3 buckets". */
function resourcesPhrase(type: string, findings: readonly Finding[], style: HeadlineStyle, named: boolean): string {
  const only = findings.length === 1 ? findings[0] : undefined;
  // The type is the plan's text too: known ones read as words ("DB instance"), any other as written.
  if (!only?.address || !named) return `${count(findings.length)} ${style.text(kindOf(type, findings.length))}`;
  const name = only.identity?.[0];
  return `1 ${style.text(kindOf(type))} (${style.address(only.address)}${name ? `, ${style.text(name)}` : ''})`;
}

function joinAnd(parts: readonly string[]): string {
  if (parts.length <= 1) return parts.join('');
  return `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}`;
}
