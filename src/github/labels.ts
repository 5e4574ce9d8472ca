/**
 * The facts approval is decided on, read through the API (never from the event payload, which a
 * re-run replays frozen): the labels on the PR now, who added the approval label last, and that
 * account's repository role.
 */
import type { LabelEvent, Permission } from '../decision/approval.js';
import { call, GitHubCallError, type GitHubClient } from './client.js';
import type { RepoRef } from './comment.js';

export async function hasLabel(client: GitHubClient, repo: RepoRef, issueNumber: number, labelName: string): Promise<boolean> {
  const labels = await call('listing the pull request labels', () =>
    client.paginate(client.rest.issues.listLabelsOnIssue, { ...repo, issue_number: issueNumber, per_page: 100 }),
  );
  return labels.some((label) => sameLabel(label.name, labelName));
}

/** The raw shape of an issue event, as far as approval reads it. */
export interface IssueEventFacts {
  id: number;
  event: string;
  created_at: string;
  label?: { name: string } | null;
  actor: { login: string; type: string } | null;
  performed_via_github_app?: unknown;
}

export async function latestLabeledEvent(client: GitHubClient, repo: RepoRef, issueNumber: number, labelName: string): Promise<LabelEvent | null> {
  const events = await call('listing the pull request events', () =>
    client.paginate(client.rest.issues.listEvents, { ...repo, issue_number: issueNumber, per_page: 100 }),
  );
  return pickLatestLabeled(events as unknown as IssueEventFacts[], labelName);
}

/** The newest `labeled` event for the label (by time, then id). Pure. */
export function pickLatestLabeled(events: readonly IssueEventFacts[], labelName: string): LabelEvent | null {
  let latest: IssueEventFacts | null = null;
  for (const event of events) {
    if (event.event !== 'labeled' || !event.label || !sameLabel(event.label.name, labelName) || !event.actor) continue;
    if (!latest || event.created_at > latest.created_at || (event.created_at === latest.created_at && event.id > latest.id)) latest = event;
  }
  if (!latest?.actor) return null;
  return {
    id: latest.id,
    actor: { login: latest.actor.login, type: latest.actor.type },
    createdAt: latest.created_at,
    viaApp: latest.performed_via_github_app !== null && latest.performed_via_github_app !== undefined,
  };
}

/** The account's repository permission; null when it is not a collaborator. */
export async function collaboratorPermission(client: GitHubClient, repo: RepoRef, login: string): Promise<Permission | null> {
  try {
    const { data } = await call(`reading the repository permission of ${login}`, () =>
      client.rest.repos.getCollaboratorPermissionLevel({ ...repo, username: login }),
    );
    return { roleName: data.role_name ?? null, permission: data.permission ?? null };
  } catch (error) {
    if (error instanceof GitHubCallError && error.status === 404) return null;
    throw error;
  }
}

export async function removeLabel(client: GitHubClient, repo: RepoRef, issueNumber: number, labelName: string): Promise<void> {
  try {
    await call('removing the approval label', () => client.rest.issues.removeLabel({ ...repo, issue_number: issueNumber, name: labelName }));
  } catch (error) {
    // Already gone: the goal is reached.
    if (error instanceof GitHubCallError && error.status === 404) return;
    throw error;
  }
}

/** GitHub label names are case-insensitive. */
export function sameLabel(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}
