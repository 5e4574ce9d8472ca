/**
 * Plans that are not the whole story (Terraform 1.8+ `complete`, 1.9+ `deferred_changes`, 1.14+
 * `action_invocations`): every report warns about what the plan does not show, the resource rules
 * judge deferred changes whose actions are known, and actions that delete or interrupt are findings.
 * Shapes follow hashicorp/terraform internal/command/jsonplan (plan.go, action_invocations.go).
 */
import { describe, expect, it } from 'vitest';
import { analyzePlans } from '../../src/analyze.js';
import { loadPlanFile, loadPlanJson } from '../../src/plan/load.js';
import { DEFAULT_POLICY } from '../../src/policy/config.js';
import { renderMarkdown } from '../../src/render/markdown.js';
import { created, deleted, planJson, resourceChangeJson, type ChangeSpec } from '../support/plan-factory.js';

const AWS = 'registry.terraform.io/hashicorp/aws';

function analyze(plan: Record<string, unknown>) {
  const analysis = analyzePlans([loadPlanJson(plan, 'plan.json')], DEFAULT_POLICY);
  return { analysis, report: analysis.report.plans[0]! };
}

function deferredEntry(reason: string, spec: ChangeSpec) {
  return { reason, resource_change: resourceChangeJson(spec) };
}

interface InvocationSpec {
  type: string;
  name?: string;
  config: Record<string, unknown>;
  configSensitive?: Record<string, unknown>;
  trigger?: { address: string; event: string } | null;
}

/** An `action_invocations[]` entry as Terraform 1.14 writes it. */
function invocation(spec: InvocationSpec) {
  const name = spec.name ?? 'this';
  const trigger = spec.trigger === undefined ? { address: 'terraform_data.trigger', event: 'after_create' } : spec.trigger;
  return {
    address: `action.${spec.type}.${name}`,
    type: spec.type,
    name,
    config_values: spec.config,
    config_sensitive: spec.configSensitive ?? {},
    provider_name: AWS,
    ...(trigger
      ? { lifecycle_action_trigger: { triggering_resource_address: trigger.address, action_trigger_event: trigger.event, action_trigger_block_index: 0, actions_list_index: 0 } }
      : { invoke_cmd_action_trigger: { action_trigger_event: 'invoke' } }),
  };
}

const trigger = created('terraform_data', { input: 'go' }, { name: 'trigger' });
const withActions = (...invocations: ReturnType<typeof invocation>[]) => ({ ...planJson([trigger]), complete: true, applyable: true, action_invocations: invocations });
const actionFindings = (plan: Record<string, unknown>) => analyze(plan).report.findings.filter((finding) => finding.ruleId === 'destructive-action');

describe('complete: false', () => {
  it('warns that the plan is not the whole change, and says nothing when complete is true or absent', () => {
    const base = planJson([created('aws_sqs_queue', { name: 'jobs' })]);
    expect(analyze({ ...base, complete: false }).report.warnings).toEqual([
      'Terraform marked this plan incomplete (`complete: false`): it was made with -target or -exclude, or some changes were deferred. Applying it does not finish the change; a later plan will hold changes this analysis has not seen.',
    ]);
    expect(analyze({ ...base, complete: true }).report.warnings).toEqual([]);
    expect(analyze(base).report.warnings).toEqual([]);
  });

  it('reaches the rendered comment', () => {
    const { analysis } = analyze({ ...planJson([created('aws_sqs_queue', { name: 'jobs' })]), complete: false });
    expect(renderMarkdown(analysis)).toContain('> [!WARNING]\n> Terraform marked this plan incomplete');
  });
});

