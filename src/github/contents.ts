/**
 * One file of the repository at a commit, read through the API: the policy that gates a pull
 * request is read at the PR's base commit, never from the checkout (which is the PR's own code).
 */
import { createHash } from 'node:crypto';
import { posix } from 'node:path';
import { call, GitHubCallError, type GitHubClient } from './client.js';
import type { RepoRef } from './comment.js';

/**
 * What is at a path at a commit: a file's text, something else (a directory, a symlink, a
 * submodule), or nothing. `via`: the other paths whose change changes what the path holds (the
 * symlinks and submodules met on the way, a symlink's target), when it is read through links;
 * `untraced`: a link the read could not follow (out of the repository, a chain too long), so any
 * file of the repository may be what the path holds.
 */
export type FileAtRef = ({ kind: 'file'; text: string } | { kind: 'not-a-file'; type: string } | { kind: 'missing' }) & { via?: readonly string[]; untraced?: true };

export async function readFileAtRef(client: GitHubClient, repo: RepoRef, path: string, ref: string): Promise<FileAtRef> {
  const answer = await contentAtRef(client, repo, path, ref);
  if (answer === null) return { kind: 'missing' };
  if (Array.isArray(answer)) return { kind: 'not-a-file', type: 'dir' };
  return fileOf(answer);
}

type ContentAnswer = Awaited<ReturnType<GitHubClient['rest']['repos']['getContent']>>['data'];
type ContentItem = Exclude<ContentAnswer, unknown[]>;

/** The contents API's answer for a path at a commit; null when there is nothing there. */
async function contentAtRef(client: GitHubClient, repo: RepoRef, path: string, ref: string): Promise<ContentAnswer | null> {
  try {
    return (await call(`reading ${path} at ${ref.slice(0, 12)}`, () => client.rest.repos.getContent({ ...repo, path, ref }))).data;
  } catch (error) {
    if (error instanceof GitHubCallError && error.status === 404) return null;
    throw error;
  }
}

function fileOf(data: ContentItem): FileAtRef {
  // A symlink whose target is a file in the repository is answered with the target's content (type file).
  if (data.type !== 'file' || !('content' in data) || typeof data.content !== 'string') return { kind: 'not-a-file', type: data.type };
  // Over 1 MB the content is not inlined (encoding "none"): no policy or workflow file is that large.
  if ('encoding' in data && data.encoding !== 'base64') return { kind: 'not-a-file', type: 'file too large to read' };
  return { kind: 'file', text: Buffer.from(data.content, 'base64').toString('utf8') };
}

/** Git's id of a blob holding `bytes`: the `sha` the contents API gives a file read as itself. */
function gitBlobId(bytes: Buffer): string {
  return createHash('sha1').update(`blob ${bytes.length}\0`).update(bytes).digest('hex');
}

/** How many symlinks one read follows (a chain, or links on the way): Linux's own bound (MAXSYMLINKS). */
const LINKS_FOLLOWED_LIMIT = 40;

/**
 * How many contents reads one commit's reader makes: a reach is at most 100 files, but a PR can
 * name local actions deep in directories that do not exist, each asking about every directory above
 * it. Past this, what is left reads as untraced (any touched file counts).
 */
const READS_PER_COMMIT_LIMIT = 400;
const OVER_BUDGET = Symbol('over the read budget');

/** One step of a read through links: what is at the path, or the path to read instead. */
type LinkStep = { kind: 'at'; file: FileAtRef; via: string[] } | { kind: 'link'; next: string; via: string[] };

/** What a link leads to when it cannot be traced: any file of the repository may be what the path holds. */
const untraced = (type: string): FileAtRef => ({ kind: 'not-a-file', type, untraced: true });

/**
 * Reads files at one commit as a checkout holds them, through symlinks: a link to a file (the
 * contents API answers it with the target's text under the link's own path and blob sha, so a sha
 * that is not the text's tells it, and the link's blob names the target), a chain of links, a
 * directory on the way that is a link. A submodule on the way is not readable: not a file. `via`
 * names each link met and its target, and the submodule: a PR editing any of them changes what
 * the path holds though the file list never names the path. Answers are kept for the reader's
 * life, and directories seen to be real ones are not asked about again.
 */
export class LinkReader {
  private readonly answers = new Map<string, Promise<ContentAnswer | null>>();
  private readonly realDirectories = new Set<string>();
  private reads = 0;

  constructor(
    private readonly client: GitHubClient,
    private readonly repo: RepoRef,
    private readonly ref: string,
  ) {}

  /** The contents API's answer for `path`, read once; OVER_BUDGET past the reader's reads. */
  answer(path: string): Promise<ContentAnswer | null | typeof OVER_BUDGET> {
    let answer = this.answers.get(path);
    if (!answer) {
      if (this.reads >= READS_PER_COMMIT_LIMIT) return Promise.resolve(OVER_BUDGET);
      this.reads++;
      answer = contentAtRef(this.client, this.repo, path, this.ref);
      this.answers.set(path, answer);
    }
    return answer;
  }

  /** Each of `paths` read (read), a few at a time: first every path as itself, so that a missing `action.yaml` beside a found `action.yml` costs no question about its directory. */
  async readAll(paths: readonly string[]): Promise<Map<string, FileAtRef>> {
    const unique = [...new Set(paths)];
    await eachFewAtATime(unique, (path) => this.answer(path));
    const read = new Map<string, FileAtRef>();
    await eachFewAtATime(unique, async (path) => void read.set(path, await this.read(path)));
    return read;
  }

