import { describe, expect, it } from 'vitest';
import { compare, policyChangedFinding, policyChangeEvidence, policyFileEntries, type PolicyFileChange } from '../../src/policy/change.js';
import { DEFAULT_POLICY, parsePolicy } from '../../src/policy/config.js';

const PATH = '.github/tf-plan-guard.yml';
const policy = (text: string) => parsePolicy(text, PATH);
const file = (text: string) => ({ kind: 'file' as const, text });

describe('compare: what a new policy loosens', () => {
  it('finds nothing between equal policies, nor in a tightening', () => {
    expect(compare(DEFAULT_POLICY, DEFAULT_POLICY)).toEqual([]);
    expect(compare(DEFAULT_POLICY, policy('block-on: medium\nmass-delete: {threshold: 3}\nrules: {backup-weakened: {severity: high}}\n'))).toEqual([]);
  });

  it('names each loosening', () => {
    const base = policy('block-on: medium\nstateful: {include: ["mycorp_db*"]}\nmass-delete: {threshold: 5}\n');
    const head = policy(
      [
        'block-on: critical',
        'rules:',
        '  stateful-delete: {enabled: false}',
        '  iam-wildcard-action: {severity: low}',
        'stateful: {exclude: ["aws_s3_bucket"]}',
        'ignore: [{address: "module.prod.**", reason: x}]',
        'mass-delete: {threshold: 50}',
        '',
      ].join('\n'),
    );
    expect(compare(base, head)).toEqual([
      'block-on raised from medium to critical',
      'rule stateful-delete disabled',
      'rule iam-wildcard-action lowered from high to low',
      'new ignore of "module.prod.**" for all rules',
      'resource types no longer stateful: "aws_s3_bucket"',
      'stateful.include no longer adds "mycorp_db*"',
      'mass-delete threshold raised from 5 to 50',
    ]);
  });

  it('names a policy that switches policy-changed off, and block-on none', () => {
    expect(compare(DEFAULT_POLICY, policy('block-on: none\nrules: {policy-changed: {enabled: false}}\n'))).toEqual([
      'block-on raised from high to none (nothing would block)',
      'rule policy-changed disabled',
    ]);
  });

  it('does not count an ignore the base already had', () => {
    const text = 'ignore: [{address: "a.b", rules: [stateful-delete], reason: r}]\n';
    expect(compare(policy(text), policy(text.replace('reason: r', 'reason: other')))).toEqual([]);
  });
});

describe('policyChangedFinding', () => {
  const change = (over: Partial<PolicyFileChange>): PolicyFileChange => ({ path: PATH, base: file('block-on: high\n'), head: file('block-on: high\n'), touched: [], ...over });

  it('is null when the file is the same at base and head and the PR does not touch it', () => {
    expect(policyChangedFinding(change({}))).toBeNull();
    expect(policyChangedFinding(change({ base: { kind: 'missing' }, head: { kind: 'missing' } }))).toBeNull();
  });

  it('fires on a content change even when the file list does not show it (a cut list)', () => {
    const finding = policyChangedFinding(change({ head: file('block-on: none\n') }));
    expect(finding).toMatchObject({ ruleId: 'policy-changed', severity: 'critical', address: null });
    expect(finding?.message).toContain('block-on raised from high to none');
  });

  it('describes a deletion, a replacement by something that is not a file, and an invalid new policy', () => {
    expect(policyChangedFinding(change({ head: { kind: 'missing' } }))?.message).toContain(`deletes the policy file ${PATH}`);
    expect(policyChangedFinding(change({ head: { kind: 'not-a-file', type: 'symlink' } }))?.message).toContain('with a symlink');
    expect(policyChangedFinding(change({ head: file('rules: {nope: {}}\n') }))?.message).toContain('the new policy file is not a valid policy');
  });

  it('fires when the PR touches the path though the content is equal (a mode change)', () => {
    expect(policyChangedFinding(change({ touched: [{ filename: PATH, status: 'modified' }] }))?.message).toContain('no loosening was found');
  });

  it('evidence follows the head content', () => {
    const a = policyChangeEvidence(change({ head: file('block-on: none\n') }));
    expect(policyChangeEvidence(change({ head: file('block-on: none\n') }))).toBe(a);
    expect(policyChangeEvidence(change({ head: file('block-on: critical\n') }))).not.toBe(a);
    expect(a).not.toContain('block-on');
  });
});

describe('policyFileEntries', () => {
  it('matches the path, a rename from or to it, and case variants', () => {
    const files = [
      { filename: 'README.md', status: 'modified' },
      { filename: '.GitHub/TF-plan-guard.yml', status: 'added' },
      { filename: 'policy.yml', status: 'renamed', previous_filename: PATH },
      { filename: './.github/tf-plan-guard.yml', status: 'modified' },
    ];
    expect(policyFileEntries(files, PATH).map((entry) => entry.filename)).toEqual(['.GitHub/TF-plan-guard.yml', 'policy.yml', './.github/tf-plan-guard.yml']);
  });
});
