/**
 * No lost evaluation (issue #7, attack 5). The README's workflow is run as GitHub would run it:
 * each event starts the jobs whose `if:` holds (GitHub's expression engine), and the concurrency
 * group keeps one run in progress and one pending, a newer queued run cancelling the pending one.
 * The attack: right after the approval label is removed, an unrelated label is added; its run
 * cancels the pending `unlabeled` run, the only one that would revoke the approval. The workflow
 * is right when the run that does execute revokes it anyway.
 */
import { describe, expect } from 'vitest';
import type { FakeGitHub } from '../support/github-server.js';
import { pullRequestPayload, runAction, type ActionRun } from '../support/run-action.js';
import { ConcurrencyGroup, evaluateCondition, evaluateTemplate, readmeWorkflow, type Workflow } from '../support/workflow.js';
import { CHECK_NAME, DB_TF, expectRun, LABEL, openPullRequest, TEAM, test } from './scenario.js';

const BLOCKING = 'fixtures/e2e/orders-delete.json';

interface QueuedRun {
  what: string;
  payload: Record<string, unknown>;
}

/** A pull_request event as GitHub delivers it, with the PR as it is when the event happens. */
function event(fake: FakeGitHub, number: number, action: string, label?: string, sender?: string): QueuedRun {
  return {
    what: `${action}${label ? ` ${label}` : ''}`,
    payload: pullRequestPayload(fake, { action, number, ...(label ? { label } : {}), ...(sender ? { sender } : {}) }),
  };
}

function githubContext(run: QueuedRun): Record<string, unknown> {
  return { event_name: 'pull_request', event: run.payload };
}

/** Runs the jobs of the workflow that this event starts; returns the action runs. */
async function execute(fake: FakeGitHub, workflow: Workflow, run: QueuedRun): Promise<ActionRun[]> {
  const results: ActionRun[] = [];
  for (const job of workflow.jobs) {
    if (job.if !== null && !evaluateCondition(job.if, githubContext(run))) continue;
    if (!job.guardInputs) continue;
    const planFile = job.guardInputs['plan-file'] ?? '';
    const directory = planFile.includes('/') ? planFile.slice(0, planFile.lastIndexOf('/')) : '.';
    results.push(
      await runAction({
        fake,
        eventName: 'pull_request',
        payload: run.payload,
        inputs: { ...job.guardInputs, 'plan-file': planFile },
        workspace: planFile ? { [planFile]: { fixture: BLOCKING }, [`${directory}/main.tf`]: DB_TF } : {},
        env: { GITHUB_JOB: job.name },
      }),
    );
  }
  return results;
}

describe.concurrent('the README workflow under GitHub concurrency', () => {
  test('an unlabeled run cancelled by an unrelated label event loses no evaluation', async ({ fake }) => {
    const workflow = readmeWorkflow('### A complete workflow');
    expect(workflow.types).toEqual(expect.arrayContaining(['opened', 'synchronize', 'labeled', 'unlabeled']));
    // Cancelling a run in progress could cut an analysis between its label removal and its check.
    expect(workflow.concurrency).toMatchObject({ cancelInProgress: false });
    const group = new ConcurrencyGroup<QueuedRun>(workflow.concurrency!.cancelInProgress);
    const pr = 99;
    openPullRequest(fake, pr);
    const head = fake.pull(pr).headSha;

    const opened = event(fake, pr, 'opened');
    group.queue(opened);
    const analysis = await execute(fake, workflow, opened);
    expect(analysis.map((run) => run.outputs['blocking'])).toEqual(['true']);
    expect(group.complete()).toBeNull();
    expect(fake.latestCheckRun(head, CHECK_NAME)?.conclusion).toBe('failure');

    // The maintainer approves; that run is in progress when the next events come.
    fake.addLabel(pr, LABEL, TEAM.maintainer);
    const labeled = event(fake, pr, 'labeled', LABEL, TEAM.maintainer);
    group.queue(labeled);
    const approvals = await execute(fake, workflow, labeled);
    expect(approvals.map((run) => run.outputs['approved'])).toEqual(['true']);
    expect(fake.latestCheckRun(head, CHECK_NAME)?.conclusion).toBe('success');

    // They take the approval back, and at once someone adds an unrelated label.
    fake.removeLabel(pr, LABEL, TEAM.maintainer);
    const unlabeled = event(fake, pr, 'unlabeled', LABEL, TEAM.maintainer);
    group.queue(unlabeled);
    fake.addLabel(pr, 'infra', TEAM.author);
    const other = event(fake, pr, 'labeled', 'infra', TEAM.author);
    group.queue(other);
    for (const run of [opened, labeled, unlabeled, other]) {
      expect(evaluateTemplate(workflow.concurrency!.group, githubContext(run)), 'one group per PR').toBe(`tf-plan-guard-${pr}`);
    }
    // GitHub cancels the pending unlabeled run: it never runs.
    expect(group.cancelled).toEqual([unlabeled]);

    const next = group.complete();
    expect(next).toBe(other);
    const revoking = await execute(fake, workflow, other);
    expect(revoking, 'the unrelated label\'s run must evaluate the approval').toHaveLength(1);
    expectRun(revoking[0]!, 0);
    expect(revoking[0]!.outputs).toMatchObject({ approved: 'false', blocking: 'true' });
    expect(fake.latestCheckRun(head, CHECK_NAME)?.conclusion).toBe('failure');
    expect(group.complete()).toBeNull();
  });
});
