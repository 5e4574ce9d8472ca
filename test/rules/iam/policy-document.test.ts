import { describe, expect, it } from 'vitest';
import { actionBreadth, coversEveryResource, parsePolicyDocument, wildcardMatches } from '../../../src/rules/iam/policy-document.js';
import { limitingCondition, publicPrincipal } from '../../../src/rules/iam/principals.js';

function parse(document: unknown) {
  const parsed = parsePolicyDocument(JSON.stringify(document));
  if (!parsed.ok) throw new Error(parsed.problem);
  return parsed.document;
}

describe('parsePolicyDocument', () => {
  it('reads a single statement object the same as a one-element list', () => {
    const single = parse({ Statement: { Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' } });
    const list = parse({ Statement: [{ Effect: 'Allow', Action: ['s3:GetObject'], Resource: ['arn:aws:s3:::b/*'] }] });
    expect(single.statements).toEqual(list.statements);
    expect(single.statements[0]).toEqual({
      index: 0,
      sid: null,
      effect: 'Allow',
      actions: { negated: false, values: ['s3:GetObject'] },
      resources: { negated: false, values: ['arn:aws:s3:::b/*'] },
      principals: null,
      conditions: [],
    });
  });

  it('defaults a missing Effect to Allow and reads Deny case-insensitively', () => {
    const document = parse({ Statement: [{ Action: '*', Resource: '*' }, { Effect: 'deny', Action: '*', Resource: '*' }] });
    expect(document.statements.map((statement) => statement.effect)).toEqual(['Allow', 'Deny']);
  });

  it('reads NotAction and NotResource as negated elements', () => {
    const [statement] = parse({ Statement: [{ Effect: 'Allow', NotAction: ['iam:*'], NotResource: 'arn:aws:s3:::secret' }] }).statements;
    expect(statement!.actions).toEqual({ negated: true, values: ['iam:*'] });
    expect(statement!.resources).toEqual({ negated: true, values: ['arn:aws:s3:::secret'] });
  });

  it('reads the three Principal shapes and NotPrincipal', () => {
    const statements = parse({
      Statement: [
        { Effect: 'Allow', Principal: '*', Action: 's3:GetObject' },
        { Effect: 'Allow', Principal: { AWS: '*' }, Action: 's3:GetObject' },
        { Effect: 'Allow', Principal: { AWS: ['arn:aws:iam::111122223333:root', '*'] }, Action: 's3:GetObject' },
        { Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' },
        { Effect: 'Allow', NotPrincipal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: 's3:GetObject' },
      ],
    }).statements;
    expect(statements.map((statement) => publicPrincipal(statement.principals))).toEqual([
      'every principal ("Principal": "*")',
      'every principal ({"AWS": "*"})',
      'every principal ({"AWS": "*"})',
      null,
      'everyone except the listed principals (NotPrincipal)',
    ]);
  });

  it('flattens conditions into operator/key/values clauses, stringifying scalars', () => {
    const [statement] = parse({
      Statement: [{ Effect: 'Allow', Action: 's3:*', Condition: { Bool: { 'aws:SecureTransport': false }, StringEquals: { 'aws:SourceAccount': ['111122223333'] } } }],
    }).statements;
    expect(statement!.conditions).toEqual([
      { operator: 'Bool', key: 'aws:SecureTransport', values: ['false'] },
      { operator: 'StringEquals', key: 'aws:SourceAccount', values: ['111122223333'] },
    ]);
  });

  it('reports what is wrong instead of throwing', () => {
    expect(parsePolicyDocument('{"Statement": [')).toEqual({ ok: false, problem: 'the policy is not valid JSON' });
    expect(parsePolicyDocument('[]')).toEqual({ ok: false, problem: 'the policy is not a JSON object' });
    expect(parsePolicyDocument('{"Version": "2012-10-17"}')).toEqual({ ok: false, problem: 'the policy has no Statement' });
    expect(parsePolicyDocument('{"Statement": [{"Effect": "Maybe", "Action": "*"}]}')).toEqual({ ok: false, problem: 'statement 1: has an Effect that is neither Allow nor Deny' });
    expect(parsePolicyDocument('{"Statement": {"Action": "*", "NotAction": "s3:*"}}')).toEqual({ ok: false, problem: 'statement 1: has both Action and NotAction' });
    expect(parsePolicyDocument('{"Statement": {"Action": 5}}')).toEqual({ ok: false, problem: 'statement 1: Action is neither a string nor a list of strings' });
    expect(parsePolicyDocument('{"Statement": {"Principal": "arn:aws:iam::1:root", "Action": "s3:*"}}')).toMatchObject({ ok: false });
  });
});

describe('action patterns', () => {
  it('tells full, service-wide and partial wildcards apart', () => {
    expect(actionBreadth('*')).toBe('all');
    expect(actionBreadth('*:*')).toBe('all');
    expect(actionBreadth('s3:*')).toBe('service');
    expect(actionBreadth('IAM:*')).toBe('service');
    expect(actionBreadth('s3:Get*')).toBe('partial');
    expect(actionBreadth('iam:*AccessKey*')).toBe('partial');
    expect(actionBreadth('s3:GetObject')).toBe('partial');
    // `?*` matches every (non-empty) name.
    expect(actionBreadth('iam:?*')).toBe('service');
    expect(actionBreadth('*:?*')).toBe('all');
    expect(actionBreadth('?*:*')).toBe('all');
    expect(actionBreadth('iam:?')).toBe('partial');
  });

  it('matches IAM wildcards case-insensitively, with * and ?', () => {
    expect(wildcardMatches('IAM:passrole', 'iam:PassRole')).toBe(true);
    expect(wildcardMatches('iam:Pass*', 'iam:PassRole')).toBe(true);
    expect(wildcardMatches('iam:Pas?Role', 'iam:PassRole')).toBe(true);
    expect(wildcardMatches('iam:Get*', 'iam:PassRole')).toBe(false);
    expect(wildcardMatches('iam:PassRole.', 'iam:PassRoleX')).toBe(false);
  });

  it('knows which resource lists cover every resource', () => {
    expect(coversEveryResource({ negated: false, values: ['*'] })).toBe(true);
    expect(coversEveryResource({ negated: true, values: ['arn:aws:s3:::b'] })).toBe(true);
    expect(coversEveryResource(null)).toBe(false);
    // ARN patterns that match every account, every resource of a service, or everything.
    for (const pattern of ['arn:aws:s3:::*', 'arn:*', 'arn:aws:*', 'arn:aws:iam::*:role/*', 'arn:aws:ec2:*:123456789012:*', 'arn:aws:*:*:*:*', 'arn:aws:iam::1?:role/x']) {
      expect(coversEveryResource({ negated: false, values: [pattern] }), pattern).toBe(true);
    }
    // One account and one resource type, or one bucket.
    for (const pattern of ['arn:aws:iam::123456789012:role/*', 'arn:aws:s3:::acme-logs/*', 'arn:aws:s3:::acme-*', 'arn:aws:ec2:us-east-1:123456789012:instance/*']) {
      expect(coversEveryResource({ negated: false, values: [pattern] }), pattern).toBe(false);
    }
  });
});

describe('limitingCondition', () => {
  const clause = (operator: string, key: string, ...values: string[]) => ({ operator, key, values });

  it('counts positive comparisons of limiting keys to specific values', () => {
    expect(limitingCondition(clause('StringEquals', 'aws:SourceAccount', '111122223333'))).toBe(true);
    expect(limitingCondition(clause('ArnLike', 'aws:SourceArn', 'arn:aws:sns:us-east-1:111122223333:topic'))).toBe(true);
    expect(limitingCondition(clause('ArnEquals', 'aws:sourcearn', 'arn:aws:s3:::my-bucket'))).toBe(true);
    expect(limitingCondition(clause('StringEquals', 'aws:PrincipalOrgID', 'o-abc123'))).toBe(true);
    expect(limitingCondition(clause('StringEquals', 'aws:SourceVpce', 'vpce-1a2b3c'))).toBe(true);
    expect(limitingCondition(clause('ForAnyValue:StringEquals', 'aws:PrincipalOrgPaths', 'o-a/r-b/ou-c/'))).toBe(true);
    expect(limitingCondition(clause('IpAddress', 'aws:SourceIp', '203.0.113.0/24'))).toBe(true);
    expect(limitingCondition(clause('IpAddress', 'aws:SourceIp', '10.0.0.0/8', '192.168.0.0/16'))).toBe(true);
    expect(limitingCondition(clause('StringEquals', 'kms:CallerAccount', '111122223333'))).toBe(true);
  });

  it('does not count negated, IfExists, ForAllValues, wildcard, variable or world values', () => {
    expect(limitingCondition(clause('StringNotEquals', 'aws:SourceAccount', '111122223333'))).toBe(false);
    expect(limitingCondition(clause('StringEqualsIfExists', 'aws:SourceAccount', '111122223333'))).toBe(false);
    expect(limitingCondition(clause('ForAllValues:StringEquals', 'aws:PrincipalOrgPaths', 'o-a/r-b/'))).toBe(false);
    expect(limitingCondition(clause('StringLike', 'aws:SourceAccount', '*'))).toBe(false);
    expect(limitingCondition(clause('StringEquals', 'aws:PrincipalArn', '${aws:username}'))).toBe(false);
    expect(limitingCondition(clause('ArnLike', 'aws:SourceArn', 'arn:aws:s3:::*'))).toBe(false);
    expect(limitingCondition(clause('ArnLike', 'aws:SourceArn', 'arn:aws:execute-api:*:*:*'))).toBe(false);
    expect(limitingCondition(clause('IpAddress', 'aws:SourceIp', '0.0.0.0/0'))).toBe(false);
    expect(limitingCondition(clause('IpAddress', 'aws:SourceIp', '0.0.0.0/1', '128.0.0.0/1'))).toBe(false);
    expect(limitingCondition(clause('IpAddress', 'aws:SourceIp', '::/1', '8000::/1'))).toBe(false);
    expect(limitingCondition(clause('Bool', 'aws:SecureTransport', 'true'))).toBe(false);
    expect(limitingCondition(clause('StringEquals', 'kms:ViaService', 's3.us-east-1.amazonaws.com'))).toBe(false);
    // An IP operator on an account key is a mismatch, not a limit.
    expect(limitingCondition(clause('IpAddress', 'aws:SourceAccount', '111122223333'))).toBe(false);
  });
});
