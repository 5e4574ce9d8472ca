/**
 * A pull request cannot set its own gate: the policy that decides is the one on the PR's base
 * commit, read through the API, and a PR that adds, changes, deletes, renames or shadows the
 * policy file gets a blocking `policy-changed` finding saying what it would loosen. Each PR here
 * also puts its policy in the checkout, where the action once read it.
 */
import { describe, expect } from 'vitest';
import type { FakeGitHub, PullFile, RepoEntry } from '../support/github-server.js';
import { pullRequestPayload, runAction, type ActionRun } from '../support/run-action.js';
import { CHECK_NAME, DB_TF, expectRun, LABEL, labelRun, openPullRequest, TEAM, theComment, test } from './scenario.js';

const POLICY = '.github/tf-plan-guard.yml';
/** Deletes aws_db_instance.orders (stateful-delete, critical). */
const RDS_DELETE = 'fixtures/e2e/orders-delete.json';

const DISABLE_DELETE = ['rules:', '  stateful-delete: { enabled: false }', ''].join('\n');

interface Attack {
  number: number;
  /** The policy path at the base commit (absent: none). */
  base?: string;
  /** Entries at the head commit, by path; null deletes the base's file. */
  head: Record<string, RepoEntry | null>;
  /** What the PR's file list says about them. */
  files: PullFile[];
  /** What the checkout holds (the PR's own code). */
  checkout: Record<string, string>;
}

async function attack(fake: FakeGitHub, spec: Attack): Promise<{ run: ActionRun; policyChanged: { message: string; severity: string; suppressed: unknown } | undefined }> {
  const pull = openPullRequest(fake, spec.number);
  pull.files.push(...spec.files);
  if (spec.base !== undefined) {
    fake.setFile(pull.baseSha, POLICY, spec.base);
    fake.setFile(pull.headSha, POLICY, spec.base);
  }
  for (const [path, entry] of Object.entries(spec.head)) fake.setFile(pull.headSha, path, entry);
  const run = await runAction({
    fake,
    eventName: 'pull_request',
    payload: pullRequestPayload(fake, { action: 'synchronize', number: spec.number }),
    inputs: { 'plan-file': 'db/plan.json' },
    workspace: { 'db/plan.json': { fixture: RDS_DELETE }, 'db/main.tf': DB_TF, ...spec.checkout },
  });
  expectRun(run, 0);
  const report = JSON.parse(run.reportText ?? 'null') as { plans: { findings: { ruleId: string; message: string; severity: string; suppressed: unknown }[] }[] };
  const findings = report.plans.flatMap((plan) => plan.findings);
  // The base policy decides: the RDS delete still blocks.
  expect(findings.filter((finding) => finding.ruleId === 'stateful-delete').map((finding) => finding.suppressed)).toEqual([null]);
  expect(run.outputs['blocking']).toBe('true');
  expect(fake.latestCheckRun(pull.headSha, CHECK_NAME)?.conclusion).toBe('failure');
  // Read at the base and at the head, through the API (the PR touches a workflow too: its reads are not the policy's).
  const contentRefs = fake.requests
    .filter((request) => request.operationId === 'repos/get-content' && decodeURIComponent(request.path).endsWith(`/contents/${POLICY}`))
    .map((request) => request.query['ref']);
  expect(contentRefs).toEqual([pull.baseSha, pull.headSha]);
  return { run, policyChanged: findings.find((finding) => finding.ruleId === 'policy-changed') };
}

