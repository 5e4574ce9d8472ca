/**
 * The fingerprint over grant subjects the plan knows only after apply, or reads from an object
 * the plan leaves as it is (audit 4a, F3): widening what an approved grant reaches changes it,
 * an edit that leaves it alone keeps it. Through the real pipeline, both loaders.
 */
import { describe, expect, it } from 'vitest';
import { analyzePlans } from '../../src/analyze.js';
import { loadPlanChunks, loadPlanJson } from '../../src/plan/load.js';
import { DEFAULT_POLICY } from '../../src/policy/config.js';
import { created, planJson, updated, type ChangeSpec } from '../support/plan-factory.js';

const EXISTING = { address: 'aws_s3_bucket.existing', type: 'aws_s3_bucket' };

/** The fingerprint of a blocking plan, the same whether the plan is parsed whole or read by the selective loader. */
function fingerprintOf(changes: ChangeSpec[], edit: (json: Record<string, unknown>) => void = () => {}, variables: Record<string, unknown> = {}): string {
  const json = planJson(changes, { priorResources: [EXISTING], variables });
  edit(json);
  const whole = analyzePlans([loadPlanJson(json, 'plan.json')], DEFAULT_POLICY).report;
  const selective = analyzePlans([loadPlanChunks([new TextEncoder().encode(JSON.stringify(json))], 'plan.json')], DEFAULT_POLICY).report;
  expect(whole.blocking, 'the plan must block for its fingerprint to mean anything').toBe(true);
  expect(selective.fingerprint).toBe(whole.fingerprint);
  return whole.fingerprint;
}

/** The first finding of the rule in the plan, analyzed as it is. */
function findingOf(json: Record<string, unknown>, ruleId: string) {
  return analyzePlans([loadPlanJson(json, 'plan.json')], DEFAULT_POLICY).report.plans[0]!.findings.find((item) => item.ruleId === ruleId)!;
}

const refs = (...references: string[]) => ({ references });
const admin = 'arn:aws:iam::aws:policy/AdministratorAccess';
const trust = (principal: unknown) => JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Principal: principal }] });
const ec2 = { Service: 'ec2.amazonaws.com' };
const otherAccount = { AWS: 'arn:aws:iam::999999999999:root' };

describe('fingerprint: the trust of a role the plan leaves as it is (audit 4a F3c)', () => {
  const attachment = created('aws_iam_role_policy_attachment', { policy_arn: admin, role: 'acme-deploy' }, { name: 'admin', afterUnknown: { id: true } });
  const unchanged = (principal: unknown): ChangeSpec => ({ type: 'aws_iam_role', name: 'deploy', actions: ['no-op'], before: { name: 'acme-deploy', assume_role_policy: trust(principal), tags: {} }, after: { name: 'acme-deploy', assume_role_policy: trust(principal), tags: {} } });
  const retagged = (principal: unknown) => updated('aws_iam_role', { name: 'acme-deploy', assume_role_policy: trust(principal), tags: {} }, { name: 'acme-deploy', assume_role_policy: trust(principal), tags: { team: 'x' } }, { name: 'deploy' });

  it('keeps it when a later push only edits the tags of the role the approved admin attachment is on', () => {
    expect(fingerprintOf([retagged(ec2), attachment])).toBe(fingerprintOf([unchanged(ec2), attachment]));
  });

  it('changes when the role left as it is trusts someone else, or a tag edit comes with a re-trust', () => {
    const approved = fingerprintOf([unchanged(ec2), attachment]);
    expect(fingerprintOf([unchanged(otherAccount), attachment])).not.toBe(approved);
    expect(fingerprintOf([retagged(otherAccount), attachment])).not.toBe(approved);
  });
});

describe('fingerprint: a grant subject looked up by a data source read during apply (audit 4a F3a)', () => {
  /** `data.aws_iam_role.target`, read during apply (a pending dependency): its name is known, what it finds is not. */
  const lookup = (arguments_: Record<string, unknown>, afterUnknown: Record<string, unknown> = {}): ChangeSpec => ({
    type: 'aws_iam_role',
    mode: 'data',
    name: 'target',
    actions: ['read'],
    after: arguments_,
    afterUnknown: { arn: true, id: true, assume_role_policy: true, ...afterUnknown },
    actionReason: 'read_because_dependency_pending',
    // A known argument is a constant; an unknown one refers to what the plan creates.
    expressions: Object.fromEntries([
      ...Object.entries(arguments_).map(([argument, value]) => [argument, { constant_value: value }]),
      ...Object.keys(afterUnknown).map((argument) => [argument, refs('aws_iam_role.new.name', 'aws_iam_role.new')]),
    ]),
  });
  const attach = created('aws_iam_role_policy_attachment', { policy_arn: admin }, { name: 'admin', afterUnknown: { id: true, role: true }, expressions: { role: refs('data.aws_iam_role.target.name', 'data.aws_iam_role.target'), policy_arn: { constant_value: admin } } });
  const marker = created('aws_cloudwatch_log_group', { name: 'x' }, { name: 'x' });

  it('changes when the looked-up role is retargeted from breakglass to the CI runner', () => {
    const approved = fingerprintOf([marker, lookup({ name: 'acme-breakglass' }), attach]);
    expect(fingerprintOf([marker, lookup({ name: 'acme-public-ci-runner' }), attach])).not.toBe(approved);
  });

  it('keeps it when the lookup and the grant are as approved, whatever else changes', () => {
    const approved = fingerprintOf([marker, lookup({ name: 'acme-breakglass' }), attach]);
    const other = created('aws_cloudwatch_log_group', { name: 'y', retention_in_days: 7 }, { name: 'y' });
    expect(fingerprintOf([other, lookup({ name: 'acme-breakglass' }), marker, attach])).toBe(approved);
  });

  it('fails closed when what the data source looks up is itself known only after apply', () => {
    const unknownName = [marker, lookup({}, { name: true }), attach];
    expect(fingerprintOf(unknownName)).toBe(fingerprintOf(unknownName));
    const finding = findingOf(planJson(unknownName, { priorResources: [EXISTING] }), 'iam-admin-policy');
    expect(JSON.stringify(finding.evidence)).toMatch(/"unbound:[0-9a-f-]{36}"/);
  });

  it('hashes a lookup argument the plan marks sensitive, never the value', () => {
    const secret = { ...lookup({ name: 'acme-hidden-role-name' }), afterSensitive: { name: true } };
    const finding = findingOf(planJson([marker, secret, attach], { priorResources: [EXISTING] }), 'iam-admin-policy');
    expect(JSON.stringify(finding.evidence)).not.toContain('acme-hidden-role-name');
    expect(JSON.stringify(finding.evidence)).toContain('sensitiveSha256');
  });
});

