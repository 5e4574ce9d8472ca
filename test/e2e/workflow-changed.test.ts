/**
 * On `pull_request` the runner runs the PR's own copy of the workflow, so the gate's inputs are
 * the PR's words. A PR (an agent "fixing" a red check is the likely author) that edits the
 * workflow running the gate gets a blocking `workflow-changed` finding, and while the change is
 * in the PR the gate's inputs are the base copy's (block-on, allow-self-approval, approvers,
 * approver-permission, approval-label, comment, config-file): the PR cannot pick its approver,
 * its label, its threshold, or turn off the comment that remembers who pushed (audit 4a F1, F8).
 */
import { describe, expect } from 'vitest';
import { sha, type FakeGitHub } from '../support/github-server.js';
import { created, planJson } from '../support/plan-factory.js';
import { analyzeRun, CHECK_NAME, expectRun, LABEL, labelledBy, labelRun, openPullRequest, TEAM, theComment, test } from './scenario.js';

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

/** PR #number changes the running workflow: the base copy's gate step has `base` inputs, the head's `head`. */
function changeWorkflow(fake: FakeGitHub, number: number, base: string[], head: string[]) {
  const pull = openPullRequest(fake, number);
  pull.files.push({ filename: WORKFLOW, status: 'modified' });
  fake.setFile(pull.baseSha, WORKFLOW, workflow(base));
  fake.setFile(pull.headSha, WORKFLOW, workflow(head));
  return pull;
}

