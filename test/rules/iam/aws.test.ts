import { describe, expect, it } from 'vitest';
import { created, deleted, findingsOf, updated, type ChangeSpec } from '../../support/plan-factory.js';

const policy = (...statements: unknown[]) => JSON.stringify({ Version: '2012-10-17', Statement: statements });
const allow = (fields: Record<string, unknown>) => ({ Effect: 'Allow', ...fields });

function iamPolicy(document: string, extra: Partial<ChangeSpec> = {}): ChangeSpec {
  return created('aws_iam_policy', { name: 'p', policy: document }, extra);
}

describe('iam-wildcard-action (AWS)', () => {
  it('reports Action "*" on Resource "*" as full administrator access', () => {
    const findings = findingsOf('iam-wildcard-action', [iamPolicy(policy(allow({ Action: '*', Resource: '*' })))]);
    expect(findings).toEqual([
      expect.objectContaining({
        severity: 'high',
        address: 'aws_iam_policy.this',
        resourceType: 'aws_iam_policy',
        actions: ['create'],
        message: 'aws_iam_policy.this: statement 1 of `policy` allows "*", every action on every resource: full administrator access.',
        remediation: 'In statement 1, replace "*" with the specific actions needed and scope Resource to specific ARNs.',
        details: [],
      }),
    ]);
  });

  it('reports a service wildcard, whatever its case, and names the service', () => {
    const findings = findingsOf('iam-wildcard-action', [iamPolicy(policy(allow({ Sid: 'Data', Action: ['S3:*'], Resource: 'arn:aws:s3:::b/*' })))]);
    expect(findings.map((finding) => finding.message)).toEqual([
      'aws_iam_policy.this: statement 1 (Sid "Data") of `policy` allows "S3:*", every action of the "S3" service on "arn:aws:s3:::b/*".',
    ]);
  });

  it('reports NotAction with Allow as a wildcard grant', () => {
    const findings = findingsOf('iam-wildcard-action', [iamPolicy(policy(allow({ NotAction: 'iam:*', Resource: '*' })))]);
    expect(findings).toHaveLength(1);
    expect(findings[0]!.message).toBe(
      'aws_iam_policy.this: statement 1 of `policy` uses NotAction with Allow, which grants every action in every service except "iam:*", on every resource ("*").',
    );
    expect(findings[0]!.remediation).toBe('In statement 1, replace NotAction with an Action list of the actions actually needed (or turn it into a Deny statement).');
  });

  it('stays quiet on partial wildcards, scoped policies and Deny statements', () => {
    const quiet = policy(
      allow({ Action: ['s3:Get*', 's3:List*'], Resource: ['arn:aws:s3:::b', 'arn:aws:s3:::b/*'] }),
      allow({ Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' }),
      { Effect: 'Deny', Action: '*', Resource: '*' },
      { Effect: 'Deny', NotAction: 's3:GetObject', Resource: '*' },
    );
    expect(findingsOf('iam-wildcard-action', [iamPolicy(quiet)])).toEqual([]);
    expect(findingsOf('iam-wildcard-resource', [iamPolicy(quiet)])).toEqual([]);
  });

  it('groups several wildcards of one attribute into one finding with details', () => {
    const findings = findingsOf('iam-wildcard-action', [
      created('aws_iam_role_policy', { role: 'r', policy: policy(allow({ Action: ['ec2:*', 's3:*'], Resource: '*' })) }),
    ]);
    expect(findings).toHaveLength(1);
    expect(findings[0]!.message).toMatch(/allows "ec2:\*", every action of the "ec2" service on every resource \("\*"\)\. \(1 more in the same attribute: see the details\)$/);
    expect(findings[0]!.details).toEqual([
      'statement 1 allows "ec2:*": every action of the "ec2" service on every resource ("*")',
      'statement 1 allows "s3:*": every action of the "s3" service on every resource ("*")',
    ]);
  });

  it('checks every carrier of identity policies, including inline_policy blocks of a role', () => {
    const wild = policy(allow({ Action: '*', Resource: '*' }));
    const findings = findingsOf('iam-wildcard-action', [
      created('aws_iam_user_policy', { user: 'u', policy: wild }, { name: 'user' }),
      created('aws_iam_group_policy', { group: 'g', policy: wild }, { name: 'group' }),
      created('aws_ssoadmin_permission_set_inline_policy', { inline_policy: wild }, { name: 'sso' }),
      created('aws_iam_role', {
        name: 'r',
        assume_role_policy: policy(allow({ Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' })),
        inline_policy: [{ name: 'ok', policy: policy(allow({ Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' })) }, { name: 'bad', policy: wild }],
      }, { name: 'role' }),
    ]);
    expect(findings.map((finding) => [finding.address, finding.message.split(':')[1]])).toEqual([
      ['aws_iam_user_policy.user', ' statement 1 of `policy` allows "*", every action on every resource'],
      ['aws_iam_group_policy.group', ' statement 1 of `policy` allows "*", every action on every resource'],
      ['aws_ssoadmin_permission_set_inline_policy.sso', ' statement 1 of `inline_policy` allows "*", every action on every resource'],
      ['aws_iam_role.role', ' statement 1 of `inline_policy[1].policy` allows "*", every action on every resource'],
    ]);
  });

  it('does not treat resource policies as identity policies (kms:* to the account root is the default key policy)', () => {
    const keyPolicy = policy(allow({ Principal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: 'kms:*', Resource: '*' }));
    expect(findingsOf('iam-wildcard-action', [created('aws_kms_key', { policy: keyPolicy })])).toEqual([]);
    expect(findingsOf('iam-public-principal', [created('aws_kms_key', { policy: keyPolicy })])).toEqual([]);
  });
});

describe('iam-wildcard-resource (AWS)', () => {
  it('reports write actions on Resource "*" at medium, leaving read-only actions out', () => {
    const findings = findingsOf('iam-wildcard-resource', [
      iamPolicy(policy(allow({ Action: ['s3:GetObject', 'ec2:DescribeInstances', 'logs:PutLogEvents', 's3:DeleteObject'], Resource: '*' }))),
    ]);
    expect(findings).toEqual([
      expect.objectContaining({
        severity: 'medium',
        message: 'aws_iam_policy.this: statement 1 of `policy` allows write actions ("logs:PutLogEvents", "s3:DeleteObject") on every resource ("*"), not just the resources they are meant for.',
        remediation: 'In statement 1, replace Resource "*" with the ARNs of the resources these actions need.',
      }),
    ]);
  });

  it('reports iam:PassRole on "*" as high, with its own message, also through a partial wildcard', () => {
    const direct = findingsOf('iam-wildcard-resource', [iamPolicy(policy(allow({ Action: 'iam:PassRole', Resource: '*' })))]);
    expect(direct).toEqual([
      expect.objectContaining({
        severity: 'high',
        message:
          'aws_iam_policy.this: statement 1 of `policy` allows iam:PassRole on every resource ("*"), which lets the holder hand any role, including admin roles, to a service it controls: a privilege escalation path.',
        remediation: 'In statement 1, set Resource to the ARNs of the specific roles to pass (and add an iam:PassedToService condition).',
      }),
    ]);
    const viaPattern = findingsOf('iam-wildcard-resource', [iamPolicy(policy(allow({ Action: 'IAM:Pass*', Resource: ['*'] })))]);
    expect(viaPattern.map((finding) => finding.severity)).toEqual(['high']);
  });

  it('reads ARN patterns of every account or every resource of a service as every resource', () => {
    for (const resource of ['arn:aws:iam::*:role/*', 'arn:*']) {
      const findings = findingsOf('iam-wildcard-resource', [iamPolicy(policy(allow({ Action: 'iam:PassRole', Resource: resource })))]);
      expect(findings.map((finding) => [finding.severity, finding.message.includes(resource)]), resource).toEqual([['high', true]]);
    }
    expect(findingsOf('iam-wildcard-resource', [iamPolicy(policy(allow({ Action: 's3:DeleteObject', Resource: 'arn:aws:s3:::*' })))]).map((finding) => finding.severity)).toEqual(['medium']);
    expect(findingsOf('iam-wildcard-resource', [iamPolicy(policy(allow({ Action: 'iam:PassRole', Resource: 'arn:aws:iam::111122223333:role/app-*' })))])).toEqual([]);
    // Every role of one account holds its admin roles too: an escalation, though not every resource for writes.
    for (const action of ['iam:PassRole', 'iam:AttachRolePolicy', 'iam:PutRolePolicy']) {
      expect(findingsOf('iam-wildcard-resource', [iamPolicy(policy(allow({ Action: action, Resource: 'arn:aws:iam::111122223333:role/*' })))]).map((f) => f.severity), action).toEqual(['high']);
    }
    expect(findingsOf('iam-wildcard-resource', [iamPolicy(policy(allow({ Action: 'iam:TagRole', Resource: 'arn:aws:iam::111122223333:role/*' })))])).toEqual([]);
  });

  it('reads "?*" as a wildcard: iam:?* is every IAM action', () => {
    const findings = findingsOf('iam-wildcard-action', [iamPolicy(policy(allow({ Action: 'iam:?*', Resource: 'arn:aws:iam::111122223333:role/*' })))]);
    expect(findings.map((finding) => finding.severity)).toEqual(['high']);
  });

  it.each([
    ['iam:CreatePolicyVersion', 'the ARNs of the specific policies it maintains'],
    ['iam:SetDefaultPolicyVersion', 'the ARNs of the specific policies it maintains'],
    ['iam:AttachRolePolicy', 'the ARNs of the specific roles it manages (and add an iam:PolicyARN condition)'],
    ['iam:PutRolePolicy', 'the ARNs of the specific roles it manages'],
    ['iam:UpdateAssumeRolePolicy', 'the ARNs of the specific roles it manages'],
    ['iam:PutUserPolicy', 'the ARNs of the specific users it manages'],
  ])('reports the escalation path %s on "*" as high, not as a medium write', (action, scope) => {
    const findings = findingsOf('iam-wildcard-resource', [iamPolicy(policy(allow({ Action: action, Resource: '*' })))]);
    expect(findings.map((finding) => [finding.severity, finding.remediation])).toEqual([['high', `In statement 1, set Resource to ${scope}.`]]);
    expect(findings[0]!.message).toContain(`allows ${action} on every resource ("*"), which lets the holder`);
    expect(findings[0]!.message.endsWith(': a privilege escalation path.')).toBe(true);
  });

  it('treats NotResource with Allow as every resource', () => {
    const findings = findingsOf('iam-wildcard-resource', [iamPolicy(policy(allow({ Action: 's3:PutObject', NotResource: 'arn:aws:s3:::private/*' })))]);
    expect(findings.map((finding) => finding.message)).toEqual([
      'aws_iam_policy.this: statement 1 of `policy` allows write actions ("s3:PutObject") on every resource except "arn:aws:s3:::private/*", not just the resources they are meant for.',
    ]);
  });

  it('does not repeat a wildcard action as a wildcard resource', () => {
    expect(findingsOf('iam-wildcard-resource', [iamPolicy(policy(allow({ Action: ['s3:*'], Resource: '*' })))])).toEqual([]);
  });

  it('stays quiet when write actions are scoped to ARNs', () => {
    expect(findingsOf('iam-wildcard-resource', [iamPolicy(policy(allow({ Action: ['s3:PutObject', 'iam:PassRole'], Resource: 'arn:aws:iam::111122223333:role/app' })))])).toEqual([]);
  });
});

describe('iam-public-principal (AWS)', () => {
  const bucketPolicy = (statement: unknown) => created('aws_s3_bucket_policy', { bucket: 'b', policy: policy(statement) });

  it('reports "*", {"AWS": "*"} and a list holding "*"', () => {
    for (const principal of ['*', { AWS: '*' }, { AWS: ['arn:aws:iam::111122223333:root', '*'] }]) {
      const findings = findingsOf('iam-public-principal', [bucketPolicy(allow({ Principal: principal, Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' }))]);
      expect(findings).toHaveLength(1);
      expect(findings[0]!.severity).toBe('high');
      expect(findings[0]!.message).toMatch(/^aws_s3_bucket_policy\.this: statement 1 of the resource policy `policy` admits every principal \(.*\) with no Condition limiting it, so anyone can call "s3:GetObject" on it\.$/);
      expect(findings[0]!.remediation).toBe('In statement 1, name specific principals, or add a Condition such as aws:SourceArn, aws:SourceAccount or aws:PrincipalOrgID.');
    }
  });

  it('stays quiet with a limiting Condition, a Deny, or a specific principal', () => {
    const quiet = [
      allow({ Principal: '*', Action: 's3:PutObject', Resource: 'arn:aws:s3:::b/*', Condition: { StringEquals: { 'aws:SourceAccount': '111122223333' } } }),
      allow({ Principal: { Service: 'delivery.logs.amazonaws.com' }, Action: 's3:PutObject', Resource: 'arn:aws:s3:::b/*' }),
      { Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: 'arn:aws:s3:::b/*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } },
      allow({ Principal: { AWS: '*' }, Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*', Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-abc123' } } }),
    ];
    for (const statement of quiet) expect(findingsOf('iam-public-principal', [bucketPolicy(statement)])).toEqual([]);
  });

  it.each([
    ['an organization id pattern', { StringLike: { 'aws:PrincipalOrgID': 'o-*' } }],
    ['an account id pattern', { StringLike: { 'aws:SourceAccount': '1*' } }],
    ['a role name in any account', { StringLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/deployer' } }],
    ['a topic name in any account', { ArnLike: { 'aws:SourceArn': 'arn:aws:sns:us-east-1:*:alerts' } }],
    ['a bucket name pattern (bucket names are anyone\'s to take)', { ArnLike: { 'aws:SourceArn': 'arn:aws:s3:::logs-*' } }],
    ['an organization path pattern', { 'ForAnyValue:StringLike': { 'aws:PrincipalOrgPaths': 'o-*/r-ab12/*' } }],
    ['the whole internet', { IpAddress: { 'aws:SourceIp': '0.0.0.0/0' } }],
    ['two halves of the internet', { IpAddress: { 'aws:SourceIp': ['0.0.0.0/1', '128.0.0.0/1'] } }],
    ['four quarters of the internet', { IpAddress: { 'aws:SourceIp': ['0.0.0.0/2', '64.0.0.0/2', '128.0.0.0/2', '192.0.0.0/2'] } }],
    ['ranges covering the internet with overlaps and a narrow extra', { IpAddress: { 'aws:SourceIp': ['10.0.0.0/8', '128.0.0.0/1', '0.0.0.0/2', '64.0.0.0/2'] } }],
    ['the two halves of IPv6', { IpAddress: { 'aws:SourceIp': ['::/1', '8000::/1'] } }],
    ['both families in halves', { IpAddress: { 'aws:SourceIp': ['0.0.0.0/1', '128.0.0.0/1', '::/1', '8000::/1'] } }],
    ['half the internet', { IpAddress: { 'aws:SourceIp': '0.0.0.0/1' } }],
    ['every unicast address', { IpAddress: { 'aws:SourceIp': ['0.0.0.0/1', '128.0.0.0/2', '192.0.0.0/3'] } }],
    ['every global IPv6 address', { IpAddress: { 'aws:SourceIp': '2000::/3' } }],
    ['a VPC endpoint id pattern', { StringLike: { 'aws:SourceVpce': 'vpce-*' } }],
    ['a user id pattern', { StringLike: { 'aws:userid': '*:alice@corp.example' } }],
    ['an account-less ARN pattern that is not S3', { ArnLike: { 'aws:SourceArn': 'arn:aws:route53:::hostedzone/*' } }],
  ])('still reports a Condition on %s: anyone can match it', (_, condition) => {
    const findings = findingsOf('iam-public-principal', [bucketPolicy(allow({ Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*', Condition: condition }))]);
    expect(findings).toHaveLength(1);
  });

  it.each([
    ['a role pattern in one account', { ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::111122223333:role/deploy-*' } }],
    ['objects of one bucket', { ArnLike: { 'aws:SourceArn': 'arn:aws:s3:::acme-logs/*' } }],
    ['a path under one organization', { 'ForAnyValue:StringLike': { 'aws:PrincipalOrgPaths': 'o-abc123/r-ab12/*' } }],
    ['one network', { IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } }],
    ['a private network', { IpAddress: { 'aws:SourceIp': ['10.0.0.0/8'] } }],
    ['ranges that leave gaps', { IpAddress: { 'aws:SourceIp': ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '2001:db8::/32'] } }],
    ['every session of one role', { StringLike: { 'aws:userid': 'AROAEXAMPLEID:*' } }],
  ])('stays quiet with a Condition on %s', (_, condition) => {
    expect(findingsOf('iam-public-principal', [bucketPolicy(allow({ Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*', Condition: condition }))])).toEqual([]);
  });

  it('still reports when the only Condition does not limit who (SecureTransport)', () => {
    const findings = findingsOf('iam-public-principal', [
      bucketPolicy(allow({ Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*', Condition: { Bool: { 'aws:SecureTransport': 'true' } } })),
    ]);
    expect(findings).toHaveLength(1);
  });

  it('reports a public trust policy: anyone can assume the role', () => {
    const findings = findingsOf('iam-public-principal', [
      created('aws_iam_role', { name: 'r', assume_role_policy: policy(allow({ Principal: { AWS: '*' }, Action: 'sts:AssumeRole' })) }),
    ]);
    expect(findings).toEqual([
      expect.objectContaining({
        severity: 'high',
        message: 'aws_iam_role.this: statement 1 of the trust (assume-role) policy `assume_role_policy` admits every principal ({"AWS": "*"}) with no Condition limiting it, so anyone in any AWS account can assume this role.',
        remediation: 'In statement 1, replace the "*" principal with the specific account, role or service that should assume the role.',
      }),
    ]);
  });

  it('reports a trust policy limited only to address ranges covering the internet, not one limited to a private network', () => {
    const trust = (ranges: string[]) =>
      created('aws_iam_role', { name: 'r', assume_role_policy: policy(allow({ Principal: '*', Action: 'sts:AssumeRole', Condition: { IpAddress: { 'aws:SourceIp': ranges } } })) });
    expect(findingsOf('iam-public-principal', [trust(['0.0.0.0/1', '128.0.0.0/1'])]).map((finding) => finding.severity)).toEqual(['high']);
    expect(findingsOf('iam-public-principal', [trust(['10.0.0.0/8'])])).toEqual([]);
  });

  it('checks queue, topic, key, repository, secret and legacy bucket policies', () => {
    const open = policy(allow({ Principal: '*', Action: '*' }));
    const types: [string, string][] = [
      ['aws_sqs_queue_policy', 'policy'], ['aws_sqs_queue', 'policy'], ['aws_sns_topic_policy', 'policy'], ['aws_sns_topic', 'policy'],
      ['aws_kms_key', 'policy'], ['aws_ecr_repository_policy', 'policy'], ['aws_secretsmanager_secret_policy', 'policy'],
      ['aws_s3_bucket', 'policy'], ['aws_glacier_vault', 'access_policy'], ['aws_opensearch_domain_policy', 'access_policies'],
      ['aws_dynamodb_resource_policy', 'policy'], ['aws_vpc_endpoint', 'policy'], ['aws_vpc_endpoint_policy', 'policy'], ['aws_ecr_registry_policy', 'policy'],
      ['aws_cloudwatch_log_resource_policy', 'policy_document'], ['aws_s3control_bucket_policy', 'policy'], ['aws_glue_resource_policy', 'policy'],
      ['aws_cloudwatch_event_bus_policy', 'policy'],
    ];
    const findings = findingsOf('iam-public-principal', types.map(([type, attribute]) => created(type, { [attribute]: open })));
    expect(findings.map((finding) => finding.address)).toEqual(types.map(([type]) => `${type}.this`));
  });

  it('reports aws_lambda_permission with principal "*" unless source_arn/source_account/principal_org_id limit it', () => {
    const open = findingsOf('iam-public-principal', [created('aws_lambda_permission', { action: 'lambda:InvokeFunction', function_name: 'f', principal: '*' })]);
    expect(open.map((finding) => finding.message)).toEqual([
      'aws_lambda_permission.this grants principal = "*" with none of source_arn, source_account, principal_org_id set, so anyone can invoke it.',
    ]);
    const limited = findingsOf('iam-public-principal', [
      created('aws_lambda_permission', { action: 'lambda:InvokeFunction', function_name: 'f', principal: '*', source_account: '111122223333' }),
      created('aws_lambda_permission', { action: 'lambda:InvokeFunction', function_name: 'f', principal: 's3.amazonaws.com' }, { name: 's3' }),
    ]);
    expect(limited).toEqual([]);
  });

  it('reports aws_lambda_layer_version_permission shared with every account unless one organization limits it', () => {
    const layer = (extra: Record<string, unknown>) => created('aws_lambda_layer_version_permission', { layer_name: 'l', version_number: 1, action: 'lambda:GetLayerVersion', statement_id: 's', principal: '*', ...extra });
    expect(findingsOf('iam-public-principal', [layer({})]).map((finding) => finding.message)).toEqual([
      'aws_lambda_layer_version_permission.this grants principal = "*" with none of organization_id set, so anyone can use the layer version.',
    ]);
    expect(findingsOf('iam-public-principal', [layer({ organization_id: 'o-abc123' })])).toEqual([]);
  });
});

describe('iam-admin-policy (AWS)', () => {
  it('reports AdministratorAccess, IAMFullAccess and PowerUserAccess attachments in any partition', () => {
    const findings = findingsOf('iam-admin-policy', [
      created('aws_iam_role_policy_attachment', { role: 'r', policy_arn: 'arn:aws:iam::aws:policy/AdministratorAccess' }, { name: 'admin' }),
      created('aws_iam_user_policy_attachment', { user: 'u', policy_arn: 'arn:aws-us-gov:iam::aws:policy/IAMFullAccess' }, { name: 'iam' }),
      created('aws_iam_group_policy_attachment', { group: 'g', policy_arn: 'arn:aws-cn:iam::aws:policy/PowerUserAccess' }, { name: 'power' }),
      created('aws_iam_policy_attachment', { name: 'x', roles: ['r'], policy_arn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }, { name: 'readonly' }),
    ]);
    expect(findings.map((finding) => [finding.address, finding.severity, finding.message])).toEqual([
      ['aws_iam_role_policy_attachment.admin', 'high', 'aws_iam_role_policy_attachment.admin attaches the AWS managed policy AdministratorAccess ("arn:aws:iam::aws:policy/AdministratorAccess"), which grants every action on every resource.'],
      ['aws_iam_user_policy_attachment.iam', 'high', 'aws_iam_user_policy_attachment.iam attaches the AWS managed policy IAMFullAccess ("arn:aws-us-gov:iam::aws:policy/IAMFullAccess"), which grants full control of IAM, so it can grant itself anything.'],
      ['aws_iam_group_policy_attachment.power', 'high', 'aws_iam_group_policy_attachment.power attaches the AWS managed policy PowerUserAccess ("arn:aws-cn:iam::aws:policy/PowerUserAccess"), which grants every action except most of IAM and Organizations.'],
    ]);
    expect(findings[0]!.remediation).toBe('Replace AdministratorAccess in `policy_arn` with a policy scoped to the actions and resources this principal needs.');
  });

  it('reports admin ARNs in aws_iam_role.managed_policy_arns, and not a customer policy of the same name', () => {
    const findings = findingsOf('iam-admin-policy', [
      created('aws_iam_role', {
        name: 'r',
        assume_role_policy: policy(allow({ Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' })),
        managed_policy_arns: ['arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess', 'arn:aws:iam::aws:policy/AdministratorAccess', 'arn:aws:iam::111122223333:policy/AdministratorAccess'],
      }),
    ]);
    expect(findings.map((finding) => finding.message)).toEqual([
      'aws_iam_role.this attaches the AWS managed policy AdministratorAccess ("arn:aws:iam::aws:policy/AdministratorAccess"), which grants every action on every resource.',
    ]);
  });

  it('does not report a policy ARN known only after apply (a policy this plan creates, checked on its own)', () => {
    expect(findingsOf('iam-admin-policy', [created('aws_iam_role_policy_attachment', { role: 'r' }, { afterUnknown: { policy_arn: true } })])).toEqual([]);
  });
});

describe('iam-unverifiable (AWS)', () => {
  it('reports a policy known only after apply, naming the attribute', () => {
    const findings = findingsOf('iam-unverifiable', [created('aws_iam_policy', { name: 'p' }, { afterUnknown: { policy: true } })]);
    expect(findings).toEqual([
      expect.objectContaining({
        severity: 'info',
        message: 'aws_iam_policy.this: the policy in `policy` is known only after apply, so it could not be checked for wildcards or public access.',
        remediation: 'Review the policy source (e.g. the aws_iam_policy_document it renders from) by hand, or build it from values known at plan time.',
      }),
    ]);
  });

  it('reports an unknown trust policy and an unknown inline policy element, not a Computed inline_policy list', () => {
    const findings = findingsOf('iam-unverifiable', [
      created('aws_iam_role', { name: 'a' }, { name: 'a', afterUnknown: { assume_role_policy: true, inline_policy: true, managed_policy_arns: true } }),
      created('aws_iam_role', { name: 'b', assume_role_policy: policy(allow({ Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' })), inline_policy: [{ name: 'x' }] }, { name: 'b', afterUnknown: { inline_policy: [{ policy: true }] } }),
    ]);
    expect(findings.map((finding) => finding.message)).toEqual([
      'aws_iam_role.a: the trust (assume-role) policy in `assume_role_policy` is known only after apply, so it could not be checked for wildcards or public access.',
      'aws_iam_role.b: the policy in `inline_policy[0].policy` is known only after apply, so it could not be checked for wildcards or public access.',
    ]);
  });

  it('does not report Computed policy arguments on new resources, but does on an update that makes them unknown', () => {
    expect(findingsOf('iam-unverifiable', [created('aws_kms_key', { description: 'k' }, { afterUnknown: { policy: true } })])).toEqual([]);
    const known = policy(allow({ Principal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: 'kms:*', Resource: '*' }));
    const findings = findingsOf('iam-unverifiable', [updated('aws_kms_key', { policy: known }, {}, { afterUnknown: { policy: true } })]);
    expect(findings.map((finding) => finding.address)).toEqual(['aws_kms_key.this']);
  });

  describe('Computed policy arguments, told apart by the plan\'s configuration', () => {
    const fromDocument = { references: ['data.aws_iam_policy_document.p.json', 'data.aws_iam_policy_document.p'] };

    it('reports one the configuration sets, unknown on a create or a replacement', () => {
      const findings = findingsOf('iam-unverifiable', [
        created('aws_s3_bucket', { bucket: 'b' }, { name: 'b', afterUnknown: { policy: true }, expressions: { bucket: { constant_value: 'b' }, policy: fromDocument } }),
        created('aws_opensearch_domain', { domain_name: 'd' }, { name: 'd', afterUnknown: { access_policies: true }, expressions: { access_policies: { references: ['aws_iam_role.r.arn', 'aws_iam_role.r'] } } }),
        { type: 'aws_kms_key', name: 'k', actions: ['create', 'delete'], before: { policy: '{}' }, after: {}, afterUnknown: { policy: true }, expressions: { policy: fromDocument } },
      ]);
      expect(findings.map((finding) => [finding.address, finding.actions, finding.message])).toEqual([
        ['aws_s3_bucket.b', ['create'], 'aws_s3_bucket.b: the resource policy in `policy` is known only after apply, so it could not be checked for wildcards or public access.'],
        ['aws_opensearch_domain.d', ['create'], 'aws_opensearch_domain.d: the resource policy in `access_policies` is known only after apply, so it could not be checked for wildcards or public access.'],
        ['aws_kms_key.k', ['create', 'delete'], 'aws_kms_key.k: the resource policy in `policy` is known only after apply, so it could not be checked for wildcards or public access.'],
      ]);
    });

    it('stays quiet when the configuration does not set it (or sets it to null), and when the plan has no configuration', () => {
      expect(findingsOf('iam-unverifiable', [
        created('aws_sqs_queue', { name: 'q' }, { name: 'q', afterUnknown: { policy: true }, expressions: { name: { constant_value: 'q' } } }),
        created('aws_sns_topic', { name: 't' }, { name: 't', afterUnknown: { policy: true }, expressions: { name: { constant_value: 't' }, policy: { constant_value: null } } }),
        created('aws_secretsmanager_secret', { name: 's' }, { name: 's', afterUnknown: { policy: true }, expressions: {} }),
      ])).toEqual([]);
      expect(findingsOf('iam-unverifiable', [created('aws_sqs_queue', { name: 'q' }, { name: 'q', afterUnknown: { policy: true } })])).toEqual([]);
    });

    it('a resource missing from a configuration the plan has is unknown, so it stays quiet', () => {
      expect(findingsOf('iam-unverifiable', [
        created('aws_s3_bucket', { bucket: 'b' }, { name: 'b', afterUnknown: { policy: true } }),
        created('aws_s3_bucket', { bucket: 'c' }, { name: 'c', expressions: { bucket: { constant_value: 'c' } } }),
      ])).toEqual([]);
    });

    it('an inline_policy list unknown as a whole: reported when the configuration writes inline_policy blocks, or on an update', () => {
      const configuredBlocks = { name: { constant_value: 'r' }, inline_policy: [{ name: { constant_value: 'read' }, policy: fromDocument }] };
      const findings = findingsOf('iam-unverifiable', [
        created('aws_iam_role', { name: 'set' }, { name: 'set', afterUnknown: { inline_policy: true }, expressions: configuredBlocks }),
        created('aws_iam_role', { name: 'unset' }, { name: 'unset', afterUnknown: { inline_policy: true }, expressions: { name: { constant_value: 'unset' } } }),
        updated('aws_iam_role', { name: 'later', inline_policy: [{ name: 'read', policy: '{}' }] }, { name: 'later' }, { name: 'later', afterUnknown: { inline_policy: true } }),
      ]);
      expect(findings.map((finding) => finding.message)).toEqual([
        'aws_iam_role.set: the policy in `inline_policy` is known only after apply, so it could not be checked for wildcards or public access.',
        'aws_iam_role.later: the policy in `inline_policy` is known only after apply, so it could not be checked for wildcards or public access.',
      ]);
    });
  });

  it('reports invalid JSON with the reason, without crashing', () => {
    const findings = findingsOf('iam-unverifiable', [iamPolicy('{"Statement": [')]);
    expect(findings).toHaveLength(1);
    expect(findings[0]!.message).toBe('aws_iam_policy.this: the policy in `policy` could not be checked: the policy is not valid JSON.');
    expect(findings[0]!.remediation).toBe('Fix `policy` so it is a valid IAM policy document (jsonencode() or an aws_iam_policy_document data source avoids syntax errors).');
  });
});

describe('which changes grant something', () => {
  const wild = policy(allow({ Action: '*', Resource: '*' }));
  const scoped = policy(allow({ Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' }));

  it('ignores deletes, no-ops and data sources', () => {
    expect(findingsOf('iam-wildcard-action', [
      deleted('aws_iam_policy', { policy: wild }, { name: 'gone' }),
      { type: 'aws_iam_policy', name: 'kept', actions: ['no-op'], before: { policy: wild }, after: { policy: wild } },
      { type: 'aws_iam_policy', name: 'read', mode: 'data', actions: ['read'], after: { policy: wild } },
    ])).toEqual([]);
  });

  it('reports a replacement as a new grant', () => {
    const findings = findingsOf('iam-wildcard-action', [{ type: 'aws_iam_policy', actions: ['delete', 'create'], before: { policy: wild }, after: { policy: wild } }]);
    expect(findings.map((finding) => finding.actions)).toEqual([['delete', 'create']]);
  });

  it('on an update, reports only what the update adds', () => {
    expect(findingsOf('iam-wildcard-action', [updated('aws_iam_policy', { policy: wild, description: 'a' }, { policy: wild, description: 'b' })])).toEqual([]);
    expect(findingsOf('iam-wildcard-action', [updated('aws_iam_policy', { policy: scoped }, { policy: wild })])).toHaveLength(1);
  });

  it('on an update, reports a grant whose condition the update drops or loosens', () => {
    const admin = (condition?: Record<string, unknown>) => policy(allow({ Action: '*', Resource: '*', ...(condition ? { Condition: condition } : {}) }));
    const mfa = { Bool: { 'aws:MultiFactorAuthPresent': 'true' } };
    expect(findingsOf('iam-wildcard-action', [updated('aws_iam_policy', { policy: admin(mfa) }, { policy: admin() })])).toHaveLength(1);
    expect(findingsOf('iam-wildcard-action', [updated('aws_iam_policy', { policy: admin(mfa) }, { policy: admin({ Bool: { 'aws:MultiFactorAuthPresent': 'false' } }) })])).toHaveLength(1);
    const passRole = (condition?: Record<string, unknown>) => policy(allow({ Action: 'iam:PassRole', Resource: '*', ...(condition ? { Condition: condition } : {}) }));
    expect(findingsOf('iam-wildcard-resource', [updated('aws_iam_policy', { policy: passRole({ StringEquals: { 'iam:PassedToService': 'ec2.amazonaws.com' } }) }, { policy: passRole() })])).toHaveLength(1);
    // The same condition in another spelling (operator and key case) is the same grant.
    expect(findingsOf('iam-wildcard-action', [updated('aws_iam_policy', { policy: admin(mfa), description: 'a' }, { policy: admin({ bool: { 'AWS:MultiFactorAuthPresent': 'true' } }), description: 'b' })])).toEqual([]);
  });

  it('on an update, keeps quiet about a grant the update only narrows with added conditions', () => {
    const admin = (condition?: Record<string, unknown>) => policy(allow({ Action: '*', Resource: '*', ...(condition ? { Condition: condition } : {}) }));
    const mfa = { Bool: { 'aws:MultiFactorAuthPresent': 'true' } };
    const office = { IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } };
    expect(findingsOf('iam-wildcard-action', [updated('aws_iam_policy', { policy: admin() }, { policy: admin(mfa) })])).toEqual([]);
    expect(findingsOf('iam-wildcard-action', [updated('aws_iam_policy', { policy: admin(mfa) }, { policy: admin({ ...mfa, ...office }) })])).toEqual([]);
    // Not a narrowing: a clause of the old grant is gone, or the grant itself is wider.
    expect(findingsOf('iam-wildcard-action', [updated('aws_iam_policy', { policy: admin(mfa) }, { policy: admin(office) })])).toHaveLength(1);
    expect(findingsOf('iam-wildcard-action', [updated('aws_iam_policy', { policy: admin(office) }, { policy: admin({ IpAddress: { 'aws:SourceIp': ['203.0.113.0/24', '0.0.0.0/0'] } }) })])).toHaveLength(1);
    // The MFA guard was a Deny, now removed, with an unrelated condition added to the Allow: no narrowing (audit9 I9-1).
    const denyWithoutMfa = { Effect: 'Deny', Action: '*', Resource: '*', Condition: { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' } } };
    const guarded = policy(allow({ Action: '*', Resource: '*' }), denyWithoutMfa);
    const unguarded = policy(allow({ Action: '*', Resource: '*', Condition: office }));
    expect(findingsOf('iam-wildcard-action', [updated('aws_iam_policy', { policy: guarded }, { policy: unguarded })])).toHaveLength(1);
    const scopedS3 = policy(allow({ Action: 's3:*', Resource: 'arn:aws:s3:::logs' }));
    expect(findingsOf('iam-wildcard-action', [updated('aws_iam_policy', { policy: scopedS3 }, { policy: admin(mfa) })])).toHaveLength(1);
  });

  it('never quotes a policy the plan marks sensitive', () => {
    const findings = findingsOf('iam-wildcard-action', [iamPolicy(policy(allow({ Sid: 'TopSecretSid', Action: 's3:*', Resource: '*' })), { afterSensitive: { policy: true } })]);
    expect(findings).toHaveLength(1);
    expect(findings[0]!.message).toBe('aws_iam_policy.this: statement 1 (Sid (sensitive)) of `policy` allows (sensitive), every action of the (sensitive) service on every resource ("*").');
    expect(JSON.stringify(findings)).not.toContain('TopSecretSid');
  });
});

describe('iam-public-principal: OIDC trust without a subject condition', () => {
  const github = 'arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com';
  const role = (condition?: Record<string, unknown>) =>
    created('aws_iam_role', {
      name: 'deploy',
      assume_role_policy: policy(allow({ Principal: { Federated: github }, Action: 'sts:AssumeRoleWithWebIdentity', ...(condition ? { Condition: condition } : {}) })),
    }, { name: 'deploy' });
  const find = (condition?: Record<string, unknown>) => findingsOf('iam-public-principal', [role(condition)]);

  it('reports a GitHub OIDC trust that checks only the audience as high: every repository on GitHub can assume the role', () => {
    const findings = find({ StringEquals: { 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com' } });
    expect(findings.map((finding) => [finding.severity, finding.message])).toEqual([
      [
        'high',
        'aws_iam_role.deploy: statement 1 of the trust (assume-role) policy `assume_role_policy` trusts the OIDC provider token.actions.githubusercontent.com with no condition limiting token.actions.githubusercontent.com:sub, so every GitHub Actions workflow of every repository on GitHub can assume this role.',
      ],
    ]);
  });

  it.each([
    ['no condition at all', undefined],
    ['a sub of "*"', { StringLike: { 'token.actions.githubusercontent.com:sub': '*' } }],
    ['a sub of "repo:*"', { StringLike: { 'token.actions.githubusercontent.com:sub': 'repo:*' } }],
    ['a negated sub', { StringNotEquals: { 'token.actions.githubusercontent.com:sub': 'repo:evil/x:ref:refs/heads/main' } }],
    ['a sub of "repo:*/*"', { StringLike: { 'token.actions.githubusercontent.com:sub': 'repo:*/*' } }],
    ['a sub of "*:*"', { StringLike: { 'token.actions.githubusercontent.com:sub': '*:*' } }],
    ['a sub whose owner is a pattern', { StringLike: { 'token.actions.githubusercontent.com:sub': 'repo:acme*/infra:*' } }],
  ])('reports %s', (_label, condition) => {
    expect(find(condition).map((finding) => finding.severity)).toEqual(['high']);
  });

  it('says nothing when the subject names a repository or an organization', () => {
    expect(find({ StringEquals: { 'token.actions.githubusercontent.com:sub': 'repo:acme/infra:ref:refs/heads/main' } })).toEqual([]);
    expect(find({ StringLike: { 'token.actions.githubusercontent.com:sub': ['repo:acme/*'] } })).toEqual([]);
  });

  it('reads gitlab.com and HCP Terraform the same way', () => {
    const gitlab = created('aws_iam_role', { name: 'g', assume_role_policy: policy(allow({ Principal: { Federated: 'arn:aws:iam::111122223333:oidc-provider/gitlab.com' }, Action: 'sts:AssumeRoleWithWebIdentity' })) });
    expect(findingsOf('iam-public-principal', [gitlab]).map((finding) => finding.message)).toEqual([expect.stringContaining('every CI/CD job of every project on gitlab.com can assume this role')]);
  });

  it('reads a Cognito identity pool trust by its aud condition', () => {
    const cognito = (condition?: Record<string, unknown>) =>
      created('aws_iam_role', { name: 'c', assume_role_policy: policy(allow({ Principal: { Federated: 'cognito-identity.amazonaws.com' }, Action: 'sts:AssumeRoleWithWebIdentity', ...(condition ? { Condition: condition } : {}) })) });
    expect(findingsOf('iam-public-principal', [cognito()]).map((finding) => finding.message)).toEqual([expect.stringContaining('every identity of every Cognito identity pool can assume this role')]);
    expect(findingsOf('iam-public-principal', [cognito({ StringEquals: { 'cognito-identity.amazonaws.com:aud': 'us-east-1:*' } })])).toHaveLength(1);
    expect(findingsOf('iam-public-principal', [cognito({ StringEquals: { 'cognito-identity.amazonaws.com:aud': 'us-east-1:12345678-dead-beef-0000-123456789012' } })])).toEqual([]);
  });
});

describe('iam-public-principal: settings that open a resource without a policy', () => {
  it('reports a Lambda function URL without authentication as high', () => {
    const findings = findingsOf('iam-public-principal', [created('aws_lambda_function_url', { function_name: 'orders', authorization_type: 'NONE' }, { name: 'orders' })]);
    expect(findings.map((finding) => [finding.severity, finding.message])).toEqual([
      ['high', 'aws_lambda_function_url.orders sets authorization_type = "NONE", so anyone on the internet can invoke the function through its URL, unauthenticated.'],
    ]);
    expect(findingsOf('iam-public-principal', [created('aws_lambda_function_url', { function_name: 'orders', authorization_type: 'AWS_IAM' })])).toEqual([]);
  });

  it.each(['public-read', 'public-read-write', 'authenticated-read'])('reports a bucket ACL %s as high', (acl) => {
    expect(findingsOf('iam-public-principal', [created('aws_s3_bucket_acl', { bucket: 'b', acl })]).map((finding) => finding.severity)).toEqual(['high']);
  });

  it('reports a public access block switched off as one medium finding naming each switch', () => {
    const open = { bucket: 'b', block_public_acls: false, ignore_public_acls: false, block_public_policy: true, restrict_public_buckets: true };
    const findings = findingsOf('iam-public-principal', [created('aws_s3_bucket_public_access_block', open)]);
    expect(findings).toHaveLength(1);
    expect(findings[0]!.severity).toBe('medium');
    expect(findings[0]!.message).toContain('sets block_public_acls = false');
    expect(findings[0]!.details.join('\n')).toContain('ignore_public_acls = false');
  });

  it('reports a block turned off on an existing bucket, but not one already off', () => {
    const on = { bucket: 'b', block_public_acls: true, ignore_public_acls: true, block_public_policy: true, restrict_public_buckets: true };
    expect(findingsOf('iam-public-principal', [updated('aws_s3_bucket_public_access_block', on, { ...on, restrict_public_buckets: false })]).map((f) => f.severity)).toEqual(['medium']);
    const off = { ...on, restrict_public_buckets: false };
    expect(findingsOf('iam-public-principal', [updated('aws_s3_bucket_public_access_block', off, { ...off, bucket: 'b' })])).toEqual([]);
  });

  it('says nothing of a private ACL or a full block', () => {
    expect(findingsOf('iam-public-principal', [created('aws_s3_bucket_acl', { bucket: 'b', acl: 'private' })])).toEqual([]);
    expect(findingsOf('iam-public-principal', [created('aws_s3_account_public_access_block', { block_public_acls: true, ignore_public_acls: true, block_public_policy: true, restrict_public_buckets: true })])).toEqual([]);
  });
});

describe('a policy rendered by an aws_iam_policy_document read during apply (audit5 I6)', () => {
  // The data source is read during apply (a resource ARN it names is unknown); the plan still holds its known blocks.
  const documentRead = (statement: Record<string, unknown>, extra: Partial<ChangeSpec> = {}): ChangeSpec => ({
    type: 'aws_iam_policy_document',
    mode: 'data',
    name: 'doc',
    actions: ['read'],
    after: { version: '2012-10-17', statement: [{ sid: '', effect: 'Allow', not_actions: null, not_resources: null, principals: [], not_principals: [], condition: [], ...statement }] },
    afterUnknown: { id: true, json: true, minified_json: true, statement: [{ resources: true }] },
    ...extra,
  });
  const renders = { policy: { references: ['data.aws_iam_policy_document.doc.json', 'data.aws_iam_policy_document.doc'] } };
  const consumer = (extra: Partial<ChangeSpec> = {}) => created('aws_iam_policy', { name: 'ci' }, { afterUnknown: { policy: true, id: true, arn: true }, expressions: { name: { constant_value: 'ci' }, ...renders }, ...extra });

  it('reads the document\'s visible statements as the grant: actions ["*"] is full access, besides the unknown policy note', () => {
    const plan = [documentRead({ actions: ['*'] }), consumer()];
    expect(findingsOf('iam-wildcard-action', plan).map((finding) => [finding.severity, finding.address, finding.message])).toEqual([
      ['high', 'aws_iam_policy.this', 'aws_iam_policy.this: statement 1 of data.aws_iam_policy_document.doc (read during apply) of `policy` allows "*", every action in every service on the resources it names.'],
    ]);
    expect(findingsOf('iam-unverifiable', plan)).toHaveLength(1);
    expect(findingsOf('iam-wildcard-action', [documentRead({ actions: ['s3:GetObject'] }), consumer()])).toEqual([]);
    // Without the configuration's references, nothing says which document the policy renders from.
    expect(findingsOf('iam-wildcard-action', [documentRead({ actions: ['*'] }), consumer({ expressions: undefined })])).toEqual([]);
  });

  it('takes the instance of a counted document with the policy\'s own key, when there is one', () => {
    const instance = (key: string, actions: string[]) => ({ ...documentRead({ actions }), index: key, address: `data.aws_iam_policy_document.doc["${key}"]` });
    const role = (key: string) => ({ ...consumer(), index: key, address: `aws_iam_policy.this["${key}"]` });
    const findings = findingsOf('iam-wildcard-action', [instance('ci', ['*']), instance('ops', ['s3:*']), role('ci'), role('ops')]);
    expect(findings.map((finding) => [finding.address, finding.details.length])).toEqual([
      ['aws_iam_policy.this["ci"]', 0],
      ['aws_iam_policy.this["ops"]', 0],
    ]);
    expect(findings[1]!.message).toContain('allows "s3:*"');
  });

  it('reads principals of a resource policy the same way', () => {
    const bucketPolicy = created('aws_s3_bucket_policy', { bucket: 'b' }, { afterUnknown: { policy: true }, expressions: { bucket: { constant_value: 'b' }, ...renders } });
    const findings = findingsOf('iam-public-principal', [documentRead({ actions: ['s3:GetObject'], principals: [{ type: '*', identifiers: ['*'] }] }), bucketPolicy]);
    expect(findings.map((finding) => finding.severity)).toEqual(['high']);
  });

  it('quotes nothing of a document the plan marks sensitive', () => {
    const plan = [documentRead({ sid: 'TopSecretSid', actions: ['s3:*'] }, { afterSensitive: { statement: [{ sid: true }] } }), consumer()];
    const findings = findingsOf('iam-wildcard-action', plan);
    expect(findings).toHaveLength(1);
    expect(JSON.stringify(findings)).not.toContain('TopSecretSid');
    expect(findings[0]!.message).toContain('(sensitive)');
  });

  it('on an update, a grant the known policy already made is not new', () => {
    const before = { name: 'ci', policy: policy(allow({ Action: '*', Resource: 'arn:aws:s3:::old' })) };
    const update = updated('aws_iam_policy', before, { name: 'ci' }, { afterUnknown: { policy: true }, expressions: { name: { constant_value: 'ci' }, ...renders } });
    expect(findingsOf('iam-wildcard-action', [documentRead({ actions: ['*'], resources: ['arn:aws:s3:::old'] }, { afterUnknown: { id: true, json: true, minified_json: true } }), update])).toEqual([]);
  });
});

describe('policy documents that repeat a key (audit 35 F0, terraform-provider-aws#33026)', () => {
  // JSON.parse keeps the last of two keys spelled alike; what AWS reads is not known, so both
  // readings count. The texts are written by hand: JSON.stringify cannot repeat a key.
  const text = (...statements: string[]) => `{"Version":"2012-10-17","Statement":[${statements.join(',')}]}`;
  const rules = (document: string) =>
    (['iam-wildcard-action', 'iam-wildcard-resource', 'iam-public-principal', 'iam-unverifiable'] as const).flatMap((ruleId) =>
      findingsOf(ruleId, [created('aws_s3_bucket_policy', { bucket: 'b', policy: document })]).map((finding) => `${ruleId} ${finding.severity}${finding.details.length > 0 ? ` +${finding.details.length - 1}` : ''}`),
    );

  it('"Action": "*" beside "Action": "s3:GetObject", in either order, is a wildcard action', () => {
    for (const actions of ['"Action":"*","Action":"s3:GetObject"', '"Action":"s3:GetObject","Action":"*"']) {
      const findings = findingsOf('iam-wildcard-action', [iamPolicy(text(`{"Effect":"Allow",${actions},"Resource":"*"}`))]);
      expect(findings.map((finding) => [finding.severity, finding.message])).toEqual([['high', 'aws_iam_policy.this: statement 1 of `policy` allows "*", every action on every resource: full administrator access.']]);
    }
  });

  it('an Effect of Allow and then Deny is reported as the Allow', () => {
    expect(findingsOf('iam-wildcard-action', [iamPolicy(text('{"Effect":"Allow","Effect":"Deny","Action":"*","Resource":"*"}'))])).toHaveLength(1);
    expect(findingsOf('iam-wildcard-action', [iamPolicy(text('{"Effect":"Deny","Effect":"Allow","Action":"*","Resource":"*"}'))])).toHaveLength(1);
  });

  it('a repeated Condition operator: a limiting key only one reading has limits nothing', () => {
    const open = (condition: string) => text(`{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*","Condition":{${condition}}}`);
    expect(rules(open('"StringEquals":{"aws:UserAgent":"x"},"StringEquals":{"aws:PrincipalOrgID":"o-abc123"}'))).toEqual(['iam-public-principal high']);
    expect(rules(open('"StringEquals":{"aws:PrincipalOrgID":"o-abc123"},"StringEquals":{"aws:UserAgent":"x"}'))).toEqual(['iam-public-principal high']);
    expect(rules(open('"StringEquals":{"aws:PrincipalOrgID":"o-abc123","aws:PrincipalOrgID":"o-abc123"}'))).toEqual([]);
  });

  it('a reading that does not parse is reported beside the grants of the other', () => {
    expect(rules(text('{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*","Effect":"Maybe"}'))).toEqual(['iam-public-principal high', 'iam-unverifiable info']);
  });

  it('a Deny only one reading has limits no grant: one issue, not one per reading; an update to it is new', () => {
    const admin = '{"Effect":"Allow","Action":"*","Resource":"*"}';
    expect(findingsOf('iam-wildcard-action', [iamPolicy(text(admin, '{"Effect":"Deny","Action":"iam:*","Action":"s3:*","Resource":"*"}'))]).map((finding) => finding.details)).toEqual([[]]);
    const before = text(admin, '{"Effect":"Deny","Action":"iam:*","Resource":"*"}');
    const after = text(admin, '{"Effect":"Deny","Action":"iam:*","Action":"*","Resource":"*"}');
    expect(findingsOf('iam-wildcard-action', [updated('aws_iam_policy', { policy: before }, { policy: after })])).toHaveLength(1);
    // The same Deny in both readings still limits: the update only repeats a key inside it.
    const same = text(admin, '{"Effect":"Deny","Action":"iam:*","Resource":"*","Resource":"*"}');
    expect(findingsOf('iam-wildcard-action', [updated('aws_iam_policy', { policy: before }, { policy: same })])).toEqual([]);
  });

  it('the before side is read as the provider applied it (last wins): a phantom grant is not already held (audit 36 F6)', () => {
    const s = '"Effect":"Allow","Resource":"*"';
    // up1: the state repeats Action ("*" then s3:GetObject: AWS got s3:GetObject); the update makes "*" real.
    const before = text(`{${s},"Action":"*","Action":"s3:GetObject"}`);
    expect(findingsOf('iam-wildcard-action', [updated('aws_iam_policy', { policy: before }, { policy: text(`{${s},"Action":"*"}`) })]).map((f) => f.severity)).toEqual(['high']);
    // The reverse (the state applied "*") is already held: quiet.
    const applied = text(`{${s},"Action":"s3:GetObject","Action":"*"}`);
    expect(findingsOf('iam-wildcard-action', [updated('aws_iam_policy', { policy: applied }, { policy: text(`{${s},"Action":"*"}`) })])).toEqual([]);
  });
});
