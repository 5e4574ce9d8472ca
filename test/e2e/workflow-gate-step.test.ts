/**
 * A PR that changes its workflow chooses neither which base gate step decides its check nor how
 * its inputs are spelled: the base step is the one writing the run's check (not the job the PR's
 * copy names), and input names are read case-insensitively, as the runner reads them (audit 6b).
 * Every base workflow counts, touched by the PR or not (audit 8), and the running workflow is the
 * file together with the local workflows it calls and local actions it uses (audit 7 W3).
 */
import { describe, expect } from 'vitest';
import { type FakeGitHub } from '../support/github-server.js';
import { ACTION_ENV, DANGEROUS, expectWriterRefused, job, label, latest, wf, wfOnPaths, withSandboxPolicy, WORKFLOW, workflowChanged } from './gate-workflows.js';
import { analyzeRun, expectRun, openPullRequest, TEAM, test, theComment } from './scenario.js';



describe.concurrent('the base gate step that decides a changed workflow', () => {
  test('the PR renames its prod gate job to the id of a looser gate job of the base workflow: the base prod step must still decide', async ({ fake }) => {
    const pull = openPullRequest(fake, 601);
    pull.files.push({ filename: WORKFLOW, status: 'modified' });
    withSandboxPolicy(fake, pull);
    // Base: the prod gate (job plan) is approved by olivia only; a sandbox gate (job sandbox) with its own check and policy.
    fake.setFile(pull.baseSha, WORKFLOW, wf(job('plan', ['approvers: olivia']), job('sandbox', ['config-file: sandbox/tf-plan-guard.yml', 'block-on: none', 'check-name: Sandbox Guard'])));
    // Head: the prod gate job is now called `sandbox` (and keeps the required check's name); the old sandbox job is gone.
    fake.setFile(pull.headSha, WORKFLOW, wf(job('sandbox', ['approvers: carol'])));
    const env = { ...ACTION_ENV, GITHUB_JOB: 'sandbox' };
    const inputs = { approvers: 'carol' };
    await expectWriterRefused(fake, 601, inputs, env);
  });

  test('the base names an input in another case (`Approvers:`, as the runner accepts): the base list must still decide', async ({ fake }) => {
    const pull = openPullRequest(fake, 602);
    pull.files.push({ filename: WORKFLOW, status: 'modified' });
    fake.setFile(pull.baseSha, WORKFLOW, wf(job('plan', ['Approvers: olivia', 'Approver-Permission: admin'])));
    fake.setFile(pull.headSha, WORKFLOW, wf(job('plan', ['approvers: carol'])));
    const env = { ...ACTION_ENV };
    const inputs = { approvers: 'carol' };
    await expectWriterRefused(fake, 602, inputs, env);
  });
  test('a PR that turns a sandbox workflow into the prod gate finds no base step writing that check: the strictest reading', async ({ fake }) => {
    const SANDBOX = '.github/workflows/sandbox.yml';
    const pull = openPullRequest(fake, 603);
    pull.files.push({ filename: WORKFLOW, status: 'removed' }, { filename: SANDBOX, status: 'modified' });
    withSandboxPolicy(fake, pull);
    fake.setFile(pull.baseSha, WORKFLOW, wf(job('plan', ['approvers: olivia'])));
    fake.setFile(pull.baseSha, SANDBOX, wf(job('sandbox', ['config-file: sandbox/tf-plan-guard.yml', 'block-on: none', 'check-name: Sandbox Guard'])));
    // The PR's sandbox workflow now writes the required check, with the sandbox's inputs.
    fake.setFile(pull.headSha, SANDBOX, wf(job('sandbox', ['config-file: sandbox/tf-plan-guard.yml', 'block-on: none'])));
    const env = { ...ACTION_ENV, GITHUB_JOB: 'sandbox', GITHUB_WORKFLOW_REF: `${fake.fullName}/${SANDBOX}@refs/pull/603/merge` };
    const inputs = { 'config-file': 'sandbox/tf-plan-guard.yml', 'block-on': 'none' };
    await expectWriterRefused(fake, 603, inputs, env);
  });
  test('two base workflows write the check (prod and dev): a PR deleting prod and editing dev does not leave dev\'s step to decide', async ({ fake }) => {
    const DEV = '.github/workflows/dev.yml';
    const pull = openPullRequest(fake, 604);
    pull.files.push({ filename: WORKFLOW, status: 'removed' }, { filename: DEV, status: 'modified' });
    withSandboxPolicy(fake, pull);
    fake.setFile(pull.baseSha, WORKFLOW, wf(job('plan', ['approvers: olivia'])));
    fake.setFile(pull.baseSha, DEV, wf(job('plan', ['config-file: sandbox/tf-plan-guard.yml', 'block-on: none'])));
    fake.setFile(pull.headSha, DEV, wf(job('plan', ['config-file: sandbox/tf-plan-guard.yml', 'block-on: none', '# now runs for every path'])));
    const env = { ...ACTION_ENV, GITHUB_WORKFLOW_REF: `${fake.fullName}/${DEV}@refs/pull/604/merge` };
    await expectWriterRefused(fake, 604, { 'config-file': 'sandbox/tf-plan-guard.yml', 'block-on': 'none' }, env);
  });
});

