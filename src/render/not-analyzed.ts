/**
 * What the check and the step say when a run gives no verdict of its own and fails the check
 * closed: the analysis is still running, it failed, the trigger checked out the base rather than
 * the pull request, the run's event is older than the pull request, the pull request's base
 * changed since the stored verdict, or a label event finds no report it may re-evaluate.
 */
import type { PullRequestTip, StaleEvent } from '../decision/event-freshness.js';
import { code, escapeText } from './escape.js';

const PREFIX = 'tf-plan-guard:';

/** A failing check with no verdict, and the step's one line. */
export interface NotAnalyzed {
  title: string;
  summary: string;
  line: string;
}

/** The `in_progress` check run's words, while the run analyzes. */
export function analysisRunning(checkName: string): { title: string; summary: string } {
  return {
    title: 'Analyzing the plans of this commit',
    summary: `tf-plan-guard is analyzing this commit's plans; this check run will carry the verdict of ${code(checkName)}. Should the run fail, it fails this check rather than leave an earlier verdict standing.`,
  };
}

/**
 * The run failed after it started the check: the error, in one line, escaped as text (it may name
 * a plan file, and a name is the PR's text: audit 27 F5).
 */
export function analysisFailed(error: string): NotAnalyzed {
  return {
    title: 'Not analyzed: the run failed',
    summary: `**Not analyzed.** The run failed before it reached a verdict, so no earlier verdict stands for this commit:\n\n> ${escapeText(error.replace(/\s*\n\s*/g, ' '))}\n\nFix the cause and re-run the job.`,
    line: `${PREFIX} ${error}`,
  };
}

/** `pull_request_target` checks out the base branch: a plan made there says nothing about the PR's head. */
export function pullRequestTargetNotAnalyzed(): NotAnalyzed {
  const why =
    'on pull_request_target the workflow checks out the base branch, not the pull request, so its plan says nothing about the commits of the pull request; run tf-plan-guard on pull_request (README: "Forks, and why not pull_request_target")';
  return {
    title: 'Not analyzed: pull_request_target plans the base branch',
    summary: `**Not analyzed.** On ${code('pull_request_target')} the workflow checks out the base branch, not the pull request, so the plan it made says nothing about this commit, and no verdict is written for it. Run tf-plan-guard on ${code('pull_request')} (README: "Forks, and why not pull_request_target").`,
    line: `${PREFIX} not analyzed: ${why}`,
  };
}

/** A label event on a pull request whose base is not the one the stored verdict was decided against. */
export function baseChangedNotAnalyzed(reportBaseSha: string | null, baseSha: string | null): NotAnalyzed {
  const was = reportBaseSha ? `base ${reportBaseSha.slice(0, 12)}` : 'an unrecorded base';
  const now = baseSha ? `the base is now ${baseSha.slice(0, 12)}` : 'the current base is unknown';
  return {
    title: 'Not analyzed: the base of the pull request changed',
    summary: `**Not analyzed.** The last analysis was decided against ${was}, and ${now}: the policy of the base decides, so that verdict does not stand for this base. Push a commit, or run the analysis on an ${code('edited')} event (README: "A complete workflow"), to analyze the pull request against its current base.`,
    line: `${PREFIX} not analyzed: the last analysis was decided against ${was} and ${now}; re-run the analysis against the current base (push a commit, or edit the pull request's base with the workflow listening to "edited")`,
  };
}

/** The run's event is of an older head or base than the pull request's now (a re-run of an old run replays its event). */
export function olderEventNotAnalyzed(stale: StaleEvent): NotAnalyzed {
  const tip = (of: PullRequestTip) =>
    stale.moved === 'head' ? `head ${of.headSha.slice(0, 12)}` : `base ${of.baseRef ?? 'unknown'} (${(of.baseSha ?? 'unknown').slice(0, 12)})`;
  const was = tip(stale.event);
  const now = tip(stale.current);
  return {
    title: `Not analyzed: this run's event is of an older ${stale.moved}`,
    summary: `**Not analyzed.** This run was started by an event of ${code(was)}, and the pull request's ${stale.moved} is now ${code(now.replace(/^\S+ /, ''))}. A re-run of an old workflow run replays that run's event and checkout, so its plan does not stand for the pull request as it is now, and its verdict is not written. Re-run the latest workflow run of this pull request, or push a commit.`,
    line: `${PREFIX} not analyzed: this run's event is of ${was}, but the pull request's ${stale.moved} is now ${now.replace(/^\S+ /, '')} (a re-run replays its run's old event); re-run the latest workflow run of this pull request, or push a commit`,
  };
}

/** A label event with no report of the action's on the pull request to re-evaluate. */
export function noReportNotEvaluated(line: string): NotAnalyzed {
  return {
    title: 'Not evaluated: no tf-plan-guard report on this pull request',
    summary: `**Not evaluated.** A label changed, but there is no tf-plan-guard report on this pull request to re-evaluate (the analysis has not run yet, or its comment is gone), so no earlier verdict stands. The analysis of the head posts one and decides this check: push a commit, or re-run the analysis.`,
    line,
  };
}

/** A label event whose stored report fails the checks of its trust (the run's warning says why). */
export function untrustedReportNotEvaluated(): NotAnalyzed {
  return {
    title: 'Not evaluated: the stored report cannot be trusted',
    summary: `**Not evaluated.** A label changed, but the state kept in tf-plan-guard's comment fails its checks (the run's warning says why), so no approval is read from it and no earlier verdict stands. Re-run the analysis of the head, or push a commit: it writes a new report.`,
    line: `${PREFIX} not evaluated: the stored report cannot be trusted; re-run the analysis of the head, or push a commit`,
  };
}

/** A label event while the stored report is of an older commit than the head. */
export function olderReportNotEvaluated(line: string, reportHeadSha: string | null, headSha: string): NotAnalyzed {
  return {
    title: 'Not evaluated: the last report is of an older commit',
    summary: `**Not evaluated.** A label changed, but the last report is for commit ${code((reportHeadSha ?? 'unknown').slice(0, 12))}, not the head ${code(headSha.slice(0, 12))}: only the analysis of ${code(headSha.slice(0, 12))} can decide it, and it reads the labels itself. It runs on the push of ${code(headSha.slice(0, 12))}; GitHub cancels a pending run when a newer run of its concurrency group is queued (this label event's, for one), so if that analysis shows as cancelled, re-run the workflow run of the push of ${code(headSha.slice(0, 12))} (not this label event's run), or push a commit.`,
    line,
  };
}
