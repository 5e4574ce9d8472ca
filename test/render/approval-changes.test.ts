import { describe, expect, it } from 'vitest';
import { changesSinceApprovalLine } from '../../src/render/approval-changes.js';

describe('changesSinceApprovalLine', () => {
  it('names what changed, what is new and what is gone since the approval', () => {
    const line = changesSinceApprovalLine({
      changed: [{ ruleId: 'network-open-ingress', address: 'aws_security_group.db' }],
      added: [{ ruleId: 'iam-wildcard-action', address: 'aws_iam_policy.app' }],
      gone: [{ ruleId: 'mass-delete', address: null }],
    });
    expect(line).toBe(
      '**Since the approval:** changed (what they grant, open, destroy or switch off differs): `network-open-ingress` on `aws_security_group.db`; new: `iam-wildcard-action` on `aws_iam_policy.app`; no longer found: `mass-delete` on the whole plan.',
    );
  });

  it('lists five of each and counts the rest; says nothing when the changes are not known', () => {
    const many = Array.from({ length: 7 }, (_, index) => ({ ruleId: 'stateful-delete', address: `aws_db_instance.d${index}` }));
    expect(changesSinceApprovalLine({ changed: [], added: many, gone: [] })).toMatch(/`aws_db_instance\.d4` and 2 more\.$/);
    expect(changesSinceApprovalLine(undefined)).toBeNull();
  });
});
