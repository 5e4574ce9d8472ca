import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readFileChunks } from '../../src/plan/load-input.js';
import { loadPlanJson } from '../../src/plan/load.js';
import { readPlanSections } from '../../src/plan/load-stream.js';
import { checkRawPlan, rawPlan } from '../../src/plan/schema.js';

const PLAN = 'fixtures/incidents/rds-delete-unprotected.json';

function plan(): Record<string, unknown> {
  return JSON.parse(readFileSync(PLAN, 'utf8')) as Record<string, unknown>;
}

const change = (overrides: Record<string, unknown>) => ({ address: 'aws_s3_bucket.b', type: 'aws_s3_bucket', change: { actions: ['delete'] }, ...overrides });

describe('checkRawPlan: the plan checked section by section, never copied', () => {
  it('hands back the plan itself when it fits the schema', () => {
    const json = plan();
    const checked = checkRawPlan(json);
    expect(checked.plan).toBe(json);
    expect(rawPlan.safeParse(json).success).toBe(true);
  });

  it.each([
    ['an element deep in resource_changes', { resource_changes: [change({}), change({}), change({ change: { actions: 'delete' } })] }],
    ['an element of resource_drift', { resource_drift: [change({ type: 7 })] }],
    ['resource_changes that is not a list', { resource_changes: { a: 1 } }],
    ['a bad format_version and a bad element: the whole parse names format_version first', { format_version: 1, resource_changes: [change({ change: {} })] }],
    ['a bad element and a bad section after it: the element first', { resource_changes: [change({ name: 3 })], output_changes: { o: { actions: 1 } } }],
    ['a bad prior state module deep in child modules', { prior_state: { values: { root_module: { child_modules: [{ child_modules: [{ resources: [{ mode: 1 }] }] }] } } } }],
  ])('names the issue a whole parse names: %s', (_name, overrides) => {
    const json = { ...plan(), ...overrides };
    const whole = rawPlan.safeParse(json);
    expect(whole.success).toBe(false);
    const checked = checkRawPlan(json);
    expect(checked.plan).toBeNull();
    expect(checked.issue).toEqual(whole.error!.issues[0]);
  });
});

describe('normalizing the loader’s own JSON', () => {
  it('releases each raw change as it is normalized, so a large plan never holds both whole', () => {
    const sections = readPlanSections(readFileChunks(PLAN), PLAN) as { resource_changes: unknown[] };
    const count = sections.resource_changes.length;
    expect(count).toBeGreaterThan(0);
    const model = loadPlanJson(sections, PLAN, { changesKept: true });
    expect(model.changes).toHaveLength(count);
    expect(sections.resource_changes.every((element) => element === undefined)).toBe(true);
  });

  it('leaves JSON handed in by a caller untouched', () => {
    const json = plan();
    const before = JSON.stringify(json);
    loadPlanJson(json, PLAN);
    expect(JSON.stringify(json)).toBe(before);
  });
});
