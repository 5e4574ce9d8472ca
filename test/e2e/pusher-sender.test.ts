/**
 * Audit F2: a pusher who sets the commit's author/committer to someone else (git config
 * user.email) is named by no commit, but the synchronize event that analyzed the push names them
 * as its sender: the analysis records them in the sealed state, and they may not approve.
 */
import { describe, expect } from 'vitest';
import { pullRequestPayload, runAction } from '../support/run-action.js';
import { CHECK_NAME, DB_TF, expectRun, LABEL, labelledBy, labelRun, openPullRequest, TEAM, test } from './scenario.js';

const DANGEROUS = 'fixtures/incidents/rds-delete-unprotected.json';

describe('pusher with a borrowed committer identity', () => {
  test('alice pushes the dangerous commit as "dev" (synchronize sender alice), then labels: not approved, and still not after a later push by dev', async ({ fake }) => {
    openPullRequest(fake, 150);
    const pull = fake.pull(150);
    const analyze = (sha: string, sender: string) => {
      // The commit carries dev's email as author and committer (GitHub links it to dev), whoever pushed it.
      pull.commits.push({ sha, author: TEAM.author, committer: TEAM.author, message: 'Drop the orders database' });
      pull.headSha = sha;
      return runAction({
        fake,
        eventName: 'pull_request',
        payload: pullRequestPayload(fake, { action: 'synchronize', number: 150, sender }),
        inputs: { 'plan-file': 'db/plan.json' },
        workspace: { 'db/plan.json': { fixture: DANGEROUS }, 'db/main.tf': DB_TF },
      });
    };
    expectRun(await analyze('f'.repeat(40), TEAM.maintainer), 0);
    fake.addLabel(150, LABEL, TEAM.maintainer);
    const run = await labelRun(fake, 150, 'labeled', TEAM.maintainer);
    expectRun(run, 0);
    expect(run.outputs['approved'], 'the pusher (sender of the synchronize run) approved their own push').toBe('false');
    expect(fake.latestCheckRun(pull.headSha, CHECK_NAME)?.conclusion).toBe('failure');
    // The pushers accumulate: a later push by dev does not make alice's push someone else's.
    expectRun(await analyze('e'.repeat(40), TEAM.author), 0);
    const again = await labelledBy(fake, 150, TEAM.maintainer);
    expect(again.outputs['approved']).toBe('false');
    expect(fake.latestCheckRun(pull.headSha, CHECK_NAME)?.conclusion).toBe('failure');
    // Another writer, who pushed nothing, approves.
    const approved = await labelledBy(fake, 150, TEAM.admin);
    expect(approved.outputs['approved']).toBe('true');
  });
});
