/**
 * The job summary: the headline, the verdict and the complete report (the comment and the check
 * list a few addresses per group; the summary lists them all, grouped to stay within GitHub's
 * 1 MiB). After a check-name collision it opens with what collided.
 */
import type { SecretValues } from '../plan/model.js';
import { headLines, type CommentInput } from './comment.js';
import { escapeText } from './escape.js';
import { fitReport, sizeOf } from './fit.js';
import { scrubMarkdown } from './scrub.js';

/** GitHub's limit on one step's job summary. */
const JOB_SUMMARY_LIMIT = 1_048_576;

export type SummaryInput = Pick<CommentInput, 'checkName' | 'approvalLabel' | 'settings' | 'state' | 'decision'> & Pick<Partial<CommentInput>, 'labelAvailability'> & {
  /** The plan sections, every address listed. */
  reportBody: string;
  secrets: SecretValues;
};

export function summaryMarkdown(input: SummaryInput): string {
  const head = scrubMarkdown([...headLines(input, 'job-summary'), '', ''].join('\n'), input.secrets);
  const body = fitReport(scrubMarkdown(input.reportBody, input.secrets), JOB_SUMMARY_LIMIT - sizeOf(head, 'bytes') - 1, {
    surface: 'the job summary',
    where: 'the `report-file` output (the JSON report)',
    measure: 'bytes',
  });
  return `${head}${body}\n`;
}

/** The summary opened by the collision's title and explanation (render/collision.ts), when there is one. */
export function withCollisionSummary(markdown: string, collision: { title: string; summary: string } | null): string {
  return collision ? `## ⛔ ${escapeText(collision.title)}\n\n${collision.summary}\n\n${markdown}` : markdown;
}
