/**
 * The fingerprint binds who receives a grant and what it opens even when the plan knows it only
 * after apply (audit 2, A1), and the trust policy of the role a grant reaches (audit 2, A3): case
 * by case through the real pipeline, in the shapes of real plans (the corpus' checkov plans:
 * `aws_security_group_rule.ingress` on `security_group_id = aws_security_group.default.id`,
 * `aws_iam_role_policy.ec2policy` on `role = aws_iam_role.ec2role.id`, both known after apply).
 */
import { describe, expect, it, vi } from 'vitest';
import { analyzePlans } from '../../src/analyze.js';
import { findingSubject } from '../../src/decision/fingerprint.js';
import { loadPlanChunks, loadPlanJson } from '../../src/plan/load.js';
import { DEFAULT_POLICY } from '../../src/policy/config.js';
import { created, planJson, updated, type ChangeSpec } from '../support/plan-factory.js';

const EXISTING = { address: 'aws_s3_bucket.existing', type: 'aws_s3_bucket' };

function report(changes: ChangeSpec[], edit: (json: Record<string, unknown>) => void = () => {}, prior: { address: string; type: string }[] = []) {
  const json = planJson(changes, { priorResources: [EXISTING, ...prior] });
  edit(json);
  return analyzePlans([loadPlanJson(json, 'plan.json')], DEFAULT_POLICY).report;
}

function fingerprintOf(changes: ChangeSpec[], edit?: (json: Record<string, unknown>) => void, prior?: { address: string; type: string }[]): string {
  const result = report(changes, edit, prior);
  expect(result.blocking, 'the plan must block for its fingerprint to mean anything').toBe(true);
  return result.fingerprint;
}

const refs = (...references: string[]) => ({ references });
const policy = (statements: unknown[]) => JSON.stringify({ Version: '2012-10-17', Statement: statements });
const admin = 'arn:aws:iam::aws:policy/AdministratorAccess';
const everything = policy([{ Effect: 'Allow', Action: '*', Resource: '*' }]);
const trust = (principal: unknown, extra: Record<string, unknown> = {}) => policy([{ Action: 'sts:AssumeRole', Principal: principal, Effect: 'Allow', Sid: '', ...extra }]);
const ec2 = { Service: 'ec2.amazonaws.com' };
const otherAccount = { AWS: 'arn:aws:iam::999999999999:root' };

/** Two security groups the plan creates: their ids are known only after apply. */
const groups = ['bastion', 'prod_database'].map((name) => created('aws_security_group', { name, ingress: [] }, { name, afterUnknown: { id: true, vpc_id: true } }));

/** The corpus' `aws_security_group_rule.ingress`, opened to the world on 22, on a group the plan creates. */
function sshRule(expression: unknown, after: Record<string, unknown> = {}): ChangeSpec {
  return created(
    'aws_security_group_rule',
    { cidr_blocks: ['0.0.0.0/0'], description: null, from_port: 22, ipv6_cidr_blocks: null, prefix_list_ids: null, protocol: 'tcp', self: false, to_port: 22, type: 'ingress', ...after },
    { name: 'ingress', afterUnknown: { cidr_blocks: [false], id: true, security_group_id: true, source_security_group_id: true }, ...(expression === undefined ? {} : { expressions: { security_group_id: expression, from_port: { constant_value: '22' } } }) },
  );
}

/** Two roles the plan creates. */
const role = (name: string, principal: unknown = ec2, extra: Partial<ChangeSpec> = {}) =>
  created('aws_iam_role', { name: `acme-${name}`, assume_role_policy: trust(principal), path: '/', tags: {} }, { name, afterUnknown: { arn: true, id: true, unique_id: true }, ...extra });

/** An AdministratorAccess attachment on a role the plan creates: its `role` is known only after apply. */
const attachment = (roleName: string) =>
  created('aws_iam_role_policy_attachment', { policy_arn: admin }, { name: 'admin', afterUnknown: { id: true, role: true }, expressions: { role: refs(`aws_iam_role.${roleName}.name`, `aws_iam_role.${roleName}`), policy_arn: { constant_value: admin } } });

