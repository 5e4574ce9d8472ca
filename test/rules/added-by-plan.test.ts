/**
 * addedByPlan's comparisons of an update's grants, counted rather than timed (the machine is shared).
 */
import { describe, expect, it } from 'vitest';
import type { Plan, ResourceChange } from '../../src/plan/model.js';
import { addedByPlan, type Keyed } from '../../src/rules/added-by-plan.js';
import { findingsOf, updated } from '../support/plan-factory.js';

/** Clause lists that count every read of them. */
function counted(clauses: string[], reads: { count: number }): readonly string[] {
  return new Proxy(clauses, { get(target, property, receiver) { reads.count += 1; return Reflect.get(target, property, receiver); } });
}

const change = { mode: 'managed', action: 'update', before: {}, after: {}, address: 'x.y', type: 'x' } as unknown as ResourceChange;
const plan = { changes: [change] } as unknown as Plan;

describe('narrowing: an update of many statements of one grant', () => {
  it('audit 30 F2: reads each statement\'s clauses a bounded number of times, not once per pair (was quadratic)', () => {
    const m = 1000;
    const reads = { count: 0 };
    // M statements of one grant, two clauses each; the after side changes the first clause of each.
    const side = (prefix: string): Keyed[] => Array.from({ length: m }, (_, i) => {
      const clauses = [`k0=${prefix}${i}`, `k1=v${i}`];
      return { key: `g\u0000${clauses.join('\u0000')}`, conditions: { grant: 'g', clauses: counted(clauses, reads) } };
    });
    const result = addedByPlan(plan, (_change, which) => side(which === 'before' ? 'v' : 'w'));
    expect(result[0]?.items.length).toBe(m); // each loosened: all reported
    expect(reads.count).toBeLessThan(100 * m); // 1,000 x 1,000 pairs read them ~10,000,000 times
  });

  it('an item narrowing an old grant is still found among many (the index by the rarest clause)', () => {
    const m = 1000;
    const before: Keyed[] = Array.from({ length: m }, (_, i) => ({ key: `g\u0000shared\u0000own${i}`, conditions: { grant: 'g', clauses: ['shared', `own${i}`] } }));
    // Each gains a clause: narrowed, nothing new; one loses its own clause: new.
    const after: Keyed[] = Array.from({ length: m }, (_, i) => {
      const clauses = i === 7 ? ['shared', 'added'] : ['shared', `own${i}`, 'added'];
      return { key: `g\u0000${clauses.join('\u0000')}`, conditions: { grant: 'g', clauses } };
    });
    const result = addedByPlan(plan, (_change, which) => (which === 'before' ? before : after));
    expect(result[0]?.items.map((item) => item.key)).toEqual(['g\u0000shared\u0000added']);
  });

  it('an old grant without clauses is narrowed by any item of its grant', () => {
    const result = addedByPlan(plan, (_change, which) => (which === 'before' ? [{ key: 'g', conditions: { grant: 'g', clauses: [] } }] : [{ key: 'g\u0000mfa', conditions: { grant: 'g', clauses: ['mfa'] } }]));
    expect(result).toEqual([]);
  });

  it('the audit\'s shape end to end: 2,000 public statements each with a changed condition are reported', () => {
    const doc = (side: string) => JSON.stringify({ Version: '2012-10-17', Statement: Array.from({ length: 2000 }, (_, i) => ({ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*', Condition: { StringEquals: { 'aws:PrincipalTag/k0': `${side}${i}`, 'aws:PrincipalTag/k1': `v${i}` } } })) });
    const findings = findingsOf('iam-public-principal', [updated('aws_s3_bucket_policy', { bucket: 'b', policy: doc('v') }, { bucket: 'b', policy: doc('w') }, { name: 'p' })]);
    expect(findings).toHaveLength(1);
  });
});
