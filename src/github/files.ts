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

/** GitHub lists at most this many files of a pull request: a list this long may be cut. */
export const PULL_REQUEST_FILES_LIMIT = 3000;

/** Terraform's override files (`override.tf`, `*_override.tf`) are often written by CI before the plan. */
const OVERRIDE_FILE = /(?:^|\/|_)override\.tf(?:\.json)?$/;

/**
 * Whether this PR brought the configuration in `configurationDir` (relative to the repository
 * root; '' for the root) or it existed before:
 * - `modified` when any `.tf` file directly in the directory existed before the PR: one the PR
 *   modifies, removes or renames within it, or one in the checkout (`checkoutTfFiles`) that the
 *   PR does not add at all. The checkout counts only when the file list is complete, and never
 *   with override files, which CI may have generated;
 * - `added` when the PR adds every `.tf` file of the directory;
 * - `unknown` when neither the PR nor the checkout has one.
 */
export function configurationChange(
  files: readonly PullRequestFile[],
  configurationDir: string,
  checkoutTfFiles: readonly string[] = [],
): RuleContext['configurationChange'] {
  const dir = normalizeDir(configurationDir);
  const touched = files.filter((file) => isTfIn(file.filename, dir));
  const isNew = (file: PullRequestFile) =>
    file.status === 'added' || (file.status === 'renamed' && !(file.previous_filename !== undefined && isTfIn(file.previous_filename, dir)));
  const addedByPr = new Set(touched.filter(isNew).map((file) => file.filename));
  if (touched.some((file) => !isNew(file))) return 'modified';
  const listComplete = files.length < PULL_REQUEST_FILES_LIMIT;
  const existedBefore = (path: string) => isTfIn(path, dir) && !OVERRIDE_FILE.test(path) && !addedByPr.has(path);
  if (listComplete && checkoutTfFiles.map(normalizeDir).some(existedBefore)) return 'modified';
  return addedByPr.size > 0 ? 'added' : 'unknown';
}

function isTfIn(path: string, dir: string): boolean {
  if (!/\.tf(?:\.json)?$/.test(path)) return false;
  const slash = path.lastIndexOf('/');
  return (slash < 0 ? '' : path.slice(0, slash)) === dir;
}

function normalizeDir(dir: string): string {
  return dir.replace(/\\/g, '/').replace(/^(?:\.\/)+/, '').replace(/^\.$/, '').replace(/\/+$/, '');
}
