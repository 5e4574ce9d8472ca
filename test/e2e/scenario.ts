/**
 * The repository every end-to-end scenario starts from: a team with each repository role, a pull
 * request with some history (files, other people's comments, another label's events) so that
 * every list the action reads spans several pages of the fake's small page size.
 */
import { expect, test as baseTest } from 'vitest';
import { FakeGitHub, sha, type CommentState, type PullState } from '../support/github-server.js';
import { pullRequestPayload, runAction, STACK_TRACE, type ActionRun, type RunOptions } from '../support/run-action.js';

export const CHECK_NAME = 'Terraform Plan Guard';
export const LABEL = 'tf-plan-guard:approved';
export const BOT = 'github-actions[bot]';
/** The policy file's default path. */
export const POLICY_FILE = '.github/tf-plan-guard.yml';

/** Logins by role. `dev` opens the pull requests. */
export const TEAM = {
  author: 'dev',
  admin: 'olivia',
  maintainer: 'alice',
  writer: 'carol',
  triager: 'tina',
  reader: 'rita',
  outsider: 'mallory',
} as const;

/** The configuration beside each plan (db/main.tf): aws_db_instance.billing is declared on line 5, for annotations. */
export const DB_TF = ['terraform {', '  required_version = ">= 1.9"', '}', '', 'resource "aws_db_instance" "billing" {', '  identifier = "acme-prod-billing"', '  engine     = "postgres"', '}', ''].join('\n');

/**
 * `test` with a `fake` fixture: a fresh fake GitHub per test, with the team seeded, stopped after
 * the test, which fails if anything was sent that GitHub would reject. Fresh servers let the
 * scenarios run concurrently: most of a run's time is the action pacing its writes.
 */
export const test = baseTest.extend<{ fake: FakeGitHub }>({
  // eslint-disable-next-line no-empty-pattern
  fake: async ({}, use) => {
    const fake = await FakeGitHub.start({ maxPageSize: 2 });
    seedTeam(fake);
    try {
      await use(fake);
      expect(fake.violations, 'requests or responses that GitHub\'s REST description does not allow').toEqual([]);
    } finally {
      await fake.stop();
    }
  },
});

function seedTeam(fake: FakeGitHub): void {
  fake.addAccount(TEAM.author, { role: 'write' });
  fake.addAccount(TEAM.admin, { role: 'admin' });
  fake.addAccount(TEAM.maintainer, { role: 'maintain' });
  fake.addAccount(TEAM.writer, { role: 'write' });
  fake.addAccount(TEAM.triager, { role: 'triage' });
  fake.addAccount(TEAM.reader, { role: 'read' });
  fake.addAccount(TEAM.outsider);
  fake.addAccount('renovate[bot]', { type: 'Bot', role: 'write' });
  // The approval label exists, as after the action's first blocking run (approval-label.test.ts starts without it).
  fake.addRepoLabel(LABEL, { color: 'd93f0b' });
}

/** PR #number by `dev`, with 5 changed files, 3 comments by others and another label's history. */
export function openPullRequest(fake: FakeGitHub, number = 12): PullState {
  const pull = fake.openPullRequest({
    number,
    author: TEAM.author,
    headSha: sha(`head-${number}-1`),
    files: [
      { filename: 'README.md', status: 'modified' },
      { filename: 'db/main.tf', status: 'modified' },
      { filename: 'db/variables.tf', status: 'modified' },
      { filename: 'network/main.tf', status: 'modified' },
      { filename: '.github/workflows/terraform.yml', status: 'modified' },
    ],
  });
  fake.addComment(number, TEAM.maintainer, 'Which database is this?');
  fake.addComment(number, TEAM.author, 'The orders one, it moved to Aurora.');
  fake.addComment(number, TEAM.writer, 'Please wait for the snapshot.');
  fake.addLabel(number, 'infra', TEAM.author);
  fake.removeLabel(number, 'infra', TEAM.maintainer);
  fake.addLabel(number, 'infra', TEAM.maintainer);
  return pull;
}

