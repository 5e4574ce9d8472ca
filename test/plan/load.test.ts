import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { loadPlanBytes, loadPlanFile, loadPlanJson } from '../../src/plan/load.js';
import type { ResourceChange } from '../../src/plan/model.js';
import { CORPUS, corpusPresent } from '../support/corpus.js';

const INPUTS = 'fixtures/inputs';
const INCIDENTS = 'fixtures/incidents';

function loadError(action: () => unknown): InputError {
  try {
    action();
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return error as InputError;
  }
  throw new Error('expected an InputError');
}

describe('loadPlanFile: inputs that are not a plan', () => {
  it.each([
    ['binary-plan.tfplan', 'this is a binary plan file (a zip), not JSON. Convert it first: terraform show -json PLANFILE > plan.json'],
    ['text-plan-output.txt', 'this is the text output of `terraform plan`, not JSON. Save the plan (-out=tfplan) and run: terraform show -json tfplan > plan.json'],
    ['terraform-state.json', 'this is a Terraform state file (or `terraform show -json` without a plan file), not a plan. Run: terraform show -json PLANFILE > plan.json'],
    ['show-json-state.json', 'this is a Terraform state file (or `terraform show -json` without a plan file), not a plan. Run: terraform show -json PLANFILE > plan.json'],
    ['empty.json', 'the file is empty (did `terraform show -json` fail?)'],
    ['whitespace.json', 'the file holds only white space (did `terraform show -json` fail?)'],
    ['truncated.json', 'the JSON is truncated: it stops at line 34, column 28 before the plan is complete'],
    ['not-a-plan.json', 'this JSON is not a Terraform plan: it has no `resource_changes` or `planned_values` (expected the output of `terraform show -json PLANFILE`)'],
    ['format-2.0.json', 'plan format_version 2.0 is not supported (this tf-plan-guard reads format 0.x and 1.x); upgrade tf-plan-guard'],
  ])('%s', (file, problem) => {
    const error = loadError(() => loadPlanFile(`${INPUTS}/${file}`));
    expect(error.source).toBe(`${INPUTS}/${file}`);
    expect(error.problem).toBe(problem);
    expect(error.message).toBe(`${INPUTS}/${file}: ${problem}`);
  });

  it('names a missing file and a directory plainly', () => {
    expect(loadError(() => loadPlanFile(`${INPUTS}/no-such-plan.json`)).message).toBe(`${INPUTS}/no-such-plan.json: no such file`);
    expect(loadError(() => loadPlanFile(INPUTS)).message).toBe(`${INPUTS}: is a directory, not a plan file`);
  });

  it('rejects JSON that is not an object, and a plan whose shape is wrong, naming where', () => {
    expect(loadError(() => loadPlanJson([1, 2], 'a.json')).problem).toBe('this JSON is not a Terraform plan (expected an object from `terraform show -json`)');
    expect(loadError(() => loadPlanJson({ format_version: '1.2', resource_changes: [{ type: 'x', change: { actions: 'delete' } }] }, 'b.json')).problem).toMatch(
      /^this plan is malformed at resource_changes\.0\.change\.actions: /,
    );
    expect(loadError(() => loadPlanJson({ format_version: 'one', resource_changes: [] }, 'c.json')).problem).toBe('unrecognized format_version "one"');
  });
});

describe('loadPlanFile: inputs it must accept', () => {
  const reference = loadPlanFile(`${INPUTS}/utf8-bom.json`);

  it.each(['utf16le-bom.json', 'utf16be-bom.json'])('%s reads the same plan as UTF-8', (file) => {
    const plan = loadPlanFile(`${INPUTS}/${file}`);
    expect(plan.changes).toEqual(reference.changes);
    expect((plan.changes[0]?.before as { tags: { Owner: string } }).tags.Owner).toBe('Zoë Müller ✓');
  });

  it('reads bytes from any source with the given name', () => {
    const plan = loadPlanBytes(readFileSync(`${INPUTS}/utf16le-bom.json`), '(stdin)');
    expect(plan.name).toBe('(stdin)');
    expect(plan.changes).toEqual(reference.changes);
  });

  it('accepts unknown fields, unknown action names and a future minor format version', () => {
    const plan = loadPlanFile(`${INPUTS}/unknown-actions.json`);
    expect(plan.formatVersion).toBe('1.9');
    expect(plan.changes.map((change) => [change.address, change.action, change.replaceOrder])).toEqual([
      ['aws_s3_bucket.weird', 'unknown', null],
      ['aws_db_instance.odd', 'delete', null],
      ['aws_s3_bucket.fine', 'create', null],
    ]);
    expect(plan.changes[0]?.rawActions).toEqual(['frobnicate']);
    expect(plan.changes[0]?.reasonText).toBe('Terraform reports `frobnicate_because_the_moon_is_full`');
  });

  it("accepts HCP Terraform's redacted JSON (plan_format_version, no prior state)", () => {
    const plan = loadPlanFile(`${INPUTS}/hcp-redacted.json`);
    expect(plan.formatVersion).toBe('1.1');
    expect(plan.terraformVersion).toBeNull();
    expect(plan.changes.map((change) => change.action)).toEqual(['delete', 'create']);
    expect(plan.priorManagedResourceCount).toBeNull();
  });
});

