/**
 * Real plans from the installed Terraform (builtin `terraform_data`, no provider downloads),
 * analyzed by the bundled CLI with `stateful.include: [terraform_data]`. Each scenario asserts the
 * exact stateful-delete / stateful-replace findings, that nothing else reaches high unless stated,
 * and that the report's summary equals an independent count of the plan's actions.
 *
 * All scenarios live in this one file so dist/cli.js is built once; they run concurrently, with
 * at most three child processes at a time (see test/support/terraform.ts).
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  buildCli,
  countActions,
  findingsOf,
  hasTerraform,
  highKeys,
  runScenario,
  sortedKeys,
  statefulKeys,
  type ActionCounts,
  type ReportFinding,
  type ScenarioResult,
} from '../support/terraform.js';
import { describeReason } from '../../src/plan/actions.js';

const NO_CHANGES: ActionCounts = { create: 0, update: 0, replace: 0, delete: 0, read: 0, noop: 0, forget: 0, import: 0, move: 0 };

function counts(partial: Partial<ActionCounts>): ActionCounts {
  return { ...NO_CHANGES, ...partial };
}

/** The report's summary, checked against both an independent count of the plan and the expected numbers. */
function expectSummary(result: ScenarioResult, expected: Partial<ActionCounts>): void {
  const summary = result.analysis.report.plans[0]!.summary;
  expect(summary).toEqual(countActions(result.plan));
  expect(summary).toEqual(counts(expected));
}

function only(findings: ReportFinding[], ruleId: string): ReportFinding {
  const matching = findings.filter((finding) => finding.ruleId === ruleId);
  expect(matching, `exactly one ${ruleId} finding`).toHaveLength(1);
  return matching[0]!;
}

function rawChange(result: ScenarioResult, address: string, deposed: string | null = null) {
  const change = result.plan.resource_changes?.find((entry) => entry.address === address && (entry.deposed ?? null) === deposed);
  expect(change, `resource_changes entry for ${address}${deposed ? ` (deposed ${deposed})` : ''}`).toBeDefined();
  return change!;
}

/** A database in the root module, moved into a sandbox module the policy ignores (audit F8, audit 4a F4a). */
const ORDERS = 'resource "terraform_data" "orders" {\n  input = "prod-orders"\n}\n';
const SCRATCH = 'resource "terraform_data" "scratch" {\n  input = "x"\n}\n';
const CALL_SANDBOX = 'module "sandbox" {\n  source = "./sandbox"\n}\n';

const STORE = (body = '') => `resource "terraform_data" "store" {\n${body}}\n`;

