/**
 * What the check and the step say when two analyses of different plans share one check name
 * (decision/collision.ts): both jobs, and the two ways out.
 */
import type { AnalysisMark } from '../decision/collision.js';
import { code, escapeText } from './escape.js';

const FIX = 'give each job its own `check-name` input, or analyze all plans in one job (README: "Matrix jobs: one job analyzes every plan")';

export function collisionTitle(checkName: string): string {
  return `Failing closed: two analyses of different plans report as "${checkName}"`;
}

export function collisionSummary(checkName: string, own: AnalysisMark, other: AnalysisMark): string {
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

function plansMarkdown(mark: AnalysisMark): string {
  return mark.plans.length > 0 ? mark.plans.map((plan) => code(plan)).join(', ') : 'no plan';
}
