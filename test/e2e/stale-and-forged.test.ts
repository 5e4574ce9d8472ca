/**
 * An approval covers one set of blocking changes: a push that changes them takes the label off;
 * a push that keeps them keeps the approval. And the state that decides this is read only from
 * the action's own comment: a pasted marker with a forged state changes nothing.
 */
import { describe, expect } from 'vitest';
import { stateSeal } from '../../src/decision/state-seal.js';
import type { FakeGitHub } from '../support/github-server.js';
import { ACTIONS_TOKEN, sha } from '../support/github-server.js';
import { MARKER_LINE, pushPayload, runAction, stateLine, storedStateOf } from '../support/run-action.js';
import { analyzeRun, CHECK_NAME, expectRun, LABEL, labelRun, openPullRequest, TEAM, test, theComment } from './scenario.js';

const PLAN_A = 'fixtures/e2e/orders-delete.json';
/** The same blocking change as PLAN_A, plus a harmless one. */
const PLAN_A_AGAIN = 'fixtures/e2e/orders-delete-and-release.json';
/** A second database deleted too: other blocking changes. */
const PLAN_B = 'fixtures/e2e/orders-and-events-delete.json';
const SAFE = 'fixtures/e2e/safe.json';

/** PR #n with PLAN_A analyzed and approved by the maintainer. Returns PLAN_A's fingerprint. */
async function approvedPullRequest(fake: FakeGitHub, number: number): Promise<string> {
  openPullRequest(fake, number);
  const first = await analyzeRun(fake, number, { plan: PLAN_A });
  expectRun(first, 0);
  fake.addLabel(number, LABEL, TEAM.maintainer);
  const approved = await labelRun(fake, number, 'labeled', TEAM.maintainer);
  expect(approved.outputs).toMatchObject({ approved: 'true', 'approved-by': TEAM.maintainer });
  return first.outputs['fingerprint'] as string;
}

function removals(fake: FakeGitHub): number {
  return fake.requests.filter((request) => request.operationId === 'issues/remove-label').length;
}