describe('deferred_changes', () => {
  const plan = {
    ...planJson([created('aws_sqs_queue', { name: 'jobs' })]),
    complete: false,
    deferred_changes: [
      deferredEntry('instance_count_unknown', deleted('aws_db_instance', { identifier: 'orders', deletion_protection: false }, { name: 'orders' })),
      deferredEntry('provider_config_unknown', { type: 'aws_s3_bucket', name: 'logs', actions: ['create'], after: { bucket: 'logs' }, afterUnknown: { id: true } }),
    ],
  };

  it('warns, naming the deferred changes and why, and leaves them out of the summary', () => {
    const { report } = analyze(plan);
    expect(report.warnings[1]).toBe(
      "2 changes were deferred to a later plan (its count or for_each is not known yet; its provider's configuration is not known yet): aws_db_instance.orders (delete), aws_s3_bucket.logs (create). They are not applied now and are not counted in the summary; where their actions are already known they are analyzed below, marked as deferred.",
    );
    expect(report.summary.create).toBe(1);
    expect(report.summary.delete).toBe(0);
  });

  it('runs the resource rules over a deferred delete, saying that a later apply makes it', () => {
    const stateful = analyze(plan).report.findings.filter((finding) => finding.ruleId === 'stateful-delete');
    expect(stateful).toHaveLength(1);
    expect(stateful[0]).toMatchObject({ severity: 'critical', address: 'aws_db_instance.orders', actions: ['delete'] });
    expect(stateful[0]!.details.at(-1)).toBe('Deferred (its count or for_each is not known yet): a later plan and apply make this change, not this one.');
  });

  it('keeps plan-wide rules to the changes this apply makes (the deferred delete is no teardown, no mass delete)', () => {
    const rules = new Set(analyze(plan).report.findings.map((finding) => finding.ruleId));
    expect(rules.has('mass-delete')).toBe(false);
  });

  it('collects sensitive values of deferred changes, so no report shows them', () => {
    const secretPlan = {
      ...planJson([]),
      deferred_changes: [
        deferredEntry('resource_config_unknown', {
          type: 'aws_db_instance', name: 'orders', actions: ['delete'], before: { identifier: 'orders', password: 'Deferred-Pa55word!' }, beforeSensitive: { password: true },
        }),
      ],
    };
    const { analysis } = analyze(secretPlan);
    expect(analysis.secrets.sensitive.has('Deferred-Pa55word!')).toBe(true);
  });
});

describe('action_invocations', () => {
  it('warns about every action the apply runs, destructive or not', () => {
    const { report } = analyze(withActions(invocation({ type: 'aws_lambda_invoke', name: 'warm', config: { function_name: 'warm' } })));
    expect(report.warnings).toEqual([
      "This plan runs 1 provider action: action.aws_lambda_invoke.warm (after_create of terraform_data.trigger). An action acts outside Terraform's resource changes, and the plan does not show what it changes or deletes; review each one.",
    ]);
    expect(report.findings.filter((finding) => finding.ruleId === 'destructive-action')).toEqual([]);
  });

  it('reports emptying a bucket as critical, naming the bucket and when it runs', () => {
    const findings = actionFindings(withActions(invocation({ type: 'aws_s3_empty_bucket', name: 'wipe', config: { bucket_name: 'acme-prod-invoices' }, trigger: { address: 'terraform_data.trigger', event: 'before_update' } })));
    expect(findings).toEqual([
      {
        ruleId: 'destructive-action',
        severity: 'critical',
        address: 'action.aws_s3_empty_bucket.wipe',
        resourceType: 'aws_s3_empty_bucket',
        actions: ['invoke'],
        message:
          'action.aws_s3_empty_bucket.wipe runs before terraform_data.trigger is updated: it deletes every object and every object version in the bucket (only those under `prefix` when set); the bucket stays, empty. The plan does not show what it removes.',
        remediation: 'Confirm the action is meant to run on this apply (and against this target), or remove it from the action_trigger / -invoke.',
        details: ['bucket_name: "acme-prod-invoices"', 'What it does: https://registry.terraform.io/providers/hashicorp/aws/latest/docs/actions/s3_empty_bucket'],
        suppressed: null,
      },
    ]);
  });

  it.each([
    ['DROP TABLE orders', 'critical', 'Its SQL drops or truncates'],
    ['truncate table audit_log', 'critical', 'Its SQL drops or truncates'],
    ['DELETE FROM sessions WHERE expires < now()', 'high', 'Its SQL changes data or schema.'],
  ])('judges RDS Data API SQL by its statement: %s is %s', (sql, severity, says) => {
    const [finding] = actionFindings(withActions(invocation({ type: 'aws_rdsdata_query', config: { resource_arn: 'arn:aws:rds:eu-west-1:111122223333:cluster:orders', secret_arn: 'arn:x', sql } })));
    expect(finding!.severity).toBe(severity);
    expect(finding!.message).toContain(says);
    expect(JSON.stringify(finding)).not.toContain(sql);
  });

  it('says nothing of SQL that only reads', () => {
    expect(actionFindings(withActions(invocation({ type: 'aws_rdsdata_query', config: { resource_arn: 'arn:x', secret_arn: 'arn:y', sql: 'SELECT COUNT(*) FROM users' } })))).toEqual([]);
  });

  it('is high when the SQL is unknown until apply or sensitive, and never prints sensitive SQL', () => {
    const [unknown] = actionFindings(withActions(invocation({ type: 'aws_rdsdata_query', config: { resource_arn: 'arn:x', secret_arn: 'arn:y' } })));
    expect(unknown).toMatchObject({ severity: 'high' });
    expect(unknown!.message).toContain('Its SQL is not known until apply.');
    const plan = withActions(invocation({ type: 'aws_rdsdata_query', config: { resource_arn: 'arn:x', secret_arn: 'arn:y', sql: 'DROP TABLE secret_plans' }, configSensitive: { sql: true } }));
    const { analysis, report } = analyze(plan);
    const [sensitive] = report.findings.filter((finding) => finding.ruleId === 'destructive-action');
    expect(sensitive).toMatchObject({ severity: 'high' });
    expect(sensitive!.message).toContain('Its SQL is sensitive');
    expect(JSON.stringify(report)).not.toContain('secret_plans');
    expect(analysis.secrets.sensitive.has('DROP TABLE secret_plans')).toBe(true);
  });

  it('hides a sensitive target and names a -invoke run', () => {
    const [finding] = actionFindings(withActions(invocation({ type: 'aws_s3_empty_bucket', config: { bucket_name: 'hidden-bucket' }, configSensitive: { bucket_name: true }, trigger: null })));
    expect(finding!.message.startsWith('action.aws_s3_empty_bucket.this runs when invoked (terraform apply -invoke):')).toBe(true);
    expect(JSON.stringify(finding)).not.toContain('hidden-bucket');
  });

  it('reads deferred action invocations, saying they run later', () => {
    const plan = { ...planJson([trigger]), complete: false, deferred_action_invocations: [{ reason: 'deferred_prereq', action_invocation: invocation({ type: 'aws_vpc_delete_default_vpc', config: {} }) }] };
    const { report } = analyze(plan);
    const [finding] = report.findings.filter((item) => item.ruleId === 'destructive-action');
    expect(finding).toMatchObject({ severity: 'high', address: 'action.aws_vpc_delete_default_vpc.this' });
    expect(finding!.message).toContain('It is deferred (deferred_prereq): it runs in a later apply.');
    expect(report.warnings.some((warning) => warning.includes('action.aws_vpc_delete_default_vpc.this (after_create of terraform_data.trigger, deferred)'))).toBe(true);
  });

  it('blocks at the default block-on when an action empties a bucket', () => {
    const { analysis } = analyze(withActions(invocation({ type: 'aws_s3_empty_bucket', config: { bucket_name: 'b' } })));
    expect(analysis.report.blocking).toBe(true);
  });
});

