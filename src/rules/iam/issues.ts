/**
 * The shared machinery of the IAM rules. Provider modules find "issues" (one risky grant each)
 * on one side of a change; the rules turn the issues a plan adds into findings, one per rule,
 * resource and policy attribute.
 */
import type { AttributePath, Plan, ResourceChange, SecretValues } from '../../plan/model.js';
import { SENSITIVE_PLACEHOLDER, formatPlainValue, isMarkedAt, isMarkedWholeAt, valueAt } from '../../plan/values.js';
import { addedByPlan, type ConditionedGrant } from '../added-by-plan.js';
import { canonicalEvidence, evidenceSet, type Evidence } from '../evidence.js';
import { grantSubjectEvidence, unknownSubjectSentence } from '../grant-subject.js';
import { resourceFinding, severityRank, type Finding, type Rule, type RuleId, type Severity } from '../types.js';

export type IamRuleId = Extract<RuleId, 'iam-wildcard-action' | 'iam-wildcard-resource' | 'iam-admin-policy' | 'iam-public-principal' | 'iam-unverifiable'>;

export interface IamIssue {
  ruleId: IamRuleId;
  severity: Severity;
  /** The attribute the grant is in, as shown to people (`policy`, `inline_policy[0].policy`). */
  attribute: string;
  /**
   * What the grant is, independent of wording: an update reports only issues whose key the
   * before side does not have. Never shown (it may hold values).
   */
  key: string;
  /** The grant without its conditions, and its condition clauses (added-by-plan.ts Keyed). */
  conditions?: ConditionedGrant;
  /** What the grant is in full where `key` does not say it (the flagged statement); never shown. */
  evidence?: Evidence;
  /** The issue in one sentence, for the details list. */
  summary: string;
  /** The finding's message when this is the worst issue of its attribute. */
  message: string;
  remediation: string;
}

/** One side of a change, with what is needed to read and quote it safely. */
export interface SideView {
  change: ResourceChange;
  side: 'before' | 'after';
  values: unknown;
  secrets: SecretValues;
  /** The whole plan, where a grant is rendered by another block (a policy document read during apply). */
  plan: Plan;
}

export function sideView(change: ResourceChange, side: 'before' | 'after', plan: Plan): SideView {
  return { change, side, values: side === 'before' ? change.before : change.after, secrets: plan.secrets, plan };
}

/** What one attribute holds on a side: a value, nothing, or a value known only after apply. */
export type AttributeState = { state: 'known'; value: unknown } | { state: 'absent' } | { state: 'unknown' };

export function attributeState(view: SideView, path: AttributePath): AttributeState {
  const value = valueAt(view.values, path);
  if (view.side === 'after' && (value === undefined || value === null) && isMarkedWholeAt(view.change.afterUnknown, path)) return { state: 'unknown' };
  if (value === undefined || value === null || value === '') return { state: 'absent' };
  return { state: 'known', value };
}

/** Quotes a value read from `path` of the view: the sensitive placeholder if the plan marks it so. */
export function quoteFrom(view: SideView, path: AttributePath, value: unknown): string {
  const mask = view.side === 'before' ? view.change.beforeSensitive : view.change.afterSensitive;
  if (isMarkedAt(mask, path)) return SENSITIVE_PLACEHOLDER;
  return formatPlainValue(value, view.secrets);
}

/** A list of quoted values, shortened after a few. */
export function quoteList(view: SideView, path: AttributePath, values: readonly unknown[], limit = 4): string {
  const quoted = values.slice(0, limit).map((value) => quoteFrom(view, path, value));
  const more = values.length > limit ? `, and ${values.length - limit} more` : '';
  return `${quoted.join(', ')}${more}`;
}

/** An `iam-unverifiable` issue: `attribute` is known only after apply, so the grant in it could not be checked. */
export function unknownIssue(attribute: string, message: string, remediation: string, key = `unknown:${attribute}`): IamIssue {
  return { ruleId: 'iam-unverifiable', severity: 'info', attribute, key, summary: `${attribute} is known only after apply`, message, remediation };
}

export type IssueCollector = (view: SideView) => IamIssue[];

/** An issue with who receives the grant and what it opens (rules/evidence.ts grantSubjectEvidence). */
export interface SubjectIssue extends IamIssue {
  subject: Evidence;
}

/** Every collector's issues the plan adds, computed once per plan and shared by the five rules. */
const cache = new WeakMap<Plan, { change: ResourceChange; items: SubjectIssue[] }[]>();

/**
 * The grantee and target are part of an issue's key: an update that gives the same grant to
 * other principals (users added to an `aws_iam_policy_attachment`) reports it again.
 */
export function planIssues(plan: Plan, collectors: readonly IssueCollector[]): { change: ResourceChange; items: SubjectIssue[] }[] {
  let result = cache.get(plan);
  if (!result) {
    result = addedByPlan(plan, (change, side) => {
      const issues = collectors.flatMap((collect) => collect(sideView(change, side, plan)));
      // Most changes grant nothing: their grantee is not looked for.
      if (issues.length === 0) return [];
      const subject = grantSubjectEvidence(change, side, plan);
      const whom = subject === null ? '' : `\u0000${canonicalEvidence(subject)}`;
      return issues.map((issue) => ({
        ...issue,
        key: `${issue.ruleId}\u0000${issue.key}${whom}`,
        ...(issue.conditions ? { conditions: { ...issue.conditions, grant: `${issue.ruleId}\u0000${issue.conditions.grant}${whom}` } } : {}),
        subject,
      }));
    });
    cache.set(plan, result);
  }
  return result;
}

/** Findings of one rule: one per resource and attribute, at the severity of its worst issue. */
export function findingsFor(rule: Pick<Rule, 'id' | 'defaultSeverity'>, changes: readonly { change: ResourceChange; items: SubjectIssue[] }[]): Finding[] {
  const findings: Finding[] = [];
  for (const { change, items: issues } of changes) {
    const byAttribute = new Map<string, SubjectIssue[]>();
    for (const issue of issues) {
      if (issue.ruleId !== rule.id) continue;
      const group = byAttribute.get(issue.attribute) ?? [];
      group.push(issue);
      byAttribute.set(issue.attribute, group);
    }
    for (const group of byAttribute.values()) {
      const sorted = [...group].sort((a, b) => severityRank(b.severity) - severityRank(a.severity));
      const worst = sorted[0]!;
      const more = sorted.length > 1 ? ` (${sorted.length - 1} more in the same attribute: see the details)` : '';
      findings.push(
        resourceFinding(rule, change, {
          severity: worst.severity,
          message: `${worst.message}${worst.subject === null ? '' : unknownSubjectSentence(change)}${more}`,
          remediation: worst.remediation,
          details: sorted.length > 1 ? sorted.map((issue) => issue.summary) : [],
          evidence: {
            grants: evidenceSet(group.map((issue) => ({ grant: issue.key, statement: issue.evidence ?? null }))),
            // Who receives it and what it opens; absent for a type that carries its grant on itself.
            ...(worst.subject === null ? {} : { subject: worst.subject }),
          },
        }),
      );
    }
  }
  return findings;
}
