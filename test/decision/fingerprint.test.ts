/**
 * The fingerprint over the substance (decision/fingerprint.ts), case by case through the real
 * pipeline: widening what a blocking finding is about changes it; anything else keeps it.
 */
import { describe, expect, it } from 'vitest';
import { analyzePlans } from '../../src/analyze.js';
import { findingSubject, fingerprint, subjectDigest } from '../../src/decision/fingerprint.js';
import { changesSinceApproval } from '../../src/decision/changes.js';
import { loadPlanJson } from '../../src/plan/load.js';
import { DEFAULT_POLICY } from '../../src/policy/config.js';
import { renderJson } from '../../src/render/json.js';
import type { Finding } from '../../src/rules/types.js';
import { created, deleted, planJson, replaced, updated, type ChangeSpec, type PlanOptions } from '../support/plan-factory.js';

/** A state that is not empty, so that empty-prior-state (about creates into an empty state) stays out of the way. */
const EXISTING = { address: 'aws_s3_bucket.existing', type: 'aws_s3_bucket' };

function analysis(changes: ChangeSpec[], options: PlanOptions = {}, edit: (json: Record<string, unknown>) => void = () => {}) {
  const prior = changes.filter((change) => change.before !== undefined).map((change) => ({ address: `${change.type}.${change.name ?? 'this'}`, type: change.type }));
  const json = planJson(changes, { priorResources: [EXISTING, ...prior], ...options });
  edit(json);
  return analyzePlans([loadPlanJson(json, 'plan.json')], DEFAULT_POLICY);
}

function fingerprintOf(changes: ChangeSpec[], options: PlanOptions = {}, edit?: (json: Record<string, unknown>) => void): string {
  const { report } = analysis(changes, options, edit);
  expect(report.blocking, 'the plan must block for its fingerprint to mean anything').toBe(true);
  return report.fingerprint;
}

