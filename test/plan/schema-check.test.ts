import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { readFileChunks } from '../../src/plan/load-input.js';
import { loadPlanJson } from '../../src/plan/load.js';
import { readPlanSections } from '../../src/plan/load-stream.js';
import { checkRawPlan, rawPlan } from '../../src/plan/schema.js';
import { fitsSchema } from '../../src/plan/schema-fits.js';
import { decodePlanBytes, parseJson } from '../../src/plan/decode.js';
import { corpusFiles, CORPUS } from '../support/corpus.js';

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

/** Every way a value can be wrong for a key: each JSON kind in its place, or the key gone. */
const REPLACEMENTS: readonly unknown[] = [null, 0, 1.5, -1, 'x', '', true, [], ['x'], [1], [[]], [['a', 1]], [[null]], {}, { a: 1 }, undefined];

/** `json` with the value at `path` replaced (undefined: the key removed), copied along the path only. */
function replaced(json: unknown, path: readonly (string | number)[], value: unknown): unknown {
  if (path.length === 0) return value;
  const [step, ...rest] = path as [string | number, ...(string | number)[]];
  const copy = (Array.isArray(json) ? [...json] : { ...(json as Record<string, unknown>) }) as Record<string | number, unknown>;
  const next = replaced((json as Record<string | number, unknown>)[step], rest, value);
  if (next === undefined && !Array.isArray(copy)) delete copy[step];
  else copy[step] = next;
  return copy;
}

/** Paths to every value of `json` down to `depth` levels (lists: their first two items). */
function paths(json: unknown, depth: number, prefix: (string | number)[] = []): (string | number)[][] {
  if (depth === 0 || json === null || typeof json !== 'object') return [];
  const keys: (string | number)[] = Array.isArray(json) ? [0, 1].filter((index) => index < json.length) : Object.keys(json);
  return keys.flatMap((key) => [[...prefix, key], ...paths((json as Record<string | number, unknown>)[key], depth - 1, [...prefix, key])]);
}

describe('fitsSchema: the same answer as zod, without a copy', () => {
  const samples = [PLAN, 'fixtures/incidents/lost-state-prod.json', ...corpusFiles().filter((_, index) => index % 40 === 0).map((file) => `${CORPUS}/${file}`)];
  it.each(samples)('every value of %s replaced by every kind of JSON value', (file) => {
    const json = parseJson(decodePlanBytes(readFileSync(file), file), file);
    expect(fitsSchema(rawPlan, json)).toBe(true);
    const disagreements: string[] = [];
    let rejected = 0;
    for (const path of paths(json, 6)) {
      for (const value of REPLACEMENTS) {
        const mutated = replaced(json, path, value);
        const zod = rawPlan.safeParse(mutated).success;
        if (!zod) rejected++;
        if (fitsSchema(rawPlan, mutated) !== zod) disagreements.push(`${path.join('.')} = ${JSON.stringify(value)}: zod ${zod}`);
      }
      if (disagreements.length > 5) break;
    }
    expect(disagreements).toEqual([]);
    // The mutations reach what the schema checks: many are rejected.
    expect(rejected).toBeGreaterThan(20);
  });
});

describe('fitsSchema on a plan of many modules (audit 20 M1)', () => {
  it('builds a lazy schema once, not once per module (schema.ts builds its module schema anew on each call)', () => {
    let built = 0;
    const module: z.ZodType = z.lazy(() => {
      built++;
      return z.looseObject({ resources: z.array(z.looseObject({ mode: z.string().nullish() })).nullish(), child_modules: z.array(module).nullish() });
    });
    const modules = Array.from({ length: 1000 }, () => ({ resources: [{ mode: 'managed' }], child_modules: [] }));
    expect(fitsSchema(z.looseObject({ root_module: module }), { root_module: { child_modules: modules } })).toBe(true);
    expect(built).toBe(1);
  });
});
