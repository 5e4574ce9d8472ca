/**
 * Audit F9: the check run used to be written only at the end of a run. A re-analysis of an
 * approved head that finds a NEW blocking change (drift: the same commit planned again) and then
 * fails on a GitHub error must not leave the earlier `success` as the head's required check: the
 * run starts its check in_progress before any other call and fails it with the error's line.
 */
import { describe, expect } from 'vitest';
import { CHECK_NAME, analyzeRun, expectRun, LABEL, labelRun, openPullRequest, TEAM, test } from './scenario.js';

describe('an error path after a new blocking finding', () => {
  test('approved head, re-planned with a new blocking change, API error: the check fails with the error', async ({ fake }) => {
    const pull = openPullRequest(fake, 170);
    expectRun(await analyzeRun(fake, 170, { plan: 'fixtures/e2e/orders-delete.json', action: 'synchronize' }), 0);
    fake.addLabel(170, LABEL, TEAM.maintainer);
    const approved = await labelRun(fake, 170, 'labeled', TEAM.maintainer);
    expect(approved.outputs['approved']).toBe('true');
    expect(fake.latestCheckRun(pull.headSha, CHECK_NAME)?.conclusion).toBe('success');
    // The same head planned again (re-run, or a later event): now two databases go. GitHub errors persist.
    fake.injectFault({ method: 'GET', operation: 'pulls/list-files', status: 502, times: 20, body: { message: 'Bad Gateway' } });
    const rerun = await analyzeRun(fake, 170, { plan: 'fixtures/e2e/orders-and-events-delete.json', action: 'reopened' });
    expectRun(rerun, 1);
    expect(rerun.errors).toHaveLength(1);
    const check = fake.latestCheckRun(pull.headSha, CHECK_NAME);
    expect(check, 'the required check after a run that found an unapproved change and failed').toMatchObject({ status: 'completed', conclusion: 'failure' });
    expect(check?.output.title).toBe('Not analyzed: the run failed');
    expect(check?.output.summary).toMatch(/listing the pull request files.*502/);
  });

  test('approved head, the approval label removed, the unlabeled run fails on a GitHub error: the check fails, the old success does not stand', async ({ fake }) => {
    const pull = openPullRequest(fake, 171);
    expectRun(await analyzeRun(fake, 171, { plan: 'fixtures/e2e/orders-delete.json', action: 'synchronize' }), 0);
    fake.addLabel(171, LABEL, TEAM.maintainer);
    expect((await labelRun(fake, 171, 'labeled', TEAM.maintainer)).outputs['approved']).toBe('true');
    expect(fake.latestCheckRun(pull.headSha, CHECK_NAME)?.conclusion).toBe('success');
    // The approval is withdrawn; the label event's run cannot read the comment (GitHub errors persist).
    fake.removeLabel(171, LABEL, TEAM.maintainer);
    fake.injectFault({ method: 'GET', operation: 'issues/list-comments', status: 502, times: 20, body: { message: 'Bad Gateway' } });
    const unlabeled = await labelRun(fake, 171, 'unlabeled', TEAM.maintainer);
    expectRun(unlabeled, 1);
    const check = fake.latestCheckRun(pull.headSha, CHECK_NAME);
    expect(check, 'the required check after the unlabeled run failed').toMatchObject({ status: 'completed', conclusion: 'failure' });
    expect(check?.output.title).toBe('Not analyzed: the run failed');
    expect(check?.output.summary).toMatch(/listing the pull request comments.*502/);
  });
});