const policy = (statements: unknown[]) => JSON.stringify({ Version: '2012-10-17', Statement: statements });
const iamPolicy = (statements: unknown[], name = 'app') => created('aws_iam_policy', { name, policy: policy(statements) }, { name });
const bucketRead = { Sid: 'Read', Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::logs/*' };
const s3All = { Sid: 'Data', Effect: 'Allow', Action: 's3:*', Resource: 'arn:aws:s3:::data/*' };

/** An unrelated, harmless change. */
const unrelated = (name: string, tags: Record<string, string> = {}) => created('aws_cloudwatch_log_group', { name, retention_in_days: 30, tags }, { name });

describe('fingerprint: IAM evidence is the flagged statement', () => {
  const base = fingerprintOf([iamPolicy([bucketRead, s3All])]);

  it('changes when s3:* widens to *', () => {
    expect(fingerprintOf([iamPolicy([bucketRead, { ...s3All, Action: '*' }])])).not.toBe(base);
  });

  it('changes when the flagged statement gains a resource, an action or a principal, or loses a condition', () => {
    expect(fingerprintOf([iamPolicy([bucketRead, { ...s3All, Resource: ['arn:aws:s3:::data/*', 'arn:aws:s3:::billing/*'] }])])).not.toBe(base);
    expect(fingerprintOf([iamPolicy([bucketRead, { ...s3All, Action: ['s3:*', 'iam:PassRole'] }])])).not.toBe(base);
    const conditioned = fingerprintOf([iamPolicy([{ ...s3All, Condition: { StringEquals: { 'aws:SourceVpc': 'vpc-1' } } }])]);
    expect(fingerprintOf([iamPolicy([s3All])])).not.toBe(conditioned);
    const bucketPolicy = (principal: unknown) =>
      created('aws_s3_bucket_policy', { bucket: 'b', policy: policy([{ Effect: 'Allow', Principal: principal, Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' }]) });
    // iam-public-principal is high: blocking.
    expect(fingerprintOf([bucketPolicy('*')])).not.toBe(fingerprintOf([bucketPolicy({ AWS: '*' })]));
  });

  it('keeps it when only the order, Sids, letter case of actions, JSON layout or unflagged statements change', () => {
    expect(fingerprintOf([iamPolicy([s3All, bucketRead])])).toBe(base);
    expect(fingerprintOf([iamPolicy([{ ...bucketRead, Sid: 'Other' }, { ...s3All, Sid: 'Renamed' }])])).toBe(base);
    expect(fingerprintOf([iamPolicy([bucketRead, { ...s3All, Action: 'S3:*' }])])).toBe(base);
    const spaced = created('aws_iam_policy', { name: 'app', policy: JSON.stringify({ Statement: [bucketRead, s3All], Version: '2012-10-17' }, null, 2) }, { name: 'app' });
    expect(fingerprintOf([spaced])).toBe(base);
    expect(fingerprintOf([iamPolicy([bucketRead, s3All, { Effect: 'Allow', Action: 'sqs:SendMessage', Resource: 'arn:aws:sqs:eu-west-1:1:q' }])])).toBe(base);
  });

  it('keeps it across unrelated creates and updates, versions, plan order and timestamps', () => {
    expect(fingerprintOf([unrelated('a'), iamPolicy([bucketRead, s3All]), unrelated('b', { built: '2026-12-05T17:00:00Z' })])).toBe(base);
    expect(
      fingerprintOf([iamPolicy([bucketRead, s3All]), updated('aws_cloudwatch_log_group', { name: 'c', tags: { at: '1' } }, { name: 'c', tags: { at: '2' } })]),
    ).toBe(base);
    expect(
      fingerprintOf([iamPolicy([bucketRead, s3All])], {}, (json) => {
        json['terraform_version'] = '1.12.0';
        json['timestamp'] = '2026-12-05T17:00:00Z';
      }),
    ).toBe(base);
  });
});

describe('fingerprint: ingress evidence is ports, protocols and sources', () => {
  const rule = (fields: Record<string, unknown>) => ({ description: 'db', from_port: 5432, to_port: 5432, protocol: 'tcp', cidr_blocks: ['0.0.0.0/0'], ipv6_cidr_blocks: [], prefix_list_ids: [], security_groups: [], self: false, ...fields });
  const group = (ingress: unknown[], extra: Record<string, unknown> = {}) => created('aws_security_group', { name: 'db', ingress, egress: [], ...extra }, { name: 'db' });
  const base = fingerprintOf([group([rule({})])]);

  it('changes when 5432 widens to every port plus 22 and 3389', () => {
    expect(fingerprintOf([group([rule({ from_port: 0, to_port: 65535 }), rule({ from_port: 22, to_port: 22 }), rule({ from_port: 3389, to_port: 3389 })])])).not.toBe(base);
    expect(fingerprintOf([group([rule({}), rule({ from_port: 22, to_port: 22 })])])).not.toBe(base);
  });

  it('changes with the protocol or one more world-open source', () => {
    expect(fingerprintOf([group([rule({ protocol: '-1' })])])).not.toBe(base);
    expect(fingerprintOf([group([rule({ ipv6_cidr_blocks: ['::/0'] })])])).not.toBe(base);
  });

  it('keeps it when the rules are reordered or described differently, or other attributes and resources change', () => {
    const ssh = rule({ from_port: 22, to_port: 22 });
    expect(fingerprintOf([group([ssh, rule({})])])).toBe(fingerprintOf([group([rule({}), ssh])]));
    expect(fingerprintOf([group([rule({ description: 'postgres from anywhere' })])])).toBe(base);
    expect(fingerprintOf([group([rule({})], { tags: { Owner: 'data' } }), unrelated('x')])).toBe(base);
  });
});

describe('fingerprint: who receives a grant and what it opens (audit F3)', () => {
  const admin = 'arn:aws:iam::aws:policy/AdministratorAccess';
  const everything = policy([{ Effect: 'Allow', Action: '*', Resource: '*' }]);
  // Each pair: approved as the first, pushed as the second; the grant is the same, its subject is not.
  const pairs: Record<string, [ChangeSpec, ChangeSpec]> = {
    'an admin attachment gains users, a role and a group': [
      created('aws_iam_policy_attachment', { name: 'admin', policy_arn: admin, users: ['breakglass'], roles: [], groups: [] }, { name: 'admin' }),
      created('aws_iam_policy_attachment', { name: 'admin', policy_arn: admin, users: ['breakglass', 'mallory', 'ci-bot'], roles: ['public-runner'], groups: ['everyone'] }, { name: 'admin' }),
    ],
    'an admin attachment moves to another role': [
      created('aws_iam_role_policy_attachment', { role: 'breakglass', policy_arn: admin }, { name: 'admin' }),
      created('aws_iam_role_policy_attachment', { role: 'public-ci-runner', policy_arn: admin }, { name: 'admin' }),
    ],
    'an inline Action:* policy moves to another role': [
      created('aws_iam_role_policy', { name: 'p', role: 'breakglass', policy: everything }, { name: 'p' }),
      created('aws_iam_role_policy', { name: 'p', role: 'public-ci-runner', policy: everything }, { name: 'p' }),
    ],
    'a public lambda permission moves to another function and every action': [
      created('aws_lambda_permission', { action: 'lambda:InvokeFunction', function_name: 'hello-world', principal: '*', statement_id: 'pub' }, { name: 'url' }),
      created('aws_lambda_permission', { action: 'lambda:*', function_name: 'admin-api', principal: '*', statement_id: 'pub' }, { name: 'url' }),
    ],
    'a world-open SSH rule moves to another security group': [
      created('aws_security_group_rule', { type: 'ingress', from_port: 22, to_port: 22, protocol: 'tcp', cidr_blocks: ['0.0.0.0/0'], security_group_id: 'sg-bastion' }, { name: 'ssh' }),
      created('aws_security_group_rule', { type: 'ingress', from_port: 22, to_port: 22, protocol: 'tcp', cidr_blocks: ['0.0.0.0/0'], security_group_id: 'sg-prod-database' }, { name: 'ssh' }),
    ],
    'a world-open SSH ingress moves to the default security group of another VPC (audit 2, A1)': [
      created('aws_default_security_group', { vpc_id: 'vpc-sandbox', ingress: [{ from_port: 22, to_port: 22, protocol: 'tcp', cidr_blocks: ['0.0.0.0/0'] }] }, { name: 'default' }),
      created('aws_default_security_group', { vpc_id: 'vpc-prod', ingress: [{ from_port: 22, to_port: 22, protocol: 'tcp', cidr_blocks: ['0.0.0.0/0'] }] }, { name: 'default' }),
    ],
    'an admin role is trusted by another AWS account instead of EC2 (audit 2, A3)': [
      created('aws_iam_role', { name: 'ops', managed_policy_arns: [admin], assume_role_policy: policy([{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }]) }, { name: 'ops' }),
      created('aws_iam_role', { name: 'ops', managed_policy_arns: [admin], assume_role_policy: policy([{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::999999999999:root' }, Action: 'sts:AssumeRole' }]) }, { name: 'ops' }),
    ],
    'an Azure Owner assignment goes to another principal': [
      created('azurerm_role_assignment', { scope: '/subscriptions/0000', role_definition_name: 'Owner', principal_id: '11111111-1111-1111-1111-111111111111' }, { name: 'owner' }),
      created('azurerm_role_assignment', { scope: '/subscriptions/0000', role_definition_name: 'Owner', principal_id: '99999999-9999-9999-9999-999999999999' }, { name: 'owner' }),
    ],
    'a GCP owner binding moves to another project': [
      created('google_project_iam_member', { project: 'sandbox-123', role: 'roles/owner', member: 'user:alice@acme.example' }, { name: 'owner' }),
      created('google_project_iam_member', { project: 'prod-billing-456', role: 'roles/owner', member: 'user:alice@acme.example' }, { name: 'owner' }),
    ],
    'an allUsers bucket binding moves to another bucket': [
      created('google_storage_bucket_iam_member', { bucket: 'public-assets', role: 'roles/storage.objectViewer', member: 'allUsers' }, { name: 'pub' }),
      created('google_storage_bucket_iam_member', { bucket: 'customer-pii-exports', role: 'roles/storage.objectViewer', member: 'allUsers' }, { name: 'pub' }),
    ],
  };

  for (const [widening, [approved, pushed]] of Object.entries(pairs)) {
    it(`changes when ${widening}`, () => {
      expect(fingerprintOf([pushed])).not.toBe(fingerprintOf([approved]));
    });
  }

  it('keeps it when the grantees are listed in another order, or the statement id or unrelated resources change', () => {
    const attachment = (users: string[]) => created('aws_iam_policy_attachment', { name: 'admin', policy_arn: admin, users, roles: [], groups: [] }, { name: 'admin' });
    expect(fingerprintOf([attachment(['mallory', 'breakglass'])])).toBe(fingerprintOf([attachment(['breakglass', 'mallory'])]));
    const [lambda] = pairs['a public lambda permission moves to another function and every action']!;
    expect(fingerprintOf([{ ...lambda, after: { ...(lambda.after as object), statement_id: 'renamed' } }, unrelated('x')])).toBe(fingerprintOf([lambda]));
    const [rule] = pairs['a world-open SSH rule moves to another security group']!;
    expect(fingerprintOf([{ ...rule, after: { ...(rule.after as object), description: 'ssh from anywhere' } }])).toBe(fingerprintOf([rule]));
  });

  it('reports an update that gives an admin attachment to more principals (the grant is new for them)', () => {
    const before = { name: 'admin', policy_arn: admin, users: ['breakglass'], roles: [], groups: [] };
    const widened = analysis([updated('aws_iam_policy_attachment', before, { ...before, users: ['breakglass', 'mallory'] }, { name: 'admin' })]);
    expect(widened.report.plans[0]!.findings.map((finding) => finding.ruleId)).toContain('iam-admin-policy');
    const untouched = analysis([updated('aws_iam_policy_attachment', before, { ...before, name: 'admin' }, { name: 'admin' })]);
    expect(untouched.report.plans[0]!.findings.map((finding) => finding.ruleId)).not.toContain('iam-admin-policy');
  });

  it('binds a sensitive grantee only as a hash', () => {
    const attachment = created('aws_iam_role_policy_attachment', { role: 'secret-role-name-42', policy_arn: admin }, { name: 'admin', afterSensitive: { role: true } });
    const finding = analysis([attachment]).report.plans[0]!.findings.find((item) => item.ruleId === 'iam-admin-policy')!;
    expect(findingSubject(finding)).not.toContain('secret-role-name-42');
    expect(fingerprintOf([attachment])).not.toBe(fingerprintOf([{ ...attachment, after: { role: 'other-secret-role', policy_arn: admin } }]));
  });
});

describe('fingerprint: a deposed object is not the current one (audit F3)', () => {
  const db = { identifier: 'orders', engine: 'postgres', deletion_protection: false };
  const current = (actions: string[]) => ({ type: 'aws_db_instance', name: 'orders', actions, before: db, after: actions.includes('delete') ? null : db }) satisfies ChangeSpec;
  const deposed = { ...deleted('aws_db_instance', db, { name: 'orders' }), deposed: 'abcd1234' };

  it('changes when the cleanup of a deposed object becomes the delete of the live database', () => {
    const cleanup = fingerprintOf([current(['no-op']), deposed]);
    expect(fingerprintOf([deleted('aws_db_instance', db, { name: 'orders' })])).not.toBe(cleanup);
    expect(fingerprintOf([deleted('aws_db_instance', db, { name: 'orders' }), deposed])).not.toBe(cleanup);
    expect(fingerprintOf([current(['no-op']), { ...deposed, deposed: 'ffff0000' }])).not.toBe(cleanup);
  });

  it('keeps the subject of a current object as it was, and the deposed key out of the JSON report', () => {
    const { report } = analysis([current(['no-op']), deposed]);
    const finding = report.plans[0]!.findings.find((item) => item.ruleId === 'stateful-delete')!;
    expect(findingSubject(finding)).toContain('abcd1234');
    const live = analysis([deleted('aws_db_instance', db, { name: 'orders' })]).report.plans[0]!.findings.find((item) => item.ruleId === 'stateful-delete')!;
    expect(findingSubject(live)).not.toContain('deposed');
    expect(JSON.parse(renderJson(report)).plans[0].findings[0]).not.toHaveProperty('deposedKey');
  });
});

describe('fingerprint: a mass delete is bound to the set of destroyed addresses', () => {
  // Not stateful: only mass-delete fires, so only its evidence can tell the plans apart.
  const buckets = (count: number, prefix = 'b') =>
    Array.from({ length: count }, (_, index) => deleted('terraform_data', { id: `${prefix}${index}` }, { name: `${prefix}${index}` }));
  const base = fingerprintOf(buckets(10));

  it('fires mass-delete alone', () => {
    expect(analysis(buckets(10)).report.plans[0]!.findings.map((finding) => finding.ruleId)).toEqual(['mass-delete']);
  });

  it('changes when 10 deletes grow to 400, or become 10 other ones', () => {
    expect(fingerprintOf(buckets(400))).not.toBe(base);
    expect(fingerprintOf(buckets(11))).not.toBe(base);
    expect(fingerprintOf(buckets(10, 'c'))).not.toBe(base);
  });

  it('keeps it when the plan lists them in another order, next to unrelated creates', () => {
    expect(fingerprintOf([unrelated('new'), ...buckets(10).reverse()])).toBe(base);
  });
});

describe('fingerprint: a stateful replace is bound to its forcing attributes', () => {
  const db = (after: Record<string, unknown>, replacePaths: string[][], extra: Partial<ChangeSpec> = {}) =>
    replaced('aws_db_instance', { identifier: 'orders', engine: 'postgres', availability_zone: 'eu-west-1a', id: 'db-1' }, { identifier: 'orders', engine: 'postgres', ...after }, { name: 'orders', replacePaths, ...extra });
  const base = fingerprintOf([db({ availability_zone: 'eu-west-1b' }, [['availability_zone']])]);

  it('changes with one more forcing attribute, or a forcing attribute set to another value', () => {
    expect(fingerprintOf([db({ availability_zone: 'eu-west-1b', engine: 'mysql' }, [['availability_zone'], ['engine']])])).not.toBe(base);
    expect(fingerprintOf([db({ availability_zone: 'eu-west-1c' }, [['availability_zone']])])).not.toBe(base);
  });

  it('keeps it when ids, tags and other non-forcing attributes change', () => {
    expect(fingerprintOf([db({ availability_zone: 'eu-west-1b', tags: { at: '2026-12-05' } }, [['availability_zone']], { afterUnknown: { id: true } })])).toBe(base);
  });

  it('binds a sensitive forcing value only as a hash: never the value, but a new secret is a new fingerprint', () => {
    const secretDb = (password: string) => db({ password }, [['password']], { afterSensitive: { password: true }, beforeSensitive: { password: true } });
    const { report } = analysis([secretDb('hunter2-correct-horse')]);
    const replace = report.plans[0]!.findings.find((finding) => finding.ruleId === 'stateful-replace')!;
    expect(JSON.stringify(replace)).not.toContain('hunter2-correct-horse');
    expect(findingSubject(replace)).not.toContain('hunter2-correct-horse');
    expect(renderJson(report)).not.toContain('sensitiveSha256');
    expect(fingerprintOf([secretDb('hunter2-correct-horse')])).toBe(report.fingerprint);
    expect(fingerprintOf([secretDb('another-secret-value')])).not.toBe(report.fingerprint);
  });

  it('never holds a variable value in the evidence, even where the plan does not mark it sensitive', () => {
    const { report } = analysis([db({ availability_zone: 'zone-from-variable' }, [['availability_zone']])], { variables: { zone: 'zone-from-variable' } });
    const replace = report.plans[0]!.findings.find((finding) => finding.ruleId === 'stateful-replace')!;
    expect(JSON.stringify(replace.evidence)).not.toContain('zone-from-variable');
  });
});

describe('fingerprint: guards are bound to their values', () => {
  it('changes when a retention cut deepens or another guard is switched off; keeps it for unrelated updates', () => {
    const retention = (after: number, extra: Record<string, unknown> = {}) =>
      updated('aws_db_instance', { identifier: 'orders', backup_retention_period: 7, deletion_protection: true, ...extra }, { identifier: 'orders', backup_retention_period: after, deletion_protection: true, ...extra }, { name: 'orders' });
    const blockOnMedium = (changes: ChangeSpec[]) =>
      analyzePlans([loadPlanJson(planJson(changes, { priorResources: [EXISTING, { address: 'aws_db_instance.orders', type: 'aws_db_instance' }] }), 'plan.json')], { ...DEFAULT_POLICY, blockOn: 'medium' }).report;
    const base = blockOnMedium([retention(3)]);
    expect(base.blocking).toBe(true);
    expect(blockOnMedium([retention(1)]).fingerprint).not.toBe(base.fingerprint);
    expect(blockOnMedium([retention(3, { tags: { a: 'b' } }), unrelated('z')]).fingerprint).toBe(base.fingerprint);

    const protection = (after: Record<string, unknown>) =>
      updated('aws_db_instance', { identifier: 'orders', deletion_protection: true, skip_final_snapshot: false }, { identifier: 'orders', deletion_protection: true, skip_final_snapshot: false, ...after }, { name: 'orders' });
    const off = fingerprintOf([protection({ deletion_protection: false })]);
    expect(fingerprintOf([protection({ deletion_protection: false, skip_final_snapshot: true })])).not.toBe(off);
  });
});

describe('fingerprint and subjects', () => {
  const finding = (fields: Partial<Finding>): Finding => ({
    ruleId: 'network-open-ingress', severity: 'high', address: 'aws_security_group.db', resourceType: 'aws_security_group', actions: ['create'],
    message: 'm', remediation: null, details: [], suppressed: null, ...fields,
  });

  it('a subject is canonical: evidence key order does not matter, evidence content does', () => {
    expect(findingSubject(finding({ evidence: { a: 1, b: [2, 3] } }))).toBe(findingSubject(finding({ evidence: { b: [2, 3], a: 1 } })));
    expect(subjectDigest(finding({ evidence: { a: 1 } }))).not.toBe(subjectDigest(finding({ evidence: { a: 2 } })));
    expect(subjectDigest(finding({}))).toMatch(/^[0-9a-f]{16}$/);
    expect(fingerprint([finding({ evidence: 'x' })])).not.toBe(fingerprint([finding({})]));
  });

  it('changesSinceApproval names the changed, new and gone findings by rule and address', () => {
    const approved = [
      { ruleId: 'network-open-ingress', address: 'aws_security_group.db', subject: 'aaa' },
      { ruleId: 'mass-delete', address: null, subject: 'bbb' },
      { ruleId: 'stateful-delete', address: 'aws_db_instance.old', subject: 'ccc' },
    ];
    const current = [
      { ruleId: 'network-open-ingress', address: 'aws_security_group.db', subject: 'ddd' },
      { ruleId: 'mass-delete', address: null, subject: 'bbb' },
      { ruleId: 'iam-wildcard-action', address: 'aws_iam_policy.app', subject: 'eee' },
    ];
    expect(changesSinceApproval({ findings: approved, total: 3 }, current)).toEqual({
      changed: [{ ruleId: 'network-open-ingress', address: 'aws_security_group.db' }],
      added: [{ ruleId: 'iam-wildcard-action', address: 'aws_iam_policy.app' }],
      gone: [{ ruleId: 'stateful-delete', address: 'aws_db_instance.old' }],
    });
    // A stored list cut short, or written before subjects were kept, tells nothing.
    expect(changesSinceApproval({ findings: approved, total: 150 }, current)).toBeNull();
    expect(changesSinceApproval({ findings: [{ ruleId: 'mass-delete', address: null }], total: 1 }, current)).toBeNull();
  });
});
