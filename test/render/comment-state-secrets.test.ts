import { describe, expect, it } from 'vitest';
import { markerLine, parseStoredState, stateLine, type StoredState } from '../../src/decision/comment-state.js';

const fingerprint = 'a3f9c0de'.repeat(8);

const state: StoredState = {
  v: 1,
  checkName: 'Terraform Plan Guard',
  fingerprint,
  blocking: true,
  risk: 'critical',
  blockOn: 'high',
  findings: 1,
  blockingFindings: [{ ruleId: 'stateful-delete', severity: 'critical', address: 'aws_db_instance.db["c0de"]', actions: ['delete'] }],
  blockingTotal: 1,
  plans: ['plan.json'],
  headline: null,
  headSha: 'c0de'.repeat(10),
  baseSha: 'ba5e'.repeat(10),
  pushers: [],
  decidedBy: null,
  labelEventId: null,
  approval: null,
};

describe('the hidden state and secrets', () => {
  it('scrubs plan text but never the fingerprint or the commit it is bound to', () => {
    // A short secret that happens to occur inside the hex fingerprint and the head sha.
    const secrets = { sensitive: new Set(['c0de']), variables: new Set<string>() };
    const body = `${markerLine(state.checkName)}\n${stateLine(state, secrets)}\n`;
    const parsed = parseStoredState(body, state.checkName);
    expect(parsed?.fingerprint).toBe(fingerprint);
    expect(parsed?.headSha).toBe(state.headSha);
    expect(parsed?.blockingFindings[0]?.address).toBe('aws_db_instance.db["(sensitive)"]');
  });
});