describe('fingerprint: a subject picked by each.value binds the for_each that picks it (audit 4a F3b)', () => {
  const groups = ['bastion', 'prod_database'].map((key) => created('aws_security_group', { name: key, ingress: [] }, { address: `aws_security_group.sg["${key}"]`, name: 'sg', afterUnknown: { id: true, vpc_id: true } }));
  /** `aws_security_group_rule.ingress["ssh"]`, SSH open to the world on `security_group_id` (known after apply) from `references`. */
  const rule = (...references: string[]) =>
    created('aws_security_group_rule', { cidr_blocks: ['0.0.0.0/0'], from_port: 22, to_port: 22, protocol: 'tcp', type: 'ingress', self: false }, { address: 'aws_security_group_rule.ingress["ssh"]', name: 'ingress', afterUnknown: { id: true, security_group_id: true }, expressions: { security_group_id: refs(...references) } });
  /** Sets the rule block's `for_each_expression` in the plan's configuration (absent: left out, as Terraform does for `toset([...])`). */
  const forEach = (expression: unknown) => (json: Record<string, unknown>) => {
    const blocks = (json['configuration'] as { root_module: { resources: Record<string, unknown>[] } }).root_module.resources;
    const block = blocks.find((entry) => entry['address'] === 'aws_security_group_rule.ingress')!;
    if (expression !== undefined) block['for_each_expression'] = expression;
  };
  const picking = [...groups, rule('aws_security_group.sg', 'each.value')];

  it('changes when the rule\'s for_each picks the database group instead of the bastion', () => {
    const approved = fingerprintOf(picking, forEach({ constant_value: { ssh: 'bastion' } }));
    expect(fingerprintOf(picking, forEach({ constant_value: { ssh: 'prod_database' } }))).not.toBe(approved);
    expect(fingerprintOf(picking, forEach({ constant_value: { ssh: 'bastion' } }))).toBe(approved);
  });

  it('follows a for_each that refers to a variable or a resource: its value or its source is bound', () => {
    const byVariable = (value: unknown) => fingerprintOf(picking, forEach({ references: ['var.pick'] }), { pick: value });
    expect(byVariable({ ssh: 'prod_database' })).not.toBe(byVariable({ ssh: 'bastion' }));
    const valueRule = [...groups, rule('each.value')];
    const byGroup = (name: string) => fingerprintOf(valueRule, forEach({ references: [`aws_security_group.sg["${name}"].id`, `aws_security_group.sg["${name}"]`, 'aws_security_group.sg'] }));
    expect(byGroup('prod_database')).not.toBe(byGroup('bastion'));
  });

  it('fails closed when the for_each refers to what the plan does not carry (a local value)', () => {
    const json = planJson(picking, { priorResources: [EXISTING] });
    forEach({ references: ['local.picks'] })(json);
    const finding = findingOf(json, 'network-open-ingress');
    expect(JSON.stringify(finding.evidence)).toMatch(/"unbound:[0-9a-f-]{36}"/);
  });

  it('keeps the binding of each.key and count.index (the instance key, in the address) and of a for_each the plan leaves out', () => {
    const byKey = [...groups, rule('aws_security_group.sg', 'each.key')];
    expect(fingerprintOf(byKey, forEach({ constant_value: { ssh: 'bastion' } }))).toBe(fingerprintOf(byKey, forEach({ constant_value: { ssh: 'prod_database' } })));
    // Not bound to a marker either: the same plan analyzed twice keeps its approval.
    expect(fingerprintOf(picking, forEach(undefined))).toBe(fingerprintOf(picking, forEach(undefined)));
  });

  it('names the objects in the message, not the for_each digest', () => {
    const json = planJson(picking, { priorResources: [EXISTING] });
    forEach({ constant_value: { ssh: 'bastion' } })(json);
    expect(findingOf(json, 'network-open-ingress').message).toContain('Its security_group_id is known only after apply: aws_security_group.sg.');
  });
});
