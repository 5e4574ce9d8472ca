import { describe, expect, it } from 'vitest';
import { loadPlanJson } from '../../src/plan/load.js';
import { massDelete } from '../../src/rules/mass-delete.js';
import type { RuleContext } from '../../src/rules/types.js';
import { created, deleted, planJson, replaced, type ChangeSpec } from '../support/plan-factory.js';

const context = (massDeleteThreshold: number): RuleContext => ({ stateful: { isStateful: () => false } as unknown as RuleContext['stateful'], massDeleteThreshold, configurationChange: 'unknown' });

function evaluate(changes: ChangeSpec[], threshold = 10, priorResources?: { address: string; type: string }[]) {
  return massDelete.evaluate(loadPlanJson(planJson(changes, priorResources ? { priorResources } : {}), 'p.json'), context(threshold));
}

const deletes = (count: number, prefix = 'd') => Array.from({ length: count }, (_, i) => deleted('aws_instance', { id: `${prefix}${i}` }, { name: `${prefix}${i}` }));
/** Resources the plan keeps, so that deleting the others is not a teardown. */
const kept = (count: number) => Array.from({ length: count }, (_, i) => ({ address: `aws_instance.keep${i}`, type: 'aws_instance' }));
const priorOf = (changes: ChangeSpec[], extra: { address: string; type: string }[]) => [...changes.map((change) => ({ address: `aws_instance.${change.name}`, type: 'aws_instance' })), ...extra];

describe('mass-delete', () => {
  it('stays quiet at 9 destroys and fires at 10 (deletes and replacements count together)', () => {
    const nine = deletes(9);
    expect(evaluate(nine, 10, priorOf(nine, kept(5)))).toEqual([]);
    const ten = [...deletes(9), replaced('aws_instance', { ami: 'a' }, { ami: 'b' }, { name: 'r0' })];
    const [finding] = evaluate(ten, 10, priorOf(ten, kept(5)));
    expect(finding).toMatchObject({ ruleId: 'mass-delete', severity: 'high', address: null });
    expect(finding!.message).toBe('This plan destroys 10 resources (9 deletes and 1 replacement), at or above the mass-delete threshold of 10.');
    expect(finding!.details).toContain('replace aws_instance.r0');
  });

  it('follows a policy threshold', () => {
    const three = deletes(3);
    expect(evaluate(three, 3, priorOf(three, kept(5)))).toHaveLength(1);
    expect(evaluate(three, 4, priorOf(three, kept(5)))).toEqual([]);
  });

  it('calls deleting every managed resource a teardown, below the threshold too', () => {
    const two = deletes(2);
    const [finding] = evaluate(two, 10, priorOf(two, []));
    expect(finding!.message).toBe('This plan destroys every resource in the state (2 managed): a teardown, as with `terraform destroy` or a removed configuration.');
  });

  it('does not call deleting the only resource a teardown, nor a plan that only creates', () => {
    const one = deletes(1);
    expect(evaluate(one, 10, priorOf(one, []))).toEqual([]);
    expect(evaluate([created('aws_instance', { ami: 'a' })])).toEqual([]);
  });

  it('lists at most 20 addresses, then says how many more', () => {
    const many = deletes(25);
    const [finding] = evaluate(many, 10, priorOf(many, kept(1)));
    expect(finding!.details).toHaveLength(21);
    expect(finding!.details.at(-1)).toBe('… and 5 more');
  });
});