const DEV = '.github/workflows/dev.yml';
const SANDBOX_INPUTS = ['config-file: sandbox/tf-plan-guard.yml', 'block-on: none'];
const SANDBOX_WITH = { 'config-file': 'sandbox/tf-plan-guard.yml', 'block-on': 'none' };
const runningFrom = (fake: FakeGitHub, path: string, number: number) => ({ ...ACTION_ENV, GITHUB_WORKFLOW_REF: `${fake.fullName}/${path}@refs/pull/${number}/merge` });

/**
 * Base: a strict prod gate (olivia approves) that runs only for envs/prod/**, and a loose dev
 * gate (sandbox policy, block-on none) for dev/**, both writing the default check. The PR leaves
 * prod alone (so prod does not even run) and edits dev so that it runs for its change.
 */
function prodAndDev(fake: FakeGitHub, number: number) {
  const pull = openPullRequest(fake, number);
  withSandboxPolicy(fake, pull);
  const prod = wfOnPaths('envs/prod/**', job('plan', ['approvers: olivia']));
  fake.setFile(pull.baseSha, WORKFLOW, prod);
  fake.setFile(pull.headSha, WORKFLOW, prod);
  fake.setFile(pull.baseSha, DEV, wfOnPaths('dev/**', job('plan', SANDBOX_INPUTS)));
  fake.setFile(pull.headSha, DEV, wf(job('plan', SANDBOX_INPUTS)));
  return pull;
}

