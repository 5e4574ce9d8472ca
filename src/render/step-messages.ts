/**
 * What the action's step says in the workflow log: the verdict line, the failure line, and the
 * warnings that explain why the gate withheld something or wrote nothing. One line each, so they
 * read well as annotations on the run.
 */
import type { ApprovalSettings } from '../decision/approval.js';
import type { StoredState } from '../decision/comment-state.js';
import type { Distrust } from '../decision/stored-state-trust.js';
import { formatCount } from '../numbers.js';
import { verdictText, type CommentInput } from './comment.js';

const PREFIX = 'tf-plan-guard:';

/** The verdict, logged at the end of every run. */
export function verdictLine(input: Pick<CommentInput, 'state' | 'decision'>, where: 'pull-request' | 'no-pull-request'): string {
  return `${PREFIX} ${verdictText(input)}${where === 'no-pull-request' ? ' (no pull request: nothing posted)' : ''}`;
}

/** Why the step fails: how many changes need approval, and who may give it. */
export function failureLine(state: Pick<StoredState, 'blockingTotal' | 'blockOn'>, settings: ApprovalSettings, approvalLabel: string): string {
  const count = `${formatCount(state.blockingTotal)} blocking change${state.blockingTotal === 1 ? '' : 's'}`;
  const who =
    settings.approvers.length > 0
      ? `one of ${settings.approvers.map((login) => `@${login}`).join(', ')} (with at least the ${settings.approverPermission} role)`
      : `someone with at least the ${settings.approverPermission} role`;
  // Pushers, committers and co-authors are authors too (decision/approval.ts).
  const notAuthors = settings.allowSelfApproval ? '' : ", other than the PR's author and anyone who pushed to it,";
  return `${PREFIX} ${count} at or above ${state.blockOn} ${state.blockingTotal === 1 ? 'needs' : 'need'} approval: ${who}${notAuthors} adds the label "${approvalLabel}"`;
}

/** The stored state is not believed: why, and what it costs (an earlier approval must be given again). */
export function untrustedStateWarning(distrust: Distrust, checkName: string): string {
  return `${PREFIX} the state stored in the tf-plan-guard comment is not trusted: ${distrustWords(distrust, checkName)}. An approval given before needs the label again after the next analysis.`;
}

function distrustWords(distrust: Distrust, checkName: string): string {
  switch (distrust.reason) {
    case 'editor-unknown':
      return `who edited the comment last could not be read (${distrust.error})`;
    case 'edited-by-other':
      return `the comment was edited after the action wrote it, by ${distrust.editor}`;
    case 'unsealed':
      return `no "${checkName}" check run of ${distrust.app ?? 'the action'} on commit ${(distrust.headSha ?? 'unknown').slice(0, 12)} carries its seal (the comment was edited after the action wrote it)`;
  }
}

/** The first write the token was refused: nothing more is written, and the step carries the verdict. */
export function readOnlyTokenWarning(error: string, fromFork: boolean): string {
  const why = fromFork ? 'this pull request comes from a fork, whose token is read-only' : 'the token lacks a permission (see the permissions: block in the docs)';
  return `${PREFIX} the token cannot write to this pull request (${error}): ${why}. No comment or check is posted; the job summary has the report and the step fails while a blocking change is unapproved.`;
}

/** The PR's file list could not be read (a 403 other than a read-only token's). */
export function unreadableFilesWarning(error: string): string {
  return `${PREFIX} ${error}; empty-prior-state cannot tell whether this PR adds the configuration`;
}

/** The PR changes the workflow running this check: the gate's inputs are the base copy's, not the PR's. */
export function inputsSetAsideWarning(workflowPath: string, setAside: readonly string[]): string {
  return `${PREFIX} this pull request changes ${workflowPath}, the workflow running this check, so until it is merged the gate's inputs are the base copy's (the strictest reading where that cannot be read), not the pull request's: ${setAside.join('; ')}`;
}

/** No GITHUB_WORKFLOW_REF of this repository: any touched workflow or local action may be the one running the check. */
export function unknownWorkflowWarning(touched: readonly string[] | null): string {
  const what = touched === null ? 'its file list could not be read whole' : `it touches ${touched.slice(0, 5).join(', ')}${touched.length > 5 ? ` and ${touched.length - 5} more` : ''}`;
  return `${PREFIX} the runner does not say which workflow runs this check (GITHUB_WORKFLOW_REF is unset or names another repository's), so this pull request counts as changing it (${what}): workflow-changed blocks, and the gate takes the strictest reading of its inputs`;
}

/** A new comment written by another login than the one the action looks for would never be found again. */
export function commentIdentityWarning(writtenAs: string, lookedFor: string): string {
  return `${PREFIX} this token writes comments as ${writtenAs}, but the action looks for comments by ${lookedFor}: set the input comment-author to "${writtenAs}", or every run posts a new comment and approvals are never remembered`;
}

export const REEVALUATE_WITHOUT_COMMENT = `${PREFIX} re-evaluating approval without a plan needs the comment (input "comment" is false); nothing to do`;

export const NO_REPORT_TO_REEVALUATE = `${PREFIX} no earlier tf-plan-guard report on this PR to re-evaluate; the next analysis will post one`;

/** A label event while the stored report is for an older commit than the head. */
export function reportOfOlderHeadWarning(reportHeadSha: string | null, headSha: string): string {
  const head = headSha.slice(0, 12);
  return `${PREFIX} the last report is for commit ${(reportHeadSha ?? 'unknown').slice(0, 12)}, not the head ${head}; the analysis of ${head} decides and reads the labels itself: if its run was cancelled (a label event queued behind it cancels a pending run), re-run the workflow run of the push of ${head}, or push a commit`;
}

/** The approval label was missing from the repository and the action created it. */
export function labelCreatedLine(label: string, repo: { owner: string; repo: string }): string {
  return `${PREFIX} created the approval label "${label}" in ${repo.owner}/${repo.repo}`;
}
