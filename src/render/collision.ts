/**
 * What the check and the step say when two analyses share one check on one head
 * (decision/collision.ts): two analyses of different plans (both jobs, and the two ways out), or
 * two pull requests of the same head commit (both PRs, and the way out).
 */
import { isOtherPullRequest, type AnalysisMark } from '../decision/collision.js';
import { code, escapeText } from './escape.js';

const PULL_REQUESTS_FIX =
  'close the other pull request and push a new commit to this one: a check run belongs to a commit, so one head under two bases (two policies) cannot carry one verdict';

const FIX = 'give each job its own `check-name` input, or analyze all plans in one job (README: "Matrix jobs: one job analyzes every plan")';

export function collisionTitle(checkName: string, own: AnalysisMark, other: AnalysisMark): string {
  if (isOtherPullRequest(own, other)) return `Failing closed: two pull requests share this head commit under "${checkName}"`;
  return `Failing closed: two analyses of different plans report as "${checkName}"`;
}

export function collisionSummary(checkName: string, own: AnalysisMark, other: AnalysisMark): string {
  if (isOtherPullRequest(own, other)) {
    return [
      `**Two pull requests share this head commit; their analyses report under the check name ${code(checkName)}.** A check run belongs to a commit, not to a pull request, and each pull request is decided by the policy of its own base, so neither verdict may stand for the other: the check fails until this is fixed:`,
      '',
      `- ${pullRequestWords(other)} was analyzed by ${escapeText(jobWords(other))};`,
      `- ${pullRequestWords(own)} (this run) was analyzed by ${escapeText(jobWords(own))}.`,
      '',
      `To fix it, ${PULL_REQUESTS_FIX}.`,
    ].join('\n');
  }
  return [
    `**Two analyses of different plans report under the check name ${code(checkName)} on this commit.** One check carries one verdict, and neither may overwrite the other's, so the check fails until this is fixed:`,
    '',
    `- ${escapeText(jobWords(other))} analyzed ${plansMarkdown(other)};`,
    `- ${escapeText(jobWords(own))} (this run) analyzed ${plansMarkdown(own)}.`,
    '',
    `To fix it, ${FIX}.`,
  ].join('\n');
}

/** The step's one failure line. */
export function collisionLine(checkName: string, own: AnalysisMark, other: AnalysisMark): string {
  if (isOtherPullRequest(own, other)) {
    return (
      `tf-plan-guard: two pull requests share this head commit; the check "${checkName}" on it already carries the verdict of ${pullRequestWords(other)}, ` +
      `and this run analyzed ${pullRequestWords(own)}. Failing the check closed: ${PULL_REQUESTS_FIX}.`
    );
  }
  return (
    `tf-plan-guard: the check "${checkName}" on this commit already carries the verdict of ${jobWords(other)} for ${other.plans.join(', ') || 'no plan'}; ` +
    `this run, ${jobWords(own)}, analyzed ${own.plans.join(', ') || 'no plan'}. Failing the check closed: ${FIX.replace(/`/g, '')}.`
  );
}

function jobWords(mark: AnalysisMark): string {
  const job = mark.job ? `job "${mark.job}"` : 'a job';
  const workflow = mark.workflow ? ` of workflow "${mark.workflow}"` : '';
  const run = mark.runId ? ` (run ${mark.runId})` : '';
  return `${job}${workflow}${run}`;
}

function pullRequestWords(mark: AnalysisMark): string {
  const base = mark.baseSha ? ` against base ${mark.baseSha.slice(0, 7)}` : '';
  return `pull request #${mark.pullRequest ?? '?'}${base}`;
}

function plansMarkdown(mark: AnalysisMark): string {
  return mark.plans.length > 0 ? mark.plans.map((plan) => code(plan)).join(', ') : 'no plan';
}
