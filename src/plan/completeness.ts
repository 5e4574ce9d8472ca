/**
 * What a reviewer must know before trusting a verdict on this plan: whether Terraform finished
 * planning, whether the plan is the whole change (`complete`, deferred changes), what provider
 * actions run beside it, and whether every change is one this version understands. Said once per plan.
 */
import type { ActionInvocation, Plan } from './model.js';
import { formatCount } from '../numbers.js';

/** How many unrecognized changes a warning names before summarizing. */
const NAMED_EXAMPLES = 3;

/** Terraform's deferral reasons (jsonplan DeferredReason*), in words. */
const DEFERRAL_REASONS: Readonly<Record<string, string>> = {
  instance_count_unknown: 'its count or for_each is not known yet',
  resource_config_unknown: 'its configuration depends on values not known yet',
  provider_config_unknown: "its provider's configuration is not known yet",
  absent_prereq: 'something it needs does not exist yet',
  deferred_prereq: 'something it depends on was deferred',
  excluded: 'it was excluded from this plan',
  not_included: 'it was not included in this plan',
};

export function describeDeferral(reason: string): string {
  return DEFERRAL_REASONS[reason] ?? `reason ${JSON.stringify(reason)}`;
}

function listed(items: readonly string[]): string {
  const more = items.length > NAMED_EXAMPLES ? `, and ${formatCount(items.length - NAMED_EXAMPLES)} more` : '';
  return `${items.slice(0, NAMED_EXAMPLES).join(', ')}${more}`;
}

function plural(count: number, one: string, many: string): string {
  return `${formatCount(count)} ${count === 1 ? one : many}`;
}

function describeInvocation(invocation: ActionInvocation): string {
  const when = invocation.triggeringAddress === null ? 'on -invoke' : `${invocation.triggerEvent ?? 'on a lifecycle event'} of ${invocation.triggeringAddress}`;
  return `${invocation.address} (${when}${invocation.deferredReason === null ? '' : ', deferred'})`;
}

export function planWarnings(plan: Plan): string[] {
  const warnings: string[] = [];
  if (plan.errored) {
    warnings.push(
      'Terraform reported errors while planning: this plan is incomplete (Terraform will not apply it), and changes it could not plan are missing from this analysis.',
    );
  }
  if (plan.complete === false && !plan.errored) {
    warnings.push(
      'Terraform marked this plan incomplete (`complete: false`): it was made with -target or -exclude, or some changes were deferred. Applying it does not finish the change; a later plan will hold changes this analysis has not seen.',
    );
  }
  if (plan.deferred.length > 0) {
    const reasons = [...new Set(plan.deferred.map((entry) => describeDeferral(entry.reason)))];
    const examples = plan.deferred.map((entry) => `${entry.change.address} (${entry.change.rawActions.join(', ') || 'action not known'})`);
    warnings.push(
      `${plural(plan.deferred.length, 'change was', 'changes were')} deferred to a later plan (${reasons.join('; ')}): ${listed(examples)}. They are not applied now and are not counted in the summary; where their actions are already known they are analyzed below, marked as deferred.`,
    );
  }
  if (plan.actionInvocations.length > 0) {
    warnings.push(
      `This plan runs ${plural(plan.actionInvocations.length, 'provider action', 'provider actions')}: ${listed(plan.actionInvocations.map(describeInvocation))}. An action acts outside Terraform's resource changes, and the plan does not show what it changes or deletes; review each one.`,
    );
  }
  const unknown = plan.changes.filter((change) => change.action === 'unknown');
  if (unknown.length > 0) {
    const examples = unknown.slice(0, NAMED_EXAMPLES).map((change) => `${change.address} (${JSON.stringify(change.rawActions)})`);
    const more = unknown.length > NAMED_EXAMPLES ? `, and ${formatCount(unknown.length - NAMED_EXAMPLES)} more` : '';
    warnings.push(
      `${formatCount(unknown.length)} change${unknown.length === 1 ? ' has' : 's have'} actions this version of tf-plan-guard does not know, so ${unknown.length === 1 ? 'it was' : 'they were'} not analyzed and ${unknown.length === 1 ? 'is' : 'are'} not counted in the summary: ${examples.join(', ')}${more}. Upgrade tf-plan-guard.`,
    );
  }
  return warnings;
}
