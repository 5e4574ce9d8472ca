/**
 * Audit F5: on pull_request_target the runner checks out the BASE (GITHUB_SHA is the base
 * branch's head), so the plan the workflow makes is of code without the PR. The action must not
 * post a verdict about it on the PR's head: it fails the check closed and the step in one line.
 */
import { describe, expect } from 'vitest';
import { pullRequestPayload, runAction } from '../support/run-action.js';
import { CHECK_NAME, DB_TF, expectRun, openPullRequest, test } from './scenario.js';

describe('pull_request_target', () => {
  test('a plan of the base checkout never makes the PR head green: the check fails "not analyzed", the step exits 2 in one line', async ({ fake }) => {
    const pull = openPullRequest(fake, 160);
    const run = await runAction({
      fake,
      eventName: 'pull_request_target',
      payload: pullRequestPayload(fake, { action: 'synchronize', number: 160 }),
      // What `actions/checkout` gives on pull_request_target: the base branch, not the PR.
      sha: pull.baseSha,
      inputs: { 'plan-file': 'db/plan.json' },
      workspace: { 'db/plan.json': { fixture: 'fixtures/e2e/safe.json' }, 'db/main.tf': DB_TF },
    });
    expectRun(run, 2);
    expect(run.errors).toHaveLength(1);
    expect(run.errors[0]).toMatch(/^tf-plan-guard: not analyzed: on pull_request_target the workflow checks out the base branch/);
    const checks = fake.checkRunsFor(pull.headSha, CHECK_NAME);
    expect(checks.map((check) => check.conclusion)).toEqual(['failure']);
    expect(checks[0]?.output.title).toBe('Not analyzed: pull_request_target plans the base branch');
    // Nothing else is written: no comment, no label.
    expect(fake.writes().map((request) => request.operationId)).toEqual(['checks/create']);
  });
});