  async read(path: string): Promise<FileAtRef> {
    const via: string[] = [];
    let current = path;
    for (let links = 0; links <= LINKS_FOLLOWED_LIMIT; links++) {
      const step = await this.step(current);
      via.push(...step.via);
      if (step.kind !== 'at') {
        current = step.next;
        continue;
      }
      return via.length === 0 ? step.file : { ...step.file, via: [...new Set(via)] };
    }
    return { ...untraced('a chain of symlinks too long to follow'), via: [...new Set(via)] };
  }

  private async step(path: string): Promise<LinkStep> {
    const answer = await this.answer(path);
    if (answer === OVER_BUDGET) return { kind: 'at', file: untraced('too many reads to follow'), via: [] };
    if (answer === null) return this.linkOnTheWay(path);
    if (Array.isArray(answer)) {
      this.realDirectories.add(path);
      return { kind: 'at', file: { kind: 'not-a-file', type: 'dir' }, via: [] };
    }
    if (answer.type === 'symlink' && 'target' in answer && typeof answer.target === 'string') {
      // A link to anything but a file (a directory, another link, nothing): followed by hand.
      const next = linkTarget(path, answer.target);
      return next === null ? { kind: 'at', file: untraced('a symlink out of the repository'), via: [] } : { kind: 'link', next, via: [next] };
    }
    const file = fileOf(answer);
    // The bytes as stored, not the text decoded from them (a file that is not valid UTF-8 is still itself).
    if (file.kind !== 'file' || !answer.sha || !('content' in answer) || typeof answer.content !== 'string' || gitBlobId(Buffer.from(answer.content, 'base64')) === answer.sha) {
      // Read as itself: every directory above it is a real one.
      for (const directory of ancestors(path)) this.realDirectories.add(directory);
      return { kind: 'at', file, via: [] };
    }
    // A link: its target is read in turn (GitHub answers a link's target it resolved, which may itself be a link).
    const next = linkTarget(path, await blobText(this.client, this.repo, answer.sha));
    return next === null ? { kind: 'at', file: untraced('a symlink out of the repository'), via: [] } : { kind: 'link', next, via: [next] };
  }

  /**
   * Nothing at `path`: the path may go through a directory that is a symlink or a submodule, which
   * the contents API does not read through. The nearest existing directory above tells: a directory
   * (then the path is simply missing), a link (read the path through it), or a submodule.
   */
  private async linkOnTheWay(path: string): Promise<LinkStep> {
    const missing: LinkStep = { kind: 'at', file: { kind: 'missing' }, via: [] };
    for (const directory of ancestors(path)) {
      if (this.realDirectories.has(directory)) return missing;
      const answer = await this.answer(directory);
      if (answer === OVER_BUDGET) return { kind: 'at', file: untraced('too many reads to follow'), via: [] };
      if (answer === null) continue;
      if (Array.isArray(answer)) {
        this.realDirectories.add(directory);
        return missing;
      }
      if (answer.type === 'submodule') return { kind: 'at', file: { kind: 'not-a-file', type: 'in a submodule' }, via: [directory] };
      if (answer.type !== 'symlink' || !('target' in answer) || typeof answer.target !== 'string') return missing;
      const target = linkTarget(directory, answer.target);
      if (target === null) return { kind: 'at', file: untraced('behind a symlink out of the repository'), via: [directory] };
      const next = `${target}${path.slice(directory.length)}`;
      return { kind: 'link', next, via: [directory, next] };
    }
    return missing;
  }
}

/** The directories above a repository path, nearest first. */
function* ancestors(path: string): Generator<string> {
  for (let directory = posix.dirname(path); directory !== '.' && directory !== '/'; directory = posix.dirname(directory)) yield directory;
}

/**
 * A symlink's target as a repository path (`ci/gate/` and `ci//gate` as `ci/gate`); null when it
 * leaves the repository, or climbs out of a directory it named (`lnk/../x`: the runner resolves
 * that `..` through `lnk`, which may itself be a link, not by the text).
 */
function linkTarget(link: string, target: string): string | null {
  if (target.startsWith('/')) return null;
  const segments = target.split('/').filter((segment) => segment !== '' && segment !== '.');
  if (segments.some((segment, index) => segment === '..' && index > 0 && segments[index - 1] !== '..')) return null;
  const path = posix.normalize(posix.join(posix.dirname(link), target)).replace(/\/+$/, '');
  return path === '..' || path.startsWith('../') || path === '.' || path === '' ? null : path;
}

/** A blob's text (a symlink's blob is its target). */
async function blobText(client: GitHubClient, repo: RepoRef, id: string): Promise<string> {
  const { data } = await call(`reading blob ${id.slice(0, 12)}`, () => client.rest.git.getBlob({ ...repo, file_sha: id }));
  return Buffer.from(data.content, data.encoding === 'base64' ? 'base64' : 'utf8').toString('utf8');
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

async function eachFewAtATime(items: readonly string[], task: (item: string) => Promise<unknown>): Promise<void> {
  const queue = [...items];
  const worker = async () => {
    for (let item = queue.shift(); item !== undefined; item = queue.shift()) await task(item);
  };
  await Promise.all(Array.from({ length: Math.min(READS_AT_ONCE, queue.length) }, worker));
}
