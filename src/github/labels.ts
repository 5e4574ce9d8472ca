/**
 * The facts approval is decided on, read through the API (never from the event payload, which a
 * re-run replays frozen): the labels on the PR now, who added the approval label last, and that
 * account's repository role. And the approval label itself: created in the repository when it is
 * missing, so that a reviewer finds it in the labels menu.
 */
import type { LabelEvent, Permission } from '../decision/approval.js';
import { APPROVAL_LABEL_COLOR, APPROVAL_LABEL_DESCRIPTION, type LabelAvailability } from '../render/approval-label.js';
import { call, GitHubCallError, type GitHubClient } from './client.js';
import type { RepoRef } from './comment.js';

export async function hasLabel(client: GitHubClient, repo: RepoRef, issueNumber: number, labelName: string): Promise<boolean> {
  const labels = await call('listing the pull request labels', () =>
    client.paginate(client.rest.issues.listLabelsOnIssue, { ...repo, issue_number: issueNumber, per_page: 100 }),
  );
  return labels.some((label) => sameLabel(label.name, labelName));
}

/**
 * Creates the label unless the repository has it (`GET` first: a run that finds it writes
 * nothing). Creating needs the Issues or Pull requests repository permission (write); a 403 or
 * 404 on the create is that permission missing, and is reported, not thrown.
 */
export async function ensureLabel(client: GitHubClient, repo: RepoRef, name: string, options: { fromFork: boolean }): Promise<LabelAvailability> {
  if (await repositoryHasLabel(client, repo, name)) return { kind: 'exists' };
  const repository = `${repo.owner}/${repo.repo}`;
  if (options.fromFork) return { kind: 'missing', repository, why: 'fork' };
  try {
    await call('creating the approval label', () => client.rest.issues.createLabel({ ...repo, name, color: APPROVAL_LABEL_COLOR, description: APPROVAL_LABEL_DESCRIPTION }));
    return { kind: 'created' };
  } catch (error) {
    if (!(error instanceof GitHubCallError)) throw error;
    // 422 `already_exists`: created in the meantime by a concurrent run, which is what was wanted.
    if (error.status === 422 && (await repositoryHasLabel(client, repo, name))) return { kind: 'exists' };
    if (error.status === 403 || error.status === 404) return { kind: 'missing', repository, why: { refused: `${error.status} ${error.apiMessage}` } };
    throw error;
  }
}

async function repositoryHasLabel(client: GitHubClient, repo: RepoRef, name: string): Promise<boolean> {
  try {
    await call('reading the approval label', () => client.rest.issues.getLabel({ ...repo, name }));
    return true;
  } catch (error) {
    if (error instanceof GitHubCallError && error.status === 404) return false;
    throw error;
  }
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
