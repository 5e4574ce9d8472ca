import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { hasProductionWord } from '../../src/rules/empty-state.js';
import { analyzeJson, created, findingsOf, planJson, updated, type ChangeSpec, type PlanOptions } from '../support/plan-factory.js';
import type { RuleContext } from '../../src/rules/types.js';

const fixture = (name: string): unknown => JSON.parse(readFileSync(new URL(`../../fixtures/rules/state/${name}`, import.meta.url), 'utf8'));
const emptyState = (changes: ChangeSpec[], configurationChange: RuleContext['configurationChange'] = 'unknown', options: PlanOptions = {}) =>
  findingsOf('empty-prior-state', changes, options, configurationChange);

const MESSAGE_2 =
  'Terraform sees no existing resources in the state, so it will create all 2 resources of this plan as new. If these resources already exist, this is a lost or wrong state: the apply creates duplicates (or fails on name clashes), and a later apply or destroy against the real state can delete production.';
const REMEDIATION =
  "Check the backend block (bucket/key/workspace), run `terraform init` against the backend and workspace where this configuration's state lives, and plan again.";

describe('production-looking names', () => {
  it.each([
    'acme-prod-db',
    'aws_db_instance.prod_main',
    'PROD',
    'Production',
    'eu.prd.orders',
    'module.prod.aws_s3_bucket.logs["x"]',
    'projects/acme-prod/instances/main',
    'pre-staging-prod',
    'prod-not-shared',
  ])('%s holds a production word', (text) => {
    expect(hasProductionWord(text)).toBe(true);
  });

  it.each(['product', 'reproduce', 'prdx', 'products-api', 'preprod', 'prod1', 'nonprod', 'aws_db_instance.main', '', 'acme-pre-prod-assets', 'non-prod', 'non_production', 'not-prod'])('%s does not', (text) => {
    expect(hasProductionWord(text)).toBe(false);
  });
});

