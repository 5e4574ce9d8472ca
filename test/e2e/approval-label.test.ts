/**
 * The approval label in the repository: a reviewer can only add a label that exists. The action
 * creates it when it is missing and the token may (once: a later run finds it and writes
 * nothing), and when the token may not (a workflow without `issues: write`, a fork's read-only
 * token) the check, the comment and the job summary say exactly how to create it.
 */
import { describe, expect } from 'vitest';
import type { FakeGitHub } from '../support/github-server.js';
import { renderGfm, visibleText } from '../support/gfm.js';
import { analyzeRun, CHECK_NAME, expectRun, LABEL, openPullRequest, theComment, test } from './scenario.js';

const DANGEROUS = 'fixtures/e2e/orders-delete.json';
const SAFE = 'fixtures/e2e/safe.json';
const GH_COMMAND = `gh label create ${LABEL} --repo acme/infra --color d93f0b --description 'A human approves the blocking Terraform changes tf-plan-guard reported (exactly those)'`;

function calls(fake: FakeGitHub, operationId: string): number[] {
  return fake.requests.filter((request) => request.operationId === operationId).map((request) => request.status);
}

/** A 403 on creating labels only: a workflow whose permissions grant checks and pull requests but not issues. */
function refuseLabelCreation(fake: FakeGitHub): void {
  fake.injectFault({
    method: 'POST',
    operation: 'issues/create-label',
    status: 403,
    body: { message: 'Resource not accessible by integration', documentation_url: 'https://docs.github.com/rest/issues/labels#create-a-label', status: '403' },
    times: 10,
  });
}

describe.concurrent('the approval label', () => {
  test('missing and allowed: created once, with a colour and what it means; a re-run writes nothing for it', async ({ fake }) => {
    fake.deleteRepoLabel(LABEL);
    openPullRequest(fake, 130);
    const first = await analyzeRun(fake, 130, { plan: DANGEROUS });
    expectRun(first, 0);
    expect(calls(fake, 'issues/create-label')).toEqual([201]);
    expect(JSON.parse(fake.requests.find((request) => request.operationId === 'issues/create-label')?.body ?? '{}')).toEqual({
      name: LABEL,
      color: 'd93f0b',
      description: 'A human approves the blocking Terraform changes tf-plan-guard reported (exactly those)',
    });
    expect(fake.repoLabel(LABEL)).toMatchObject({ name: LABEL, color: 'd93f0b' });
    expect(first.stdout).toContain(`created the approval label "${LABEL}" in acme/infra`);
    expect(first.warnings.filter((warning) => warning.includes('approval label'))).toEqual([]);
    // Nothing to explain: the reviewer finds the label in the menu.
    expect(theComment(fake, 130).body).not.toContain('does not exist');
    expect(fake.latestCheckRun(fake.pull(130).headSha, CHECK_NAME)?.output.summary).not.toContain('does not exist');

    const again = await analyzeRun(fake, 130, { plan: DANGEROUS, action: 'synchronize' });
    expectRun(again, 0);
    expect(calls(fake, 'issues/create-label')).toEqual([201]);
    expect(calls(fake, 'issues/get-label')).toEqual([404, 200]);
  });

  test('present: looked up, never created', async ({ fake }) => {
    openPullRequest(fake, 131);
    const run = await analyzeRun(fake, 131, { plan: DANGEROUS });
    expectRun(run, 0);
    expect(calls(fake, 'issues/get-label')).toEqual([200]);
    expect(calls(fake, 'issues/create-label')).toEqual([]);
    expect(theComment(fake, 131).body).not.toContain('does not exist');
  });

  test('nothing blocks: no label is needed, none is looked up', async ({ fake }) => {
    fake.deleteRepoLabel(LABEL);
    openPullRequest(fake, 132);
    const run = await analyzeRun(fake, 132, { plan: SAFE });
    expectRun(run, 0);
    expect(calls(fake, 'issues/get-label')).toEqual([]);
    expect(calls(fake, 'issues/create-label')).toEqual([]);
  });

  test('missing and refused: the check, the comment, the job summary and the log say how to create it', async ({ fake }) => {
    fake.deleteRepoLabel(LABEL);
    refuseLabelCreation(fake);
    openPullRequest(fake, 133);
    const run = await analyzeRun(fake, 133, { plan: DANGEROUS });
    expectRun(run, 0);
    expect(calls(fake, 'issues/create-label')).toEqual([403]);
    expect(fake.repoLabel(LABEL)).toBeUndefined();
    // The refusal is about labels only: the check and the comment are written.
    const check = fake.latestCheckRun(fake.pull(133).headSha, CHECK_NAME);
    expect(check?.conclusion).toBe('failure');
    for (const [surface, markdown] of [['check', check?.output.summary ?? ''], ['comment', theComment(fake, 133).body], ['job summary', run.summary]] as const) {
      const text = visibleText(renderGfm(markdown));
      expect(text, surface).toContain(`The ${LABEL} label does not exist in acme/infra yet`);
      expect(text, surface).toContain('403 Resource not accessible by integration');
      expect(text, surface).toContain(GH_COMMAND);
      expect(text, surface).toContain('issues: write');
    }
    expect(run.warnings.filter((warning) => warning.includes(`the approval label "${LABEL}" does not exist`))).toHaveLength(1);
    expect(run.warnings.join('\n')).toContain(GH_COMMAND);

    // Once someone created it, the next run finds it and says nothing more about it.
    fake.addRepoLabel(LABEL);
    const next = await analyzeRun(fake, 133, { plan: DANGEROUS, action: 'synchronize' });
    expectRun(next, 0);
    expect(calls(fake, 'issues/create-label')).toEqual([403]);
    expect(theComment(fake, 133).body).not.toContain('does not exist');
  });

  test('missing on a fork\'s pull request: not tried (the token is read-only); the job summary says how', async ({ fake }) => {
    fake.deleteRepoLabel(LABEL);
    openPullRequest(fake, 134);
    fake.setReadOnly();
    const run = await analyzeRun(fake, 134, { plan: DANGEROUS, fromFork: 'forker' });
    expectRun(run, 1);
    expect(calls(fake, 'issues/create-label')).toEqual([]);
    const text = visibleText(renderGfm(run.summary));
    expect(text).toContain(`The ${LABEL} label does not exist in acme/infra yet, and this pull request comes from a fork`);
    expect(text).toContain(GH_COMMAND);
    expect(text).not.toContain('issues: write');
  });
});
