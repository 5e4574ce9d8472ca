/**
 * Reads what says who made the commits of a pull request: the accounts GitHub links to each
 * commit's authors (git author and `Co-authored-by` trailers) and committer, through GraphQL (the
 * REST API links no co-author), and its timeline's force pushes. Who counts as an author is
 * decided in decision/contributors.ts.
 */
import { call, type GitHubClient } from './client.js';
import type { RepoRef } from './comment.js';
import { contributorsOf, type CommitFacts, type CommitList, type Contributors, type TimelineEventFacts } from '../decision/contributors.js';

/** GraphQL's largest page: 100 commits of 100 authors each stays far below its node limit (500,000). */
const PAGE = 100;

const COMMITS_QUERY = `query($owner: String!, $repo: String!, $number: Int!, $after: String) {
  repository(owner: $owner, name: $repo) {
    pullRequest(number: $number) {
      commits(first: ${PAGE}, after: $after) {
        totalCount
        pageInfo { hasNextPage endCursor }
        nodes {
          commit {
            message
            authors(first: ${PAGE}) { totalCount nodes { user { login } } }
            committer { user { login } }
          }
        }
      }
    }
  }
}`;

interface CommitsPage {
  repository: {
    pullRequest: {
      commits: {
        totalCount: number;
        pageInfo: { hasNextPage: boolean; endCursor: string | null };
        nodes: ({ commit: { message: string; authors: { totalCount: number; nodes: ({ user: { login: string } | null } | null)[] | null }; committer: { user: { login: string } | null } | null } } | null)[] | null;
      };
    } | null;
  } | null;
}

/**
 * The accounts behind the commits, lower-cased (decision/contributors.ts). `commitCount` is the
 * PR's number of commits as its REST object gives it, when known: the list is complete only when
 * as many commits were read as either count says.
 */
export async function pullRequestContributors(client: GitHubClient, repo: RepoRef, pullNumber: number, commitCount: number | null): Promise<Contributors> {
  const list = await pullRequestCommits(client, repo, pullNumber);
  const timeline = await call('listing the pull request timeline', () =>
    client.paginate(client.rest.issues.listEventsForTimeline, { ...repo, issue_number: pullNumber, per_page: 100 }),
  );
  return contributorsOf({ ...list, total: Math.max(list.total, commitCount ?? 0) }, timeline as unknown as TimelineEventFacts[]);
}

/** Every commit GitHub lists for the pull request, page by page, and the count it gives. */
export async function pullRequestCommits(client: GitHubClient, repo: RepoRef, pullNumber: number): Promise<CommitList> {
  const commits: CommitFacts[] = [];
  let total = 0;
  let after: string | null = null;
  do {
    const variables: Record<string, unknown> = { owner: repo.owner, repo: repo.repo, number: pullNumber, after };
    const data: CommitsPage = await call('listing the authors of the pull request commits (GraphQL)', () => client.graphql<CommitsPage>(COMMITS_QUERY, variables));
    const connection = data.repository?.pullRequest?.commits;
    if (!connection) throw new Error(`listing the authors of the pull request commits (GraphQL) failed: pull request #${pullNumber} not found`);
    total = Math.max(total, connection.totalCount);
    for (const node of connection.nodes ?? []) {
      if (!node) continue;
      const authors = (node.commit.authors.nodes ?? []).map((author) => author?.user?.login ?? null);
      commits.push({ authors, authorsComplete: authors.length >= node.commit.authors.totalCount, committer: node.commit.committer?.user?.login ?? null, message: node.commit.message });
    }
    after = connection.pageInfo.hasNextPage && (connection.nodes?.length ?? 0) > 0 ? connection.pageInfo.endCursor : null;
  } while (after !== null);
  return { commits, total };
}
