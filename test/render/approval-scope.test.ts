/**
 * What the comment and the check say an approval covers must be what the fingerprint enforces
 * (decision/fingerprint.ts, contract §3): the blocking findings and their evidence, not every
 * change of the plan. No "exactly these changes": an unrelated create keeps an approval.
 */
import { describe, expect, it } from 'vitest';
import { approvalLines, howToApprove } from '../../src/render/comment.js';

const SCOPE = 'covers these blocking findings and what each is about (what they grant, open, destroy or switch off), not the rest of the plan';

describe('the words on what an approval covers', () => {
  it('name the blocking findings and their evidence, and disclaim the rest of the plan', () => {
    const approved = approvalLines({
      approvalLabel: 'tf-plan-guard:approved',
      decision: { status: 'approved', record: { fingerprint: 'f'.repeat(64), by: 'alice', eventId: 1, at: '2026-12-05T10:00:00Z' } },
    }).join('\n');
    const how = howToApprove({
      approvalLabel: 'tf-plan-guard:approved',
      settings: { approvers: [], approverPermission: 'write', allowSelfApproval: false },
      state: { blocking: true } as Parameters<typeof howToApprove>[0]['state'],
    }).join('\n');
    for (const text of [approved, how]) {
      expect(text).toContain(SCOPE);
      expect(text).toContain('a push that changes any of them, or adds another, removes the label');
      expect(text).not.toMatch(/exactly/);
    }
  });
});