/** `refused` adds the approval label and the labeled run does not approve; then `approver`'s does. */
async function refusedThenApproved(fake: FakeGitHub, number: number, refused: string, approver: string, inputs: Record<string, string>): Promise<void> {
  const own = await labelledBy(fake, number, refused, inputs);
  expect(own.outputs).toMatchObject({ blocking: 'true', approved: 'false' });
  expect(latestConclusion(fake, number)).toBe('failure');
  const approved = await labelledBy(fake, number, approver, inputs);
  expect(approved.outputs).toMatchObject({ approved: 'true', 'approved-by': approver });
  expect(latestConclusion(fake, number)).toBe('success');
}

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
    expect(run.warnings.join('\n')).toMatch(/the gate's inputs are the base copy's .*block-on: none → \(unset: the policy's\) .*allow-self-approval: true → false/);
    expect(theComment(fake, 140).body).toContain('workflow-changed');

    // The author's own label: allow-self-approval comes from the PR's workflow, so it does not count.
    await refusedThenApproved(fake, 140, TEAM.author, TEAM.maintainer, LOOSE_INPUTS);
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
    // The base copy's config-file (the default path) decides, not the sandbox policy that disables stateful-delete.
    expect(report.plans.flatMap((plan) => plan.findings).map((entry) => entry.ruleId)).toContain('stateful-delete');
    expect(run.warnings.join('\n')).toContain("config-file: sandbox/tf-plan-guard.yml → .github/tf-plan-guard.yml (the base copy's)");
  });

  test('the same inputs from an unchanged workflow are honoured (the team chose them); a PR touching none reads only the running workflow', async ({ fake }) => {
    const pull = openPullRequest(fake, 141);
    pull.files = pull.files.filter((file) => !file.filename.startsWith('.github/'));
    for (const ref of [pull.baseSha, pull.headSha]) fake.setFile(ref, WORKFLOW, workflow(['block-on: none', 'allow-self-approval: true']));
    const run = await analyzeRun(fake, 141, { plan: DANGEROUS, inputs: LOOSE_INPUTS, env: ACTION_ENV });
    expectRun(run, 0);
    expect(run.outputs['blocking']).toBe('false');
    expect(latestConclusion(fake, 141)).toBe('success');
    const contentPaths = fake.requests.filter((request) => request.operationId === 'repos/get-content').map((request) => decodeURIComponent(request.path));
    // Its two copies, for what it calls or uses (any file may be a symlinked action's target); no listing of the other workflows.
    expect(contentPaths.filter((path) => path.includes('workflows'))).toEqual([expect.stringContaining(WORKFLOW), expect.stringContaining(WORKFLOW)]);
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

  test('b: the PR names its own approver; the base copy\'s approvers decide', async ({ fake }) => {
    changeWorkflow(fake, 144, ['approvers: olivia'], ['approvers: carol']);
    const inputs = { approvers: 'carol' };
    const run = await analyzeRun(fake, 144, { plan: DANGEROUS, inputs, env: ACTION_ENV });
    expectRun(run, 0);
    expect(run.warnings.join('\n')).toContain("approvers: carol → olivia (the base copy's)");
    await refusedThenApproved(fake, 144, TEAM.writer, TEAM.admin, inputs);
  });

  test('d: the PR renames approval-label to a routine label; adding that label approves nothing', async ({ fake }) => {
    changeWorkflow(fake, 145, [], ['approval-label: ready-for-review']);
    const inputs = { 'approval-label': 'ready-for-review' };
    expectRun(await analyzeRun(fake, 145, { plan: DANGEROUS, inputs, env: ACTION_ENV }), 0);
    fake.addLabel(145, 'ready-for-review', TEAM.maintainer);
    const routine = await labelRun(fake, 145, 'labeled', TEAM.maintainer, inputs, 'ready-for-review');
    expectRun(routine, 0);
    expect(routine.outputs).toMatchObject({ blocking: 'true', approved: 'false' });
    expect(latestConclusion(fake, 145)).toBe('failure');
    // The base copy's label (the default) still approves.
    const approved = await labelledBy(fake, 145, TEAM.maintainer, inputs);
    expect(approved.outputs).toMatchObject({ approved: 'true', 'approved-by': TEAM.maintainer });
  });

  test('f: the PR turns the comment off; the pusher of the dangerous commit still cannot approve her push', async ({ fake }) => {
    const pull = changeWorkflow(fake, 146, [], []);
    // carol (write) pushes onto dev's PR, her commit authored and committed under dev's address.
    fake.pushCommit(146, TEAM.writer, { sha: sha('head-146-2'), author: TEAM.author });
    pull.commits.at(-1)!.committer = TEAM.author;
    fake.setFile(pull.headSha, WORKFLOW, workflow(['comment: false']));
    // The PR's workflow analyzes on `labeled` too (the README's pattern without the comment).
    const inputs = { comment: 'false' };
    const pushed = await analyzeRun(fake, 146, { plan: DANGEROUS, action: 'synchronize', inputs, env: ACTION_ENV, sender: TEAM.writer });
    expectRun(pushed, 0);
    expect(pushed.outputs['blocking']).toBe('true');
    fake.addLabel(146, LABEL, TEAM.writer);
    const labeled = await analyzeRun(fake, 146, { plan: DANGEROUS, action: 'labeled', inputs, env: ACTION_ENV });
    expectRun(labeled, 0);
    expect(labeled.outputs).toMatchObject({ blocking: 'true', approved: 'false' });
    expect(latestConclusion(fake, 146)).toBe('failure');
    expect(theComment(fake, 146).body).toContain(`@${TEAM.writer}`);
  });

  test('F8: a checkout bump keeps the base copy\'s block-on medium; a later push adding medium findings needs the label again', async ({ fake }) => {
    const pull = changeWorkflow(fake, 147, ['block-on: medium'], ['block-on: medium']);
    // Only another step differs between the copies (a checkout bump).
    const bumped = workflow(['block-on: medium']).replace('actions/checkout@v4', 'actions/checkout@v5');
    fake.setFile(pull.headSha, WORKFLOW, bumped);
    const inputs = { 'block-on': 'medium' };
    const prior = { priorResources: [{ address: 'aws_s3_bucket.old', type: 'aws_s3_bucket' }] };
    const bucket = created('aws_s3_bucket', { bucket: 'acme-logs' }, { name: 'logs' });
    const first = await analyzeRun(fake, 147, { plan: { json: planJson([bucket], prior) }, inputs, env: ACTION_ENV });
    expectRun(first, 0);
    expect((JSON.parse(first.reportText ?? 'null') as { blockOn: string }).blockOn).toBe('medium');
    expect((await labelledBy(fake, 147, TEAM.maintainer, inputs)).outputs['approved']).toBe('true');

    fake.pushCommit(147, TEAM.author, { sha: sha('head-147-2') });
    fake.setFile(pull.headSha, WORKFLOW, bumped);
    const database = created('aws_db_instance', { identifier: 'acme-prod-orders', engine: 'postgres', deletion_protection: false, backup_retention_period: 0, skip_final_snapshot: true }, { name: 'orders' });
    const second = await analyzeRun(fake, 147, { plan: { json: planJson([bucket, database], prior) }, action: 'synchronize', inputs, env: ACTION_ENV });
    expectRun(second, 0);
    const report = JSON.parse(second.reportText ?? 'null') as { blockOn: string; plans: { findings: { ruleId: string; severity: string }[] }[] };
    expect(report.blockOn).toBe('medium');
    expect(report.plans[0]?.findings.some((finding) => finding.severity === 'medium')).toBe(true);
    expect(second.outputs).toMatchObject({ blocking: 'true', approved: 'false' });
    expect(latestConclusion(fake, 147)).toBe('failure');
  });

  test('F7: without GITHUB_WORKFLOW_REF, a PR touching any workflow counts as changing the gate\'s', async ({ fake }) => {
    // openPullRequest's file list modifies .github/workflows/terraform.yml; the plan is safe.
    openPullRequest(fake, 148);
    const run = await analyzeRun(fake, 148, { plan: 'fixtures/e2e/safe.json', inputs: LOOSE_INPUTS, env: { ...ACTION_ENV, GITHUB_WORKFLOW_REF: '' } });
    expectRun(run, 0);
    expect(run.warnings.join('\n')).toMatch(/does not say which workflow runs this check .*\.github\/workflows\/terraform\.yml/);
    expect(run.outputs).toMatchObject({ blocking: 'true', approved: 'false' });
    const report = JSON.parse(run.reportText ?? 'null') as { blockOn: string; plans: { findings: { ruleId: string }[] }[] };
    expect(report.plans.flatMap((plan) => plan.findings).map((finding) => finding.ruleId)).toContain('workflow-changed');
    // The strictest reading of the inputs: block-on at least low, not the PR's none.
    expect(report.blockOn).toBe('low');
    expect(latestConclusion(fake, 148)).toBe('failure');
  });
});
