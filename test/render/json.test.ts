import { describe, expect, it } from 'vitest';
import { analyzePlans } from '../../src/analyze.js';
import { loadPlanFile } from '../../src/plan/load.js';
import { DEFAULT_POLICY } from '../../src/policy/config.js';
import { renderJson } from '../../src/render/json.js';

describe('renderJson', () => {
  const plans = ['fixtures/incidents/rds-delete-unprotected.json', 'fixtures/inputs/moved.json'].map((path) => loadPlanFile(path));
  const { report } = analyzePlans(plans, DEFAULT_POLICY);
  const parsed = JSON.parse(renderJson(report));

  it('has exactly the contract keys, in order', () => {
    expect(Object.keys(parsed)).toEqual(['schemaVersion', 'tool', 'blockOn', 'risk', 'blocking', 'fingerprint', 'plans']);
    expect(parsed.schemaVersion).toBe(1);
    expect(parsed.tool).toEqual({ name: 'tf-plan-guard', version: expect.any(String) });
    expect(parsed.blockOn).toBe('high');
    expect(parsed.risk).toBe('critical');
    expect(parsed.blocking).toBe(true);
    expect(parsed.fingerprint).toMatch(/^[0-9a-f]{64}$/);
    expect(parsed.plans).toHaveLength(2);
    for (const plan of parsed.plans) {
      expect(Object.keys(plan)).toEqual(['name', 'terraformVersion', 'formatVersion', 'summary', 'warnings', 'findings', 'otherChanges']);
      expect(Object.keys(plan.summary)).toEqual(['create', 'update', 'replace', 'delete', 'read', 'noop', 'forget', 'import', 'move']);
    }
  });

  it('lists the changes no finding is about: moves with where from, never a no-op or a flagged resource', () => {
    expect(parsed.plans[0].otherChanges).toEqual([]);
    expect(parsed.plans[1].otherChanges).toEqual(OTHER_CHANGES_OF_MOVED);
  });

  it('carries each plan with its summary and findings', () => {
    expect(parsed.plans[0]).toMatchObject({
      name: 'fixtures/incidents/rds-delete-unprotected.json',
      terraformVersion: '1.11.4',
      formatVersion: '1.2',
      summary: { create: 0, update: 0, replace: 0, delete: 1, read: 0, noop: 1, forget: 0, import: 0, move: 0 },
    });
    expect(parsed.plans[1].summary).toEqual({ create: 0, update: 1, replace: 0, delete: 0, read: 0, noop: 1, forget: 0, import: 0, move: 2 });
    const deleted = parsed.plans[0].findings.find((f: { ruleId: string }) => f.ruleId === 'stateful-delete');
    expect(deleted).toMatchObject({ ruleId: 'stateful-delete', severity: 'critical', address: 'aws_db_instance.orders', resourceType: 'aws_db_instance', actions: ['delete'], suppressed: null });
    expect(typeof deleted.message).toBe('string');
    for (const plan of parsed.plans) {
      for (const f of plan.findings) expect(Object.keys(f)).toEqual(expect.arrayContaining(['ruleId', 'severity', 'address', 'resourceType', 'actions', 'message', 'suppressed']));
    }
  });

  it('writes plan-wide findings with null address and resource type, and suppressed ones with their reason', () => {
    const { report: suppressed } = analyzePlans([loadPlanFile('fixtures/incidents/rds-delete-unprotected.json')], {
      ...DEFAULT_POLICY,
      massDeleteThreshold: 1,
      ignore: [{ addresses: ['aws_db_instance.orders'], rules: ['stateful-delete'], reason: 'being retired' }],
    });
    const out = JSON.parse(renderJson(suppressed));
    const massDelete = out.plans[0].findings.find((f: { ruleId: string }) => f.ruleId === 'mass-delete');
    expect(massDelete).toMatchObject({ address: null, resourceType: null, actions: [], suppressed: null });
    const ignored = out.plans[0].findings.find((f: { ruleId: string }) => f.ruleId === 'stateful-delete');
    expect(ignored.suppressed).toEqual({ reason: 'being retired' });
  });

  it('ends with a newline and is stable', () => {
    const text = renderJson(report);
    expect(text.endsWith('}\n')).toBe(true);
    expect(renderJson(report)).toBe(text);
  });
});

/** fixtures/inputs/moved.json: two moves (one also updated) and an unchanged resource, nothing flagged. */
const OTHER_CHANGES_OF_MOVED = [
  { address: 'module.storage.aws_s3_bucket.archive', resourceType: 'aws_s3_bucket', actions: ['no-op'], previousAddress: 'aws_s3_bucket.archive' },
  { address: 'aws_db_instance.primary', resourceType: 'aws_db_instance', actions: ['update'], previousAddress: 'aws_db_instance.main' },
];
