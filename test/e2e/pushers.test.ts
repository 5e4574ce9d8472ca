/**
 * Pushers are authors: nobody who authored, committed, co-authored (by any address GitHub links to
 * their account) or force-pushed a commit of the PR approves it, unless allow-self-approval is set;
 * and nobody approves while GitHub cannot list every commit of the PR.
 */
import { describe, expect } from 'vitest';
import type { FakeGitHub } from '../support/github-server.js';
import { storedStateOf } from '../support/run-action.js';
import { analyzeRun, CHECK_NAME, expectRun, LABEL, labelRun, openPullRequest, TEAM, theComment, test } from './scenario.js';

const DANGEROUS = 'fixtures/incidents/rds-delete-unprotected.json';

/** `prepare` shapes the PR's commits; the head is analyzed, `labeller` adds the label, the labeled run decides. */
async function labelAfter(fake: FakeGitHub, number: number, prepare: () => void, labeller: string, inputs: Record<string, string> = {}) {
  openPullRequest(fake, number);
  prepare();
  expectRun(await analyzeRun(fake, number, { plan: DANGEROUS, action: 'synchronize', inputs }), 0);
  fake.addLabel(number, LABEL, labeller);
  const run = await labelRun(fake, number, 'labeled', labeller, inputs);
  expectRun(run, 0);
  return run;
}

function expectRefusedAsContributor(fake: FakeGitHub, number: number, run: Awaited<ReturnType<typeof labelAfter>>, login: string): void {
  expect(run.outputs).toMatchObject({ blocking: 'true', approved: 'false', 'approved-by': '' });
  expect(fake.latestCheckRun(fake.pull(number).headSha, CHECK_NAME)?.conclusion).toBe('failure');
  expect(fake.labelsOn(number)).not.toContain(LABEL);
  const body = theComment(fake, number).body;
  expect(body).toContain(`@${login}`);
  expect(body).toContain('they authored, committed or pushed commits of this pull request');
  expect(storedStateOf(body)?.['approval']).toBeNull();
}

describe.concurrent('pushers are authors', () => {
  test('a write user who pushes the dangerous commit onto another\'s PR cannot approve it', async ({ fake }) => {
    const run = await labelAfter(fake, 130, () => fake.pushCommit(130, TEAM.maintainer, { sha: 'a'.repeat(40) }), TEAM.maintainer);
    expectRefusedAsContributor(fake, 130, run, TEAM.maintainer);
  });

  test('a co-author named by a Co-authored-by trailer cannot approve', async ({ fake }) => {
    const message = `Drop the orders database\n\nCo-authored-by: Alice <5+${TEAM.maintainer}@users.noreply.github.com>`;
    const run = await labelAfter(fake, 131, () => fake.pushCommit(131, TEAM.author, { sha: 'b'.repeat(40), message }), TEAM.maintainer);
    expectRefusedAsContributor(fake, 131, run, TEAM.maintainer);
  });

  test('a co-author named by a verified, non-noreply email (GitHub links it through GraphQL Commit.authors) cannot approve (audit F2)', async ({ fake }) => {
    fake.addAccount(TEAM.maintainer, { emails: ['alice@acme.example'] });
    const message = 'Drop the orders database\n\nCo-authored-by: Alice <Alice@acme.example>';
    const run = await labelAfter(fake, 135, () => fake.pushCommit(135, TEAM.author, { sha: 'b'.repeat(40), message }), TEAM.maintainer);
    expectRefusedAsContributor(fake, 135, run, TEAM.maintainer);
  });

  test('a PR with more commits than GitHub lists (250) cannot be approved by anyone, and the comment says why', async ({ fake }) => {
    const run = await labelAfter(
      fake,
      136,
      () => {
        for (let index = 0; index < 260; index++) fake.pushCommit(136, TEAM.author, { sha: index.toString(16).padStart(40, '0') });
      },
      TEAM.maintainer,
    );
    expect(run.outputs).toMatchObject({ blocking: 'true', approved: 'false', 'approved-by': '' });
    expect(fake.latestCheckRun(fake.pull(136).headSha, CHECK_NAME)?.conclusion).toBe('failure');
    expect(fake.labelsOn(136)).not.toContain(LABEL);
    expect(theComment(fake, 136).body).toMatch(/@alice`?, who may not approve: this pull request has more commits than GitHub lists \(250\)/);
  });

  test('an admin who force-pushed the branch (keeping the author\'s commits) cannot approve', async ({ fake }) => {
    const run = await labelAfter(
      fake,
      132,
      () => fake.forcePush(132, TEAM.admin, [{ sha: 'c'.repeat(40), author: TEAM.author, committer: TEAM.author, message: 'rebased' }]),
      TEAM.admin,
    );
    expectRefusedAsContributor(fake, 132, run, TEAM.admin);
  });

  test('a maintainer who did not touch the commits approves; allow-self-approval lets a pusher approve', async ({ fake }) => {
    const untouched = await labelAfter(fake, 133, () => fake.pushCommit(133, TEAM.writer, { sha: 'd'.repeat(40) }), TEAM.maintainer);
    expect(untouched.outputs).toMatchObject({ approved: 'true', 'approved-by': TEAM.maintainer });
    const allowed = await labelAfter(fake, 134, () => fake.pushCommit(134, TEAM.maintainer, { sha: 'e'.repeat(40) }), TEAM.maintainer, { 'allow-self-approval': 'true' });
    expect(allowed.outputs).toMatchObject({ approved: 'true', 'approved-by': TEAM.maintainer });
  });
});
