/**
 * Audit F1: the policy that decides is the one on the PR's base, and a check run belongs to a
 * commit. A second PR of the same head against a branch its author controls (main + a looser
 * policy), or the same PR retargeted there and back, must not turn the head's required check green.
 */
import { describe, expect, it } from 'vitest';
import { sha } from '../support/github-server.js';
import { evaluateCondition, readmeWorkflow } from '../support/workflow.js';
import { pullRequestPayload, runAction } from '../support/run-action.js';
import { CHECK_NAME, DB_TF, expectRun, LABEL, labelledBy, labelRun, pullRequestWithLooseBranch, TEAM, test } from './scenario.js';

const POLICY = '.github/tf-plan-guard.yml';
const RDS_DELETE = 'fixtures/e2e/orders-delete.json';

function analyze(fake: Parameters<typeof pullRequestPayload>[0], number: number, action = 'opened', extra: Record<string, unknown> = {}) {
  return runAction({
    fake,
    eventName: 'pull_request',
    payload: { ...pullRequestPayload(fake, { action, number }), ...extra },
    inputs: { 'plan-file': 'db/plan.json' },
    workspace: { 'db/plan.json': { fixture: RDS_DELETE }, 'db/main.tf': DB_TF },
  });
}

describe('a second base branch cannot loosen the gate of the same head', () => {
  test('PR into main is red; the PR of the same head into a loose branch fails the shared check closed, naming both', async ({ fake }) => {
    const head = sha('shared-head');
    const mainBase = sha('main-base');
    const looseBase = sha('loose-base');
    fake.openPullRequest({ number: 140, author: TEAM.author, headSha: head, baseSha: mainBase, baseRef: 'main', files: [{ filename: 'db/main.tf', status: 'modified' }] });
    // Same head branch, opened against `loose`: a branch the author pushed with one commit on main changing the policy.
    fake.openPullRequest({ number: 141, author: TEAM.author, headSha: head, baseSha: looseBase, baseRef: 'loose', files: [{ filename: 'db/main.tf', status: 'modified' }] });
    fake.setFile(mainBase, POLICY, 'block-on: critical\n');
    fake.setFile(head, POLICY, 'block-on: critical\n');
    fake.setFile(looseBase, POLICY, 'block-on: none\n');
    const gated = await analyze(fake, 140);
    expectRun(gated, 0);
    expect(gated.outputs['blocking']).toBe('true');
    expect(fake.latestCheckRun(head, CHECK_NAME)?.conclusion).toBe('failure');
    const loose = await analyze(fake, 141);
    expectRun(loose, 1);
    expect(loose.outputs['blocking']).toBe('false');
    expect(loose.errors.join('\n')).toMatch(/two pull requests share this head commit.*#140.*#141/);
    // The gated PR #140 (into main) is still red: nobody approved the RDS delete.
    const check = fake.latestCheckRun(head, CHECK_NAME);
    expect(check?.conclusion, 'the required check on the head of PR #140 into main').toBe('failure');
    expect(check?.output.title).toMatch(/two pull requests share this head commit/);
    expect(check?.output.summary).toMatch(/pull request #140 against base .*pull request #141 against base/s);
    // Its analysis again (a re-run, a reopen) finds #140's verdict there and fails closed again.
    expectRun(await analyze(fake, 141, 'reopened'), 1);
    expect(fake.latestCheckRun(head, CHECK_NAME)?.conclusion).toBe('failure');
  });

  test('retargeted to a loose branch, pushed, and retargeted back: the edited run analyzes under main, and a label event fails closed', async ({ fake }) => {
    const { pull, mainBase, looseBase } = pullRequestWithLooseBranch(fake, 142);
    expectRun(await analyze(fake, 142), 0);
    expect(fake.latestCheckRun(pull.headSha, CHECK_NAME)?.conclusion).toBe('failure');

    // Base edited to `loose`, then a push: its analysis under loose's policy passes (that PR is into loose).
    pull.baseRef = 'loose';
    pull.baseSha = looseBase;
    fake.push(142, sha('head-142-2'));
    fake.setFile(pull.headSha, POLICY, 'block-on: critical\n');
    expectRun(await analyze(fake, 142, 'synchronize'), 0);
    expect(fake.latestCheckRun(pull.headSha, CHECK_NAME)?.conclusion).toBe('success');

    // Base edited back to main. Without an `edited` run, a label event must not reuse loose's verdict.
    pull.baseRef = 'main';
    pull.baseSha = mainBase;
    fake.addLabel(142, 'infra', TEAM.maintainer);
    const labeled = await labelRun(fake, 142, 'labeled', TEAM.maintainer, {}, 'infra');
    expect(labeled.exitCode).toBe(1);
    expect(labeled.errors.join('\n')).toMatch(/not analyzed: the last analysis was decided against base [0-9a-f]{12} and the base is now [0-9a-f]{12}/);
    const refused = fake.latestCheckRun(pull.headSha, CHECK_NAME);
    expect(refused?.conclusion).toBe('failure');
    expect(refused?.output.title).toBe('Not analyzed: the base of the pull request changed');

    // The `edited` event that changed the base is analyzed under main's policy: red again.
    const edited = await analyze(fake, 142, 'edited', { changes: { base: { ref: { from: 'loose' }, sha: { from: looseBase } } } });
    expectRun(edited, 0);
    expect(edited.outputs['blocking']).toBe('true');
    expect(fake.latestCheckRun(pull.headSha, CHECK_NAME)?.conclusion).toBe('failure');
    // And now a label event re-evaluates normally (the stored verdict is main's).
    const approved = await labelledBy(fake, 142, TEAM.maintainer);
    expect(approved.outputs['approved']).toBe('true');
    expect(fake.latestCheckRun(pull.headSha, CHECK_NAME)?.conclusion).toBe('success');
  });
});

describe("the README's workflow", () => {
  it('runs the analysis on an edit that changed the base, and not on an edit of the title', () => {
    const workflow = readmeWorkflow('### A complete workflow');
    expect(workflow.types).toContain('edited');
    const plan = workflow.jobs.find((job) => job.guardInputs?.['plan-file']);
    const approval = workflow.jobs.find((job) => job !== plan);
    const runs = (event: Record<string, unknown>) => (job: typeof plan) => job?.if == null || evaluateCondition(job.if, { event_name: 'pull_request', event });
    const baseEdited = { action: 'edited', changes: { base: { ref: { from: 'loose' }, sha: { from: sha('loose') } } } };
    const titleEdited = { action: 'edited', changes: { title: { from: 'WIP' } } };
    expect(runs(baseEdited)(plan)).toBe(true);
    expect(runs(titleEdited)(plan)).toBe(false);
    expect(runs(baseEdited)(approval)).toBe(false);
    expect(runs({ action: 'synchronize' })(plan)).toBe(true);
    expect(runs({ action: 'labeled' })(plan)).toBe(false);
  });
});