describe.concurrent('a push after an approval', () => {
  test('that changes the blocking findings removes the label and fails the check on the new head', async ({ fake }) => {
    const approvedFingerprint = await approvedPullRequest(fake, 80);
    fake.push(80, sha('head-80-2'));
    const run = await analyzeRun(fake, 80, { plan: PLAN_B, action: 'synchronize' });
    expectRun(run, 0);
    expect(run.outputs['fingerprint']).not.toBe(approvedFingerprint);
    expect(run.outputs).toMatchObject({ blocking: 'true', approved: 'false', 'approved-by': '' });
    expect(removals(fake)).toBe(1);
    expect(fake.labelsOn(80)).not.toContain(LABEL);
    // The label removal is credited to the action, so no later run mistakes it for a person's.
    expect(fake.events.at(-1)).toMatchObject({ event: 'unlabeled', label: LABEL, actor: { login: 'github-actions[bot]' } });
    expect(fake.latestCheckRun(sha('head-80-2'), CHECK_NAME)?.conclusion).toBe('failure');
    const comment = theComment(fake, 80);
    expect(comment.body).toContain('was for an earlier plan');
    expect(comment.body).toMatch(/needs approval: 3 blocking changes/);
    expect(storedStateOf(comment.body)).toMatchObject({ fingerprint: run.outputs['fingerprint'], approval: null, headSha: sha('head-80-2') });

    // A new approval covers the new changes.
    fake.addLabel(80, LABEL, TEAM.admin);
    const again = await labelRun(fake, 80, 'labeled', TEAM.admin);
    expect(again.outputs).toMatchObject({ approved: 'true', 'approved-by': TEAM.admin, fingerprint: run.outputs['fingerprint'] });
    expect(fake.latestCheckRun(sha('head-80-2'), CHECK_NAME)?.conclusion).toBe('success');
  });

  test('that leaves the blocking findings unchanged keeps the approval on the new head', async ({ fake }) => {
    const approvedFingerprint = await approvedPullRequest(fake, 81);
    fake.push(81, sha('head-81-2'));
    const run = await analyzeRun(fake, 81, { plan: PLAN_A_AGAIN, action: 'synchronize' });
    expectRun(run, 0);
    expect(run.outputs).toMatchObject({ fingerprint: approvedFingerprint, blocking: 'true', approved: 'true', 'approved-by': TEAM.maintainer });
    expect(removals(fake)).toBe(0);
    expect(fake.labelsOn(81)).toContain(LABEL);
    expect(fake.latestCheckRun(sha('head-81-2'), CHECK_NAME)?.conclusion).toBe('success');
    expect(theComment(fake, 81).body).toContain(`approved by \`@${TEAM.maintainer}\``);
  });

  test('a label added before the new head is analyzed passes nothing until that analysis', async ({ fake }) => {
    openPullRequest(fake, 83);
    const first = await analyzeRun(fake, 83, { plan: PLAN_A });
    fake.push(83, sha('head-83-2'));
    fake.addLabel(83, LABEL, TEAM.maintainer);
    // The labeled run may come before the synchronize run: the stored report is for the old head.
    const labeled = await labelRun(fake, 83, 'labeled', TEAM.maintainer);
    expectRun(labeled, 0);
    expect(labeled.warnings.some((warning) => warning.includes('the last report is for commit'))).toBe(true);
    // It names the head whose analysis decides, and says to re-run that analysis if a label event's run cancelled it (audit 4a F6).
    const head = sha('head-83-2').slice(0, 12);
    expect(labeled.warnings.join('\n')).toContain(`re-run the workflow run of the push of ${head}`);
    expect(fake.latestCheckRun(sha('head-83-2'), CHECK_NAME)?.output.summary).toContain(`re-run the workflow run of the push of \`${head}\``);
    // Its check run on the new head fails until the analysis of that head writes a newer one.
    expect(fake.checkRunsFor(sha('head-83-2'))).toEqual([expect.objectContaining({ conclusion: 'failure', output: expect.objectContaining({ title: 'Not evaluated: the last report is of an older commit' }) })]);
    expect(fake.writes().map((request) => request.operationId)).toEqual(['checks/create', 'checks/update', 'issues/create-comment', 'checks/create', 'checks/update']);

    const analyzed = await analyzeRun(fake, 83, { plan: PLAN_A_AGAIN, action: 'synchronize' });
    expect(analyzed.outputs).toMatchObject({ fingerprint: first.outputs['fingerprint'], approved: 'true', 'approved-by': TEAM.maintainer });
    expect(fake.latestCheckRun(sha('head-83-2'), CHECK_NAME)?.conclusion).toBe('success');
  });

  test('without the comment (comment: false) a synchronize removes the label while blocking', async ({ fake }) => {
    const inputs = { comment: 'false' };
    openPullRequest(fake, 82);
    expectRun(await analyzeRun(fake, 82, { plan: PLAN_A, inputs }), 0);
    fake.addLabel(82, LABEL, TEAM.maintainer);
    // With nowhere to keep a fingerprint, the label approves the analysis of the commit it was added on.
    const rerun = await analyzeRun(fake, 82, { plan: PLAN_A, inputs, action: 'labeled' });
    expect(rerun.outputs).toMatchObject({ approved: 'true', 'approved-by': TEAM.maintainer });
    fake.push(82, sha('head-82-2'));
    const pushed = await analyzeRun(fake, 82, { plan: PLAN_A, inputs, action: 'synchronize' });
    expect(pushed.outputs).toMatchObject({ approved: 'false' });
    expect(fake.labelsOn(82)).not.toContain(LABEL);
    expect(fake.latestCheckRun(sha('head-82-2'), CHECK_NAME)?.conclusion).toBe('failure');
    expect(fake.commentsOn(82).filter((comment) => comment.user.login === 'github-actions[bot]')).toEqual([]);
  });
});

/** PR #number analyzed and approved with `comment: false`, then pushed to (head-N-2). Returns the inputs. */
async function approvedWithoutCommentThenPushed(fake: FakeGitHub, number: number): Promise<Record<string, string>> {
  const inputs = { comment: 'false' };
  openPullRequest(fake, number);
  expectRun(await analyzeRun(fake, number, { plan: PLAN_A, inputs }), 0);
  fake.addLabel(number, LABEL, TEAM.maintainer);
  expect((await analyzeRun(fake, number, { plan: PLAN_A, inputs, action: 'labeled' })).outputs).toMatchObject({ approved: 'true' });
  fake.push(number, sha(`head-${number}-2`));
  return inputs;
}

