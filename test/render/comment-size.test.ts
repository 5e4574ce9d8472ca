/**
 * A monorepo's one-job pattern analyzes hundreds of plans: the parts of the comment outside the
 * report's size budget (the "Analyzed …" footer and the hidden state) stay bounded, so the
 * comment is never refused for its size (audit F7: 600 plans made it 100,738 characters, GitHub
 * answered 422 and no approval could ever be stored).
 */
import { describe, expect, it } from 'vitest';
import { parseStoredState, planCountOf, stateFromReport, STATE_PLANS_LIMIT, type StoredState } from '../../src/decision/comment-state.js';
import { CHECK_SUMMARY_LIMIT, COMMENT_LIMIT, renderCheckOutput, renderComment, type CommentInput } from '../../src/render/comment.js';
import { analysis, finding, NO_SECRETS, planReport } from './support.js';

const CHECK = 'Terraform Plan Guard';

function manyPlans(count: number): CommentInput {
  const plans = Array.from({ length: count }, (_, i) => planReport(`stacks/team-${String(i).padStart(3, '0')}/eu-west-1/production/service/plan.json`, i === 0 ? [finding({})] : []));
  const { report } = analysis(plans);
  const state: StoredState = { ...stateFromReport(report, CHECK, 'a'.repeat(40), 'headline'), labelEventId: null, approval: null };
  return {
    checkName: CHECK,
    approvalLabel: 'tf-plan-guard:approved',
    settings: { approvers: [], approverPermission: 'write', allowSelfApproval: false },
    state,
    decision: { status: 'pending' },
    reportBody: 'report',
    plans: plans.map((plan) => ({ name: plan.name, terraformVersion: '1.11.4', formatVersion: '1.2' })),
    toolVersion: '0.1.0',
    summaryUrl: 'https://github.com/acme/infra/actions/runs/1',
    ruleReferenceUrl: null,
    secrets: NO_SECRETS,
  };
}

describe('a comment about many plans', () => {
  it('fits GitHub limits with 600 plans, naming ten and counting the rest', () => {
    const input = manyPlans(600);
    const body = renderComment(input);
    expect(body.length).toBeLessThanOrEqual(COMMENT_LIMIT);
    expect(body).toContain('and 590 more');
    expect(body).toContain('600 plans');
    expect(Buffer.byteLength(renderCheckOutput(input).summary)).toBeLessThanOrEqual(CHECK_SUMMARY_LIMIT);
  });

  it('keeps the count in the hidden state, with a bounded list of names, and re-renders from it alone', () => {
    const input = manyPlans(600);
    const stored = parseStoredState(renderComment(input), CHECK);
    expect(stored?.plans.length).toBe(STATE_PLANS_LIMIT);
    expect(stored && planCountOf(stored)).toBe(600);
    // A label event re-renders the comment from the state, without the plans.
    const again = renderComment({ ...input, plans: [], state: stored!, reportBody: null });
    expect(again.length).toBeLessThanOrEqual(COMMENT_LIMIT);
    expect(again).toContain('and 590 more');
  });

  it('reads a state written before the count was kept: every plan was listed', () => {
    const { planCount: _count, ...older } = manyPlans(3).state;
    expect(planCountOf(older)).toBe(3);
  });
});
