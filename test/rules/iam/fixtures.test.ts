import { describe, expect, it } from 'vitest';
import { analyzePlans } from '../../../src/analyze.js';
import { loadPlanFile } from '../../../src/plan/load.js';
import { DEFAULT_POLICY } from '../../../src/policy/config.js';

const IAM_RULE_IDS = new Set(['iam-wildcard-action', 'iam-wildcard-resource', 'iam-admin-policy', 'iam-public-principal', 'iam-unverifiable']);

function iamFindings(fixture: string): [string, string | null, string][] {
  const plan = loadPlanFile(new URL(`../../../fixtures/rules/iam/${fixture}`, import.meta.url).pathname);
  const { report } = analyzePlans([plan], DEFAULT_POLICY);
  return report.plans[0]!.findings.filter((finding) => IAM_RULE_IDS.has(finding.ruleId)).map((finding) => [finding.ruleId, finding.address, finding.severity]);
}

describe('IAM fixtures (scripts/make-iam-network-fixtures.mjs)', () => {
  it('aws-policies.json: each risky grant fires once; the scoped, conditioned, Deny, deleted and data-source twins stay quiet', () => {
    expect(iamFindings('aws-policies.json')).toEqual([
      ['iam-wildcard-action', 'aws_iam_policy.admin', 'high'],
      ['iam-wildcard-action', 'aws_iam_user_policy.everything_but_iam', 'high'],
      ['iam-wildcard-resource', 'aws_iam_role_policy.deploy', 'high'],
      ['iam-admin-policy', 'aws_iam_role.worker', 'high'],
      ['iam-admin-policy', 'aws_iam_role_policy_attachment.ops_power', 'high'],
      ['iam-public-principal', 'aws_iam_role.public_trust', 'high'],
      ['iam-public-principal', 'aws_s3_bucket_policy.public', 'high'],
      ['iam-public-principal', 'aws_lambda_permission.public', 'high'],
      ['iam-unverifiable', 'aws_iam_policy.rendered_later', 'info'],
      ['iam-unverifiable', 'aws_iam_policy.broken', 'info'],
    ]);
  });

  it('google-azure.json: owner/editor, allUsers/allAuthenticatedUsers and Azure Owner/UAA by scope fire; viewer, Reader and narrow roles stay quiet', () => {
    expect(iamFindings('google-azure.json')).toEqual([
      ['iam-wildcard-action', 'azurerm_role_definition.god', 'high'],
      ['iam-admin-policy', 'google_project_iam_member.owner', 'high'],
      ['iam-admin-policy', 'google_project_iam_policy.authoritative', 'high'],
      ['iam-admin-policy', 'azurerm_role_assignment.sub_owner', 'high'],
      ['iam-admin-policy', 'azurerm_role_assignment.rg_uaa', 'medium'],
      ['iam-public-principal', 'google_storage_bucket_iam_binding.public', 'high'],
      ['iam-public-principal', 'google_project_iam_policy.authoritative', 'high'],
      ['iam-unverifiable', 'google_folder_iam_policy.later', 'info'],
    ]);
  });

  it('the deploy role names both the PassRole escalation and the other write action in its details', () => {
    const plan = loadPlanFile(new URL('../../../fixtures/rules/iam/aws-policies.json', import.meta.url).pathname);
    const deploy = analyzePlans([plan], DEFAULT_POLICY).report.plans[0]!.findings.find((finding) => finding.address === 'aws_iam_role_policy.deploy')!;
    expect(deploy.details).toEqual([
      'statement 1 (Sid "Deploy") allows iam:PassRole on every resource ("*"): lets the holder hand any role, including admin roles, to a service it controls',
      'statement 1 (Sid "Deploy") allows write actions "ecs:RunTask" on every resource ("*")',
    ]);
  });
});
