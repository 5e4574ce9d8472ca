/**
 * On `pull_request` the runner runs the PR's own copy of the workflow, so the gate's inputs are
 * the PR's words. A PR (an agent "fixing" a red check is the likely author) that edits the
 * workflow running the gate to `block-on: none` and `allow-self-approval: true` gets a blocking
 * `workflow-changed` finding, those inputs are not honoured while the change is in the PR, and
 * the author's own label does not approve it; someone else's does.
 */
import { describe, expect } from 'vitest';
import type { FakeGitHub } from '../support/github-server.js';
import { analyzeRun, CHECK_NAME, expectRun, labelledBy, openPullRequest, TEAM, theComment, test } from './scenario.js';

const DANGEROUS = 'fixtures/incidents/rds-delete-unprotected.json';
/** The workflow run-action.ts names in GITHUB_WORKFLOW_REF. */
const WORKFLOW = '.github/workflows/plan-guard.yml';
const ACTION_ENV = { GITHUB_ACTION_REPOSITORY: 'acme/tf-plan-guard' };

function workflow(extraInputs: string[]): string {
  return [
    'on: pull_request',
    'jobs:',
    '  plan:',
    '    runs-on: ubuntu-latest',
    '    steps:',
    '      - uses: actions/checkout@v4',
    '      - run: terraform plan -out tfplan && terraform show -json tfplan > db/plan.json',
    '      - name: Gate',
    '        uses: acme/tf-plan-guard@v1',
    '        with:',
    '          plan-file: db/plan.json',
    ...extraInputs.map((line) => `          ${line}`),
    '',
  ].join('\n');
}

/** What the PR's copy of the workflow passes the action. */
const LOOSE_INPUTS = { 'block-on': 'none', 'allow-self-approval': 'true' };

function latestConclusion(fake: FakeGitHub, number: number): string | null | undefined {
  return fake.latestCheckRun(fake.pull(number).headSha, CHECK_NAME)?.conclusion;
}

describe.concurrent('a pull request that changes the workflow running its gate', () => {
  test('stays red with workflow-changed, its loosening inputs set aside, until someone other than its author approves', async ({ fake }) => {
    const pull = openPullRequest(fake, 140);
    pull.files.push({ filename: WORKFLOW, status: 'modified' });
    fake.setFile(pull.baseSha, WORKFLOW, workflow([]));
    fake.setFile(pull.headSha, WORKFLOW, workflow(['block-on: none', 'allow-self-approval: true']));

    const run = await analyzeRun(fake, 140, { plan: DANGEROUS, inputs: LOOSE_INPUTS, env: ACTION_ENV });
    expectRun(run, 0);
    expect(run.outputs['blocking']).toBe('true');
    expect(latestConclusion(fake, 140)).toBe('failure');
    const report = JSON.parse(run.reportText ?? 'null') as { blockOn: string; plans: { findings: { ruleId: string; severity: string; message: string }[] }[] };
    // The policy's block-on (the default, high) decides, not the PR's `none`: the RDS delete blocks too.
    expect(report.blockOn).toBe('high');
    const byRule = new Map(report.plans.flatMap((plan) => plan.findings).map((finding) => [finding.ruleId, finding]));
    expect(byRule.get('stateful-delete')).toBeDefined();
    const finding = byRule.get('workflow-changed');
    expect(finding?.severity).toBe('critical');
    expect(finding?.message).toContain(`changes ${WORKFLOW}, the workflow that runs this check`);
    expect(finding?.message).toContain('sets allow-self-approval to "true"');
    expect(finding?.message).toContain('sets block-on to "none"');
    expect(run.warnings.join('\n')).toMatch(/inputs that would loosen the gate are not honoured until it is merged: block-on: none .*allow-self-approval: true/);
    expect(theComment(fake, 140).body).toContain('workflow-changed');

    // The author's own label: allow-self-approval comes from the PR's workflow, so it does not count.
    const own = await labelledBy(fake, 140, TEAM.author, LOOSE_INPUTS);
    expect(own.outputs).toMatchObject({ blocking: 'true', approved: 'false' });
    expect(latestConclusion(fake, 140)).toBe('failure');

    const approved = await labelledBy(fake, 140, TEAM.maintainer, LOOSE_INPUTS);
    expect(approved.outputs).toMatchObject({ approved: 'true', 'approved-by': TEAM.maintainer });
    expect(latestConclusion(fake, 140)).toBe('success');
  });

  test('pointing config-file at a loose policy on the base does not pass it: workflow-changed blocks whatever the policy says', async ({ fake }) => {
    const pull = openPullRequest(fake, 143);
    pull.files.push({ filename: WORKFLOW, status: 'modified' });
    const sandbox = ['block-on: none', 'rules:', '  workflow-changed: { enabled: false }', '  stateful-delete: { enabled: false }', ''].join('\n');
    for (const ref of [pull.baseSha, pull.headSha]) fake.setFile(ref, 'sandbox/tf-plan-guard.yml', sandbox);
    fake.setFile(pull.baseSha, WORKFLOW, workflow([]));
    fake.setFile(pull.headSha, WORKFLOW, workflow(['config-file: sandbox/tf-plan-guard.yml']));
    const run = await analyzeRun(fake, 143, { plan: DANGEROUS, inputs: { 'config-file': 'sandbox/tf-plan-guard.yml' }, env: ACTION_ENV });
    expectRun(run, 0);
    expect(run.outputs['blocking']).toBe('true');
    expect(latestConclusion(fake, 143)).toBe('failure');
    const report = JSON.parse(run.reportText ?? 'null') as { plans: { findings: { ruleId: string; message: string; suppressed: unknown }[] }[] };
    const finding = report.plans.flatMap((plan) => plan.findings).find((entry) => entry.ruleId === 'workflow-changed');
    expect(finding?.suppressed).toBeNull();
    expect(finding?.message).toContain('sets config-file to "sandbox/tf-plan-guard.yml"');
  });

  test('the same inputs from an unchanged workflow are honoured (the team chose them), and its copies are not read', async ({ fake }) => {
    openPullRequest(fake, 141);
    const run = await analyzeRun(fake, 141, { plan: DANGEROUS, inputs: LOOSE_INPUTS, env: ACTION_ENV });
    expectRun(run, 0);
    expect(run.outputs['blocking']).toBe('false');
    expect(latestConclusion(fake, 141)).toBe('success');
    const contentPaths = fake.requests.filter((request) => request.operationId === 'repos/get-content').map((request) => decodeURIComponent(request.path));
    expect(contentPaths.some((path) => path.includes('workflows'))).toBe(false);
  });

  test('a PR that adds a workflow of its own running the gate gets the finding in that workflow\'s run', async ({ fake }) => {
    const pull = openPullRequest(fake, 142);
    pull.files.push({ filename: WORKFLOW, status: 'added' });
    fake.setFile(pull.headSha, WORKFLOW, workflow(['block-on: none']));
    const run = await analyzeRun(fake, 142, { plan: DANGEROUS, inputs: { 'block-on': 'none' }, env: ACTION_ENV });
    expectRun(run, 0);
    const report = JSON.parse(run.reportText ?? 'null') as { plans: { findings: { ruleId: string; message: string }[] }[] };
    const finding = report.plans.flatMap((plan) => plan.findings).find((entry) => entry.ruleId === 'workflow-changed');
    expect(finding?.message).toContain(`adds ${WORKFLOW}`);
    expect(finding?.message).toContain('adds a step running tf-plan-guard (plan / Gate)');
    expect(latestConclusion(fake, 142)).toBe('failure');
  });
});