describe('fingerprint: a grant subject known only after apply is bound by what the configuration takes it from (audit 2, A1)', () => {
  it('changes when the approved 22-open rule is retargeted from the bastion group to the database group', () => {
    const bastion = fingerprintOf([...groups, sshRule(refs('aws_security_group.bastion.id', 'aws_security_group.bastion'))]);
    expect(fingerprintOf([...groups, sshRule(refs('aws_security_group.prod_database.id', 'aws_security_group.prod_database'))])).not.toBe(bastion);
  });

  it('changes when the approved admin attachment moves from the breakglass role to the CI runner role', () => {
    const roles = [role('breakglass'), role('public_ci_runner')];
    expect(fingerprintOf([...roles, attachment('public_ci_runner')])).not.toBe(fingerprintOf([...roles, attachment('breakglass')]));
  });

  it('keeps it when the references are listed in another order, or the rule, its description or unrelated resources change otherwise', () => {
    const base = fingerprintOf([...groups, sshRule(refs('aws_security_group.bastion.id', 'aws_security_group.bastion'))]);
    expect(fingerprintOf([...groups, sshRule(refs('aws_security_group.bastion', 'aws_security_group.bastion.id'), { description: 'ssh from anywhere' })])).toBe(base);
    expect(fingerprintOf([created('aws_cloudwatch_log_group', { name: 'x' }, { name: 'x' }), ...[...groups].reverse(), sshRule(refs('aws_security_group.bastion.id', 'aws_security_group.bastion'))])).toBe(base);
  });

  it('follows a module input to what its call passes, and a module output to its expression', () => {
    const inModule = (callReferences: string[]) => (json: Record<string, unknown>) => {
      const changes = json['resource_changes'] as Record<string, unknown>[];
      const rule = changes.find((change) => change['type'] === 'aws_security_group_rule')!;
      Object.assign(rule, { address: 'module.edge.aws_security_group_rule.ingress', module_address: 'module.edge' });
      json['configuration'] = {
        root_module: {
          resources: [{ address: 'aws_security_group.bastion', expressions: {} }, { address: 'aws_security_group.prod_database', expressions: {} }],
          module_calls: {
            edge: {
              expressions: { group_id: refs(...callReferences) },
              module: { resources: [{ address: 'aws_security_group_rule.ingress', expressions: { security_group_id: refs('var.group_id') } }], variables: { group_id: {} } },
            },
          },
        },
      };
    };
    const viaInput = (group: string) => fingerprintOf([...groups, sshRule(undefined)], inModule([`aws_security_group.${group}.id`, `aws_security_group.${group}`]));
    expect(viaInput('prod_database')).not.toBe(viaInput('bastion'));
    expect(viaInput('bastion')).toBe(viaInput('bastion'));

    const viaOutput = (group: string) =>
      fingerprintOf([...groups, sshRule(refs('module.network.group_id', 'module.network'))], (json) => {
        const configuration = json['configuration'] as { root_module: Record<string, unknown> };
        configuration.root_module['module_calls'] = {
          network: { module: { outputs: { group_id: { expression: refs(`aws_security_group.${group}.id`, `aws_security_group.${group}`) } } } },
        };
      });
    expect(viaOutput('prod_database')).not.toBe(viaOutput('bastion'));

    // The selective loader (what the CLI and the action run) keeps the same sources as a full parse.
    const json = planJson([...groups, sshRule(undefined)], { priorResources: [EXISTING] });
    inModule(['aws_security_group.bastion.id', 'aws_security_group.bastion'])(json);
    const selective = loadPlanChunks([Buffer.from(JSON.stringify(json))], 'plan.json');
    const rule = selective.changes.find((change) => change.type === 'aws_security_group_rule')!;
    expect(rule.subjectSources).toEqual(new Map([['security_group_id', ['aws_security_group.bastion', 'aws_security_group.bastion.id']]]));
    expect(selective).toEqual(loadPlanJson(json, 'plan.json'));
  });

  it('binds the members of a list known only after apply by their sources', () => {
    const users = (user: string) =>
      created('aws_iam_policy_attachment', { name: 'admin', policy_arn: admin, users: ['breakglass', null], roles: [], groups: [] }, {
        name: 'admin',
        afterUnknown: { id: true, users: [false, true] },
        expressions: { users: refs('aws_iam_user.breakglass', `aws_iam_user.${user}.name`, `aws_iam_user.${user}`) },
      });
    expect(fingerprintOf([users('public_ci')])).not.toBe(fingerprintOf([users('oncall')]));
    expect(fingerprintOf([users('oncall')])).toBe(fingerprintOf([users('oncall')]));
  });

  it('names where the subject comes from in the message, or says that the plan does not', () => {
    const message = (changes: ChangeSpec[], ruleId: string) => report(changes).plans[0]!.findings.find((finding) => finding.ruleId === ruleId)!.message;
    expect(message([...groups, sshRule(refs('aws_security_group.bastion.id', 'aws_security_group.bastion'))], 'network-open-ingress')).toContain(
      'to the whole internet ("0.0.0.0/0"). Its security_group_id is known only after apply: aws_security_group.bastion.',
    );
    expect(message([role('breakglass'), attachment('breakglass')], 'iam-admin-policy')).toContain('Its role is known only after apply: aws_iam_role.breakglass.');
    expect(message([...groups, sshRule(refs('local.group_id'))], 'network-open-ingress')).toContain(
      'Its security_group_id is known only after apply and the plan does not say what it refers to, so an approval covers this analysis only.',
    );
    expect(message([...groups, sshRule(undefined, { security_group_id: 'sg-0bastion' })].map((change) => ({ ...change, afterUnknown: {} })), 'network-open-ingress')).not.toContain('known only after apply');
  });

  it('binds the provider default when the configuration does not set the subject (a default VPC)', () => {
    const group = (extra: Partial<ChangeSpec>) =>
      created('aws_security_group', { name: 'web', ingress: [{ from_port: 22, to_port: 22, protocol: 'tcp', cidr_blocks: ['0.0.0.0/0'] }] }, { name: 'web', afterUnknown: { id: true, vpc_id: true }, ...extra });
    const defaultVpc = fingerprintOf([group({ expressions: { name: { constant_value: 'web' } } })]);
    expect(fingerprintOf([group({ expressions: { name: { constant_value: 'web' } } })])).toBe(defaultVpc);
    expect(fingerprintOf([group({ expressions: { name: { constant_value: 'web' }, vpc_id: refs('aws_vpc.prod.id', 'aws_vpc.prod') } })])).not.toBe(defaultVpc);
  });

  describe('fails closed where the plan does not say what the subject is', () => {
    const cases: Record<string, ChangeSpec[]> = {
      'no configuration section (an older or trimmed plan)': [...groups.map((group) => ({ ...group, expressions: undefined })), sshRule(undefined)],
      'a local value (locals are not in the plan)': [...groups, sshRule(refs('local.group_id'))],
      'an expression without references': [...groups, sshRule({})],
      'a module output the plan does not carry': [...groups, sshRule(refs('module.network.group_id', 'module.network'))],
    };
    it.each(Object.entries(cases))('%s: bound to a marker drawn once per run, so no earlier approval covers it', async (_, changes) => {
      const first = report(changes);
      const subject = findingSubject(first.plans[0]!.findings.find((finding) => finding.ruleId === 'network-open-ingress')!);
      expect(subject).toMatch(/"unbound:[0-9a-f-]{36}"/);
      // The same analysis in another run (a fresh module graph) draws another marker.
      vi.resetModules();
      const fresh = await import('../../src/analyze.js');
      const freshLoad = await import('../../src/plan/load.js');
      const again = fresh.analyzePlans([freshLoad.loadPlanJson(planJson(changes, { priorResources: [EXISTING] }), 'plan.json')], DEFAULT_POLICY).report;
      expect(again.blocking).toBe(true);
      expect(again.fingerprint).not.toBe(first.fingerprint);
    });
  });
});

