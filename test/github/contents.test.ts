/**
 * Reading a workflow or action file as a checkout holds it, through symlinks and submodules, over
 * the loopback GitHub (which answers the contents API as api.github.com does: a symlink to a file
 * under the link's own path and blob sha). What matters is `via`: the paths a PR edits to change
 * what the read path holds.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createClient, type GitHubClient } from '../../src/github/client.js';
import { LinkReader, readFileAtRef } from '../../src/github/contents.js';
import { ACTIONS_TOKEN, FakeGitHub, sha } from '../support/github-server.js';

const REPO = { owner: 'acme', repo: 'infra' };
const REF = sha('base');
const ACTION = '.github/actions/gate/action.yml';
const TEXT = 'runs:\n  using: composite\n  steps: []\n';

let fake: FakeGitHub;
let client: GitHubClient;

beforeEach(async () => {
  fake = await FakeGitHub.start();
  client = createClient({ token: ACTIONS_TOKEN, apiUrl: fake.url, retryBaseMs: 1, writeGapMs: 0, onWait: () => {} });
});

afterEach(async () => {
  expect(fake.violations).toEqual([]);
  await fake.stop();
});

const read = (path: string) => new LinkReader(client, REPO, REF).read(path);

describe('a file read through links', () => {
  it('is the file itself, with no other path, when it is a plain file; missing when nothing is there', async () => {
    fake.setFile(REF, ACTION, TEXT);
    expect(await read(ACTION)).toEqual({ kind: 'file', text: TEXT });
    expect(await read('.github/actions/gate/action.yaml')).toEqual({ kind: 'missing' });
    expect(await read('.github/actions/none/action.yml')).toEqual({ kind: 'missing' });
  });

  it("names a symlink's target: GitHub answers the link's path with the target's text and the link's own blob sha", async () => {
    fake.setFile(REF, ACTION, { symlink: '../../../ci/gate.yml' });
    fake.setFile(REF, 'ci/gate.yml', TEXT);
    expect(await read(ACTION)).toEqual({ kind: 'file', text: TEXT, via: ['ci/gate.yml'] });
    // The policy reader takes the text as it comes.
    expect(await readFileAtRef(client, REPO, ACTION, REF)).toEqual({ kind: 'file', text: TEXT });
  });

  it('follows a chain of links and a directory on the way that is a link, naming each link and target', async () => {
    fake.setFile(REF, ACTION, { symlink: '../../../ci/gate.yml' });
    fake.setFile(REF, 'ci/gate.yml', { symlink: 'strict.yml' });
    fake.setFile(REF, 'ci/strict.yml', TEXT);
    expect(await read(ACTION)).toEqual({ kind: 'file', text: TEXT, via: ['ci/gate.yml', 'ci/strict.yml'] });
    fake.setFile(REF, '.github/actions/shared', { symlink: '../../ci/shared' });
    fake.setFile(REF, 'ci/shared', { symlink: 'v2' });
    fake.setFile(REF, 'ci/v2/gate/action.yml', TEXT);
    expect(await read('.github/actions/shared/gate/action.yml')).toEqual({
      kind: 'file',
      text: TEXT,
      via: ['.github/actions/shared', 'ci/shared/gate/action.yml', 'ci/shared', 'ci/v2/gate/action.yml'],
    });
  });

  it('cannot read into a submodule, and names it; a link out of the repository or a loop reads as not a file', async () => {
    fake.setFile(REF, 'vendor/ci-actions', { submodule: 'https://github.com/acme/ci-actions.git' });
    fake.setFile(REF, '.github/actions/shared', { symlink: '../../vendor/ci-actions' });
    expect(await read('vendor/ci-actions/gate/action.yml')).toEqual({ kind: 'not-a-file', type: 'in a submodule', via: ['vendor/ci-actions'] });
    expect(await read('.github/actions/shared/gate/action.yml')).toMatchObject({ kind: 'not-a-file', via: ['.github/actions/shared', 'vendor/ci-actions/gate/action.yml', 'vendor/ci-actions'] });
  });

  it('reads a link it cannot follow as untraced: out of the repository (relative or absolute), a loop, a chain past 40 links', async () => {
    fake.setFile(REF, 'ci/out.yml', { symlink: '../../etc/passwd' });
    expect(await read('ci/out.yml')).toEqual({ kind: 'not-a-file', type: 'a symlink out of the repository', untraced: true });
    // Into the runner's checkout by its absolute path: what it holds cannot be told from the repository.
    fake.setFile(REF, ACTION, { symlink: '/home/runner/work/infra/infra/ci/gate.yml' });
    fake.setFile(REF, 'ci/gate.yml', TEXT);
    expect(await read(ACTION)).toMatchObject({ kind: 'not-a-file', untraced: true });
    fake.setFile(REF, 'ci/a.yml', { symlink: 'b.yml' });
    fake.setFile(REF, 'ci/b.yml', { symlink: 'a.yml' });
    expect(await read('ci/a.yml')).toMatchObject({ kind: 'not-a-file', type: 'a chain of symlinks too long to follow', untraced: true });
    // Ten links is a chain Linux follows (up to 40): so does the read.
    for (let index = 0; index < 10; index++) fake.setFile(REF, `ci/c${index}.yml`, { symlink: `c${index + 1}.yml` });
    fake.setFile(REF, 'ci/c10.yml', TEXT);
    expect(await read('ci/c0.yml')).toMatchObject({ kind: 'file', text: TEXT, via: expect.arrayContaining(['ci/c1.yml', 'ci/c10.yml']) });
  });

  it("reads a link to nothing the repository holds as untraced: the runner may resolve `lnk/..` through a link (audit 19 H1)", async () => {
    fake.setFile(REF, '.github/actions/gate/lnk', { symlink: '../../../ci/sub' });
    fake.setFile(REF, ACTION, { symlink: 'lnk/../real.yml' });
    fake.setFile(REF, 'ci/real.yml', TEXT);
    expect(await read(ACTION)).toMatchObject({ kind: 'not-a-file', untraced: true });
  });

  it("reads a directory link's target with a trailing slash or doubled slashes as the directory (audit 16 T1)", async () => {
    fake.setFile(REF, '.github/actions/gate', { symlink: '../../ci/gate/' });
    fake.setFile(REF, 'ci/gate/action.yml', TEXT);
    expect(await read(ACTION)).toEqual({ kind: 'file', text: TEXT, via: ['.github/actions/gate', 'ci/gate/action.yml'] });
    fake.setFile(REF, '.github/actions/other', { symlink: '../..//ci//gate' });
    expect(await read('.github/actions/other/action.yml')).toEqual({ kind: 'file', text: TEXT, via: ['.github/actions/other', 'ci/gate/action.yml'] });
  });

  it("asks nothing more of a missing action.yaml beside a found action.yml: its directory is a real one", async () => {
    fake.setFile(REF, ACTION, TEXT);
    const read = await new LinkReader(client, REPO, REF).readAll([ACTION, '.github/actions/gate/action.yaml']);
    expect([...read.values()]).toEqual([{ kind: 'file', text: TEXT }, { kind: 'missing' }]);
    expect(fake.requests.filter((request) => request.operationId === 'repos/get-content')).toHaveLength(2);
  });

  it('makes at most 400 reads a commit: a PR naming many actions deep in directories that do not exist reads the rest as untraced (audit 16 D1)', async () => {
    fake.setFile(REF, 'README.md', 'x');
    const paths = Array.from({ length: 100 }, (_, index) => `d${index}/a/b/c/e/action.yml`);
    const read = await new LinkReader(client, REPO, REF).readAll(paths);
    expect(fake.requests.filter((request) => request.operationId === 'repos/get-content').length).toBeLessThanOrEqual(400);
    expect([...read.values()].filter((file) => file.untraced).length).toBeGreaterThan(0);
    expect(read.get('d0/a/b/c/e/action.yml')).toEqual({ kind: 'missing' });
  });
});