describe.concurrent('without the comment (comment: false)', () => {
  test('a reopen, an edit or ready-for-review after a push does not let the old label approve the new head', async ({ fake }) => {
    // Closed, pushed to, reopened: the first analysis of the new head comes from `reopened`, not `synchronize`.
    const inputs = await approvedWithoutCommentThenPushed(fake, 84);
    for (const action of ['reopened', 'edited', 'ready_for_review']) {
      fake.addLabel(84, LABEL, TEAM.maintainer);
      const run = await analyzeRun(fake, 84, { plan: PLAN_B, inputs, action });
      expectRun(run, 0);
      expect(run.outputs, action).toMatchObject({ blocking: 'true', approved: 'false' });
      expect(fake.labelsOn(84), action).not.toContain(LABEL);
      expect(fake.latestCheckRun(sha('head-84-2'), CHECK_NAME)?.conclusion, action).toBe('failure');
    }
  });

  test('another label added after a push does not let the approval label approve the new head', async ({ fake }) => {
    // The push's synchronize run has not come yet; the author adds an unrelated label.
    const inputs = await approvedWithoutCommentThenPushed(fake, 85);
    fake.addLabel(85, 'wip', TEAM.author);
    const run = await analyzeRun(fake, 85, { plan: PLAN_B, inputs, action: 'labeled', label: 'wip' });
    expectRun(run, 0);
    expect(run.outputs).toMatchObject({ blocking: 'true', approved: 'false' });
    expect(fake.labelsOn(85)).not.toContain(LABEL);
    expect(fake.latestCheckRun(sha('head-85-2'), CHECK_NAME)?.conclusion).toBe('failure');
  });
});

/** The action's comment on PR #number with its hidden state line replaced. */
function withState(fake: FakeGitHub, number: number, edit: (state: Record<string, unknown>) => Record<string, unknown>, from = theComment(fake, number).body): string {
  const state = storedStateOf(from) as Record<string, unknown>;
  const lines = theComment(fake, number).body.split('\n');
  const at = lines.findIndex((line) => line.startsWith('<!-- tf-plan-guard:state v1 '));
  lines[at] = stateLine(edit(state));
  return lines.join('\n');
}

/** Someone with write access (the PR's author) edits the action's comment, as GitHub lets them. */
function editStoredState(fake: FakeGitHub, number: number, edit: (state: Record<string, unknown>) => Record<string, unknown>): void {
  const body = withState(fake, number, edit);
  fake.editComment(theComment(fake, number).id, TEAM.author, () => body);
}

/**
 * The same edit, with no editor recorded: as if GitHub did not report who edited (the seal alone
 * must then refuse the state).
 */
function editStoredStateUnseen(fake: FakeGitHub, number: number, edit: (state: Record<string, unknown>) => Record<string, unknown>): void {
  theComment(fake, number).body = withState(fake, number, edit);
}

const notTrusted = (run: { warnings: string[] }) => run.warnings.some((warning) => warning.includes('the state stored in the tf-plan-guard comment is not trusted'));

