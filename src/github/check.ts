/**
 * The check run branch protection requires: one per run, on the PR's head commit. GitHub takes
 * at most 50 annotations per request, so the rest follow in updates.
 */
import type { Annotation } from '../render/annotations.js';
import { call, type GitHubClient } from './client.js';
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
}

export async function publishCheck(client: GitHubClient, repo: RepoRef, check: CheckRun): Promise<number> {
  const title = check.title.slice(0, 255);
  const summary = truncate(check.summary, CHECK_TEXT_LIMIT);
  const batches = annotationBatches(check.annotations.slice(0, MAX_ANNOTATIONS));
  const { data } = await call('creating the check run', () =>
    client.rest.checks.create({
      ...repo,
      name: check.name,
      head_sha: check.headSha,
      status: 'completed',
      conclusion: check.conclusion,
      output: { title, summary, ...(batches[0] ? { annotations: batches[0] } : {}) },
    }),
  );
  for (const batch of batches.slice(1)) {
    await call('adding annotations to the check run', () =>
      client.rest.checks.update({ ...repo, check_run_id: data.id, output: { title, summary, annotations: batch } }),
    );
  }
  return data.id;
}

export function annotationBatches(annotations: readonly Annotation[]): Annotation[][] {
  const batches: Annotation[][] = [];
  for (let start = 0; start < annotations.length; start += ANNOTATIONS_PER_REQUEST) {
    batches.push(annotations.slice(start, start + ANNOTATIONS_PER_REQUEST));
  }
  return batches;
}

function truncate(text: string, limit: number): string {
  if (text.length <= limit) return text;
  const note = '\n\n… (cut: the complete report is in the job summary)';
  return text.slice(0, limit - note.length) + note;
}
