/**
 * One file of the repository at a commit, read through the API: the policy that gates a pull
 * request is read at the PR's base commit, never from the checkout (which is the PR's own code).
 */
import { call, GitHubCallError, type GitHubClient } from './client.js';
import type { RepoRef } from './comment.js';

/** What is at a path at a commit: a file's text, something else (a directory, a symlink, a submodule), or nothing. */
export type FileAtRef = { kind: 'file'; text: string } | { kind: 'not-a-file'; type: string } | { kind: 'missing' };

export async function readFileAtRef(client: GitHubClient, repo: RepoRef, path: string, ref: string): Promise<FileAtRef> {
  try {
    const { data } = await call(`reading ${path} at ${ref.slice(0, 12)}`, () => client.rest.repos.getContent({ ...repo, path, ref }));
    if (Array.isArray(data)) return { kind: 'not-a-file', type: 'dir' };
    // A symlink whose target is a file in the repository is answered with the target's content (type file).
    if (data.type !== 'file' || !('content' in data) || typeof data.content !== 'string') return { kind: 'not-a-file', type: data.type };
    // Over 1 MB the content is not inlined (encoding "none"): no policy file is that large.
    if ('encoding' in data && data.encoding !== 'base64') return { kind: 'not-a-file', type: 'file too large to read' };
    return { kind: 'file', text: Buffer.from(data.content, 'base64').toString('utf8') };
  } catch (error) {
    if (error instanceof GitHubCallError && error.status === 404) return { kind: 'missing' };
    throw error;
  }
}
