/**
 * The pull request as it is now (GET pulls/{n}): a re-run of an old workflow run replays that
 * run's event payload, so the payload's head and base say what the PR was, not what it is.
 */
import type { PullRequestTip } from '../decision/event-freshness.js';
import { call, type GitHubClient } from './client.js';
import type { RepoRef } from './comment.js';

export interface CurrentPullRequest extends PullRequestTip {
  /** How many commits the PR has, as GitHub counts them. */
  commitCount: number;
}

export async function currentPullRequest(client: GitHubClient, repo: RepoRef, pullNumber: number): Promise<CurrentPullRequest> {
  const { data } = await call('reading the pull request', () => client.rest.pulls.get({ ...repo, pull_number: pullNumber }));
  return { headSha: data.head.sha, baseSha: data.base.sha, baseRef: data.base.ref, commitCount: data.commits };
}
