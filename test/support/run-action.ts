/**
 * Runs the bundled action (`dist/index.js`) the way the GitHub Actions runner does: a fresh
 * `node` process with a clean environment holding the INPUT_* variables (defaults from
 * action.yml), the event payload file, GITHUB_OUTPUT and GITHUB_STEP_SUMMARY files, and
 * GITHUB_API_URL pointing at the fake GitHub server. dist/ is built once per test run by
 * test/support/global-setup.ts (vitest's globalSetup).
 */
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { ACTIONS_TOKEN, sha, type FakeGitHub } from './github-server.js';

export const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
/** The bundle under test; TF_PLAN_GUARD_E2E_ENTRY points the suite at another build (e.g. a mutant, to see a scenario fail). */
export const ACTION_ENTRY = process.env['TF_PLAN_GUARD_E2E_ENTRY'] || join(REPO_ROOT, 'dist', 'index.js');

/** What the runner passes besides the inputs. */
export interface RunOptions {
  fake?: FakeGitHub;
  /** `pull_request`, `push`, … */
  eventName: string;
  payload: Record<string, unknown>;
  /** Input values by input name (`plan-file`); the rest take action.yml's defaults. */
  inputs?: Record<string, string>;
  /** Files to put in the workspace: relative path → content (a string) or a fixture path under the repo. */
  workspace?: Record<string, string | { fixture: string }>;
  /** GITHUB_SHA; defaults to a merge commit different from any head sha. */
  sha?: string;
  /** Extra environment variables. */
  env?: Record<string, string>;
}

export interface ActionRun {
  exitCode: number | null;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  summary: string;
  /** The report file the action wrote, if any (its `report-file` output). */
  reportText: string | undefined;
  /** The SARIF file the action wrote, if any (its `sarif-file` output). */
  sarifText: string | undefined;
  /** `::warning::` / `::error::` workflow commands from stdout. */
  warnings: string[];
  errors: string[];
}

interface ActionInputDefinition {
  default?: unknown;
}

/** action.yml's inputs with their defaults, `${{ github.token }}` standing for the runner's token. */
export function actionInputDefaults(token: string): Record<string, string> {
  const action = parseYaml(readFileSync(join(REPO_ROOT, 'action.yml'), 'utf8')) as { inputs?: Record<string, ActionInputDefinition | null> };
  const defaults: Record<string, string> = {};
  for (const [name, definition] of Object.entries(action.inputs ?? {})) {
    const value = definition?.default === undefined || definition.default === null ? '' : String(definition.default);
    defaults[name] = value.replace(/\$\{\{\s*github\.token\s*\}\}/g, token);
  }
  return defaults;
}

/** The variable name the runner gives an input: upper-cased, spaces to underscores, hyphens kept. */
export function inputVariable(name: string): string {
  return `INPUT_${name.replace(/ /g, '_').toUpperCase()}`;
}

