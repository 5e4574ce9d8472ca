/**
 * One file of the repository at a commit, read through the API: the policy that gates a pull
 * request is read at the PR's base commit, never from the checkout (which is the PR's own code).
 */
import { call, GitHubCallError, type GitHubClient } from './client.js';
import type { RepoRef } from './comment.js';

/**
 * What is at a path at a commit: a file's text, something else (a directory, a symlink, a
 * submodule), or nothing. `resolvedPath`: the file GitHub answered with, when the path is a
 * symlink to it (a PR changes what the path holds by editing that file).
 */
export type FileAtRef = { kind: 'file'; text: string; resolvedPath?: string } | { kind: 'not-a-file'; type: string } | { kind: 'missing' };

export async function readFileAtRef(client: GitHubClient, repo: RepoRef, path: string, ref: string): Promise<FileAtRef> {
  try {
    const { data } = await call(`reading ${path} at ${ref.slice(0, 12)}`, () => client.rest.repos.getContent({ ...repo, path, ref }));
    if (Array.isArray(data)) return { kind: 'not-a-file', type: 'dir' };
    // A symlink whose target is a file in the repository is answered with the target's content (type file).
    if (data.type !== 'file' || !('content' in data) || typeof data.content !== 'string') return { kind: 'not-a-file', type: data.type };
    // Over 1 MB the content is not inlined (encoding "none"): no policy file is that large.
    if ('encoding' in data && data.encoding !== 'base64') return { kind: 'not-a-file', type: 'file too large to read' };
    const text = Buffer.from(data.content, 'base64').toString('utf8');
    return data.path === path ? { kind: 'file', text } : { kind: 'file', text, resolvedPath: data.path };
  } catch (error) {
    if (error instanceof GitHubCallError && error.status === 404) return { kind: 'missing' };
    throw error;
  }
}

/** An entry of a directory listing: a file, a subdirectory, a symlink or a submodule. */
export interface DirectoryEntry {
  name: string;
  path: string;
  type: string;
}

/** GitHub lists at most this many entries of a directory: a listing this long may be cut. */
export const DIRECTORY_ENTRIES_LIMIT = 1000;

/**
 * The entries directly in the directory at `path` at a commit: 'missing' when there is no such
 * directory; null when the listing cannot be read or may be cut (GitHub answers at most 1,000
 * entries), or `path` is not a directory: a caller that must see every entry reads that the strictest way.
 */
export async function listDirectoryAtRef(client: GitHubClient, repo: RepoRef, path: string, ref: string): Promise<DirectoryEntry[] | 'missing' | null> {
  try {
    const { data } = await call(`listing ${path} at ${ref.slice(0, 12)}`, () => client.rest.repos.getContent({ ...repo, path, ref }));
    if (!Array.isArray(data) || data.length >= DIRECTORY_ENTRIES_LIMIT) return null;
    return data.map((entry) => ({ name: entry.name, path: entry.path, type: entry.type }));
  } catch (error) {
    if (error instanceof GitHubCallError && error.status === 404) return 'missing';
    return null;
  }
}

/** How many reads of one batch run at once: few, for GitHub's secondary rate limits. */
const READS_AT_ONCE = 6;

/** Each of `paths` at a commit (readFileAtRef), read a few at a time. */
export async function readFilesAtRef(client: GitHubClient, repo: RepoRef, paths: readonly string[], ref: string): Promise<Map<string, FileAtRef>> {
  const read = new Map<string, FileAtRef>();
  const queue = [...new Set(paths)];
  const worker = async () => {
    for (let path = queue.shift(); path !== undefined; path = queue.shift()) read.set(path, await readFileAtRef(client, repo, path, ref));
  };
  await Promise.all(Array.from({ length: Math.min(READS_AT_ONCE, queue.length) }, worker));
  return read;
}
