import { describe, expect, it } from 'vitest';
import type { PolicyFileAt } from '../../src/policy/change.js';
import { gateInputChanges, touchesWorkflow, workflowChangedFinding, type WorkflowFileChange } from '../../src/policy/workflow-change.js';
import { honouredInputs } from '../../src/decision/gate-inputs.js';
import { workflowPathOf } from '../../src/github/context.js';
import { parseInputs, type InputName } from '../../src/action/inputs.js';

const PATH = '.github/workflows/terraform.yml';

function workflow(gateInputs: Record<string, string>, uses = 'acme/tf-plan-guard@v1'): PolicyFileAt {
  const lines = ['on: pull_request', 'jobs:', '  plan:', '    runs-on: ubuntu-latest', '    steps:', '      - run: terraform plan', '      - name: Gate', `        uses: ${uses}`, '        with:'];
  for (const [name, value] of Object.entries(gateInputs)) lines.push(`          ${name}: ${JSON.stringify(value)}`);
  return { kind: 'file', text: `${lines.join('\n')}\n` };
}

function change(overrides: Partial<WorkflowFileChange>): WorkflowFileChange {
  return { path: PATH, base: workflow({ 'plan-file': 'plan.json' }), head: workflow({ 'plan-file': 'plan.json' }), files: [], actionRepository: 'acme/tf-plan-guard', ...overrides };
}

describe('workflow-changed', () => {
  it('is absent when the file list does not touch the running workflow', () => {
    expect(workflowChangedFinding(change({ files: [{ filename: '.github/workflows/other.yml', status: 'modified' }] }))).toBeNull();
  });

  it('names each gate input the PR sets, changes or removes, and blocks at critical', () => {
    const finding = workflowChangedFinding(
      change({
        base: workflow({ 'plan-file': 'plan.json', 'approver-permission': 'admin' }),
        head: workflow({ 'plan-file': 'other.json', 'block-on': 'none' }),
        files: [{ filename: PATH, status: 'modified' }],
      }),
    );
    expect(finding).toMatchObject({ ruleId: 'workflow-changed', severity: 'critical', address: null });
    expect(finding?.message).toContain(`changes ${PATH}, the workflow that runs this check`);
    expect(finding?.details).toEqual([
      `modified: ${PATH}`,
      'gate step: removes approver-permission (was "admin")',
      'gate step: sets block-on to "none"',
      'gate step: changes plan-file from "plan.json" to "other.json"',
    ]);
  });

  it('says when the gate step is removed, and still fires when only other steps change', () => {
    const removed = workflowChangedFinding(change({ head: { kind: 'file', text: 'on: pull_request\njobs: {}\n' }, files: [{ filename: PATH, status: 'modified' }] }));
    expect(removed?.message).toContain('removes the step running tf-plan-guard (plan / Gate)');
    const otherSteps = workflowChangedFinding(change({ files: [{ filename: PATH, status: 'modified' }] }));
    expect(otherSteps).not.toBeNull();
    expect(otherSteps?.message).not.toContain("It changes the gate's step");
  });

  it('counts a rename away from the running path, and a file that is not YAML', () => {
    const renamed = workflowChangedFinding(change({ files: [{ filename: '.github/workflows/x.yml', status: 'renamed', previous_filename: PATH }] }));
    expect(renamed?.details[0]).toBe(`renamed: ${PATH} → .github/workflows/x.yml`);
    const garbled = workflowChangedFinding(change({ head: { kind: 'file', text: 'jobs: [unclosed' }, files: [{ filename: PATH, status: 'modified' }] }));
    expect(garbled?.ruleId).toBe('workflow-changed');
  });

  it('without a file list, compares the base copy with the head copy', () => {
    expect(workflowChangedFinding(change({ files: null }))).toBeNull();
    const differs = workflowChangedFinding(change({ files: null, head: workflow({ 'plan-file': 'plan.json', 'allow-self-approval': 'true' }) }));
    expect(differs?.details[0]).toContain('differs from the base');
  });

  it('binds the head copy: another edit of the workflow changes the evidence, the same content keeps it', () => {
    const files = [{ filename: PATH, status: 'modified' }];
    const a = workflowChangedFinding(change({ files, head: workflow({ 'block-on': 'none' }) }));
    const same = workflowChangedFinding(change({ files, head: workflow({ 'block-on': 'none' }) }));
    const other = workflowChangedFinding(change({ files, head: workflow({ 'block-on': 'none', 'allow-self-approval': 'true' }) }));
    expect(a?.evidence).toBe(same?.evidence);
    expect(a?.evidence).not.toBe(other?.evidence);
  });

  it('finds the gate step by the running action repository, or by name for a local action', () => {
    const local = { base: workflow({}, './'), head: workflow({ 'block-on': 'none' }, './') };
    expect(gateInputChanges({ ...local, actionRepository: null })).toEqual([]);
    const byName = { base: workflow({}, 'someone/tf-plan-guard-fork@main'), head: workflow({ 'block-on': 'none' }, 'someone/tf-plan-guard-fork@main') };
    expect(gateInputChanges({ ...byName, actionRepository: null })).toEqual(['sets block-on to "none"']);
    expect(gateInputChanges({ ...byName, actionRepository: 'acme/tf-plan-guard' })).toEqual([]);
  });

  it('touchesWorkflow matches the path or a rename from it', () => {
    expect(touchesWorkflow([{ filename: `./${PATH}`, status: 'added' }], PATH)).toBe(true);
    expect(touchesWorkflow([{ filename: 'README.md', status: 'modified' }], PATH)).toBe(false);
  });
});

describe('inputs honoured while the PR changes its workflow', () => {
  const given: Partial<Record<InputName, string>> = { 'plan-file': 'plan.json', 'github-token': 't', 'block-on': 'none', 'allow-self-approval': 'true' };
  const loose = parseInputs((name) => given[name] ?? '');

  it('sets aside block-on and allow-self-approval, naming them', () => {
    const { inputs, setAside } = honouredInputs(loose, true);
    expect(inputs.blockOn).toBeNull();
    expect(inputs.allowSelfApproval).toBe(false);
    expect(setAside).toEqual(['block-on: none (the policy\'s block-on decides)', 'allow-self-approval: true (authors and pushers cannot approve)']);
  });

  it('keeps every input when the workflow is the base\'s', () => {
    expect(honouredInputs(loose, false)).toEqual({ inputs: loose, setAside: [] });
  });
});

describe('the running workflow path', () => {
  it('is the part of GITHUB_WORKFLOW_REF after this repository and before the ref', () => {
    expect(workflowPathOf('acme/infra/.github/workflows/terraform.yml@refs/pull/7/merge', 'acme/infra')).toBe('.github/workflows/terraform.yml');
    expect(workflowPathOf('Acme/Infra/.github/workflows/a@b.yml@refs/heads/main', 'acme/infra')).toBe('.github/workflows/a@b.yml');
  });

  it('is unknown for another repository\'s workflow or an unset variable', () => {
    expect(workflowPathOf('other/shared/.github/workflows/gate.yml@v1', 'acme/infra')).toBeNull();
    expect(workflowPathOf(undefined, 'acme/infra')).toBeNull();
  });
});
