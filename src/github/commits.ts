/**
 * Reads what says who made the commits of a pull request: its commits and its timeline's force
 * pushes. Who counts as an author is decided in decision/contributors.ts.
 */
import { call, type GitHubClient } from './client.js';
import type { RepoRef } from './comment.js';
import { contributorsOf, type CommitFacts, type TimelineEventFacts } from '../decision/contributors.js';

/** GitHub lists at most this many commits of a pull request. */
export const PULL_REQUEST_COMMITS_LIMIT = 250;

/** Lower-cased logins; null when the list may be incomplete (GitHub's limit of commits reached). */
export async function pullRequestContributors(client: GitHubClient, repo: RepoRef, pullNumber: number): Promise<string[] | null> {
  const commits = await call('listing the pull request commits', () => client.paginate(client.rest.pulls.listCommits, { ...repo, pull_number: pullNumber, per_page: 100 }));
  if (commits.length >= PULL_REQUEST_COMMITS_LIMIT) return null;
  const timeline = await call('listing the pull request timeline', () =>
    client.paginate(client.rest.issues.listEventsForTimeline, { ...repo, issue_number: pullNumber, per_page: 100 }),
  );
  return contributorsOf(commits as unknown as CommitFacts[], timeline as unknown as TimelineEventFacts[]);
}
