/**
 * Where the action runs: the event, the repository and the pull request, read from the runner's
 * environment and the event payload. Only facts that cannot be forged by the event are used
 * as such: labels and the labeller are always re-read through the API.
 */
import { readFileSync } from 'node:fs';
import { InputError } from '../errors.js';

export const PULL_REQUEST_EVENTS = ['pull_request', 'pull_request_target'] as const;

export interface PullRequestRef {
  number: number;
  /** The PR's head commit: where the check run goes (never the merge commit GITHUB_SHA). */
  headSha: string;
  /** The PR's base commit: where the policy that decides is read (never the PR's own checkout). */
  baseSha: string | null;
  /** The PR's base branch; null when the payload does not say. */
  baseRef: string | null;
  author: string;
  /** True when the head branch lives in another repository (a fork). */
  fromFork: boolean;
}

export interface ActionContext {
  eventName: string;
  /** The payload's `action` (opened, synchronize, labeled…); null when there is none. */
  action: string | null;
  /**
   * The label of a `labeled`/`unlabeled` payload; null otherwise. Only ever used to narrow what
   * a run may do, never to credit an approval (who added a label is read through the API).
   */
  label: string | null;
  /**
   * The payload's `sender`: on an event that moved the PR's head (opened, reopened, synchronize)
   * the account that pushed it, which GitHub's API names nowhere else. Null when absent.
   */
  sender: string | null;
  owner: string;
  repo: string;
  pullRequest: PullRequestRef | null;
  apiUrl: string;
  workspace: string;
  /** The run's page (its job summary holds the complete report); null when unknown. */
  runUrl: string | null;
  /** The running workflow file's path in this repository (from GITHUB_WORKFLOW_REF); null when unknown or another repository's. */
  workflowPath: string | null;
  /** The repository of the action being run (GITHUB_ACTION_REPOSITORY); null for a local action or when unknown. */
  actionRepository: string | null;
  /** The running job's id in the workflow (GITHUB_JOB): whose gate step in the base's copy sets the gate; null when unknown. */
  jobId: string | null;
}

export function readContext(env: NodeJS.ProcessEnv, cwd: string): ActionContext {
  const eventName = env['GITHUB_EVENT_NAME'] ?? '';
  const payload = readPayload(env['GITHUB_EVENT_PATH']);
  const [owner, repo] = (env['GITHUB_REPOSITORY'] ?? '').split('/');
  const isPullRequestEvent = (PULL_REQUEST_EVENTS as readonly string[]).includes(eventName);
  if (isPullRequestEvent && (!owner || !repo)) throw new InputError(null, 'GITHUB_REPOSITORY is not set to owner/repo');
  const serverUrl = env['GITHUB_SERVER_URL'];
  const runId = env['GITHUB_RUN_ID'];
  return {
    eventName,
    action: typeof payload['action'] === 'string' ? payload['action'] : null,
    label: typeof record(payload['label'])['name'] === 'string' ? (record(payload['label'])['name'] as string) : null,
    sender: typeof record(payload['sender'])['login'] === 'string' ? (record(payload['sender'])['login'] as string) : null,
    owner: owner ?? '',
    repo: repo ?? '',
    pullRequest: isPullRequestEvent ? pullRequestOf(payload) : null,
    apiUrl: env['GITHUB_API_URL'] || 'https://api.github.com',
    workspace: env['GITHUB_WORKSPACE'] || cwd,
    runUrl: serverUrl && runId && owner && repo ? `${serverUrl.replace(/\/+$/, '')}/${owner}/${repo}/actions/runs/${runId}` : null,
    workflowPath: workflowPathOf(env['GITHUB_WORKFLOW_REF'], env['GITHUB_REPOSITORY']),
    actionRepository: env['GITHUB_ACTION_REPOSITORY'] || null,
    jobId: env['GITHUB_JOB'] || null,
  };
}

/**
 * `acme/infra/.github/workflows/terraform.yml@refs/pull/7/merge` → `.github/workflows/terraform.yml`.
 * A workflow of another repository (a reusable one) is not this repository's file: null.
 */
export function workflowPathOf(workflowRef: string | undefined, repository: string | undefined): string | null {
  if (!workflowRef || !repository) return null;
  const prefix = `${repository.toLowerCase()}/`;
  const at = workflowRef.lastIndexOf('@');
  const withoutRef = at > 0 ? workflowRef.slice(0, at) : workflowRef;
  if (!withoutRef.toLowerCase().startsWith(prefix)) return null;
  const path = withoutRef.slice(prefix.length);
  return path === '' ? null : path;
}

/** The README's rule reference at the version of the action that runs, when the runner says which. */
export function ruleReferenceUrl(env: NodeJS.ProcessEnv): string | null {
  const repository = env['GITHUB_ACTION_REPOSITORY'];
  const ref = env['GITHUB_ACTION_REF'];
  if (!repository || !ref || !/^[\w.-]+\/[\w.-]+$/.test(repository) || !/^[\w./-]+$/.test(ref)) return null;
  return `${(env['GITHUB_SERVER_URL'] || 'https://github.com').replace(/\/+$/, '')}/${repository}/blob/${ref}/README.md#rules`;
}

function readPayload(path: string | undefined): Record<string, unknown> {
  if (!path) return {};
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new InputError(path, 'the event payload (GITHUB_EVENT_PATH) cannot be read');
  }
  try {
    const data: unknown = JSON.parse(text);
    return data && typeof data === 'object' && !Array.isArray(data) ? (data as Record<string, unknown>) : {};
  } catch {
    throw new InputError(path, 'the event payload (GITHUB_EVENT_PATH) is not JSON');
  }
}

function pullRequestOf(payload: Record<string, unknown>): PullRequestRef {
  const pr = record(payload['pull_request']);
  const number = pr['number'];
  const headSha = record(pr['head'])['sha'];
  const author = record(pr['user'])['login'];
  if (typeof number !== 'number' || typeof headSha !== 'string' || typeof author !== 'string') {
    throw new InputError(null, 'the pull_request event payload lacks pull_request.number, head.sha or user.login');
  }
  const headRepo = record(record(pr['head'])['repo'])['full_name'];
  const baseRepo = record(record(pr['base'])['repo'])['full_name'];
  const baseSha = record(pr['base'])['sha'];
  const baseRef = record(pr['base'])['ref'];
  return { number, headSha, baseSha: typeof baseSha === 'string' ? baseSha : null, baseRef: typeof baseRef === 'string' ? baseRef : null, author, fromFork: typeof headRepo === 'string' && typeof baseRepo === 'string' && headRepo !== baseRepo };
}

function record(value: unknown): Record<string, unknown> {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}
