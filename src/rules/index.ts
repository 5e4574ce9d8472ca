/** Every rule, in the order findings are reported. Adding a rule is adding it here. */
import { backupWeakened } from './backup.js';
import { emptyPriorState } from './empty-state.js';
import { IAM_RULES } from './iam/index.js';
import { massDelete } from './mass-delete.js';
import { networkOpenIngress } from './network.js';
import { deletionProtectionDisabled, deletionProtectionMissing } from './protection.js';
import { resourceForget, statefulDelete, statefulReplace } from './stateful.js';
import type { Finding, Rule, RuleContext } from './types.js';
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
  networkOpenIngress,
  resourceForget,
];

export function evaluateRules(plan: Plan, context: RuleContext, rules: readonly Rule[] = RULES): Finding[] {
  return rules.flatMap((rule) => rule.evaluate(plan, context));
}
