/**
 * One check name, one verdict (contract §6). Every check run the action writes is marked with the
 * analysis it carries: which plans, by which job, for which pull request against which base
 * commit. When another analysis has reported under the same check name on the same head, the later
 * one must not replace that verdict with its own: the check fails closed. Another analysis is one
 * of different plans (two matrix jobs with the default `check-name`) or one of another pull
 * request: a check run belongs to a commit, so a second PR of the same head against a branch its
 * author controls (a looser policy on its base) would otherwise turn the first PR's required check
 * green. Pure.
 */

/** Who analyzed which plans: what a check run's mark says. */
export interface AnalysisMark {
  /** The plan names analyzed, sorted: the identity of an analysis. */
  plans: string[];
  workflow: string;
  job: string;
  runId: string;
  /** The pull request analyzed; null in marks written before it was recorded. */
  pullRequest: number | null;
  /** The base commit whose policy decided; null when unknown. */
  baseSha: string | null;
}

/** The pull request an analysis is for, as the mark records it. */
export interface MarkedPullRequest {
  number: number;
  baseSha: string | null;
}

const MARK_PREFIX = '<!-- tf-plan-guard:analysis ';
const MARK_SUFFIX = ' -->';

export function analysisMark(plans: readonly string[], env: NodeJS.ProcessEnv, pullRequest: MarkedPullRequest | null = null): AnalysisMark {
  return {
    plans: [...new Set(plans)].sort(),
    workflow: env['GITHUB_WORKFLOW'] ?? '',
    job: env['GITHUB_JOB'] ?? '',
    runId: env['GITHUB_RUN_ID'] ?? '',
    pullRequest: pullRequest?.number ?? null,
    baseSha: pullRequest?.baseSha ?? null,
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
    const pullRequest = record['pullRequest'];
    const baseSha = record['baseSha'];
    return {
      plans: [...plans].sort(),
      workflow: text('workflow'),
      job: text('job'),
      runId: text('runId'),
      pullRequest: typeof pullRequest === 'number' && Number.isInteger(pullRequest) ? pullRequest : null,
      baseSha: typeof baseSha === 'string' ? baseSha : null,
    };
  } catch {
    return null;
  }
}

/**
 * The other analysis that already reported under this check on this head, if any: the newest mark
 * (marks are given newest first) of other plans or of another pull request. Runs of the same plans
 * for the same pull request (a re-run, a label event re-evaluating, another event on the same
 * head, an analysis after the base changed) are the same analysis.
 */
export function collidingAnalysis(own: AnalysisMark, marks: readonly (AnalysisMark | null)[]): AnalysisMark | null {
  return marks.find((mark): mark is AnalysisMark => mark !== null && (isOtherPullRequest(own, mark) || JSON.stringify(mark.plans) !== JSON.stringify(own.plans))) ?? null;
}

/** Whether two marks are of different pull requests (a mark that names none is not). */
export function isOtherPullRequest(own: AnalysisMark, other: AnalysisMark): boolean {
  return own.pullRequest !== null && other.pullRequest !== null && own.pullRequest !== other.pullRequest;
}