describe('fingerprint: the trust policy of the role a grant reaches (audit 2, A3, the two-resource case)', () => {
  /** The corpus' `aws_iam_role_policy.ec2policy`, granting everything, on a role named in the same plan. */
  const inline = (roleName: string, known: boolean) =>
    known
      ? created('aws_iam_role_policy', { name: 'acme-policy', policy: everything, role: `acme-${roleName}` }, { name: 'ec2policy', afterUnknown: { id: true } })
      : created('aws_iam_role_policy', { name: 'acme-policy', policy: everything }, { name: 'ec2policy', afterUnknown: { id: true, role: true }, expressions: { role: refs(`aws_iam_role.${roleName}`) } });
  const knownAttachment = created('aws_iam_role_policy_attachment', { policy_arn: admin, role: 'acme-breakglass' }, { name: 'admin', afterUnknown: { id: true } });

  const carriers: Record<string, ChangeSpec> = {
    'an AdministratorAccess attachment naming the role': knownAttachment,
    'an AdministratorAccess attachment referring to the role (known after apply)': attachment('breakglass'),
    'an inline Action:* policy naming the role': inline('breakglass', true),
    'an inline Action:* policy referring to the role (known after apply)': inline('breakglass', false),
  };

  for (const [carrier, grant] of Object.entries(carriers)) {
    it(`changes when the role of ${carrier} is re-trusted to another account; keeps it across layout, Sid and tag changes`, () => {
      const approved = fingerprintOf([role('breakglass'), grant]);
      expect(fingerprintOf([role('breakglass', otherAccount), grant])).not.toBe(approved);
      const relaid = created(
        'aws_iam_role',
        { name: 'acme-breakglass', assume_role_policy: JSON.stringify({ Statement: [{ Effect: 'Allow', Principal: ec2, Action: 'sts:AssumeRole', Sid: 'Ec2' }], Version: '2012-10-17' }, null, 4), path: '/', tags: { Owner: 'ops' } },
        { name: 'breakglass', afterUnknown: { arn: true, id: true, unique_id: true } },
      );
      expect(fingerprintOf([relaid, grant])).toBe(approved);
    });
  }

  it('binds the own trust policy of an admin role as canonical statements (audit 2, A3, the one-resource case)', () => {
    const adminRole = (assumeRolePolicy: string) => created('aws_iam_role', { name: 'ops', managed_policy_arns: [admin], assume_role_policy: assumeRolePolicy }, { name: 'ops' });
    const approved = fingerprintOf([adminRole(trust(ec2))]);
    expect(fingerprintOf([adminRole(trust(otherAccount))])).not.toBe(approved);
    expect(fingerprintOf([adminRole(JSON.stringify({ Statement: [{ Sid: 'Ec2', Effect: 'Allow', Principal: ec2, Action: 'sts:AssumeRole' }] }, null, 2))])).toBe(approved);
  });

  it('changes when a condition of the trust is dropped', () => {
    const conditioned = created('aws_iam_role', { name: 'acme-breakglass', assume_role_policy: trust(otherAccount, { Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } }) }, { name: 'breakglass' });
    expect(fingerprintOf([role('breakglass', otherAccount), knownAttachment])).not.toBe(fingerprintOf([conditioned, knownAttachment]));
  });

  it('changes when an existing role the approved plan left alone is re-trusted by a later push', () => {
    const existing = { address: 'aws_iam_role.breakglass', type: 'aws_iam_role' };
    const unchanged: ChangeSpec = { type: 'aws_iam_role', name: 'breakglass', actions: ['no-op'], before: { name: 'acme-breakglass', assume_role_policy: trust(ec2) }, after: { name: 'acme-breakglass', assume_role_policy: trust(ec2) } };
    const approved = fingerprintOf([unchanged, knownAttachment], undefined, [existing]);
    const retrusted = updated('aws_iam_role', { name: 'acme-breakglass', assume_role_policy: trust(ec2) }, { name: 'acme-breakglass', assume_role_policy: trust(otherAccount) }, { name: 'breakglass' });
    expect(fingerprintOf([retrusted, knownAttachment], undefined, [existing])).not.toBe(approved);
  });

  it('leaves the subject of a grant on a role the plan does not hold as it was (only the role name)', () => {
    const finding = report([knownAttachment]).plans[0]!.findings.find((item) => item.ruleId === 'iam-admin-policy')!;
    expect(findingSubject(finding)).toContain('"assumedThrough":[]');
    expect(findingSubject(finding)).toContain('"role":"acme-breakglass"');
  });
});
