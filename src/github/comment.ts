/**
 * The action's own PR comment: found by its marker AND its author, so a marker pasted into
 * someone else's comment is never edited and its state never trusted.
 */
import { hasMarker } from '../decision/comment-state.js';
import { call, GitHubCallError, type GitHubClient } from './client.js';

/** Who the action's comments are written by. */
export type CommentIdentity =
  /** A personal token: its user (from GET /user). */
  | { kind: 'user'; login: string }
  /** GITHUB_TOKEN or a GitHub App installation token: a Bot account. */
  | { kind: 'bot'; login: string };

export const GITHUB_ACTIONS_BOT = 'github-actions[bot]';

export interface IssueComment {
  id: number;
  /** The GraphQL id, to ask who edited the comment last. */
  nodeId: string;
  body: string;
  user: { login: string; type: string } | null;
}

export interface RepoRef {
  owner: string;
  repo: string;
}

/** Whether a comment was written by the action's identity. Pure. */
export function isOwnComment(comment: Pick<IssueComment, 'user'>, identity: CommentIdentity): boolean {
  const user = comment.user;
  if (!user) return false;
  if (user.login.toLowerCase() !== identity.login.toLowerCase()) return false;
  return identity.kind === 'user' || user.type === 'Bot';
}

/** The first comment carrying this check's marker that the action itself wrote. Pure. */
export function pickOwnComment(comments: readonly IssueComment[], checkName: string, identity: CommentIdentity): IssueComment | null {
  return comments.find((comment) => hasMarker(comment.body, checkName) && isOwnComment(comment, identity)) ?? null;
}

/**
 * The identity behind the token. Installation tokens (`ghs_`) cannot read /user: they write as
 * github-actions[bot] (GITHUB_TOKEN) or as the app's bot, which `commentAuthor` names.
 */
export async function resolveIdentity(client: GitHubClient, token: string, commentAuthor: string | null): Promise<CommentIdentity> {
  if (commentAuthor) return { kind: commentAuthor.toLowerCase().endsWith('[bot]') ? 'bot' : 'user', login: commentAuthor };
  if (token.startsWith('ghs_')) return { kind: 'bot', login: GITHUB_ACTIONS_BOT };
  try {
    const { data } = await call('reading the token\'s user (GET /user)', () => client.rest.users.getAuthenticated());
    return { kind: data.type === 'Bot' ? 'bot' : 'user', login: data.login };
  } catch (error) {
    if (error instanceof GitHubCallError && (error.status === 401 || error.status === 403 || error.status === 404)) {
      return { kind: 'bot', login: GITHUB_ACTIONS_BOT };
    }
    throw error;
  }
}

export async function findOwnComment(client: GitHubClient, repo: RepoRef, issueNumber: number, checkName: string, identity: CommentIdentity): Promise<IssueComment | null> {
  const comments = await call('listing the pull request comments', () =>
    client.paginate(client.rest.issues.listComments, { ...repo, issue_number: issueNumber, per_page: 100 }),
  );
  return pickOwnComment(
    comments.map((comment) => ({ id: comment.id, nodeId: comment.node_id, body: comment.body ?? '', user: comment.user ? { login: comment.user.login, type: comment.user.type } : null })),
    checkName,
    identity,
  );
}

/**
 * Updates the action's comment in place, or creates it when there is none yet. Returns the
 * comment as GitHub stored it, whose author is who the token really writes as.
 */
export async function upsertComment(client: GitHubClient, repo: RepoRef, issueNumber: number, existing: IssueComment | null, body: string): Promise<IssueComment> {
  const { data } = existing
    ? await call('updating the pull request comment', () => client.rest.issues.updateComment({ ...repo, comment_id: existing.id, body }))
    : await call('creating the pull request comment', () => client.rest.issues.createComment({ ...repo, issue_number: issueNumber, body }));
  return { id: data.id, nodeId: data.node_id, body: data.body ?? '', user: data.user ? { login: data.user.login, type: data.user.type } : null };
}

/** An account as GraphQL names it: a bot's login there has no `[bot]` suffix. */
export interface Actor {
  login: string;
  type: 'Bot' | 'User' | string;
}

const LAST_EDITOR_QUERY = `query($id: ID!) {
  node(id: $id) {
    ... on IssueComment {
      editor { __typename login }
    }
  }
}`;

/**
 * Who edited the comment last; null when nobody edited it since it was posted. The REST API
 * does not say; GraphQL's `editor` does.
 */
export async function lastEditor(client: GitHubClient, comment: Pick<IssueComment, 'nodeId'>): Promise<Actor | null> {
  const data = await call('reading who edited the tf-plan-guard comment (GraphQL)', () =>
    client.graphql<{ node: { editor?: { __typename: string; login: string } | null } | null }>(LAST_EDITOR_QUERY, { id: comment.nodeId }),
  );
  const editor = data.node?.editor;
  return editor ? { login: editor.login, type: editor.__typename } : null;
}
