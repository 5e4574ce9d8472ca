/**
 * The hook's analysis runs inside its time budget (audit F14): in a worker thread of the bundled
 * program, stopped when the budget is spent. Runs dist/cli.js as the worker, as the hook does.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { judge, judgeWithin, type AnalysisJob } from '../../src/agent/analysis-worker.js';
import type { ChangeIntent } from '../../src/agent/terraform-commands.js';
import { DEFAULT_POLICY } from '../../src/policy/config.js';
import { REPO_ROOT } from '../support/terraform.js';

const CLI = join(REPO_ROOT, 'dist', 'cli.js');
const INTENT: ChangeIntent = { kind: 'change', tool: 'terraform', program: 'terraform', directory: '/work/app', destroy: false, planArgs: [], savedPlan: null, manyModules: false, env: {}, display: 'terraform apply' };
const JOB: AnalysisJob = { json: readFileSync(join(REPO_ROOT, 'fixtures', 'e2e', 'orders-delete.json')), policy: DEFAULT_POLICY, intent: INTENT };

describe('the analysis inside the hook budget (audit F14)', () => {
  it('a worker of the bundled program gives the same verdict as analyzing in this thread', async () => {
    const verdict = await judgeWithin(JOB, 60_000, CLI);
    expect(verdict).toEqual(judge(JOB));
    expect(verdict).toMatchObject({ blocking: true, reason: expect.arrayContaining([expect.stringMatching(/stateful-delete/)]) });
  });

  it('an analysis that is not done when the budget ends is answered as late, at once', async () => {
    const started = Date.now();
    expect(await judgeWithin(JOB, 0, CLI)).toBe('late');
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});
