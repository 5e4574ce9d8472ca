/**
 * The action's own findings about a pull request rather than a plan: no entry in RULES, but rule
 * ids a policy can name and a report can carry.
 */
import type { RuleId, Severity } from '../rules/types.js';

type PullRequestRule = { id: RuleId; defaultSeverity: Severity };

/** The PR adds, changes, deletes or renames the policy file that gates it (policy/change.ts). */
export const POLICY_CHANGED = { id: 'policy-changed', defaultSeverity: 'critical' } as const satisfies PullRequestRule;

/** The PR changes the workflow file that runs the gate (policy/workflow-change.ts). */
export const WORKFLOW_CHANGED = { id: 'workflow-changed', defaultSeverity: 'critical' } as const satisfies PullRequestRule;

export const PULL_REQUEST_RULES = [POLICY_CHANGED, WORKFLOW_CHANGED] as const;
