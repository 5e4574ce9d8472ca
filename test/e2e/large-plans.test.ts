/**
 * What reviewers read of a very large plan, from the bundled action: the risk in the first lines,
 * identical findings grouped, every surface within GitHub's limits, the job summary complete.
 */
import { describe, expect } from 'vitest';
import { deleted, planJson } from '../support/plan-factory.js';
import { pullRequestPayload, runAction } from '../support/run-action.js';
import { CHECK_NAME, expectRun, openPullRequest, test, theComment } from './scenario.js';

/** One production database and `buckets` tenants' upload buckets, all destroyed. */
function massDeletePlan(buckets: number): string {
  return JSON.stringify(
    planJson([
      deleted('aws_db_instance', { identifier: 'acme-prod-orders', allocated_storage: 100, tags: { Environment: 'production' } }, { name: 'orders' }),
      ...Array.from({ length: buckets }, (_, i) =>
        deleted('aws_s3_bucket', { bucket: `acme-prod-uploads-t${i}`, tags: { Environment: 'production' } }, { name: 'uploads', address: `module.tenants["t${String(i).padStart(4, '0')}"].aws_s3_bucket.uploads` }),
      ),
    ]),
  );
}

describe.concurrent('a plan that destroys a database and 1,500 buckets', () => {
  test('names the mass delete and the grouped buckets first, and fits every surface', async ({ fake }) => {
    const pull = openPullRequest(fake, 41);
    const run = await runAction({
      fake,
      eventName: 'pull_request',
      payload: pullRequestPayload(fake, { action: 'opened', number: 41 }),
      inputs: { 'plan-file': 'tenants/plan.json' },
      workspace: { 'tenants/plan.json': massDeletePlan(1500) },
    });
    expectRun(run, 0);
    const comment = theComment(fake, 41).body;
    const firstLines = comment.split('\n').slice(0, 12).join('\n');
    expect(firstLines).toContain('### ⛔ Mass delete of 1,501 resources: destroys 1 DB instance (`aws_db_instance.orders`, acme-prod-orders) and 1,500 S3 buckets');
    expect(firstLines).toContain('needs approval: 1,502 blocking changes');
    expect(comment).toContain('🟠 **Whole plan** · mass-delete (high)');
    expect(comment).toContain('1,500 × <code>module.tenants&#91;&#42;&#93;.aws_s3_bucket.uploads</code>');
    expect(comment).toContain('acme-prod-orders · Environment=production · 100 GiB');
    // Nothing had to be cut: grouping made it small, and the hidden state is a small part of it.
    expect(comment).not.toContain('too long');
    expect(comment.length).toBeLessThanOrEqual(65_536);
    const stateLine = comment.trimEnd().split('\n').at(-1) ?? '';
    expect(stateLine.length).toBeLessThanOrEqual(8_000);

    const checkRun = fake.latestCheckRun(pull.headSha, CHECK_NAME);
    expect(Buffer.byteLength(checkRun?.output.summary ?? '')).toBeLessThanOrEqual(65_535);
    expect(checkRun?.output.summary).toContain('1,500 × <code>module.tenants');

    expect(Buffer.byteLength(run.summary)).toBeLessThanOrEqual(1_048_576);
    expect(run.summary).not.toContain('too long');
    expect(run.summary.match(/^- `module\.tenants\["t\d{4}"\]\.aws_s3_bucket\.uploads` · acme-prod-uploads-t\d+ · Environment=production$/gm)).toHaveLength(1500);
  });

  test('keeps the job summary complete at 5,000 findings', async ({ fake }) => {
    openPullRequest(fake, 42);
    const run = await runAction({
      fake,
      eventName: 'pull_request',
      payload: pullRequestPayload(fake, { action: 'opened', number: 42 }),
      inputs: { 'plan-file': 'tenants/plan.json' },
      workspace: { 'tenants/plan.json': massDeletePlan(4999) },
    });
    expectRun(run, 0);
    expect(Buffer.byteLength(run.summary)).toBeLessThanOrEqual(1_048_576);
    expect(run.summary).not.toContain('too long');
    expect(run.summary.match(/^- `module\.tenants\[/gm)).toHaveLength(4999);
    expect(theComment(fake, 42).body.length).toBeLessThanOrEqual(65_536);
  });

  test('reports 20,000 databases destroyed, each its own block (more lines than a call takes arguments)', async ({ fake }) => {
    openPullRequest(fake, 43);
    const plan = JSON.stringify(planJson(Array.from({ length: 20_000 }, (_, i) => deleted('aws_db_instance', { identifier: `acme-prod-db-${i}`, allocated_storage: 100 }, { name: `db${i}` }))));
    const run = await runAction({
      fake,
      eventName: 'pull_request',
      payload: pullRequestPayload(fake, { action: 'opened', number: 43 }),
      inputs: { 'plan-file': 'plan.json' },
      workspace: { 'plan.json': plan },
    });
    // Before appendAll (src/append.ts): "internal error: Maximum call stack size exceeded".
    expectRun(run, 0);
    const comment = theComment(fake, 43).body;
    expect(comment).toContain('### ⛔ Mass delete of 20,000 resources');
    expect(comment.length).toBeLessThanOrEqual(65_536);
    expect(Buffer.byteLength(run.summary)).toBeLessThanOrEqual(1_048_576);
  });
});
