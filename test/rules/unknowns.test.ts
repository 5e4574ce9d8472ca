/**
 * Grants and ingress whose decisive value is known only after apply (audit F6): never silent,
 * reported as iam-unverifiable / network-unverifiable (info by default, raised by the policy),
 * while the Computed defaults an honest plan is full of stay quiet.
 */
import { describe, expect, it } from 'vitest';
import { analyzePlans } from '../../src/analyze.js';
import { loadPlanJson } from '../../src/plan/load.js';
import { DEFAULT_POLICY } from '../../src/policy/config.js';
import { created, findingsOf, planJson, updated } from '../support/plan-factory.js';

const ADMIN = 'arn:aws:iam::aws:policy/AdministratorAccess';
const messages = (findings: { message: string }[]) => findings.map((finding) => finding.message);

describe('iam-unverifiable: attachments and bindings known only after apply', () => {
  it('reports an attachment whose policy ARN is known only after apply', () => {
    const findings = findingsOf('iam-unverifiable', [created('aws_iam_role_policy_attachment', { role: 'ci' }, { name: 'admin', afterUnknown: { policy_arn: true, id: true } })]);
    expect(findings).toEqual([
      expect.objectContaining({
        severity: 'info',
        message: 'aws_iam_role_policy_attachment.admin: the policy ARN in `policy_arn` is known only after apply, so it could not be checked: this attachment could grant any policy, AdministratorAccess included.',
      }),
    ]);
  });

  it('reports an update from a known ARN to an unknown one; not a known, harmless ARN', () => {
    const readOnly = 'arn:aws:iam::aws:policy/ReadOnlyAccess';
    expect(findingsOf('iam-unverifiable', [updated('aws_iam_user_policy_attachment', { user: 'u', policy_arn: readOnly }, { user: 'u' }, { afterUnknown: { policy_arn: true } })])).toHaveLength(1);
    expect(findingsOf('iam-unverifiable', [created('aws_iam_user_policy_attachment', { user: 'u', policy_arn: readOnly })])).toEqual([]);
  });

  it('reports an unknown element of managed_policy_arns, and the whole list only when the configuration sets it', () => {
    expect(messages(findingsOf('iam-unverifiable', [
      created('aws_iam_role', { name: 'r', managed_policy_arns: [ADMIN, null] }, { name: 'element', afterUnknown: { managed_policy_arns: [false, true] } }),
      created('aws_iam_role', { name: 'r' }, { name: 'set', afterUnknown: { managed_policy_arns: true }, expressions: { name: { constant_value: 'r' }, managed_policy_arns: { references: ['aws_iam_policy.p.arn'] } } }),
      created('aws_iam_role', { name: 'r' }, { name: 'computed', afterUnknown: { managed_policy_arns: true }, expressions: { name: { constant_value: 'r' } } }),
    ]))).toEqual([
      'aws_iam_role.element: the policy ARN in `managed_policy_arns[1]` is known only after apply, so it could not be checked: this attachment could grant any policy, AdministratorAccess included.',
      'aws_iam_role.set: the policy ARN in `managed_policy_arns` is known only after apply, so it could not be checked: this attachment could grant any policy, AdministratorAccess included.',
    ]);
  });

  it('reports a Google role known only after apply, and an unknown member of a role that is not admin', () => {
    const findings = findingsOf('iam-unverifiable', [
      created('google_project_iam_member', { project: 'p', member: 'user:a@example.com' }, { name: 'role', afterUnknown: { role: true } }),
      created('google_storage_bucket_iam_member', { bucket: 'b', role: 'roles/storage.objectViewer' }, { name: 'member', afterUnknown: { member: true } }),
      // An admin role to an unknown member is already iam-admin-policy, not unverifiable.
      created('google_project_iam_member', { project: 'p', role: 'roles/owner' }, { name: 'owner', afterUnknown: { member: true } }),
    ]);
    expect(messages(findings)).toEqual([
      'google_project_iam_member.role: `role` is known only after apply, so it could not be checked: this binding could grant any role, roles/owner included.',
      'google_storage_bucket_iam_member.member: a member of `member` is known only after apply, so it could not be checked: "roles/storage.objectViewer" could go to anyone, allUsers included.',
    ]);
  });

  it('reports an Azure assignment whose role is known only after apply, not one naming a built-in role', () => {
    expect(messages(findingsOf('iam-unverifiable', [
      created('azurerm_role_assignment', { scope: '/subscriptions/0000', principal_id: 'p' }, { name: 'later', afterUnknown: { role_definition_name: true, role_definition_id: true } }),
      created('azurerm_role_assignment', { scope: '/subscriptions/0000', principal_id: 'p', role_definition_name: 'Reader' }, { name: 'reader', afterUnknown: { role_definition_id: true } }),
    ]))).toEqual(['azurerm_role_assignment.later: `role_definition_name` is known only after apply, so it could not be checked: this assignment could grant any role, Owner included.']);
  });
});

