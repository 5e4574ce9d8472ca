/**
 * Tests of the fake GitHub itself: if it accepted what GitHub rejects, or answered in shapes
 * GitHub never sends, the end-to-end suite would prove nothing.
 */
import { readFileSync } from 'node:fs';
import { Octokit } from '@octokit/rest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ACTIONS_TOKEN, FakeGitHub, GITHUB_ACTIONS_APP, sha } from './github-server.js';
import { OpenApiValidator } from './openapi-validator.js';
import { parseOutputFile } from './run-action.js';

/** The failing requests here are the point; octokit need not log them. */
const QUIET = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };

let fake: FakeGitHub;
let octokit: Octokit;

beforeEach(async () => {
  fake = await FakeGitHub.start({ maxPageSize: 2 });
  fake.addAccount('dev', { role: 'write' });
  fake.addAccount('alice', { role: 'maintain' });
  fake.openPullRequest({ number: 7, author: 'dev', headSha: sha('head'), files: [{ filename: 'infra/main.tf', status: 'modified' }] });
  octokit = new Octokit({ auth: ACTIONS_TOKEN, baseUrl: fake.url, log: QUIET });
});

afterEach(async () => {
  await fake.stop();
});

describe('the fake GitHub server', () => {
  it('listens on the loopback address only', () => {
    expect(fake.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('lists a directory as GitHub does: the entries directly in it, by name, at most 1,000, in the described shape', async () => {
    const ref = sha('base');
    fake.setFile(ref, '.github/workflows/prod.yml', 'on: push\n');
    fake.setFile(ref, '.github/workflows/dev.yml', { symlink: 'prod.yml' });
    fake.setFile(ref, '.github/workflows/old/legacy.yml', 'on: push\n');
    const { data } = await octokit.rest.repos.getContent({ owner: 'acme', repo: 'infra', path: '.github/workflows', ref });
    expect(Array.isArray(data)).toBe(true);
    expect((data as { name: string; type: string; path: string }[]).map(({ name, type, path }) => ({ name, type, path }))).toEqual([
      { name: 'dev.yml', type: 'symlink', path: '.github/workflows/dev.yml' },
      { name: 'old', type: 'dir', path: '.github/workflows/old' },
      { name: 'prod.yml', type: 'file', path: '.github/workflows/prod.yml' },
    ]);
    await expect(octokit.rest.repos.getContent({ owner: 'acme', repo: 'infra', path: '.github/actions', ref })).rejects.toMatchObject({ status: 404 });
    for (let index = 0; index < 1001; index++) fake.setFile(ref, `many/f-${index}.txt`, 'x');
    const many = await octokit.rest.repos.getContent({ owner: 'acme', repo: 'infra', path: 'many', ref });
    expect((many.data as unknown[]).length).toBe(1000);
    expect(fake.violations).toEqual([]);
  });

  it("answers a symlink to a file as api.github.com does: the target's text under the link's path and the link's own blob", async () => {
    // hub4j/github-api's recording of api.github.com (testGetFileContentWithSymlink): path and name of
    // the link, sha dbb84a81… = `git hash-object` of the link text "a-file-with-content".
    const ref = sha('base');
    fake.setFile(ref, 'ghcontent-ro/a-file-with-content', 'thanks for reading me\n');
    fake.setFile(ref, 'ghcontent-ro/a-symlink-to-a-file', { symlink: 'a-file-with-content' });
    const { data } = await octokit.rest.repos.getContent({ owner: 'acme', repo: 'infra', path: 'ghcontent-ro/a-symlink-to-a-file', ref });
    expect(data).toMatchObject({ type: 'file', path: 'ghcontent-ro/a-symlink-to-a-file', name: 'a-symlink-to-a-file', sha: 'dbb84a81d2b1b5eb4077c9b72b7497eb16ed9bf6', size: 22 });
    expect(Buffer.from((data as { content: string }).content, 'base64').toString()).toBe('thanks for reading me\n');
    const blob = await octokit.rest.git.getBlob({ owner: 'acme', repo: 'infra', file_sha: 'dbb84a81d2b1b5eb4077c9b72b7497eb16ed9bf6' });
    expect(Buffer.from(blob.data.content, 'base64').toString()).toBe('a-file-with-content');
    expect(fake.violations).toEqual([]);
  });

  it('rejects a request without a known token with 401 Bad credentials', async () => {
    const response = await fetch(`${fake.url}/repos/acme/infra/pulls/7`);
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ message: 'Bad credentials' });
    const wrong = await fetch(`${fake.url}/repos/acme/infra/pulls/7`, { headers: { authorization: 'token nope' } });
    expect(wrong.status).toBe(401);
    const bearer = await fetch(`${fake.url}/repos/acme/infra/pulls/7`, { headers: { authorization: `Bearer ${ACTIONS_TOKEN}` } });
    expect(bearer.status).toBe(200);
  });

  it('writes comments as the token identity, with GitHub-shaped responses', async () => {
    const created = await octokit.rest.issues.createComment({ owner: 'acme', repo: 'infra', issue_number: 7, body: 'hello' });
    expect(created.status).toBe(201);
    expect(created.data.user).toMatchObject({ login: 'github-actions[bot]', type: 'Bot' });
    expect(created.data.performed_via_github_app?.slug).toBe(GITHUB_ACTIONS_APP.slug);
    const updated = await octokit.rest.issues.updateComment({ owner: 'acme', repo: 'infra', comment_id: created.data.id, body: 'bye' });
    expect(updated.data.body).toBe('bye');
    expect(fake.commentsOn(7).map((c) => c.body)).toEqual(['bye']);
    expect(fake.violations).toEqual([]);
  });

  it('paginates lists with Link headers at the page size asked for, capped', async () => {
    for (let i = 0; i < 5; i++) fake.addComment(7, 'alice', `comment ${i}`);
    const first = await octokit.rest.issues.listComments({ owner: 'acme', repo: 'infra', issue_number: 7, per_page: 100 });
    expect(first.data.map((c) => c.body)).toEqual(['comment 0', 'comment 1']);
    expect(first.headers.link).toContain('rel="next"');
    const all = await octokit.paginate(octokit.rest.issues.listComments, { owner: 'acme', repo: 'infra', issue_number: 7, per_page: 100 });
    expect(all.map((c) => c.body)).toEqual(['comment 0', 'comment 1', 'comment 2', 'comment 3', 'comment 4']);
    expect(fake.requests.filter((r) => r.operationId === 'issues/list-comments').map((r) => r.query['page'] ?? '1')).toEqual(['1', '1', '2', '3']);
    expect(fake.violations).toEqual([]);
  });

  it('keeps labels and who added them as labeled/unlabeled events, and removes a label as the token identity', async () => {
    fake.addLabel(7, 'tf-plan-guard:approved', 'alice');
    fake.addLabel(7, 'infra', 'dev', { viaApp: { id: 99, slug: 'labeler', name: 'Labeler' } });
    const labels = await octokit.rest.issues.listLabelsOnIssue({ owner: 'acme', repo: 'infra', issue_number: 7 });
    expect(labels.data.map((l) => l.name)).toEqual(['tf-plan-guard:approved', 'infra']);
    await octokit.rest.issues.removeLabel({ owner: 'acme', repo: 'infra', issue_number: 7, name: 'tf-plan-guard:approved' });
    expect(fake.labelsOn(7)).toEqual(['infra']);
    const events = await octokit.paginate(octokit.rest.issues.listEvents, { owner: 'acme', repo: 'infra', issue_number: 7, per_page: 100 });
    expect(events.map((e) => [e.event, e.actor?.login, e.performed_via_github_app?.slug ?? null])).toEqual([
      ['labeled', 'alice', null],
      ['labeled', 'dev', 'labeler'],
      ['unlabeled', 'github-actions[bot]', 'github-actions'],
    ]);
    await expect(octokit.rest.issues.removeLabel({ owner: 'acme', repo: 'infra', issue_number: 7, name: 'tf-plan-guard:approved' })).rejects.toMatchObject({ status: 404 });
    expect(fake.violations).toEqual([]);
  });

  it('reports role_name and the legacy permission of collaborators, read for other users, 404 for unknown logins', async () => {
    fake.addAccount('tina', { role: 'triage' });
    fake.addAccount('rob', { role: { name: 'release-manager', base: 'maintain' } });
    fake.addAccount('stranger');
    const get = (username: string) => octokit.rest.repos.getCollaboratorPermissionLevel({ owner: 'acme', repo: 'infra', username });
    expect((await get('alice')).data).toMatchObject({ permission: 'write', role_name: 'maintain' });
    expect((await get('tina')).data).toMatchObject({ permission: 'read', role_name: 'triage' });
    expect((await get('rob')).data).toMatchObject({ permission: 'write', role_name: 'release-manager', user: { permissions: { maintain: true, admin: false } } });
    expect((await get('stranger')).data).toMatchObject({ permission: 'read', role_name: 'read' });
    await expect(get('nobody')).rejects.toMatchObject({ status: 404 });
    expect(fake.violations).toEqual([]);
  });

  it('creates, updates (appending annotations) and lists check runs on a commit, newest first', async () => {
    const head = fake.pull(7).headSha;
    const annotation = { path: 'infra/main.tf', start_line: 3, end_line: 3, annotation_level: 'failure' as const, message: 'deleted' };
    const created = await octokit.rest.checks.create({ owner: 'acme', repo: 'infra', name: 'Gate', head_sha: head, status: 'completed', conclusion: 'failure', output: { title: 't', summary: 's', annotations: [annotation] } });
    await octokit.rest.checks.update({ owner: 'acme', repo: 'infra', check_run_id: created.data.id, output: { title: 't', summary: 's', annotations: [annotation] } });
    await octokit.rest.checks.create({ owner: 'acme', repo: 'infra', name: 'Gate', head_sha: head, status: 'completed', conclusion: 'success', output: { title: 'ok', summary: 'ok' } });
    expect(fake.checkRunsFor(head).map((run) => [run.conclusion, run.annotations.length])).toEqual([['failure', 2], ['success', 0]]);
    expect(fake.latestCheckRun(head, 'Gate')?.conclusion).toBe('success');
    const listed = await octokit.rest.checks.listForRef({ owner: 'acme', repo: 'infra', ref: head, check_name: 'Gate', filter: 'all' });
    expect(listed.data.check_runs.map((run) => run.conclusion)).toEqual(['success', 'failure']);
    const latest = await octokit.rest.checks.listForRef({ owner: 'acme', repo: 'infra', ref: head, check_name: 'Gate' });
    expect(latest.data.total_count).toBe(1);
    expect(fake.violations).toEqual([]);
  });

  it('takes check runs only from a GitHub App, and lets an app update only its own', async () => {
    const head = fake.pull(7).headSha;
    fake.addToken('ghp_alice', 'alice');
    const asAlice = new Octokit({ auth: 'ghp_alice', baseUrl: fake.url, log: QUIET });
    const run = { owner: 'acme', repo: 'infra', name: 'Gate', head_sha: head, status: 'completed' as const, conclusion: 'success' as const, external_id: 'seal' };
    await expect(asAlice.rest.checks.create(run)).rejects.toMatchObject({ status: 403, response: { data: { message: 'You must authenticate via a GitHub App.' } } });
    const created = await octokit.rest.checks.create(run);
    expect(created.data.external_id).toBe('seal');
    await expect(asAlice.rest.checks.update({ owner: 'acme', repo: 'infra', check_run_id: created.data.id, conclusion: 'failure' })).rejects.toMatchObject({ status: 403 });
    fake.addAccount('other[bot]', { type: 'Bot' });
    fake.addToken('ghs_other', 'other[bot]', { app: { id: 99, slug: 'other', name: 'Other' } });
    const asOtherApp = new Octokit({ auth: 'ghs_other', baseUrl: fake.url, log: QUIET });
    await expect(asOtherApp.rest.checks.update({ owner: 'acme', repo: 'infra', check_run_id: created.data.id, conclusion: 'failure' })).rejects.toMatchObject({ status: 404 });
    expect(fake.checkRunsFor(head).map((check) => check.conclusion)).toEqual(['success']);
    expect(fake.violations).toEqual([]);
  });

  it('answers GraphQL node(id) with a comment\'s last editor, as GitHub names actors, and records queries its schema rejects', async () => {
    const created = await octokit.rest.issues.createComment({ owner: 'acme', repo: 'infra', issue_number: 7, body: 'hello' });
    const query = 'query($id: ID!) { node(id: $id) { ... on IssueComment { editor { __typename login } lastEditedAt } } }';
    const ask = () => octokit.graphql<{ node: { editor: { __typename: string; login: string } | null } }>(query, { id: created.data.node_id });
    expect((await ask()).node.editor).toBeNull();
    await octokit.rest.issues.updateComment({ owner: 'acme', repo: 'infra', comment_id: created.data.id, body: 'bye' });
    expect((await ask()).node.editor).toEqual({ __typename: 'Bot', login: 'github-actions' });
    fake.editComment(created.data.id, 'dev', (body) => `${body}!`);
    expect((await ask()).node.editor).toEqual({ __typename: 'User', login: 'dev' });
    expect(fake.violations).toEqual([]);
    await expect(octokit.graphql('query($id: ID!) { node(id: $id) { ... on IssueComment { lastEditor { login } } } }', { id: created.data.node_id })).rejects.toThrow();
    await expect(octokit.graphql('mutation { addComment(input: {subjectId: "x", body: "y"}) { clientMutationId } }')).rejects.toThrow();
    expect(fake.violations).toEqual([
      expect.stringContaining('graphql: Cannot query field "lastEditor" on type "IssueComment"'),
      'graphql: the action sent a mutation or subscription; it only queries',
    ]);
  });

  it('answers a completed check run without a conclusion with 422 and records why', async () => {
    await expect(octokit.request('POST /repos/{owner}/{repo}/check-runs', { owner: 'acme', repo: 'infra', name: 'Gate', head_sha: fake.pull(7).headSha, status: 'completed' })).rejects.toMatchObject({ status: 422 });
    expect(fake.violations).toContain('a check run was completed without a conclusion');
  });

  it('serves the pull request and its files', async () => {
    const pull = await octokit.rest.pulls.get({ owner: 'acme', repo: 'infra', pull_number: 7 });
    expect(pull.data).toMatchObject({ number: 7, user: { login: 'dev' }, head: { sha: sha('head') } });
    const files = await octokit.rest.pulls.listFiles({ owner: 'acme', repo: 'infra', pull_number: 7 });
    expect(files.data.map((f) => [f.filename, f.status])).toEqual([['infra/main.tf', 'modified']]);
    expect(fake.violations).toEqual([]);
  });

  it('refuses GET /user for an installation token as GitHub does, and serves it for a personal token', async () => {
    await expect(octokit.rest.users.getAuthenticated()).rejects.toMatchObject({ status: 403 });
    fake.addToken('ghp_alice', 'alice');
    const asAlice = new Octokit({ auth: 'ghp_alice', baseUrl: fake.url, log: QUIET });
    expect((await asAlice.rest.users.getAuthenticated()).data.login).toBe('alice');
    expect(fake.violations).toEqual([]);
  });

  it('fails writes with 403 "Resource not accessible by integration" in read-only mode, reads still work', async () => {
    fake.setReadOnly();
    await expect(octokit.rest.issues.createComment({ owner: 'acme', repo: 'infra', issue_number: 7, body: 'x' })).rejects.toMatchObject({
      status: 403,
      message: expect.stringContaining('Resource not accessible by integration'),
    });
    expect((await octokit.rest.issues.listComments({ owner: 'acme', repo: 'infra', issue_number: 7 })).status).toBe(200);
    expect(fake.comments).toEqual([]);
  });

  it('injects a given number of faults on an operation, then answers normally', async () => {
    fake.injectFault({ method: 'GET', operation: 'pulls/get', status: 502, times: 2 });
    const get = () => octokit.rest.pulls.get({ owner: 'acme', repo: 'infra', pull_number: 7 });
    await expect(get()).rejects.toMatchObject({ status: 502 });
    await expect(get()).rejects.toMatchObject({ status: 502 });
    expect((await get()).status).toBe(200);
    fake.injectFault({ method: 'POST', operation: '/repos/{owner}/{repo}/issues/{issue_number}/comments', status: 403, times: 1, headers: { 'retry-after': '1' }, body: { message: 'You have exceeded a secondary rate limit.' } });
    await expect(octokit.rest.issues.createComment({ owner: 'acme', repo: 'infra', issue_number: 7, body: 'x' })).rejects.toMatchObject({ status: 403, response: { headers: { 'retry-after': '1' } } });
  });

  it('records a body property the description does not declare, also nested (a misspelled optional field)', async () => {
    const misspelled: Record<string, unknown> = {
      owner: 'acme', repo: 'infra', name: 'Gate', head_sha: fake.pull(7).headSha, status: 'completed', conclusion: 'success', externalId: 'typo', output: { title: 't', summary: 's', annotation: [] },
    };
    await octokit.request('POST /repos/{owner}/{repo}/check-runs', misspelled as never);
    expect(fake.violations).toEqual([
      expect.stringContaining('(root) has the property "externalId", which the description does not declare'),
      expect.stringContaining('/output has the property "annotation", which the description does not declare'),
    ]);
  });

  it('records requests GitHub would reject: unknown endpoints, unknown query parameters, invalid bodies', async () => {
    await expect(octokit.request('GET /repos/{owner}/{repo}/no-such-thing', { owner: 'acme', repo: 'infra' })).rejects.toMatchObject({ status: 404 });
    await octokit.request('GET /repos/{owner}/{repo}/issues/{issue_number}/labels', { owner: 'acme', repo: 'infra', issue_number: 7, colour: 'red' });
    await expect(octokit.request('POST /repos/acme/infra/issues/7/comments' as string, { text: 'x' })).rejects.toMatchObject({ status: 422 });
    await expect(octokit.request('POST /repos/acme/infra/check-runs' as string, { name: 'Gate', head_sha: sha('head'), conclusion: 'green' })).rejects.toMatchObject({ status: 422 });
    expect(fake.comments).toEqual([]);
    expect(fake.checkRuns).toEqual([]);
    expect(fake.violations).toEqual([
      "GET /repos/acme/infra/no-such-thing: no such operation in GitHub's REST description",
      'GET /repos/{owner}/{repo}/issues/{issue_number}/labels (issues/list-labels-on-issue): unknown query parameter "colour" (documented: per_page, page)',
      "POST /repos/{owner}/{repo}/issues/{issue_number}/comments (issues/create-comment) request body: (root) must have required property 'body' {\"missingProperty\":\"body\"}",
      'POST /repos/{owner}/{repo}/issues/{issue_number}/comments (issues/create-comment) request body: (root) has the property "text", which the description does not declare (documented: body)',
      expect.stringContaining('(checks/create) request body: /conclusion must be equal to one of the allowed values'),
    ]);
  });

  it('records every request with its method, path, query, body and authenticated login', async () => {
    await octokit.rest.issues.listComments({ owner: 'acme', repo: 'infra', issue_number: 7, per_page: 100 });
    expect(fake.requests).toEqual([
      expect.objectContaining({ method: 'GET', path: '/repos/acme/infra/issues/7/comments', query: { per_page: '100' }, body: '', operationId: 'issues/list-comments', status: 200, login: 'github-actions[bot]' }),
    ]);
  });
});

describe('the fake against docs/github-api-calls.md', () => {
  it('implements every call the action documents, each a real GitHub operation', async () => {
    const doc = readFileSync(new URL('../../docs/github-api-calls.md', import.meta.url), 'utf8');
    const calls = [...new Set([...doc.matchAll(/`(GET|POST|PATCH|DELETE|PUT) (\/[^`?\s]+)[^`]*`/g)].map((match) => `${match[1]} ${match[2]}`))];
    expect(calls.length).toBeGreaterThanOrEqual(10);
    const validator = OpenApiValidator.shared();
    const implemented = fake.implementedOperations();
    for (const call of calls) {
      const [method, template] = call.split(' ') as [string, string];
      // Fill the documented placeholders with sample values to find the operation.
      const path = template.replace(/\{[^}]+\}/g, (name) => (/number|_id/.test(name) ? '1' : 'x'));
      const operation = validator.match(method, path);
      expect(operation, `${call} is not a GitHub REST operation`).toBeDefined();
      expect(implemented, `the fake does not implement ${call}`).toContain(operation?.operationId);
    }
  });
});