describe.concurrent('every base workflow counts, not only those the PR touches (audit 8)', () => {
  test('B1: the PR edits only the loose dev workflow; the untouched, path-filtered prod workflow still sets the check', async ({ fake }) => {
    const pull = prodAndDev(fake, 611);
    pull.files.push({ filename: DEV, status: 'modified' });
    await expectWriterRefused(fake, 611, SANDBOX_WITH, runningFrom(fake, DEV, 611));
  });

  test('B1c: a new workflow writing the check runs, with a trivial touch of dev; prod still counts', async ({ fake }) => {
    const NEW = '.github/workflows/new.yaml';
    const pull = prodAndDev(fake, 612);
    pull.files.push({ filename: NEW, status: 'added' }, { filename: DEV, status: 'modified' });
    fake.setFile(pull.headSha, NEW, wf(job('plan', SANDBOX_INPUTS)));
    await expectWriterRefused(fake, 612, SANDBOX_WITH, runningFrom(fake, NEW, 612));
  });

  test('B2: the list says dev.yml was renamed onto the prod path, which exists at the base: the base prod copy still counts', async ({ fake }) => {
    const pull = openPullRequest(fake, 613);
    pull.files.push({ filename: WORKFLOW, status: 'renamed', previous_filename: DEV });
    withSandboxPolicy(fake, pull);
    fake.setFile(pull.baseSha, WORKFLOW, wf(job('plan', ['approvers: olivia'])));
    fake.setFile(pull.baseSha, DEV, wfOnPaths('dev/**', job('plan', SANDBOX_INPUTS)));
    fake.setFile(pull.headSha, WORKFLOW, wf(job('plan', SANDBOX_INPUTS)));
    await expectWriterRefused(fake, 613, SANDBOX_WITH, { ...ACTION_ENV });
  });

  test('a base workflow directory listing of 1,000 entries or more may be cut: the strictest reading', async ({ fake }) => {
    const pull = prodAndDev(fake, 614);
    pull.files.push({ filename: DEV, status: 'modified' });
    // Sorted by name, the fillers push plan-guard.yml (prod) out of the first 1,000 entries GitHub lists.
    for (let index = 0; index < 1000; index++) fake.setFile(pull.baseSha, `.github/workflows/filler-${String(index).padStart(4, '0')}.md`, 'notes\n');
    await expectWriterRefused(fake, 614, SANDBOX_WITH, runningFrom(fake, DEV, 614));
  });

  test('a base workflow directory listing that cannot be read: the strictest reading, and the run goes on', async ({ fake }) => {
    const pull = prodAndDev(fake, 615);
    pull.files.push({ filename: DEV, status: 'modified' });
    fake.injectFault({ method: 'GET', operation: 'repos/get-content', path: `/repos/${fake.fullName}/contents/.github/workflows`, status: 502, times: 1000, body: { message: 'Bad Gateway' } });
    await expectWriterRefused(fake, 615, SANDBOX_WITH, runningFrom(fake, DEV, 615));
  });
});

