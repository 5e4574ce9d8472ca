/**
 * GitHub moves a pull request's base.sha as its base branch moves, whatever the PR does (audit 4a
 * F5). A run whose base branch moved on during the job goes on against the current base commit
 * (its re-run too); a label run whose stored verdict was decided against an older commit of the
 * base reuses it when that commit holds the same policy and workflow, and fails closed otherwise.
 * A run whose base *branch* changed is still refused (older-event.test.ts, second-base.test.ts).
 */
import { describe, expect } from 'vitest';
import { sha, type FakeGitHub } from '../support/github-server.js';
import { pullRequestPayload, runAction, storedStateOf } from '../support/run-action.js';
import { analyzeRun, CHECK_NAME, DB_TF, expectRun, labelledBy, labelRun, openPullRequest, POLICY_FILE, TEAM, theComment, test } from './scenario.js';

const DANGEROUS = 'fixtures/incidents/rds-delete-unprotected.json';

/** PR #number is analyzed under `policy` at its base; then its base branch moves on to a commit holding `newPolicy`. */
async function analyzedThenBaseMoves(fake: FakeGitHub, number: number, policy: string, newPolicy: string) {
  const pull = openPullRequest(fake, number);
  fake.setFile(pull.baseSha, POLICY_FILE, policy);
  expectRun(await analyzeRun(fake, number, { plan: DANGEROUS }), 0);
  pull.baseSha = sha(`main-${number}-2`);
  fake.setFile(pull.baseSha, POLICY_FILE, newPolicy);
  return pull;
}

describe.concurrent('the base branch moves on', () => {
  test('during the job: the run and its re-run decide against the current base commit, not refused', async ({ fake }) => {
    const pull = openPullRequest(fake, 160);
    const payload = pullRequestPayload(fake, { action: 'synchronize', number: 160 });
    // Someone merges into main during `terraform plan`: same base branch, a newer base commit.
    pull.baseSha = sha('main-moved-on');
    const go = () => runAction({ fake, eventName: 'pull_request', payload, inputs: { 'plan-file': 'db/plan.json' }, workspace: { 'db/plan.json': { fixture: 'fixtures/e2e/safe.json' }, 'db/main.tf': DB_TF } });
    for (const run of [await go(), await go()]) {
      expectRun(run, 0);
      expect(fake.latestCheckRun(pull.headSha, CHECK_NAME)?.conclusion).toBe('success');
    }
    expect(storedStateOf(theComment(fake, 160).body)?.['baseSha']).toBe(sha('main-moved-on'));
  });

  test('after the analysis, without touching the policy or the workflow: the approval label still approves', async ({ fake }) => {
    const pull = await analyzedThenBaseMoves(fake, 161, 'block-on: high\n', 'block-on: high\n');
    const approved = await labelledBy(fake, 161, TEAM.maintainer);
    expect(approved.outputs).toMatchObject({ blocking: 'true', approved: 'true' });
    expect(fake.latestCheckRun(pull.headSha, CHECK_NAME)?.conclusion).toBe('success');
  });

  test('after the analysis, with another policy at the new base commit: the label run fails closed, not analyzed', async ({ fake }) => {
    const pull = await analyzedThenBaseMoves(fake, 162, 'block-on: critical\n', 'block-on: low\n');
    fake.addLabel(162, 'tf-plan-guard:approved', TEAM.maintainer);
    const labeled = await labelRun(fake, 162, 'labeled', TEAM.maintainer);
    expect(labeled.exitCode).toBe(1);
    expect(labeled.errors.join('\n')).toMatch(/not analyzed: the last analysis was decided against base/);
    expect(fake.latestCheckRun(pull.headSha, CHECK_NAME)?.output.title).toBe('Not analyzed: the base of the pull request changed');
  });
});
