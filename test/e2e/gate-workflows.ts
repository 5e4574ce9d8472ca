/**
 * Workflow files and runs shared by the e2e tests of the gate's steps (workflow-gate-step,
 * workflow-gate-reach): a job running tf-plan-guard, workflow text, a writer's label run, and the
 * assertion that a dangerous change blocks and a writer's label does not approve it.
 */
import { expect } from 'vitest';
import { type FakeGitHub } from '../support/github-server.js';
import { pullRequestPayload, runAction } from '../support/run-action.js';
import { analyzeRun, CHECK_NAME, expectRun, LABEL, TEAM } from './scenario.js';

export const DANGEROUS = 'fixtures/incidents/rds-delete-unprotected.json';
export const WORKFLOW = '.github/workflows/plan-guard.yml';
export const ACTION_ENV = { GITHUB_ACTION_REPOSITORY: 'acme/tf-plan-guard' };

/** A job whose step `Gate` runs tf-plan-guard with `inputs` (`with:` lines), after `checkout`. */
export function job(id: string, inputs: string[], uses = 'acme/tf-plan-guard@v1', checkout: string[] = ['      - uses: actions/checkout@v4']): string[] {
  return [
    `  ${id}:`,
    '    runs-on: ubuntu-latest',
    '    steps:',
    ...checkout,
    '      - name: Gate',
    `        uses: ${uses}`,
    '        with:',
    '          plan-file: db/plan.json',
    ...inputs.map((line) => `          ${line}`),
  ];
}

export const wf = (...jobs: string[][]) => ['on: pull_request', 'jobs:', ...jobs.flat(), ''].join('\n');
/** A workflow that runs only for PRs touching `paths` (the usual prod/dev split sharing one required check). */
export const wfOnPaths = (paths: string, ...jobs: string[][]) => ['on:', '  pull_request:', `    paths: ['${paths}']`, 'jobs:', ...jobs.flat(), ''].join('\n');

export function latest(fake: FakeGitHub, number: number) {
  return fake.latestCheckRun(fake.pull(number).headSha, CHECK_NAME)?.conclusion;
}

export async function label(fake: FakeGitHub, number: number, login: string, inputs: Record<string, string>, env: Record<string, string>) {
  fake.addLabel(number, LABEL, login);
  const run = await runAction({ fake, eventName: 'pull_request', payload: pullRequestPayload(fake, { action: 'labeled', number, sender: login, label: LABEL }), inputs: { 'plan-file': '', ...inputs }, env });
  expectRun(run, 0);
  return run;
}

/** A sandbox policy on both commits that does not even report a delete, for a looser gate to point at. */
export function withSandboxPolicy(fake: FakeGitHub, pull: { baseSha: string; headSha: string }) {
  const sandbox = ['block-on: none', 'rules:', '  stateful-delete: { enabled: false }', ''].join('\n');
  for (const ref of [pull.baseSha, pull.headSha]) fake.setFile(ref, 'sandbox/tf-plan-guard.yml', sandbox);
}

/** The change blocks, and a writer's label does not approve it: the check stays failed. */
export async function expectWriterRefused(fake: FakeGitHub, number: number, inputs: Record<string, string>, env: Record<string, string>) {
  const run = await analyzeRun(fake, number, { plan: DANGEROUS, inputs, env });
  expectRun(run, 0);
  expect(run.outputs['blocking']).toBe('true');
  const approved = await label(fake, number, TEAM.writer, inputs, env);
  expect(approved.outputs['approved']).toBe('false');
  expect(latest(fake, number)).toBe('failure');
  return run;
}

/** The run's workflow-changed finding, if it has one. */
export function workflowChanged(run: { reportText: string | undefined }) {
  const report = JSON.parse(run.reportText ?? 'null') as { plans: { findings: { ruleId: string; message: string; details: string[] }[] }[] };
  return report.plans.flatMap((plan) => plan.findings).find((finding) => finding.ruleId === 'workflow-changed');
}

/** A Renovate-style PR: it bumps actions/checkout in the running workflow, whose gate step keeps `inputs`. */
export function bumpCheckout(fake: FakeGitHub, pull: { baseSha: string; headSha: string; files: { filename: string; status: string }[] }, inputs: string[]) {
  pull.files.push({ filename: WORKFLOW, status: 'modified' });
  fake.setFile(pull.baseSha, WORKFLOW, wf(job('plan', inputs)));
  fake.setFile(pull.headSha, WORKFLOW, wf(job('plan', inputs)).replace('checkout@v4', 'checkout@v5'));
}

/** The change blocks, and a writer's label approves it (no workflow change stands in the way): the check passes. */
export async function expectWriterApproves(fake: FakeGitHub, number: number, inputs: Record<string, string>, env: Record<string, string>) {
  const run = await analyzeRun(fake, number, { plan: DANGEROUS, inputs, env });
  expectRun(run, 0);
  const approved = await label(fake, number, TEAM.writer, inputs, env);
  expect(approved.outputs['approved']).toBe('true');
  expect(latest(fake, number)).toBe('success');
  return run;
}