describe('network-unverifiable: ingress sources known only after apply', () => {
  const find = (...changes: Parameters<typeof findingsOf>[1]) => findingsOf('network-unverifiable', changes);
  const sshRule = { type: 'ingress', from_port: 22, to_port: 22, protocol: 'tcp', security_group_id: 'sg-1' };

  it('reports a rule whose sources are known only after apply, naming the attribute and the ports', () => {
    expect(find(created('aws_security_group_rule', sshRule, { name: 'ssh', afterUnknown: { cidr_blocks: true, id: true } }))).toEqual([
      expect.objectContaining({
        severity: 'info',
        message: 'aws_security_group_rule.ssh opens port 22 (SSH) to sources known only after apply (`cidr_blocks`), so it could not be checked for the whole internet: it could open them to anyone.',
      }),
    ]);
  });

  it('reports one unknown entry of a known list; a world-open known entry makes it open ingress instead', () => {
    expect(messages(find(created('aws_security_group_rule', { ...sshRule, cidr_blocks: ['10.0.0.0/8', null] }, { name: 'entry', afterUnknown: { cidr_blocks: [false, true] } })))).toEqual([
      'aws_security_group_rule.entry opens port 22 (SSH) to sources known only after apply (`cidr_blocks[1]`), so it could not be checked for the whole internet: it could open them to anyone.',
    ]);
    const both = created('aws_security_group_rule', { ...sshRule, cidr_blocks: ['0.0.0.0/0', null] }, { name: 'both', afterUnknown: { cidr_blocks: [false, true] } });
    expect(find(both)).toEqual([]);
    expect(findingsOf('network-open-ingress', [both])).toHaveLength(1);
  });

  it('reports inline rules with unknown sources, and a group whose rule blocks are unknown on an update', () => {
    const rule = { from_port: 5432, to_port: 5432, protocol: 'tcp', cidr_blocks: null, ipv6_cidr_blocks: [], prefix_list_ids: [], security_groups: [], self: false, description: '' };
    expect(messages(find(
      created('aws_security_group', { name: 'db', ingress: [rule], egress: [] }, { name: 'inline', afterUnknown: { ingress: [{ cidr_blocks: true }] } }),
      updated('aws_security_group', { name: 'g', ingress: [], egress: [] }, { name: 'g', egress: [] }, { name: 'updated', afterUnknown: { ingress: true } }),
    ))).toEqual([
      'aws_security_group.inline (ingress[0]) opens port 5432 (PostgreSQL) to sources known only after apply (`ingress[0].cidr_blocks`), so it could not be checked for the whole internet: it could open them to anyone.',
      'aws_security_group.updated (ingress) opens ports known only after apply to sources known only after apply (the rule blocks themselves are), so it could not be checked for the whole internet: it could open them to anyone.',
    ]);
  });

  it('stays quiet on Computed defaults, unset arguments, egress, ICMP and known private sources', () => {
    expect(find(
      // A new group that writes no ingress: the Computed blocks are unknown, nothing is hidden.
      created('aws_security_group', { name: 'new', egress: [] }, { name: 'new', afterUnknown: { ingress: true, id: true }, expressions: { name: { constant_value: 'new' } } }),
      // The configuration sets cidr_blocks (known) and leaves ipv6_cidr_blocks unset.
      created('aws_security_group_rule', { ...sshRule, cidr_blocks: ['10.0.0.0/8'] }, { name: 'v4', afterUnknown: { ipv6_cidr_blocks: true }, expressions: { cidr_blocks: { constant_value: ['10.0.0.0/8'] } } }),
      created('aws_security_group_rule', { ...sshRule, type: 'egress' }, { name: 'egress', afterUnknown: { cidr_blocks: true } }),
      created('aws_security_group_rule', { ...sshRule, protocol: 'icmp', from_port: 8, to_port: 0 }, { name: 'ping', afterUnknown: { cidr_blocks: true } }),
      created('aws_security_group_rule', { ...sshRule, cidr_blocks: ['10.0.0.0/8'] }, { name: 'private' }),
    )).toEqual([]);
  });
});

describe('the audit plan (F6): admin policy, attachment and SSH rule hidden behind unknowns', () => {
  const plan = () =>
    loadPlanJson(
      planJson([
        created('aws_iam_policy', { name: 'admin', path: '/' }, { name: 'admin', afterUnknown: { policy: true, arn: true, id: true } }),
        created('aws_iam_role_policy_attachment', { role: 'ci' }, { name: 'admin', afterUnknown: { policy_arn: true, id: true } }),
        created('aws_security_group_rule', { type: 'ingress', from_port: 22, to_port: 22, protocol: 'tcp', security_group_id: 'sg-1' }, { name: 'ssh', afterUnknown: { cidr_blocks: true, id: true } }),
      ], { priorResources: [{ address: 'aws_s3_bucket.keep', type: 'aws_s3_bucket' }] }),
      'unknowns.json',
    );

  it('reports all three, at info by default: not blocking', () => {
    const { report } = analyzePlans([plan()], DEFAULT_POLICY);
    expect(report.plans[0]!.findings.map((finding) => [finding.ruleId, finding.address, finding.severity])).toEqual([
      ['iam-unverifiable', 'aws_iam_policy.admin', 'info'],
      ['iam-unverifiable', 'aws_iam_role_policy_attachment.admin', 'info'],
      ['network-unverifiable', 'aws_security_group_rule.ssh', 'info'],
    ]);
    expect(report.blocking).toBe(false);
  });

  it('blocks when the policy raises them', () => {
    const strict = { ...DEFAULT_POLICY, rules: { 'iam-unverifiable': { severity: 'high' as const }, 'network-unverifiable': { severity: 'high' as const } } };
    const { report } = analyzePlans([plan()], strict);
    expect(report.blocking).toBe(true);
    expect(report.plans[0]!.findings.map((finding) => [finding.ruleId, finding.severity])).toEqual([
      ['iam-unverifiable', 'high'],
      ['iam-unverifiable', 'high'],
      ['network-unverifiable', 'high'],
    ]);
  });
});