describe.skipIf(!hasTerraform).concurrent('real Terraform plans analyzed by tf-plan-guard', () => {
  beforeAll(async () => {
    await buildCli();
  });

  it('replace forced by triggers_replace: stateful-replace [delete, create] naming the attribute, v1 → v2', async () => {
    const result = await runScenario({
      initial: { 'main.tf': STORE('  triggers_replace = "v1"\n  input = "kept"\n') },
      change: (dir) => dir.write({ 'main.tf': STORE('  triggers_replace = "v2"\n  input = "kept"\n') }),
    });
    // What Terraform 1.11 emits for terraform_data's triggers_replace: a forced replacement, not a
    // replace_triggered_by reference.
    const raw = rawChange(result, 'terraform_data.store');
    expect(raw.action_reason).toBe('replace_because_cannot_update');
    expect(raw.change.replace_paths).toEqual([['triggers_replace']]);

    const { report } = result.analysis;
    expect(statefulKeys(report)).toEqual([{ ruleId: 'stateful-replace', address: 'terraform_data.store', actions: ['delete', 'create'] }]);
    expect(highKeys(report)).toEqual(statefulKeys(report));
    const finding = only(findingsOf(report), 'stateful-replace');
    expect(finding.severity).toBe('critical');
    expect(finding.resourceType).toBe('terraform_data');
    expect(finding.message).toContain('destroyed, then created again');
    expect(finding.message).toContain('because a changed attribute cannot be updated in place');
    expect(finding.message).toContain('Forced by: triggers_replace.');
    expect(finding.details).toEqual(['triggers_replace: "v1" → "v2"']);
    expectSummary(result, { replace: 1 });
    expect(result.analysis.exitCode).toBe(1);
    expect(report.blocking).toBe(true);
    expect(report.risk).toBe('critical');
  });

  it('replace forced by a variable: neither the new value (the variable\'s) nor the old one (its earlier value) is printed', async () => {
    const config = 'variable "generation" { type = string }\n' + STORE('  triggers_replace = var.generation\n');
    const result = await runScenario({
      initial: { 'main.tf': config, 'terraform.tfvars': 'generation = "first-generation"\n' },
      change: (dir) => dir.write({ 'terraform.tfvars': 'generation = "second-generation"\n' }),
    });
    expect(statefulKeys(result.analysis.report)).toEqual([{ ruleId: 'stateful-replace', address: 'terraform_data.store', actions: ['delete', 'create'] }]);
    const finding = only(findingsOf(result.analysis.report), 'stateful-replace');
    expect(finding.message).toContain('Forced by: triggers_replace.');
    expect(finding.details).toEqual(['triggers_replace: (sensitive) → (sensitive)']);
    expect(JSON.stringify(result.analysis.report)).not.toContain('second-generation');
    expect(JSON.stringify(result.analysis.report)).not.toContain('first-generation');
    expectSummary(result, { replace: 1 });
    expect(result.analysis.exitCode).toBe(1);
  });

  it('replace_triggered_by: stateful-replace with the replace_by_triggers reason; the trigger itself is only updated', async () => {
    const config = (version: string) =>
      `resource "terraform_data" "schema_version" {\n  input = "${version}"\n}\n` +
      STORE('  lifecycle {\n    replace_triggered_by = [terraform_data.schema_version]\n  }\n');
    const result = await runScenario({ initial: { 'main.tf': config('v1') }, change: (dir) => dir.write({ 'main.tf': config('v2') }) });
    const raw = rawChange(result, 'terraform_data.store');
    expect(raw.action_reason).toBe('replace_by_triggers');
    expect(raw.change.replace_paths).toBeUndefined();
    expect(rawChange(result, 'terraform_data.schema_version').change.actions).toEqual(['update']);

    const { report } = result.analysis;
    expect(statefulKeys(report)).toEqual([{ ruleId: 'stateful-replace', address: 'terraform_data.store', actions: ['delete', 'create'] }]);
    expect(highKeys(report)).toEqual(statefulKeys(report));
    const finding = only(findingsOf(report), 'stateful-replace');
    expect(finding.message).toContain('because a `replace_triggered_by` reference changed');
    expect(finding.message).not.toContain('Forced by');
    expect(finding.details).toEqual([]);
    expectSummary(result, { update: 1, replace: 1 });
  });

  it('create_before_destroy replace: stateful-replace with actions [create, delete]', async () => {
    const config = (trigger: string) => STORE(`  triggers_replace = "${trigger}"\n  lifecycle {\n    create_before_destroy = true\n  }\n`);
    const result = await runScenario({ initial: { 'main.tf': config('v1') }, change: (dir) => dir.write({ 'main.tf': config('v2') }) });
    expect(rawChange(result, 'terraform_data.store').action_reason).toBe('replace_because_cannot_update');

    const { report } = result.analysis;
    expect(statefulKeys(report)).toEqual([{ ruleId: 'stateful-replace', address: 'terraform_data.store', actions: ['create', 'delete'] }]);
    expect(highKeys(report)).toEqual(statefulKeys(report));
    const finding = only(findingsOf(report), 'stateful-replace');
    expect(finding.message).toContain('a new one is created, then the old one destroyed');
    expect(finding.details).toEqual(['triggers_replace: "v1" → "v2"']);
    expectSummary(result, { replace: 1 });
    expect(result.analysis.exitCode).toBe(1);
  });

  it('resource block removed: stateful-delete because the block was removed, the other resource untouched', async () => {
    const keeper = 'resource "terraform_data" "keeper" {\n  input = "stays"\n}\n';
    const result = await runScenario({
      initial: { 'main.tf': keeper + STORE('  input = "data"\n') },
      change: (dir) => dir.write({ 'main.tf': keeper }),
    });
    expect(rawChange(result, 'terraform_data.store').action_reason).toBe('delete_because_no_resource_config');

    const { report } = result.analysis;
    expect(statefulKeys(report)).toEqual([{ ruleId: 'stateful-delete', address: 'terraform_data.store', actions: ['delete'] }]);
    expect(highKeys(report)).toEqual(statefulKeys(report));
    const finding = only(findingsOf(report), 'stateful-delete');
    expect(finding.message).toContain('terraform_data.store will be destroyed because its resource block was removed from the configuration.');
    expect(finding.remediation).toContain('`moved` block');
    expectSummary(result, { delete: 1, noop: 1 });
    expect(result.analysis.exitCode).toBe(1);
  });

  it('count 3 → 1: stateful-delete for [1] and [2] only', async () => {
    const config = (count: number) => STORE(`  count = ${count}\n  input = "shard-\${count.index}"\n`);
    const result = await runScenario({ initial: { 'main.tf': config(3) }, change: (dir) => dir.write({ 'main.tf': config(1) }) });
    expect(rawChange(result, 'terraform_data.store[1]').action_reason).toBe('delete_because_count_index');

    const { report } = result.analysis;
    expect(statefulKeys(report)).toEqual(
      sortedKeys([
        { ruleId: 'stateful-delete', address: 'terraform_data.store[1]', actions: ['delete'] },
        { ruleId: 'stateful-delete', address: 'terraform_data.store[2]', actions: ['delete'] },
      ]),
    );
    expect(highKeys(report)).toEqual(statefulKeys(report));
    for (const finding of findingsOf(report).filter((f) => f.ruleId === 'stateful-delete')) {
      expect(finding.message).toContain('because its count index is beyond the new `count`');
    }
    expectSummary(result, { delete: 2, noop: 1 });
  });

  it('for_each key removed: stateful-delete of that key only', async () => {
    const config = (keys: string) => STORE(`  for_each = toset([${keys}])\n  input = each.key\n`);
    const result = await runScenario({
      initial: { 'main.tf': config('"eu", "us", "ap"') },
      change: (dir) => dir.write({ 'main.tf': config('"eu", "ap"') }),
    });
    expect(rawChange(result, 'terraform_data.store["us"]').action_reason).toBe('delete_because_each_key');

    const { report } = result.analysis;
    expect(statefulKeys(report)).toEqual([{ ruleId: 'stateful-delete', address: 'terraform_data.store["us"]', actions: ['delete'] }]);
    expect(highKeys(report)).toEqual(statefulKeys(report));
    expect(only(findingsOf(report), 'stateful-delete').message).toContain('because its key is no longer in `for_each`');
    expectSummary(result, { delete: 1, noop: 2 });
  });

  it('module call removed: stateful-delete for each resource in the module', async () => {
    const module = 'resource "terraform_data" "store" {\n  input = "data"\n}\nresource "terraform_data" "index" {\n  input = "index"\n}\n';
    const keeper = 'resource "terraform_data" "keeper" {\n  input = "stays"\n}\n';
    const result = await runScenario({
      initial: { 'modules/store/main.tf': module, 'main.tf': keeper + 'module "store" {\n  source = "./modules/store"\n}\n' },
      change: (dir) => dir.write({ 'main.tf': keeper }),
    });
    // Terraform 1.11 reports a removed module call per resource (delete_because_no_resource_config);
    // delete_because_no_module is reserved for module instances dropped by count/for_each (next test).
    const raw = rawChange(result, 'module.store.terraform_data.store');
    expect(raw.action_reason).toBe('delete_because_no_resource_config');

    const { report } = result.analysis;
    expect(statefulKeys(report)).toEqual(
      sortedKeys([
        { ruleId: 'stateful-delete', address: 'module.store.terraform_data.index', actions: ['delete'] },
        { ruleId: 'stateful-delete', address: 'module.store.terraform_data.store', actions: ['delete'] },
      ]),
    );
    expect(highKeys(report)).toEqual(statefulKeys(report));
    for (const finding of findingsOf(report).filter((f) => f.ruleId === 'stateful-delete')) {
      expect(finding.message).toContain(`${finding.address} will be destroyed because ${describeReason(raw.action_reason!, true)}`);
    }
    expectSummary(result, { delete: 2, noop: 1 });
    expect(result.analysis.exitCode).toBe(1);
  });

  it('module count 2 → 1: stateful-delete of the dropped module instance\'s resource only', async () => {
    const config = (count: number) => `module "store" {\n  source = "./modules/store"\n  count  = ${count}\n}\n`;
    const result = await runScenario({
      initial: { 'modules/store/main.tf': 'resource "terraform_data" "store" {\n  input = "data"\n}\n', 'main.tf': config(2) },
      change: (dir) => dir.write({ 'main.tf': config(1) }),
    });
    const raw = rawChange(result, 'module.store[1].terraform_data.store');
    expect(raw.action_reason).toBe('delete_because_no_module');

    const { report } = result.analysis;
    expect(statefulKeys(report)).toEqual([{ ruleId: 'stateful-delete', address: 'module.store[1].terraform_data.store', actions: ['delete'] }]);
    expect(highKeys(report)).toEqual(statefulKeys(report));
    expect(only(findingsOf(report), 'stateful-delete').message).toContain(
      `module.store[1].terraform_data.store will be destroyed because ${describeReason('delete_because_no_module')}`,
    );
    expectSummary(result, { delete: 1, noop: 1 });
  });

  it('-target plan: Terraform writes complete: false, and every report warns that the plan is not the whole change', async () => {
    const two = STORE('  input = "v1"\n') + 'resource "terraform_data" "other" {\n  input = "x"\n}\n';
    const result = await runScenario({
      initial: { 'main.tf': two },
      change: (dir) => dir.write({ 'main.tf': two.replace('"v1"', '"v2"').replace('"x"', '"y"') }),
      planFlags: ['-target=terraform_data.store'],
    });
    expect((result.plan as unknown as { complete?: unknown }).complete).toBe(false);
    expect(result.analysis.report.plans[0]!.warnings).toEqual([expect.stringContaining('Terraform marked this plan incomplete (`complete: false`)')]);
  });

  it('terraform taint: stateful-replace because the object is tainted', async () => {
    const result = await runScenario({
      initial: { 'main.tf': STORE('  input = "data"\n') },
      change: async (dir) => {
        await dir.terraform(['taint', '-lock=false', '-no-color', 'terraform_data.store']);
      },
    });
    const raw = rawChange(result, 'terraform_data.store');
    expect(raw.action_reason).toBe('replace_because_tainted');
    expect(raw.change.replace_paths).toBeUndefined();

    const { report } = result.analysis;
    expect(statefulKeys(report)).toEqual([{ ruleId: 'stateful-replace', address: 'terraform_data.store', actions: ['delete', 'create'] }]);
    expect(highKeys(report)).toEqual(statefulKeys(report));
    expect(only(findingsOf(report), 'stateful-replace').message).toContain('because the object is tainted');
    expectSummary(result, { replace: 1 });
  });

  it('plan -replace=ADDRESS: stateful-replace because replacement was requested with -replace', async () => {
    const result = await runScenario({
      initial: { 'main.tf': STORE('  input = "data"\n') + 'resource "terraform_data" "other" {\n  input = "x"\n}\n' },
      planFlags: ['-replace=terraform_data.store'],
    });
    expect(rawChange(result, 'terraform_data.store').action_reason).toBe('replace_by_request');

    const { report } = result.analysis;
    expect(statefulKeys(report)).toEqual([{ ruleId: 'stateful-replace', address: 'terraform_data.store', actions: ['delete', 'create'] }]);
    expect(highKeys(report)).toEqual(statefulKeys(report));
    expect(only(findingsOf(report), 'stateful-replace').message).toContain('because replacement was requested with `-replace`');
    expectSummary(result, { replace: 1, noop: 1 });
    expect(result.analysis.exitCode).toBe(1);
  });

  it('plan -destroy of three resources: three stateful-deletes and a mass-delete teardown (high)', async () => {
    const result = await runScenario({
      initial: { 'main.tf': STORE('  count = 2\n  input = count.index\n') + 'resource "terraform_data" "audit_log" {\n  input = "log"\n}\n' },
      planFlags: ['-destroy'],
    });
    // A destroy plan gives no action_reason: the product says only that the object will be destroyed.
    expect((result.plan.resource_changes ?? []).map((entry) => entry.action_reason)).toEqual([undefined, undefined, undefined]);
    const { report } = result.analysis;
    for (const finding of findingsOf(report).filter((f) => f.ruleId === 'stateful-delete')) {
      expect(finding.message).toContain(`${finding.address} will be destroyed. Lost: `);
    }
    expect(statefulKeys(report)).toEqual(
      sortedKeys([
        { ruleId: 'stateful-delete', address: 'terraform_data.audit_log', actions: ['delete'] },
        { ruleId: 'stateful-delete', address: 'terraform_data.store[0]', actions: ['delete'] },
        { ruleId: 'stateful-delete', address: 'terraform_data.store[1]', actions: ['delete'] },
      ]),
    );
    expect(highKeys(report)).toEqual(sortedKeys([...statefulKeys(report), { ruleId: 'mass-delete', address: null, actions: [] }]));
    const teardown = only(findingsOf(report), 'mass-delete');
    expect(teardown.severity).toBe('high');
    expect(teardown.message).toContain('destroys every resource in the state (3 managed)');
    expect(teardown.details).toEqual(['delete terraform_data.audit_log', 'delete terraform_data.store[0]', 'delete terraform_data.store[1]']);
    expectSummary(result, { delete: 3 });
    expect(result.analysis.exitCode).toBe(1);
  });

  it('moved block renaming a resource: no stateful finding, summary move = 1, nothing at or above high', async () => {
    const result = await runScenario({
      initial: { 'main.tf': 'resource "terraform_data" "old_name" {\n  input = "data"\n}\n' },
      change: (dir) =>
        dir.write({
          'main.tf': 'resource "terraform_data" "new_name" {\n  input = "data"\n}\nmoved {\n  from = terraform_data.old_name\n  to   = terraform_data.new_name\n}\n',
        }),
    });
    const raw = rawChange(result, 'terraform_data.new_name');
    expect(raw.previous_address).toBe('terraform_data.old_name');
    expect(raw.change.actions).toEqual(['no-op']);

    const { report } = result.analysis;
    expect(statefulKeys(report)).toEqual([]);
    expect(highKeys(report)).toEqual([]);
    expectSummary(result, { noop: 1, move: 1 });
    expect(result.analysis.exitCode).toBe(0);
    expect(report.blocking).toBe(false);
  });

  it('moved block together with an in-place update: still no stateful finding', async () => {
    const result = await runScenario({
      initial: { 'main.tf': 'resource "terraform_data" "old_name" {\n  input = "v1"\n}\n' },
      change: (dir) =>
        dir.write({
          'main.tf': 'resource "terraform_data" "new_name" {\n  input = "v2"\n}\nmoved {\n  from = terraform_data.old_name\n  to   = terraform_data.new_name\n}\n',
        }),
    });
    expect(rawChange(result, 'terraform_data.new_name').change.actions).toEqual(['update']);
    expect(statefulKeys(result.analysis.report)).toEqual([]);
    expect(highKeys(result.analysis.report)).toEqual([]);
    expectSummary(result, { update: 1, move: 1 });
    expect(result.analysis.exitCode).toBe(0);
  });

  it('removed block with destroy = false: a forget, reported as resource-forget info, never a delete', async () => {
    const keeper = 'resource "terraform_data" "keeper" {\n  input = "stays"\n}\n';
    const result = await runScenario({
      initial: { 'main.tf': keeper + STORE('  input = "data"\n') },
      change: (dir) =>
        dir.write({ 'main.tf': keeper + 'removed {\n  from = terraform_data.store\n  lifecycle {\n    destroy = false\n  }\n}\n' }),
    });
    const raw = rawChange(result, 'terraform_data.store');
    expect(raw.change.actions).toEqual(['forget']);
    expect(raw.action_reason).toBe('delete_because_no_resource_config');

    const { report } = result.analysis;
    expect(statefulKeys(report)).toEqual([]);
    expect(highKeys(report)).toEqual([]);
    const forget = only(findingsOf(report), 'resource-forget');
    expect(forget).toMatchObject({ severity: 'info', address: 'terraform_data.store', actions: ['forget'] });
    expect(forget.message).toContain('removed from the state but not destroyed');
    expectSummary(result, { forget: 1, noop: 1 });
    expect(result.analysis.exitCode).toBe(0);
  });

  it('no changes: no findings at all, exit 0', async () => {
    const result = await runScenario({ initial: { 'main.tf': STORE('  input = "data"\n') } });
    const { report } = result.analysis;
    expect(findingsOf(report)).toEqual([]);
    expect(report).toMatchObject({ risk: 'none', blocking: false });
    expectSummary(result, { noop: 1 });
    expect(result.analysis.exitCode).toBe(0);
  });

  it('update in place of input: nothing at or above high', async () => {
    const result = await runScenario({
      initial: { 'main.tf': STORE('  input = "v1"\n') },
      change: (dir) => dir.write({ 'main.tf': STORE('  input = "v2"\n') }),
    });
    expect(rawChange(result, 'terraform_data.store').change.actions).toEqual(['update']);
    expect(statefulKeys(result.analysis.report)).toEqual([]);
    expect(highKeys(result.analysis.report)).toEqual([]);
    expectSummary(result, { update: 1 });
    expect(result.analysis.exitCode).toBe(0);
  });

  it('lost state (terraform.tfstate deleted): every resource is a create, the prior state is empty', async () => {
    const config = STORE('  count = 3\n  input = "data-${count.index}"\n') + 'resource "terraform_data" "audit_log" {\n  input = "log"\n}\n';
    const result = await runScenario({
      initial: { 'main.tf': config },
      change: (dir) => dir.remove('terraform.tfstate'),
    });
    // With no state at all, Terraform 1.11 writes no prior_state.
    expect(result.plan.prior_state).toBeUndefined();
    expect((result.plan.resource_changes ?? []).map((entry) => entry.change.actions)).toEqual([['create'], ['create'], ['create'], ['create']]);

    const { report } = result.analysis;
    expect(statefulKeys(report)).toEqual([]);
    expectSummary(result, { create: 4 });
  });

  it('deposed object left by a failed create_before_destroy: its delete is a stateful-delete that says "deposed"', async () => {
    const config = (trigger: string, provisioner: string) =>
      STORE(`  triggers_replace = "${trigger}"\n  lifecycle {\n    create_before_destroy = true\n  }\n${provisioner}`);
    const result = await runScenario({
      initial: { 'main.tf': config('v1', '') },
      change: async (dir) => {
        // The new object's provisioner fails: Terraform keeps it (tainted) and the old object deposed.
        await dir.write({ 'main.tf': config('v2', '  provisioner "local-exec" {\n    command = "exit 1"\n  }\n') });
        const failed = await dir.apply([], { allowFailure: true });
        expect(failed.code).toBe(1);
        await dir.write({ 'main.tf': config('v2', '') });
      },
    });
    const deposed = (result.plan.resource_changes ?? []).filter((entry) => entry.deposed !== undefined);
    expect(deposed).toHaveLength(1);
    const deposedKey = deposed[0]!.deposed!;
    expect(deposed[0]!.change.actions).toEqual(['delete']);
    expect(deposed[0]!.action_reason).toBeUndefined();
    expect(rawChange(result, 'terraform_data.store').action_reason).toBe('replace_because_tainted');

    const { report } = result.analysis;
    expect(statefulKeys(report)).toEqual(
      sortedKeys([
        { ruleId: 'stateful-delete', address: 'terraform_data.store', actions: ['delete'] },
        { ruleId: 'stateful-replace', address: 'terraform_data.store', actions: ['create', 'delete'] },
      ]),
    );
    expect(highKeys(report)).toEqual(statefulKeys(report));
    const deleted = only(findingsOf(report), 'stateful-delete');
    expect(deleted.message).toContain(`A deposed object of terraform_data.store`);
    expect(deleted.message).toContain(`key ${deposedKey}`);
    expect(only(findingsOf(report), 'stateful-replace').message).toContain('because the object is tainted');
    expectSummary(result, { replace: 1, delete: 1 });
    expect(result.analysis.exitCode).toBe(1);
  });

  it('moved into an ignored module (audit F8): the moved objects\' replace and delete still count; the sandbox\'s own replace stays ignored', async () => {
    const sandbox = (engine: string, orders: string) =>
      `variable "engine" {\n  type = string\n}\nresource "terraform_data" "scratch" {\n  triggers_replace = var.engine\n}\n${orders}`;
    const callSandbox = (engine: string) => `module "sandbox" {\n  source = "./sandbox"\n  engine = "${engine}"\n}\n`;
    const result = await runScenario({
      initial: {
        'main.tf': `resource "terraform_data" "orders" {\n  triggers_replace = "postgres"\n}\nresource "terraform_data" "events" {\n  input = "prod-events"\n}\n${callSandbox('v1')}`,
        'sandbox/main.tf': sandbox('v1', ''),
      },
      change: (dir) =>
        dir.write({
          // The base policy ignores the sandbox (the contract's own example); the PR moves production into it.
          'policy.yml': 'stateful:\n  include: [terraform_data]\nignore:\n  - address: "module.sandbox.**"\n    reason: "sandbox is rebuilt nightly"\n',
          'main.tf': `${callSandbox('v2')}moved {\n  from = terraform_data.orders\n  to   = module.sandbox.terraform_data.orders\n}\nmoved {\n  from = terraform_data.events\n  to   = module.sandbox.terraform_data.events\n}\n`,
          'sandbox/main.tf': sandbox('v2', 'resource "terraform_data" "orders" {\n  triggers_replace = "mysql"\n}\n'),
        }),
    });
    expect(rawChange(result, 'module.sandbox.terraform_data.orders').previous_address).toBe('terraform_data.orders');
    expect(rawChange(result, 'module.sandbox.terraform_data.events').previous_address).toBe('terraform_data.events');

    const findings = findingsOf(result.analysis.report).filter((finding) => finding.ruleId === 'stateful-delete' || finding.ruleId === 'stateful-replace');
    const byAddress = new Map(findings.map((finding) => [finding.address, finding]));
    for (const [address, previous] of [['module.sandbox.terraform_data.orders', 'terraform_data.orders'], ['module.sandbox.terraform_data.events', 'terraform_data.events']] as const) {
      const finding = byAddress.get(address)!;
      expect(finding.suppressed, address).toBeNull();
      expect(finding.message).toContain(`It was moved here from ${previous}, into addresses the policy ignores (module.sandbox.**: "sandbox is rebuilt nightly")`);
    }
    expect(byAddress.get('module.sandbox.terraform_data.scratch')?.suppressed).toEqual({ reason: 'sandbox is rebuilt nightly' });
    expect(result.analysis.report.blocking).toBe(true);
    expect(result.analysis.exitCode).toBe(1);
  });

  it('only moved into an ignored module, nothing else changed (audit F8, the first of two steps): moved-into-ignored blocks the move itself', async () => {
    const result = await runScenario({
      initial: { 'main.tf': `${ORDERS}${CALL_SANDBOX}`, 'sandbox/main.tf': SCRATCH },
      change: (dir) =>
        dir.write({
          'policy.yml': 'stateful:\n  include: [terraform_data]\nignore:\n  - address: "module.sandbox.**"\n    reason: "sandbox is rebuilt nightly"\n',
          'main.tf': `${CALL_SANDBOX}moved {\n  from = terraform_data.orders\n  to   = module.sandbox.terraform_data.orders\n}\n`,
          'sandbox/main.tf': `${SCRATCH}${ORDERS}`,
        }),
    });
    const change = rawChange(result, 'module.sandbox.terraform_data.orders');
    expect(change.previous_address).toBe('terraform_data.orders');
    expect(change.change.actions).toEqual(['no-op']);
    const finding = only(findingsOf(result.analysis.report), 'moved-into-ignored');
    expect(finding).toMatchObject({ address: 'module.sandbox.terraform_data.orders', severity: 'critical', suppressed: null });
    expect(finding.message).toContain('is moved here from terraform_data.orders, into addresses the policy ignores (module.sandbox.**: "sandbox is rebuilt nightly")');
    expect(finding.message).toContain('its deletes and replacements would no longer be reviewed');
    expect(statefulKeys(result.analysis.report)).toEqual([]);
    expectSummary(result, { noop: 2, move: 1 });
    expect(result.analysis.exitCode).toBe(1);
  });

  it('count to for_each with a moved block into an ignored instance key (audit F8): moved-into-ignored', async () => {
    const result = await runScenario({
      initial: { 'main.tf': 'resource "terraform_data" "db" {\n  count = 1\n  input = "prod"\n}\n' },
      change: (dir) =>
        dir.write({
          'policy.yml': 'stateful:\n  include: [terraform_data]\nignore:\n  - address: \'terraform_data.db["scratch"]\'\n    rules: [stateful-delete]\n    reason: "a scratch copy"\n',
          'main.tf': 'resource "terraform_data" "db" {\n  for_each = toset(["scratch"])\n  input    = "prod"\n}\nmoved {\n  from = terraform_data.db[0]\n  to   = terraform_data.db["scratch"]\n}\n',
        }),
    });
    expect(rawChange(result, 'terraform_data.db["scratch"]').previous_address).toBe('terraform_data.db[0]');
    const finding = only(findingsOf(result.analysis.report), 'moved-into-ignored');
    expect(finding.address).toBe('terraform_data.db["scratch"]');
    expect(result.analysis.exitCode).toBe(1);
  });

  it('removed { destroy = false } + import into an ignored module, a move without a moved block (audit 4a F4a): moved-into-ignored', async () => {
    const result = await runScenario({
      initial: { 'main.tf': `${ORDERS}${CALL_SANDBOX}`, 'sandbox/main.tf': SCRATCH },
      change: async (dir) => {
        const state = JSON.parse(await readFile(join(dir.path, 'terraform.tfstate'), 'utf8')) as { resources: { module?: string; name: string; instances: { attributes: { id: string } }[] }[] };
        const id = state.resources.find((resource) => resource.module === undefined && resource.name === 'orders')!.instances[0]!.attributes.id;
        await dir.write({
          'policy.yml': 'stateful:\n  include: [terraform_data]\nignore:\n  - address: "module.sandbox.**"\n    reason: "sandbox is rebuilt nightly"\n',
          'main.tf': `${CALL_SANDBOX}removed {\n  from = terraform_data.orders\n  lifecycle {\n    destroy = false\n  }\n}\nimport {\n  to = module.sandbox.terraform_data.orders\n  id = "${id}"\n}\n`,
          'sandbox/main.tf': `${SCRATCH}${ORDERS}`,
        });
      },
    });
    expect(rawChange(result, 'terraform_data.orders').change.actions).toEqual(['forget']);
    expect(rawChange(result, 'module.sandbox.terraform_data.orders').change.importing).toBeDefined();
    const finding = only(findingsOf(result.analysis.report), 'moved-into-ignored');
    expect(finding).toMatchObject({ address: 'module.sandbox.terraform_data.orders', severity: 'critical', suppressed: null });
    expect(finding.message).toContain('is imported here, an existing object brought into addresses the policy ignores (module.sandbox.**: "sandbox is rebuilt nightly"), while this plan forgets terraform_data.orders');
    expect(result.analysis.report.blocking).toBe(true);
    expect(result.analysis.exitCode).toBe(1);
  });
});