describe.concurrent('the action\'s own comment edited by someone else', () => {
  test('to say nothing blocks: a label event does not pass the check', async ({ fake }) => {
    openPullRequest(fake, 95);
    expectRun(await analyzeRun(fake, 95, { plan: PLAN_A }), 0);
    editStoredState(fake, 95, (state) => ({ ...state, blocking: false, risk: 'none', blockingFindings: [], blockingTotal: 0 }));
    const writesBefore = fake.writes().length;

    fake.addLabel(95, 'ready', TEAM.author);
    const run = await labelRun(fake, 95, 'labeled', TEAM.author, {}, 'ready');
    expectRun(run, 0);
    expect(run.warnings).toContainEqual(expect.stringContaining('not trusted: the comment was edited after the action wrote it, by dev'));
    // Only the label run's own check run is written, and it fails: no comment, no label change.
    expect(fake.writes().slice(writesBefore).map((request) => request.operationId)).toEqual(['checks/create', 'checks/update']);
    expect(fake.latestCheckRun(fake.pull(95).headSha, CHECK_NAME)).toMatchObject({ conclusion: 'failure', output: { title: 'Not evaluated: the stored report cannot be trusted' } });
    // Who edited it was asked through GraphQL, validated against GitHub's schema.
    expect(fake.requests.some((request) => request.operationId === 'graphql' && request.body.includes('editor'))).toBe(true);
  });

  test('to carry an approval over to other blocking changes: the push takes the label off', async ({ fake }) => {
    await approvedPullRequest(fake, 96);
    // The author learns PLAN_B's fingerprint (a push run prints it) and writes it into the approval record.
    const planB = await runAction({ fake, eventName: 'push', payload: pushPayload(fake, sha('head-96-2')), inputs: { 'plan-file': 'plan.json' }, workspace: { 'plan.json': { fixture: PLAN_B } } });
    const fingerprintB = planB.outputs['fingerprint'] as string;
    editStoredState(fake, 96, (state) => ({ ...state, fingerprint: fingerprintB, approval: { ...(state['approval'] as object), fingerprint: fingerprintB } }));

    fake.push(96, sha('head-96-2'));
    const run = await analyzeRun(fake, 96, { plan: PLAN_B, action: 'synchronize' });
    expectRun(run, 0);
    expect(notTrusted(run)).toBe(true);
    expect(run.outputs).toMatchObject({ fingerprint: fingerprintB, blocking: 'true', approved: 'false', 'approved-by': '' });
    expect(fake.labelsOn(96)).not.toContain(LABEL);
    expect(fake.latestCheckRun(sha('head-96-2'), CHECK_NAME)?.conclusion).toBe('failure');
    // The action rewrites its comment (and is its last editor again): a new approval works.
    fake.addLabel(96, LABEL, TEAM.admin);
    expect((await labelRun(fake, 96, 'labeled', TEAM.admin)).outputs).toMatchObject({ approved: 'true', 'approved-by': TEAM.admin });
    expect(fake.latestCheckRun(sha('head-96-2'), CHECK_NAME)?.conclusion).toBe('success');
  });

  test('to put back an older genuine state of the same PR: the label approves nothing it did not see', async ({ fake }) => {
    openPullRequest(fake, 99);
    // The author pushes the dangerous plan first; its genuine, sealed state is kept aside.
    const dangerous = await analyzeRun(fake, 99, { plan: PLAN_B });
    const oldState = storedStateOf(theComment(fake, 99).body) as Record<string, unknown>;
    // A milder change follows, and the maintainer approves that one.
    fake.push(99, sha('head-99-2'));
    await analyzeRun(fake, 99, { plan: PLAN_A, action: 'synchronize' });
    fake.addLabel(99, LABEL, TEAM.maintainer);
    expect((await labelRun(fake, 99, 'labeled', TEAM.maintainer)).outputs).toMatchObject({ approved: 'true' });
    // The old state goes back into the comment, and the dangerous plan is pushed again.
    editStoredState(fake, 99, () => oldState);
    fake.push(99, sha('head-99-3'));
    const run = await analyzeRun(fake, 99, { plan: PLAN_B, action: 'synchronize' });
    expectRun(run, 0);
    expect(notTrusted(run)).toBe(true);
    expect(run.outputs).toMatchObject({ fingerprint: dangerous.outputs['fingerprint'], approved: 'false' });
    expect(fake.labelsOn(99)).not.toContain(LABEL);
    expect(fake.latestCheckRun(sha('head-99-3'), CHECK_NAME)?.conclusion).toBe('failure');
  });

  test('whose editor cannot be read: the approval is withheld, not assumed', async ({ fake }) => {
    await approvedPullRequest(fake, 89);
    // GraphQL refuses the editor's read (a 403 GitHub sends for a missing scope): nobody can say the comment was not replayed.
    // (The next GraphQL query, who made the commits, is answered.)
    fake.injectFault({ method: 'POST', operation: 'graphql', status: 403, times: 1, body: { message: 'Resource not accessible by integration' } });
    fake.push(89, sha('head-89-2'));
    const run = await analyzeRun(fake, 89, { plan: PLAN_A_AGAIN, action: 'synchronize' });
    expectRun(run, 0);
    expect(run.warnings).toContainEqual(expect.stringContaining('not trusted: who edited the comment last could not be read'));
    expect(run.outputs).toMatchObject({ blocking: 'true', approved: 'false' });
    expect(fake.latestCheckRun(sha('head-89-2'), CHECK_NAME)?.conclusion).toBe('failure');
  });

  test('without an editor on record, the seal still refuses a forged state', async ({ fake }) => {
    openPullRequest(fake, 94);
    expectRun(await analyzeRun(fake, 94, { plan: PLAN_A }), 0);
    editStoredStateUnseen(fake, 94, (state) => ({ ...state, blocking: false, risk: 'none', blockingFindings: [], blockingTotal: 0 }));
    fake.addLabel(94, 'ready', TEAM.author);
    const run = await labelRun(fake, 94, 'labeled', TEAM.author, {}, 'ready');
    expect(run.warnings).toContainEqual(expect.stringContaining('carries its seal'));
    // The check runs of the commit were read to find the seal.
    expect(fake.requests.some((request) => request.operationId === 'checks/list-for-ref' && request.query['check_name'] === CHECK_NAME && request.query['filter'] === 'all')).toBe(true);
    expect(fake.latestCheckRun(fake.pull(94).headSha, CHECK_NAME)?.conclusion).toBe('failure');
  });

  test('with a genuine state copied from another pull request of the same commit: not trusted there', async ({ fake }) => {
    openPullRequest(fake, 97);
    expectRun(await analyzeRun(fake, 97, { plan: SAFE }), 0);
    openPullRequest(fake, 98);
    fake.push(98, fake.pull(97).headSha);
    expectRun(await analyzeRun(fake, 98, { plan: PLAN_A }), 0);
    // PR 97's state says nothing blocks, and a check run on this very commit carries its seal.
    const copied = storedStateOf(theComment(fake, 97).body) as Record<string, unknown>;
    editStoredStateUnseen(fake, 98, () => copied);

    fake.addLabel(98, 'ready', TEAM.author);
    const run = await labelRun(fake, 98, 'labeled', TEAM.author, {}, 'ready');
    expectRun(run, 0);
    expect(run.warnings).toContainEqual(expect.stringContaining('carries its seal'));
    expect(fake.latestCheckRun(fake.pull(98).headSha, CHECK_NAME)?.conclusion).toBe('failure');
  });

  test('with a seal on a check run of another app: the action\'s app is the only one it believes', async ({ fake }) => {
    const app = { id: 4242, slug: 'plan-gate', name: 'Plan Gate' };
    fake.addAccount('plan-gate[bot]', { type: 'Bot' });
    fake.addToken('ghs_planGate', 'plan-gate[bot]', { app });
    const inputs = { 'github-token': 'ghs_planGate', 'comment-author': 'plan-gate[bot]' };
    openPullRequest(fake, 93);
    expectRun(await analyzeRun(fake, 93, { plan: PLAN_A, inputs }), 0);
    const comment = fake.commentsOn(93).find((candidate) => candidate.user.login === 'plan-gate[bot]') as { body: string };
    const forged = { ...(storedStateOf(comment.body) as Record<string, unknown>), blocking: false, risk: 'none', blockingFindings: [], blockingTotal: 0 };
    comment.body = comment.body.replace(/^<!-- tf-plan-guard:state v1 .*$/m, stateLine(forged));
    // Any workflow's GITHUB_TOKEN (the GitHub Actions app) posts a check run of the same name sealing the forgery.
    await fetch(`${fake.url}/repos/${fake.fullName}/check-runs`, {
      method: 'POST',
      headers: { authorization: `token ${ACTIONS_TOKEN}`, accept: 'application/vnd.github+json', 'content-type': 'application/json' },
      body: JSON.stringify({ name: CHECK_NAME, head_sha: fake.pull(93).headSha, external_id: stateSeal(stateLine(forged), 93), status: 'completed', conclusion: 'neutral', output: { title: 'x', summary: 'x' } }),
    });
    fake.addLabel(93, 'ready', TEAM.author);
    const run = await labelRun(fake, 93, 'labeled', TEAM.author, inputs, 'ready');
    expect(run.warnings).toContainEqual(expect.stringContaining('no "Terraform Plan Guard" check run of plan-gate'));
    const appChecks = fake.checkRunsFor(fake.pull(93).headSha, CHECK_NAME).filter((check) => check.app?.id === app.id);
    // The analysis's check run and the label run's: both fail.
    expect(appChecks.map((check) => check.conclusion)).toEqual(['failure', 'failure']);
  });
});