export async function runAction(options: RunOptions): Promise<ActionRun> {
  if (!existsSync(ACTION_ENTRY)) throw new Error(`${ACTION_ENTRY} is missing: run node scripts/build.mjs (is src/index.ts written?)`);
  const runnerDir = mkdtempSync(join(tmpdir(), 'tfpg-runner-'));
  const workspace = join(runnerDir, 'workspace');
  mkdirSync(workspace, { recursive: true });
  for (const [path, content] of Object.entries(options.workspace ?? {})) {
    const target = join(workspace, path);
    mkdirSync(dirname(target), { recursive: true });
    if (typeof content === 'string') writeFileSync(target, content);
    else cpSync(join(REPO_ROOT, content.fixture), target);
  }
  const eventPath = join(runnerDir, 'event.json');
  writeFileSync(eventPath, JSON.stringify(options.payload, null, 2));
  const outputPath = join(runnerDir, 'output');
  const summaryPath = join(runnerDir, 'summary.md');
  const runnerTemp = join(runnerDir, 'temp');
  mkdirSync(runnerTemp);
  writeFileSync(outputPath, '');
  writeFileSync(summaryPath, '');

  const token = options.inputs?.['github-token'] ?? ACTIONS_TOKEN;
  const inputs = { ...actionInputDefaults(token), ...options.inputs };
  const fake = options.fake;
  const runRef = options.eventName.startsWith('pull_request') ? `refs/pull/${String((options.payload['number'] as number | undefined) ?? 0)}/merge` : 'refs/heads/main';
  const env: Record<string, string> = {
    PATH: process.env['PATH'] ?? '/usr/bin:/bin',
    HOME: runnerDir,
    CI: 'true',
    GITHUB_ACTIONS: 'true',
    GITHUB_EVENT_NAME: options.eventName,
    GITHUB_EVENT_PATH: eventPath,
    GITHUB_REPOSITORY: fake?.fullName ?? 'acme/infra',
    GITHUB_REPOSITORY_OWNER: fake?.owner ?? 'acme',
    GITHUB_SHA: options.sha ?? sha('merge-commit'),
    GITHUB_REF: runRef,
    // Nothing listens on port 9 of 127.0.0.1: a run without a fake cannot reach anything.
    GITHUB_API_URL: fake?.url ?? 'http://127.0.0.1:9',
    GITHUB_GRAPHQL_URL: `${fake?.url ?? 'http://127.0.0.1:9'}/graphql`,
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_WORKSPACE: workspace,
    GITHUB_OUTPUT: outputPath,
    GITHUB_STEP_SUMMARY: summaryPath,
    GITHUB_RUN_ID: '4242',
    GITHUB_RUN_ATTEMPT: '1',
    GITHUB_JOB: 'plan',
    GITHUB_ACTION: 'tf-plan-guard',
    GITHUB_ACTOR: String(((options.payload['sender'] as Record<string, unknown> | undefined)?.['login']) ?? 'dev'),
    GITHUB_WORKFLOW: 'terraform',
    // The workflow file the runner runs (the scenarios' PRs change another one, terraform.yml).
    GITHUB_WORKFLOW_REF: `${fake?.fullName ?? 'acme/infra'}/.github/workflows/plan-guard.yml@${runRef}`,
    RUNNER_TEMP: runnerTemp,
    RUNNER_OS: 'Linux',
    // The action's retry and pacing delays, scaled down so faults cost milliseconds.
    TF_PLAN_GUARD_RETRY_BASE_MS: '5',
    TF_PLAN_GUARD_WRITE_GAP_MS: process.env['TF_PLAN_GUARD_WRITE_GAP_MS'] ?? '5',
    ...options.env,
  };
  for (const [name, value] of Object.entries(inputs)) env[inputVariable(name)] = value;

  try {
    return await spawnAction(env, workspace, outputPath, summaryPath);
  } finally {
    // The runner's directory (workspace, RUNNER_TEMP, event, output files) goes with the run.
    rmSync(runnerDir, { recursive: true, force: true });
  }
}

async function spawnAction(env: Record<string, string>, workspace: string, outputPath: string, summaryPath: string): Promise<ActionRun> {
  const child = spawn(process.execPath, [ACTION_ENTRY], { cwd: workspace, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exitCode = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => resolve(code));
  });

  const outputs = parseOutputFile(readFileSync(outputPath, 'utf8'));
  const reportPath = outputs['report-file'];
  return {
    exitCode,
    stdout,
    stderr,
    outputs,
    summary: readFileSync(summaryPath, 'utf8'),
    reportText: reportPath && existsSync(reportPath) ? readFileSync(reportPath, 'utf8') : undefined,
    sarifText: outputs['sarif-file'] && existsSync(outputs['sarif-file']) ? readFileSync(outputs['sarif-file'], 'utf8') : undefined,
    warnings: workflowCommands(stdout, 'warning'),
    errors: workflowCommands(stdout, 'error'),
  };
}

/** GITHUB_OUTPUT holds `name<<DELIMITER\nvalue\nDELIMITER` blocks (and, from older writers, `name=value` lines). */
export function parseOutputFile(text: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line);
    if (heredoc) {
      const [, name, delimiter] = heredoc as unknown as [string, string, string];
      const value: string[] = [];
      for (i++; i < lines.length && lines[i] !== delimiter; i++) value.push(lines[i] as string);
      if (i >= lines.length) throw new Error(`GITHUB_OUTPUT: output ${name} has no closing delimiter`);
      outputs[name] = value.join('\n');
    } else if (line.includes('=')) {
      outputs[line.slice(0, line.indexOf('='))] = line.slice(line.indexOf('=') + 1);
    } else if (line.trim() !== '') {
      throw new Error(`GITHUB_OUTPUT: unparseable line ${JSON.stringify(line)}`);
    }
  }
  return outputs;
}

