/**
 * Who made the commits of a pull request, as far as GitHub links them to accounts: the accounts
 * behind each commit's git author, its `Co-authored-by` trailers (GraphQL `Commit.authors`, which
 * ties any verified address to its account) and its committer, and the actors of force pushes to
 * its head. A pusher who approves their own push approves their own change, like the PR's author.
 * A list GitHub cut short is not a list of contributors: nobody can approve then. Pure.
 */

/** GitHub lists at most this many commits of a pull request (REST `pulls/{n}/commits`, and GraphQL's `commits`). */
export const PULL_REQUEST_COMMITS_LIMIT = 250;

/** One commit, as far as this module reads it. */
export interface CommitFacts {
  /**
   * The logins GitHub links to the git author and to each `Co-authored-by` trailer, in that
   * order; null for an address linked to no account.
   */
  authors: readonly (string | null)[];
  /** False when the commit names more authors than were read. */
  authorsComplete: boolean;
  /** The login linked to the committer; null when none. */
  committer: string | null;
  message: string;
}

/** The commits read, and how many the pull request has. */
export interface CommitList {
  commits: readonly CommitFacts[];
  /** The pull request's number of commits as GitHub counts them (the largest count it gave). */
  total: number;
}

export interface TimelineEventFacts {
  event?: string;
  actor?: { login: string } | null;
}

/** Not every commit could be read (more than GitHub lists): the contributors are not known. */
export const TOO_MANY_COMMITS = 'too-many-commits';

/**
 * The accounts behind the commits, lower-cased and sorted; `too-many-commits` when fewer commits
 * were read than the PR has; null when a commit's authors were not all read.
 */
export type Contributors = readonly string[] | typeof TOO_MANY_COMMITS | null;

/** The accounts behind the commits and force pushes. */
export function contributorsOf(list: CommitList, timeline: readonly TimelineEventFacts[]): Contributors {
  if (list.commits.length < list.total) return TOO_MANY_COMMITS;
  if (list.commits.some((commit) => !commit.authorsComplete)) return null;
  const logins = new Set<string>();
  const add = (login: string | undefined | null): void => {
    if (login) logins.add(login.toLowerCase());
  };
  for (const commit of list.commits) {
    for (const login of commit.authors) add(login);
    add(commit.committer);
    for (const login of coAuthorLogins(commit.message)) add(login);
  }
  for (const event of timeline) if (event.event === 'head_ref_force_pushed') add(event.actor?.login);
  return [...logins].sort();
}

/**
 * `Co-authored-by: Name <12345+login@users.noreply.github.com>` names an account by its login,
 * whether GitHub links the trailer or not; `Commit.authors` covers every other address.
 */
export function coAuthorLogins(message: string): string[] {
  const logins: string[] = [];
  for (const match of message.matchAll(/^co-authored-by:[^<\n]*<([^>\n]+)>\s*$/gim)) {
    const noreply = /^(?:\d+\+)?([A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\[bot\])?)@users\.noreply\.github\.com$/i.exec(match[1]?.trim() ?? '');
    if (noreply?.[1]) logins.push(noreply[1]);
  }
  return logins;
}

/** The events whose sender pushed the head the run analyzes (the commits of `opened`/`reopened`, the push of `synchronize`). */
const HEAD_MOVING_ACTIONS = new Set(['opened', 'reopened', 'synchronize']);

/**
 * The pushers the stored state keeps: those already recorded, and the sender of this event when
 * it moved the head. GitHub names no pusher of an ordinary push through its API, and a push's
 * commits may carry anyone's email, so the run that analyzes a push records who sent it; the
 * list only grows while the PR is open. Lower-cased, sorted.
 */
export function recordedPushers(recorded: readonly string[], action: string | null, sender: string | null): string[] {
  const logins = new Set(recorded.map((login) => login.toLowerCase()));
  if (sender && action && HEAD_MOVING_ACTIONS.has(action)) logins.add(sender.toLowerCase());
  return [...logins].sort();
}

/** The contributors an approval is checked against: the commits' (unknown stays unknown) and the recorded pushers. */
export function withPushers(contributors: Contributors, pushers: readonly string[]): Contributors {
  return typeof contributors === 'object' && contributors !== null ? [...new Set([...contributors, ...pushers.map((login) => login.toLowerCase())])].sort() : contributors;
}
