import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { asCallError } from '../../src/github/client.js';
import { readContext } from '../../src/github/context.js';

function eventFile(payload: unknown): string {
  const path = join(mkdtempSync(join(tmpdir(), 'tfpg-event-')), 'event.json');
  writeFileSync(path, JSON.stringify(payload));
  return path;
}

const pullRequest = (headRepo: string) => ({
  action: 'synchronize',
  pull_request: { number: 5, head: { sha: 'h'.repeat(40), repo: { full_name: headRepo } }, base: { sha: 'b'.repeat(40), ref: 'main', repo: { full_name: 'acme/infra' } }, user: { login: 'dev' } },
});

describe('readContext', () => {
  it('reads the pull request from the payload, with the head SHA and the fork flag', () => {
    const env = {
      GITHUB_EVENT_NAME: 'pull_request',
      GITHUB_EVENT_PATH: eventFile(pullRequest('someone/infra')),
      GITHUB_REPOSITORY: 'acme/infra',
      GITHUB_API_URL: 'http://127.0.0.1:3000',
      GITHUB_SERVER_URL: 'https://github.com/',
      GITHUB_RUN_ID: '99',
      GITHUB_WORKSPACE: '/ws',
      GITHUB_SHA: 'm'.repeat(40),
      GITHUB_WORKFLOW_REF: 'acme/infra/.github/workflows/terraform.yml@refs/pull/5/merge',
      GITHUB_ACTION_REPOSITORY: 'acme/tf-plan-guard',
      GITHUB_JOB: 'plan',
    };
    expect(readContext(env, '/cwd')).toEqual({
      eventName: 'pull_request',
      action: 'synchronize',
      label: null,
      owner: 'acme',
      repo: 'infra',
      pullRequest: { number: 5, headSha: 'h'.repeat(40), baseSha: 'b'.repeat(40), baseRef: 'main', author: 'dev', fromFork: true },
      apiUrl: 'http://127.0.0.1:3000',
      workspace: '/ws',
      runUrl: 'https://github.com/acme/infra/actions/runs/99',
      sender: null,
      workflowPath: '.github/workflows/terraform.yml',
      actionRepository: 'acme/tf-plan-guard',
      jobId: 'plan',
    });
  });

  it("reads the event's sender (who pushed, on synchronize)", () => {
    const context = readContext({ GITHUB_EVENT_NAME: 'pull_request', GITHUB_EVENT_PATH: eventFile({ ...pullRequest('acme/infra'), action: 'synchronize', sender: { login: 'alice', type: 'User' } }), GITHUB_REPOSITORY: 'acme/infra' }, '/');
    expect(context).toMatchObject({ action: 'synchronize', sender: 'alice' });
  });

  it('reads the label of a labeled event', () => {
    const context = readContext({ GITHUB_EVENT_NAME: 'pull_request', GITHUB_EVENT_PATH: eventFile({ ...pullRequest('acme/infra'), action: 'labeled', label: { name: 'tf-plan-guard:approved' } }), GITHUB_REPOSITORY: 'acme/infra' }, '/');
    expect(context).toMatchObject({ action: 'labeled', label: 'tf-plan-guard:approved' });
  });

  it('has no pull request outside pull_request events, and defaults the API and workspace', () => {
    const context = readContext({ GITHUB_EVENT_NAME: 'push', GITHUB_EVENT_PATH: eventFile(pullRequest('acme/infra')), GITHUB_REPOSITORY: 'acme/infra' }, '/cwd');
    expect(context).toMatchObject({ pullRequest: null, apiUrl: 'https://api.github.com', workspace: '/cwd', runUrl: null });
  });

  it('treats pull_request_target like pull_request, and a same-repo head as not a fork', () => {
    const context = readContext({ GITHUB_EVENT_NAME: 'pull_request_target', GITHUB_EVENT_PATH: eventFile(pullRequest('acme/infra')), GITHUB_REPOSITORY: 'acme/infra' }, '/');
    expect(context.pullRequest?.fromFork).toBe(false);
  });

  it('fails in one line on a payload without the pull request facts', () => {
    expect(() => readContext({ GITHUB_EVENT_NAME: 'pull_request', GITHUB_EVENT_PATH: eventFile({ action: 'opened' }), GITHUB_REPOSITORY: 'a/b' }, '/')).toThrow(
      'the pull_request event payload lacks pull_request.number, head.sha or user.login',
    );
  });
});

describe('asCallError', () => {
  it('makes one line of the status and GitHub message', () => {
    const error = Object.assign(new Error('ignored'), { status: 403, response: { data: { message: 'Resource not accessible by integration' } } });
    const callError = asCallError('creating the check run', error);
    expect(callError.message).toBe('creating the check run failed: 403 Resource not accessible by integration');
    expect(callError.forbiddenForIntegration).toBe(true);
    expect(asCallError('x', Object.assign(new Error('Resource not accessible by integration'), { status: 404 })).forbiddenForIntegration).toBe(false);
    expect(asCallError('listing', new Error('socket\nhang up')).message).toBe('listing failed: socket hang up');
  });
});
