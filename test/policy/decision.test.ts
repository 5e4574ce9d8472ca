import { describe, expect, it } from 'vitest';
import { highestRisk, isBlockingFinding } from '../../src/decision/blocking.js';
import { fingerprint } from '../../src/decision/fingerprint.js';
import type { Finding } from '../../src/rules/types.js';

function finding(fields: Partial<Finding>): Finding {
  return {
    ruleId: 'stateful-delete', severity: 'critical', address: 'aws_db_instance.main', resourceType: 'aws_db_instance', actions: ['delete'],
    message: 'aws_db_instance.main will be destroyed.', remediation: null, details: [], suppressed: null, ...fields,
  };
}

describe('isBlockingFinding', () => {
  it('blocks at or above block-on, unless suppressed or block-on is none', () => {
    expect(isBlockingFinding(finding({ severity: 'high' }), 'high')).toBe(true);
    expect(isBlockingFinding(finding({ severity: 'critical' }), 'high')).toBe(true);
    expect(isBlockingFinding(finding({ severity: 'medium' }), 'high')).toBe(false);
    expect(isBlockingFinding(finding({ severity: 'info' }), 'info')).toBe(true);
    expect(isBlockingFinding(finding({ severity: 'critical' }), 'none')).toBe(false);
    expect(isBlockingFinding(finding({ severity: 'critical', suppressed: { reason: 'r' } }), 'info')).toBe(false);
  });
});

describe('highestRisk', () => {
  it('is the worst unsuppressed severity, or none', () => {
    expect(highestRisk([])).toBe('none');
    expect(highestRisk([finding({ severity: 'low' }), finding({ severity: 'high' }), finding({ severity: 'medium' })])).toBe('high');
    expect(highestRisk([finding({ severity: 'critical', suppressed: { reason: 'r' } }), finding({ severity: 'info' })])).toBe('info');
    expect(highestRisk([finding({ severity: 'critical', suppressed: { reason: 'r' } })])).toBe('none');
  });
});

describe('fingerprint', () => {
  const a = finding({});
  const b = finding({ ruleId: 'stateful-replace', address: 'aws_s3_bucket.logs', actions: ['create', 'delete'] });
  const plan = finding({ ruleId: 'mass-delete', severity: 'high', address: null, resourceType: null, actions: [] });

  it('is a sha256 hex digest', () => {
    expect(fingerprint([a, b])).toMatch(/^[0-9a-f]{64}$/);
    expect(fingerprint([])).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  });

  it('does not depend on order, messages, severities, details or duplicates', () => {
    const reworded = { ...a, message: 'different words', details: ['x'], remediation: 'y', severity: 'high' as const };
    expect(fingerprint([b, reworded, plan])).toBe(fingerprint([plan, a, b]));
    expect(fingerprint([a, a, b])).toBe(fingerprint([a, b]));
  });

  it('changes when a blocking finding changes: rule, address, actions, or one more finding', () => {
    const base = fingerprint([a, b]);
    expect(fingerprint([{ ...a, ruleId: 'stateful-replace' }, b])).not.toBe(base);
    expect(fingerprint([{ ...a, address: 'aws_db_instance.other' }, b])).not.toBe(base);
    expect(fingerprint([a, { ...b, actions: ['delete', 'create'] }])).not.toBe(base);
    expect(fingerprint([a, b, plan])).not.toBe(base);
    expect(fingerprint([a])).not.toBe(base);
  });

  it('cannot be forged by moving text between fields', () => {
    const split1 = finding({ ruleId: 'stateful-delete', address: 'a', actions: ['b'] });
    const split2 = finding({ ruleId: 'stateful-delete', address: 'a\u0000b', actions: [] });
    expect(fingerprint([split1])).not.toBe(fingerprint([split2]));
  });
});

describe('fingerprint across several plans', () => {
  const finding = {
    ruleId: 'stateful-delete' as const, severity: 'critical' as const, address: 'aws_db_instance.main', resourceType: 'aws_db_instance',
    actions: ['delete'], message: 'm', remediation: null, details: [], suppressed: null,
  };

  it('tells apart the same delete in two different plans', () => {
    const inStaging = fingerprint([finding], () => 'plans/staging.json');
    const inProd = fingerprint([finding], () => 'plans/prod.json');
    expect(inStaging).not.toBe(inProd);
    expect(fingerprint([finding])).toBe(fingerprint([finding], () => null));
  });
});