describe.concurrent('the running workflow includes the local workflows it calls and actions it uses (audit 7 W3)', () => {
  const GATE = '.github/workflows/gate.yml';
  const caller = ['on: pull_request', 'jobs:', '  plan:', `    uses: ./${GATE}`, ''].join('\n');
  const called = (inputs: string[]) => ['on: workflow_call', 'jobs:', ...job('gate', inputs), ''].join('\n');

  test('A10: the PR edits only the called workflow holding the gate step: workflow-changed names it, and its base inputs decide', async ({ fake }) => {
    const pull = openPullRequest(fake, 621);
    pull.files.push({ filename: GATE, status: 'modified' });
    for (const ref of [pull.baseSha, pull.headSha]) fake.setFile(ref, WORKFLOW, caller);
    fake.setFile(pull.baseSha, GATE, called(['approvers: olivia']));
    fake.setFile(pull.headSha, GATE, called(['approvers: carol']));
    const env = { ...ACTION_ENV, GITHUB_JOB: 'gate' };
    const run = await expectWriterRefused(fake, 621, { approvers: 'carol' }, env);
    const finding = workflowChanged(run);
    expect(finding?.message).toContain(`changes ${GATE}, which the workflow that runs this check (${WORKFLOW}) calls or uses`);
    expect(finding?.message).toContain(`changes approvers from "olivia" to "carol" (in ${GATE})`);
    expect(theComment(fake, 621).body).toContain('workflow-changed');
    // The base's approver, read from the called workflow's base copy, approves.
    const approved = await label(fake, 621, TEAM.admin, { approvers: 'carol' }, env);
    expect(approved.outputs['approved']).toBe('true');
    expect(latest(fake, 621)).toBe('success');
  });

  test('the PR edits a local composite action holding the gate step (`uses: ./.github/actions/gate`): its base inputs decide', async ({ fake }) => {
    const ACTION = '.github/actions/gate/action.yml';
    const pull = openPullRequest(fake, 622);
    pull.files.push({ filename: ACTION, status: 'modified' });
    const running = ['on: pull_request', 'jobs:', '  plan:', '    runs-on: ubuntu-latest', '    steps:', '      - uses: actions/checkout@v4', '      - uses: ./.github/actions/gate', ''].join('\n');
    const composite = (inputs: string[]) =>
      ['name: Gate', 'runs:', '  using: composite', '  steps:', '    - name: Gate', '      uses: acme/tf-plan-guard@v1', '      with:', '        plan-file: db/plan.json', ...inputs.map((line) => `        ${line}`), ''].join('\n');
    for (const ref of [pull.baseSha, pull.headSha]) fake.setFile(ref, WORKFLOW, running);
    fake.setFile(pull.baseSha, ACTION, composite(['approvers: olivia']));
    fake.setFile(pull.headSha, ACTION, composite(['approvers: carol']));
    const run = await expectWriterRefused(fake, 622, { approvers: 'carol' }, { ...ACTION_ENV });
    const finding = workflowChanged(run);
    expect(finding?.message).toContain(`changes ${ACTION}, which the workflow that runs this check (${WORKFLOW}) calls or uses`);
    expect(finding?.message).toContain(`changes approvers from "olivia" to "carol" (in ${ACTION})`);
    const approved = await label(fake, 622, TEAM.admin, { approvers: 'carol' }, { ...ACTION_ENV });
    expect(approved.outputs['approved']).toBe('true');
  });

  test('a called workflow that reads its inputs from the caller (`${{ inputs.approvers }}`): the strictest reading, not the PR\'s list', async ({ fake }) => {
    const pull = openPullRequest(fake, 623);
    pull.files.push({ filename: WORKFLOW, status: 'modified' });
    fake.setFile(pull.baseSha, WORKFLOW, ['on: pull_request', 'jobs:', '  plan:', `    uses: ./${GATE}`, '    with:', '      approvers: olivia', ''].join('\n'));
    fake.setFile(pull.headSha, WORKFLOW, ['on: pull_request', 'jobs:', '  plan:', `    uses: ./${GATE}`, '    with:', '      approvers: carol', ''].join('\n'));
    for (const ref of [pull.baseSha, pull.headSha]) fake.setFile(ref, GATE, called(['approvers: ${{ inputs.approvers }}']));
    await expectWriterRefused(fake, 623, { approvers: 'carol' }, { ...ACTION_ENV, GITHUB_JOB: 'gate' });
  });

  test('no false positive: a PR touching a workflow and a local action the running workflow neither calls nor uses is approved by a writer', async ({ fake }) => {
    const pull = openPullRequest(fake, 624);
    pull.files.push({ filename: '.github/workflows/lint.yml', status: 'modified' }, { filename: '.github/actions/lint/action.yml', status: 'modified' });
    for (const ref of [pull.baseSha, pull.headSha]) {
      fake.setFile(ref, WORKFLOW, caller);
      fake.setFile(ref, GATE, called([]));
    }
    fake.setFile(pull.baseSha, '.github/workflows/lint.yml', ['on: pull_request', 'jobs:', '  lint:', '    runs-on: ubuntu-latest', '    steps:', '      - uses: ./.github/actions/lint', ''].join('\n'));
    fake.setFile(pull.headSha, '.github/workflows/lint.yml', ['on: push', 'jobs:', '  lint:', '    runs-on: ubuntu-latest', '    steps:', '      - uses: ./.github/actions/lint', ''].join('\n'));
    const env = { ...ACTION_ENV, GITHUB_JOB: 'gate' };
    const run = await analyzeRun(fake, 624, { plan: DANGEROUS, env });
    expectRun(run, 0);
    expect(run.outputs['blocking']).toBe('true');
    expect(workflowChanged(run)).toBeUndefined();
    const approved = await label(fake, 624, TEAM.writer, {}, env);
    expect(approved.outputs['approved']).toBe('true');
    expect(latest(fake, 624)).toBe('success');
  });
});
