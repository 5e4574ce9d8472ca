/**
 * The bundled action analyzing plans on pull requests and elsewhere: the comment, the check on the
 * head commit, the outputs and the job summary; re-runs; several plans; push; bad input.
 */
import { readFileSync } from 'node:fs';
import { describe, expect } from 'vitest';
import { sha } from '../support/github-server.js';
import { actionInputDefaults, inputVariable, MARKER_LINE, pullRequestPayload, pushPayload, runAction, storedStateOf } from '../support/run-action.js';
import { analyzeRun, botComments, CHECK_NAME, DB_TF, expectRun, LABEL, labelRun, openPullRequest, TEAM, theComment, test } from './scenario.js';

const DANGEROUS = 'fixtures/incidents/rds-delete-unprotected.json';
const SAFE = 'fixtures/e2e/safe.json';
const ORDERS_DELETE_BLOCKING = [{ ruleId: 'stateful-delete', severity: 'critical', address: 'aws_db_instance.orders', actions: ['delete'] }];

describe.concurrent('a pull request whose plan deletes a production database', () => {
  test('posts one comment that needs approval, fails the check on the head commit and sets the outputs', async ({ fake }) => {
    const pull = openPullRequest(fake, 12);
    const run = await analyzeRun(fake, 12, { plan: DANGEROUS });
    expectRun(run, 0);

    expect(run.outputs).toMatchObject({ blocking: 'true', approved: 'false', 'approved-by': '', risk: 'critical' });
    expect(run.outputs['fingerprint']).toMatch(/^[0-9a-f]{64}$/);
    const report = JSON.parse(run.reportText ?? 'null') as { fingerprint: string; blocking: boolean; plans: { name: string; findings: { suppressed: unknown }[] }[] };
    expect(report.fingerprint).toBe(run.outputs['fingerprint']);
    expect(report.plans.map((plan) => plan.name)).toEqual(['db/plan.json']);
    expect(run.outputs['findings']).toBe(String(report.plans[0]?.findings.filter((finding) => finding.suppressed === null).length));

    const comment = theComment(fake, 12);
    expect(comment.body).toMatch(/needs approval: 1 blocking change\b/);
    expect(comment.body).toContain('aws_db_instance.orders');
    expect(comment.body).toContain(LABEL);
    expect(comment.body.split('\n')).toContain(MARKER_LINE(CHECK_NAME));
    expect(storedStateOf(comment.body)).toMatchObject({
      v: 1,
      checkName: CHECK_NAME,
      fingerprint: run.outputs['fingerprint'],
      blocking: true,
      risk: 'critical',
      blockingFindings: ORDERS_DELETE_BLOCKING,
      blockingTotal: 1,
      plans: ['db/plan.json'],
      headSha: pull.headSha,
      approval: null,
    });

    const runs = fake.checkRunsFor(pull.headSha, CHECK_NAME);
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ status: 'completed', conclusion: 'failure', app: { slug: 'github-actions' } });
    expect(runs[0]?.output.title).toContain(LABEL);
    expect(runs[0]?.output.summary).toContain('aws_db_instance.orders');
    // The check is never put on the merge commit the runner checked out.
    expect(fake.checkRuns.filter((checkRun) => checkRun.headSha !== pull.headSha)).toEqual([]);

    expect(run.summary).toMatch(/needs approval: 1 blocking change\b/);
    expect(run.summary).toContain('aws_db_instance.orders');
    // Nobody has added the label: the labels were read, the events were not needed.
    expect(fake.requests.some((request) => request.operationId === 'issues/list-labels-on-issue')).toBe(true);
    expect(fake.requests.some((request) => request.operationId === 'issues/remove-label')).toBe(false);
    // Every list spanned several pages and was read to its end.
    expect(fake.requests.filter((request) => request.operationId === 'issues/list-comments').map((request) => request.query['page'] ?? '1')).toEqual(['1', '2']);
    expect(fake.requests.filter((request) => request.operationId === 'pulls/list-files').length).toBe(3);
  });

  test('fails the step as well with fail-on-block, in one line', async ({ fake }) => {
    openPullRequest(fake, 13);
    const run = await analyzeRun(fake, 13, { plan: DANGEROUS, inputs: { 'fail-on-block': 'true' } });
    expectRun(run, 1);
    expect(run.errors).toHaveLength(1);
    expect(run.errors[0]).toContain(LABEL);
    expect(fake.latestCheckRun(fake.pull(13).headSha, CHECK_NAME)?.conclusion).toBe('failure');
  });

  test('updates its comment in place on a re-run and on a push, and checks the new head commit', async ({ fake }) => {
    const pull = openPullRequest(fake, 14);
    await analyzeRun(fake, 14, { plan: DANGEROUS });
    const first = theComment(fake, 14);
    const firstHead = pull.headSha;

    const rerun = await analyzeRun(fake, 14, { plan: DANGEROUS, action: 'opened' });
    expectRun(rerun, 0);
    expect(theComment(fake, 14).id).toBe(first.id);
    expect(fake.requests.filter((request) => request.operationId === 'issues/update-comment').map((request) => request.path)).toEqual([`/repos/acme/infra/issues/comments/${first.id}`]);
    expect(fake.requests.filter((request) => request.operationId === 'issues/create-comment')).toHaveLength(1);
    expect(fake.latestCheckRun(firstHead, CHECK_NAME)?.conclusion).toBe('failure');

    fake.push(14, sha('head-14-2'));
    const pushed = await analyzeRun(fake, 14, { plan: SAFE, action: 'synchronize' });
    expectRun(pushed, 0);
    const comment = theComment(fake, 14);
    expect(comment.id).toBe(first.id);
    expect(comment.body).toMatch(/no dangerous changes/);
    expect(storedStateOf(comment.body)).toMatchObject({ blocking: false, headSha: sha('head-14-2') });
    expect(fake.latestCheckRun(sha('head-14-2'), CHECK_NAME)?.conclusion).toBe('success');
    // The old commit keeps its own verdict.
    expect(fake.latestCheckRun(firstHead, CHECK_NAME)?.conclusion).toBe('failure');
  });

  test('annotates the .tf line that declares a replaced resource', async ({ fake }) => {
    const pull = openPullRequest(fake, 15);
    const run = await analyzeRun(fake, 15, { plan: 'fixtures/e2e/secret-replace.json' });
    expectRun(run, 0);
    const line = DB_TF.split('\n').indexOf('resource "aws_db_instance" "billing" {') + 1;
    const annotations = fake.latestCheckRun(pull.headSha, CHECK_NAME)?.annotations ?? [];
    expect(annotations).toContainEqual(expect.objectContaining({ path: 'db/main.tf', start_line: line, end_line: line, annotation_level: 'failure' }));
    expect(annotations.every((annotation) => annotation.path === 'db/main.tf')).toBe(true);
  });
});