/** Every field of a change, with defaults a test overrides. */
function change(fields: Partial<ResourceChange>): ResourceChange {
  return {
    address: '',
    previousAddress: null,
    moduleAddress: null,
    mode: 'managed',
    type: '',
    name: '',
    index: null,
    providerName: 'registry.terraform.io/hashicorp/aws',
    deposedKey: null,
    rawActions: [],
    action: 'no-op',
    replaceOrder: null,
    isImport: false,
    isMove: false,
    actionReason: null,
    reasonText: null,
    replacePaths: [],
    before: null,
    after: null,
    unchangedValues: null,
    importing: null,
    afterUnknown: false,
    beforeSensitive: false,
    afterSensitive: false,
    configuredArguments: null,
    subjectSources: null,
    ...fields,
  };
}

describe('normalizePlan: every field of a change', () => {
  it('an RDS instance deleted because its block was removed', () => {
    const plan = loadPlanFile(`${INCIDENTS}/rds-delete-unprotected.json`);
    expect(plan.name).toBe(`${INCIDENTS}/rds-delete-unprotected.json`);
    expect(plan.formatVersion).toBe('1.2');
    expect(plan.terraformVersion).toBe('1.11.4');
    expect(plan.variableNames).toEqual(['db_password', 'environment']);
    expect(plan.errored).toBe(false);
    expect(plan.priorManagedResourceCount).toBe(2);
    const raw = JSON.parse(readFileSync(`${INCIDENTS}/rds-delete-unprotected.json`, 'utf8'));
    expect(plan.changes[0]).toEqual(
      change({
        address: 'aws_db_instance.orders',
        type: 'aws_db_instance',
        name: 'orders',
        rawActions: ['delete'],
        action: 'delete',
        actionReason: 'delete_because_no_resource_config',
        reasonText: 'its resource block was removed from the configuration',
        // What is read of it (values-kept.ts): its name, tags, size and guards, and its secret (to scrub).
        before: {
          identifier: 'acme-prod-orders',
          allocated_storage: 100,
          tags: { Environment: 'production' },
          deletion_protection: false,
          skip_final_snapshot: true,
          backup_retention_period: 7,
          password: 'hunter2-Sup3rSecret!',
        },
        after: null,
        // Masks keep only what marks something.
        afterUnknown: false,
        beforeSensitive: { password: true },
        afterSensitive: false,
      }),
    );
    // Nothing reads the rest of it: the engine, size and class are not kept.
    expect(Object.keys(raw.resource_changes[0].change.before)).toEqual(expect.arrayContaining(['engine', 'allocated_storage', 'instance_class']));
  });

  it('a database replaced because its engine changed (delete before create)', () => {
    const plan = loadPlanFile(`${INCIDENTS}/db-replace-engine-change.json`);
    const [replaced] = plan.changes;
    expect(replaced).toMatchObject({
      address: 'aws_db_instance.billing',
      rawActions: ['delete', 'create'],
      action: 'replace',
      replaceOrder: 'delete-before-create',
      actionReason: 'replace_because_cannot_update',
      reasonText: 'a changed attribute cannot be updated in place',
      replacePaths: [['engine']],
      beforeSensitive: { password: true },
      afterSensitive: { password: true },
    });
    // The attribute forcing the replacement is kept, though no rule reads it: the details show it.
    expect((replaced?.before as { engine: string }).engine).toBe('mysql');
    expect((replaced?.after as { engine: string }).engine).toBe('postgres');
  });

  it('moved resources: previous address, move flag, in a module', () => {
    const plan = loadPlanFile(`${INPUTS}/moved.json`);
    const [archive, primary] = plan.changes;
    expect(archive).toMatchObject({
      address: 'module.storage.aws_s3_bucket.archive',
      previousAddress: 'aws_s3_bucket.archive',
      moduleAddress: 'module.storage',
      isMove: true,
      action: 'no-op',
    });
    expect(primary).toMatchObject({ address: 'aws_db_instance.primary', previousAddress: 'aws_db_instance.main', moduleAddress: null, isMove: true, action: 'update' });
  });

  it('a previous address equal to the address is not a move', () => {
    const plan = loadPlanJson(
      { format_version: '1.2', resource_changes: [{ address: 'a_b.c', previous_address: 'a_b.c', type: 'a_b', name: 'c', change: { actions: ['no-op'] } }] },
      'p',
    );
    expect(plan.changes[0]).toMatchObject({ previousAddress: null, isMove: false });
  });

  it('a deposed object: the same address twice, the deposed one carries its key', () => {
    const plan = loadPlanFile(`${INPUTS}/deposed-delete.json`);
    expect(plan.changes.map((c) => [c.address, c.deposedKey, c.action])).toEqual([
      ['aws_db_instance.ledger', null, 'no-op'],
      ['aws_db_instance.ledger', '3e6c1a9f', 'delete'],
    ]);
  });

  it('forget and create-then-forget', () => {
    expect(loadPlanFile(`${INPUTS}/forget.json`).changes[0]).toMatchObject({ action: 'forget', rawActions: ['forget'], replaceOrder: null });
    expect(loadPlanFile(`${INPUTS}/create-forget.json`).changes[0]).toMatchObject({
      action: 'create-then-forget',
      rawActions: ['create', 'forget'],
      replacePaths: [['bucket']],
    });
  });

  it('index, mode, import, and an address rebuilt when absent', () => {
    const plan = loadPlanJson(
      {
        format_version: '1.2',
        resource_changes: [
          {
            address: 'module.m["eu"].aws_s3_bucket.b["logs"]', module_address: 'module.m["eu"]', mode: 'managed', type: 'aws_s3_bucket', name: 'b', index: 'logs',
            provider_name: 'registry.terraform.io/hashicorp/aws', change: { actions: ['no-op'], importing: { id: 'logs' } },
          },
          { address: 'data.aws_iam_policy_document.p[0]', mode: 'data', type: 'aws_iam_policy_document', name: 'p', index: 0, change: { actions: ['read'] }, action_reason: 'read_because_config_unknown' },
        ],
        resource_drift: [
          { module_address: 'module.m', mode: 'managed', type: 'aws_s3_bucket', name: 'b', index: 'k', change: { actions: ['update'] } },
          { mode: 'data', type: 'aws_caller_identity', name: 'me', index: 2, change: { actions: ['update'] } },
        ],
      },
      'p',
    );
    expect(plan.changes[0]).toMatchObject({ index: 'logs', isImport: true, action: 'no-op', moduleAddress: 'module.m["eu"]' });
    expect(plan.changes[1]).toMatchObject({ mode: 'data', index: 0, action: 'read', reasonText: 'its configuration depends on values known only after apply' });
    expect(plan.drift.map((c) => c.address)).toEqual(['module.m.aws_s3_bucket.b["k"]', 'data.aws_caller_identity.me[2]']);
  });

  it.skipIf(!corpusPresent)('drift entries without an address (Terraform 1.0, corpus test_issue_522)', () => {
    const plan = loadPlanFile(`${CORPUS}/terraform-compliance__cli__tests__functional__test_issue_522__plan.out.json`);
    expect(plan.drift).toHaveLength(15);
    expect(plan.drift[0]).toMatchObject({ address: 'aws_cloudwatch_event_rule.metrics_schedule', type: 'aws_cloudwatch_event_rule', name: 'metrics_schedule', action: 'update' });
    expect(plan.drift.filter((c) => c.action === 'delete').map((c) => c.address)).toContain('aws_security_group.lambda_sg');
    expect(plan.changes).toHaveLength(15);
  });

  it('output changes: action and sensitivity, values not kept', () => {
    const plan = loadPlanJson(
      {
        format_version: '1.2',
        planned_values: {},
        output_changes: {
          endpoint: { actions: ['create'], after: 'db.example', after_sensitive: false },
          password: { actions: ['update'], before: 'old-secret', after: 'new-secret', before_sensitive: true, after_sensitive: true },
        },
      },
      'p',
    );
    expect(plan.outputChanges).toEqual([
      { name: 'endpoint', action: 'create', sensitive: false },
      { name: 'password', action: 'update', sensitive: true },
    ]);
  });

  it('accepts null wherever a key may be absent (other producers write null)', () => {
    const plan = loadPlanJson(
      {
        format_version: '1.2',
        terraform_version: null,
        variables: null,
        planned_values: null,
        resource_changes: [
          {
            address: 'aws_s3_bucket.a', previous_address: null, module_address: null, mode: 'managed', type: 'aws_s3_bucket', name: 'a', provider_name: null,
            deposed: null, action_reason: null, change: { actions: ['delete'], before: { bucket: 'a' }, after: null, replace_paths: null, importing: null },
          },
        ],
        resource_drift: null,
        output_changes: null,
        prior_state: { values: { root_module: { resources: null, child_modules: null }, outputs: null } },
        errored: null,
      },
      'p',
    );
    expect(plan.terraformVersion).toBeNull();
    expect(plan.changes[0]).toEqual(
      change({
        address: 'aws_s3_bucket.a', type: 'aws_s3_bucket', name: 'a', providerName: '', rawActions: ['delete'], action: 'delete', before: { bucket: 'a' },
      }),
    );
    expect(plan.drift).toEqual([]);
    expect(plan.outputChanges).toEqual([]);
    // The delete contradicts the prior state's empty resource list: the count is not known.
    expect(plan.priorManagedResourceCount).toBeNull();
    expect(loadPlanJson({ format_version: '1.2', planned_values: {}, prior_state: null, resource_changes: [] }, 'p').priorManagedResourceCount).toBe(0);
  });

  it('words a removed resource differently inside a module, and not for a null module address', () => {
    const entry = (moduleAddress: string | null) => ({
      address: `${moduleAddress ? `${moduleAddress}.` : ''}aws_s3_bucket.a`, module_address: moduleAddress, type: 'aws_s3_bucket', name: 'a',
      change: { actions: ['delete'] }, action_reason: 'delete_because_no_resource_config',
    });
    const plan = loadPlanJson({ format_version: '1.2', resource_changes: [entry(null), entry('module.m')] }, 'p');
    expect(plan.changes[0]?.reasonText).toBe('its resource block was removed from the configuration');
    expect(plan.changes[1]?.reasonText).not.toBe(plan.changes[0]?.reasonText);
  });

  it('an errored plan is flagged', () => {
    expect(loadPlanJson({ format_version: '1.2', planned_values: {}, errored: true }, 'p').errored).toBe(true);
  });
});

