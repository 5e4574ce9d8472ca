/**
 * Approval by label, end to end: the first run reports a blocking change, someone adds the label,
 * the labeled run re-evaluates from the stored report. Only an eligible human's latest label
 * approves; every bypass leaves the check failing and the label removed.
 */
import { describe, expect } from 'vitest';
import type { FakeGitHub } from '../support/github-server.js';
import { pullRequestPayload, runAction, storedStateOf, type ActionRun } from '../support/run-action.js';
import { analyzeRun, CHECK_NAME, expectRun, LABEL, labelRun, openPullRequest, TEAM, theComment, test } from './scenario.js';

const DANGEROUS = 'fixtures/incidents/rds-delete-unprotected.json';

/** PR #n analyzed once (blocking, no approval yet). */
async function blockedPullRequest(fake: FakeGitHub, number: number, inputs: Record<string, string> = {}): Promise<ActionRun> {
  openPullRequest(fake, number);
  const run = await analyzeRun(fake, number, { plan: DANGEROUS, inputs });
  expectRun(run, 0);
  expect(run.outputs['blocking']).toBe('true');
  return run;
}

function latestConclusion(fake: FakeGitHub, number: number): string | null | undefined {
  return fake.latestCheckRun(fake.pull(number).headSha, CHECK_NAME)?.conclusion;
}

function labelRemovals(fake: FakeGitHub): string[] {
  return fake.requests.filter((request) => request.operationId === 'issues/remove-label').map((request) => decodeURIComponent(request.path.slice(request.path.lastIndexOf('/') + 1)));
}

/** The label was added by `by`; the labeled run must refuse it and take the label off. */
async function expectRefused(fake: FakeGitHub, number: number, by: string, inputs: Record<string, string> = {}, why?: RegExp): Promise<void> {
  const run = await labelRun(fake, number, 'labeled', by, inputs);
  expectRun(run, 0);
  expect(run.outputs).toMatchObject({ blocking: 'true', approved: 'false', 'approved-by': '' });
  expect(latestConclusion(fake, number)).toBe('failure');
  expect(labelRemovals(fake)).toEqual([LABEL]);
  expect(fake.labelsOn(number)).not.toContain(LABEL);
  const comment = theComment(fake, number);
  expect(comment.body).toMatch(/needs approval: 1 blocking change\b/);
  expect(comment.body).toContain(`@${by}`);
  if (why) expect(comment.body).toMatch(why);
  expect(storedStateOf(comment.body)?.['approval']).toBeNull();
}