describe.concurrent('a forged marker', () => {
  test('in someone else\'s comment is ignored and never edited: the action posts its own', async ({ fake }) => {
    openPullRequest(fake, 90);
    // Mallory knows what the first report will say and claims it is already approved by the maintainer.
    const forgedState = stateLine({ v: 1, checkName: CHECK_NAME, fingerprint: 'f'.repeat(64), blocking: true, risk: 'critical', blockOn: 'high', findings: 1, blockingFindings: [], blockingTotal: 1, plans: ['db/plan.json'], headSha: null, labelEventId: null, approval: null });
    const forgedBody = `### ✅ ${CHECK_NAME}: approved by @alice\n${MARKER_LINE(CHECK_NAME)}\n${forgedState}`;
    const forged = fake.addComment(90, TEAM.outsider, forgedBody);
    // The maintainer's label predates any real report: it approves nothing.
    fake.addLabel(90, LABEL, TEAM.maintainer);

    const run = await analyzeRun(fake, 90, { plan: PLAN_A });
    expectRun(run, 0);
    expect(run.outputs).toMatchObject({ blocking: 'true', approved: 'false' });
    expect(fake.latestCheckRun(fake.pull(90).headSha, CHECK_NAME)?.conclusion).toBe('failure');
    const own = theComment(fake, 90);
    expect(own.id).not.toBe(forged.id);
    expect(fake.comments.find((comment) => comment.id === forged.id)?.body).toBe(forgedBody);
    expect(fake.requests.filter((request) => request.path.endsWith(`/issues/comments/${forged.id}`))).toEqual([]);
  });

  test('cannot carry an approval over to other blocking changes', async ({ fake }) => {
    openPullRequest(fake, 91);
    const forged = fake.addComment(91, TEAM.outsider, `looks fine\n${MARKER_LINE(CHECK_NAME)}`);
    await analyzeRun(fake, 91, { plan: PLAN_A });
    fake.addLabel(91, LABEL, TEAM.maintainer);
    expect((await labelRun(fake, 91, 'labeled', TEAM.maintainer)).outputs['approved']).toBe('true');
    const approval = storedStateOf(theComment(fake, 91).body)?.['approval'] as { eventId: number };

    // Mallory learns PLAN_B's fingerprint (a push run prints it) and edits her comment to claim
    // that the maintainer's label approved it.
    const planB = await runAction({ fake, eventName: 'push', payload: pushPayload(fake, sha('head-91-2')), inputs: { 'plan-file': 'plan.json' }, workspace: { 'plan.json': { fixture: PLAN_B } } });
    const fingerprintB = planB.outputs['fingerprint'] as string;
    expect(fingerprintB).toMatch(/^[0-9a-f]{64}$/);
    const claim = { v: 1, checkName: CHECK_NAME, fingerprint: fingerprintB, blocking: true, risk: 'critical', blockOn: 'high', findings: 3, blockingFindings: [], blockingTotal: 3, plans: ['db/plan.json'], headSha: null, labelEventId: approval.eventId, approval: { fingerprint: fingerprintB, by: TEAM.maintainer, eventId: approval.eventId, at: '2026-11-20T10:00:00Z' } };
    forged.body = `looks fine\n${MARKER_LINE(CHECK_NAME)}\n${stateLine(claim)}`;

    fake.push(91, sha('head-91-2'));
    const run = await analyzeRun(fake, 91, { plan: PLAN_B, action: 'synchronize' });
    expectRun(run, 0);
    expect(run.outputs).toMatchObject({ fingerprint: fingerprintB, approved: 'false' });
    expect(fake.labelsOn(91)).not.toContain(LABEL);
    expect(fake.latestCheckRun(sha('head-91-2'), CHECK_NAME)?.conclusion).toBe('failure');
    expect(fake.requests.filter((request) => request.path.endsWith(`/issues/comments/${forged.id}`))).toEqual([]);
  });

  test('in another bot\'s comment is not the action\'s either', async ({ fake }) => {
    openPullRequest(fake, 92);
    const other = fake.addComment(92, 'renovate[bot]', `${MARKER_LINE(CHECK_NAME)}\n${stateLine({ v: 1, checkName: CHECK_NAME })}`);
    await analyzeRun(fake, 92, { plan: PLAN_A });
    expect(theComment(fake, 92).id).not.toBe(other.id);
    expect(fake.requests.filter((request) => request.path.endsWith(`/issues/comments/${other.id}`))).toEqual([]);
  });
});