describe('priorManagedResourceCount', () => {
  const resource = (address: string, mode = 'managed') => ({ address, mode, type: address.split('.').at(-2) ?? 'x', name: 'n' });

  it('counts managed resources in every module, not data sources or outputs', () => {
    const plan = loadPlanJson(
      {
        format_version: '1.2',
        planned_values: {},
        prior_state: {
          values: {
            outputs: { url: { value: 'https://example.com', sensitive: false } },
            root_module: {
              resources: [resource('aws_s3_bucket.a'), resource('data.aws_caller_identity.me', 'data')],
              child_modules: [
                { address: 'module.db', resources: [resource('module.db.aws_db_instance.main'), resource('module.db.data.aws_vpc.v', 'data')] },
                { address: 'module.net', child_modules: [{ address: 'module.net.module.sub', resources: [resource('module.net.module.sub.aws_vpc.v')] }] },
              ],
            },
          },
        },
      },
      'p',
    );
    expect(plan.priorManagedResourceCount).toBe(3);
  });

  it('does not count a deposed object as another resource', () => {
    expect(loadPlanFile(`${INPUTS}/deposed-delete.json`).priorManagedResourceCount).toBe(1);
  });

  it('is 0 for a prior state with only outputs or data sources', () => {
    const outputsOnly = { format_version: '1.2', planned_values: {}, prior_state: { values: { outputs: { a: { value: 'x' } }, root_module: {} } } };
    expect(loadPlanJson(outputsOnly, 'p').priorManagedResourceCount).toBe(0);
    const dataOnly = { format_version: '1.2', planned_values: {}, prior_state: { values: { root_module: { resources: [resource('data.aws_vpc.v', 'data')] } } } };
    expect(loadPlanJson(dataOnly, 'p').priorManagedResourceCount).toBe(0);
  });

  it('is 0 when prior_state is absent from a plan that only creates (and reads)', () => {
    const plan = loadPlanFile(`${INCIDENTS}/lost-state-prod.json`);
    expect(plan.changes).toHaveLength(100);
    expect(plan.priorManagedResourceCount).toBe(0);
    const withRead = loadPlanJson(
      {
        format_version: '0.1',
        resource_changes: [
          { address: 'a_b.c', mode: 'managed', type: 'a_b', name: 'c', change: { actions: ['create'] } },
          { address: 'data.a_d.e', mode: 'data', type: 'a_d', name: 'e', change: { actions: ['read'] } },
        ],
      },
      'p',
    );
    expect(withRead.priorManagedResourceCount).toBe(0);
  });

  it('is unknown (null) when the plan contradicts an empty state, or is HCP redacted JSON', () => {
    const contradicting = {
      format_version: '1.2',
      resource_changes: [{ address: 'a_b.c', mode: 'managed', type: 'a_b', name: 'c', change: { actions: ['update'] } }],
    };
    expect(loadPlanJson(contradicting, 'p').priorManagedResourceCount).toBeNull();
    expect(loadPlanFile(`${INPUTS}/hcp-redacted.json`).priorManagedResourceCount).toBeNull();
  });
});
