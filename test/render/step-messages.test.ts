import { describe, expect, it } from 'vitest';
import { failureLine, untrustedStateWarning } from '../../src/render/step-messages.js';

describe('the step\'s failure line', () => {
  it('says who may approve, excluding the author and anyone who pushed, as the approval decides', () => {
    const settings = { approvers: [], approverPermission: 'write', allowSelfApproval: false } as const;
    expect(failureLine({ blockingTotal: 2, blockOn: 'high' }, settings, 'tf-plan-guard:approved')).toBe(
      "tf-plan-guard: 2 blocking changes at or above high need approval: someone with at least the write role, other than the PR's author and anyone who pushed to it, adds the label \"tf-plan-guard:approved\"",
    );
    expect(failureLine({ blockingTotal: 1, blockOn: 'high' }, { ...settings, approvers: ['alice'], allowSelfApproval: true }, 'ok')).toBe(
      'tf-plan-guard: 1 blocking change at or above high needs approval: one of @alice (with at least the write role) adds the label "ok"',
    );
  });
});

describe('the untrusted-state warning', () => {
  it('names why, per reason', () => {
    expect(untrustedStateWarning({ reason: 'edited-by-other', editor: 'dev' }, 'Plan')).toContain('the comment was edited after the action wrote it, by dev.');
    expect(untrustedStateWarning({ reason: 'unsealed', app: null, headSha: null }, 'Plan')).toContain('no "Plan" check run of the action on commit unknown carries its seal');
    expect(untrustedStateWarning({ reason: 'editor-unknown', error: 'boom' }, 'Plan')).toContain('who edited the comment last could not be read (boom)');
  });
});