describe.concurrent('a very large plan', () => {
  test('one delete under a 100,000-character instance key: the comment still fits, with the address shortened in its headline (audit 27 F6)', async ({ fake }) => {
    const pull = openPullRequest(fake, 17);
    const plan = JSON.parse(readFileSync('fixtures/incidents/rds-delete-unprotected.json', 'utf8')) as { resource_changes: { address: string; index?: unknown }[] };
    const key = `k${'0123456789'.repeat(10_000)}`;
    plan.resource_changes[0]!.address = `aws_db_instance.orders["${key}"]`;
    plan.resource_changes[0]!.index = key;
    const run = await analyzeRun(fake, 17, { plan: { json: plan } });
    expectRun(run, 0);
    const comment = theComment(fake, 17);
    expect(comment.body.length).toBeLessThanOrEqual(65_536);
    const headline = comment.body.split('\n').find((line) => line.startsWith('### '));
    expect(headline).toMatch(/^### .*aws_db_instance\.orders\["k0123.*….*789"\]/);
    expect(headline!.length).toBeLessThan(400);
    expect(fake.latestCheckRun(pull.headSha, CHECK_NAME)?.conclusion).toBe('failure');
  });

  test('cuts the comment under 65,536 characters, batches annotations by 50 and keeps the full report in the summary', async ({ fake }) => {
    const pull = openPullRequest(fake, 16);
    const shards = Array.from({ length: 120 }, (_, i) => `resource "aws_db_instance" "shard_${i}" {\n  engine = "postgres"\n}\n`).join('\n');
    const run = await runAction({
      fake,
      eventName: 'pull_request',
      payload: pullRequestPayload(fake, { action: 'opened', number: 16 }),
      inputs: { 'plan-file': 'shards/plan.json' },
      workspace: { 'shards/plan.json': { fixture: 'fixtures/e2e/many-replaces.json' }, 'shards/main.tf': shards },
    });
    expectRun(run, 0);
    const comment = theComment(fake, 16);
    expect(comment.body.length).toBeLessThanOrEqual(65_536);
    expect(comment.body).toContain('too long for a comment');
    // …and points to the run's job summary, which holds it all.
    expect(comment.body).toContain('https://github.com/acme/infra/actions/runs/4242');
    // 120 stateful replacements and the mass-delete finding on the whole plan.
    expect(comment.body).toMatch(/needs approval: 121 blocking changes/);
    const state = storedStateOf(comment.body);
    expect(state).toMatchObject({ blockingTotal: 121, fingerprint: run.outputs['fingerprint'] });
    expect((state?.['blockingFindings'] as unknown[]).length).toBeLessThanOrEqual(100);

    const checkRun = fake.latestCheckRun(pull.headSha, CHECK_NAME);
    expect(checkRun?.conclusion).toBe('failure');
    expect(checkRun?.output.summary?.length).toBeLessThanOrEqual(65_535);
    const lineOf = (i: number) => shards.split('\n').indexOf(`resource "aws_db_instance" "shard_${i}" {`) + 1;
    expect(checkRun?.annotations).toContainEqual(expect.objectContaining({ path: 'shards/main.tf', start_line: lineOf(0), annotation_level: 'failure' }));
    expect(checkRun?.annotations).toContainEqual(expect.objectContaining({ path: 'shards/main.tf', start_line: lineOf(119), annotation_level: 'failure' }));
    const writes = fake.requests.filter((request) => request.operationId === 'checks/create' || request.operationId === 'checks/update');
    // Created in_progress, completed with the first 50 annotations, the rest in updates.
    expect(writes.map((request) => request.operationId)).toEqual(['checks/create', ...Array.from({ length: writes.length - 1 }, () => 'checks/update')]);
    expect(writes.length).toBe(1 + Math.ceil((checkRun?.annotations.length ?? 0) / 50));
    for (const i of [0, 59, 119]) expect(run.summary).toContain(`aws_db_instance.shard_${i}`);
  });
});

describe.concurrent('a pull request whose plan is safe', () => {
  test('passes the check, says so, and reads no approval facts', async ({ fake }) => {
    const pull = openPullRequest(fake, 20);
    const run = await analyzeRun(fake, 20, { plan: SAFE });
    expectRun(run, 0);
    expect(run.outputs).toMatchObject({ blocking: 'false', approved: 'false', 'approved-by': '', risk: 'none', findings: '0' });
    expect(theComment(fake, 20).body).toMatch(/no dangerous changes/);
    expect(fake.checkRunsFor(pull.headSha, CHECK_NAME).map((checkRun) => checkRun.conclusion)).toEqual(['success']);
    expect(fake.requests.filter((request) => ['issues/list-labels-on-issue', 'issues/list-events', 'repos/get-collaborator-permission-level'].includes(request.operationId ?? ''))).toEqual([]);
    expect(run.summary).toMatch(/no dangerous changes/);
  });

  test('writes no comment with comment: false, and still owns the check', async ({ fake }) => {
    const pull = openPullRequest(fake, 21);
    const run = await analyzeRun(fake, 21, { plan: SAFE, inputs: { comment: 'false' } });
    expectRun(run, 0);
    expect(botComments(fake, 21)).toEqual([]);
    expect(fake.latestCheckRun(pull.headSha, CHECK_NAME)?.conclusion).toBe('success');
  });

  test('names its check and comment after check-name, so two gates on one PR keep apart', async ({ fake }) => {
    const pull = openPullRequest(fake, 22);
    await analyzeRun(fake, 22, { plan: SAFE });
    await analyzeRun(fake, 22, { plan: DANGEROUS, inputs: { 'check-name': 'Plan Guard (prod)' } });
    const comments = botComments(fake, 22);
    expect(comments).toHaveLength(2);
    expect(comments.map((comment) => storedStateOf(comment.body)?.['checkName'])).toEqual([CHECK_NAME, 'Plan Guard (prod)']);
    expect(fake.latestCheckRun(pull.headSha, CHECK_NAME)?.conclusion).toBe('success');
    expect(fake.latestCheckRun(pull.headSha, 'Plan Guard (prod)')?.conclusion).toBe('failure');
  });
});

describe.concurrent('the policy file', () => {
  test('found at its default path on the base commit (and unchanged by the PR), its ignore entry keeps a finding from blocking', async ({ fake }) => {
    const pull = openPullRequest(fake, 25);
    const policy = ['ignore:', '  - address: aws_db_instance.orders', '    rules: [stateful-delete]', '    reason: the data moved to Aurora last week', ''].join('\n');
    fake.setFile(pull.baseSha, '.github/tf-plan-guard.yml', policy);
    fake.setFile(pull.headSha, '.github/tf-plan-guard.yml', policy);
    const run = await runAction({
      fake,
      eventName: 'pull_request',
      payload: pullRequestPayload(fake, { action: 'opened', number: 25 }),
      inputs: { 'plan-file': 'db/plan.json' },
      workspace: { 'db/plan.json': { fixture: 'fixtures/e2e/orders-delete.json' }, '.github/tf-plan-guard.yml': policy },
    });
    expectRun(run, 0);
    expect(run.outputs).toMatchObject({ blocking: 'false', findings: '0', risk: 'none' });
    const report = JSON.parse(run.reportText ?? 'null') as { plans: { findings: { ruleId: string; suppressed: { reason: string } | null }[] }[] };
    expect(report.plans[0]?.findings).toContainEqual(expect.objectContaining({ ruleId: 'stateful-delete', suppressed: { reason: 'the data moved to Aurora last week' } }));
    expect(fake.latestCheckRun(pull.headSha, CHECK_NAME)?.conclusion).toBe('success');
  });
});

describe.concurrent('several plans (a monorepo)', () => {
  test('reads newline-separated paths and globs into one comment with a section each and one check', async ({ fake }) => {
    const pull = openPullRequest(fake, 30);
    const run = await runAction({
      fake,
      eventName: 'pull_request',
      payload: pullRequestPayload(fake, { action: 'opened', number: 30 }),
      inputs: { 'plan-file': 'network/plan.json\nstacks/*/plan.json' },
      workspace: {
        'network/plan.json': { fixture: SAFE },
        'stacks/orders/plan.json': { fixture: 'fixtures/e2e/orders-delete.json' },
        'stacks/billing/plan.json': { fixture: 'fixtures/e2e/secret-replace.json' },
      },
    });
    expectRun(run, 0);
    const comment = theComment(fake, 30);
    for (const name of ['network/plan.json', 'stacks/orders/plan.json', 'stacks/billing/plan.json']) expect(comment.body).toContain(name);
    const state = storedStateOf(comment.body);
    expect([...((state?.['plans'] as string[]) ?? [])].sort()).toEqual(['network/plan.json', 'stacks/billing/plan.json', 'stacks/orders/plan.json']);
    expect(state?.['blockingTotal']).toBe(2);
    expect(comment.body).toMatch(/needs approval: 2 blocking changes/);
    expect(fake.checkRunsFor(pull.headSha)).toHaveLength(1);
    expect(run.outputs).toMatchObject({ blocking: 'true', risk: 'critical' });
    const report = JSON.parse(run.reportText ?? 'null') as { plans: unknown[] };
    expect(report.plans).toHaveLength(3);
  });
});

describe.concurrent('outside a pull request', () => {
  test('analyzes a push, writes the summary and outputs, and calls GitHub not at all', async ({ fake }) => {
    const run = await runAction({
      fake,
      eventName: 'push',
      payload: pushPayload(fake, sha('main-1')),
      inputs: { 'plan-file': 'db/plan.json' },
      workspace: { 'db/plan.json': { fixture: DANGEROUS } },
    });
    expectRun(run, 0);
    expect(fake.requests).toEqual([]);
    expect(run.outputs).toMatchObject({ blocking: 'true', approved: 'false', risk: 'critical' });
    expect(run.summary).toContain('aws_db_instance.orders');
    expect(run.reportText).toBeDefined();
  });

  test('fails a push with fail-on-block when the plan blocks', async ({ fake }) => {
    const run = await runAction({
      fake,
      eventName: 'workflow_dispatch',
      payload: { inputs: {}, ref: 'refs/heads/main', repository: { full_name: fake.fullName }, sender: { login: 'dev', id: 1, type: 'User' } },
      inputs: { 'plan-file': 'db/plan.json', 'fail-on-block': 'true' },
      workspace: { 'db/plan.json': { fixture: DANGEROUS } },
    });
    expectRun(run, 1);
    expect(run.errors).toHaveLength(1);
    expect(fake.requests).toEqual([]);
  });
});

describe.concurrent('wrong input', () => {
  test('stops with one line naming the input, before any call', async ({ fake }) => {
    openPullRequest(fake, 40);
    const run = await analyzeRun(fake, 40, { plan: SAFE, inputs: { 'block-on': 'bogus' } });
    expectRun(run, 1);
    expect(run.errors).toHaveLength(1);
    expect(run.errors[0]).toContain('block-on');
    expect(run.errors[0]).toContain('bogus');
    expect(fake.requests).toEqual([]);
    expect(fake.checkRuns).toEqual([]);
  });

  test('refuses an empty plan-file outside labeled/unlabeled events, in one line', async ({ fake }) => {
    openPullRequest(fake, 43);
    const run = await analyzeRun(fake, 43, { plan: SAFE, inputs: { 'plan-file': '' } });
    expectRun(run, 1);
    expect(run.errors).toHaveLength(1);
    expect(run.errors[0]).toContain('plan-file');
    expect(fake.requests).toEqual([]);
  });

  test('refuses a config-file given explicitly that does not exist, in one line', async ({ fake }) => {
    openPullRequest(fake, 44);
    const run = await analyzeRun(fake, 44, { plan: SAFE, inputs: { 'config-file': 'policy/missing.yml' } });
    expectRun(run, 1);
    expect(run.errors).toHaveLength(1);
    expect(run.errors[0]).toContain('policy/missing.yml');
    // The check was started before the policy was read: it fails with the same line, never stays pending.
    expect(fake.writes().map((request) => request.operationId)).toEqual(['checks/create', 'checks/update']);
    const check = fake.latestCheckRun(fake.pull(44).headSha, CHECK_NAME);
    expect(check).toMatchObject({ status: 'completed', conclusion: 'failure' });
    expect(check?.output.title).toBe('Not analyzed: the run failed');
    expect(check?.output.summary).toContain('policy/missing.yml');
  });

  test('stops with one line naming a plan file that does not exist', async ({ fake }) => {
    openPullRequest(fake, 41);
    const run = await analyzeRun(fake, 41, { plan: SAFE, inputs: { 'plan-file': 'db/missing.json' } });
    expectRun(run, 1);
    expect(run.errors).toHaveLength(1);
    expect(run.errors[0]).toContain('db/missing.json');
  });

  test('refuses a binary plan file with one line that says to run terraform show -json', async ({ fake }) => {
    openPullRequest(fake, 42);
    const run = await analyzeRun(fake, 42, { plan: 'fixtures/inputs/binary-plan.tfplan' });
    expectRun(run, 1);
    expect(run.errors).toHaveLength(1);
    expect(run.errors[0]).toMatch(/terraform show -json/);
  });
});

describe.concurrent('empty-prior-state with the pull request\'s files', () => {
  const LOST = 'fixtures/e2e/lost-state.json';
  const TF = 'resource "aws_s3_bucket" "assets" {\n  bucket = "acme-assets"\n}\n';

  async function lostStateRun(fake: Parameters<typeof openPullRequest>[0], number: number, files: { filename: string; status: 'added' | 'modified' }[], checkout: string[]) {
    fake.openPullRequest({ number, author: TEAM.author, headSha: sha(`head-${number}`), files });
    const run = await runAction({
      fake,
      eventName: 'pull_request',
      payload: pullRequestPayload(fake, { action: 'opened', number }),
      inputs: { 'plan-file': 'envs/app/plan.json' },
      workspace: { 'envs/app/plan.json': { fixture: LOST }, ...Object.fromEntries(checkout.map((path) => [path, TF])) },
    });
    expectRun(run, 0);
    return run;
  }

  test('a PR that adds a .tf file beside ones that were already there: the configuration existed, the empty state blocks', async ({ fake }) => {
    const run = await lostStateRun(fake, 60, [{ filename: 'envs/app/extra.tf', status: 'added' }], ['envs/app/main.tf', 'envs/app/extra.tf']);
    expect(run.outputs).toMatchObject({ risk: 'critical', blocking: 'true' });
    expect(theComment(fake, 60).body).toContain('existed before this change');
  });

  test('a PR that adds every .tf file of the directory: a new configuration, reported below block-on', async ({ fake }) => {
    const run = await lostStateRun(fake, 61, [{ filename: 'envs/app/main.tf', status: 'added' }, { filename: 'envs/app/extra.tf', status: 'added' }], ['envs/app/main.tf', 'envs/app/extra.tf']);
    expect(run.outputs).toMatchObject({ risk: 'medium', blocking: 'false' });
    expect(fake.latestCheckRun(sha('head-61'), CHECK_NAME)?.conclusion).toBe('success');
  });
});

describe.concurrent('a personal access token', () => {
  test('cannot write the check run: the step fails in one line saying which token to use', async ({ fake }) => {
    fake.addAccount('ci-robot', { role: 'write' });
    fake.addToken('ghp_ciRobotToken', 'ci-robot');
    openPullRequest(fake, 50);
    // A comment by the Actions bot carrying the marker is not this token's comment.
    fake.addComment(50, 'github-actions[bot]', `old\n${MARKER_LINE(CHECK_NAME)}`);
    const run = await analyzeRun(fake, 50, { plan: SAFE, inputs: { 'github-token': 'ghp_ciRobotToken' } });
    expectRun(run, 1);
    expect(run.errors).toEqual([expect.stringMatching(/creating the check run failed: 403 You must authenticate via a GitHub App\. .*GITHUB_TOKEN.*GitHub App installation token, not a personal access token/)]);
    // It looked for its comment as the token's user, and touched nobody else's.
    expect(fake.requests.filter((request) => request.operationId === 'users/get-authenticated').every((request) => request.login === 'ci-robot')).toBe(true);
    expect(fake.commentsOn(50).find((comment) => comment.user.login === 'github-actions[bot]')?.body).toBe(`old\n${MARKER_LINE(CHECK_NAME)}`);
    expect(fake.checkRunsFor(fake.pull(50).headSha)).toEqual([]);
  });
});

describe.concurrent('a GitHub App installation token', () => {
  const APP = { id: 4242, slug: 'plan-gate', name: 'Plan Gate' };
  const TOKEN = 'ghs_planGateInstallationToken000000000000';

  test('with comment-author set: one comment, the app\'s check, and a sealed approval', async ({ fake }) => {
    fake.addAccount('plan-gate[bot]', { type: 'Bot' });
    fake.addToken(TOKEN, 'plan-gate[bot]', { app: APP });
    openPullRequest(fake, 51);
    const inputs = { 'github-token': TOKEN, 'comment-author': 'plan-gate[bot]' };
    expectRun(await analyzeRun(fake, 51, { plan: 'fixtures/e2e/orders-delete.json', inputs }), 0);
    expectRun(await analyzeRun(fake, 51, { plan: 'fixtures/e2e/orders-delete.json', inputs, action: 'synchronize' }), 0);
    expect(fake.commentsOn(51).filter((comment) => comment.user.login === 'plan-gate[bot]')).toHaveLength(1);
    fake.addLabel(51, LABEL, TEAM.maintainer);
    const run = await labelRun(fake, 51, 'labeled', TEAM.maintainer, inputs);
    expectRun(run, 0);
    expect(run.warnings).toEqual([]);
    expect(run.outputs).toMatchObject({ approved: 'true', 'approved-by': TEAM.maintainer });
    expect(fake.latestCheckRun(fake.pull(51).headSha, CHECK_NAME)).toMatchObject({ conclusion: 'success', app: { slug: APP.slug } });
  });

  test('without comment-author: warns which login to set, since its comment would never be found again', async ({ fake }) => {
    fake.addAccount('plan-gate[bot]', { type: 'Bot' });
    fake.addToken(TOKEN, 'plan-gate[bot]', { app: APP });
    openPullRequest(fake, 52);
    const run = await analyzeRun(fake, 52, { plan: SAFE, inputs: { 'github-token': TOKEN } });
    expectRun(run, 0);
    expect(run.warnings).toEqual([expect.stringContaining('this token writes comments as plan-gate[bot], but the action looks for comments by github-actions[bot]: set the input comment-author to "plan-gate[bot]"')]);
  });
});

describe('the runner emulation', () => {
  test('fills every input of the contract from action.yml, github.token standing for the runner\'s token', () => {
    const defaults = actionInputDefaults('ghs_runnerToken');
    expect(defaults).toMatchObject({
      'plan-file': '',
      'github-token': 'ghs_runnerToken',
      'config-file': '.github/tf-plan-guard.yml',
      'approval-label': 'tf-plan-guard:approved',
      approvers: '',
      'approver-permission': 'write',
      'allow-self-approval': 'false',
      'check-name': 'Terraform Plan Guard',
      comment: 'true',
      'fail-on-block': 'false',
    });
    // Empty: the policy file's block-on applies, else high (contract §2's default).
    expect(defaults['block-on']).toBe('');
    expect(inputVariable('plan-file')).toBe('INPUT_PLAN-FILE');
  });
});
