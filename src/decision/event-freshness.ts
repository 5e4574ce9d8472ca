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

/**
 * Null when the event is of the PR's current head and base branch (a base the event did not name
 * is the current one). A base commit that moved on the same branch is not staleness: GitHub moves
 * a PR's base.sha as its base branch moves, between the event and the API read as in any re-run,
 * and the run goes on with the current base commit (where the policy is read). Only without the
 * branch names are the base commits compared.
 */
export function staleEvent(event: PullRequestTip, current: PullRequestTip): StaleEvent | null {
  if (event.headSha !== current.headSha) return { moved: 'head', event, current };
  const differs = (a: string | null, b: string | null) => a !== null && b !== null && a !== b;
  const bothRefs = event.baseRef !== null && current.baseRef !== null;
  if (bothRefs ? differs(event.baseRef, current.baseRef) : differs(event.baseSha, current.baseSha)) return { moved: 'base', event, current };
  return null;
}