describe('the OpenAPI validator', () => {
  const validator = OpenApiValidator.shared();

  it('finds the most literal template when several match', () => {
    expect(validator.match('PATCH', '/repos/o/r/issues/comments/5')?.operationId).toBe('issues/update-comment');
    expect(validator.match('GET', '/repos/o/r/issues/5/comments')?.operationId).toBe('issues/list-comments');
    expect(validator.match('DELETE', '/repos/o/r/issues/5/labels/a%3Ab')?.pathParams['name']).toBe('a:b');
  });

  it('checks typed path parameters', () => {
    const result = validator.validateRequest({ method: 'GET', path: '/repos/o/r/check-runs/abc', query: new URLSearchParams(), headers: {}, body: '' });
    expect(result.violations).toEqual([expect.stringContaining('path parameter check_run_id="abc" check_run_id must be integer')]);
  });

  it('accepts null where the description marks a property nullable, and rejects it elsewhere', () => {
    const operation = validator.match('GET', '/repos/o/r/issues/1/labels');
    if (!operation) throw new Error('no operation');
    const label = { id: 1, node_id: 'LA_1', url: 'https://api.github.com/repos/o/r/labels/x', name: 'x', description: null, color: 'ededed', default: false };
    expect(validator.validateResponse(operation, 200, [label])).toEqual([]);
    expect(validator.validateResponse(operation, 200, [{ ...label, name: null }])).toEqual([expect.stringContaining('/0/name must be string')]);
    expect(validator.validateResponse(operation, 418, [])).toEqual([expect.stringContaining('status 418 is not documented')]);
  });
});

describe('parseOutputFile', () => {
  it('reads heredoc blocks and name=value lines', () => {
    const text = 'risk<<ghadelimiter_1\ncritical\nghadelimiter_1\nmulti<<EOF\na\nb\nEOF\nlegacy=x=y\n';
    expect(parseOutputFile(text)).toEqual({ risk: 'critical', multi: 'a\nb', legacy: 'x=y' });
  });

  it('refuses an unterminated heredoc', () => {
    expect(() => parseOutputFile('risk<<D\ncritical\n')).toThrow('output risk has no closing delimiter');
  });
});
