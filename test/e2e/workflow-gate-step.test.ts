/**
 * A PR that changes its workflow chooses neither which base gate step decides its check nor how
 * its inputs are spelled: the base step is the one writing the run's check (not the job the PR's
 * copy names), and input names are read case-insensitively, as the runner reads them (audit 6b).
 */
import { describe, expect } from 'vitest';
import { type FakeGitHub } from '../support/github-server.js';
import { pullRequestPayload, runAction } from '../support/run-action.js';
import { analyzeRun, CHECK_NAME, expectRun, LABEL, openPullRequest, TEAM, test } from './scenario.js';

const DANGEROUS = 'fixtures/incidents/rds-delete-unprotected.json';
const WORKFLOW = '.github/workflows/plan-guard.yml';
const ACTION_ENV = { GITHUB_ACTION_REPOSITORY: 'acme/tf-plan-guard' };

function job(id: string, inputs: string[], uses = 'acme/tf-plan-guard@v1'): string[] {
  return [
    `  ${id}:`,
    '    runs-on: ubuntu-latest',
    '    steps:',
    '      - uses: actions/checkout@v4',
    '      - name: Gate',
    `        uses: ${uses}`,
    '        with:',
    '          plan-file: db/plan.json',
    ...inputs.map((line) => `          ${line}`),
  ];
}
const wf = (...jobs: string[][]) => ['on: pull_request', 'jobs:', ...jobs.flat(), ''].join('\n');

function latest(fake: FakeGitHub, number: number) {
  return fake.latestCheckRun(fake.pull(number).headSha, CHECK_NAME)?.conclusion;
}
async function label(fake: FakeGitHub, number: number, login: string, inputs: Record<string, string>, env: Record<string, string>) {
  fake.addLabel(number, LABEL, login);
  const run = await runAction({ fake, eventName: 'pull_request', payload: pullRequestPayload(fake, { action: 'labeled', number, sender: login, label: LABEL }), inputs: { 'plan-file': '', ...inputs }, env });
  expectRun(run, 0);
  return run;
}

/** A sandbox policy on both commits that does not even report a delete, for a looser gate to point at. */
function withSandboxPolicy(fake: FakeGitHub, pull: { baseSha: string; headSha: string }) {
  const sandbox = ['block-on: none', 'rules:', '  stateful-delete: { enabled: false }', ''].join('\n');
  for (const ref of [pull.baseSha, pull.headSha]) fake.setFile(ref, 'sandbox/tf-plan-guard.yml', sandbox);
}

/** The change blocks, and a writer's label does not approve it: the check stays failed. */
async function expectWriterRefused(fake: FakeGitHub, number: number, inputs: Record<string, string>, env: Record<string, string>) {
  const run = await analyzeRun(fake, number, { plan: DANGEROUS, inputs, env });
  expectRun(run, 0);
  expect(run.outputs['blocking']).toBe('true');
  const approved = await label(fake, number, TEAM.writer, inputs, env);
  expect(approved.outputs['approved']).toBe('false');
  expect(latest(fake, number)).toBe('failure');
}

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
