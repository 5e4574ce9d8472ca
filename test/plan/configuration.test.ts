import { describe, expect, it } from 'vitest';
import { configAddress, configuredArgumentsOf, subjectSourcesOf } from '../../src/plan/configuration.js';
import { loadPlanJson } from '../../src/plan/load.js';
import { configurationSets, type Plan, type ResourceChange } from '../../src/plan/model.js';

describe('configAddress: an instance address without its instance keys', () => {
  it.each([
    ['aws_s3_bucket.b', 'aws_s3_bucket.b'],
    ['aws_s3_bucket.b[0]', 'aws_s3_bucket.b'],
    ['aws_s3_bucket.b["blue"]', 'aws_s3_bucket.b'],
    ['data.aws_iam_policy_document.p[3]', 'data.aws_iam_policy_document.p'],
    ['module.a.aws_s3_bucket.b', 'module.a.aws_s3_bucket.b'],
    ['module.a["x"].aws_s3_bucket.b[0]', 'module.a.aws_s3_bucket.b'],
    ['module.a[2].module.inner[0].data.aws_ami.u["k"]', 'module.a.module.inner.data.aws_ami.u'],
  ])('%s → %s', (instance, config) => {
    expect(configAddress(instance)).toBe(config);
  });

  it.each([
    ['a key with dots', 'module.a["x.y"].aws_s3_bucket.b["k.1"]'],
    ['a key with brackets', 'module.a["b[0]"].aws_s3_bucket.b["]["]'],
    ['a key with an escaped quote', 'module.a["q\\"uote"].aws_s3_bucket.b["\\"].x["]'],
    ['a key ending in an escaped backslash', 'module.a["back\\\\"].aws_s3_bucket.b["\\\\"]'],
    ['an empty key', 'module.a[""].aws_s3_bucket.b[""]'],
  ])('quoted keys are skipped whole: %s', (_, instance) => {
    expect(configAddress(instance)).toBe('module.a.aws_s3_bucket.b');
  });
});

describe('configuredArgumentsOf', () => {
  it('is null when the plan has no configuration, or one without a root module', () => {
    expect(configuredArgumentsOf(undefined)).toBeNull();
    expect(configuredArgumentsOf(null)).toBeNull();
    expect(configuredArgumentsOf({ provider_config: {} })).toBeNull();
    expect(configuredArgumentsOf({ root_module: null })).toBeNull();
  });

  it('is empty for a root module without resources, and skips entries that are not blocks', () => {
    expect(configuredArgumentsOf({ root_module: {} })).toEqual(new Map());
    const map = configuredArgumentsOf({ root_module: { resources: [null, 'x', { mode: 'managed' }, { address: 'a_b.c' }], module_calls: { broken: {}, odd: null } } });
    expect(map).toEqual(new Map([['a_b.c', new Set()]]));
  });
});

/** A plan from Terraform 1.x's shapes: a module with for_each holding a module with count. */
function planWithModules(): Plan {
  const change = (address: string, type: string, name: string, mode = 'managed', extra: Record<string, unknown> = {}) => ({
    address,
    mode,
    type,
    name,
    change: { actions: ['create'], before: null, after: {}, after_unknown: {} },
    ...extra,
  });
  return loadPlanJson(
    {
      format_version: '1.2',
      resource_changes: [
        change('aws_s3_bucket.logs[0]', 'aws_s3_bucket', 'logs', 'managed', { index: 0 }),
        change('aws_s3_bucket.logs[1]', 'aws_s3_bucket', 'logs', 'managed', { index: 1 }),
        change('aws_kms_key.bare', 'aws_kms_key', 'bare'),
        change('data.aws_iam_policy_document.p', 'aws_iam_policy_document', 'p', 'data'),
        change('module.site["a.b"].aws_sqs_queue.q', 'aws_sqs_queue', 'q', 'managed', { module_address: 'module.site["a.b"]' }),
        change('module.site["c[1]"].module.keys[0].aws_kms_key.k["x"]', 'aws_kms_key', 'k', 'managed', { module_address: 'module.site["c[1]"].module.keys[0]', index: 'x' }),
        change('aws_sns_topic.gone', 'aws_sns_topic', 'gone'),
        { ...change('aws_s3_bucket.logs[0]', 'aws_s3_bucket', 'logs', 'managed', { index: 0 }), deposed: '00aa11bb' },
      ],
      resource_drift: [change('module.site["a.b"].aws_sqs_queue.q', 'aws_sqs_queue', 'q', 'managed', { module_address: 'module.site["a.b"]' })],
      configuration: {
        root_module: {
          resources: [
            {
              address: 'aws_s3_bucket.logs',
              mode: 'managed',
              type: 'aws_s3_bucket',
              name: 'logs',
              expressions: {
                bucket: { constant_value: 'logs' },
                policy: { references: ['data.aws_iam_policy_document.p.json', 'data.aws_iam_policy_document.p'] },
                acl: { constant_value: null },
                versioning: [{ enabled: { constant_value: true } }],
              },
              count_expression: { constant_value: 2 },
            },
            { address: 'aws_kms_key.bare', mode: 'managed', type: 'aws_kms_key', name: 'bare' },
            { address: 'data.aws_iam_policy_document.p', mode: 'data', type: 'aws_iam_policy_document', name: 'p', expressions: { statement: [{ actions: { constant_value: ['s3:GetObject'] } }] } },
          ],
          module_calls: {
            site: {
              source: './site',
              for_each_expression: { references: ['var.sites'] },
              module: {
                resources: [{ address: 'aws_sqs_queue.q', mode: 'managed', type: 'aws_sqs_queue', name: 'q', expressions: { policy: { references: ['var.policy'] } } }],
                module_calls: {
                  keys: {
                    source: './keys',
                    count_expression: { constant_value: 1 },
                    module: { resources: [{ address: 'aws_kms_key.k', mode: 'managed', type: 'aws_kms_key', name: 'k', expressions: { description: {} } }] },
                  },
                },
              },
            },
          },
        },
      },
    },
    'modules.json',
  );
}