function workflowCommands(stdout: string, command: 'warning' | 'error'): string[] {
  return stdout
    .split('\n')
    .filter((line) => line.startsWith(`::${command}`))
    .map((line) => line.slice(line.indexOf('::', 2) + 2));
}

/** A stack trace line (`    at fn (file:1:2)`) anywhere in the text. */
export const STACK_TRACE = /^\s+at .+(:\d+:\d+\)?|\(native\))$/m;

// ---- event payloads ----

export interface PullRequestEventOptions {
  action: string;
  number: number;
  /** The account that caused the event (defaults to the PR author). */
  sender?: string;
  /** For labeled/unlabeled: the label of the event. */
  label?: string;
  /** The head repository is a fork. */
  fromFork?: string;
}

/** A `pull_request` event payload built from the fake's current state of the PR. */
export function pullRequestPayload(fake: FakeGitHub, options: PullRequestEventOptions): Record<string, unknown> {
  const pull = fake.pull(options.number);
  const repository = repositoryPayload(fake);
  const headRepository = options.fromFork
    ? { ...repository, id: 800_123, name: fake.repo, full_name: `${options.fromFork}/${fake.repo}`, fork: true, owner: { login: options.fromFork, id: 800_124, type: 'User' } }
    : repository;
  const sender = fake.account(options.sender ?? pull.author.login);
  return {
    action: options.action,
    number: pull.number,
    pull_request: {
      url: `https://api.github.com/repos/${fake.fullName}/pulls/${pull.number}`,
      id: 900_000 + pull.number,
      number: pull.number,
      state: 'open',
      title: pull.title,
      user: { login: pull.author.login, id: pull.author.id, type: pull.author.type },
      labels: pull.labels.map((name) => ({ name })),
      head: { label: `${options.fromFork ?? fake.owner}:${pull.headRef}`, ref: pull.headRef, sha: pull.headSha, repo: headRepository },
      base: { label: `${fake.owner}:${pull.baseRef}`, ref: pull.baseRef, sha: pull.baseSha, repo: repository },
      draft: false,
    },
    ...(options.label ? { label: { name: options.label, color: 'ededed' } } : {}),
    repository,
    sender: { login: sender.login, id: sender.id, type: sender.type },
  };
}

export function pushPayload(fake: FakeGitHub, headSha: string, pusher = 'dev'): Record<string, unknown> {
  return {
    ref: 'refs/heads/main',
    before: sha('before-push'),
    after: headSha,
    repository: repositoryPayload(fake),
    pusher: { name: pusher },
    sender: { login: pusher, id: 1, type: 'User' },
  };
}

function repositoryPayload(fake: FakeGitHub): Record<string, unknown> {
  return {
    id: fake.repoId,
    name: fake.repo,
    full_name: fake.fullName,
    private: false,
    fork: false,
    owner: { login: fake.owner, id: 500_001, type: 'Organization' },
    default_branch: 'main',
  };
}

// ---- reading the action's comment ----

export const MARKER_LINE = (checkName: string): string => `<!-- tf-plan-guard:marker check=${encodeURIComponent(checkName)} -->`;

/** The hidden state a comment carries (docs/github-api-calls.md), decoded; null when it has none. */
export function storedStateOf(body: string): Record<string, unknown> | null {
  const line = body.split('\n').find((candidate) => candidate.startsWith('<!-- tf-plan-guard:state v1 '));
  if (!line) return null;
  const encoded = line.slice('<!-- tf-plan-guard:state v1 '.length, line.lastIndexOf('-->')).trim();
  return JSON.parse(Buffer.from(encoded, 'base64').toString('utf8')) as Record<string, unknown>;
}

/** A state line as the action writes it, for forging one in a test. */
export function stateLine(state: Record<string, unknown>): string {
  return `<!-- tf-plan-guard:state v1 ${Buffer.from(JSON.stringify(state), 'utf8').toString('base64')} -->`;
}