describe.concurrent('the policy comes from the base commit', () => {
  test('a PR adding a policy that disables stateful-delete stays red, with policy-changed naming the loosening', async ({ fake }) => {
    const { run, policyChanged } = await attack(fake, {
      number: 120,
      head: { [POLICY]: DISABLE_DELETE },
      files: [{ filename: POLICY, status: 'added' }],
      checkout: { [POLICY]: DISABLE_DELETE },
    });
    expect(policyChanged).toMatchObject({ severity: 'critical', suppressed: null });
    expect(policyChanged?.message).toContain(`adds the policy file ${POLICY}`);
    expect(policyChanged?.message).toContain('rule stateful-delete disabled');
    expect(theComment(fake, 120).body).toContain('policy-changed');
    expect(run.outputs['risk']).toBe('critical');
  });

  test('block-on: none, an ignore of ** and a stateful exclusion are each named, and policy-changed cannot disable itself', async ({ fake }) => {
    const loose = [
      'block-on: none',
      'rules:',
      '  policy-changed: { enabled: false }',
      'stateful:',
      '  exclude: ["aws_db_instance"]',
      'ignore:',
      '  - address: "**"',
      '    reason: cleanup',
      '',
    ].join('\n');
    const { policyChanged } = await attack(fake, {
      number: 121,
      base: 'block-on: high\n',
      head: { [POLICY]: loose },
      files: [{ filename: POLICY, status: 'modified' }],
      checkout: { [POLICY]: loose },
    });
    expect(policyChanged?.message).toContain(`changes the policy file ${POLICY}`);
    for (const words of ['block-on raised from high to none', 'rule policy-changed disabled', 'new ignore of "**" for all rules', 'resource types no longer stateful: "aws_db_instance"']) {
      expect(policyChanged?.message).toContain(words);
    }
  });

  test('deleting the base policy is a change: its stricter settings still decide', async ({ fake }) => {
    const strict = ['block-on: medium', 'mass-delete:', '  threshold: 3', ''].join('\n');
    const { policyChanged, run } = await attack(fake, { number: 122, base: strict, head: { [POLICY]: null }, files: [{ filename: POLICY, status: 'removed' }], checkout: {} });
    expect(policyChanged?.message).toContain(`deletes the policy file ${POLICY}`);
    expect(policyChanged?.message).toContain('block-on raised from medium to high');
    expect(policyChanged?.message).toContain('mass-delete threshold raised from 3 to 10');
    const report = JSON.parse(run.reportText ?? 'null') as { blockOn: string };
    expect(report.blockOn).toBe('medium');
  });

  test('renaming the policy file away is a change', async ({ fake }) => {
    const renamed = '.github/tf-plan-guard.yaml';
    const { policyChanged } = await attack(fake, {
      number: 123,
      base: 'block-on: high\n',
      head: { [POLICY]: null, [renamed]: DISABLE_DELETE },
      files: [{ filename: renamed, status: 'renamed', previous_filename: POLICY }],
      checkout: { [renamed]: DISABLE_DELETE },
    });
    expect(policyChanged?.message).toContain(`renames the policy file (${POLICY} → ${renamed})`);
  });

  test('a symlink put at the policy path is read as what it points to, and its loosening named', async ({ fake }) => {
    const { policyChanged } = await attack(fake, {
      number: 124,
      base: 'block-on: high\n',
      head: { [POLICY]: { symlink: '../docs/policy.yml' }, 'docs/policy.yml': DISABLE_DELETE },
      files: [
        { filename: POLICY, status: 'modified' },
        { filename: 'docs/policy.yml', status: 'added' },
      ],
      checkout: { [POLICY]: DISABLE_DELETE },
    });
    expect(policyChanged?.message).toContain('rule stateful-delete disabled');
  });

  test('a policy file whose name differs only in case is flagged too', async ({ fake }) => {
    const shadow = '.github/TF-PLAN-GUARD.yml';
    const { policyChanged } = await attack(fake, {
      number: 125,
      head: { [shadow]: DISABLE_DELETE },
      files: [{ filename: shadow, status: 'added' }],
      checkout: { [shadow]: DISABLE_DELETE, [POLICY]: DISABLE_DELETE },
    });
    expect(policyChanged?.message).toContain(`adds ${shadow}, a policy file name that differs from ${POLICY} only in case`);
  });

  test('an approval of a policy change does not cover a later, looser policy', async ({ fake }) => {
    const first = ['rules:', '  iam-unverifiable: { enabled: false }', ''].join('\n');
    await attack(fake, { number: 126, head: { [POLICY]: first }, files: [{ filename: POLICY, status: 'added' }], checkout: { [POLICY]: first } });
    fake.addLabel(126, LABEL, TEAM.maintainer);
    const approved = await labelRun(fake, 126, 'labeled', TEAM.maintainer);
    expect(approved.outputs['approved']).toBe('true');

    fake.push(126, 'f'.repeat(40));
    fake.setFile('f'.repeat(40), POLICY, DISABLE_DELETE);
    const run = await runAction({
      fake,
      eventName: 'pull_request',
      payload: pullRequestPayload(fake, { action: 'synchronize', number: 126 }),
      inputs: { 'plan-file': 'db/plan.json' },
      workspace: { 'db/plan.json': { fixture: RDS_DELETE }, 'db/main.tf': DB_TF, [POLICY]: DISABLE_DELETE },
    });
    expectRun(run, 0);
    expect(run.outputs).toMatchObject({ blocking: 'true', approved: 'false' });
    expect(fake.labelsOn(126)).not.toContain(LABEL);
  });
});
