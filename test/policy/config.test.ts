import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { DEFAULT_POLICY, loadPolicyFile, parsePolicy, resolvePolicy } from '../../src/policy/config.js';

function policyError(text: string): string {
  try {
    parsePolicy(text, 'policy.yml');
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).source).toBe('policy.yml');
    return (error as InputError).problem;
  }
  throw new Error('expected an InputError');
}

const FULL_YAML = `
block-on: medium
rules:
  stateful-delete: { severity: high }
  network-open-ingress: { enabled: false }
  mass-delete: { severity: critical, enabled: true }
stateful:
  include: ["mycorp_database*", terraform_data]
  exclude: [aws_sqs_queue]
ignore:
  - address: "module.sandbox.**"
    rules: [stateful-delete]
    reason: sandbox is rebuilt nightly
  - address: [aws_s3_bucket.scratch, "aws_s3_bucket.tmp_*"]
    reason: scratch buckets
mass-delete:
  threshold: 25
`;

const EXPECTED_FULL = {
  blockOn: 'medium',
  rules: { 'stateful-delete': { severity: 'high' }, 'network-open-ingress': { enabled: false }, 'mass-delete': { severity: 'critical', enabled: true } },
  stateful: { include: ['mycorp_database*', 'terraform_data'], exclude: ['aws_sqs_queue'] },
  ignore: [
    { addresses: ['module.sandbox.**'], rules: ['stateful-delete'], reason: 'sandbox is rebuilt nightly' },
    { addresses: ['aws_s3_bucket.scratch', 'aws_s3_bucket.tmp_*'], rules: null, reason: 'scratch buckets' },
  ],
  massDeleteThreshold: 25,
  source: 'policy.yml',
};

