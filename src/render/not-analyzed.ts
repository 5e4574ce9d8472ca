/**
 * What the check and the step say when a run gives no verdict of its own and fails the check
 * closed: the analysis is still running, it failed, the trigger checked out the base rather than
 * the pull request, or the pull request's base changed since the stored verdict.
 */
import { code } from './escape.js';

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

/** The run failed after it started the check: the error, in one line. */
export function analysisFailed(error: string): NotAnalyzed {
  return {
    title: 'Not analyzed: the run failed',
    summary: `**Not analyzed.** The run failed before it reached a verdict, so no earlier verdict stands for this commit:\n\n> ${error.replace(/\s*\n\s*/g, ' ')}\n\nFix the cause and re-run the job.`,
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
