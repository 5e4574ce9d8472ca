/**
 * Audit F1 residual: re-running an old workflow run replays its old event payload (its head, its
 * base) and its old checkout. Every run confirms the payload's head and base against the API's
 * current pull request (GET pulls/{n}); an older one gives no verdict: the check it started fails
 * closed and the step says to re-run the latest run.
 */
import { describe, expect } from 'vitest';
import { sha, type FakeGitHub } from '../support/github-server.js';
import { pullRequestPayload, runAction } from '../support/run-action.js';
import { CHECK_NAME, DB_TF, expectRun, LABEL, labelRun, openPullRequest, pullRequestWithLooseBranch, TEAM, test } from './scenario.js';

const RDS_DELETE = 'fixtures/e2e/orders-delete.json';
const SAFE = 'fixtures/e2e/safe.json';

/** A pull_request run of `payload` (kept to be re-run later, as GitHub's "Re-run jobs" does) analyzing `plan`. */
function run(fake: FakeGitHub, payload: Record<string, unknown>, plan: string) {
  return runAction({ fake, eventName: 'pull_request', payload, inputs: { 'plan-file': 'db/plan.json' }, workspace: { 'db/plan.json': { fixture: plan }, 'db/main.tf': DB_TF } });
}

describe('a re-run of an old run', () => {
  test('of the run against a loose base, after the PR was retargeted back to main: the check fails closed, not green', async ({ fake }) => {
    const { pull, mainBase, looseBase } = pullRequestWithLooseBranch(fake, 180);
    expectRun(await run(fake, pullRequestPayload(fake, { action: 'opened', number: 180 }), RDS_DELETE), 0);
    expect(fake.latestCheckRun(pull.headSha, CHECK_NAME)?.conclusion).toBe('failure');

    // Retargeted to `loose`: the `edited` run analyzes under loose's policy (that PR is into loose).
    pull.baseRef = 'loose';
    pull.baseSha = looseBase;
    const intoLoose = pullRequestPayload(fake, { action: 'edited', number: 180 });
    expectRun(await run(fake, intoLoose, RDS_DELETE), 0);
    expect(fake.latestCheckRun(pull.headSha, CHECK_NAME)?.conclusion).toBe('success');
    // And back to main: red again.
    pull.baseRef = 'main';
    pull.baseSha = mainBase;
    expectRun(await run(fake, pullRequestPayload(fake, { action: 'edited', number: 180 }), RDS_DELETE), 0);
    expect(fake.latestCheckRun(pull.headSha, CHECK_NAME)?.conclusion).toBe('failure');

    // "Re-run jobs" on the loose run: its payload still says base loose.
    const before = fake.requests.length;
    const rerun = await run(fake, intoLoose, RDS_DELETE);
    expectRun(rerun, 2);
    expect(rerun.errors.join('\n')).toMatch(/not analyzed: this run's event is of base loose \([0-9a-f]{12}\), but the pull request's base is now main \([0-9a-f]{12}\).*re-run the latest workflow run of this pull request/);
    const check = fake.latestCheckRun(pull.headSha, CHECK_NAME);
    expect(check, 'the required check of the PR into main').toMatchObject({ status: 'completed', conclusion: 'failure', output: { title: "Not analyzed: this run's event is of an older base" } });
    // It started its check, read the PR, and failed the check: no policy read, no comment, no label change.
    expect(fake.requests.slice(before).map((request) => request.operationId)).toEqual(['checks/create', 'pulls/get', 'checks/update']);
  });

  test('of an older head, after a push: its verdict is not written, the new head keeps its own, the step says to re-run the latest run', async ({ fake }) => {
    const pull = openPullRequest(fake, 181);
    const oldHead = pull.headSha;
    const first = pullRequestPayload(fake, { action: 'opened', number: 181 });
    expectRun(await run(fake, first, SAFE), 0);
    expect(fake.latestCheckRun(oldHead, CHECK_NAME)?.conclusion).toBe('success');
    fake.push(181, sha('head-181-2'));
    expectRun(await run(fake, pullRequestPayload(fake, { action: 'synchronize', number: 181 }), RDS_DELETE), 0);
    const newHeadVerdict = fake.latestCheckRun(pull.headSha, CHECK_NAME);
    expect(newHeadVerdict?.conclusion).toBe('failure');
    const commentsBefore = fake.commentsOn(181).map((comment) => comment.body);

    const rerun = await run(fake, first, SAFE);
    expectRun(rerun, 2);
    expect(rerun.errors.join('\n')).toMatch(/this run's event is of head [0-9a-f]{12}, but the pull request's head is now [0-9a-f]{12}.*re-run the latest workflow run/);
    expect(fake.latestCheckRun(oldHead, CHECK_NAME)).toMatchObject({ conclusion: 'failure', output: { title: "Not analyzed: this run's event is of an older head" } });
    expect(fake.latestCheckRun(pull.headSha, CHECK_NAME)).toBe(newHeadVerdict);
    expect(fake.commentsOn(181).map((comment) => comment.body)).toEqual(commentsBefore);
  });

  test('of a label event from before a push: refused the same way, the new head untouched', async ({ fake }) => {
    const pull = openPullRequest(fake, 182);
    expectRun(await run(fake, pullRequestPayload(fake, { action: 'opened', number: 182 }), RDS_DELETE), 0);
    fake.addLabel(182, LABEL, TEAM.maintainer);
    const labeled = pullRequestPayload(fake, { action: 'labeled', number: 182, sender: TEAM.maintainer, label: LABEL });
    const relabel = () => runAction({ fake, eventName: 'pull_request', payload: labeled, inputs: { 'plan-file': '' } });
    expect((await relabel()).outputs['approved']).toBe('true');
    fake.push(182, sha('head-182-2'));
    expectRun(await run(fake, pullRequestPayload(fake, { action: 'synchronize', number: 182 }), 'fixtures/e2e/orders-and-events-delete.json'), 0);
    const newHeadVerdict = fake.latestCheckRun(pull.headSha, CHECK_NAME);
    expect(newHeadVerdict?.conclusion).toBe('failure');

    const rerun = await relabel();
    expectRun(rerun, 2);
    expect(rerun.errors.join('\n')).toMatch(/this run's event is of head [0-9a-f]{12}, but the pull request's head is now/);
    expect(fake.latestCheckRun(pull.headSha, CHECK_NAME)).toBe(newHeadVerdict);
    // The latest label run decides as usual.
    expectRun(await labelRun(fake, 182, 'labeled', TEAM.maintainer), 0);
  });
});