/**
 * PR #number by `dev` into `main`, whose policy blocks critical changes, and a branch `loose` its
 * author pushed (main plus `block-on: none`) to retarget it to.
 */
export function pullRequestWithLooseBranch(fake: FakeGitHub, number: number): { pull: PullState; mainBase: string; looseBase: string } {
  const mainBase = sha(`main-base-${number}`);
  const looseBase = sha(`loose-base-${number}`);
  const pull = fake.openPullRequest({ number, author: TEAM.author, headSha: sha(`head-${number}-1`), baseSha: mainBase, baseRef: 'main', files: [{ filename: 'db/main.tf', status: 'modified' }] });
  fake.setFile(mainBase, POLICY_FILE, 'block-on: critical\n');
  fake.setFile(looseBase, POLICY_FILE, 'block-on: none\n');
  return { pull, mainBase, looseBase };
}

export interface AnalyzeOptions {
  /** The plan put at db/plan.json: a fixture path relative to the repository root, or a plan object (plan-factory). */
  plan: string | { json: unknown };
  action?: string;
  /** The label of a labeled/unlabeled event (the approval label by default). */
  label?: string;
  inputs?: Record<string, string>;
  env?: Record<string, string>;
  fromFork?: string;
  /** The event's sender (who pushed, on synchronize); the PR's author by default. */
  sender?: string;
}

/** A pull_request run that analyzes db/plan.json. */
export function analyzeRun(fake: FakeGitHub, number: number, options: AnalyzeOptions): Promise<ActionRun> {
  const run: RunOptions = {
    fake,
    eventName: 'pull_request',
    payload: pullRequestPayload(fake, {
      action: options.action ?? 'opened',
      number,
      ...(options.action === 'labeled' || options.action === 'unlabeled' ? { label: options.label ?? LABEL } : {}),
      ...(options.fromFork ? { fromFork: options.fromFork } : {}),
      ...(options.sender ? { sender: options.sender } : {}),
    }),
    inputs: { 'plan-file': 'db/plan.json', ...options.inputs },
    workspace: { 'db/plan.json': typeof options.plan === 'string' ? { fixture: options.plan } : JSON.stringify(options.plan.json), 'db/main.tf': DB_TF },
    ...(options.env ? { env: options.env } : {}),
  };
  return runAction(run);
}

/** A labeled/unlabeled run with an empty plan-file: approval re-evaluated from the stored report. */
export function labelRun(fake: FakeGitHub, number: number, action: 'labeled' | 'unlabeled', sender: string, inputs: Record<string, string> = {}, label = LABEL): Promise<ActionRun> {
  return runAction({
    fake,
    eventName: 'pull_request',
    payload: pullRequestPayload(fake, { action, number, sender, label }),
    inputs: { 'plan-file': '', ...inputs },
  });
}

/** `login` adds the approval label, and the labeled run that follows re-evaluates (exit 0 expected). */
export async function labelledBy(fake: FakeGitHub, number: number, login: string, inputs: Record<string, string> = {}): Promise<ActionRun> {
  fake.addLabel(number, LABEL, login);
  const run = await labelRun(fake, number, 'labeled', login, inputs);
  expectRun(run, 0);
  return run;
}

/** The action's comments on a PR (written by its bot identity). */
export function botComments(fake: FakeGitHub, number: number): CommentState[] {
  return fake.commentsOn(number).filter((comment) => comment.user.login === BOT);
}

/** The single comment of the action; fails when there is none or more than one. */
export function theComment(fake: FakeGitHub, number: number): CommentState {
  const comments = botComments(fake, number);
  expect(comments, 'the action keeps exactly one comment per PR').toHaveLength(1);
  return comments[0] as CommentState;
}

/** Every run: no stack trace anywhere, the exit code expected. */
export function expectRun(run: ActionRun, exitCode: number): void {
  expect(run.stdout, 'stdout').not.toMatch(STACK_TRACE);
  expect(run.stderr, 'stderr').not.toMatch(STACK_TRACE);
  expect(run.exitCode, `exit code; stdout:\n${run.stdout}\nstderr:\n${run.stderr}`).toBe(exitCode);
}
