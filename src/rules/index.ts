/** Every rule, in the order findings are reported. Adding a rule is adding it here. */
import { destructiveAction } from './actions.js';
import { backupWeakened } from './backup.js';
import { emptyPriorState } from './empty-state.js';
import { IAM_RULES } from './iam/index.js';
import { iamPolicyRemoved, keyDisabled } from './lockout.js';
import { massDelete } from './mass-delete.js';
import { networkOpenIngress, networkUnverifiable } from './network.js';
import { deletionProtectionDisabled, deletionProtectionMissing } from './protection.js';
import { helmReleaseUninstall, resourceForget, statefulDelete, statefulReplace } from './stateful.js';
import { concealSecrets } from './evidence.js';
import type { Finding, Rule, RuleContext } from './types.js';
import { describeDeferral } from '../plan/completeness.js';
import type { Plan } from '../plan/model.js';

export const RULES: readonly Rule[] = [
  statefulDelete,
  statefulReplace,
  emptyPriorState,
  massDelete,
  deletionProtectionDisabled,
  deletionProtectionMissing,
  backupWeakened,
  ...IAM_RULES,
  iamPolicyRemoved,
  keyDisabled,
  networkOpenIngress,
  networkUnverifiable,
  resourceForget,
  helmReleaseUninstall,
  destructiveAction,
];

export function evaluateRules(plan: Plan, context: RuleContext, rules: readonly Rule[] = RULES): Finding[] {
  const findings = [...rules.flatMap((rule) => rule.evaluate(plan, context)), ...evaluateDeferred(plan, context, rules)];
  // A finding never holds a secret, not even in the evidence nobody sees.
  return findings.map((finding) => (finding.evidence === undefined ? finding : { ...finding, evidence: concealSecrets(finding.evidence, plan.secrets) }));
}

/**
 * The resource rules over deferred changes: what Terraform already knows of them (a delete is a
 * delete) is judged now, each finding saying that a later apply makes the change. Plan-wide rules
 * (empty state, mass delete) keep to the changes this apply makes.
 */
function evaluateDeferred(plan: Plan, context: RuleContext, rules: readonly Rule[]): Finding[] {
  if (plan.deferred.length === 0) return [];
  const reasons = new Map(plan.deferred.map((entry) => [entry.change.address, entry.reason]));
  const deferredPlan: Plan = { ...plan, changes: plan.deferred.map((entry) => entry.change), deferred: [], actionInvocations: [] };
  return rules
    .flatMap((rule) => rule.evaluate(deferredPlan, context))
    .filter((finding) => finding.address !== null)
    .map((finding) => ({
      ...finding,
      details: [...finding.details, `Deferred (${describeDeferral(reasons.get(finding.address!) ?? 'unknown')}): a later plan and apply make this change, not this one.`],
    }));
}
