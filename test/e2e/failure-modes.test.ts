/**
 * What goes wrong in real runs: a fork's read-only token, a flaky API, rate limits, a GitHub that
 * keeps failing; and a plan full of secrets that must reach no request, no file and no log.
 */
import { readFileSync } from 'node:fs';
import { describe, expect } from 'vitest';
import { sha } from '../support/github-server.js';
import { pushPayload, runAction, storedStateOf, type ActionRun } from '../support/run-action.js';
import { analyzeRun, botComments, CHECK_NAME, expectRun, LABEL, labelRun, openPullRequest, TEAM, test, theComment } from './scenario.js';

const DANGEROUS = 'fixtures/e2e/orders-delete.json';
const SAFE = 'fixtures/e2e/safe.json';
const SECRET_PLAN = 'fixtures/e2e/secret-replace.json';
const SECONDARY_RATE_LIMIT = {
  message: 'You have exceeded a secondary rate limit and have been temporarily blocked from content creation. Please retry your request again later.',
  documentation_url: 'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits',
};

describe.concurrent('a pull request from a fork (read-only token)', () => {
  test('warns once, writes the job summary and fails the step while a change blocks', async ({ fake }) => {
    openPullRequest(fake, 100);
    fake.setReadOnly();
    const run = await analyzeRun(fake, 100, { plan: DANGEROUS, fromFork: 'forker' });
    expectRun(run, 1);
    const tokenWarnings = run.warnings.filter((warning) => warning.includes('cannot write'));
    expect(tokenWarnings).toHaveLength(1);
    expect(tokenWarnings[0]).toContain('fork');
    expect(run.errors).toHaveLength(1);
    expect(run.summary).toMatch(/needs approval: 1 blocking change\b/);
    expect(run.outputs).toMatchObject({ blocking: 'true', approved: 'false', risk: 'critical' });
    expect(fake.comments.filter((comment) => comment.user.login === 'github-actions[bot]')).toEqual([]);
    expect(fake.checkRuns).toEqual([]);
    // After the first refused write, no other write is tried.
    expect(fake.writes().map((request) => request.status)).toEqual([403]);
  });

  test('warns and passes the step when nothing blocks', async ({ fake }) => {
    openPullRequest(fake, 101);
    fake.setReadOnly();
    const run = await analyzeRun(fake, 101, { plan: SAFE, fromFork: 'forker' });
    expectRun(run, 0);
    expect(run.warnings.filter((warning) => warning.includes('cannot write'))).toHaveLength(1);
    expect(run.summary).toMatch(/no dangerous changes/);
    expect(fake.writes().map((request) => request.status)).toEqual([403]);
  });
});

describe.concurrent('a flaky GitHub', () => {
  test('retries two 502s on the check run and one 503 on a read, then succeeds', async ({ fake }) => {
    const pull = openPullRequest(fake, 110);
    fake.injectFault({ method: 'POST', operation: 'checks/create', status: 502, times: 2 });
    fake.injectFault({ method: 'GET', operation: 'issues/list-comments', status: 503, times: 1 });
    const run = await analyzeRun(fake, 110, { plan: DANGEROUS });
    expectRun(run, 0);
    expect(fake.requests.filter((request) => request.operationId === 'checks/create').map((request) => request.status)).toEqual([502, 502, 201]);
    expect(fake.checkRunsFor(pull.headSha, CHECK_NAME).map((checkRun) => checkRun.conclusion)).toEqual(['failure']);
    expect(botComments(fake, 110)).toHaveLength(1);
    expect(run.outputs['blocking']).toBe('true');
  });

  test('waits out a secondary rate limit (403 with retry-after) and a 429, then succeeds', async ({ fake }) => {
    openPullRequest(fake, 111);
    fake.injectFault({ method: 'POST', operation: 'issues/create-comment', status: 403, times: 1, headers: { 'retry-after': '1' }, body: SECONDARY_RATE_LIMIT });
    fake.injectFault({ method: 'GET', operation: 'issues/list-labels-on-issue', status: 429, times: 1, headers: { 'retry-after': '0' }, body: SECONDARY_RATE_LIMIT });
    const run = await analyzeRun(fake, 111, { plan: DANGEROUS });
    expectRun(run, 0);
    expect(fake.requests.filter((request) => request.operationId === 'issues/create-comment').map((request) => request.status)).toEqual([403, 201]);
    expect(fake.requests.filter((request) => request.operationId === 'issues/list-labels-on-issue').map((request) => request.status).slice(0, 2)).toEqual([429, 200]);
    expect(botComments(fake, 111)).toHaveLength(1);
    expect(run.warnings.filter((warning) => warning.includes('cannot write'))).toEqual([]);
  });

  test('fails in one line, without a stack trace, when GitHub keeps failing', async ({ fake }) => {
    openPullRequest(fake, 112);
    fake.injectFault({ method: 'POST', operation: 'checks/create', status: 500, times: 10, body: { message: 'Server Error' } });
    const run = await analyzeRun(fake, 112, { plan: DANGEROUS });
    expectRun(run, 1);
    expect(run.errors).toHaveLength(1);
    expect(run.errors[0]).toMatch(/failed: 500 Server Error/);
    // The retries are bounded.
    expect(fake.requests.filter((request) => request.operationId === 'checks/create').length).toBeLessThanOrEqual(4);
  });
});

