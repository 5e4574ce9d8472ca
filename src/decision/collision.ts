/**
 * One check name, one verdict (contract §6). Every check run the action writes is marked with the
 * analysis it carries: which plans, by which job. When another analysis of different plans has
 * reported under the same check name on the same head (two matrix jobs with the default
 * `check-name`), the later one must not replace that verdict with its own: the check fails closed.
 * Pure.
 */

/** Who analyzed which plans: what a check run's mark says. */
export interface AnalysisMark {
  /** The plan names analyzed, sorted: the identity of an analysis. */
  plans: string[];
  workflow: string;
  job: string;
  runId: string;
}

const MARK_PREFIX = '<!-- tf-plan-guard:analysis ';
const MARK_SUFFIX = ' -->';

export function analysisMark(plans: readonly string[], env: NodeJS.ProcessEnv): AnalysisMark {
  return {
    plans: [...new Set(plans)].sort(),
    workflow: env['GITHUB_WORKFLOW'] ?? '',
    job: env['GITHUB_JOB'] ?? '',
    runId: env['GITHUB_RUN_ID'] ?? '',
  };
}

/** The mark as one line (kept in the check run's `output.text`, which reviewers do not read). */
export function markLine(mark: AnalysisMark): string {
  return `${MARK_PREFIX}${Buffer.from(JSON.stringify(mark), 'utf8').toString('base64')}${MARK_SUFFIX}`;
}

/** The mark in a check run's text; null when there is none or it cannot be read. */
export function parseMark(text: string | null | undefined): AnalysisMark | null {
  const line = (text ?? '').split('\n').find((candidate) => candidate.startsWith(MARK_PREFIX) && candidate.endsWith(MARK_SUFFIX));
  if (!line) return null;
  try {
    const value: unknown = JSON.parse(Buffer.from(line.slice(MARK_PREFIX.length, -MARK_SUFFIX.length), 'base64').toString('utf8'));
    if (value === null || typeof value !== 'object') return null;
    const record = value as Record<string, unknown>;
    const plans = record['plans'];
    if (!Array.isArray(plans) || !plans.every((plan) => typeof plan === 'string')) return null;
    const text = (key: string) => (typeof record[key] === 'string' ? (record[key] as string) : '');
    return { plans: [...plans].sort(), workflow: text('workflow'), job: text('job'), runId: text('runId') };
  } catch {
    return null;
  }
}

/**
 * The analysis of other plans that already reported under this check on this head, if any: the
 * newest such mark (marks are given newest first). Runs of the same plans (a re-run, a label
 * event re-evaluating, another event on the same head) are the same analysis.
 */
export function collidingAnalysis(own: AnalysisMark, marks: readonly (AnalysisMark | null)[]): AnalysisMark | null {
  const key = JSON.stringify(own.plans);
  return marks.find((mark): mark is AnalysisMark => mark !== null && JSON.stringify(mark.plans) !== key) ?? null;
}
