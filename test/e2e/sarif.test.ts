/**
 * The action's `sarif` input: SARIF 2.1.0 written beside the JSON report (`sarif-file`), valid
 * against the official schema, each finding at the `.tf` line declaring its resource, rules linked
 * to this action's docs at the ref the workflow uses.
 */
import { describe, expect } from 'vitest';
import { dirname } from 'node:path';
import { sarifErrors } from '../support/sarif-schema.js';
import { analyzeRun, DB_TF, expectRun, openPullRequest, test } from './scenario.js';

interface SarifLog {
  runs: {
    tool: { driver: { rules: { id: string; helpUri?: string }[] } };
    results: { ruleId: string; locations: { physicalLocation?: { artifactLocation: { uri: string }; region?: { startLine: number } } }[] }[];
  }[];
}

describe.concurrent('SARIF for code scanning', () => {
  test('is written beside the JSON report when asked, pointing at the declaring .tf line', async ({ fake }) => {
    openPullRequest(fake, 140);
    const run = await analyzeRun(fake, 140, {
      plan: 'fixtures/e2e/orders-delete.json',
      inputs: { sarif: 'true' },
      env: { GITHUB_ACTION_REPOSITORY: 'acme/tf-plan-guard', GITHUB_ACTION_REF: 'v1' },
    });
    expectRun(run, 0);
    expect(run.outputs['sarif-file']).toMatch(/report\.sarif$/);
    expect(dirname(run.outputs['sarif-file'] ?? '')).toBe(dirname(run.outputs['report-file'] ?? 'none'));
    const log = JSON.parse(run.sarifText ?? 'null') as SarifLog;
    expect(sarifErrors(log)).toEqual([]);
    const [sarifRun] = log.runs;
    // orders-delete.json deletes aws_db_instance.orders, which DB_TF does not declare: the plan file it is.
    expect(sarifRun?.results.find((result) => result.ruleId === 'stateful-delete')?.locations[0]?.physicalLocation).toEqual({
      artifactLocation: { uri: 'db/plan.json', uriBaseId: '%SRCROOT%' },
    });
    expect(sarifRun?.tool.driver.rules.find((rule) => rule.id === 'stateful-delete')?.helpUri).toBe(
      'https://github.com/acme/tf-plan-guard/blob/v1/docs/rules-stateful-lockout-incomplete.md',
    );
  });

  test('locates a replaced resource at its declaration', async ({ fake }) => {
    openPullRequest(fake, 141);
    const run = await analyzeRun(fake, 141, { plan: 'fixtures/e2e/secret-replace.json', inputs: { sarif: 'true' } });
    expectRun(run, 0);
    const log = JSON.parse(run.sarifText ?? 'null') as SarifLog;
    expect(sarifErrors(log)).toEqual([]);
    const line = DB_TF.split('\n').indexOf('resource "aws_db_instance" "billing" {') + 1;
    expect(log.runs[0]?.results.find((result) => result.ruleId === 'stateful-replace')?.locations[0]?.physicalLocation).toEqual({
      artifactLocation: { uri: 'db/main.tf', uriBaseId: '%SRCROOT%' },
      region: { startLine: line },
    });
    // No helpUri without the action's repository (a local `uses: ./`).
    expect(log.runs[0]?.tool.driver.rules.every((rule) => rule.helpUri === undefined)).toBe(true);
  });

  test('is not written unless asked', async ({ fake }) => {
    openPullRequest(fake, 142);
    const run = await analyzeRun(fake, 142, { plan: 'fixtures/e2e/orders-delete.json' });
    expectRun(run, 0);
    expect(run.outputs['sarif-file']).toBe('');
    expect(run.reportText).toBeDefined();
  });
});
