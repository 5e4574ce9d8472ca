import { describe, expect, it } from 'vitest';
import { analyzePlans } from '../../src/analyze.js';
import { fingerprint } from '../../src/decision/fingerprint.js';
import { loadPlanFile } from '../../src/plan/load.js';
import { applyPolicy, matchesAddress } from '../../src/policy/apply.js';
import { DEFAULT_POLICY, type Policy } from '../../src/policy/config.js';
import type { Finding } from '../../src/rules/types.js';

function finding(fields: Partial<Finding>): Finding {
  return {
    ruleId: 'stateful-delete', severity: 'critical', address: 'aws_db_instance.main', resourceType: 'aws_db_instance', actions: ['delete'],
    message: 'aws_db_instance.main will be destroyed.', remediation: null, details: [], suppressed: null, ...fields,
  };
}

const policy = (fields: Partial<Policy>): Policy => ({ ...DEFAULT_POLICY, ...fields });

describe('matchesAddress', () => {
  it.each([
    ['aws_s3_bucket.logs', 'aws_s3_bucket.*', true],
    ['aws_s3_bucket.logs[0]', 'aws_s3_bucket.*', true],
    ['aws_s3_bucket.logs["a.b"]', 'aws_s3_bucket.*', true],
    ['module.x.aws_s3_bucket.logs', 'aws_s3_bucket.*', false],
    ['aws_db_instance.main', 'aws_s3_bucket.*', false],
    ['module.sandbox.aws_s3_bucket.logs', 'module.sandbox.**', true],
    ['module.sandbox.module.inner.aws_db_instance.db[2]', 'module.sandbox.**', true],
    ['module.sandbox2.aws_s3_bucket.logs', 'module.sandbox.**', false],
    ['module.prod.aws_s3_bucket.logs', 'module.sandbox.**', false],
    ['aws_s3_bucket.logs', 'aws_s3_bucket.logs', true],
    ['aws_s3_bucket.logs[0]', 'aws_s3_bucket.logs[0]', true],
    ['aws_s3_bucket.logs[1]', 'aws_s3_bucket.logs[0]', false],
    ['module.m["eu.west"].aws_s3_bucket.b', 'module.m["eu.west"].**', true],
    ['module.m["eu.west"].aws_s3_bucket.b', 'module.m["eu.east"].**', false],
    ['aws_s3_bucket.b["x.y"]', 'aws_s3_bucket.b["x.y"]', true],
    ['aws_s3_bucket.b["x.y"]', 'aws_s3_bucket.b["x.z"]', false],
    ['aws_s3_bucket.tmp_1', 'aws_s3_bucket.tmp_*', true],
    ['anything.at_all', '**', true],
    ['module.a.anything.at_all', '*', true],
    ['', '*', true],
    ['', 'aws_s3_bucket.*', false],
  ] as const)('%s ~ %s → %s', (address, glob, expected) => {
    expect(matchesAddress(address, glob)).toBe(expected);
  });
});

describe('applyPolicy', () => {
  const findings = [
    finding({}),
    finding({ ruleId: 'stateful-replace', address: 'module.sandbox.aws_s3_bucket.tmp', resourceType: 'aws_s3_bucket', actions: ['delete', 'create'] }),
    finding({ ruleId: 'mass-delete', severity: 'high', address: null, resourceType: null, actions: [] }),
  ];

  it('leaves findings as they are under the defaults', () => {
    expect(applyPolicy(findings, DEFAULT_POLICY)).toEqual(findings);
  });

  it('drops the findings of a disabled rule', () => {
    const result = applyPolicy(findings, policy({ rules: { 'stateful-delete': { enabled: false } } }));
    expect(result.map((f) => f.ruleId)).toEqual(['stateful-replace', 'mass-delete']);
  });

  it('overrides severities', () => {
    const result = applyPolicy(findings, policy({ rules: { 'mass-delete': { severity: 'low' }, 'stateful-replace': { severity: 'medium', enabled: true } } }));
    expect(result.map((f) => [f.ruleId, f.severity])).toEqual([
      ['stateful-delete', 'critical'],
      ['stateful-replace', 'medium'],
      ['mass-delete', 'low'],
    ]);
  });

  it('keeps a suppressed finding, with the reason of the first matching entry', () => {
    const result = applyPolicy(
      findings,
      policy({
        ignore: [
          { addresses: ['module.sandbox.**'], rules: ['stateful-replace'], reason: 'sandbox is rebuilt nightly' },
          { addresses: ['module.sandbox.**'], rules: null, reason: 'second entry' },
        ],
      }),
    );
    expect(result).toHaveLength(3);
    expect(result.map((f) => f.suppressed)).toEqual([null, { reason: 'sandbox is rebuilt nightly' }, null]);
    expect(result[1]).toEqual({ ...findings[1], suppressed: { reason: 'sandbox is rebuilt nightly' } });
  });

  it('an entry limited to other rules does not suppress', () => {
    const result = applyPolicy(findings, policy({ ignore: [{ addresses: ['aws_db_instance.main'], rules: ['stateful-replace'], reason: 'r' }] }));
    expect(result.every((f) => f.suppressed === null)).toBe(true);
  });

  it('plan-wide findings are covered only by an entry for every address', () => {
    const narrow = applyPolicy(findings, policy({ ignore: [{ addresses: ['aws_*.*'], rules: ['mass-delete'], reason: 'r' }] }));
    expect(narrow[2]?.suppressed).toBeNull();
    const everything = applyPolicy(findings, policy({ ignore: [{ addresses: ['**'], rules: ['mass-delete'], reason: 'expected teardown' }] }));
    expect(everything[2]?.suppressed).toEqual({ reason: 'expected teardown' });
  });

  it('a severity override applies to suppressed findings too, and does not mutate the input', () => {
    const original = structuredClone(findings);
    const result = applyPolicy(findings, policy({ rules: { 'stateful-delete': { severity: 'low' } }, ignore: [{ addresses: ['aws_db_instance.*'], rules: null, reason: 'r' }] }));
    expect(result[0]).toMatchObject({ severity: 'low', suppressed: { reason: 'r' } });
    expect(findings).toEqual(original);
  });
});

