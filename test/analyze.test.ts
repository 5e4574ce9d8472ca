import { describe, expect, it } from 'vitest';
import { analyzePlans } from '../src/analyze.js';
import { loadPlanFile } from '../src/plan/load.js';
import { DEFAULT_POLICY } from '../src/policy/config.js';

const fixture = 'fixtures/incidents/rds-delete-unprotected.json';

describe('analyzePlans', () => {
  it('binds the fingerprint of a single plan to its findings, not to the file name', () => {
    const a = analyzePlans([loadPlanFile(fixture, 'plans/a.json')], DEFAULT_POLICY).report;
    const b = analyzePlans([loadPlanFile(fixture, 'plans/b.json')], DEFAULT_POLICY).report;
    expect(a.blocking).toBe(true);
    expect(a.fingerprint).toBe(b.fingerprint);
  });

  it('qualifies findings by plan when several plans are analyzed together', () => {
    const twoPlans = analyzePlans([loadPlanFile(fixture, 'plans/staging.json'), loadPlanFile(fixture, 'plans/prod.json')], DEFAULT_POLICY).report;
    const swapped = analyzePlans([loadPlanFile(fixture, 'plans/prod.json'), loadPlanFile(fixture, 'plans/staging.json')], DEFAULT_POLICY).report;
    const single = analyzePlans([loadPlanFile(fixture, 'plans/prod.json')], DEFAULT_POLICY).report;
    expect(twoPlans.plans.map((plan) => plan.name)).toEqual(['plans/staging.json', 'plans/prod.json']);
    expect(twoPlans.fingerprint).toBe(swapped.fingerprint);
    expect(twoPlans.fingerprint).not.toBe(single.fingerprint);
  });

  it('keeps secrets out of the report and hands them to the renderers', () => {
    const analysis = analyzePlans([loadPlanFile(fixture)], DEFAULT_POLICY);
    expect(JSON.stringify(analysis.report)).not.toContain('hunter2-Sup3rSecret!');
    expect(analysis.secrets.sensitive.has('hunter2-Sup3rSecret!')).toBe(true);
  });
});
