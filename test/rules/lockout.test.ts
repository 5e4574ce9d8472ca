import { describe, expect, it } from 'vitest';
import { deleted, findingsOf, replaced, updated } from '../support/plan-factory.js';

const policy = { project: 'acme-prod', policy_data: '{"bindings":[{"role":"roles/owner","members":["group:platform@acme.example"]}]}', etag: 'BwX1' };

describe('iam-policy-removed', () => {
  it('is critical when google_project_iam_policy is destroyed, saying who loses access', () => {
    const findings = findingsOf('iam-policy-removed', [deleted('google_project_iam_policy', policy, { name: 'project', actionReason: 'delete_because_no_resource_config' })]);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ severity: 'critical', address: 'google_project_iam_policy.project', actions: ['delete'] });
    expect(findings[0]!.message).toBe(
      'google_project_iam_policy.project will be destroyed. Destroying it removes every IAM binding on the project: everyone without organization-level access loses access to it.',
    );
  });

  it.each([
    ['google_folder_iam_policy', 'critical', { folder: 'folders/1234', policy_data: '{}' }],
    ['google_organization_iam_policy', 'critical', { org_id: '5678', policy_data: '{}' }],
    ['aws_iam_policy_attachment', 'high', { name: 'admins', policy_arn: 'arn:aws:iam::aws:policy/AdministratorAccess', roles: ['ops'] }],
  ])('reports %s at %s', (type, severity, before) => {
    expect(findingsOf('iam-policy-removed', [deleted(type, before)]).map((finding) => finding.severity)).toEqual([severity]);
  });

  it('reports a replacement, which leaves the target without a policy in between', () => {
    const [finding] = findingsOf('iam-policy-removed', [replaced('google_project_iam_policy', policy, { ...policy, project: 'acme-prod-2' }, { replacePaths: [['project']] })]);
    expect(finding!.message).toContain('will be replaced: while the old one is destroyed, the target has no policy');
  });

  it('says nothing of an update, or of non-authoritative grants being removed', () => {
    expect(findingsOf('iam-policy-removed', [updated('google_project_iam_policy', policy, { ...policy, policy_data: '{}' })])).toEqual([]);
    expect(findingsOf('iam-policy-removed', [deleted('google_project_iam_member', { project: 'p', role: 'roles/viewer', member: 'user:a@b.c' })])).toEqual([]);
  });
});

describe('key-disabled', () => {
  const key = { description: 'orders data', is_enabled: true, enable_key_rotation: true, deletion_window_in_days: 30 };

  it('is critical when an AWS KMS key is switched off', () => {
    const findings = findingsOf('key-disabled', [updated('aws_kms_key', key, { ...key, is_enabled: false }, { name: 'orders' })]);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ severity: 'critical', address: 'aws_kms_key.orders', actions: ['update'] });
    expect(findings[0]!.message).toBe(
      'aws_kms_key.orders will be switched off (is_enabled: true → false): every service reading data encrypted with it (volumes, databases, buckets, secrets) fails at once, until the key is enabled again.',
    );
  });

  it.each([
    ['aws_kms_external_key', { enabled: true }, { enabled: false }],
    ['aws_kms_replica_key', { enabled: true }, { enabled: false }],
    ['google_kms_crypto_key_version', { state: 'ENABLED' }, { state: 'DISABLED' }],
    ['google_kms_crypto_key_version', { state: 'ENABLED' }, { state: 'DESTROYED' }],
  ])('reports %s %j → %j', (type, before, after) => {
    expect(findingsOf('key-disabled', [updated(type, before, after)])).toHaveLength(1);
  });

  it('says nothing when a key is enabled, stays off, or is created disabled', () => {
    expect(findingsOf('key-disabled', [updated('aws_kms_key', { ...key, is_enabled: false }, key)])).toEqual([]);
    expect(findingsOf('key-disabled', [updated('aws_kms_key', { ...key, is_enabled: false }, { ...key, is_enabled: false, description: 'x' })])).toEqual([]);
    expect(findingsOf('key-disabled', [{ type: 'aws_kms_key', actions: ['create'], after: { ...key, is_enabled: false } }])).toEqual([]);
  });
});