describe('parsePolicy', () => {
  it('reads every key from YAML', () => {
    expect(parsePolicy(FULL_YAML, 'policy.yml')).toEqual(EXPECTED_FULL);
  });

  it('reads the same policy from JSON', () => {
    const json = JSON.stringify({
      'block-on': 'medium',
      rules: EXPECTED_FULL.rules,
      stateful: EXPECTED_FULL.stateful,
      ignore: [
        { address: 'module.sandbox.**', rules: ['stateful-delete'], reason: 'sandbox is rebuilt nightly' },
        { address: ['aws_s3_bucket.scratch', 'aws_s3_bucket.tmp_*'], reason: 'scratch buckets' },
      ],
      'mass-delete': { threshold: 25 },
    });
    expect(parsePolicy(json, 'policy.yml')).toEqual(EXPECTED_FULL);
  });

  it('gives the defaults for an empty file or one with only comments', () => {
    expect(parsePolicy('', 'p.yml')).toEqual({ ...DEFAULT_POLICY, source: 'p.yml' });
    expect(parsePolicy('# nothing yet\n', 'p.yml')).toEqual({ ...DEFAULT_POLICY, source: 'p.yml' });
    expect(DEFAULT_POLICY).toEqual({ blockOn: 'high', rules: {}, stateful: { include: [], exclude: [] }, ignore: [], massDeleteThreshold: 10, source: null });
  });

  it('accepts every block-on value, none included', () => {
    for (const value of ['critical', 'high', 'medium', 'low', 'info', 'none']) {
      expect(parsePolicy(`block-on: ${value}`, 'p').blockOn).toBe(value);
    }
  });

  it('names the path of an unknown key, at every level', () => {
    expect(policyError('rules:\n  stateful-delete: { severty: high }\n')).toBe('unknown key "rules.stateful-delete.severty" in the policy file');
    expect(policyError('blockon: high\n')).toBe('unknown key "blockon" in the policy file');
    expect(policyError('stateful:\n  includes: [x]\n')).toBe('unknown key "stateful.includes" in the policy file');
    expect(policyError('ignore:\n  - address: x\n    reason: y\n    rule: [stateful-delete]\n')).toBe('unknown key "ignore.0.rule" in the policy file');
    expect(policyError('mass-delete:\n  threshold: 3\n  limit: 4\n')).toBe('unknown key "mass-delete.limit" in the policy file');
    expect(policyError('a: 1\nb: 2\n')).toBe('unknown keys "a", "b" in the policy file');
  });

  it('names an unknown rule id, in rules and in ignore entries', () => {
    expect(policyError('rules:\n  stateful-destroy: { enabled: false }\n')).toMatch(/^"rules\.stateful-destroy" is not a rule id \(known rules: stateful-delete, stateful-replace, .*network-open-ingress/);
    expect(policyError('rules:\n  a: {}\n  b: {}\n')).toMatch(/^"rules\.a", "rules\.b" are not rule ids \(known rules: /);
    expect(policyError('ignore:\n  - address: x\n    rules: [no-such-rule]\n    reason: y\n')).toMatch(
      /^"ignore\.0\.rules\.0": "no-such-rule" is not a rule id \(known rules: stateful-delete, /,
    );
  });

  it('requires a reason on every ignore entry', () => {
    expect(policyError('ignore:\n  - address: "module.sandbox.**"\n')).toBe('"ignore.0.reason": every ignore entry needs a reason');
    expect(policyError('ignore:\n  - address: x\n    reason: "   "\n')).toBe('"ignore.0.reason": every ignore entry needs a reason');
  });

  it('rejects bad values, naming where', () => {
    expect(policyError('block-on: severe\n')).toMatch(/^"block-on": /);
    expect(policyError('rules:\n  stateful-delete: { severity: urgent }\n')).toMatch(/^"rules\.stateful-delete\.severity": /);
    expect(policyError('mass-delete:\n  threshold: 0\n')).toMatch(/^"mass-delete\.threshold": /);
    expect(policyError('ignore:\n  - address: []\n    reason: y\n')).toMatch(/^"ignore\.0\.address": /);
    expect(policyError('- a\n- b\n')).toMatch(/^"\(top level\)": /);
  });

  it('says where YAML does not parse', () => {
    expect(policyError('block-on: high\nblock-on: low\n')).toBe('the policy file is not valid YAML or JSON at line 2, column 1: Map keys must be unique');
    expect(policyError('rules:\n  stateful-delete: { severity: high\nblock-on: low\n')).toMatch(/^the policy file is not valid YAML or JSON at line 3, column \d+: /);
    expect(policyError('{"block-on": "high"')).toMatch(/^the policy file is not valid YAML or JSON at line 1, column \d+: /);
  });
});

describe('loadPolicyFile and resolvePolicy', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tfpg-policy-'));

  it('an explicit file must exist', () => {
    try {
      loadPolicyFile(join(dir, 'missing.yml'));
      throw new Error('expected an error');
    } catch (error) {
      expect(error).toBeInstanceOf(InputError);
      expect((error as InputError).message).toBe(`${join(dir, 'missing.yml')}: policy file not found or unreadable`);
    }
    expect(() => resolvePolicy(join(dir, 'missing.yml'), dir)).toThrow(InputError);
  });

  it('uses .github/tf-plan-guard.yml from the working directory when no file is given', () => {
    expect(resolvePolicy(null, dir)).toBe(DEFAULT_POLICY);
    mkdirSync(join(dir, '.github'), { recursive: true });
    writeFileSync(join(dir, '.github', 'tf-plan-guard.yml'), 'block-on: low\n');
    expect(resolvePolicy(null, dir)).toMatchObject({ blockOn: 'low', source: '.github/tf-plan-guard.yml' });
  });

  it('an explicit file wins over the default one', () => {
    writeFileSync(join(dir, 'strict.json'), '{"block-on": "info"}');
    expect(resolvePolicy(join(dir, 'strict.json'), dir)).toMatchObject({ blockOn: 'info', source: join(dir, 'strict.json') });
  });
});
