import { describe, expect, it } from 'vitest';
import type { PolicyFileAt } from '../../src/policy/change.js';
import { baseGateStepFiles, baseWorkflowPath, gateInputChanges, gateStepInputs, mayWriteTheCheck, unknownWorkflowChangedFinding, workflowChangedFinding, workflowDirectoryEntries, type WorkflowFileChange } from '../../src/policy/workflow-change.js';
import { workflowPathOf } from '../../src/github/context.js';

const PATH = '.github/workflows/terraform.yml';

function workflow(gateInputs: Record<string, string>, uses = 'acme/tf-plan-guard@v1'): PolicyFileAt {
  const lines = ['on: pull_request', 'jobs:', '  plan:', '    runs-on: ubuntu-latest', '    steps:', '      - run: terraform plan', '      - name: Gate', `        uses: ${uses}`, '        with:'];
  for (const [name, value] of Object.entries(gateInputs)) lines.push(`          ${name}: ${JSON.stringify(value)}`);
  return { kind: 'file', text: `${lines.join('\n')}\n` };
}

function change(overrides: Partial<WorkflowFileChange>): WorkflowFileChange {
  return { path: PATH, base: workflow({ 'plan-file': 'plan.json' }), head: workflow({ 'plan-file': 'plan.json' }), files: [], actionRepository: 'acme/tf-plan-guard', reached: [], reachComplete: true, ...overrides };
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

  it("reads the base copy's gate steps that write the run's check, as written, never chosen by job id", () => {
    const twoGates: PolicyFileAt = {
      kind: 'file',
      text: [
        'jobs:',
        '  prod:',
        '    steps:',
        '      - uses: acme/tf-plan-guard@v1',
        '        with: { check-name: prod guard, block-on: medium, comment:, Approvers: olivia }',
        '  sandbox:',
        '    steps:',
        '      - uses: acme/tf-plan-guard@v1',
        '        with: { check-name: sandbox guard, block-on: none }',
        '',
      ].join('\n'),
    };
    // The PR's copy may rename its prod job to `sandbox`: the prod check is still the prod gate's.
    expect(gateStepInputs(twoGates, 'acme/tf-plan-guard', 'prod guard')).toEqual([new Map([['check-name', 'prod guard'], ['block-on', 'medium'], ['comment', ''], ['approvers', 'olivia']])]);
    expect(gateStepInputs(twoGates, 'acme/tf-plan-guard', 'sandbox guard')).toEqual([new Map([['check-name', 'sandbox guard'], ['block-on', 'none']])]);
    // A check no base step writes: no base step to go by (the strictest reading), not the other gates' steps.
    expect(gateStepInputs(twoGates, 'acme/tf-plan-guard', 'Terraform Plan Guard')).toEqual([]);
    const unnamed: PolicyFileAt = { kind: 'file', text: ['jobs:', '  plan:', '    steps:', '      - uses: acme/tf-plan-guard@v1', '        with: { block-on: low, BLOCK-ON: none }', ''].join('\n') };
    expect(gateStepInputs(unnamed, 'acme/tf-plan-guard', 'Terraform Plan Guard')).toEqual([new Map([['block-on', '${{ conflicting values }}']])]);
    expect(gateStepInputs({ kind: 'missing' }, 'acme/tf-plan-guard', 'prod guard')).toEqual([]);
    expect(gateStepInputs({ kind: 'file', text: 'jobs: [unclosed' }, 'acme/tf-plan-guard', 'prod guard')).toBeNull();
  });

  it('finds the base copy of a renamed workflow under its old name', () => {
    expect(baseWorkflowPath([{ filename: PATH, status: 'renamed', previous_filename: '.github/workflows/old.yml' }], PATH)).toBe('.github/workflows/old.yml');
    expect(baseWorkflowPath([{ filename: PATH, status: 'modified' }], PATH)).toBe(PATH);
    expect(baseWorkflowPath(null, PATH)).toBe(PATH);
  });

  it('without the running path, any touched workflow or local action counts, and the approval binds the head', () => {
    const files = [
      { filename: 'db/main.tf', status: 'modified' },
      { filename: '.github/actions/plan/action.yml', status: 'modified' },
      { filename: 'ci/gate.yml', status: 'renamed', previous_filename: '.github/workflows/gate.yml' },
      { filename: '.github/CODEOWNERS', status: 'modified' },
    ];
    expect(workflowDirectoryEntries(files).map((file) => file.filename)).toEqual(['.github/actions/plan/action.yml', 'ci/gate.yml']);
    // A local action's file counts wherever it lives (`uses: ./ci/gate`).
    expect(workflowDirectoryEntries([{ filename: 'ci/gate/action.yaml', status: 'modified' }, { filename: 'docs/reaction.yml', status: 'added' }]).map((file) => file.filename)).toEqual(['ci/gate/action.yaml']);
    const finding = unknownWorkflowChangedFinding(workflowDirectoryEntries(files), 'h1');
    expect(finding).toMatchObject({ ruleId: 'workflow-changed', severity: 'critical' });
    expect(finding.details).toEqual(['modified: .github/actions/plan/action.yml', 'renamed: .github/workflows/gate.yml → ci/gate.yml']);
    expect(finding.evidence).not.toBe(unknownWorkflowChangedFinding(workflowDirectoryEntries(files), 'h2').evidence);
    expect(unknownWorkflowChangedFinding(null, 'h1').message).toContain('could not be read whole');
  });

  it('matches the running path however the list spells it, or a rename from it', () => {
    expect(workflowChangedFinding(change({ files: [{ filename: `./${PATH}`, status: 'added' }] }))).not.toBeNull();
    expect(workflowChangedFinding(change({ files: [{ filename: '.github/workflows/new.yml', status: 'renamed', previous_filename: PATH }] }))).not.toBeNull();
    expect(workflowChangedFinding(change({ files: [{ filename: 'README.md', status: 'modified' }] }))).toBeNull();
  });

  it('counts a touched file the running workflow calls or uses, names it, and binds its head content', () => {
    const GATE = '.github/workflows/gate.yml';
    const reachedGate = (approvers: string) => ({ path: GATE, base: workflow({ approvers: 'olivia' }), head: workflow({ approvers }) });
    const files = [{ filename: GATE, status: 'modified' }];
    const finding = workflowChangedFinding(change({ files, reached: [reachedGate('carol')] }));
    expect(finding?.message).toContain(`changes ${GATE}, which the workflow that runs this check (${PATH}) calls or uses`);
    expect(finding?.details).toEqual([`modified: ${GATE}`, `gate step: changes approvers from "olivia" to "carol" (in ${GATE})`]);
    expect(finding?.evidence).not.toBe(workflowChangedFinding(change({ files, reached: [reachedGate('mallory')] }))?.evidence);
    // Untouched, it changes nothing; without a file list, the copies are compared.
    expect(workflowChangedFinding(change({ files: [], reached: [reachedGate('carol')] }))).toBeNull();
    expect(workflowChangedFinding(change({ files: null, reached: [reachedGate('carol')] }))?.details[0]).toBe(`differs from the base (the file list could not be read): ${GATE}`);
    expect(workflowChangedFinding(change({ files: null, reached: [reachedGate('olivia')] }))).toBeNull();
  });

  it('counts a list entry on the way to a reached file: a bumped submodule, a directory made a symlink', () => {
    const ACTION = 'tools/gate/action.yml';
    const reached = [{ path: ACTION, base: { kind: 'missing' } as const, head: { kind: 'missing' } as const }];
    const finding = workflowChangedFinding(change({ files: [{ filename: 'tools/gate', status: 'modified' }], reached }));
    expect(finding?.details).toEqual(['modified: tools/gate']);
    expect(workflowChangedFinding(change({ files: [{ filename: 'tools', status: 'added' }], reached }))).not.toBeNull();
    // Only whole path segments lead there.
    expect(workflowChangedFinding(change({ files: [{ filename: 'tools/gat', status: 'modified' }, { filename: 'tools/gate2', status: 'modified' }], reached }))).toBeNull();
    expect(workflowChangedFinding(change({ files: [{ filename: '.github', status: 'modified' }] }))).not.toBeNull();
  });

  it('compares paths as a case-insensitive runner does (audit 15 H4, audit 16 U1), and counts any touched file when a link is untraced', () => {
    const ACTION = '.github/actions/TerraformGate/action.yml';
    const reached = [{ path: ACTION, base: { kind: 'missing' } as const, head: { kind: 'missing' } as const }];
    for (const colliding of ['.github/actions/terraformgate/action.yml', '.github/actionſ/TerraformGate/action.yml', '.github/actions/TERRAFORMGATE']) {
      expect(workflowChangedFinding(change({ files: [{ filename: colliding, status: 'added' }], reached }))).not.toBeNull();
    }
    // Audit 19: `ẞ` folds to `ss` on APFS.
    const glass = [{ path: '.github/actions/glass/action.yml', base: { kind: 'missing' } as const, head: { kind: 'missing' } as const }];
    expect(workflowChangedFinding(change({ files: [{ filename: '.github/actions/glaẞ/action.yml', status: 'added' }], reached: glass }))).not.toBeNull();
    expect(workflowChangedFinding(change({ files: [{ filename: '.github/actions/TerraformGate2/action.yml', status: 'added' }], reached }))).toBeNull();
    const files = [{ filename: 'ci/gate.yml', status: 'modified' }];
    expect(workflowChangedFinding(change({ files, reachComplete: false }))).toBeNull();
    expect(workflowChangedFinding(change({ files, reachComplete: false, reachUntraced: true }))?.details).toEqual(['modified: ci/gate.yml']);
  });

  it('when the reach is not known whole, any touched workflow or local action counts, and without a list the run does', () => {
    const files = [{ filename: '.github/workflows/lint.yml', status: 'modified' }];
    const finding = workflowChangedFinding(change({ files, reachComplete: false }));
    expect(finding?.message).toContain('could not be worked out whole');
    expect(finding?.details).toEqual(['modified: .github/workflows/lint.yml']);
    expect(workflowChangedFinding(change({ files: null, reachComplete: false }))).not.toBeNull();
    expect(workflowChangedFinding(change({ files: [{ filename: 'db/main.tf', status: 'modified' }], reachComplete: false }))).toBeNull();
  });

  it("reads a composite action's gate steps (`runs.steps`) like a workflow's", () => {
    const composite: PolicyFileAt = { kind: 'file', text: ['runs:', '  using: composite', '  steps:', '    - uses: acme/tf-plan-guard@v1', '      with: { approvers: olivia }', ''].join('\n') };
    expect(gateStepInputs(composite, 'acme/tf-plan-guard', 'Terraform Plan Guard')).toEqual([new Map([['approvers', 'olivia']])]);
    const edited: PolicyFileAt = { kind: 'file', text: composite.text.replace('olivia', 'carol') };
    expect(gateInputChanges({ base: composite, head: edited, actionRepository: 'acme/tf-plan-guard' })).toEqual(['changes approvers from "olivia" to "carol"']);
  });

  it('the base files whose gate steps count: every workflow directly in the directory, the touched workflows under both names, and the reach', () => {
    const entries = [
      { name: 'prod.yml', path: '.github/workflows/prod.yml', type: 'file' },
      { name: 'dev.YAML', path: '.github/workflows/dev.YAML', type: 'file' },
      { name: 'README.md', path: '.github/workflows/README.md', type: 'file' },
      { name: 'old', path: '.github/workflows/old', type: 'dir' },
    ];
    const files = [
      { filename: './.github/workflows/plan-guard.yml', status: 'renamed', previous_filename: '.github/workflows/prod.yml' },
      { filename: '.github/workflows/old/legacy.yml', status: 'removed' },
      { filename: 'db/main.tf', status: 'modified' },
    ];
    expect(baseGateStepFiles(entries, files, ['.github/workflows/plan-guard.yml', '.github/actions/gate/action.yml'])).toEqual([
      '.github/workflows/prod.yml',
      '.github/workflows/dev.YAML',
      '.github/workflows/plan-guard.yml',
      '.github/workflows/old/legacy.yml',
      '.github/actions/gate/action.yml',
    ]);
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

describe('base gate steps the reading cannot see (audit 10)', () => {
  const text = (...lines: string[]) => ({ kind: 'file' as const, text: `${lines.join('\n')}\n` });

  it('a check name by expression, a whole `with:` expression and another repository\'s reusable workflow count, with unknown inputs', () => {
    const base = text(
      'on: pull_request',
      'jobs:',
      '  prod:',
      '    steps:',
      '      - uses: acme/tf-plan-guard@v1',
      '        with:',
      '          check-name: ${{ vars.GATE_NAME }}',
      '          approvers: olivia',
      '      - uses: acme/tf-plan-guard@v1',
      '        with: ${{ fromJSON(vars.GATE) }}',
      '  shared:',
      '    uses: acme/shared/.github/workflows/gate.yml@v1',
    );
    const steps = gateStepInputs(base, 'acme/tf-plan-guard', 'Terraform Plan Guard')!;
    expect(steps).toHaveLength(3);
    expect(steps[0]!.get('approvers')).toBe('olivia');
    expect(steps[1]!.get('approvers')).toContain('${{');
    expect(steps[2]!.get('approvers')).toContain('${{');
  });

  it('a workflow no pull request event triggers never writes the check; one that cannot be read may', () => {
    expect(mayWriteTheCheck('.github/workflows/drift.yml', text('on:', '  schedule:', "    - cron: '0 6 * * *'", 'jobs: {}'), false)).toBe(false);
    expect(mayWriteTheCheck('.github/workflows/drift.yml', text('on: [push, workflow_dispatch]', 'jobs: {}'), false)).toBe(false);
    expect(mayWriteTheCheck('.github/workflows/gate.yml', text('on: [push, pull_request]', 'jobs: {}'), false)).toBe(true);
    expect(mayWriteTheCheck('.github/workflows/odd.yml', text('jobs: {}'), false)).toBe(true);
    expect(mayWriteTheCheck('.github/workflows/bad.yml', text('on: [unclosed'), false)).toBe(true);
    // An action's file has no trigger of its own: the workflows using it decide.
    expect(mayWriteTheCheck('.github/actions/gate/action.yml', text('runs:', '  using: composite'), false)).toBe(true);
  });

  it('a reusable workflow writes the check as part of a caller: on its own only when the running workflow calls it', () => {
    const called = text('on:', '  workflow_call: {}', 'jobs: {}');
    // Otherwise the reading meets it only through a caller that may write the check (audit 12 F2: a drift gate called by a schedule).
    expect(mayWriteTheCheck('.github/workflows/called.yml', called, false)).toBe(false);
    expect(mayWriteTheCheck('.github/workflows/called.yml', called, true)).toBe(true);
    expect(mayWriteTheCheck('.github/workflows/both.yml', text('on: [workflow_call, pull_request]', 'jobs: {}'), false)).toBe(true);
  });
});
