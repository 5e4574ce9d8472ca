/**
 * Who made the commits of a pull request, as far as GitHub links them to accounts: the PR's
 * commits' authors and committers, the accounts named by their `Co-authored-by` trailers (when
 * the address is an account's noreply address), and the actors of force pushes to its head. A
 * pusher who approves their own push approves their own change, like the PR's author. Pure.
 */

/** The raw shapes read, as far as this module reads them. */
export interface CommitFacts {
  author: { login?: string } | null | Record<string, never>;
  committer: { login?: string } | null | Record<string, never>;
  commit: { message: string };
}

export interface TimelineEventFacts {
  event?: string;
  actor?: { login: string } | null;
}

/** The accounts behind the commits and force pushes. */
export function contributorsOf(commits: readonly CommitFacts[], timeline: readonly TimelineEventFacts[]): string[] {
  const logins = new Set<string>();
  const add = (login: string | undefined | null): void => {
    if (login) logins.add(login.toLowerCase());
  };
  for (const commit of commits) {
    add((commit.author as { login?: string } | null)?.login);
    add((commit.committer as { login?: string } | null)?.login);
    for (const login of coAuthorLogins(commit.commit.message)) add(login);
  }
  for (const event of timeline) if (event.event === 'head_ref_force_pushed') add(event.actor?.login);
  return [...logins].sort();
}

/**
 * `Co-authored-by: Name <12345+login@users.noreply.github.com>` names an account; any other
 * address cannot be tied to an account through the API, and is not counted.
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

/** The contributors an approval is checked against: the commits' (null when unknown stays unknown) and the recorded pushers. */
export function withPushers(contributors: readonly string[] | null, pushers: readonly string[]): string[] | null {
  return contributors === null ? null : [...new Set([...contributors, ...pushers.map((login) => login.toLowerCase())])].sort();
}
