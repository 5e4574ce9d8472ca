/**
 * Whether the event a run was started by still describes the pull request. Re-running an old
 * workflow run replays its old event (its head, its base, its checkout): its plan is of that
 * head merged into that base, and its verdict must not stand for the PR as it is now (a PR
 * retargeted to a branch with a looser policy and back, then an old run re-run, would pass).
 * Pure.
 */

/** A pull request's head and base, as an event or the API gives them. */
export interface PullRequestTip {
  headSha: string;
  /** Null when the event did not say. */
  baseSha: string | null;
  baseRef: string | null;
}

/** What moved since the event: its head, or (same head) its base. */
export interface StaleEvent {
  moved: 'head' | 'base';
  event: PullRequestTip;
  current: PullRequestTip;
}

/** Null when the event is of the PR's current head and base (a base the event did not name is the current one). */
export function staleEvent(event: PullRequestTip, current: PullRequestTip): StaleEvent | null {
  if (event.headSha !== current.headSha) return { moved: 'head', event, current };
  const differs = (a: string | null, b: string | null) => a !== null && b !== null && a !== b;
  if (differs(event.baseSha, current.baseSha) || differs(event.baseRef, current.baseRef)) return { moved: 'base', event, current };
  return null;
}
