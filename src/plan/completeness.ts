/**
 * What a reviewer must know before trusting a verdict on this plan: whether Terraform finished
 * planning, and whether every change is one this version understands. Said once per plan.
 */
import type { Plan } from './model.js';

/** How many unrecognized changes a warning names before summarizing. */
const NAMED_EXAMPLES = 3;

export function planWarnings(plan: Plan): string[] {
  const warnings: string[] = [];
  if (plan.errored) {
    warnings.push(
      'Terraform reported errors while planning: this plan is incomplete (Terraform will not apply it), and changes it could not plan are missing from this analysis.',
    );
  }
  const unknown = plan.changes.filter((change) => change.action === 'unknown');
  if (unknown.length > 0) {
    const examples = unknown.slice(0, NAMED_EXAMPLES).map((change) => `${change.address} (${JSON.stringify(change.rawActions)})`);
    const more = unknown.length > NAMED_EXAMPLES ? `, and ${unknown.length - NAMED_EXAMPLES} more` : '';
    warnings.push(
      `${unknown.length} change${unknown.length === 1 ? ' has' : 's have'} actions this version of tf-plan-guard does not know, so ${unknown.length === 1 ? 'it was' : 'they were'} not analyzed and ${unknown.length === 1 ? 'is' : 'are'} not counted in the summary: ${examples.join(', ')}${more}. Upgrade tf-plan-guard.`,
    );
  }
  return warnings;
}