describe('applyPolicy: moved objects (audit F8)', () => {
  const sandbox = policy({ ignore: [{ addresses: ['module.sandbox.**'], rules: null, reason: 'sandbox is rebuilt nightly' }] });
  const moved = (address: string, previous: string) => (candidate: string) => (candidate === address ? previous : null);
  const orders = finding({ address: 'module.sandbox.aws_db_instance.orders', message: 'module.sandbox.aws_db_instance.orders will be destroyed.' });

  it('does not suppress an object moved into an ignored address, and says why', () => {
    const [result] = applyPolicy([orders], sandbox, moved('module.sandbox.aws_db_instance.orders', 'aws_db_instance.orders'));
    expect(result!.suppressed).toBeNull();
    expect(result!.message).toBe(
      'module.sandbox.aws_db_instance.orders will be destroyed. It was moved here from aws_db_instance.orders, into addresses the policy ignores (module.sandbox.**: "sandbox is rebuilt nightly"); that ignore covers only what was already there, so this still counts.',
    );
  });

  it('suppresses an object moved within the ignored space, and one that did not move', () => {
    expect(applyPolicy([orders], sandbox, moved('module.sandbox.aws_db_instance.orders', 'module.sandbox.aws_db_instance.old'))[0]!.suppressed).toEqual({ reason: 'sandbox is rebuilt nightly' });
    expect(applyPolicy([orders], sandbox)[0]).toEqual({ ...orders, suppressed: { reason: 'sandbox is rebuilt nightly' } });
  });

  it('a count-to-for_each key change into an ignored instance glob is a move too', () => {
    const keyed = finding({ address: 'aws_db_instance.db["scratch"]' });
    const scratch = policy({ ignore: [{ addresses: ['aws_db_instance.db["scratch"]'], rules: null, reason: 'scratch copy' }] });
    expect(applyPolicy([keyed], scratch, moved('aws_db_instance.db["scratch"]', 'aws_db_instance.db[0]'))[0]!.suppressed).toBeNull();
  });

  it('another entry that covers both addresses still suppresses it', () => {
    const both = policy({ ignore: [...sandbox.ignore, { addresses: ['aws_db_instance.orders', 'module.sandbox.aws_db_instance.orders'], rules: ['stateful-delete'], reason: 'orders is retired' }] });
    const [result] = applyPolicy([orders], both, moved('module.sandbox.aws_db_instance.orders', 'aws_db_instance.orders'));
    expect(result!.suppressed).toEqual({ reason: 'orders is retired' });
    expect(result!.message).toBe(orders.message);
  });
});

describe('suppressed findings in the whole analysis', () => {
  it('stay in the report but never count toward blocking, risk or the fingerprint', () => {
    const plan = loadPlanFile('fixtures/incidents/rds-delete-unprotected.json');
    const open = analyzePlans([plan], DEFAULT_POLICY).report;
    expect(open.blocking).toBe(true);
    expect(open.risk).toBe('critical');

    const ignored = analyzePlans([plan], policy({ ignore: [{ addresses: ['**'], rules: null, reason: 'the orders database is being retired' }] })).report;
    const findings = ignored.plans[0]?.findings ?? [];
    expect(findings.length).toBe(open.plans[0]?.findings.length);
    expect(findings.every((f) => f.suppressed?.reason === 'the orders database is being retired')).toBe(true);
    expect(ignored.blocking).toBe(false);
    expect(ignored.risk).toBe('none');
    expect(ignored.fingerprint).toBe(fingerprint([]));
  });
});