describe('secrets in the plan', () => {
  const SECRETS = [
    'pw-Zq8!sensitive-7781', // a sensitive attribute, before and after
    'tag-Hh4!sensitive-3310', // a sensitive map element
    'out-Bv7!sensitive-1204', // a sensitive output, before
    'out-Bv7!sensitive-1205', // and after
    'var-Kx3@sensitive-5521', // a sensitive variable
    'plain-var-value-9d2c@acme.example', // a variable not marked sensitive: variable values never leave either
  ];

  function expectNoSecret(where: string, text: string | undefined): void {
    for (const secret of SECRETS) {
      for (const form of [secret, encodeURIComponent(secret), JSON.stringify(secret).slice(1, -1), Buffer.from(secret).toString('base64')]) {
        expect(text ?? '', `${where} holds a secret (${secret})`).not.toContain(form);
      }
    }
  }

  function expectRunHasNoSecret(run: ActionRun): void {
    expectNoSecret('stdout', run.stdout);
    expectNoSecret('stderr', run.stderr);
    expectNoSecret('the job summary', run.summary);
    expectNoSecret('the outputs', JSON.stringify(run.outputs));
    expectNoSecret('the report file', run.reportText);
  }

  test('appear in no request, comment, check, summary, output, report file or log', async ({ fake }) => {
    // The fixture really holds them (the test would prove nothing otherwise).
    const fixture = readFileSync(new URL(`../../${SECRET_PLAN}`, import.meta.url), 'utf8');
    for (const secret of SECRETS) expect(fixture).toContain(secret);

    openPullRequest(fake, 120);
    const analyzed = await analyzeRun(fake, 120, { plan: SECRET_PLAN });
    expectRun(analyzed, 0);
    expect(analyzed.outputs['blocking']).toBe('true');
    fake.addLabel(120, LABEL, TEAM.maintainer);
    const approved = await labelRun(fake, 120, 'labeled', TEAM.maintainer);
    expect(approved.outputs['approved']).toBe('true');
    fake.push(120, sha('head-120-2'));
    const pushed = await analyzeRun(fake, 120, { plan: SECRET_PLAN, action: 'synchronize', inputs: { 'fail-on-block': 'true', 'block-on': 'medium' } });
    const push = await runAction({ fake, eventName: 'push', payload: pushPayload(fake, sha('main-2')), inputs: { 'plan-file': 'db/plan.json' }, workspace: { 'db/plan.json': { fixture: SECRET_PLAN } } });

    for (const run of [analyzed, approved, pushed, push]) expectRunHasNoSecret(run);
    for (const request of fake.requests) {
      expectNoSecret(`${request.method} ${request.path}`, `${request.path}?${new URLSearchParams(request.query).toString()}\n${request.body}`);
    }
    const comment = theComment(fake, 120);
    expectNoSecret('the comment', comment.body);
    expectNoSecret('the comment\'s stored state', JSON.stringify(storedStateOf(comment.body)));
    for (const checkRun of fake.checkRuns) expectNoSecret('a check run', JSON.stringify(checkRun));
    // The report still says what matters.
    expect(comment.body).toContain('aws_db_instance.billing');
  });
});