describe('fixtures/incidents/incomplete-plan-actions.json (read from bytes, as the CLI and the action read it)', () => {
  const analysis = analyzePlans([loadPlanFile('fixtures/incidents/incomplete-plan-actions.json')], DEFAULT_POLICY);
  const report = analysis.report.plans[0]!;

  it('warns three times: incomplete, a deferred change, two actions', () => {
    expect(report.warnings).toEqual([
      expect.stringMatching(/^Terraform marked this plan incomplete \(`complete: false`\)/),
      expect.stringMatching(/^1 change was deferred to a later plan \(its count or for_each is not known yet\): aws_db_instance\.orders\[0\] \(delete\)/),
      expect.stringMatching(/^This plan runs 2 provider actions: action\.aws_s3_empty_bucket\.invoices \(after_create of terraform_data\.cleanup\), action\.aws_rdsdata_query\.purge \(after_create of terraform_data\.cleanup, deferred\)/),
    ]);
  });

  it('finds the deferred database delete, the bucket emptying and the hidden SQL, and blocks', () => {
    expect(report.findings.map((finding) => [finding.ruleId, finding.severity, finding.address])).toEqual(
      expect.arrayContaining([
        ['stateful-delete', 'critical', 'aws_db_instance.orders[0]'],
        ['destructive-action', 'critical', 'action.aws_s3_empty_bucket.invoices'],
        ['destructive-action', 'high', 'action.aws_rdsdata_query.purge'],
      ]),
    );
    expect(analysis.report.blocking).toBe(true);
    expect(report.summary).toMatchObject({ create: 1, delete: 0 });
  });

  it('shows no sensitive value of a deferred change or an action', () => {
    const text = JSON.stringify(analysis.report);
    expect(text).not.toContain('Orders-Db-Pa55word#14');
    expect(text).not.toContain('invoices_archive');
  });
});
