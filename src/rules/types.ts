/** What rules produce and what they are given. A rule is a pure function: (plan, context) → findings. */
import type { Plan } from '../plan/model.js';
import type { StatefulCatalog } from '../catalog/stateful.js';
import type { Evidence } from './evidence.js';

export const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** Higher is worse. */
export function severityRank(severity: Severity): number {
  return SEVERITIES.length - SEVERITIES.indexOf(severity);
}

export function atLeast(severity: Severity, threshold: Severity): boolean {
  return severityRank(severity) >= severityRank(threshold);
}

export const RULE_IDS = [
  'stateful-delete',
  'stateful-replace',
  'empty-prior-state',
  'mass-delete',
  'deletion-protection-disabled',
  'deletion-protection-missing',
  'backup-weakened',
  'iam-wildcard-action',
  'iam-wildcard-resource',
  'iam-admin-policy',
  'iam-public-principal',
  'iam-unverifiable',
  'network-open-ingress',
  // Beyond the contract's table: ingress whose sources are known only after apply (audit F6).
  'network-unverifiable',
  // Not a plan rule: the action's finding when a pull request changes the policy file that gates it.
  'policy-changed',
  // Not a plan rule either: the action's finding when a pull request changes the workflow that runs it.
  'workflow-changed',
  // Not a plan rule: the policy's finding when a stateful resource moves into addresses its ignore covers (audit F8).
  'moved-into-ignored',
  // Beyond the contract's table: a forget is information, never a delete.
  'resource-forget',
  // Beyond the contract's table (documented in the README's rule reference and docs/rules-*.md).
  'destructive-action',
  'helm-release-uninstall',
  'iam-policy-removed',
  'key-disabled',
] as const;
export type RuleId = (typeof RULE_IDS)[number];

export interface Finding {
  ruleId: RuleId;
  severity: Severity;
  /** Resource instance address; null for plan-wide findings. */
  address: string | null;
  resourceType: string | null;
  /** The plan's action list for the resource, verbatim; empty for plan-wide findings. */
  actions: string[];
  /** One or two sentences: what happens and why it matters. Never holds a sensitive value. */
  message: string;
  /** What to change in the `.tf` to make this safe, in one line. */
  remediation: string | null;
  /** Supporting lines (attribute changes, counts), shown under the message. */
  details: string[];
  /** Set by the policy when an `ignore` entry silences this finding. */
  suppressed: { reason: string } | null;
  /**
   * What made it fire beyond rule, address and actions (rules/evidence.ts): bound into the
   * fingerprint, never shown. Absent when rule, address and actions say it all (a delete).
   */
  evidence?: Evidence;
  /**
   * Set when the finding is about a deposed object (left over from a create-before-destroy), not
   * the current one at the same address: which object it is, bound into the fingerprint.
   */
  deposedKey?: string;
  /**
   * What a reviewer recognizes the resource by (its name, environment tag, size), never a
   * sensitive value; absent when the plan shows none. Added by the pipeline, not by rules.
   */
  identity?: string[];
}

/** What a rule knows besides the plan. Callers fill in what they can; every field is optional evidence. */
export interface RuleContext {
  stateful: StatefulCatalog;
  massDeleteThreshold: number;
  /**
   * How the pull request touched the configuration's `.tf` files: `added` (new configuration),
   * `modified` (it existed before), or `unknown` (no PR, or not determinable).
   */
  configurationChange: 'added' | 'modified' | 'unknown';
}

export interface Rule {
  id: RuleId;
  defaultSeverity: Severity;
  /** One line for the rule reference. */
  summary: string;
  evaluate(plan: Plan, context: RuleContext): Finding[];
}

export interface FindingFields {
  message: string;
  remediation?: string | null;
  details?: string[];
  severity?: Severity;
  evidence?: Evidence;
}

/** A finding about one resource change, with the fields every resource finding fills the same way. */
export function resourceFinding(
  rule: Pick<Rule, 'id' | 'defaultSeverity'>,
  change: { address: string; type: string; rawActions: string[]; deposedKey?: string | null },
  fields: FindingFields,
): Finding {
  return {
    ruleId: rule.id,
    severity: fields.severity ?? rule.defaultSeverity,
    address: change.address,
    resourceType: change.type,
    actions: [...change.rawActions],
    message: fields.message,
    remediation: fields.remediation ?? null,
    details: fields.details ?? [],
    suppressed: null,
    ...(fields.evidence === undefined ? {} : { evidence: fields.evidence }),
    ...(change.deposedKey ? { deposedKey: change.deposedKey } : {}),
  };
}

export function planFinding(
  rule: Pick<Rule, 'id' | 'defaultSeverity'>,
  fields: FindingFields,
): Finding {
  return {
    ruleId: rule.id,
    severity: fields.severity ?? rule.defaultSeverity,
    address: null,
    resourceType: null,
    actions: [],
    message: fields.message,
    remediation: fields.remediation ?? null,
    details: fields.details ?? [],
    suppressed: null,
    ...(fields.evidence === undefined ? {} : { evidence: fields.evidence }),
  };
}
