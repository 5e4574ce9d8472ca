/**
 * The check run branch protection requires: one per run, on the PR's head commit, created
 * `in_progress` when the run starts (so an older verdict never stands while, or after, this run
 * fails) and completed with the verdict. GitHub takes at most 50 annotations per request, so the
 * rest follow in updates.
 */
import type { Annotation } from '../render/annotations.js';
import { call, GitHubCallError, type GitHubClient } from './client.js';
import type { RepoRef } from './comment.js';

export const ANNOTATIONS_PER_REQUEST = 50;
/** Beyond this the annotations stop helping a reviewer and cost a request per 50. */
export const MAX_ANNOTATIONS = 500;
export const CHECK_TEXT_LIMIT = 65_535;

export interface CheckRun {
  name: string;
  headSha: string;
  conclusion: 'success' | 'failure';
  title: string;
  summary: string;
  annotations: readonly Annotation[];
  /** The seal of the state the comment stores with this verdict (decision/state-seal.ts). */
  externalId: string;
  /** `output.text`: the analysis mark (decision/collision.ts). */
  text: string;
  /** The run's `in_progress` check run (startCheck) to complete; a new one is created when absent. */
  checkRunId?: number | undefined;
}

/** What an `in_progress` check run says while the run analyzes. */
export interface StartedCheck {
  name: string;
  headSha: string;
  title: string;
  summary: string;
  text: string;
}

/** Creates the run's check run `in_progress` on the head: the head's newest check until publishCheck completes it. */
export async function startCheck(client: GitHubClient, repo: RepoRef, check: StartedCheck): Promise<number> {
  const { data } = await callAsApp('creating the check run', () =>
    client.rest.checks.create({
      ...repo,
      name: check.name,
      head_sha: check.headSha,
      status: 'in_progress',
      output: { title: check.title.slice(0, 255), summary: truncate(check.summary, CHECK_TEXT_LIMIT), text: check.text },
    }),
  );
  return data.id;
}

export async function publishCheck(client: GitHubClient, repo: RepoRef, check: CheckRun): Promise<number> {
  const title = check.title.slice(0, 255);
  const summary = truncate(check.summary, CHECK_TEXT_LIMIT);
  const batches = annotationBatches(check.annotations.slice(0, MAX_ANNOTATIONS));
  const output = { title, summary, text: check.text, ...(batches[0] ? { annotations: batches[0] } : {}) };
  const started = check.checkRunId;
  const { data } =
    started === undefined
      ? await callAsApp('creating the check run', () =>
          client.rest.checks.create({ ...repo, name: check.name, head_sha: check.headSha, external_id: check.externalId, status: 'completed', conclusion: check.conclusion, output }),
        )
      : await callAsApp('completing the check run', () =>
          client.rest.checks.update({ ...repo, check_run_id: started, external_id: check.externalId, status: 'completed', conclusion: check.conclusion, output }),
        );
  for (const batch of batches.slice(1)) {
    await call('adding annotations to the check run', () =>
      client.rest.checks.update({ ...repo, check_run_id: data.id, output: { title, summary, text: check.text, annotations: batch } }),
    );
  }
  return data.id;
}

/**
 * The external ids of the check runs of this name on a commit that the app `appSlug` wrote: the
 * seals the action left there. Another app's check run of the same name is not the action's.
 */
export async function checkRunExternalIds(client: GitHubClient, repo: RepoRef, headSha: string, name: string, appSlug: string): Promise<(string | null)[]> {
  const runs = await call('listing the check runs of the commit', () =>
    client.paginate(client.rest.checks.listForRef, { ...repo, ref: headSha, check_name: name, filter: 'all', per_page: 100 }),
  );
  return runs.filter((run) => run.app?.slug?.toLowerCase() === appSlug.toLowerCase()).map((run) => run.external_id);
}

/** The `output.text` of every check run of this name on a commit, newest first as GitHub lists them. */
export async function checkRunTexts(client: GitHubClient, repo: RepoRef, headSha: string, name: string): Promise<(string | null)[]> {
  const runs = await call('listing the check runs of the commit', () =>
    client.paginate(client.rest.checks.listForRef, { ...repo, ref: headSha, check_name: name, filter: 'all', per_page: 100 }),
  );
  return runs.map((run) => run.output.text ?? null);
}

export function annotationBatches(annotations: readonly Annotation[]): Annotation[][] {
  const batches: Annotation[][] = [];
  for (let start = 0; start < annotations.length; start += ANNOTATIONS_PER_REQUEST) {
    batches.push(annotations.slice(start, start + ANNOTATIONS_PER_REQUEST));
  }
  return batches;
}

/**
 * A check run write, saying what to do when the token is a person's: GitHub takes check runs only
 * from a GitHub App (the workflow's GITHUB_TOKEN is one), never from a personal access token.
 */
async function callAsApp<T>(what: string, request: () => Promise<T>): Promise<T> {
  try {
    return await call(what, request);
  } catch (error) {
    if (error instanceof GitHubCallError && error.status === 403 && /authenticate via a GitHub App/i.test(error.apiMessage)) {
      throw new GitHubCallError(
        what,
        403,
        `${error.apiMessage} Check runs can be written only by a GitHub App: give github-token the workflow's GITHUB_TOKEN (the default) or a GitHub App installation token, not a personal access token.`,
      );
    }
    throw error;
  }
}

function truncate(text: string, limit: number): string {
  if (text.length <= limit) return text;
  const note = '\n\n… (cut: the complete report is in the job summary)';
  return text.slice(0, limit - note.length) + note;
}
