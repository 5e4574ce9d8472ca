/**
 * The REST client: @actions/github's octokit (proxy-aware fetch, GITHUB_API_URL) with retries
 * for transient 5xx and backoff on rate limits, so a flaky API never turns into a false verdict.
 */
import { getOctokit } from '@actions/github';
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import Bottleneck from 'bottleneck/light.js';

export type GitHubClient = ReturnType<typeof getOctokit>;

/** Retries of a rate-limited request before giving up. */
const RATE_LIMIT_RETRIES = 3;

export interface ClientOptions {
  token: string;
  apiUrl: string;
  /** Base delay of retries in ms (1 s by default; tests shorten it). */
  retryBaseMs: number;
  /**
   * The least time between two writes (POST, PATCH, PUT, DELETE) in ms: GitHub asks for a second,
   * to stay clear of secondary rate limits, and that is the default; tests shorten it.
   */
  writeGapMs: number;
  /** Where the client says it is waiting (one line per wait). */
  onWait: (message: string) => void;
}

export function createClient(options: ClientOptions): GitHubClient {
  const onLimit = (kind: string) => (retryAfter: number, request: { method: string; url: string }, _octokit: unknown, retryCount: number) => {
    if (retryCount >= RATE_LIMIT_RETRIES) return false;
    options.onWait(`GitHub ${kind} on ${request.method} ${request.url}: retrying after ${retryAfter} s`);
    return true;
  };
  return getOctokit(
    options.token,
    {
      baseUrl: options.apiUrl.replace(/\/+$/, ''),
      retry: { retryAfterBaseValue: options.retryBaseMs },
      throttle: {
        retryAfterBaseValue: options.retryBaseMs,
        write: new Bottleneck.Group({ id: 'octokit-write', maxConcurrent: 1, minTime: options.writeGapMs }),
        onRateLimit: onLimit('rate limit'),
        onSecondaryRateLimit: onLimit('secondary rate limit'),
      },
      // Octokit's own warnings would print objects; the action reports failures itself.
      log: { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} },
    },
    retry,
    throttling,
  );
}

/**
 * The client of one action run. Tests shorten the waits through the environment
 * (TF_PLAN_GUARD_RETRY_BASE_MS, TF_PLAN_GUARD_WRITE_GAP_MS); otherwise GitHub's advice of a second.
 */
export function createActionClient(token: string, apiUrl: string, env: NodeJS.ProcessEnv, onWait: (message: string) => void): GitHubClient {
  return createClient({
    token,
    apiUrl,
    retryBaseMs: millisecondsFrom(env, 'TF_PLAN_GUARD_RETRY_BASE_MS'),
    writeGapMs: millisecondsFrom(env, 'TF_PLAN_GUARD_WRITE_GAP_MS'),
    onWait,
  });
}

function millisecondsFrom(env: NodeJS.ProcessEnv, name: string): number {
  const text = env[name];
  const value = text ? Number(text) : Number.NaN;
  return Number.isFinite(value) && value >= 0 ? value : 1000;
}

/** A failed REST call as the status and GitHub's message, on one line. */
export class GitHubCallError extends Error {
  override readonly name = 'GitHubCallError';
  constructor(
    readonly what: string,
    readonly status: number | null,
    readonly apiMessage: string,
  ) {
    super(`${what} failed: ${status === null ? '' : `${status} `}${apiMessage}`.replace(/\s+/g, ' ').trim());
  }

  /** A fork's read-only token (or a workflow without the permission) trying to write. */
  get forbiddenForIntegration(): boolean {
    return this.status === 403 && /Resource not accessible by (integration|personal access token)/i.test(this.apiMessage);
  }
}

/** Runs a REST call, turning any failure into a one-line GitHubCallError. */
export async function call<T>(what: string, request: () => Promise<T>): Promise<T> {
  try {
    return await request();
  } catch (error) {
    throw asCallError(what, error);
  }
}

export function asCallError(what: string, error: unknown): GitHubCallError {
  if (error instanceof GitHubCallError) return error;
  const status = typeof (error as { status?: unknown })?.status === 'number' ? (error as { status: number }).status : null;
  const data = (error as { response?: { data?: unknown } })?.response?.data;
  const apiMessage =
    data && typeof data === 'object' && typeof (data as { message?: unknown }).message === 'string'
      ? (data as { message: string }).message
      : error instanceof Error
        ? error.message
        : String(error);
  return new GitHubCallError(what, status, apiMessage);
}