function argumentsOf(change: ResourceChange | undefined): string[] | null {
  return change?.configuredArguments ? [...change.configuredArguments].sort() : null;
}

describe('ResourceChange.configuredArguments', () => {
  const plan = planWithModules();
  const byAddress = (address: string, deposed: string | null = null) => plan.changes.find((change) => change.address === address && change.deposedKey === deposed);

  it('root resources: every count instance shares its block; an argument set to the literal null is not set', () => {
    expect(argumentsOf(byAddress('aws_s3_bucket.logs[0]'))).toEqual(['bucket', 'policy', 'versioning']);
    expect(argumentsOf(byAddress('aws_s3_bucket.logs[1]'))).toEqual(['bucket', 'policy', 'versioning']);
  });

  it('a block that sets nothing has no expressions: an empty set, not null', () => {
    expect(byAddress('aws_kms_key.bare')?.configuredArguments).toEqual(new Set());
  });

  it('data sources, by their data. address', () => {
    expect(argumentsOf(byAddress('data.aws_iam_policy_document.p'))).toEqual(['statement']);
  });

  it('a child module instance (for_each key with a dot) and a nested module instance (count) inside one', () => {
    expect(argumentsOf(byAddress('module.site["a.b"].aws_sqs_queue.q'))).toEqual(['policy']);
    expect(argumentsOf(byAddress('module.site["c[1]"].module.keys[0].aws_kms_key.k["x"]'))).toEqual(['description']);
  });

  it('deposed objects and drift get their block’s arguments', () => {
    expect(argumentsOf(byAddress('aws_s3_bucket.logs[0]', '00aa11bb'))).toEqual(['bucket', 'policy', 'versioning']);
    expect(argumentsOf(plan.drift[0])).toEqual(['policy']);
  });

  it('a resource the configuration does not hold (its block removed) is unknown: null', () => {
    expect(byAddress('aws_sns_topic.gone')?.configuredArguments).toBeNull();
  });

  it('configurationSets: true, false, or null when the plan does not say', () => {
    expect(configurationSets(byAddress('aws_s3_bucket.logs[1]')!, 'policy')).toBe(true);
    expect(configurationSets(byAddress('aws_s3_bucket.logs[1]')!, 'acl')).toBe(false);
    expect(configurationSets(byAddress('aws_kms_key.bare')!, 'policy')).toBe(false);
    expect(configurationSets(byAddress('aws_sns_topic.gone')!, 'policy')).toBeNull();
  });

  it('a plan without a configuration section: null for every change', () => {
    const bare = loadPlanJson(
      { format_version: '1.2', resource_changes: [{ address: 'aws_s3_bucket.b', mode: 'managed', type: 'aws_s3_bucket', name: 'b', change: { actions: ['create'], after: {} } }] },
      'bare.json',
    );
    expect(bare.changes[0]!.configuredArguments).toBeNull();
    expect(configurationSets(bare.changes[0]!, 'policy')).toBeNull();
  });
});

describe('subjectSourcesOf: each.value binds the for_each that picks it (audit 4a F3b)', () => {
  const ruleBlock = (securityGroupId: unknown, extra: Record<string, unknown> = {}) => ({ address: 'aws_security_group_rule.r', mode: 'managed', type: 'aws_security_group_rule', name: 'r', expressions: { security_group_id: securityGroupId }, ...extra });
  const sourcesOf = (configuration: unknown, variables: Record<string, { value?: unknown }> = {}) => subjectSourcesOf(configuration, variables);

  it('a resource\'s constant for_each as a digest of its value, its references resolved', () => {
    const of = (forEach: unknown) => sourcesOf({ root_module: { resources: [ruleBlock({ references: ['aws_security_group.sg', 'each.value'] }, { for_each_expression: forEach })] } })?.get('aws_security_group_rule.r')?.get('security_group_id');
    const bastion = of({ constant_value: { ssh: 'bastion' } });
    expect(bastion).toEqual(['aws_security_group.sg', 'each.value', expect.stringMatching(/^for_each \(value sha256:[0-9a-f]{64}\)$/)]);
    expect(of({ constant_value: { ssh: 'db' } })).not.toEqual(bastion);
    expect(of({ references: ['aws_security_group.db.id', 'aws_security_group.db'] })).toEqual(['aws_security_group.db', 'aws_security_group.db.id', 'aws_security_group.sg', 'each.value']);
    expect(of({ references: ['local.picks'] })).toBeNull();
    // Left out of the plan (a function of constants, `toset(["a"])`): nothing more is bound.
    expect(of(undefined)).toEqual(['aws_security_group.sg', 'each.value']);
  });

  it('a module call\'s for_each, for an each.value passed in as an input', () => {
    const of = (forEach: unknown) =>
      sourcesOf({
        root_module: {
          module_calls: {
            rules: { source: './rules', for_each_expression: forEach, expressions: { group: { references: ['each.value'] } }, module: { resources: [ruleBlock({ references: ['var.group'] })] } },
          },
        },
      })?.get('module.rules.aws_security_group_rule.r')?.get('security_group_id');
    expect(of({ references: ['aws_security_group.bastion.id', 'aws_security_group.bastion'] })).toEqual(['aws_security_group.bastion', 'aws_security_group.bastion.id', 'each.value']);
    expect(of({ references: ['aws_security_group.db.id', 'aws_security_group.db'] })).toEqual(['aws_security_group.db', 'aws_security_group.db.id', 'each.value']);
  });
});