describe('empty-prior-state', () => {
  const devResources = [created('aws_s3_bucket', { bucket: 'acme-dev-assets' }, { name: 'assets' }), created('aws_sqs_queue', { name: 'dev-jobs' }, { name: 'jobs' })];

  it('fires at high on an empty state with creates and no other evidence, explaining the danger and what to check', () => {
    expect(emptyState(devResources)).toEqual([
      {
        ruleId: 'empty-prior-state',
        severity: 'high',
        address: null,
        resourceType: null,
        actions: [],
        message: MESSAGE_2,
        remediation: REMEDIATION,
        details: ['Resources to create: 2; resources in the prior state: 0.'],
        suppressed: null,
      },
    ]);
  });

  it('is medium when the pull request adds the configuration and nothing looks like production', () => {
    const [finding] = emptyState(devResources, 'added');
    expect(finding!.severity).toBe('medium');
    expect(finding!.details).toEqual(['Resources to create: 2; resources in the prior state: 0.', 'The pull request adds the .tf files of this configuration.']);
  });

  it('is critical when the pull request modifies existing .tf files', () => {
    const [finding] = emptyState(devResources, 'modified');
    expect(finding!.severity).toBe('critical');
    expect(finding!.details).toEqual([
      'Resources to create: 2; resources in the prior state: 0.',
      'The .tf files of this configuration existed before this change, so an empty state is not expected.',
    ]);
  });

  it('lists production-looking names but stays high on them alone (a new production stack has them too)', () => {
    const [finding] = emptyState([
      created('aws_db_instance', { identifier: 'orders' }, { name: 'prod_main' }),
      created('aws_s3_bucket', { bucket: 'acme-prod-assets' }, { name: 'assets' }),
    ]);
    expect(finding!.severity).toBe('high');
    expect(finding!.details).toEqual([
      'Resources to create: 2; resources in the prior state: 0.',
      'Production-looking names in 2 of the 2 resources: aws_db_instance.prod_main; aws_s3_bucket.assets (bucket "acme-prod-assets").',
    ]);
  });

  it('stays high, not critical, when the pull request adds a configuration with production names', () => {
    expect(emptyState([created('aws_s3_bucket', { bucket: 'acme-prod-assets' })], 'added').map((finding) => finding.severity)).toEqual(['high']);
  });

  it.each<[string, Record<string, unknown>]>([
    ['identifier', { identifier: 'orders-prod' }],
    ['cluster_identifier', { cluster_identifier: 'prd-aurora' }],
    ['Environment tag', { tags: { Environment: 'production' } }],
    ['env tag in tags_all (provider default tags)', { tags: {}, tags_all: { env: 'prod' } }],
    ['Name tag', { tags: { Name: 'acme-prod-vpc' } }],
    ['Google labels', { labels: { environment: 'prod' } }],
    ['Azure resource group', { resource_group_name: 'rg-prod-westeurope' }],
  ])('takes %s as production evidence', (_label, after) => {
    const [finding] = emptyState([created('aws_db_instance', after, { name: 'main' })]);
    expect(finding!.severity).toBe('high');
    expect(finding!.details[1]).toMatch(/^Production-looking names in 1 of the 1 resources: aws_db_instance\.main \(/);
  });

  it.each<[string, Record<string, unknown>]>([
    ['product in a name', { identifier: 'product-db' }],
    ['a non-environment tag', { tags: { Team: 'prod' } }],
    ['a non-name attribute', { description: 'prod database' }],
    ['an Environment tag that is not production', { tags: { Environment: 'staging' } }],
  ])('does not take %s as evidence', (_label, after) => {
    expect(emptyState([created('aws_db_instance', after, { name: 'main' })]).map((finding) => finding.details)).toEqual([['Resources to create: 1; resources in the prior state: 0.']]);
  });

  it('never uses or shows a sensitive value, and scrubs variable values from the names it shows', () => {
    const findings = emptyState(
      [
        created('aws_db_instance', { identifier: 'orders-prod-db-secret' }, { name: 'main', afterSensitive: { identifier: true } }),
        created('aws_s3_bucket', { bucket: 'acme-prod-exports' }, { name: 'exports' }),
      ],
      'unknown',
      { variables: { exports_bucket: 'acme-prod-exports' } },
    );
    expect(findings).toHaveLength(1);
    expect(findings[0]!.details).toEqual(['Resources to create: 2; resources in the prior state: 0.', 'Production-looking names in 1 of the 2 resources: aws_s3_bucket.exports (bucket).']);
    const text = JSON.stringify(findings);
    expect(text).not.toContain('orders-prod-db-secret');
    expect(text).not.toContain('acme-prod-exports');
  });

  it('lists at most ten resources with production-looking names', () => {
    const many = Array.from({ length: 12 }, (_, i) => created('aws_sqs_queue', { name: 'jobs' }, { name: `prod_${i}` }));
    const [finding] = emptyState(many);
    expect(finding!.details[1]).toBe(
      `Production-looking names in 12 of the 12 resources: ${Array.from({ length: 10 }, (_, i) => `aws_sqs_queue.prod_${i}`).join('; ')}, and 2 more.`,
    );
  });

  it('reads the fixture: data sources and created outputs do not count, child modules do, sensitive values stay out', () => {
    const findings = analyzeJson(fixture('prod-names-empty-state.json')).filter((finding) => finding.ruleId === 'empty-prior-state');
    expect(findings.map((finding) => [finding.severity, finding.details])).toEqual([
      [
        'high',
        [
          'Resources to create: 3; resources in the prior state: 0.',
          'Production-looking names in 2 of the 3 resources: module.db.aws_db_instance.prod_main; aws_s3_bucket.assets (bucket "acme-prod-assets", tags.Environment "Production").',
        ],
      ],
    ]);
    const text = JSON.stringify(findings);
    expect(text).not.toContain('Orders-prod-Passw0rd!');
    expect(text).not.toContain('prod-api-key-7781');
  });

  it('says "the 1 resource" for a single create', () => {
    const [finding] = emptyState([created('aws_sqs_queue', { name: 'jobs' })]);
    expect(finding!.message.startsWith('Terraform sees no existing resources in the state, so it will create the 1 resource of this plan as new.')).toBe(true);
  });

  it('does not fire when the prior state holds a managed resource', () => {
    expect(emptyState([created('aws_s3_bucket', { bucket: 'acme-prod-assets' }, { name: 'new' })], 'modified', { priorResources: [{ address: 'aws_s3_bucket.old', type: 'aws_s3_bucket' }] })).toEqual([]);
  });

  it('fires when the prior state holds only data sources', () => {
    const findings = emptyState(devResources, 'unknown', { priorResources: [{ address: 'data.aws_region.current', type: 'aws_region', mode: 'data' }] });
    expect(findings.map((finding) => finding.severity)).toEqual(['high']);
  });

  it('does not fire when nothing managed is created (reads only, or outputs only)', () => {
    expect(emptyState([{ type: 'aws_region', mode: 'data', actions: ['read'], after: {} }])).toEqual([]);
    const outputsOnly = { ...planJson([]), output_changes: { x: { actions: ['create'], before: null, after: 'y', after_unknown: false, before_sensitive: false, after_sensitive: false } } };
    expect(analyzeJson(outputsOnly, 'modified').filter((finding) => finding.ruleId === 'empty-prior-state')).toEqual([]);
  });

  it('is critical with production names only beside configuration-change evidence', () => {
    const prod = [created('aws_s3_bucket', { bucket: 'acme-prod-assets' })];
    expect(emptyState(prod, 'modified').map((finding) => finding.severity)).toEqual(['critical']);
    expect(emptyState(prod, 'unknown').map((finding) => finding.severity)).toEqual(['high']);
  });

  it('does not fire when the prior state holds outputs: the backend found this configuration\'s state', () => {
    const withOutputs = fixture('prod-names-empty-state.json') as { prior_state: { values: Record<string, unknown> } };
    withOutputs.prior_state.values['outputs'] = { old: { sensitive: false, value: 'x' } };
    expect(analyzeJson(withOutputs, 'modified').filter((finding) => finding.ruleId === 'empty-prior-state')).toEqual([]);
  });

  it('does not fire when an output change starts from a stored value (no-op, update or delete)', () => {
    for (const actions of [['no-op'], ['update'], ['delete']]) {
      const plan = {
        ...planJson(devResources),
        output_changes: { endpoint: { actions, before: 'old', after: actions[0] === 'delete' ? null : 'old', after_unknown: false, before_sensitive: false, after_sensitive: false } },
      };
      expect(analyzeJson(plan, 'modified').filter((finding) => finding.ruleId === 'empty-prior-state'), actions[0]).toEqual([]);
    }
  });

  it('does not fire when a no-op change shows an existing object, even beside a prior state that lists none', () => {
    const noop: ChangeSpec = { type: 'aws_sqs_queue', name: 'kept', actions: ['no-op'], before: { name: 'kept' }, after: { name: 'kept' } };
    expect(emptyState([...devResources, noop], 'modified')).toEqual([]);
    expect(emptyState([...devResources, noop], 'modified', { priorResources: [{ address: 'data.aws_region.current', type: 'aws_region', mode: 'data' }] })).toEqual([]);
  });

  it('never fires when the prior-state count is unknown', () => {
    // A plan that updates an object but carries no prior state: the count cannot be known.
    expect(emptyState([updated('aws_s3_bucket', { bucket: 'a' }, { bucket: 'b' }), created('aws_sqs_queue', { name: 'prod-jobs' })], 'modified', { priorResources: [] })).toEqual([]);
  });
});
