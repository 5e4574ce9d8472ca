/**
 * One check name, one verdict (issue #7, attack 4): two matrix jobs (prod, staging) that run the
 * action with the default check name on one head must not let the one that finishes last decide
 * the check. And the one-job pattern the README shows for a matrix (plan jobs upload their plan
 * JSON; one job downloads them all and analyzes them with a glob) gives one verdict over all plans.
 */
import { describe, expect } from 'vitest';
import type { FakeGitHub } from '../support/github-server.js';
import { pullRequestPayload, runAction, type ActionRun } from '../support/run-action.js';
import { CHECK_NAME, DB_TF, expectRun, LABEL, labelRun, openPullRequest, TEAM, test, theComment } from './scenario.js';

const BLOCKING = 'fixtures/e2e/orders-delete.json';
const SAFE = 'fixtures/e2e/safe.json';

/** A matrix leg: job "plan" analyzing infra/<env>/plan.json, as `plan-file: infra/${{ matrix.env }}/plan.json` does. */
function matrixLeg(fake: FakeGitHub, number: number, env: string, fixture: string, action = 'synchronize'): Promise<ActionRun> {
  return runAction({
    fake,
    eventName: 'pull_request',
    payload: pullRequestPayload(fake, { action, number }),
    inputs: { 'plan-file': `infra/${env}/plan.json` },
    workspace: { [`infra/${env}/plan.json`]: { fixture }, [`infra/${env}/main.tf`]: DB_TF },
    env: { GITHUB_JOB: 'plan', GITHUB_RUN_ID: '5151' },
  });
}

function checkOf(fake: FakeGitHub, number: number) {
  return fake.latestCheckRun(fake.pull(number).headSha, CHECK_NAME);
}

describe.concurrent('two jobs under one check name', () => {
  test('a clean staging leg that finishes after a blocking prod leg cannot turn the check green', async ({ fake }) => {
    openPullRequest(fake, 95);
    const prod = await matrixLeg(fake, 95, 'prod', BLOCKING);
    expectRun(prod, 0);
    expect(checkOf(fake, 95)?.conclusion).toBe('failure');
    const prodComment = theComment(fake, 95).body;

    const staging = await matrixLeg(fake, 95, 'staging', SAFE);
    // Fails closed, naming both jobs and the two ways out.
    expectRun(staging, 1);
    const check = checkOf(fake, 95);
    expect(check?.conclusion).toBe('failure');
    expect(check?.output.title).toContain('Failing closed');
    expect(check?.output.summary).toContain('`infra/prod/plan.json`');
    expect(check?.output.summary).toContain('`infra/staging/plan.json`');
    expect(check?.output.summary).toContain('its own `check-name`');
    const failure = staging.errors.join('\n');
    expect(failure).toContain('job "plan" of workflow "terraform" (run 5151) for infra/prod/plan.json');
    expect(failure).toContain('analyzed infra/staging/plan.json');
    expect(failure).toMatch(/give each job its own check-name input, or analyze all plans in one job/);
    expect(staging.outputs['approved']).toBe('false');
    expect(staging.summary).toContain('Failing closed');
    // The other analysis's comment is not overwritten with a weaker report.
    expect(theComment(fake, 95).body).toBe(prodComment);

    // Sticky: an approval of prod, re-evaluated on a label event, still cannot pass the shared check.
    fake.addLabel(95, LABEL, TEAM.maintainer);
    const relabel = await labelRun(fake, 95, 'labeled', TEAM.maintainer);
    expectRun(relabel, 1);
    expect(checkOf(fake, 95)?.conclusion).toBe('failure');
    // And staging again (a re-run): its pass is refused again.
    const stagingAgain = await matrixLeg(fake, 95, 'staging', SAFE, 'reopened');
    expectRun(stagingAgain, 1);
    expect(checkOf(fake, 95)?.conclusion).toBe('failure');
  });

  test('two legs running at the same time leave a failing check, whichever writes last', async ({ fake }) => {
    openPullRequest(fake, 98);
    const [prod, staging] = await Promise.all([matrixLeg(fake, 98, 'prod', BLOCKING), matrixLeg(fake, 98, 'staging', SAFE)]);
    // Staging's pass looks again after writing: it sees prod's failure if that came first (and fails
    // closed); if prod's came later, prod's failure is the newest check run. Red either way.
    expect(prod.exitCode).toBe(0);
    expect(checkOf(fake, 98)?.conclusion).toBe('failure');
    // Which title is newest depends on the interleaving: staging's collision, or prod's failure
    // written after it (staging may see prod's mark and fail closed before prod completes its check).
    if (staging.exitCode === 1) expect(checkOf(fake, 98)?.output.title).toMatch(/Failing closed|^Needs approval/);
    else expect(checkOf(fake, 98)?.output.title).toMatch(/^Needs approval/);
  });

  test('the same job run again on the same head (same plans) is the same analysis, not a collision', async ({ fake }) => {
    openPullRequest(fake, 96);
    expectRun(await matrixLeg(fake, 96, 'prod', BLOCKING), 0);
    const again = await matrixLeg(fake, 96, 'prod', BLOCKING, 'reopened');
    expectRun(again, 0);
    expect(again.errors).toEqual([]);
    fake.addLabel(96, LABEL, TEAM.maintainer);
    const approved = await labelRun(fake, 96, 'labeled', TEAM.maintainer);
    expectRun(approved, 0);
    expect(approved.outputs).toMatchObject({ approved: 'true' });
    expect(checkOf(fake, 96)?.conclusion).toBe('success');
  });
});

describe.concurrent('the one-job matrix pattern (README)', () => {
  test('one job analyzing every downloaded plan with a glob gives one verdict that an approval covers', async ({ fake }) => {
    openPullRequest(fake, 97);
    // What actions/download-artifact leaves: one directory per plan job's artifact.
    const analyzeAll = (action: string) =>
      runAction({
        fake,
        eventName: 'pull_request',
        payload: pullRequestPayload(fake, { action, number: 97 }),
        inputs: { 'plan-file': 'plans/*/plan.json' },
        workspace: { 'plans/prod/plan.json': { fixture: BLOCKING }, 'plans/staging/plan.json': { fixture: SAFE } },
        env: { GITHUB_JOB: 'guard' },
      });
    const run = await analyzeAll('synchronize');
    expectRun(run, 0);
    expect(run.outputs).toMatchObject({ blocking: 'true', approved: 'false' });
    expect(checkOf(fake, 97)?.conclusion).toBe('failure');
    const body = theComment(fake, 97).body;
    expect(body).toContain('plans/prod/plan.json');
    expect(body).toContain('plans/staging/plan.json');

    fake.addLabel(97, LABEL, TEAM.maintainer);
    const approved = await labelRun(fake, 97, 'labeled', TEAM.maintainer);
    expectRun(approved, 0);
    expect(approved.outputs).toMatchObject({ approved: 'true', 'approved-by': TEAM.maintainer });
    expect(checkOf(fake, 97)?.conclusion).toBe('success');
    // A re-run of the job on the same head is the same analysis: still one verdict, still approved.
    const rerun = await analyzeAll('reopened');
    expectRun(rerun, 0);
    expect(rerun.outputs).toMatchObject({ approved: 'true' });
    expect(checkOf(fake, 97)?.conclusion).toBe('success');
  });
});
