/**
 * The PR's file list, as evidence for `empty-prior-state`: did this PR add the plan's
 * configuration (a new root module) or modify one that existed before?
 */
import type { RuleContext } from '../rules/types.js';
import { call, type GitHubClient } from './client.js';
import type { RepoRef } from './comment.js';

export interface PullRequestFile {
  filename: string;
  status: string;
  previous_filename?: string | undefined;
}

export async function listPullRequestFiles(client: GitHubClient, repo: RepoRef, pullNumber: number): Promise<PullRequestFile[]> {
  const files = await call('listing the pull request files', () =>
    client.paginate(client.rest.pulls.listFiles, { ...repo, pull_number: pullNumber, per_page: 100 }),
  );
  return files.map((file) => ({ filename: file.filename, status: file.status, previous_filename: file.previous_filename }));
}

/**
 * How the PR touched the `.tf` files directly in `configurationDir` (relative to the repository
 * root; '' for the root): `added` when every such file is new to the directory, `modified` when
 * any existed before, `unknown` when the PR touches none.
 */
export function configurationChange(files: readonly PullRequestFile[], configurationDir: string): RuleContext['configurationChange'] {
  const dir = normalizeDir(configurationDir);
  const touched = files.filter((file) => isTfIn(file.filename, dir));
  if (touched.length === 0) return 'unknown';
  const allNew = touched.every(
    (file) => file.status === 'added' || (file.status === 'renamed' && !(file.previous_filename !== undefined && isTfIn(file.previous_filename, dir))),
  );
  return allNew ? 'added' : 'modified';
}

function isTfIn(path: string, dir: string): boolean {
  if (!/\.tf(?:\.json)?$/.test(path)) return false;
  const slash = path.lastIndexOf('/');
  return (slash < 0 ? '' : path.slice(0, slash)) === dir;
}

function normalizeDir(dir: string): string {
  return dir.replace(/\\/g, '/').replace(/^(?:\.\/)+/, '').replace(/^\.$/, '').replace(/\/+$/, '');
}