describe.concurrent('approval by label', () => {
  test('a maintainer who is not the author approves: the check passes and says who', async ({ fake }) => {
    const first = await blockedPullRequest(fake, 60);
    const comment = theComment(fake, 60);
    fake.addLabel(60, LABEL, TEAM.maintainer);

    const run = await labelRun(fake, 60, 'labeled', TEAM.maintainer);
    expectRun(run, 0);
    expect(run.outputs).toMatchObject({ blocking: 'true', approved: 'true', 'approved-by': TEAM.maintainer, risk: 'critical', fingerprint: first.outputs['fingerprint'] });
    expect(latestConclusion(fake, 60)).toBe('success');
    expect(fake.latestCheckRun(fake.pull(60).headSha, CHECK_NAME)?.output.title).toContain(`@${TEAM.maintainer}`);
    const updated = theComment(fake, 60);
    expect(updated.id).toBe(comment.id);
    expect(updated.body).toContain(`approved by \`@${TEAM.maintainer}\``);
    // The re-evaluation keeps the report the approver saw.
    expect(updated.body).toContain('aws_db_instance.orders');
    const labeled = fake.events.filter((event) => event.event === 'labeled' && event.label === LABEL).at(-1);
    expect(storedStateOf(updated.body)).toMatchObject({
      fingerprint: first.outputs['fingerprint'],
      approval: { fingerprint: first.outputs['fingerprint'], by: TEAM.maintainer, eventId: labeled?.id },
    });
    expect(fake.labelsOn(60)).toContain(LABEL);
    expect(labelRemovals(fake)).toEqual([]);
    // The label's history spans several pages; all were read.
    expect(fake.requests.filter((request) => request.operationId === 'issues/list-events').map((request) => request.query['page'] ?? '1')).toEqual(['1', '2']);
    // No plan was read on the labeled run; it listed the PR's files (3 pages, as the first run did)
    // only to see whether the PR changes the workflow running the check (workflow-changed.test.ts).
    expect(fake.requests.filter((request) => request.operationId === 'pulls/list-files')).toHaveLength(6);
    expect(run.summary).toContain(`@${TEAM.maintainer}`);
  });

  test('the labeller is read from GitHub\'s events, not from the event payload', async ({ fake }) => {
    await blockedPullRequest(fake, 61);
    fake.addLabel(61, LABEL, TEAM.author);
    // The payload names the maintainer as its sender; GitHub's events say the author added the label.
    const run = await labelRun(fake, 61, 'labeled', TEAM.maintainer);
    expectRun(run, 0);
    expect(run.outputs).toMatchObject({ approved: 'false', 'approved-by': '' });
    expect(latestConclusion(fake, 61)).toBe('failure');
    expect(theComment(fake, 61).body).toContain(`@${TEAM.author}`);
    expect(fake.labelsOn(61)).not.toContain(LABEL);
  });

  test('the label must be on the PR now: a payload listing it does not approve', async ({ fake }) => {
    await blockedPullRequest(fake, 75);
    fake.addLabel(75, LABEL, TEAM.maintainer);
    const payload = pullRequestPayload(fake, { action: 'labeled', number: 75, sender: TEAM.maintainer, label: LABEL });
    // Removed again before this (re-)run: the frozen payload still shows it.
    fake.removeLabel(75, LABEL, TEAM.maintainer);
    const run = await runAction({ fake, eventName: 'pull_request', payload, inputs: { 'plan-file': '' } });
    expectRun(run, 0);
    expect((payload['pull_request'] as { labels: { name: string }[] }).labels.map((label) => label.name)).toContain(LABEL);
    expect(run.outputs).toMatchObject({ approved: 'false', blocking: 'true' });
    expect(latestConclusion(fake, 75)).toBe('failure');
    expect(labelRemovals(fake)).toEqual([]);
  });

  test('refuses the author approving their own pull request', async ({ fake }) => {
    await blockedPullRequest(fake, 62);
    fake.addLabel(62, LABEL, TEAM.author);
    await expectRefused(fake, 62, TEAM.author, {}, /opened this pull request/);
  });

  test('lets the author approve with allow-self-approval: true', async ({ fake }) => {
    const inputs = { 'allow-self-approval': 'true' };
    await blockedPullRequest(fake, 63, inputs);
    fake.addLabel(63, LABEL, TEAM.author);
    const run = await labelRun(fake, 63, 'labeled', TEAM.author, inputs);
    expectRun(run, 0);
    expect(run.outputs).toMatchObject({ approved: 'true', 'approved-by': TEAM.author });
    expect(latestConclusion(fake, 63)).toBe('success');
  });

  test('refuses the Actions bot', async ({ fake }) => {
    await blockedPullRequest(fake, 64);
    fake.addLabel(64, LABEL, 'github-actions[bot]');
    await expectRefused(fake, 64, 'github-actions[bot]', {}, /bot or acts through a GitHub App/);
    // A bot has no role to look up.
    expect(fake.requests.filter((request) => request.operationId === 'repos/get-collaborator-permission-level')).toEqual([]);
  });

  test('refuses another bot account with write access (an automation or AI agent)', async ({ fake }) => {
    await blockedPullRequest(fake, 65);
    fake.addLabel(65, LABEL, 'renovate[bot]');
    await expectRefused(fake, 65, 'renovate[bot]', {}, /bot or acts through a GitHub App/);
  });

  test('refuses an admin acting through a GitHub App', async ({ fake }) => {
    await blockedPullRequest(fake, 66);
    fake.addLabel(66, LABEL, TEAM.admin, { viaApp: { id: 4242, slug: 'ai-reviewer', name: 'AI Reviewer' } });
    await expectRefused(fake, 66, TEAM.admin, {}, /bot or acts through a GitHub App/);
  });

  test('refuses the triage role, which can add labels but not approve', async ({ fake }) => {
    await blockedPullRequest(fake, 67);
    fake.addLabel(67, LABEL, TEAM.triager);
    await expectRefused(fake, 67, TEAM.triager, {}, /role is triage/);
  });

  test('refuses the read role', async ({ fake }) => {
    await blockedPullRequest(fake, 68);
    fake.addLabel(68, LABEL, TEAM.reader);
    await expectRefused(fake, 68, TEAM.reader, {}, /role is read/);
  });

  test('refuses a maintainer when approver-permission is admin, and accepts an admin', async ({ fake }) => {
    const inputs = { 'approver-permission': 'admin' };
    await blockedPullRequest(fake, 69, inputs);
    fake.addLabel(69, LABEL, TEAM.maintainer);
    await expectRefused(fake, 69, TEAM.maintainer, inputs, /role is maintain/);

    fake.addLabel(69, LABEL, TEAM.admin);
    const run = await labelRun(fake, 69, 'labeled', TEAM.admin, inputs);
    expect(run.outputs).toMatchObject({ approved: 'true', 'approved-by': TEAM.admin });
    expect(latestConclusion(fake, 69)).toBe('success');
  });

  test('judges a custom role by the permission GitHub reports for it, never above', async ({ fake }) => {
    // A custom role based on maintain: GitHub's `permission` says write (maintain folds into write).
    fake.addAccount('rob', { role: { name: 'release-manager', base: 'maintain' } });
    await blockedPullRequest(fake, 76);
    fake.addLabel(76, LABEL, 'rob');
    const run = await labelRun(fake, 76, 'labeled', 'rob');
    expect(run.outputs).toMatchObject({ approved: 'true', 'approved-by': 'rob' });

    const inputs = { 'approver-permission': 'maintain' };
    await blockedPullRequest(fake, 77, inputs);
    fake.addLabel(77, LABEL, 'rob');
    await expectRefused(fake, 77, 'rob', inputs, /role is write/);
  });

  test('refuses a maintainer who is not in the approvers list, and accepts one who is', async ({ fake }) => {
    const inputs = { approvers: `${TEAM.writer}\n@${TEAM.admin.toUpperCase()}` };
    await blockedPullRequest(fake, 70, inputs);
    fake.addLabel(70, LABEL, TEAM.maintainer);
    await expectRefused(fake, 70, TEAM.maintainer, inputs, /not in the approvers list/);

    fake.addLabel(70, LABEL, TEAM.admin);
    const run = await labelRun(fake, 70, 'labeled', TEAM.admin, inputs);
    expect(run.outputs).toMatchObject({ approved: 'true', 'approved-by': TEAM.admin });
  });

  test('withdraws the approval when the label is removed', async ({ fake }) => {
    await blockedPullRequest(fake, 71);
    fake.addLabel(71, LABEL, TEAM.maintainer);
    expect((await labelRun(fake, 71, 'labeled', TEAM.maintainer)).outputs['approved']).toBe('true');
    expect(latestConclusion(fake, 71)).toBe('success');

    fake.removeLabel(71, LABEL, TEAM.maintainer);
    const run = await labelRun(fake, 71, 'unlabeled', TEAM.maintainer);
    expectRun(run, 0);
    expect(run.outputs).toMatchObject({ approved: 'false', 'approved-by': '', blocking: 'true' });
    expect(latestConclusion(fake, 71)).toBe('failure');
    expect(theComment(fake, 71).body).toMatch(/needs approval: 1 blocking change\b/);
    expect(storedStateOf(theComment(fake, 71).body)?.['approval']).toBeNull();
  });

  test('lets the latest labeled event decide: re-added by the author after a maintainer, it does not approve', async ({ fake }) => {
    await blockedPullRequest(fake, 72);
    fake.addLabel(72, LABEL, TEAM.maintainer);
    expect((await labelRun(fake, 72, 'labeled', TEAM.maintainer)).outputs['approved']).toBe('true');

    fake.removeLabel(72, LABEL, TEAM.author);
    fake.addLabel(72, LABEL, TEAM.author);
    await expectRefused(fake, 72, TEAM.author, {}, /opened this pull request/);
  });

  test('does not count a label that was on the PR before any report (nobody approved what they had not seen)', async ({ fake }) => {
    openPullRequest(fake, 73);
    fake.addLabel(73, LABEL, TEAM.maintainer);
    const run = await analyzeRun(fake, 73, { plan: DANGEROUS });
    expectRun(run, 0);
    expect(run.outputs).toMatchObject({ approved: 'false', blocking: 'true' });
    expect(latestConclusion(fake, 73)).toBe('failure');
    expect(fake.labelsOn(73)).not.toContain(LABEL);
  });

  test('warns on a labeled run when no report was posted yet, and the check it started fails: no comment, no label change', async ({ fake }) => {
    const pull = openPullRequest(fake, 74);
    fake.addLabel(74, LABEL, TEAM.maintainer);
    const run = await labelRun(fake, 74, 'labeled', TEAM.maintainer);
    expectRun(run, 0);
    expect(run.warnings.some((warning) => warning.includes('no earlier tf-plan-guard report'))).toBe(true);
    expect(fake.writes().map((request) => request.operationId)).toEqual(['checks/create', 'checks/update']);
    expect(fake.latestCheckRun(pull.headSha, CHECK_NAME)).toMatchObject({ conclusion: 'failure', output: { title: 'Not evaluated: no tf-plan-guard report on this pull request' } });
    expect(fake.labelsOn(74)).toContain(LABEL);
  });
});
