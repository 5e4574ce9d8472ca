/** Every rule, in the order findings are reported. Adding a rule is adding it here. */
import { backupWeakened } from './backup.js';
import { emptyPriorState } from './empty-state.js';
import { massDelete } from './mass-delete.js';
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
  resourceForget,
];

export function evaluateRules(plan: Plan, context: RuleContext, rules: readonly Rule[] = RULES): Finding[] {
  return rules.flatMap((rule) => rule.evaluate(plan, context));
}
