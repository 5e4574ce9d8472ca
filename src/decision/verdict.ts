/**
 * What the check and the step conclude from the approval decision (contract §6). Pure: the
 * publishing code asks these questions instead of answering them inline, so each outcome is a
 * unit test.
 */
import type { ApprovalDecision } from './approval.js';

/** Whether the check passes: nothing blocks, or a valid approval covers what does. */
export function checkPasses(blocking: boolean, decision: ApprovalDecision): boolean {
  return !blocking || decision.status === 'approved';
}

/**
 * Outside a pull request nobody can add a label: a blocking report is pending, never approved.
 */
export function decisionWithoutPullRequest(blocking: boolean): ApprovalDecision {
  return blocking ? { status: 'pending' } : { status: 'not-needed' };
}

/**
 * The decision the step's outputs report. After a check-name collision the check failed closed,
 * so an approval of this run's changes passes nothing: `approved` must not say otherwise.
 */
export function reportedDecision(decision: ApprovalDecision, collided: boolean): ApprovalDecision {
  return collided && decision.status === 'approved' ? { status: 'pending' } : decision;
}

export interface StepFacts {
  blocking: boolean;
  decision: ApprovalDecision;
  /** The `fail-on-block` input. */
  failOnBlock: boolean;
  /** False when the token could not write (a fork's read-only token): no check run carries the verdict. */
  checkWritten: boolean;
}

/**
 * Whether the step fails for an unapproved blocking change: when the workflow asks for it, and
 * always when no check run could be written, since the step is then the only place the verdict
 * can fail.
 */
export function stepFailsUnapproved(facts: StepFacts): boolean {
  const unapproved = facts.blocking && facts.decision.status !== 'approved';
  return unapproved && (facts.failOnBlock || !facts.checkWritten);
}
